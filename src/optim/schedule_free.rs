//! Schedule-free SGD and AdamW (Defazio et al. 2024, "The Road Less Scheduled"): no
//! decaying schedule, but an average of the iterates that is evaluated instead of them.

use ndarray::{Array1, ArrayView1, ArrayViewMut1};

use crate::config::ConfigError;
use crate::math;
use crate::optim::kernels::{stream1, stream2};
use crate::optim::{Optimizer, check_lr, check_non_negative};

/// Which base method drives the fast sequence z.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// `SGDScheduleFree`: z takes plain gradient steps.
    Sgd,
    /// `AdamWScheduleFree`: z takes steps normalized by √v, Adam's second moment.
    AdamW,
}

/// `schedulefree.SGDScheduleFree(params, lr=1.0, momentum=0.9, weight_decay=0,
/// warmup_steps=0, r=0, weight_lr_power=2)` from [`ScheduleFree::sgd`] and
/// `schedulefree.AdamWScheduleFree(params, lr=0.0025, betas=(0.9, 0.999), eps=1e-8,
/// weight_decay=0, warmup_steps=0, r=0, weight_lr_power=2)` from [`ScheduleFree::adamw`],
/// the authors' reference implementation (github.com/facebookresearch/schedule_free), as
/// the `schedulefree` package 1.4.1 defines them, with its defaults and its order of
/// operations. Three sequences share one start:
///
/// ```text
/// y = (1 − β)·z + β·x       the gradient is taken here (the parameters while training)
/// z ← z − γₖ·d              the base method's step, d = g + λy (SGD) or
///                           d = g/(√(v/(1 − β₂ᵏ⁺¹)) + ε) + λy
///                           with v ← β₂v + (1 − β₂)g² (AdamW)
/// x ← (1 − cₖ₊₁)·x + cₖ₊₁·z  a weighted average of the z's: the point evaluated
/// ```
///
/// with β the momentum (β₁ for AdamW, which keeps no first-moment average: β₁ only sets
/// where y sits), λ the weight decay and, at step k = 0, 1, …,
/// γₖ = lr · min(1, (k + 1)/`warmup_steps`), and the averaging weight
/// cₖ₊₁ = wₖ/Σᵢ≤ₖ wᵢ with wₖ = (k + 1)^r · (maxᵢ≤ₖ γᵢ)^`weight_lr_power`. With r = 0 and
/// no warm-up every wₖ is the same and x is the plain running mean of the z's; during a
/// warm-up the early, small steps weigh less.
///
/// AdamW follows `AdamWScheduleFree` since version 1.3, which divides v by its bias
/// correction. Before 1.3 (and in the package's `AdamWScheduleFreePaper`) the correction
/// multiplied the rate instead, γₖ = lr · sched · √(1 − β₂ᵏ⁺¹) with d = g/(√v + ε), which
/// also scaled the weight decay and the averaging weights; that version is not
/// implemented.
///
/// Like the reference, the parameters hold y and x is never stored: the step updates y in
/// place, `y ← lerp(y, z, c) + γ(β(1 − c) − 1)·d`, then z. The point evaluated, x, is
/// recovered as the reference's `optimizer.eval()` does, `x = lerp(y, z, 1 − 1/β)`, and
/// [`Optimizer::evaluation_point`] returns it, so a run's history records x and its loss.
/// One deviation, for AdamW: β₁ must be in (0, 1) here (the reference accepts β₁ = 0,
/// from which x cannot be recovered); the reference's SGD already refuses momentum ≤ 0.
#[derive(Clone, Debug)]
pub struct ScheduleFree {
    /// The base method.
    pub base: Base,
    /// γ (the reference's `lr`).
    pub lr: f64,
    /// β (SGD's `momentum`, AdamW's β₁), in (0, 1): how far y sits from z towards x.
    pub beta: f64,
    /// β₂ of AdamW's second moment (unused by SGD).
    pub beta2: f64,
    /// ε of AdamW (unused by SGD).
    pub eps: f64,
    /// λ (`weight_decay`), added to the step as λy.
    pub weight_decay: f64,
    /// Steps of linear warm-up of γ (`warmup_steps`).
    pub warmup_steps: usize,
    /// Power of the step count in the averaging weights (`r`).
    pub r: f64,
    /// Power of the largest rate so far in the averaging weights (`weight_lr_power`).
    pub weight_lr_power: f64,
    /// Steps taken (`k`).
    k: usize,
    /// The largest γ so far (`lr_max`).
    lr_max: f64,
    /// Σ wᵢ (`weight_sum`).
    weight_sum: f64,
    /// z; empty until the first step.
    z: Vec<f64>,
    /// AdamW's v (`exp_avg_sq`); empty for SGD and until the first step.
    v: Vec<f64>,
}

