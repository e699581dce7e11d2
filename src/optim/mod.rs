//! The update rule: how an optimizer turns a gradient into a step.
//!
//! The interface follows PyTorch's `torch.optim.Optimizer`: the optimizer owns its learning
//! rate (`param_groups[0]["lr"]` there), a schedule may change it between steps with
//! [`Optimizer::set_lr`], and [`Optimizer::step`] updates the parameters in place.

pub mod adagrad;
pub mod adam;
pub mod clip;
mod kernels;
pub mod rmsprop;
pub mod sgd;

pub use adagrad::Adagrad;
pub use adam::Adam;
pub use rmsprop::Rmsprop;
pub use sgd::Sgd;

use ndarray::{ArrayView1, ArrayViewMut1};

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

/// A builder's guard: `value` itself, once it is checked to be ≥ 0. A negative rate of
/// decay, momentum or ε is a programming error here; the examples' flags are checked, with
/// a one-line message, before any optimizer is built.
pub(crate) fn assert_non_negative(name: &str, value: f64) -> f64 {
    assert!(value >= 0.0, "{name} must be ≥ 0, got {value}");
    value
}
