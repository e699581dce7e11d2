//! Learning-rate schedules, with PyTorch's definitions, defaults and stepping.
//!
//! A schedule is stepped the way a PyTorch scheduler is: the optimizer uses
//! [`Schedule::lr`] for an update, then the loop calls [`Schedule::step`] once
//! (PyTorch: `optimizer.step()` then `scheduler.step()`). So the rate used by the first
//! update (step 0) is the schedule's value after zero calls of `step`: the base rate,
//! except for the warm-ups ([`LinearLR`], [`InverseSqrt`]), which start below it, and
//! the cyclical and one-cycle schedules, which set their own starting rate.
//!
//! Most schedules are a function of the step count alone; those are written as a
//! closed form, `lr_at(t)` = the rate after `t` calls of `step`, and made steppable by
//! [`Stepped`], which only counts. PyTorch computes several of them recursively (its
//! "chainable" form multiplies the previous rate by a ratio), which is the same
//! function up to floating-point rounding. Two schedules carry real state:
//! [`ReduceLROnPlateau`] (it watches a metric) and [`SequentialLR`] (it hands over
//! from one schedule to the next).
//!
//! [`build`] makes any of them from command-line style [`Params`], checking them.

use std::f64::consts::PI;
use std::fmt;

use crate::math;
use crate::output::flags::FlagError;

/// A learning rate that changes as training goes.
pub trait Schedule {
    /// The name used on the command line, e.g. `cosine`.
    fn name(&self) -> &'static str;

    /// The rate for the coming update (PyTorch: `optimizer.param_groups[0]["lr"]`).
    fn lr(&self) -> f64;

    /// Advance by one update (PyTorch: `scheduler.step()`). `metric` is the value a
    /// reduce-on-plateau schedule watches (PyTorch: `scheduler.step(metric)`); every
    /// other schedule ignores it.
    fn step(&mut self, metric: f64);
}

/// A schedule that is a function of the step count alone.
///
/// `lr_at(t)` is the rate after `t` calls of [`Schedule::step`], i.e. the rate used by
/// update `t` (counting from 0). Wrap one in [`Stepped`] to use it as a [`Schedule`].
pub trait ClosedForm {
    /// The name used on the command line.
    fn name(&self) -> &'static str;

    /// The rate after `t` steps.
    fn lr_at(&self, t: usize) -> f64;

    /// This schedule, made steppable, at step 0.
    fn stepped(self) -> Stepped<Self>
    where
        Self: Sized,
    {
        Stepped::new(self)
    }
}

/// A [`ClosedForm`] schedule together with the number of steps taken so far: the
/// counter that turns a formula into a [`Schedule`].
#[derive(Clone, Debug)]
pub struct Stepped<C> {
    /// The formula.
    pub schedule: C,
    /// Calls of [`Schedule::step`] so far (PyTorch: `last_epoch`).
    pub t: usize,
}

impl<C> Stepped<C> {
    /// `schedule` at step 0.
    pub fn new(schedule: C) -> Self {
        Stepped { schedule, t: 0 }
    }
}

impl<C: ClosedForm> Schedule for Stepped<C> {
    fn name(&self) -> &'static str {
        self.schedule.name()
    }

    fn lr(&self) -> f64 {
        self.schedule.lr_at(self.t)
    }

    fn step(&mut self, _metric: f64) {
        self.t = self.t.saturating_add(1);
    }
}

/// `ClosedForm` for types with an inherent `lr_at`, under their command-line name.
macro_rules! closed_form {
    ($($ty:ty => $name:literal),* $(,)?) => {$(
        impl ClosedForm for $ty {
            fn name(&self) -> &'static str {
                $name
            }

            fn lr_at(&self, t: usize) -> f64 {
                <$ty>::lr_at(self, t)
            }
        }
    )*};
}

