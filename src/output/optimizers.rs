//! Choosing an optimizer by name, with its settings from the command line.
//!
//! [`build`] turns `--optimizer NAME --lr ETA` plus optional settings into one of
//! [`Sgd`], [`Adagrad`], [`Rmsprop`] or [`Adam`], with PyTorch's defaults for everything
//! not given, and rejects bad values and settings the chosen optimizer would ignore, naming
//! the flag.

use crate::optim::Optimizer;
use crate::optim::adagrad::Adagrad;
use crate::optim::adam::Adam;
use crate::optim::rmsprop::Rmsprop;
use crate::optim::sgd::Sgd;
use crate::output::flags::FlagError;

/// The optimizers [`build`] knows, by command-line name.
pub const NAMES: &[&str] = &[
    "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw",
];

/// Optimizer settings as given on the command line; `None` (or `false`) means "not given",
/// so the default applies. See [`build`] for the defaults.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// `--momentum` μ: SGD's and RMSprop's momentum.
    pub momentum: Option<f64>,
    /// `--dampening` τ: SGD's dampening of the gradient's share of the velocity.
    pub dampening: Option<f64>,
    /// `--alpha` α: RMSprop's smoothing constant.
    pub alpha: Option<f64>,
    /// `--eps` ε: Adagrad's, RMSprop's and Adam's term added to the denominator.
    pub eps: Option<f64>,
    /// `--beta1` β₁: Adam's decay rate of the first moment.
    pub beta1: Option<f64>,
    /// `--beta2` β₂: Adam's decay rate of the second moment.
    pub beta2: Option<f64>,
    /// `--weight-decay` λ: L2 (coupled) for every optimizer but AdamW, decoupled there.
    pub weight_decay: Option<f64>,
    /// `--amsgrad`: Adam's and AdamW's AMSGrad variant.
    pub amsgrad: bool,
    /// `--centered`: centered RMSprop.
    pub centered: bool,
    /// `--lr-decay` η: Adagrad's learning-rate decay.
    pub lr_decay: Option<f64>,
}

impl Settings {
    /// The command-line names of the settings that were given, in declaration order.
    pub fn given(&self) -> Vec<&'static str> {
        [
            ("momentum", self.momentum.is_some()),
            ("dampening", self.dampening.is_some()),
            ("alpha", self.alpha.is_some()),
            ("eps", self.eps.is_some()),
            ("beta1", self.beta1.is_some()),
            ("beta2", self.beta2.is_some()),
            ("weight-decay", self.weight_decay.is_some()),
            ("amsgrad", self.amsgrad),
            ("centered", self.centered),
            ("lr-decay", self.lr_decay.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
        .collect()
    }
}

/// The settings each optimizer reads, by command-line name; [`build`] rejects any other,
/// so that a setting the optimizer would silently ignore is reported instead. Unknown
/// names read none.
pub fn settings_of(name: &str) -> &'static [&'static str] {
    match name {
        "sgd" | "momentum" | "nesterov" => &["momentum", "dampening", "weight-decay"],
        "adagrad" => &["lr-decay", "eps", "weight-decay"],
        "rmsprop" => &["alpha", "eps", "weight-decay", "momentum", "centered"],
        "adam" | "adamw" => &["beta1", "beta2", "eps", "weight-decay", "amsgrad"],
        _ => &[],
    }
}