impl ScheduleFree {
    /// Schedule-free SGD's settings besides the rate, by the reference's names.
    pub const SGD_SETTINGS: &[&str] = &[
        "momentum",
        "weight_decay",
        "warmup_steps",
        "r",
        "weight_lr_power",
    ];

    /// Schedule-free AdamW's settings besides the rate, by the reference's names.
    pub const ADAMW_SETTINGS: &[&str] = &[
        "betas",
        "eps",
        "weight_decay",
        "warmup_steps",
        "r",
        "weight_lr_power",
    ];

    fn new(base: Base, lr: f64) -> Self {
        ScheduleFree {
            base,
            lr,
            beta: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
            warmup_steps: 0,
            r: 0.0,
            weight_lr_power: 2.0,
            k: 0,
            lr_max: -1.0,
            weight_sum: 0.0,
            z: Vec::new(),
            v: Vec::new(),
        }
    }

    /// Schedule-free SGD at rate `lr` (the reference's default is 1.0), momentum 0.9.
    pub fn sgd(lr: f64) -> Self {
        ScheduleFree::new(Base::Sgd, lr)
    }

    /// Schedule-free AdamW at rate `lr` (the reference's default is 0.0025), betas
    /// (0.9, 0.999), ε 1e-8.
    pub fn adamw(lr: f64) -> Self {
        ScheduleFree::new(Base::AdamW, lr)
    }

    /// β: SGD's `momentum` or AdamW's β₁.
    pub fn momentum(mut self, beta: f64) -> Self {
        self.beta = beta;
        self
    }

    /// AdamW's (β₁, β₂).
    pub fn betas(mut self, beta1: f64, beta2: f64) -> Self {
        self.beta = beta1;
        self.beta2 = beta2;
        self
    }

    /// AdamW's ε.
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// λ.
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }

    /// Steps of linear warm-up.
    pub fn warmup_steps(mut self, warmup_steps: usize) -> Self {
        self.warmup_steps = warmup_steps;
        self
    }

    /// The power r of the step count in the averaging weights.
    pub fn r(mut self, r: f64) -> Self {
        self.r = r;
        self
    }

    /// The power of the largest rate in the averaging weights.
    pub fn weight_lr_power(mut self, power: f64) -> Self {
        self.weight_lr_power = power;
        self
    }

    /// The first setting out of range: `lr` not finite and > 0, β (`momentum`, or
    /// `beta1`) outside (0, 1), `beta2` outside [0, 1), `eps`, `weight_decay`, `r` or
    /// `weight_lr_power` not finite and ≥ 0.
    pub fn check(&self) -> Result<(), ConfigError> {
        check_lr(self.lr)?;
        let beta_name = match self.base {
            Base::Sgd => "momentum",
            Base::AdamW => "beta1",
        };
        ConfigError::check(
            beta_name,
            self.beta,
            self.beta > 0.0 && self.beta < 1.0,
            "must be in (0, 1)",
        )?;
        if self.base == Base::AdamW {
            crate::optim::check_below_one("beta2", self.beta2)?;
            check_non_negative("eps", self.eps)?;
        }
        check_non_negative("weight_decay", self.weight_decay)?;
        check_non_negative("r", self.r)?;
        check_non_negative("weight_lr_power", self.weight_lr_power)
    }

    /// The averaged point x for training parameters y: the reference's `eval()`.
    pub fn average(&self, y: ArrayView1<f64>) -> Array1<f64> {
        if self.z.is_empty() {
            return y.to_owned();
        }
        let w = 1.0 - 1.0 / self.beta;
        y.iter()
            .zip(&self.z)
            .map(|(&y, &z)| lerp(y, z, w))
            .collect()
    }
}