closed_form! {
    StepLR => "step",
    MultiStepLR => "multistep",
    ExponentialLR => "exponential",
    LinearLR => "linear",
    PolynomialLR => "polynomial",
    CosineAnnealingLR => "cosine",
    CosineAnnealingWarmRestarts => "cosine-restarts",
    CyclicLR => "cyclic",
    OneCycleLR => "onecycle",
    InverseSqrt => "inverse-sqrt",
}

/// `base^k` for a step count; exact repeated squaring where `k` fits an `i32`.
fn pow(base: f64, k: usize) -> f64 {
    match i32::try_from(k) {
        Ok(k) => base.powi(k),
        Err(_) => math::powf(base, k as f64),
    }
}

/// The plain constant rate: no schedule at all.
#[derive(Clone, Debug)]
pub struct Constant {
    pub lr: f64,
}

impl Constant {
    /// The rate after `t` steps: always `lr`.
    pub fn lr_at(&self, _t: usize) -> f64 {
        self.lr
    }
}

impl Schedule for Constant {
    fn name(&self) -> &'static str {
        "constant"
    }

    fn lr(&self) -> f64 {
        self.lr
    }

    fn step(&mut self, _metric: f64) {}
}

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
    /// PyTorch's defaults: `gamma` = 0.1.
    pub fn new(lr: f64, step_size: usize) -> Self {
        StepLR {
            lr,
            step_size,
            gamma: 0.1,
        }
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
    /// PyTorch's defaults: `gamma` = 0.1.
    pub fn new(lr: f64, milestones: Vec<usize>) -> Self {
        MultiStepLR {
            lr,
            milestones,
            gamma: 0.1,
        }
    }

    /// The rate after `t` steps.
    pub fn lr_at(&self, t: usize) -> f64 {
        let passed = self.milestones.iter().filter(|&&m| m <= t).count();
        self.lr * pow(self.gamma, passed)
    }
}

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
    /// The rate after `t` steps.
    pub fn lr_at(&self, t: usize) -> f64 {
        self.lr * pow(self.gamma, t)
    }
}

/// A linear ramp of the multiplier from `start_factor` to `end_factor` over
/// `total_iters` steps, then held: `lr · (start + (end − start) · min(t, total)/total)`.
/// With the defaults it is a linear warm-up from a third of the rate; with
/// `end_factor < start_factor` it is a linear decay. Mirrors PyTorch's `LinearLR`
/// (defaults `start_factor` 1/3, `end_factor` 1, `total_iters` 5).
#[derive(Clone, Debug)]
pub struct LinearLR {
    /// The base rate (the optimizer's rate).
    pub lr: f64,
    /// The multiplier at step 0, in (0, 1].
    pub start_factor: f64,
    /// The multiplier from `total_iters` on, in [0, 1].
    pub end_factor: f64,
    /// Length of the ramp, at least 1.
    pub total_iters: usize,
}

impl LinearLR {
    /// PyTorch's defaults: from a third of `lr` to `lr` in 5 steps.
    pub fn new(lr: f64) -> Self {
        LinearLR {
            lr,
            start_factor: 1.0 / 3.0,
            end_factor: 1.0,
            total_iters: 5,
        }
    }

    /// The rate after `t` steps.
    pub fn lr_at(&self, t: usize) -> f64 {
        let progress = t.min(self.total_iters) as f64 / self.total_iters as f64;
        self.lr * (self.start_factor + (self.end_factor - self.start_factor) * progress)
    }
}

/// Polynomial decay to zero in `total_iters` steps, then held at zero:
/// `lr · (1 − min(t, total)/total)^power`. Mirrors PyTorch's `PolynomialLR` (defaults
/// `total_iters` 5, `power` 1, i.e. linear to zero in 5 steps: usually you want
/// `total_iters` = the run length).
#[derive(Clone, Debug)]
pub struct PolynomialLR {
    /// The base rate (the optimizer's rate).
    pub lr: f64,
    /// Steps until the rate reaches zero, at least 1.
    pub total_iters: usize,
    /// The power, at least 0 (1 is linear).
    pub power: f64,
}

