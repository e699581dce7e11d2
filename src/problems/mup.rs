//! Two ways to set up the one-hidden-layer network [`Mlp`] as its width k grows: PyTorch's
//! standard parametrization (SP), and the maximal-update parametrization μP of Yang, Hu et
//! al. (2021, "Tensor Programs V: Tuning large neural networks via zero-shot hyperparameter
//! transfer"), in the form of their Table 3, with a base width k₀ at which the two agree
//! (what their `mup` package calls base shapes):
//!
//! | tensor | fan_in → fan_out | init scale, SP | init scale, μP | SGD rate, μP | Adam rate, μP |
//! |---|---|---|---|---|---|
//! | W1, b1 (input weights, biases) | d (or 1) → k | ±1/√fan_in | same as SP | η·k/k₀ | η |
//! | w2 (output weights) | k → 1 | ±1/√k | ±1/√k · √(k₀/k) | η·k₀/k | η·k₀/k |
//! | b2 (output bias) | 1 → 1 | ±1/√k | ±1/√k₀ | η | η |
//!
//! The init scale is the bound of PyTorch's uniform `nn.Linear` initialisation: μP shrinks
//! the output weights' variance from 1/k to k₀/k² (∝ 1/fan_in², Table 3's output row), and
//! keeps the output bias at its base-width size (Table 3 gives biases a width-independent
//! init; the `mup` package's `MuReadout` multiplies it by √(k/k₀)). Under
//! SP every rate is η. With no hidden-to-hidden matrix, Table 3's "hidden weights" row
//! does not arise. At k = k₀ both parametrizations are the same network and the same
//! optimizer.

use ndarray::{Array1, s};

use crate::problems::mlp::Mlp;

/// How the network's initialisation and per-layer rates depend on its width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parametrization {
    /// PyTorch's default: `nn.Linear` initialisation, one rate for every layer.
    Standard,
    /// μP (Table 3 of Tensor Programs V) with base width `base`.
    Mup { base: usize },
}

/// Which optimizer the per-layer rates are for: μP's rules differ for SGD and Adam.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    Sgd,
    Adam,
}

// ANCHOR: mup
/// The initial parameters for `seed`: PyTorch's initialisation ([`Mlp::init`]), with μP's
/// output weights scaled by √(k₀/k) and its output bias by √(k/k₀) (so ±1/√k₀ at every
/// width). The same seed draws the same numbers under both.
pub fn init(mlp: &Mlp, param: Parametrization, seed: u64) -> Array1<f64> {
    let mut theta = mlp.init(seed);
    if let Parametrization::Mup { base } = param {
        let (k, d) = (mlp.hidden, mlp.inputs());
        let shrink = (base as f64 / k as f64).sqrt();
        theta
            .slice_mut(s![k * d + k..k * d + 2 * k])
            .mapv_inplace(|w| w * shrink);
        theta[k * d + 2 * k] /= shrink;
    }
    theta
}

/// Each parameter's multiplier of the base rate η (all 1 under SP), in [`Mlp`]'s layout.
pub fn lr_multipliers(mlp: &Mlp, param: Parametrization, rule: Rule) -> Array1<f64> {
    let (k, d) = (mlp.hidden, mlp.inputs());
    let mut c = Array1::ones(mlp.dim());
    if let Parametrization::Mup { base } = param {
        let ratio = k as f64 / base as f64;
        if rule == Rule::Sgd {
            c.slice_mut(s![..k * d + k]).fill(ratio);
        }
        c.slice_mut(s![k * d + k..k * d + 2 * k]).fill(1.0 / ratio);
    }
    c
}
// ANCHOR_END: mup
