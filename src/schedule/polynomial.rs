//! Polynomial decay to zero.

use super::setters;
use super::{at_least_one, non_negative, positive};
use crate::config::ConfigError;
use crate::math;

/// Polynomial decay to zero in `total_iters` steps, then held at zero:
/// `lr · (1 − min(t, total)/total)^power`. Mirrors PyTorch's `PolynomialLR` (defaults
/// `total_iters` 5, `power` 1, i.e. linear to zero in 5 steps: usually you want
/// `total_iters` = the run length).
#[derive(Clone, Debug)]
pub struct PolynomialLR {
    /// The base rate (the optimizer's rate).
    pub lr: f64,
    /// Steps until the rate reaches zero, at least 1.
    pub total_iters: usize,
    /// The power, at least 0 (1 is linear).
    pub power: f64,
}

impl PolynomialLR {
    /// Its settings besides the optimizer's rate, by their names here (PyTorch's).
    pub const SETTINGS: &[&str] = &["total_iters", "power"];

    /// PyTorch's defaults: linear to zero in 5 steps.
    pub fn new(lr: f64) -> Self {
        PolynomialLR {
            lr,
            total_iters: 5,
            power: 1.0,
        }
    }

    /// The first setting out of range: `lr` not positive, `total_iters` 0, `power`
    /// negative.
    pub fn check(&self) -> Result<(), ConfigError> {
        positive("lr", self.lr)?;
        at_least_one("total_iters", self.total_iters)?;
        non_negative("power", self.power)
    }

    /// The rate after `t` steps.
    pub fn lr_at(&self, t: usize) -> f64 {
        let progress = t.min(self.total_iters) as f64 / self.total_iters as f64;
        self.lr * math::powf(1.0 - progress, self.power)
    }
}

setters!(PolynomialLR {
    total_iters: usize,
    power: f64,
});
