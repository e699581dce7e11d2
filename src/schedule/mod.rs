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
//! [`SequentialLR`] (it hands over from one schedule to the next) and
//! [`ReduceLROnPlateau`], which watches a metric and so is no [`Schedule`]: it is stepped
//! with the metric (PyTorch: `scheduler.step(metric)`), and the training loop drives it
//! on its own path ([`crate::train::Training::plateau`]).
//!
//! Every schedule is a configuration struct with PyTorch's names and defaults; its
//! `check()` names the first setting out of range ([`ConfigError`]), and the training
//! loop and [`trace`] call it once before the first step.
//!
//! | file | schedules |
//! |---|---|
//! | `step.rs` | [`StepLR`], [`MultiStepLR`] |
//! | `exponential.rs` | [`ExponentialLR`] |
//! | `linear.rs`, `polynomial.rs` | [`LinearLR`], [`PolynomialLR`] |
//! | `cosine.rs` | [`CosineAnnealingLR`], [`CosineAnnealingWarmRestarts`] |
//! | `cyclic.rs`, `one_cycle.rs` | [`CyclicLR`], [`OneCycleLR`] |
//! | `inverse_sqrt.rs` | [`InverseSqrt`] (not in PyTorch) |
//! | `plateau.rs` | [`ReduceLROnPlateau`] |
//! | `sequential.rs` | [`SequentialLR`] |
//! | `wsd.rs` | [`Wsd`], warm-up, stable, decay (not in PyTorch) |

mod cosine;
mod cyclic;
mod exponential;
mod inverse_sqrt;
mod linear;
mod one_cycle;
mod plateau;
mod polynomial;
mod sequential;
mod step;
mod wsd;

pub use cosine::{CosineAnnealingLR, CosineAnnealingWarmRestarts};
pub use cyclic::{CyclicLR, CyclicMode};
pub use exponential::ExponentialLR;
pub use inverse_sqrt::InverseSqrt;
pub use linear::LinearLR;
pub use one_cycle::{AnnealStrategy, OneCycleLR};
pub use plateau::{PlateauMode, ReduceLROnPlateau, ThresholdMode};
pub use polynomial::PolynomialLR;
pub use sequential::SequentialLR;
pub use step::{MultiStepLR, StepLR};
pub use wsd::{DecayShape, Wsd};

use crate::config::ConfigError;
use crate::math;

/// A learning rate that changes as training goes, by the step count.
pub trait Schedule {
    /// A short name for tables, e.g. `cosine`.
    fn name(&self) -> &'static str;

    /// The rate for the coming update (PyTorch: `optimizer.param_groups[0]["lr"]`).
    fn lr(&self) -> f64;

    /// Advance by one update (PyTorch: `scheduler.step()`).
    fn step(&mut self);

    /// The first setting out of range, if any. The training loop calls this once, before
    /// the first update.
    fn check(&self) -> Result<(), ConfigError>;
}

impl std::fmt::Debug for dyn Schedule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.name())
    }
}

/// A schedule that is a function of the step count alone.
///
/// `lr_at(t)` is the rate after `t` calls of [`Schedule::step`], i.e. the rate used by
/// update `t` (counting from 0). Wrap one in [`Stepped`] to use it as a [`Schedule`].
pub trait ClosedForm {
    /// A short name for tables.
    fn name(&self) -> &'static str;

    /// The rate after `t` steps.
    fn lr_at(&self, t: usize) -> f64;

    /// The first setting out of range, if any.
    fn check(&self) -> Result<(), ConfigError>;

    /// This schedule, made steppable, at step 0.
    fn stepped(self) -> Stepped<Self>
    where
        Self: Sized,
    {
        Stepped::new(self)
    }

    /// This schedule, made steppable, at step 0, behind a pointer (for a list of
    /// schedules of different kinds).
    fn boxed(self) -> Box<dyn Schedule>
    where
        Self: Sized + 'static,
    {
        Box::new(Stepped::new(self))
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

    fn step(&mut self) {
        self.t = self.t.saturating_add(1);
    }

    fn check(&self) -> Result<(), ConfigError> {
        self.schedule.check()
    }
}

/// A closed form behind a reference is one too: one configuration can be stepped afresh
/// for every run (`(&config).stepped()`).
impl<C: ClosedForm + ?Sized> ClosedForm for &C {
    fn name(&self) -> &'static str {
        (**self).name()
    }

