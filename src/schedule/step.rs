//! Step decay: [`StepLR`] cuts every `step_size` steps, [`MultiStepLR`] at chosen steps.

use super::setters;
use super::{at_least_one, gamma, positive, pow, strictly_increasing};
use crate::config::ConfigError;

/// Step decay: the rate is multiplied by `gamma` every `step_size` steps,
/// `lr · gamma^⌊t / step_size⌋`. Mirrors PyTorch's `StepLR` (default `gamma` 0.1).
#[derive(Clone, Debug)]
pub struct StepLR {
    /// The base rate (the optimizer's rate).
    pub lr: f64,
    /// Steps between two cuts (PyTorch requires it).
    pub step_size: usize,
    /// The factor of each cut.
    pub gamma: f64,
}

impl StepLR {
    /// Its settings besides the optimizer's rate, by their names here (PyTorch's).
    pub const SETTINGS: &[&str] = &["step_size", "gamma"];

    /// PyTorch's defaults: `gamma` = 0.1.
    pub fn new(lr: f64, step_size: usize) -> Self {
        StepLR {
            lr,
            step_size,
            gamma: 0.1,
        }
    }

    /// The first setting out of range: `lr` not positive, `step_size` 0, `gamma` outside
    /// (0, 1].
    pub fn check(&self) -> Result<(), ConfigError> {
        positive("lr", self.lr)?;
        at_least_one("step_size", self.step_size)?;
        gamma(self.gamma)
    }

    /// The rate after `t` steps.
    pub fn lr_at(&self, t: usize) -> f64 {
        self.lr * pow(self.gamma, t / self.step_size)
    }
}

/// Decay at chosen steps: the rate is multiplied by `gamma` once the step count reaches
/// each milestone, `lr · gamma^(number of milestones ≤ t)`. Mirrors PyTorch's
/// `MultiStepLR` (default `gamma` 0.1); like PyTorch, a milestone listed twice cuts twice.
#[derive(Clone, Debug)]
pub struct MultiStepLR {
    /// The base rate (the optimizer's rate).
    pub lr: f64,
    /// The step counts at which the rate is cut, increasing.
    pub milestones: Vec<usize>,
    /// The factor of each cut.
    pub gamma: f64,
}

impl MultiStepLR {
    /// Its settings besides the optimizer's rate, by their names here (PyTorch's).
    pub const SETTINGS: &[&str] = &["milestones", "gamma"];

    /// PyTorch's defaults: `gamma` = 0.1.
    pub fn new(lr: f64, milestones: Vec<usize>) -> Self {
        MultiStepLR {
            lr,
            milestones,
            gamma: 0.1,
        }
    }

    /// The first setting out of range: `lr` not positive, `milestones` not strictly
    /// increasing, `gamma` outside (0, 1].
    pub fn check(&self) -> Result<(), ConfigError> {
        positive("lr", self.lr)?;
        strictly_increasing(&self.milestones)?;
        gamma(self.gamma)
    }

    /// The rate after `t` steps.
    pub fn lr_at(&self, t: usize) -> f64 {
        let passed = self.milestones.iter().filter(|&&m| m <= t).count();
        self.lr * pow(self.gamma, passed)
    }
}

setters!(StepLR { gamma: f64 });
setters!(MultiStepLR { gamma: f64 });
