//! The Transformer's warm-up and inverse-square-root decay.

use super::{at_least_one, positive};
use crate::config::ConfigError;

/// The Transformer's ("Noam") rule: a linear warm-up to the base rate over `warmup`
/// steps, then decay as the inverse square root of the step. With `s = t + 1`,
/// `lr · min(s/warmup, √(warmup/s))`, normalised so the peak, at `t = warmup − 1`, is
/// exactly `lr` (Vaswani et al. scale by `d_model^−0.5` instead). PyTorch has no built-in
/// scheduler for it (one writes it as a `LambdaLR`).
#[derive(Clone, Debug)]
pub struct InverseSqrt {
    /// The peak rate.
    pub lr: f64,
    /// Steps of linear warm-up, at least 1.
    pub warmup: usize,
}

impl InverseSqrt {
    /// A peak of `lr` after `warmup` steps.
    pub fn new(lr: f64, warmup: usize) -> Self {
        InverseSqrt { lr, warmup }
    }

    /// Its settings besides the optimizer's rate, by their names here (PyTorch's).
    pub const SETTINGS: &[&str] = &["warmup"];

    /// The first setting out of range: `lr` not positive, `warmup` 0.
    pub fn check(&self) -> Result<(), ConfigError> {
        positive("lr", self.lr)?;
        at_least_one("warmup", self.warmup)
    }

    /// The rate after `t` steps.
    pub fn lr_at(&self, t: usize) -> f64 {
        let s = (t + 1) as f64;
        let w = self.warmup as f64;
        self.lr * (s / w).min((w / s).sqrt())
    }
}
