//! A linear ramp of the rate: warm-up or decay.

use super::setters;
use super::{at_least_one, positive};
use crate::config::ConfigError;

/// A linear ramp of the multiplier from `start_factor` to `end_factor` over
/// `total_iters` steps, then held: `lr · (start + (end − start) · min(t, total)/total)`.
/// With the defaults it is a linear warm-up from a third of the rate; with
/// `end_factor < start_factor` it is a linear decay. Mirrors PyTorch's `LinearLR`
/// (defaults `start_factor` 1/3, `end_factor` 1, `total_iters` 5).
#[derive(Clone, Debug)]
pub struct LinearLR {
    /// The base rate (the optimizer's rate).
    pub lr: f64,
    /// The multiplier at step 0, in (0, 1].
    pub start_factor: f64,
    /// The multiplier from `total_iters` on, in [0, 1].
    pub end_factor: f64,
    /// Length of the ramp, at least 1.
    pub total_iters: usize,
}

impl LinearLR {
    /// Its settings besides the optimizer's rate, by their names here (PyTorch's).
    pub const SETTINGS: &[&str] = &["start_factor", "end_factor", "total_iters"];

    /// PyTorch's defaults: from a third of `lr` to `lr` in 5 steps.
    pub fn new(lr: f64) -> Self {
        LinearLR {
            lr,
            start_factor: 1.0 / 3.0,
            end_factor: 1.0,
            total_iters: 5,
        }
    }

    /// The first setting out of range: `lr` not positive, `start_factor` outside (0, 1],
    /// `end_factor` outside [0, 1], `total_iters` 0.
    pub fn check(&self) -> Result<(), ConfigError> {
        positive("lr", self.lr)?;
        let (start, end) = (self.start_factor, self.end_factor);
        ConfigError::check(
            "start_factor",
            start,
            start > 0.0 && start <= 1.0,
            "must be in (0, 1]",
        )?;
        ConfigError::check(
            "end_factor",
            end,
            (0.0..=1.0).contains(&end),
            "must be in [0, 1]",
        )?;
        at_least_one("total_iters", self.total_iters)
    }

    /// The rate after `t` steps.
    pub fn lr_at(&self, t: usize) -> f64 {
        let progress = t.min(self.total_iters) as f64 / self.total_iters as f64;
        self.lr * (self.start_factor + (self.end_factor - self.start_factor) * progress)
    }
}

setters!(LinearLR {
    start_factor: f64,
    end_factor: f64,
    total_iters: usize,
});
