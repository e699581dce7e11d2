//! Reduce-on-plateau: cut the rate when a watched metric stops improving. The one
//! schedule stepped with a metric, so not a [`super::Schedule`].

use super::setters;
use super::{floor, non_negative, positive};
use crate::config::ConfigError;

/// Whether [`ReduceLROnPlateau`] wants its metric low (a loss) or high (an accuracy).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlateauMode {
    Min,
    Max,
}

impl PlateauMode {
    /// The names PyTorch uses.
    pub const NAMES: &[&str] = &["min", "max"];

    /// The mode called `name` in PyTorch.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "min" => Some(PlateauMode::Min),
            "max" => Some(PlateauMode::Max),
            _ => None,
        }
    }
}

/// How [`ReduceLROnPlateau`] measures a significant improvement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThresholdMode {
    /// Better than `best · (1 ∓ threshold)`.
    Rel,
    /// Better than `best ∓ threshold`.
    Abs,
}

impl ThresholdMode {
    /// The names PyTorch uses.
    pub const NAMES: &[&str] = &["rel", "abs"];

    /// The mode called `name` in PyTorch.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "rel" => Some(ThresholdMode::Rel),
            "abs" => Some(ThresholdMode::Abs),
            _ => None,
        }
    }
}

/// Cut the rate when a watched metric stops improving. Mirrors PyTorch's
/// `ReduceLROnPlateau` (defaults: mode min, `factor` 0.1, `patience` 10, `threshold`
/// 1e-4, rel, `cooldown` 0, `min_lr` 0, `eps` 1e-8) step for step: a metric better than
/// the best so far by the threshold resets the count of bad steps, any other adds one;
/// during a cooldown the count is held at 0; when the count exceeds `patience` the rate
/// becomes `max(lr·factor, min_lr)` — only if that lowers it by more than `eps` — and the
/// cooldown starts. So with no improvement at all the first cut comes after
/// `patience + 1` steps.
///
/// All fields are public, as the attributes of the Python object are: `lr` is the current
/// rate (start it at the optimizer's rate), and `reductions` lists the step counts at
/// which the rate was cut, so a figure can mark them.
#[derive(Clone, Debug)]
pub struct ReduceLROnPlateau {
    /// The current rate.
    pub lr: f64,
    /// Whether lower or higher is better.
    pub mode: PlateauMode,
    /// Factor of each cut, in (0, 1).
    pub factor: f64,
    /// Bad steps tolerated before a cut.
    pub patience: usize,
    /// Size of a significant improvement, at least 0.
    pub threshold: f64,
    /// Whether `threshold` is relative or absolute.
    pub threshold_mode: ThresholdMode,
    /// Steps after a cut during which bad steps are not counted.
    pub cooldown: usize,
    /// The rate is never cut below this.
    pub min_lr: f64,
    /// Cuts smaller than this are skipped.
    pub eps: f64,
    /// The best metric so far; `None` before the first step (PyTorch: ±inf, "mode_worse").
    pub best: Option<f64>,
    /// Bad steps since the last improvement, cut or cooldown.
    pub num_bad_epochs: usize,
    /// Steps of cooldown left.
    pub cooldown_counter: usize,
    /// Calls of `step` so far (PyTorch: `last_epoch`).
    pub last_epoch: usize,
    /// The step counts `t` at which the rate was cut: `lr()` after `t` steps is the first
    /// lowered rate, i.e. update `t` is the first to use it.
    pub reductions: Vec<usize>,
}

impl ReduceLROnPlateau {
    /// Its settings besides the optimizer's rate, by their names here (PyTorch's).
    pub const SETTINGS: &[&str] = &[
        "mode",
        "factor",
        "patience",
        "threshold",
        "threshold_mode",
        "cooldown",
        "min_lr",
        "eps",
    ];

    /// PyTorch's defaults, starting at rate `lr`.
    pub fn new(lr: f64) -> Self {
        ReduceLROnPlateau {
            lr,
            mode: PlateauMode::Min,
            factor: 0.1,
            patience: 10,
            threshold: 1e-4,
            threshold_mode: ThresholdMode::Rel,
            cooldown: 0,
            min_lr: 0.0,
            eps: 1e-8,
            best: None,
            num_bad_epochs: 0,
            cooldown_counter: 0,
            last_epoch: 0,
            reductions: Vec::new(),
        }
    }

    /// PyTorch's `is_better(a, best)`.
    pub fn is_better(&self, a: f64, best: f64) -> bool {
        match (self.mode, self.threshold_mode) {
            (PlateauMode::Min, ThresholdMode::Rel) => a < best * (1.0 - self.threshold),
            (PlateauMode::Min, ThresholdMode::Abs) => a < best - self.threshold,
            (PlateauMode::Max, ThresholdMode::Rel) => a > best * (1.0 + self.threshold),
            (PlateauMode::Max, ThresholdMode::Abs) => a > best + self.threshold,
        }
    }

    /// The first setting out of range: `lr` not positive, `factor` outside (0, 1),
    /// `threshold` negative, `min_lr` negative or above `lr`, `eps` negative.
    pub fn check(&self) -> Result<(), ConfigError> {
        positive("lr", self.lr)?;
        let factor = self.factor;
        ConfigError::check(
            "factor",
            factor,
            factor > 0.0 && factor < 1.0,
            "must be in (0, 1)",
        )?;
        non_negative("threshold", self.threshold)?;
        floor("min_lr", self.min_lr, self.lr)?;
        non_negative("eps", self.eps)
    }

    /// A short name for tables.
    pub fn name(&self) -> &'static str {
        "plateau"
    }

    /// The rate for the coming update.
    pub fn lr(&self) -> f64 {
        self.lr
    }

    /// Advance by one update, having seen `metric` (PyTorch: `scheduler.step(metric)`).
    pub fn step(&mut self, metric: f64) {
        self.last_epoch += 1;
        let worst = match self.mode {
            PlateauMode::Min => f64::INFINITY,
            PlateauMode::Max => f64::NEG_INFINITY,
        };
        if self.is_better(metric, self.best.unwrap_or(worst)) {
            self.best = Some(metric);
            self.num_bad_epochs = 0;
        } else {
            self.num_bad_epochs += 1;
        }
        if self.cooldown_counter > 0 {
            self.cooldown_counter -= 1;
            self.num_bad_epochs = 0;
        }
        if self.num_bad_epochs > self.patience {
            let new = (self.lr * self.factor).max(self.min_lr);
            if self.lr - new > self.eps {
                self.lr = new;
                self.reductions.push(self.last_epoch);
            }
            self.cooldown_counter = self.cooldown;
            self.num_bad_epochs = 0;
        }
    }
}

setters!(ReduceLROnPlateau {
    mode: PlateauMode,
    factor: f64,
    patience: usize,
    threshold: f64,
    threshold_mode: ThresholdMode,
    cooldown: usize,
    min_lr: f64,
    eps: f64,
});