    fn lr_at(&self, t: usize) -> f64 {
        (**self).lr_at(t)
    }

    fn check(&self) -> Result<(), ConfigError> {
        (**self).check()
    }
}

/// Chainable setters for the settings that have a default, as PyTorch's keyword
/// arguments: `StepLR::new(0.1, 20).gamma(0.5)`. They only set; `check()` judges.
macro_rules! setters {
    ($ty:ty { $($field:ident: $t:ty),* $(,)? }) => {
        impl $ty {
            $(
                #[doc = concat!("Set `", stringify!($field), "`.")]
                pub fn $field(mut self, $field: $t) -> Self {
                    self.$field = $field;
                    self
                }
            )*
        }
    };
}
pub(crate) use setters;

/// `ClosedForm` for types with an inherent `lr_at` and `check`, under their short name.
macro_rules! closed_form {
    ($($ty:ty => $name:literal),* $(,)?) => {$(
        impl ClosedForm for $ty {
            fn name(&self) -> &'static str {
                $name
            }

            fn lr_at(&self, t: usize) -> f64 {
                <$ty>::lr_at(self, t)
            }

            fn check(&self) -> Result<(), ConfigError> {
                <$ty>::check(self)
            }
        }
    )*};
}

closed_form! {
    Constant => "constant",
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
    Wsd => "wsd",
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

    /// `lr` must be positive.
    pub fn check(&self) -> Result<(), ConfigError> {
        positive("lr", self.lr)
    }
}

impl Schedule for Constant {
    fn name(&self) -> &'static str {
        "constant"
    }

    fn lr(&self) -> f64 {
        self.lr
    }

    fn step(&mut self) {}

    fn check(&self) -> Result<(), ConfigError> {
        Constant::check(self)
    }
}

/// The rates a schedule gives to updates 0, 1, …, `steps` − 1, stepping it as a training
/// loop would, after checking it.
pub fn trace(schedule: &mut dyn Schedule, steps: usize) -> Result<Vec<f64>, ConfigError> {
    schedule.check()?;
    Ok((0..steps)
        .map(|_| {
            let now = schedule.lr();
            schedule.step();
            now
        })
        .collect())
}

// The checks the schedules share.

fn positive(setting: &'static str, value: f64) -> Result<(), ConfigError> {
    ConfigError::check(
        setting,
        value,
        value > 0.0 && value.is_finite(),
        "must be positive",
    )?;
    Ok(())
}

fn non_negative(setting: &'static str, value: f64) -> Result<(), ConfigError> {
    ConfigError::check(
        setting,
        value,
        value >= 0.0 && value.is_finite(),
        "must be non-negative",
    )?;
    Ok(())
}

fn at_least_one(setting: &'static str, value: usize) -> Result<(), ConfigError> {
    ConfigError::check(setting, value, value >= 1, "must be at least 1")?;
    Ok(())
}

fn at_least_one_f(setting: &'static str, value: f64) -> Result<(), ConfigError> {
    ConfigError::check(
        setting,
        value,
        value >= 1.0 && value.is_finite(),
        "must be at least 1",
    )?;
    Ok(())
}

/// A decay factor: in (0, 1].
fn gamma(value: f64) -> Result<(), ConfigError> {
    ConfigError::check(
        "gamma",
        value,
        value > 0.0 && value <= 1.0,
        "must be in (0, 1]",
    )?;
    Ok(())
}

/// A lowest rate: non-negative and not above the base rate `lr`.
fn floor(setting: &'static str, value: f64, lr: f64) -> Result<(), ConfigError> {
    non_negative(setting, value)?;
    if value > lr {
        return Err(ConfigError::new(
            setting,
            format!("must not exceed the base rate {lr}, got {value}"),
        ));
    }
    Ok(())
}

fn strictly_increasing(milestones: &[usize]) -> Result<(), ConfigError> {
    if milestones.windows(2).any(|w| w[0] >= w[1]) {
        return Err(ConfigError::new(
            "milestones",
            format!("must be strictly increasing, got {milestones:?}"),
        ));
    }
    Ok(())
}
