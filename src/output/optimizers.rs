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
use crate::optim::schedule_free::ScheduleFree;
use crate::optim::sgd::Sgd;
use crate::output::Given;
use crate::output::flags::FlagError;

/// The optimizers [`build`] knows, by command-line name.
pub const NAMES: &[&str] = &[
    "sgd",
    "momentum",
    "nesterov",
    "adagrad",
    "rmsprop",
    "adam",
    "adamw",
    "sgd-schedule-free",
    "adamw-schedule-free",
];

/// [`Settings`], declared once: each setting's field, its flag, and the optimizers' own
/// name for what it sets (both betas set Adam's `betas`).
macro_rules! settings {
    ($($(#[doc = $doc:literal])* $field:ident: $t:ty => $flag:literal sets $setting:literal,)*) => {
        /// Optimizer settings as given on the command line; `None` (or `false`) means "not
        /// given", so the default applies. See [`build`] for the defaults.
        #[derive(Clone, Debug, Default)]
        pub struct Settings {
            $($(#[doc = $doc])* pub $field: $t,)*
        }

        impl Settings {
            /// The flags of the settings that were given, in declaration order.
            pub fn given(&self) -> Vec<&'static str> {
                let mut given = Vec::new();
                $(if Given::given(&self.$field) {
                    given.push($flag);
                })*
                given
            }
        }

        /// Each flag and the optimizers' name for what it sets.
        const FLAGS: &[(&str, &str)] = &[$(($flag, $setting)),*];
    };
}

settings! {
    /// `--momentum` μ: SGD's and RMSprop's momentum.
    momentum: Option<f64> => "momentum" sets "momentum",
    /// `--dampening` τ: SGD's dampening of the gradient's share of the velocity.
    dampening: Option<f64> => "dampening" sets "dampening",
    /// `--alpha` α: RMSprop's smoothing constant.
    alpha: Option<f64> => "alpha" sets "alpha",
    /// `--eps` ε: Adagrad's, RMSprop's and Adam's term added to the denominator.
    eps: Option<f64> => "eps" sets "eps",
    /// `--beta1` β₁: Adam's decay rate of the first moment.
    beta1: Option<f64> => "beta1" sets "betas",
    /// `--beta2` β₂: Adam's decay rate of the second moment.
    beta2: Option<f64> => "beta2" sets "betas",
    /// `--weight-decay` λ: L2 (coupled) for every optimizer but AdamW, decoupled there.
    weight_decay: Option<f64> => "weight-decay" sets "weight_decay",
    /// `--amsgrad`: Adam's and AdamW's AMSGrad variant.
    amsgrad: bool => "amsgrad" sets "amsgrad",
    /// `--centered`: centered RMSprop.
    centered: bool => "centered" sets "centered",
    /// `--lr-decay` η: Adagrad's learning-rate decay.
    lr_decay: Option<f64> => "lr-decay" sets "lr_decay",
    /// `--warmup-steps`: the schedule-free optimizers' linear warm-up.
    warmup_steps: Option<usize> => "warmup-steps" sets "warmup_steps",
}

/// The flags of the settings each optimizer reads: its own list of settings, those that
/// have a flag (Adagrad's initial accumulator value has none; Nesterov and AdamW's
/// decoupling are names, not flags), in the optimizer's order. [`build`] rejects any
/// other, so that a setting the optimizer would silently ignore is reported instead.
/// Unknown names read none.
pub fn settings_of(name: &str) -> Vec<&'static str> {
    let settings: &[&str] = match name {
        "sgd" | "momentum" | "nesterov" => Sgd::SETTINGS,
        "adagrad" => Adagrad::SETTINGS,
        "rmsprop" => Rmsprop::SETTINGS,
        "adam" | "adamw" => Adam::SETTINGS,
        "sgd-schedule-free" => ScheduleFree::SGD_SETTINGS,
        "adamw-schedule-free" => ScheduleFree::ADAMW_SETTINGS,
        _ => &[],
    };
    settings
        .iter()
        .flat_map(|s| FLAGS.iter().filter(move |(_, setting)| setting == s))
        .map(|&(flag, _)| flag)
        .collect()
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
/// - `sgd-schedule-free`: the reference's `SGDScheduleFree`, momentum 0.9, weight decay 0,
///   no warm-up, `r` 0, `weight_lr_power` 2 ([`ScheduleFree`]);
/// - `adamw-schedule-free`: the reference's `AdamWScheduleFree` as in schedulefree 1.4.1,
///   betas 0.9 and 0.999, eps 1e-8, weight decay 0, no warm-up, `r` 0, `weight_lr_power` 2.
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
        "sgd-schedule-free" | "adamw-schedule-free" => {
            let mut sf = if name == "sgd-schedule-free" {
                ScheduleFree::sgd(lr).momentum(s.momentum.unwrap_or(0.9))
            } else {
                ScheduleFree::adamw(lr).betas(s.beta1.unwrap_or(0.9), s.beta2.unwrap_or(0.999))
            };
            sf = sf
                .weight_decay(s.weight_decay.unwrap_or(0.0))
                .warmup_steps(s.warmup_steps.unwrap_or(0));
            if let Some(eps) = s.eps {
                sf = sf.eps(eps);
            }
            sf.check()?;
            Box::new(sf)
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