/// `torch.lerp(start, end, weight)` with PyTorch's two formulas, so that weight 1 gives
/// `end` exactly.
fn lerp(start: f64, end: f64, weight: f64) -> f64 {
    if weight.abs() < 0.5 {
        start + weight * (end - start)
    } else {
        end - (end - start) * (1.0 - weight)
    }
}

impl Optimizer for ScheduleFree {
    /// `sgd-schedule-free` or `adamw-schedule-free`.
    fn name(&self) -> String {
        match self.base {
            Base::Sgd => "sgd-schedule-free".into(),
            Base::AdamW => "adamw-schedule-free".into(),
        }
    }

    fn lr(&self) -> f64 {
        self.lr
    }

    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn step(&mut self, params: ArrayViewMut1<f64>, grad: ArrayView1<f64>) {
        let k = self.k;
        let sched = if k < self.warmup_steps {
            (k + 1) as f64 / self.warmup_steps as f64
        } else {
            1.0
        };
        // Since schedulefree 1.3 the bias correction divides v, not the rate, so the
        // rate (and with it the averaging weights and the weight decay) is lr · sched.
        let lr = self.lr * sched;
        self.lr_max = self.lr_max.max(lr);
        let weight =
            math::powf((k + 1) as f64, self.r) * math::powf(self.lr_max, self.weight_lr_power);
        self.weight_sum += weight;
        let ckp1 = if self.weight_sum == 0.0 {
            0.0
        } else {
            weight / self.weight_sum
        };
        if self.z.is_empty() {
            self.z = params.to_vec();
        }
        let (beta, wd) = (self.beta, self.weight_decay);
        let y_coeff = lr * (beta * (1.0 - ckp1) - 1.0);
        let decayed = move |d: f64, y: f64| if wd != 0.0 { d + wd * y } else { d };
        match self.base {
            Base::Sgd => stream1(params, grad, &mut self.z, |y, g, z| {
                let d = decayed(g, *y);
                *y = lerp(*y, *z, ckp1);
                *y += y_coeff * d;
                *z -= lr * d;
            }),
            Base::AdamW => {
                if self.v.is_empty() {
                    self.v = vec![0.0; self.z.len()];
                }
                let (beta2, eps) = (self.beta2, self.eps);
                let bias_correction2 = 1.0 - math::powf(beta2, (k + 1) as f64);
                stream2(params, grad, &mut self.z, &mut self.v, |y, g, z, v| {
                    *v = *v * beta2 + (1.0 - beta2) * g * g;
                    let d = decayed(g / ((*v / bias_correction2).sqrt() + eps), *y);
                    *y = lerp(*y, *z, ckp1);
                    *y += y_coeff * d;
                    *z -= lr * d;
                })
            }
        }
        self.k = k + 1;
    }

    /// 1 (z) for SGD, 2 (z and v) for AdamW.
    fn state_per_param(&self) -> usize {
        match self.base {
            Base::Sgd => 1,
            Base::AdamW => 2,
        }
    }

    fn check(&self) -> Result<(), ConfigError> {
        ScheduleFree::check(self)
    }

    fn evaluation_point(&self, params: ArrayView1<f64>) -> Option<Array1<f64>> {
        Some(self.average(params))
    }
}
