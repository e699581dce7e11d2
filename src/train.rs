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

use crate::config::ConfigError;
use crate::numfmt::{distinct, num};
use crate::optim::{GradientDescent, Optimizer};
use crate::problems::Problem;
use crate::schedule::{ReduceLROnPlateau, Schedule};

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

/// The book's rule: a run has diverged once its loss exceeds 1000 × max(|L₀|, 1), L₀ its
/// starting loss (see [`Limit::TimesStart`]).
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
    /// An observer stopped the run at `step`, before recording it.
    Stopped { step: usize },
    /// A setting of the optimizer or the schedule is out of range: the run never started.
    Invalid(ConfigError),
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
    let lrs: Vec<f64> = runs.iter().map(Run::lr).collect();
    distinct(&lrs)
}

impl Run {
    /// The learning rate the run started with (its first row's), NaN if it recorded no
    /// row.
    pub fn lr(&self) -> f64 {
        self.history.first().map_or(f64::NAN, |r| r.lr)
    }

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
            Outcome::Stopped { step } => write!(f, "stopped at step {step}"),
            Outcome::Invalid(error) => write!(f, "not run: {error}"),
        }
    }
}

/// What the loop shows an [`Observer`] at every row: the state after `step` updates and
/// the rate the update from it will use.
#[derive(Clone, Copy, Debug)]
pub struct Step<'a> {
    pub step: usize,
    pub lr: f64,
    pub loss: f64,
    pub grad_norm: f64,
    pub params: ArrayView1<'a, f64>,
    pub grad: ArrayView1<'a, f64>,
}

impl Step<'_> {
    /// The loss, the gradient and every parameter are finite (the loop stops at the
    /// first row where they are not, without recording it).
    pub fn is_finite(&self) -> bool {
        self.loss.is_finite()
            && self.grad_norm.is_finite()
            && self.params.iter().all(|p| p.is_finite())
    }
}

/// Whether the run goes on after an observer has seen a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    Continue,
    /// End the run at this row, before its update ([`Outcome::Stopped`]).
    Stop,
}

/// Something that watches a run row by row, as argmin's observers do: it sees every row,
/// finite or not, before the loop's own checks and before the update from it, and may
/// stop the run. The range test and the sharpness tracker are observers.
pub trait Observer {
    fn observe(&mut self, row: &Step<'_>) -> Control;
}

impl<F: FnMut(&Step<'_>) -> Control> Observer for F {
    fn observe(&mut self, row: &Step<'_>) -> Control {
        self(row)
    }
}

/// Where the loop takes the rate from.
enum Rate<'a> {
    /// The optimizer's own rate, unchanged.
    Fixed,
    /// A schedule, stepped after every update.
    Schedule(&'a mut dyn Schedule),
    /// Reduce-on-plateau, stepped after every update with `metric` at the new parameters.
    Plateau(
        &'a mut ReduceLROnPlateau,
        &'a dyn Fn(ArrayView1<f64>) -> f64,
    ),
}

/// The most history rows reserved before a run starts; a longer run grows its history as
/// it goes, so asking for a million steps does not allocate them all up front.
const RESERVED_ROWS: usize = 4096;

/// The one training loop, set up step by step:
///
/// ```
/// # use ndarray::array;
/// # use stepsize::optim::Adam;
/// # use stepsize::problems::quadratic::Quadratic;
/// # use stepsize::schedule::{ClosedForm, CosineAnnealingLR};
/// # use stepsize::train::{Budget, Training};
/// let bowl = Quadratic { coeffs: vec![0.1, 2.0] };
/// let mut cosine = CosineAnnealingLR::new(0.1, 100).stepped();
/// let run = Training::new(&bowl, &Budget::steps(100))
///     .label("Adam, cosine")
///     .schedule(&mut cosine)
///     .run(&mut Adam::new(0.1), array![-5.0, -2.0]);
/// assert_eq!(run.lr(), 0.1);
/// ```
///
/// Each row: the rate comes from the schedule (or stays the optimizer's own), the loss and
/// gradient are computed, the observers see the row, the loop checks it (non-finite
/// values, the divergence bound, the tolerance, the budget), then the optimizer updates
/// and the schedule steps: PyTorch's `optimizer.step()` then `scheduler.step()`.
pub struct Training<'a> {
    problem: &'a dyn Problem,
    budget: Budget,
    label: String,
    rate: Rate<'a>,
    observers: Vec<&'a mut dyn Observer>,
}

