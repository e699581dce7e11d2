//! Stochastic gradient descent with PyTorch's options: momentum, dampening, Nesterov
//! momentum and (coupled, L2) weight decay.

use ndarray::{ArrayView1, ArrayViewMut1};

use crate::config::ConfigError;
use crate::optim::kernels::{stream0, stream1};
use crate::optim::{Optimizer, check_below_one, check_lr, check_non_negative};

/// `torch.optim.SGD(params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=False)`:
/// the same update, with the same defaults. Per step, with learning rate η, momentum μ,
/// dampening τ and weight decay λ:
///
/// ```text
/// g ← g + λθ                                  (if λ ≠ 0: L2 weight decay, coupled)
/// if μ ≠ 0:
///     b ← g                  on the first step
///     b ← μ b + (1 − τ) g    afterwards
///     g ← g + μ b            with Nesterov, else  g ← b
/// θ ← θ − η g
/// ```
///
/// This is PyTorch's form of momentum, not the "textbook" b ← μ b + η g, θ ← θ − b: here η
/// multiplies the whole velocity at the time of the step, so changing η between steps
/// ([`Optimizer::set_lr`], a schedule) rescales the entire step at once, accumulated
/// momentum included, instead of only the newest gradient's share. (Note also that the
/// first step stores b = g with no dampening, as PyTorch does.)
///
/// The momentum buffer is allocated on the first [`Optimizer::step`], with the length of
/// the parameters, and only if μ ≠ 0. There is no deviation from PyTorch in the update.
///
/// The settings are PyTorch's arguments, by the same names; the setters only set, and
/// [`Sgd::check`] (which the training loop calls) reports what PyTorch's constructor
/// rejects, and a little more.
#[derive(Clone, Debug)]
pub struct Sgd {
    /// η (PyTorch's `lr`).
    pub lr: f64,
    /// μ (PyTorch's `momentum`, default 0).
    pub momentum: f64,
    /// τ (PyTorch's `dampening`, default 0).
    pub dampening: f64,
    /// λ (PyTorch's `weight_decay`, default 0).
    pub weight_decay: f64,
    /// Nesterov momentum (PyTorch's `nesterov`, default false).
    pub nesterov: bool,
    /// The velocity b; empty until the first step (and forever if μ = 0).
    buf: Vec<f64>,
}

impl Sgd {
    /// Its settings besides the rate, by their names here (PyTorch's).
    pub const SETTINGS: &[&str] = &["momentum", "dampening", "weight_decay", "nesterov"];

    /// Plain SGD with learning rate `lr` and every option at PyTorch's default.
    pub fn new(lr: f64) -> Self {
        Sgd {
            lr,
            momentum: 0.0,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
            buf: Vec::new(),
        }
    }

    /// Momentum μ in [0, 1) (PyTorch's `momentum`, default 0).
    pub fn momentum(mut self, momentum: f64) -> Self {
        self.momentum = momentum;
        self
    }

    /// Dampening τ in [0, 1] of the gradient's share of the velocity (PyTorch's
    /// `dampening`, default 0).
    pub fn dampening(mut self, dampening: f64) -> Self {
        self.dampening = dampening;
        self
    }

    /// L2 weight decay λ ≥ 0, added to the gradient (PyTorch's `weight_decay`, default 0).
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }

    /// Nesterov momentum (PyTorch's `nesterov`, default false); needs momentum > 0 and
    /// dampening 0.
    pub fn nesterov(mut self, nesterov: bool) -> Self {
        self.nesterov = nesterov;
        self
    }

    /// The first setting out of range: `lr` not finite and > 0, `momentum` outside [0, 1),
    /// `dampening` outside [0, 1], `weight_decay` not finite and ≥ 0, or Nesterov without
    /// momentum > 0 (`momentum`) and dampening 0 (`dampening`).
    pub fn check(&self) -> Result<(), ConfigError> {
        check_lr(self.lr)?;
        check_below_one("momentum", self.momentum)?;
        ConfigError::check(
            "dampening",
            self.dampening,
            (0.0..=1.0).contains(&self.dampening),
            "must be in [0, 1]",
        )?;
        check_non_negative("weight_decay", self.weight_decay)?;
        if self.nesterov && self.momentum == 0.0 {
            return Err(ConfigError::new(
                "momentum",
                "Nesterov needs momentum > 0 and dampening 0, got momentum 0",
            ));
        }
        if self.nesterov && self.dampening != 0.0 {
            return Err(ConfigError::new(
                "dampening",
                format!(
                    "Nesterov needs momentum > 0 and dampening 0, got dampening {}",
                    self.dampening
                ),
            ));
        }
        Ok(())
    }
}

impl Optimizer for Sgd {
    /// `sgd` without momentum, `momentum` with it, `nesterov` with Nesterov momentum.
    fn name(&self) -> String {
        if self.nesterov {
            "nesterov".into()
        } else if self.momentum != 0.0 {
            "momentum".into()
        } else {
            "sgd".into()
        }
    }

    fn lr(&self) -> f64 {
        self.lr
    }

    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn step(&mut self, params: ArrayViewMut1<f64>, grad: ArrayView1<f64>) {
        let (lr, wd, mu) = (self.lr, self.weight_decay, self.momentum);
        // g + λθ, skipped when λ = 0 as in PyTorch (so an infinite θ does not make 0·∞ = NaN).
        let decayed = move |g: f64, p: f64| if wd != 0.0 { g + wd * p } else { g };

        if mu == 0.0 {
            stream0(params, grad, |p, g| *p -= lr * decayed(g, *p));
            return;
        }

        // b ← g on the first step (no dampening), μ b + (1 − τ) g afterwards.
        let first = self.buf.is_empty();
        if first {
            self.buf = vec![0.0; params.len()];
        }
        let keep = 1.0 - self.dampening;
        let velocity = move |b: f64, g: f64| if first { g } else { mu * b + keep * g };
        if self.nesterov {
            stream1(params, grad, &mut self.buf, |p, g, b| {
                let g = decayed(g, *p);
                *b = velocity(*b, g);
                *p -= lr * (g + mu * *b);
            });
        } else {
            stream1(params, grad, &mut self.buf, |p, g, b| {
                *b = velocity(*b, decayed(g, *p));
                *p -= lr * *b;
            });
        }
    }

    /// 1 (the velocity) with momentum, 0 without.
    fn state_per_param(&self) -> usize {
        usize::from(self.momentum != 0.0)
    }

    fn check(&self) -> Result<(), ConfigError> {
        Sgd::check(self)
    }
}