impl PolynomialLR {
    /// PyTorch's defaults: linear to zero in 5 steps.
    pub fn new(lr: f64) -> Self {
        PolynomialLR {
            lr,
            total_iters: 5,
            power: 1.0,
        }
    }

    /// The rate after `t` steps.
    pub fn lr_at(&self, t: usize) -> f64 {
        let progress = t.min(self.total_iters) as f64 / self.total_iters as f64;
        self.lr * math::powf(1.0 - progress, self.power)
    }
}

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
    /// PyTorch's defaults: down to 0, not clamped.
    pub fn new(lr: f64, t_max: usize) -> Self {
        CosineAnnealingLR {
            lr,
            t_max,
            eta_min: 0.0,
            clamp: false,
        }
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
    /// PyTorch's defaults: cycles of constant length `t0`, down towards 0.
    pub fn new(lr: f64, t0: usize) -> Self {
        CosineAnnealingWarmRestarts {
            lr,
            t0,
            t_mult: 1,
            eta_min: 0.0,
        }
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
/// Deviations, all outside a run of `total_steps` updates: PyTorch raises an error when
/// stepped more than `total_steps` times, and at exactly `total_steps` extrapolates the
/// last phase past its end (for linear annealing the value can even be negative); here
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
    /// The rate after `t` steps.
    pub fn lr_at(&self, t: usize) -> f64 {
        let s = (t + 1) as f64;
        let w = self.warmup as f64;
        self.lr * (s / w).min((w / s).sqrt())
    }
}

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
}

impl Schedule for ReduceLROnPlateau {
    fn name(&self) -> &'static str {
        "plateau"
    }

    fn lr(&self) -> f64 {
        self.lr
    }

    fn step(&mut self, metric: f64) {
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

/// Schedules one after another, e.g. a linear warm-up then a cosine. Mirrors PyTorch's
/// `SequentialLR`: schedule `i` (from 0) is in charge from step `milestones[i − 1]`, and at
/// its milestone it starts at its own step 0 (PyTorch restarts it with `.step(0)`), so the
/// first rate after the milestone is that schedule's step-0 rate. Here only the schedule
/// in charge is stepped and the next one takes over unstepped, which is the same thing;
/// so hand it schedules that have not been stepped yet.
///
/// PyTorch refuses a `ReduceLROnPlateau` inside a `SequentialLR`; here the metric is
/// simply passed to the schedule in charge.
pub struct SequentialLR {
    /// The schedules, in order.
    pub schedules: Vec<Box<dyn Schedule>>,
    /// The step counts at which the next schedule takes over: one fewer than
    /// `schedules`, strictly increasing, all at least 1.
    pub milestones: Vec<usize>,
    t: usize,
    active: usize,
}

impl SequentialLR {
    /// `schedules` handing over at `milestones`, checked as described on the fields.
    pub fn new(
        schedules: Vec<Box<dyn Schedule>>,
        milestones: Vec<usize>,
    ) -> Result<Self, FlagError> {
        if schedules.is_empty() {
            return Err(FlagError::new("schedule", "needs at least one schedule"));
        }
        if milestones.len() + 1 != schedules.len() {
            return Err(FlagError::new(
                "milestones",
                format!(
                    "needs one fewer milestone than schedules: {} schedules, got {} milestones",
                    schedules.len(),
                    milestones.len()
                ),
            ));
        }
        check_milestones(&milestones)?;
        if milestones.first() == Some(&0) {
            return Err(FlagError::new(
                "milestones",
                "must be at least 1 (the first schedule is in charge at step 0), got 0",
            ));
        }
        Ok(SequentialLR {
            schedules,
            milestones,
            t: 0,
            active: 0,
        })
    }

    /// Calls of `step` so far.
    pub fn t(&self) -> usize {
        self.t
    }

    /// The index of the schedule in charge.
    pub fn active(&self) -> usize {
        self.active
    }
}

impl fmt::Debug for SequentialLR {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.schedules.iter().map(|s| s.name()).collect();
        f.debug_struct("SequentialLR")
            .field("schedules", &names)
            .field("milestones", &self.milestones)
            .field("t", &self.t)
            .field("active", &self.active)
            .finish()
    }
}