impl<'a> Training<'a> {
    /// A run on `problem` within `budget`, at the optimizer's fixed rate, labelled `run`.
    pub fn new(problem: &'a dyn Problem, budget: &Budget) -> Self {
        Training {
            problem,
            budget: budget.clone(),
            label: "run".into(),
            rate: Rate::Fixed,
            observers: Vec::new(),
        }
    }

    /// The run's label, e.g. `η=0.1`.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Set the rate from `schedule` before every update, and step it after.
    pub fn schedule(mut self, schedule: &'a mut dyn Schedule) -> Self {
        self.rate = Rate::Schedule(schedule);
        self
    }

    /// Set the rate from a reduce-on-plateau schedule before every update, and step it
    /// after with `metric` at the new parameters (e.g. a validation loss): PyTorch's
    /// `scheduler.step(metric)`.
    pub fn plateau(
        mut self,
        schedule: &'a mut ReduceLROnPlateau,
        metric: &'a dyn Fn(ArrayView1<f64>) -> f64,
    ) -> Self {
        self.rate = Rate::Plateau(schedule, metric);
        self
    }

    /// Show every row to `observer` too.
    pub fn observe(mut self, observer: &'a mut dyn Observer) -> Self {
        self.observers.push(observer);
        self
    }

    /// Run `optimizer` from `start`.
    ///
    /// The optimizer's and the schedule's settings are checked once, first: a bad one ends
    /// the run at once ([`Outcome::Invalid`]). Divergence is an outcome, not a panic: the
    /// run stops at the first non-finite value or at the first loss above the bound, and
    /// says where.
    pub fn run(mut self, optimizer: &mut dyn Optimizer, start: Array1<f64>) -> Run {
        let problem = self.problem;
        let budget = &self.budget;
        let checked = match &self.rate {
            Rate::Fixed => Ok(()),
            Rate::Schedule(s) => s.check(),
            Rate::Plateau(s, _) => s.check(),
        };
        let mut params = start;
        let mut history = Vec::with_capacity(budget.steps.min(RESERVED_ROWS) + 1);
        let mut step = 0;
        let mut bound = f64::INFINITY;
        let outcome = match checked.and_then(|_| optimizer.check()) {
            Err(error) => Outcome::Invalid(error),
            Ok(()) => loop {
                match &self.rate {
                    Rate::Fixed => {}
                    Rate::Schedule(s) => optimizer.set_lr(s.lr()),
                    Rate::Plateau(s, _) => optimizer.set_lr(s.lr()),
                }
                let (loss, grad) = problem.loss_and_gradient(params.view());
                let grad_norm = grad.dot(&grad).sqrt();
                // A schedule-free optimizer is judged at its average, not where it takes
                // the gradient: the row shows that point and its loss.
                let judged = optimizer.evaluation_point(params.view());
                let (loss, shown) = match &judged {
                    Some(x) => (problem.loss(x.view()), x.view()),
                    None => (loss, params.view()),
                };
                let row = Step {
                    step,
                    lr: optimizer.lr(),
                    loss,
                    grad_norm,
                    params: shown,
                    grad: grad.view(),
                };
                let mut stop = false;
                for observer in self.observers.iter_mut() {
                    stop |= observer.observe(&row) == Control::Stop;
                }
                if stop {
                    break Outcome::Stopped { step };
                }
                let non_finite = if !params.iter().chain(shown).all(|p| p.is_finite()) {
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
                    params: shown.to_owned(),
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
                match &mut self.rate {
                    Rate::Fixed => {}
                    Rate::Schedule(s) => s.step(),
                    Rate::Plateau(s, metric) => s.step(metric(params.view())),
                }
                step += 1;
            },
        };
        Run {
            label: self.label,
            param_names: problem.param_names(),
            history,
            outcome,
        }
    }
}

/// Run `optimizer` on `problem` from `start` within `budget`, at the optimizer's fixed rate:
/// [`Training`] with nothing but a label.
pub fn train(
    label: impl Into<String>,
    problem: &dyn Problem,
    optimizer: &mut dyn Optimizer,
    start: Array1<f64>,
    budget: &Budget,
) -> Run {
    Training::new(problem, budget)
        .label(label)
        .run(optimizer, start)
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
