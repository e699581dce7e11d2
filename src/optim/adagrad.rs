//! Adagrad: every parameter's step is divided by the root of the sum of its squared
//! gradients so far.

use ndarray::{ArrayView1, ArrayViewMut1};

use crate::config::ConfigError;
use crate::optim::kernels::stream1;
use crate::optim::{Optimizer, check_lr, check_non_negative};

/// `torch.optim.Adagrad(params, lr=0.01, lr_decay=0, weight_decay=0,
/// initial_accumulator_value=0, eps=1e-10)`: the same update, with the same defaults. At
/// step t = 1, 2, …, with learning rate γ, learning-rate decay η, weight decay λ and ε:
///
/// ```text
/// γ̃ ← γ / (1 + (t − 1) η)      (the first step uses γ itself)
/// g ← g + λθ                    (if λ ≠ 0: L2 weight decay, coupled)
/// s ← s + g²                    (s starts at initial_accumulator_value)
/// θ ← θ − γ̃ g / (√s + ε)        (ε outside the square root)
/// ```
///
/// PyTorch's docs show `state_sum₀ ← 0` while listing the initial accumulator value τ as an
/// input; its code fills the sum with τ when the state is created, and so does this. The
/// sum is allocated on the first [`Optimizer::step`], with the length of the parameters.
/// There is no deviation from PyTorch in the update.
///
/// The settings are PyTorch's arguments, by the same names; the setters only set, and
/// [`Adagrad::check`] (which the training loop calls) reports PyTorch's constraints (all
/// ≥ 0).
#[derive(Clone, Debug)]
pub struct Adagrad {
    /// γ (PyTorch's `lr`).
    pub lr: f64,
    /// η (PyTorch's `lr_decay`, default 0).
    pub lr_decay: f64,
    /// λ (PyTorch's `weight_decay`, default 0).
    pub weight_decay: f64,
    /// The sum's starting value (PyTorch's `initial_accumulator_value`, default 0).
    pub initial_accumulator_value: f64,
    /// ε (PyTorch's `eps`, default 1e-10).
    pub eps: f64,
    /// Steps taken so far.
    t: u64,
    /// The sum of squared gradients s; empty until the first step.
    sum: Vec<f64>,
}

impl Adagrad {
    /// Its settings besides the rate, by their names here (PyTorch's).
    pub const SETTINGS: &[&str] = &[
        "lr_decay",
        "weight_decay",
        "initial_accumulator_value",
        "eps",
    ];

    /// Adagrad with learning rate `lr` (PyTorch's default is 0.01) and every other option
    /// at PyTorch's default.
    pub fn new(lr: f64) -> Self {
        Adagrad {
            lr,
            lr_decay: 0.0,
            weight_decay: 0.0,
            initial_accumulator_value: 0.0,
            eps: 1e-10,
            t: 0,
            sum: Vec::new(),
        }
    }

    /// Learning-rate decay η ≥ 0: step t uses γ / (1 + (t − 1) η) (PyTorch's `lr_decay`,
    /// default 0).
    pub fn lr_decay(mut self, lr_decay: f64) -> Self {
        self.lr_decay = lr_decay;
        self
    }

    /// L2 weight decay λ ≥ 0, added to the gradient (PyTorch's `weight_decay`, default 0).
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }

    /// The value the sum of squares starts from (PyTorch's `initial_accumulator_value`,
    /// default 0); it damps the first steps.
    pub fn initial_accumulator_value(mut self, value: f64) -> Self {
        self.initial_accumulator_value = value;
        self
    }

    /// ε ≥ 0, added to √s (PyTorch's `eps`, default 1e-10).
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// The first setting out of range: `lr` not finite and > 0, or `lr_decay`,
    /// `weight_decay`, `initial_accumulator_value` or `eps` not finite and ≥ 0.
    pub fn check(&self) -> Result<(), ConfigError> {
        check_lr(self.lr)?;
        check_non_negative("lr_decay", self.lr_decay)?;
        check_non_negative("weight_decay", self.weight_decay)?;
        check_non_negative("initial_accumulator_value", self.initial_accumulator_value)?;
        check_non_negative("eps", self.eps)
    }
}

impl Optimizer for Adagrad {
    fn name(&self) -> String {
        "adagrad".into()
    }

    /// The base rate γ (before the `lr_decay` division), as in PyTorch's `param_groups`.
    fn lr(&self) -> f64 {
        self.lr
    }

    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn step(&mut self, params: ArrayViewMut1<f64>, grad: ArrayView1<f64>) {
        if self.t == 0 {
            self.sum = vec![self.initial_accumulator_value; params.len()];
        }
        self.t += 1;
        let clr = self.lr / (1.0 + (self.t - 1) as f64 * self.lr_decay);
        let (wd, eps) = (self.weight_decay, self.eps);
        stream1(params, grad, &mut self.sum, |p, g, s| {
            let g = if wd != 0.0 { g + wd * *p } else { g };
            *s += g * g;
            *p -= clr * g / (s.sqrt() + eps);
        });
    }

    /// 1: the sum of squared gradients.
    fn state_per_param(&self) -> usize {
        1
    }

    fn check(&self) -> Result<(), ConfigError> {
        Adagrad::check(self)
    }
}
