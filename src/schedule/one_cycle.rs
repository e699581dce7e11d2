//! The 1cycle policy: up to a peak, then far down.

use std::f64::consts::PI;

use super::setters;
use super::{at_least_one, at_least_one_f, positive};
use crate::config::ConfigError;
use crate::math;

/// How [`OneCycleLR`] interpolates within a phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnnealStrategy {
    /// Half a cosine: `end + (start − end)/2 · (cos(π·pct) + 1)`.
    Cos,
    /// A straight line: `start + (end − start)·pct`.
    Linear,
}

impl AnnealStrategy {
    /// The names PyTorch uses.
    pub const NAMES: &[&str] = &["cos", "linear"];

    /// The strategy called `name` in PyTorch.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "cos" => Some(AnnealStrategy::Cos),
            "linear" => Some(AnnealStrategy::Linear),
            _ => None,
        }
    }

    /// From `start` (at `pct` = 0) to `end` (at `pct` = 1).
    pub fn anneal(self, start: f64, end: f64, pct: f64) -> f64 {
        match self {
            AnnealStrategy::Cos => end + (start - end) / 2.0 * (math::cos(PI * pct) + 1.0),
            AnnealStrategy::Linear => (end - start) * pct + start,
        }
    }
}

/// The 1cycle policy (Smith's super-convergence): up from `max_lr/div_factor` to
/// `max_lr` during the first `pct_start` of the run, then down to
/// `initial/final_div_factor`, far below where it started. Mirrors PyTorch's
/// `OneCycleLR` (defaults `pct_start` 0.3, cos, `div_factor` 25, `final_div_factor` 1e4,
/// two phases) and its phase arithmetic: the first phase ends at step
/// `pct_start·total_steps − 1`, the last at `total_steps − 1` (with `three_phase`, a
/// middle phase back down to the initial rate ends at `2·pct_start·total_steps − 2`),
/// and within a phase `pct = (t − start)/(end − start)`. The optimizer's own rate is
/// ignored.
///
/// Deviations, all outside a run of `total_steps` updates: PyTorch raises an error only
/// on the call of `step()` after the `total_steps`-th, and the `total_steps`-th call
/// itself extrapolates the last phase past its end (with cos the rate rises again) (for linear annealing the value can even be negative); here
/// the rate holds its final value, `min_lr`, from step `total_steps − 1` on. A phase of
/// zero length (e.g. `pct_start·total_steps` = 1) divides by zero in PyTorch; here it
/// takes its end value. PyTorch also cycles momentum inversely by default; this crate's
/// SGD has no momentum, so only the rate is scheduled.
#[derive(Clone, Debug)]
pub struct OneCycleLR {
    /// The peak rate.
    pub max_lr: f64,
    /// Length of the cycle, at least 1.
    pub total_steps: usize,
    /// Fraction of the cycle spent rising, in [0, 1].
    pub pct_start: f64,
    /// Cosine or linear interpolation within a phase.
    pub anneal_strategy: AnnealStrategy,
    /// The starting rate is `max_lr / div_factor`.
    pub div_factor: f64,
    /// The final rate is `max_lr / div_factor / final_div_factor`.
    pub final_div_factor: f64,
    /// Back down to the starting rate symmetrically before annealing to the final rate
    /// (the paper's schedule) instead of annealing straight to it (fastai's).
    pub three_phase: bool,
}

impl OneCycleLR {
    /// Its settings besides the optimizer's rate, by their names here (PyTorch's).
    pub const SETTINGS: &[&str] = &[
        "max_lr",
        "total_steps",
        "pct_start",
        "anneal_strategy",
        "div_factor",
        "final_div_factor",
        "three_phase",
    ];

    /// PyTorch's defaults.
    pub fn new(max_lr: f64, total_steps: usize) -> Self {
        OneCycleLR {
            max_lr,
            total_steps,
            pct_start: 0.3,
            anneal_strategy: AnnealStrategy::Cos,
            div_factor: 25.0,
            final_div_factor: 1e4,
            three_phase: false,
        }
    }

    /// The first setting out of range: `max_lr` not positive, `pct_start` outside [0, 1]
    /// (or above 0.5 with `three_phase`, where the middle phase mirrors the first),
    /// `total_steps` 0, `div_factor` or `final_div_factor` below 1 (the schedule would not
    /// stay between its floor and `max_lr`).
    pub fn check(&self) -> Result<(), ConfigError> {
        positive("max_lr", self.max_lr)?;
        let pct_start = self.pct_start;
        ConfigError::check(
            "pct_start",
            pct_start,
            (0.0..=1.0).contains(&pct_start),
            "must be in [0, 1]",
        )?;
        if self.three_phase && pct_start > 0.5 {
            return Err(ConfigError::new(
                "pct_start",
                format!(
                    "must be at most 0.5 with three phases (the second mirrors the first), got {pct_start}"
                ),
            ));
        }
        at_least_one("total_steps", self.total_steps)?;
        at_least_one_f("div_factor", self.div_factor)?;
        at_least_one_f("final_div_factor", self.final_div_factor)
    }

    /// The rate at step 0: `max_lr / div_factor`.
    pub fn initial_lr(&self) -> f64 {
        self.max_lr / self.div_factor
    }

    /// The final rate: `initial_lr / final_div_factor`.
    pub fn min_lr(&self) -> f64 {
        self.initial_lr() / self.final_div_factor
    }

    /// Each phase as (last step, rate at its start, rate at its end), in PyTorch's order.
    pub fn phases(&self) -> Vec<(f64, f64, f64)> {
        let total = self.total_steps as f64;
        let (initial, max, min) = (self.initial_lr(), self.max_lr, self.min_lr());
        let rise_end = self.pct_start * total - 1.0;
        if self.three_phase {
            vec![
                (rise_end, initial, max),
                (2.0 * self.pct_start * total - 2.0, max, initial),
                (total - 1.0, initial, min),
            ]
        } else {
            vec![(rise_end, initial, max), (total - 1.0, max, min)]
        }
    }

    /// The rate after `t` steps (held at the final value from `total_steps − 1` on).
    pub fn lr_at(&self, t: usize) -> f64 {
        let step = t.min(self.total_steps.saturating_sub(1)) as f64;
        let phases = self.phases();
        let mut start = 0.0;
        for (i, &(end, from, to)) in phases.iter().enumerate() {
            if step <= end || i + 1 == phases.len() {
                let span = end - start;
                let pct = if span == 0.0 {
                    1.0
                } else {
                    (step - start) / span
                };
                return self.anneal_strategy.anneal(from, to, pct);
            }
            start = end;
        }
        unreachable!("the last phase always answers")
    }
}

setters!(OneCycleLR {
    pct_start: f64,
    anneal_strategy: AnnealStrategy,
    div_factor: f64,
    final_div_factor: f64,
    three_phase: bool,
});
