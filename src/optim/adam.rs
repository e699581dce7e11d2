//! Adam and AdamW: momentum on the gradient, divided by the root of a running average of
//! its square, both corrected for their start at zero.

use ndarray::{ArrayView1, ArrayViewMut1};

use crate::config::ConfigError;
use crate::math;
use crate::optim::kernels::{stream2, stream3};
use crate::optim::{Optimizer, check_below_one, check_lr, check_non_negative};

/// `torch.optim.Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
/// amsgrad=False)` from [`Adam::new`], and `torch.optim.AdamW(params, lr=0.001,
/// betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01, amsgrad=False)` from [`Adam::adamw`]
/// (which is PyTorch's `Adam(..., decoupled_weight_decay=True)`): the same updates, with
/// the same defaults. At step t = 1, 2, …, with learning rate η, betas β₁, β₂, weight decay
/// λ and ε:
///
/// ```text
/// Adam:   g ← g + λθ             (if λ ≠ 0: L2 weight decay, coupled: it goes through m and v)
/// AdamW:  θ ← θ − η λ θ          (decoupled: the parameters shrink, g is left alone)
/// m ← β₁ m + (1 − β₁) g
/// v ← β₂ v + (1 − β₂) g²
/// m̂ ← m / (1 − β₁ᵗ)
/// with AMSGrad:  v_max ← max(v_max, v);  v̂ ← v_max / (1 − β₂ᵗ)
/// without:       v̂ ← v / (1 − β₂ᵗ)
/// θ ← θ − η m̂ / (√v̂ + ε)        (ε outside the root, after bias correction)
/// ```
///
/// AMSGrad keeps the running maximum of the *uncorrected* v and divides that by the
/// current bias correction 1 − β₂ᵗ, as PyTorch's code always has and its current docs
/// state (older docs, up to about 2.0, wrote the maximum of the corrected v̂ instead; that
/// is not what the code computed). Like PyTorch's code, the step is evaluated as
/// θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε), which is the formula above.
///
/// The state (m, v, and v_max with AMSGrad) is allocated on the first
/// [`Optimizer::step`], with the length of the parameters. There is no deviation from
/// PyTorch in the update.
///
/// The settings are PyTorch's arguments, by the same names; the setters only set, and
/// [`Adam::check`] (which the training loop calls) reports PyTorch's constraints (β in
/// [0, 1), ε and λ ≥ 0).
#[derive(Clone, Debug)]
pub struct Adam {
    /// η (PyTorch's `lr`).
    pub lr: f64,
    /// (β₁, β₂) (PyTorch's `betas`, default (0.9, 0.999)).
    pub betas: (f64, f64),
    /// ε (PyTorch's `eps`, default 1e-8).
    pub eps: f64,
    /// λ (PyTorch's `weight_decay`, default 0 for Adam and 0.01 for AdamW).
    pub weight_decay: f64,
    /// The AMSGrad variant (PyTorch's `amsgrad`, default false).
    pub amsgrad: bool,
    /// AdamW's decoupled weight decay (PyTorch's `decoupled_weight_decay`).
    pub decoupled_weight_decay: bool,
    /// Steps taken so far.
    t: u64,
    /// First moment m; empty until the first step.
    m: Vec<f64>,
    /// Second moment v; empty until the first step.
    v: Vec<f64>,
    /// Running maximum of v; empty unless AMSGrad.
    v_max: Vec<f64>,
}

impl Adam {
    /// Its settings besides the rate, by their names here (PyTorch's).
    pub const SETTINGS: &[&str] = &[
        "betas",
        "eps",
        "weight_decay",
        "amsgrad",
        "decoupled_weight_decay",
    ];

    /// Adam with learning rate `lr` (PyTorch's default is 0.001) and every other option at
    /// PyTorch's default: no weight decay, no AMSGrad.
    pub fn new(lr: f64) -> Self {
        Adam {
            lr,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            amsgrad: false,
            decoupled_weight_decay: false,
            t: 0,
            m: Vec::new(),
            v: Vec::new(),
            v_max: Vec::new(),
        }
    }

    /// AdamW (`torch.optim.AdamW`) with learning rate `lr`: decoupled weight decay with
    /// PyTorch's default λ = 0.01.
    pub fn adamw(lr: f64) -> Self {
        Adam {
            weight_decay: 0.01,
            decoupled_weight_decay: true,
            ..Adam::new(lr)
        }
    }

