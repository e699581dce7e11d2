//! Warm-up, stable, decay ([`Wsd`]): the "trapezoidal" schedule of large-model training.

use std::f64::consts::PI;

use super::setters;
use super::{floor, positive};
use crate::config::ConfigError;
use crate::math;

/// The shape of the final decay of [`Wsd`], as a function of the decay's progress
/// s ∈ [0, 1]: the rate is `eta_min + (lr − eta_min)·f(s)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecayShape {
    /// f(s) = 1 − s.
    Linear,
    /// f(s) = (1 + cos πs)/2.
    Cosine,
    /// f(s) = 1 − √s ("1−sqrt" in Hägele et al. 2024, their best cool-down).
    Sqrt,
}

impl DecayShape {
    /// The shapes' command-line names.
    pub const NAMES: &[&str] = &["linear", "cosine", "sqrt"];

    /// The shape called `name`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "linear" => Some(DecayShape::Linear),
            "cosine" => Some(DecayShape::Cosine),
            "sqrt" => Some(DecayShape::Sqrt),
            _ => None,
        }
    }

    /// f(s): 1 at the start of the decay, 0 at its end.
    pub fn factor(self, s: f64) -> f64 {
        match self {
            DecayShape::Linear => 1.0 - s,
            DecayShape::Cosine => (1.0 + math::cos(PI * s)) / 2.0,
            DecayShape::Sqrt => 1.0 - s.sqrt(),
        }
    }
}

/// Warm-up, stable, decay over a run of `total_steps` updates (not in PyTorch; written
/// as Hägele et al. 2024 describe it):
///
/// ```text
/// t < W:              lr·(t + 1)/W                    linear warm-up (as schedule-free's)
/// W ≤ t < T − D:      lr                              the stable (constant) phase
/// T − D ≤ t ≤ T:      eta_min + (lr − eta_min)·f(s),  s = (t − (T − D))/D
/// t > T:              eta_min
/// ```
///
/// with W = `warmup_steps`, D = `decay_steps`, T = `total_steps` and f the
/// [`DecayShape`]. The decay reaches `eta_min` at t = T, after the last update, as
/// [`super::CosineAnnealingLR`] with `t_max` = T does: the last update (t = T − 1) uses
/// `eta_min + (lr − eta_min)·f(1 − 1/D)`. The warm-up's first rate is lr/W rather than 0,
/// so no update is wasted.
#[derive(Clone, Debug)]
pub struct Wsd {
    /// The stable rate (the optimizer's rate).
    pub lr: f64,
    /// T: the run's length; the decay ends here.
    pub total_steps: usize,
    /// W: steps of linear warm-up (0: none).
    pub warmup_steps: usize,
    /// D: steps of the final decay, at least 1.
    pub decay_steps: usize,
    /// The decay's shape.
    pub decay_shape: DecayShape,
    /// The rate the decay ends at, in [0, lr].
    pub eta_min: f64,
}

impl Wsd {
    /// Its settings besides the optimizer's rate and the run's length.
    pub const SETTINGS: &[&str] = &["warmup_steps", "decay_steps", "decay_shape", "eta_min"];

    /// No warm-up, a linear decay to 0 over the last `decay_steps` of `total_steps`.
    pub fn new(lr: f64, total_steps: usize, decay_steps: usize) -> Self {
        Wsd {
            lr,
            total_steps,
            warmup_steps: 0,
            decay_steps,
            decay_shape: DecayShape::Linear,
            eta_min: 0.0,
        }
    }

    /// The first setting out of range: `lr` not positive, `decay_steps` 0 or
    /// `warmup_steps + decay_steps` above `total_steps`, `eta_min` negative or above `lr`.
    pub fn check(&self) -> Result<(), ConfigError> {
        positive("lr", self.lr)?;
        ConfigError::check(
            "decay_steps",
            self.decay_steps,
            self.decay_steps >= 1 && self.decay_steps <= self.total_steps,
            &format!("must be in [1, total_steps = {}]", self.total_steps),
        )?;
        ConfigError::check(
            "warmup_steps",
            self.warmup_steps,
            self.warmup_steps <= self.total_steps - self.decay_steps,
            &format!(
                "must leave room for the decay: at most total_steps − decay_steps = {}",
                self.total_steps - self.decay_steps
            ),
        )?;
        floor("eta_min", self.eta_min, self.lr)
    }

    /// The step the decay starts at, T − D.
    pub fn decay_start(&self) -> usize {
        self.total_steps.saturating_sub(self.decay_steps)
    }

    /// The rate after `t` steps.
    pub fn lr_at(&self, t: usize) -> f64 {
        let start = self.decay_start();
        if t < self.warmup_steps {
            self.lr * (t + 1) as f64 / self.warmup_steps as f64
        } else if t < start {
            self.lr
        } else if t >= self.total_steps {
            self.eta_min
        } else {
            let s = (t - start) as f64 / self.decay_steps as f64;
            self.eta_min + (self.lr - self.eta_min) * self.decay_shape.factor(s)
        }
    }
}

setters!(Wsd {
    warmup_steps: usize,
    decay_shape: DecayShape,
    eta_min: f64,
});