impl Schedule for SequentialLR {
    fn name(&self) -> &'static str {
        "sequential"
    }

    fn lr(&self) -> f64 {
        self.schedules[self.active].lr()
    }

    fn step(&mut self, metric: f64) {
        self.t = self.t.saturating_add(1);
        let index = self.milestones.partition_point(|&m| m <= self.t);
        if index > 0 && self.milestones[index - 1] == self.t {
            // Hand over: the next schedule starts at its own step 0.
            self.active = index;
        } else {
            self.schedules[self.active].step(metric);
        }
    }
}

/// Schedule parameters as given on the command line; `None` (or `false`) means "not
/// given", so the default applies. See [`build`] for the defaults.
#[derive(Clone, Debug, Default)]
pub struct Params {
    pub step_size: Option<usize>,
    pub gamma: Option<f64>,
    pub milestones: Option<Vec<usize>>,
    pub t_max: Option<usize>,
    pub eta_min: Option<f64>,
    pub clamp: bool,
    pub t0: Option<usize>,
    pub t_mult: Option<usize>,
    pub start_factor: Option<f64>,
    pub end_factor: Option<f64>,
    pub total_iters: Option<usize>,
    pub power: Option<f64>,
    pub max_lr: Option<f64>,
    pub base_lr: Option<f64>,
    pub step_size_up: Option<usize>,
    pub step_size_down: Option<usize>,
    pub mode: Option<String>,
    pub pct_start: Option<f64>,
    pub anneal_strategy: Option<String>,
    pub div_factor: Option<f64>,
    pub final_div_factor: Option<f64>,
    pub three_phase: bool,
    pub total_steps: Option<usize>,
    pub factor: Option<f64>,
    pub patience: Option<usize>,
    pub threshold: Option<f64>,
    pub threshold_mode: Option<String>,
    pub cooldown: Option<usize>,
    pub min_lr: Option<f64>,
    pub warmup: Option<usize>,
}

/// Chainable setters, so a list of schedules reads one line each:
/// `Params::default().step_size(20).gamma(0.5)`.
macro_rules! setters {
    ($($field:ident: $t:ty),* $(,)?) => {
        impl Params {
            $(
                pub fn $field(mut self, value: $t) -> Self {
                    self.$field = Some(value.into());
                    self
                }
            )*
        }
    };
}

setters! {
    step_size: usize, gamma: f64, milestones: Vec<usize>, t_max: usize, eta_min: f64,
    t0: usize, t_mult: usize, start_factor: f64, end_factor: f64, total_iters: usize,
    power: f64, max_lr: f64, base_lr: f64, step_size_up: usize, step_size_down: usize,
    mode: &str, pct_start: f64, anneal_strategy: &str, div_factor: f64,
    final_div_factor: f64, total_steps: usize, factor: f64, patience: usize,
    threshold: f64, threshold_mode: &str, cooldown: usize, min_lr: f64, warmup: usize,
}

impl Params {
    /// Hold `eta_min` after `t_max` (cosine).
    pub fn clamped(mut self) -> Self {
        self.clamp = true;
        self
    }

