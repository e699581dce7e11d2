//! Exponential decay.

use super::{gamma, positive, pow};
use crate::config::ConfigError;

/// Exponential decay: `lr · gamma^t`. Mirrors PyTorch's `ExponentialLR` (which has no
/// default `gamma`).
#[derive(Clone, Debug)]
pub struct ExponentialLR {
    /// The base rate (the optimizer's rate).
    pub lr: f64,
    /// The factor applied at every step.
    pub gamma: f64,
}

impl ExponentialLR {
    /// `lr · gamma^t` (PyTorch requires `gamma`).
    pub fn new(lr: f64, gamma: f64) -> Self {
        ExponentialLR { lr, gamma }
    }

    /// Its settings besides the optimizer's rate, by their names here (PyTorch's).
    pub const SETTINGS: &[&str] = &["gamma"];

    /// The first setting out of range: `lr` not positive, `gamma` outside (0, 1].
    pub fn check(&self) -> Result<(), ConfigError> {
        positive("lr", self.lr)?;
        gamma(self.gamma)
    }

    /// The rate after `t` steps.
    pub fn lr_at(&self, t: usize) -> f64 {
        self.lr * pow(self.gamma, t)
    }
}
