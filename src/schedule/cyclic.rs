//! Cyclical learning rates: a triangle wave between two rates.

use super::setters;
use super::{at_least_one, gamma, positive, pow};
use crate::config::ConfigError;
use crate::math;

/// How [`CyclicLR`] scales the amplitude of its triangle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CyclicMode {
    /// Every cycle the same.
    Triangular,
    /// The amplitude halves every cycle: scaled by `1/2^(cycle − 1)`.
    Triangular2,
    /// The amplitude is scaled by `gamma^t`, `t` counting iterations (not cycles).
    ExpRange,
}

impl CyclicMode {
    /// The names PyTorch uses.
    pub const NAMES: &[&str] = &["triangular", "triangular2", "exp_range"];

    /// The mode called `name` in PyTorch.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "triangular" => Some(CyclicMode::Triangular),
            "triangular2" => Some(CyclicMode::Triangular2),
            "exp_range" => Some(CyclicMode::ExpRange),
            _ => None,
        }
    }
}

/// Cyclical learning rate (Smith's CLR): a triangle wave between `base_lr` and `max_lr`,
/// rising for `step_size_up` steps and falling for `step_size_down`, its amplitude
/// possibly shrinking (see [`CyclicMode`]). Mirrors PyTorch's `CyclicLR` (defaults
/// `step_size_up` 2000, `step_size_down` = `step_size_up`, mode triangular, `gamma` 1)
/// with its arithmetic: `cycle = ⌊1 + t/(up + down)⌋`, `x = 1 + t/(up + down) − cycle`,
/// the triangle height `x/ratio` while `x ≤ ratio = up/(up + down)` and
/// `(x − 1)/(ratio − 1)` after; triangular modes scale by cycle, exp_range by iteration.
///
/// Like PyTorch, the rate at step 0 is `base_lr` whatever the optimizer's rate was:
/// `CyclicLR` overwrites it at construction. PyTorch also cycles momentum inversely to
/// the rate by default (`cycle_momentum`); this crate's SGD has no momentum, so only the
/// rate cycles here.
#[derive(Clone, Debug)]
pub struct CyclicLR {
    /// The bottom of the cycle, and the rate at step 0.
    pub base_lr: f64,
    /// The top of the cycle (reached only while the amplitude is unscaled).
    pub max_lr: f64,
    /// Steps of the rising half, at least 1.
    pub step_size_up: usize,
    /// Steps of the falling half; `None` means `step_size_up`.
    pub step_size_down: Option<usize>,
    /// How the amplitude shrinks.
    pub mode: CyclicMode,
    /// The per-iteration factor of [`CyclicMode::ExpRange`], in (0, 1].
    pub gamma: f64,
}

impl CyclicLR {
    /// Its settings besides the optimizer's rate, by their names here (PyTorch's).
    pub const SETTINGS: &[&str] = &[
        "base_lr",
        "max_lr",
        "step_size_up",
        "step_size_down",
        "mode",
        "gamma",
    ];

    /// PyTorch's defaults: triangular, 2000 steps up and 2000 down, `gamma` 1.
    pub fn new(base_lr: f64, max_lr: f64) -> Self {
        CyclicLR {
            base_lr,
            max_lr,
            step_size_up: 2000,
            step_size_down: None,
            mode: CyclicMode::Triangular,
            gamma: 1.0,
        }
    }

    /// The first setting out of range: `base_lr` or `max_lr` not positive, `max_lr` not
    /// above `base_lr`, `step_size_down` or `step_size_up` 0, `gamma` outside (0, 1].
    pub fn check(&self) -> Result<(), ConfigError> {
        positive("base_lr", self.base_lr)?;
        positive("max_lr", self.max_lr)?;
        if self.max_lr <= self.base_lr {
            return Err(ConfigError::new(
                "max_lr",
                format!(
                    "must be above the base rate {}, got {}",
                    self.base_lr, self.max_lr
                ),
            ));
        }
        if let Some(down) = self.step_size_down {
            at_least_one("step_size_down", down)?;
        }
        at_least_one("step_size_up", self.step_size_up)?;
        gamma(self.gamma)
    }

    /// Steps in one full cycle (up plus down).
    pub fn cycle_length(&self) -> usize {
        // Saturating: a cycle longer than any run is simply a cycle that never ends.
        self.step_size_up
            .saturating_add(self.step_size_down.unwrap_or(self.step_size_up))
    }

    /// The rate after `t` steps.
    pub fn lr_at(&self, t: usize) -> f64 {
        let up = self.step_size_up as f64;
        let total = self.cycle_length() as f64;
        let ratio = up / total;
        let position = t as f64 / total;
        let cycle = (1.0 + position).floor();
        let x = 1.0 + position - cycle;
        let height = if x <= ratio {
            x / ratio
        } else {
            (x - 1.0) / (ratio - 1.0)
        };
        let scale = match self.mode {
            CyclicMode::Triangular => 1.0,
            CyclicMode::Triangular2 => 1.0 / math::powf(2.0, cycle - 1.0),
            CyclicMode::ExpRange => pow(self.gamma, t),
        };
        self.base_lr + (self.max_lr - self.base_lr) * height * scale
    }
}

setters!(CyclicLR {
    step_size_up: usize,
    step_size_down: Option<usize>,
    mode: CyclicMode,
    gamma: f64,
});
