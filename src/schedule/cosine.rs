//! Cosine annealing, once ([`CosineAnnealingLR`]) or with warm restarts
//! ([`CosineAnnealingWarmRestarts`]).

use std::f64::consts::PI;

use super::setters;
use super::{at_least_one, floor, positive};
use crate::config::ConfigError;
use crate::math;

/// Cosine annealing from `lr` down to `eta_min` over `t_max` steps:
/// `eta_min + (lr − eta_min)(1 + cos(π t / t_max))/2`. Mirrors PyTorch's
/// `CosineAnnealingLR` (default `eta_min` 0).
///
/// PyTorch does not stop at `t_max`: its formula keeps following the cosine, so the rate
/// climbs back to `lr` at `2·t_max` and oscillates with period `2·t_max`. That is the
/// default here too. With `clamp` set, the rate instead holds `eta_min` from `t_max` on,
/// as cosine decay does in other libraries (Keras `CosineDecay`, optax
/// `cosine_decay_schedule`); this variant is not in PyTorch.
#[derive(Clone, Debug)]
pub struct CosineAnnealingLR {
    /// The base rate (the optimizer's rate), the top of the cosine.
    pub lr: f64,
    /// Half period of the cosine: steps from `lr` down to `eta_min`, at least 1.
    pub t_max: usize,
    /// The bottom of the cosine, in [0, lr].
    pub eta_min: f64,
    /// Hold `eta_min` from `t_max` on instead of climbing back (not PyTorch's behaviour).
    pub clamp: bool,
}

impl CosineAnnealingLR {
    /// Its settings besides the optimizer's rate, by their names here (PyTorch's).
    pub const SETTINGS: &[&str] = &["t_max", "eta_min", "clamp"];

    /// PyTorch's defaults: down to 0, not clamped.
    pub fn new(lr: f64, t_max: usize) -> Self {
        CosineAnnealingLR {
            lr,
            t_max,
            eta_min: 0.0,
            clamp: false,
        }
    }

    /// The first setting out of range: `lr` not positive, `t_max` 0, `eta_min` negative
    /// or above `lr`.
    pub fn check(&self) -> Result<(), ConfigError> {
        positive("lr", self.lr)?;
        at_least_one("t_max", self.t_max)?;
        floor("eta_min", self.eta_min, self.lr)
    }

    /// The rate after `t` steps.
    pub fn lr_at(&self, t: usize) -> f64 {
        if self.clamp && t >= self.t_max {
            return self.eta_min;
        }
        let phase = PI * t as f64 / self.t_max as f64;
        self.eta_min + (self.lr - self.eta_min) * (1.0 + math::cos(phase)) / 2.0
    }
}

/// Cosine annealing with warm restarts (SGDR): a cosine from `lr` towards `eta_min` over
/// a cycle of `T_i` steps, then straight back to `lr`; the first cycle lasts `t0` steps
/// and each next one `t_mult` times longer. Mirrors PyTorch's
/// `CosineAnnealingWarmRestarts` (defaults `t_mult` 1, `eta_min` 0) with its integer
/// bookkeeping: after each step `T_cur += 1`, and when `T_cur` reaches `T_i` it wraps to
/// 0 and `T_i *= t_mult`; the rate is `eta_min + (lr − eta_min)(1 + cos(π T_cur/T_i))/2`.
/// So the restarts (rate back to `lr`) fall at `t0`, `t0 + t0·t_mult`, … — e.g. 10, 30,
/// 70 for `t0` = 10, `t_mult` = 2 — and `eta_min` itself is never reached.
#[derive(Clone, Debug)]
pub struct CosineAnnealingWarmRestarts {
    /// The base rate (the optimizer's rate), the rate at every restart.
    pub lr: f64,
    /// Length of the first cycle, at least 1.
    pub t0: usize,
    /// Growth factor of the cycle length, at least 1.
    pub t_mult: usize,
    /// The floor the cosine heads to, in [0, lr].
    pub eta_min: f64,
}

impl CosineAnnealingWarmRestarts {
    /// Its settings besides the optimizer's rate, by their names here (PyTorch's).
    pub const SETTINGS: &[&str] = &["t0", "t_mult", "eta_min"];

    /// PyTorch's defaults: cycles of constant length `t0`, down towards 0.
    pub fn new(lr: f64, t0: usize) -> Self {
        CosineAnnealingWarmRestarts {
            lr,
            t0,
            t_mult: 1,
            eta_min: 0.0,
        }
    }

    /// The first setting out of range: `lr` not positive, `t0` or `t_mult` 0, `eta_min`
    /// negative or above `lr`.
    pub fn check(&self) -> Result<(), ConfigError> {
        positive("lr", self.lr)?;
        at_least_one("t0", self.t0)?;
        at_least_one("t_mult", self.t_mult)?;
        floor("eta_min", self.eta_min, self.lr)
    }

    /// PyTorch's `(T_cur, T_i)` after `t` steps: the position in the current cycle and
    /// that cycle's length.
    pub fn cycle_position(&self, t: usize) -> (usize, usize) {
        if self.t_mult == 1 {
            return (t % self.t0, self.t0);
        }
        // Cycle lengths grow geometrically, so this loop runs O(log t) times.
        let (mut t_cur, mut t_i) = (t, self.t0);
        while t_cur >= t_i {
            t_cur -= t_i;
            t_i = t_i.saturating_mul(self.t_mult);
        }
        (t_cur, t_i)
    }

    /// The rate after `t` steps.
    pub fn lr_at(&self, t: usize) -> f64 {
        let (t_cur, t_i) = self.cycle_position(t);
        let phase = PI * t_cur as f64 / t_i as f64;
        self.eta_min + (self.lr - self.eta_min) * (1.0 + math::cos(phase)) / 2.0
    }
}

setters!(CosineAnnealingLR {
    eta_min: f64,
    clamp: bool,
});
setters!(CosineAnnealingWarmRestarts {
    t_mult: usize,
    eta_min: f64,
});