    /// The decay rates (β₁, β₂) of the two running averages, each in [0, 1) (PyTorch's
    /// `betas`, default (0.9, 0.999)).
    pub fn betas(mut self, beta1: f64, beta2: f64) -> Self {
        self.betas = (beta1, beta2);
        self
    }

    /// ε ≥ 0, added to √v̂ (PyTorch's `eps`, default 1e-8).
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// Weight decay λ ≥ 0 (PyTorch's `weight_decay`: default 0 for Adam, where it is an L2
    /// term added to the gradient, and 0.01 for AdamW, where it shrinks θ directly).
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }

    /// The AMSGrad variant: divide by the running maximum of v (PyTorch's `amsgrad`,
    /// default false).
    pub fn amsgrad(mut self, amsgrad: bool) -> Self {
        self.amsgrad = amsgrad;
        self
    }

    /// Decoupled weight decay θ ← θ − ηλθ instead of g ← g + λθ (PyTorch's
    /// `decoupled_weight_decay`; true makes this AdamW). Keeps λ as it is.
    pub fn decoupled_weight_decay(mut self, decoupled: bool) -> Self {
        self.decoupled_weight_decay = decoupled;
        self
    }

    /// The first setting out of range: `lr` not finite and > 0, β₁ (`beta1`) or β₂
    /// (`beta2`) outside [0, 1), or `eps` or `weight_decay` not finite and ≥ 0.
    pub fn check(&self) -> Result<(), ConfigError> {
        check_lr(self.lr)?;
        check_below_one("beta1", self.betas.0)?;
        check_below_one("beta2", self.betas.1)?;
        check_non_negative("eps", self.eps)?;
        check_non_negative("weight_decay", self.weight_decay)
    }
}

/// The larger of `a` and `b`, NaN if either is NaN (as `torch.maximum`; `f64::max` would
/// drop the NaN and hide a diverged run).
fn nan_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

impl Optimizer for Adam {
    /// `adam`, or `adamw` with decoupled weight decay.
    fn name(&self) -> String {
        if self.decoupled_weight_decay {
            "adamw".into()
        } else {
            "adam".into()
        }
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
        if self.m.is_empty() {
            self.m = vec![0.0; n];
            self.v = vec![0.0; n];
        }
        if self.amsgrad && self.v_max.is_empty() {
            self.v_max = vec![0.0; n];
        }
        self.t += 1;
        let t = self.t as f64;

        let ((b1, b2), eps) = (self.betas, self.eps);
        let (one_minus_b1, one_minus_b2) = (1.0 - b1, 1.0 - b2);
        let step_size = self.lr / (1.0 - math::powf(b1, t));
        let bias_correction2_sqrt = (1.0 - math::powf(b2, t)).sqrt();
        // AdamW multiplies θ by 1 − ηλ (exactly 1, a no-op, for Adam); Adam adds λθ to g.
        let (shrink, l2) = if self.decoupled_weight_decay {
            (1.0 - self.lr * self.weight_decay, 0.0)
        } else {
            (1.0, self.weight_decay)
        };
        let decayed = move |g: f64, p: f64| if l2 != 0.0 { g + l2 * p } else { g };

        let (m, v) = (&mut self.m, &mut self.v);
        if self.amsgrad {
            stream3(params, grad, m, v, &mut self.v_max, |p, g, m, v, v_max| {
                let g = decayed(g, *p);
                *p *= shrink;
                *m = b1 * *m + one_minus_b1 * g;
                *v = b2 * *v + one_minus_b2 * g * g;
                *v_max = nan_max(*v_max, *v);
                *p -= step_size * *m / (v_max.sqrt() / bias_correction2_sqrt + eps);
            });
        } else {
            stream2(params, grad, m, v, |p, g, m, v| {
                let g = decayed(g, *p);
                *p *= shrink;
                *m = b1 * *m + one_minus_b1 * g;
                *v = b2 * *v + one_minus_b2 * g * g;
                *p -= step_size * *m / (v.sqrt() / bias_correction2_sqrt + eps);
            });
        }
    }

    /// 2 (m and v), plus 1 with AMSGrad (the running maximum of v).
    fn state_per_param(&self) -> usize {
        2 + usize::from(self.amsgrad)
    }

    fn check(&self) -> Result<(), ConfigError> {
        Adam::check(self)
    }
}
