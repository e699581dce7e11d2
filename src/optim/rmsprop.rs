//! RMSprop: every parameter's step is divided by the root of a running average of its
//! squared gradients.

use ndarray::{ArrayView1, ArrayViewMut1};

use crate::config::ConfigError;
use crate::optim::kernels::{stream1, stream2, stream3};
use crate::optim::{Optimizer, check_below_one, check_lr, check_non_negative};

/// `torch.optim.RMSprop(params, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
/// centered=False)`: the same update, with the same defaults. Per step, with learning rate
/// η, smoothing constant α, momentum μ, weight decay λ and ε:
///
/// ```text
/// g ← g + λθ                       (if λ ≠ 0: L2 weight decay, coupled)
/// v ← α v + (1 − α) g²
/// if centered:
///     ḡ ← α ḡ + (1 − α) g
///     ṽ ← v − ḡ²                   (an estimate of the gradient's variance)
/// else:
///     ṽ ← v
/// if μ > 0:
///     b ← μ b + g / (√ṽ + ε)
///     θ ← θ − η b
/// else:
///     θ ← θ − η g / (√ṽ + ε)
/// ```
///
/// ε is added after the square root, also when centered (√(v − ḡ²) + ε), as in PyTorch
/// (TensorFlow puts it inside). v, ḡ and b start at 0 and there is no bias correction, so
/// the first step is large: |Δθ| ≈ η/√(1 − α) = 10 η at α = 0.99.
///
/// The state (v; ḡ if centered; b if μ > 0) is allocated on the first
/// [`Optimizer::step`], with the length of the parameters. There is no deviation from
/// PyTorch in the update.
///
/// The settings are PyTorch's arguments, by the same names; the setters only set, and
/// [`Rmsprop::check`] (which the training loop calls) reports PyTorch's constraints (all
/// ≥ 0) and further asks α and μ to be below 1.
#[derive(Clone, Debug)]
pub struct Rmsprop {
    /// η (PyTorch's `lr`).
    pub lr: f64,
    /// α (PyTorch's `alpha`, default 0.99).
    pub alpha: f64,
    /// ε (PyTorch's `eps`, default 1e-8).
    pub eps: f64,
    /// λ (PyTorch's `weight_decay`, default 0).
    pub weight_decay: f64,
    /// μ (PyTorch's `momentum`, default 0).
    pub momentum: f64,
    /// Centered RMSprop (PyTorch's `centered`, default false).
    pub centered: bool,
    /// The running average of squared gradients v; empty until the first step.
    square_avg: Vec<f64>,
    /// The running average of gradients ḡ; empty unless centered.
    grad_avg: Vec<f64>,
    /// The momentum buffer b; empty unless μ > 0.
    buf: Vec<f64>,
}

impl Rmsprop {
    /// Its settings besides the rate, by their names here (PyTorch's).
    pub const SETTINGS: &[&str] = &["alpha", "eps", "weight_decay", "momentum", "centered"];

    /// RMSprop with learning rate `lr` (PyTorch's default is 0.01) and every other option at
    /// PyTorch's default.
    pub fn new(lr: f64) -> Self {
        Rmsprop {
            lr,
            alpha: 0.99,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum: 0.0,
            centered: false,
            square_avg: Vec::new(),
            grad_avg: Vec::new(),
            buf: Vec::new(),
        }
    }

    /// Smoothing constant α in [0, 1) of the running averages (PyTorch's `alpha`, default 0.99).
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// ε ≥ 0, added to the root (PyTorch's `eps`, default 1e-8).
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// L2 weight decay λ ≥ 0, added to the gradient (PyTorch's `weight_decay`, default 0).
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }

    /// Momentum μ in [0, 1) on the normalized step (PyTorch's `momentum`, default 0).
    pub fn momentum(mut self, momentum: f64) -> Self {
        self.momentum = momentum;
        self
    }

    /// Normalize by the gradient's variance estimate v − ḡ² instead of v (PyTorch's
    /// `centered`, default false).
    pub fn centered(mut self, centered: bool) -> Self {
        self.centered = centered;
        self
    }

    /// The first setting out of range: `lr` not finite and > 0, `alpha` or `momentum`
    /// outside [0, 1), or `eps` or `weight_decay` not finite and ≥ 0.
    pub fn check(&self) -> Result<(), ConfigError> {
        check_lr(self.lr)?;
        check_below_one("alpha", self.alpha)?;
        check_non_negative("eps", self.eps)?;
        check_non_negative("weight_decay", self.weight_decay)?;
        check_below_one("momentum", self.momentum)
    }
}

impl Optimizer for Rmsprop {
    fn name(&self) -> String {
        "rmsprop".into()
    }

    fn lr(&self) -> f64 {
        self.lr
    }

    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn step(&mut self, params: ArrayViewMut1<f64>, grad: ArrayView1<f64>) {
        let n = params.len();
        // Each buffer is allocated the first time the options need it.
        if self.square_avg.is_empty() {
            self.square_avg = vec![0.0; n];
        }
        if self.centered && self.grad_avg.is_empty() {
            self.grad_avg = vec![0.0; n];
        }
        if self.momentum > 0.0 && self.buf.is_empty() {
            self.buf = vec![0.0; n];
        }

        let (lr, alpha, eps, wd, mu) = (
            self.lr,
            self.alpha,
            self.eps,
            self.weight_decay,
            self.momentum,
        );
        let one_minus_alpha = 1.0 - alpha;
        let decayed = move |g: f64, p: f64| if wd != 0.0 { g + wd * p } else { g };
        // One loop per combination of options, each a single pass over the vectors.
        let (v, a, b) = (&mut self.square_avg, &mut self.grad_avg, &mut self.buf);
        match (self.centered, mu > 0.0) {
            (false, false) => stream1(params, grad, v, |p, g, v| {
                let g = decayed(g, *p);
                *v = alpha * *v + one_minus_alpha * g * g;
                *p -= lr * g / (v.sqrt() + eps);
            }),
            (false, true) => stream2(params, grad, v, b, |p, g, v, b| {
                let g = decayed(g, *p);
                *v = alpha * *v + one_minus_alpha * g * g;
                *b = mu * *b + g / (v.sqrt() + eps);
                *p -= lr * *b;
            }),
            (true, false) => stream2(params, grad, v, a, |p, g, v, a| {
                let g = decayed(g, *p);
                *v = alpha * *v + one_minus_alpha * g * g;
                *a = alpha * *a + one_minus_alpha * g;
                *p -= lr * g / ((*v - *a * *a).sqrt() + eps);
            }),
            (true, true) => stream3(params, grad, v, a, b, |p, g, v, a, b| {
                let g = decayed(g, *p);
                *v = alpha * *v + one_minus_alpha * g * g;
                *a = alpha * *a + one_minus_alpha * g;
                *b = mu * *b + g / ((*v - *a * *a).sqrt() + eps);
                *p -= lr * *b;
            }),
        }
    }

    /// 1 (v), plus 1 if centered (ḡ), plus 1 with momentum (b).
    fn state_per_param(&self) -> usize {
        1 + usize::from(self.centered) + usize::from(self.momentum > 0.0)
    }

    fn check(&self) -> Result<(), ConfigError> {
        Rmsprop::check(self)
    }
}