    /// The command-line names of the settings that were given.
    pub fn given(&self) -> Vec<&'static str> {
        let p = self;
        [
            ("step-size", p.step_size.is_some()),
            ("gamma", p.gamma.is_some()),
            ("milestones", p.milestones.is_some()),
            ("t-max", p.t_max.is_some()),
            ("eta-min", p.eta_min.is_some()),
            ("clamp", p.clamp),
            ("t0", p.t0.is_some()),
            ("t-mult", p.t_mult.is_some()),
            ("start-factor", p.start_factor.is_some()),
            ("end-factor", p.end_factor.is_some()),
            ("total-iters", p.total_iters.is_some()),
            ("power", p.power.is_some()),
            ("max-lr", p.max_lr.is_some()),
            ("base-lr", p.base_lr.is_some()),
            ("step-size-up", p.step_size_up.is_some()),
            ("step-size-down", p.step_size_down.is_some()),
            ("mode", p.mode.is_some()),
            ("pct-start", p.pct_start.is_some()),
            ("anneal-strategy", p.anneal_strategy.is_some()),
            ("div-factor", p.div_factor.is_some()),
            ("final-div-factor", p.final_div_factor.is_some()),
            ("three-phase", p.three_phase),
            ("total-steps", p.total_steps.is_some()),
            ("factor", p.factor.is_some()),
            ("patience", p.patience.is_some()),
            ("threshold", p.threshold.is_some()),
            ("threshold-mode", p.threshold_mode.is_some()),
            ("cooldown", p.cooldown.is_some()),
            ("min-lr", p.min_lr.is_some()),
            ("warmup", p.warmup.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
        .collect()
    }
}

/// The settings each schedule reads, by command-line name: [`build`] rejects any other,
/// so a setting a schedule would silently ignore is reported instead.
pub fn settings_of(name: &str) -> &'static [&'static str] {
    match name {
        "step" => &["step-size", "gamma"],
        "multistep" => &["milestones", "gamma"],
        "exponential" => &["gamma"],
        "linear" => &["start-factor", "end-factor", "total-iters"],
        "polynomial" => &["total-iters", "power"],
        "cosine" => &["t-max", "eta-min", "clamp"],
        "cosine-restarts" => &["t0", "t-mult", "eta-min"],
        "cyclic" => &[
            "base-lr",
            "max-lr",
            "step-size-up",
            "step-size-down",
            "mode",
            "gamma",
        ],
        "onecycle" => &[
            "max-lr",
            "total-steps",
            "pct-start",
            "anneal-strategy",
            "div-factor",
            "final-div-factor",
            "three-phase",
        ],
        "plateau" => &[
            "mode",
            "factor",
            "patience",
            "threshold",
            "threshold-mode",
            "cooldown",
            "min-lr",
        ],
        "inverse-sqrt" => &["warmup"],
        _ => &[],
    }
}

