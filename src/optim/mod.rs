//! The update rule: how an optimizer turns a gradient into a step.
//!
//! The interface follows PyTorch's `torch.optim.Optimizer`: the optimizer owns its learning
//! rate (`param_groups[0]["lr"]` there), a schedule may change it between steps with
//! [`Optimizer::set_lr`], and [`Optimizer::step`] updates the parameters in place.

pub mod adagrad;
pub mod adam;
pub mod clip;
mod kernels;
pub mod per_param;
pub mod rmsprop;
pub mod schedule_free;
pub mod sgd;

pub use adagrad::Adagrad;
pub use adam::Adam;
pub use rmsprop::Rmsprop;
pub use schedule_free::ScheduleFree;
pub use sgd::Sgd;

use ndarray::{Array1, ArrayView1, ArrayViewMut1};

use crate::config::ConfigError;

/// Anything that updates parameters from their gradient.
pub trait Optimizer {
    /// A short name for tables and CSV, e.g. `gd`.
    fn name(&self) -> String;

    /// The learning rate η the next step will use.
    fn lr(&self) -> f64;

    /// Change η before the next step (what a learning-rate schedule does).
    fn set_lr(&mut self, lr: f64);

    /// Apply one update to `params`, given the gradient at `params`.
    fn step(&mut self, params: ArrayViewMut1<f64>, grad: ArrayView1<f64>);

    /// How many numbers of state the optimizer keeps per parameter (momentum buffers,
    /// running averages): its memory cost is this times 8 bytes per parameter.
    fn state_per_param(&self) -> usize {
        0
    }

    /// The first setting out of range, if any (PyTorch raises it from the constructor).
    /// The training loop calls this once, before the first update.
    fn check(&self) -> Result<(), ConfigError> {
        Ok(())
    }

    /// The point a run is judged at, when it is not the one the gradient is taken at
    /// (`params`): schedule-free optimizers take gradients at y and are evaluated at their
    /// average x (the reference's `optimizer.eval()`). The training loop records this
    /// point and its loss. `None`, for every other optimizer: `params` itself.
    fn evaluation_point(&self, _params: ArrayView1<f64>) -> Option<Array1<f64>> {
        None
    }
}

/// Plain gradient descent, θ ← θ − η ∇L(θ).
///
/// This is `torch.optim.SGD(params, lr)` with every option at its default (no momentum,
/// no weight decay): the same update, in the same order of operations.
#[derive(Clone, Debug)]
pub struct GradientDescent {
    lr: f64,
}

impl GradientDescent {
    pub fn new(lr: f64) -> Self {
        GradientDescent { lr }
    }
}

impl Optimizer for GradientDescent {
    fn name(&self) -> String {
        "gd".into()
    }

    fn lr(&self) -> f64 {
        self.lr
    }

    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn step(&mut self, mut params: ArrayViewMut1<f64>, grad: ArrayView1<f64>) {
        params.scaled_add(-self.lr, &grad);
    }
}

/// The learning rate: a finite number greater than 0.
pub(crate) fn check_lr(lr: f64) -> Result<(), ConfigError> {
    ConfigError::check(
        "lr",
        lr,
        lr > 0.0 && lr.is_finite(),
        "must be a finite number greater than 0",
    )?;
    Ok(())
}

/// A rate of decay, ε or an accumulator's start: a finite number ≥ 0.
pub(crate) fn check_non_negative(setting: &'static str, value: f64) -> Result<(), ConfigError> {
    ConfigError::check(
        setting,
        value,
        value >= 0.0 && value.is_finite(),
        "must be a finite number ≥ 0",
    )?;
    Ok(())
}

/// A momentum, smoothing constant or β: in [0, 1). (PyTorch accepts α ≥ 1 and μ ≥ 1,
/// with which a running average no longer forgets or a velocity grows without bound; the
/// book has no use for them.)
pub(crate) fn check_below_one(setting: &'static str, value: f64) -> Result<(), ConfigError> {
    ConfigError::check(
        setting,
        value,
        (0.0..1.0).contains(&value),
        "must be in [0, 1)",
    )?;
    Ok(())
}
