//! The training loop: run an optimizer on a problem, record every step, and stop cleanly
//! when the run reaches a tolerance or diverges.
//!
//! Row `k` of a history describes the parameters θ_k after `k` updates: the loss L(θ_k),
//! the gradient norm ‖∇L(θ_k)‖, and the learning rate the optimizer will use for the step
//! from θ_k to θ_{k+1}. Row 0 is the starting point, so a run of `n` steps has `n + 1`
//! rows. (A PyTorch loop that logs `loss.item()` before `optimizer.step()` in epoch `e`
//! logs our row `e − 1`.)

use std::fmt;

use ndarray::{Array1, ArrayView1};

use crate::numfmt::{distinct, num};
use crate::optim::{GradientDescent, Optimizer};
use crate::problems::Problem;
use crate::schedule::{Constant, Schedule};

/// When a run stops.
#[derive(Clone, Debug, PartialEq)]
pub struct Budget {
    /// The most updates to take.
    pub steps: usize,
    /// Stop as soon as the loss falls below this, if set.
    pub tolerance: Option<f64>,
    /// When a growing loss counts as divergence (non-finite values always do).
    pub divergence: Limit,
}

/// The loss above which a run counts as diverged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Limit {
    /// This many times the starting loss (times 1 if the starting loss is smaller than 1
    /// in size, so a run that starts at the minimum is not declared diverged at once).
    TimesStart(f64),
    /// A fixed value.
    Above(f64),
}

impl Limit {
    /// The bound for a run whose starting loss is `start`.
    pub fn bound(self, start: f64) -> f64 {
        match self {
            Limit::TimesStart(factor) => factor * start.abs().max(1.0),
            Limit::Above(bound) => bound,
        }
    }
}

/// The book's rule: a run has diverged once its loss is 1000 times its starting loss.
pub const DIVERGENCE_FACTOR: f64 = 1e3;

impl Budget {
    /// `steps` updates, no tolerance, divergence at 1000 times the starting loss.
    pub fn steps(steps: usize) -> Self {
        Budget {
            steps,
            tolerance: None,
            divergence: Limit::TimesStart(DIVERGENCE_FACTOR),
        }
    }

    /// Also stop once the loss is below `tolerance`.
    pub fn until_loss_below(mut self, tolerance: f64) -> Self {
        self.tolerance = Some(tolerance);
        self
    }

    /// Count a loss above the fixed value `bound` as divergence instead.
    pub fn diverge_above(mut self, bound: f64) -> Self {
        self.divergence = Limit::Above(bound);
        self
    }
}

/// One row of a run's history: the state after `step` updates.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub step: usize,
    pub lr: f64,
    pub loss: f64,
    pub params: Array1<f64>,
    pub grad_norm: f64,
}

/// Why a run was declared divergent.
#[derive(Clone, Debug, PartialEq)]
pub enum Divergence {
    /// The loss grew past the budget's bound.
    LossAbove { loss: f64, bound: f64 },
    /// The loss, a parameter or a gradient became infinite or NaN.
    NonFinite { what: &'static str },
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The loss fell below the tolerance at `step`.
    Reached { step: usize, tolerance: f64 },
    /// All steps were taken without reaching a tolerance (or none was set).
    Completed { steps: usize },
    /// The run blew up at `step`; the history stops at the last finite row.
    Diverged { step: usize, reason: Divergence },
}

impl Outcome {
    pub fn diverged(&self) -> bool {
        matches!(self, Outcome::Diverged { .. })
    }
}

/// A finished run: its label, parameter names, history and outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub label: String,
    pub param_names: Vec<String>,
    pub history: Vec<Record>,
    pub outcome: Outcome,
}

/// The learning rates of several runs (each run's first row), formatted so that different
/// rates never print alike: the η column of a table.
pub fn lr_column(runs: &[Run]) -> Vec<String> {
    let lrs: Vec<f64> = runs
        .iter()
        .map(|r| r.history.first().map_or(f64::NAN, |h| h.lr))
        .collect();
    distinct(&lrs)
}

impl Run {
    /// The last recorded row (a run always has at least its starting row, unless it
    /// started at a non-finite point).
    pub fn last(&self) -> Option<&Record> {
        self.history.last()
    }

    /// The parameters of the last finite row.
    pub fn final_params(&self) -> &Array1<f64> {
        &self
            .last()
            .expect("a run records its starting point")
            .params
    }

    /// The loss of the last finite row, or +∞ if there is none.
    pub fn final_loss(&self) -> f64 {
        self.last().map_or(f64::INFINITY, |r| r.loss)
    }