/// Reject a setting the schedule `name` does not read, so that a command line such as
/// `--schedule cosine --gamma 0.5` is an error rather than silently ignored. ([`build`]
/// itself ignores settings that do not apply, as a library call may share one
/// [`Params`] between schedules.)
pub fn reject_unused(name: &str, p: &Params) -> Result<(), FlagError> {
    if let Some(unused) = p
        .given()
        .into_iter()
        .find(|g| !settings_of(name).contains(g))
    {
        let takes = settings_of(name);
        let takes = if takes.is_empty() {
            "no settings".to_string()
        } else {
            takes
                .iter()
                .map(|t| format!("--{t}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Err(FlagError::new(
            unused,
            format!("the {name} schedule does not use it (it takes {takes})"),
        ));
    }
    Ok(())
}

/// The schedules [`build`] knows, by command-line name.
pub const NAMES: &[&str] = &[
    "constant",
    "step",
    "multistep",
    "exponential",
    "linear",
    "polynomial",
    "cosine",
    "cosine-restarts",
    "cyclic",
    "onecycle",
    "plateau",
    "inverse-sqrt",
];

/// The schedule called `name`, for base rate `lr` (the optimizer's rate) and a run of
/// `steps` updates, from command-line parameters `p`; parameters the schedule does not
/// use are ignored.
///
/// Defaults are PyTorch's wherever PyTorch has one (see each struct). Where PyTorch
/// requires a value, the default is derived from the run length `steps`:
///
/// - `step`: `step_size` = ⌊steps/3⌋ (at least 1), two cuts within the run;
/// - `multistep`: `milestones` = [⌊steps/2⌋, ⌊3·steps/4⌋] (made strictly increasing and
///   at least 1), the classic cuts at half and three quarters of training;
/// - `exponential`: `gamma` = 0.01^(1/steps), so the rate is lr/100 after `steps` steps;
/// - `cosine`: `t_max` = steps, one half cosine over the run;
/// - `cosine-restarts`: `t0` = ⌊steps/4⌋ (at least 1);
/// - `onecycle`: `total_steps` = steps, and `max_lr` = lr;
/// - `inverse-sqrt`: `warmup` = ⌊steps/10⌋ (at least 1);
/// - `cyclic`: `base_lr` = lr; `max_lr` has no default (as in PyTorch), so it is an error
///   to leave it out. `step_size_up` keeps PyTorch's 2000, which is long for a short run.
///
/// `polynomial` and `linear` keep PyTorch's `total_iters` = 5.
///
/// Errors name the offending flag: an unknown schedule (`schedule`), a base rate that is
/// not positive (`lr`), a `gamma` outside (0, 1], zero lengths (`step-size`, `t-max`, `t0`,
/// `total-iters`, `total-steps`, `step-size-up`, `step-size-down`, `warmup`), `t-mult` < 1,
/// milestones not strictly increasing, a floor above the top (`eta-min` > lr, `min-lr` >
/// lr, `max-lr` ≤ `base-lr`), factors outside PyTorch's ranges (`start-factor` in (0, 1],
/// `end-factor` in [0, 1], plateau `factor` in (0, 1)), `pct-start` outside [0, 1] (or
/// above 0.5 with `three_phase`, where the middle phase mirrors the first), `div-factor`
/// or `final-div-factor` below 1 (the schedule would not stay between its floor and
/// `max_lr`), unknown `mode`, `anneal-strategy` or `threshold-mode` strings, and negative
/// or non-finite values.
pub fn build(
    name: &str,
    lr: f64,
    steps: usize,
    p: &Params,
) -> Result<Box<dyn Schedule>, FlagError> {
    if !NAMES.contains(&name) {
        return Err(FlagError::new(
            "schedule",
            format!("unknown schedule {name:?}; known: {}", NAMES.join(", ")),
        ));
    }
    positive("lr", lr)?;
    let steps = steps.max(1);
    let schedule: Box<dyn Schedule> = match name {
        "constant" => Box::new(Constant { lr }),
        "step" => Box::new(
            StepLR {
                lr,
                step_size: at_least_one("step-size", p.step_size.unwrap_or((steps / 3).max(1)))?,
                gamma: gamma(p.gamma.unwrap_or(0.1))?,
            }
            .stepped(),
        ),
        "multistep" => {
            let milestones = p.milestones.clone().unwrap_or_else(|| {
                let first = (steps / 2).max(1);
                vec![first, (3 * steps / 4).max(first + 1)]
            });
            check_milestones(&milestones)?;
            Box::new(
                MultiStepLR {
                    lr,
                    milestones,
                    gamma: gamma(p.gamma.unwrap_or(0.1))?,
                }
                .stepped(),
            )
        }
        "exponential" => {
            let default = math::powf(0.01, 1.0 / steps as f64);
            Box::new(
                ExponentialLR {
                    lr,
                    gamma: gamma(p.gamma.unwrap_or(default))?,
                }
                .stepped(),
            )
        }
        "linear" => {
            let start_factor = p.start_factor.unwrap_or(1.0 / 3.0);
            if !(start_factor > 0.0 && start_factor <= 1.0) {
                return Err(FlagError::new(
                    "start-factor",
                    format!("must be in (0, 1], got {start_factor}"),
                ));
            }
            let end_factor = p.end_factor.unwrap_or(1.0);
            if !(0.0..=1.0).contains(&end_factor) {
                return Err(FlagError::new(
                    "end-factor",
                    format!("must be in [0, 1], got {end_factor}"),
                ));
            }
            Box::new(
                LinearLR {
                    lr,
                    start_factor,
                    end_factor,
                    total_iters: at_least_one("total-iters", p.total_iters.unwrap_or(5))?,
                }
                .stepped(),
            )
        }
        "polynomial" => Box::new(
            PolynomialLR {
                lr,
                total_iters: at_least_one("total-iters", p.total_iters.unwrap_or(5))?,
                power: non_negative("power", p.power.unwrap_or(1.0))?,
            }
            .stepped(),
        ),
        "cosine" => Box::new(
            CosineAnnealingLR {
                lr,
                t_max: at_least_one("t-max", p.t_max.unwrap_or(steps))?,
                eta_min: floor("eta-min", p.eta_min.unwrap_or(0.0), lr)?,
                clamp: p.clamp,
            }
            .stepped(),
        ),
        "cosine-restarts" => Box::new(
            CosineAnnealingWarmRestarts {
                lr,
                t0: at_least_one("t0", p.t0.unwrap_or((steps / 4).max(1)))?,
                t_mult: at_least_one("t-mult", p.t_mult.unwrap_or(1))?,
                eta_min: floor("eta-min", p.eta_min.unwrap_or(0.0), lr)?,
            }
            .stepped(),
        ),
        "cyclic" => {
            let base_lr = positive("base-lr", p.base_lr.unwrap_or(lr))?;
            let Some(max_lr) = p.max_lr else {
                return Err(FlagError::new(
                    "max-lr",
                    "required for cyclic: the top of the cycle (PyTorch has no default)",
                ));
            };
            positive("max-lr", max_lr)?;
            if max_lr <= base_lr {
                return Err(FlagError::new(
                    "max-lr",
                    format!("must be above the base rate {base_lr}, got {max_lr}"),
                ));
            }
            let mode = choice("mode", p.mode.as_deref(), CyclicMode::NAMES)?
                .map_or(CyclicMode::Triangular, |m| CyclicMode::parse(m).unwrap());
            let step_size_down = p
                .step_size_down
                .map(|s| at_least_one("step-size-down", s))
                .transpose()?;
            Box::new(
                CyclicLR {
                    base_lr,
                    max_lr,
                    step_size_up: at_least_one("step-size-up", p.step_size_up.unwrap_or(2000))?,
                    step_size_down,
                    mode,
                    gamma: gamma(p.gamma.unwrap_or(1.0))?,
                }
                .stepped(),
            )
        }
        "onecycle" => {
            let max_lr = positive("max-lr", p.max_lr.unwrap_or(lr))?;
            let pct_start = p.pct_start.unwrap_or(0.3);
            if !(0.0..=1.0).contains(&pct_start) {
                return Err(FlagError::new(
                    "pct-start",
                    format!("must be in [0, 1], got {pct_start}"),
                ));
            }
            if p.three_phase && pct_start > 0.5 {
                return Err(FlagError::new(
                    "pct-start",
                    format!(
                        "must be at most 0.5 with three phases (the second mirrors the first), got {pct_start}"
                    ),
                ));
            }
            let anneal_strategy = choice(
                "anneal-strategy",
                p.anneal_strategy.as_deref(),
                AnnealStrategy::NAMES,
            )?
            .map_or(AnnealStrategy::Cos, |s| AnnealStrategy::parse(s).unwrap());
            Box::new(
                OneCycleLR {
                    max_lr,
                    total_steps: at_least_one("total-steps", p.total_steps.unwrap_or(steps))?,
                    pct_start,
                    anneal_strategy,
                    div_factor: at_least_one_f("div-factor", p.div_factor.unwrap_or(25.0))?,
                    final_div_factor: at_least_one_f(
                        "final-div-factor",
                        p.final_div_factor.unwrap_or(1e4),
                    )?,
                    three_phase: p.three_phase,
                }
                .stepped(),
            )
        }
        "plateau" => {
            let mode = choice("mode", p.mode.as_deref(), PlateauMode::NAMES)?
                .map_or(PlateauMode::Min, |m| PlateauMode::parse(m).unwrap());
            let threshold_mode = choice(
                "threshold-mode",
                p.threshold_mode.as_deref(),
                ThresholdMode::NAMES,
            )?
            .map_or(ThresholdMode::Rel, |m| ThresholdMode::parse(m).unwrap());
            let factor = p.factor.unwrap_or(0.1);
            if !(factor > 0.0 && factor < 1.0) {
                return Err(FlagError::new(
                    "factor",
                    format!("must be in (0, 1), got {factor}"),
                ));
            }
            let defaults = ReduceLROnPlateau::new(lr);
            Box::new(ReduceLROnPlateau {
                mode,
                factor,
                patience: p.patience.unwrap_or(defaults.patience),
                threshold: non_negative("threshold", p.threshold.unwrap_or(defaults.threshold))?,
                threshold_mode,
                cooldown: p.cooldown.unwrap_or(defaults.cooldown),
                min_lr: floor("min-lr", p.min_lr.unwrap_or(defaults.min_lr), lr)?,
                ..defaults
            })
        }
        "inverse-sqrt" => Box::new(
            InverseSqrt {
                lr,
                warmup: at_least_one("warmup", p.warmup.unwrap_or((steps / 10).max(1)))?,
            }
            .stepped(),
        ),
        _ => unreachable!("every name in NAMES has a case"),
    };
    Ok(schedule)
}

fn positive(param: &'static str, value: f64) -> Result<f64, FlagError> {
    FlagError::check(
        param,
        value,
        value > 0.0 && value.is_finite(),
        "must be positive",
    )
}

fn non_negative(param: &'static str, value: f64) -> Result<f64, FlagError> {
    FlagError::check(
        param,
        value,
        value >= 0.0 && value.is_finite(),
        "must be non-negative",
    )
}

fn at_least_one(param: &'static str, value: usize) -> Result<usize, FlagError> {
    FlagError::check(param, value, value >= 1, "must be at least 1")
}

fn at_least_one_f(param: &'static str, value: f64) -> Result<f64, FlagError> {
    FlagError::check(
        param,
        value,
        value >= 1.0 && value.is_finite(),
        "must be at least 1",
    )
}

/// A decay factor: in (0, 1].
fn gamma(value: f64) -> Result<f64, FlagError> {
    FlagError::check(
        "gamma",
        value,
        value > 0.0 && value <= 1.0,
        "must be in (0, 1]",
    )
}

/// A lowest rate: non-negative and not above the base rate `lr`.
fn floor(param: &'static str, value: f64, lr: f64) -> Result<f64, FlagError> {
    non_negative(param, value)?;
    if value > lr {
        return Err(FlagError::new(
            param,
            format!("must not exceed the base rate {lr}, got {value}"),
        ));
    }
    Ok(value)
}

fn check_milestones(milestones: &[usize]) -> Result<(), FlagError> {
    if milestones.windows(2).any(|w| w[0] >= w[1]) {
        return Err(FlagError::new(
            "milestones",
            format!("must be strictly increasing, got {milestones:?}"),
        ));
    }
    Ok(())
}

/// `value`, if given, checked against the allowed `names`.
fn choice<'a>(
    param: &'static str,
    value: Option<&'a str>,
    names: &[&str],
) -> Result<Option<&'a str>, FlagError> {
    match value {
        Some(v) if !names.contains(&v) => Err(FlagError::new(
            param,
            format!("must be one of {}, got {v:?}", names.join(", ")),
        )),
        other => Ok(other),
    }
}

/// The rates a schedule gives to updates 0, 1, …, `steps` − 1, stepping it as a training
/// loop would (with no metric: for drawing schedules that do not watch one).
pub fn trace(schedule: &mut dyn Schedule, steps: usize) -> Vec<f64> {
    (0..steps)
        .map(|_| {
            let now = schedule.lr();
            schedule.step(0.0);
            now
        })
        .collect()
}
