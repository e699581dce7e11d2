//! Stochastic gradient descent with PyTorch's options: momentum, dampening, Nesterov
//! momentum and (coupled, L2) weight decay.

use ndarray::{ArrayView1, ArrayViewMut1};

use crate::optim::kernels::{stream0, stream1};
use crate::optim::{Optimizer, assert_non_negative};

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
/// The setters panic on what PyTorch's constructor rejects (μ < 0, λ < 0, Nesterov without
/// μ > 0 and τ = 0) and on τ < 0: set the momentum before turning Nesterov on.
/// [`crate::output::optimizers::build`] checks the same (and more) and reports errors instead.
#[derive(Clone, Debug)]
pub struct Sgd {
    lr: f64,
    momentum: f64,
    dampening: f64,
    weight_decay: f64,
    nesterov: bool,
    /// The velocity b; empty until the first step (and forever if μ = 0).
    buf: Vec<f64>,
}

impl Sgd {
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

    /// Momentum μ ≥ 0 (PyTorch's `momentum`, default 0).
    pub fn momentum(mut self, momentum: f64) -> Self {
        let momentum = assert_non_negative("momentum", momentum);
        assert!(
            !self.nesterov || momentum > 0.0,
            "Nesterov momentum needs momentum > 0"
        );
        self.momentum = momentum;
        self
    }

    /// Dampening τ of the gradient's share of the velocity (PyTorch's `dampening`, default 0).
    pub fn dampening(mut self, dampening: f64) -> Self {
        let dampening = assert_non_negative("dampening", dampening);
        assert!(
            !self.nesterov || dampening == 0.0,
            "Nesterov momentum needs dampening 0"
        );
        self.dampening = dampening;
        self
    }

    /// L2 weight decay λ ≥ 0, added to the gradient (PyTorch's `weight_decay`, default 0).
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = assert_non_negative("weight decay", weight_decay);
        self
    }

    /// Nesterov momentum (PyTorch's `nesterov`, default false); needs momentum > 0 and
    /// dampening 0, so set the momentum first.
    pub fn nesterov(mut self, nesterov: bool) -> Self {
        assert!(
            !nesterov || (self.momentum > 0.0 && self.dampening == 0.0),
            "Nesterov momentum needs momentum > 0 and dampening 0, got momentum {} and dampening {}",
            self.momentum,
            self.dampening
        );
        self.nesterov = nesterov;
        self
    }
}

impl Optimizer for Sgd {
    /// `sgd` without momentum, `momentum` with it, `nesterov` with Nesterov momentum: the
    /// names [`crate::output::optimizers::build`] takes.
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
}