    /// The book's experimental test of stability: the run did not diverge, and its loss
    /// ended below where it started.
    pub fn loss_fell(&self) -> bool {
        !self.outcome.diverged()
            && self
                .history
                .first()
                .is_some_and(|start| self.final_loss() < start.loss)
    }

    /// A one-line account of how the run ended, e.g. `reached loss < 1e-6 at step 37`.
    pub fn summary(&self) -> String {
        self.outcome.to_string()
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Reached { step, tolerance } => {
                write!(f, "reached loss < {} at step {step}", num(*tolerance))
            }
            Outcome::Completed { steps } => {
                write!(
                    f,
                    "ran all {steps} step{}",
                    if *steps == 1 { "" } else { "s" }
                )
            }
            Outcome::Diverged { step, reason } => match reason {
                Divergence::LossAbove { loss, bound } => write!(
                    f,
                    "diverged at step {step}: loss {} > {}",
                    num(*loss),
                    num(*bound)
                ),
                Divergence::NonFinite { what } => {
                    write!(f, "diverged at step {step}: {what} is not finite")
                }
            },
        }
    }
}

/// Run `optimizer` on `problem` from `start` within `budget`, at the optimizer's fixed rate.
///
/// Divergence is an outcome, not a panic: the run stops at the first non-finite value or
/// at the first loss above the bound, and says where.
pub fn train(
    label: impl Into<String>,
    problem: &dyn Problem,
    optimizer: &mut dyn Optimizer,
    start: Array1<f64>,
    budget: &Budget,
) -> Run {
    let mut fixed = Constant { lr: optimizer.lr() };
    train_scheduled(
        label,
        problem,
        optimizer,
        &mut fixed,
        &|_| 0.0,
        start,
        budget,
    )
}

/// Like [`train`], with the rate set by `schedule` before every update, the way PyTorch
/// pairs `optimizer.step()` with `scheduler.step()`: the update from θ_k uses the
/// schedule's current rate, then the schedule advances. `metric` is what a
/// reduce-on-plateau schedule watches after each update (e.g. a validation loss at the
/// new parameters); other schedules ignore it.
pub fn train_scheduled(
    label: impl Into<String>,
    problem: &dyn Problem,
    optimizer: &mut dyn Optimizer,
    schedule: &mut dyn Schedule,
    metric: &dyn Fn(ArrayView1<f64>) -> f64,
    start: Array1<f64>,
    budget: &Budget,
) -> Run {
    let mut params = start;
    let mut history = Vec::with_capacity(budget.steps.min(100_000) + 1);
    let mut step = 0;
    let mut bound = f64::INFINITY;
    let outcome = loop {
        optimizer.set_lr(schedule.lr());
        let (loss, grad) = problem.loss_and_gradient(params.view());
        let grad_norm = grad.dot(&grad).sqrt();
        let non_finite = if !params.iter().all(|p| p.is_finite()) {
            Some("a parameter")
        } else if !loss.is_finite() {
            Some("the loss")
        } else if !grad_norm.is_finite() {
            Some("the gradient")
        } else {
            None
        };
        if let Some(what) = non_finite {
            break Outcome::Diverged {
                step,
                reason: Divergence::NonFinite { what },
            };
        }
        history.push(Record {
            step,
            lr: optimizer.lr(),
            loss,
            params: params.clone(),
            grad_norm,
        });
        if step == 0 {
            bound = budget.divergence.bound(loss);
        }
        if loss > bound {
            break Outcome::Diverged {
                step,
                reason: Divergence::LossAbove { loss, bound },
            };
        }
        if let Some(tolerance) = budget.tolerance.filter(|&t| loss < t) {
            break Outcome::Reached { step, tolerance };
        }
        if step == budget.steps {
            break Outcome::Completed { steps: step };
        }
        optimizer.step(params.view_mut(), grad.view());
        schedule.step(metric(params.view()));
        step += 1;
    };
    Run {
        label: label.into(),
        param_names: problem.param_names(),
        history,
        outcome,
    }
}

// ANCHOR: gradient_descent_runs
/// The basic experiment of this book: one run of plain gradient descent per learning
/// rate, each with a fresh optimizer and from the same start, labelled `η=<lr>`.
pub fn gradient_descent_runs(
    problem: &dyn Problem,
    lrs: &[f64],
    start: &Array1<f64>,
    budget: &Budget,
) -> Vec<Run> {
    // Rates that differ get labels that differ (0.1301 and 0.13013 are two runs).
    lrs.iter()
        .zip(distinct(lrs))
        .map(|(&lr, text)| {
            let mut gd = GradientDescent::new(lr);
            train(format!("η={text}"), problem, &mut gd, start.clone(), budget)
        })
        .collect()
}
// ANCHOR_END: gradient_descent_runs