/// The optimizer called `name` (one of [`NAMES`]) with learning rate `lr` and settings `s`.
///
/// Every setting not given takes PyTorch's default for that class:
///
/// - `sgd`: `torch.optim.SGD`, momentum 0, dampening 0, weight decay 0;
/// - `momentum`: the same with momentum 0.9 unless given;
/// - `nesterov`: the same with Nesterov momentum, momentum 0.9 unless given;
/// - `adagrad`: `torch.optim.Adagrad`, lr decay 0, weight decay 0, eps 1e-10 (the initial
///   accumulator value is not a command-line setting: it stays 0, see
///   [`Adagrad::initial_accumulator_value`]);
/// - `rmsprop`: `torch.optim.RMSprop`, alpha 0.99, eps 1e-8, weight decay 0, momentum 0,
///   not centered;
/// - `adam`: `torch.optim.Adam`, betas 0.9 and 0.999, eps 1e-8, weight decay 0 (L2);
/// - `adamw`: `torch.optim.AdamW`, the same but weight decay 0.01, decoupled.
///
/// PyTorch's learning-rate defaults do not apply: `lr` is always given.
///
/// Errors name the offending flag: an unknown name (`optimizer`); a setting the optimizer
/// does not read (e.g. `beta1` for `sgd`, `amsgrad` for anything but Adam, `centered` for
/// anything but RMSprop), and `dampening` for SGD without momentum; and whatever the
/// optimizer's own `check()` rejects ([`Sgd::check`], [`Adagrad::check`],
/// [`Rmsprop::check`], [`Adam::check`]), named by its flag (`weight_decay` is
/// `--weight-decay`). This module validates nothing else.
pub fn build(name: &str, lr: f64, s: &Settings) -> Result<Box<dyn Optimizer>, FlagError> {
    if !NAMES.contains(&name) {
        return Err(FlagError::new(
            "optimizer",
            format!("unknown optimizer {name:?}; known: {}", NAMES.join(", ")),
        ));
    }
    reject_unused(name, s)?;
    let optimizer: Box<dyn Optimizer> = match name {
        "sgd" | "momentum" | "nesterov" => {
            let default_momentum = if name == "sgd" { 0.0 } else { 0.9 };
            let sgd = Sgd::new(lr)
                .momentum(s.momentum.unwrap_or(default_momentum))
                .dampening(s.dampening.unwrap_or(0.0))
                .weight_decay(s.weight_decay.unwrap_or(0.0))
                .nesterov(name == "nesterov");
            sgd.check()?;
            if sgd.momentum == 0.0 && s.dampening.is_some() {
                return Err(FlagError::new(
                    "dampening",
                    format!("has no effect without momentum; the {name} optimizer has momentum 0"),
                ));
            }
            Box::new(sgd)
        }
        "adagrad" => {
            let mut adagrad = Adagrad::new(lr)
                .lr_decay(s.lr_decay.unwrap_or(0.0))
                .weight_decay(s.weight_decay.unwrap_or(0.0));
            if let Some(eps) = s.eps {
                adagrad = adagrad.eps(eps);
            }
            adagrad.check()?;
            Box::new(adagrad)
        }
        "rmsprop" => {
            let mut rmsprop = Rmsprop::new(lr)
                .momentum(s.momentum.unwrap_or(0.0))
                .weight_decay(s.weight_decay.unwrap_or(0.0))
                .centered(s.centered);
            if let Some(alpha) = s.alpha {
                rmsprop = rmsprop.alpha(alpha);
            }
            if let Some(eps) = s.eps {
                rmsprop = rmsprop.eps(eps);
            }
            rmsprop.check()?;
            Box::new(rmsprop)
        }
        "adam" | "adamw" => {
            let mut adam = if name == "adamw" {
                Adam::adamw(lr)
            } else {
                Adam::new(lr)
            };
            adam = adam
                .betas(s.beta1.unwrap_or(0.9), s.beta2.unwrap_or(0.999))
                .amsgrad(s.amsgrad);
            if let Some(weight_decay) = s.weight_decay {
                adam = adam.weight_decay(weight_decay);
            }
            if let Some(eps) = s.eps {
                adam = adam.eps(eps);
            }
            adam.check()?;
            Box::new(adam)
        }
        _ => unreachable!("every name in NAMES has a case"),
    };
    Ok(optimizer)
}

/// The first given setting that optimizer `name` does not read, as an error.
fn reject_unused(name: &str, s: &Settings) -> Result<(), FlagError> {
    let reads = settings_of(name);
    match s.given().into_iter().find(|g| !reads.contains(g)) {
        None => Ok(()),
        Some(unused) => {
            let takes = reads
                .iter()
                .map(|t| format!("--{t}"))
                .collect::<Vec<_>>()
                .join(", ");
            Err(FlagError::new(
                unused,
                format!("the {name} optimizer does not use it (it takes {takes})"),
            ))
        }
    }
}
