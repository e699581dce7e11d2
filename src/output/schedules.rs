//! Choosing a learning-rate schedule by name, with its settings from the command line.
//!
//! [`build`] turns `--schedule NAME --lr ETA --steps N` plus optional settings into one of
//! the schedules of [`crate::schedule`], with PyTorch's defaults for everything not given
//! (or defaults derived from the run length where PyTorch requires a value), and rejects
//! settings the chosen schedule would ignore, naming the flag. What a schedule reads is
//! its own list ([`crate::schedule::StepLR::SETTINGS`] and so on), and whether a value is
//! in range is its own `check()`: this module only translates names.

use crate::math;
use crate::output::Given;
use crate::output::flags::FlagError;
use crate::schedule::{
    AnnealStrategy, ClosedForm, Constant, CosineAnnealingLR, CosineAnnealingWarmRestarts, CyclicLR,
    CyclicMode, DecayShape, ExponentialLR, InverseSqrt, LinearLR, MultiStepLR, OneCycleLR,
    PlateauMode, PolynomialLR, ReduceLROnPlateau, Schedule, StepLR, ThresholdMode, Wsd,
};

/// [`Params`], declared once: each setting's field (the schedules' own name for it) and
/// its flag.
macro_rules! params {
    ($($field:ident: $t:ty => $flag:literal,)*) => {
        /// Schedule settings as given on the command line; `None` (or `false`) means "not
        /// given", so the default applies. See [`build`] for the defaults.
        #[derive(Clone, Debug, Default)]
        pub struct Params {
            $(#[doc = concat!("`--", $flag, "`")] pub $field: $t,)*
        }

        impl Params {
            /// The flags of the settings that were given, in declaration order.
            pub fn given(&self) -> Vec<&'static str> {
                let mut given = Vec::new();
                $(if Given::given(&self.$field) {
                    given.push($flag);
                })*
                given
            }
        }

        /// Each setting's name in the schedules and its flag.
        const FLAGS: &[(&str, &str)] = &[$((stringify!($field), $flag)),*];
    };
}

params! {
    step_size: Option<usize> => "step-size",
    gamma: Option<f64> => "gamma",
    milestones: Option<Vec<usize>> => "milestones",
    t_max: Option<usize> => "t-max",
    eta_min: Option<f64> => "eta-min",
    clamp: bool => "clamp",
    t0: Option<usize> => "t0",
    t_mult: Option<usize> => "t-mult",
    start_factor: Option<f64> => "start-factor",
    end_factor: Option<f64> => "end-factor",
    total_iters: Option<usize> => "total-iters",
    power: Option<f64> => "power",
    max_lr: Option<f64> => "max-lr",
    base_lr: Option<f64> => "base-lr",
    step_size_up: Option<usize> => "step-size-up",
    step_size_down: Option<usize> => "step-size-down",
    mode: Option<String> => "mode",
    pct_start: Option<f64> => "pct-start",
    anneal_strategy: Option<String> => "anneal-strategy",
    div_factor: Option<f64> => "div-factor",
    final_div_factor: Option<f64> => "final-div-factor",
    three_phase: bool => "three-phase",
    total_steps: Option<usize> => "total-steps",
    factor: Option<f64> => "factor",
    patience: Option<usize> => "patience",
    threshold: Option<f64> => "threshold",
    threshold_mode: Option<String> => "threshold-mode",
    cooldown: Option<usize> => "cooldown",
    min_lr: Option<f64> => "min-lr",
    warmup: Option<usize> => "warmup",
    warmup_steps: Option<usize> => "warmup-steps",
    decay_steps: Option<usize> => "decay-steps",
    decay_shape: Option<String> => "decay-shape",
}

/// The schedules [`build`] knows, by command-line name.
pub const NAMES: &[&str] = &[
    "constant",
    "step",
    "multistep",
    "exponential",
    "linear",
    "polynomial",
    "cosine",
    "cosine-restarts",
    "cyclic",
    "onecycle",
    "plateau",
    "inverse-sqrt",
    "wsd",
];

/// The flags of the settings the schedule `name` reads: its own list of settings, those
/// that have a flag (reduce-on-plateau's `eps` has none). Unknown names read none.
pub fn settings_of(name: &str) -> Vec<&'static str> {
    let settings: &[&str] = match name {
        "step" => StepLR::SETTINGS,
        "multistep" => MultiStepLR::SETTINGS,
        "exponential" => ExponentialLR::SETTINGS,
        "linear" => LinearLR::SETTINGS,
        "polynomial" => PolynomialLR::SETTINGS,
        "cosine" => CosineAnnealingLR::SETTINGS,
        "cosine-restarts" => CosineAnnealingWarmRestarts::SETTINGS,
        "cyclic" => CyclicLR::SETTINGS,
        "onecycle" => OneCycleLR::SETTINGS,
        "plateau" => ReduceLROnPlateau::SETTINGS,
        "inverse-sqrt" => InverseSqrt::SETTINGS,
        "wsd" => Wsd::SETTINGS,
        _ => &[],
    };
    settings
        .iter()
        .filter_map(|s| FLAGS.iter().find(|(field, _)| field == s))
        .map(|&(_, flag)| flag)
        .collect()
}

/// Reject a setting the schedule `name` does not read, so that a command line such as
/// `--schedule cosine --gamma 0.5` is an error rather than silently ignored.
pub fn reject_unused(name: &str, p: &Params) -> Result<(), FlagError> {
    let takes = settings_of(name);
    if let Some(unused) = p.given().into_iter().find(|g| !takes.contains(g)) {
        let takes = if takes.is_empty() {
            "no settings".to_string()
        } else {
            takes
                .iter()
                .map(|t| format!("--{t}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Err(FlagError::new(
            unused,
            format!("the {name} schedule does not use it (it takes {takes})"),
        ));
    }
    Ok(())
}

/// A schedule built by name: stepped by the step count, or reduce-on-plateau, which is
/// stepped with a metric.
#[derive(Debug)]
pub enum Built {
    Schedule(Box<dyn Schedule>),
    Plateau(ReduceLROnPlateau),
}

impl Built {
    /// The schedule's name.
    pub fn name(&self) -> &'static str {
        match self {
            Built::Schedule(s) => s.name(),
            Built::Plateau(p) => p.name(),
        }
    }

    /// The rate for the coming update.
    pub fn lr(&self) -> f64 {
        match self {
            Built::Schedule(s) => s.lr(),
            Built::Plateau(p) => p.lr(),
        }
    }

    /// Advance by one update; only reduce-on-plateau reads `metric`.
    pub fn step(&mut self, metric: f64) {
        match self {
            Built::Schedule(s) => s.step(),
            Built::Plateau(p) => p.step(metric),
        }
    }

    /// The rates of updates 0, 1, …, `steps` − 1 with nothing trained: reduce-on-plateau
    /// watches a metric that never improves on its first value, so it cuts every
    /// `patience + 1` steps.
    pub fn trace(&mut self, steps: usize) -> Vec<f64> {
        (0..steps)
            .map(|_| {
                let now = self.lr();
                self.step(0.0);
                now
            })
            .collect()
    }
}

/// The schedule called `name`, for base rate `lr` (the optimizer's rate) and a run of
/// `steps` updates, from command-line parameters `p`; parameters the schedule does not
/// use are ignored (see [`reject_unused`]).
///
/// Defaults are PyTorch's wherever PyTorch has one (see each struct). Where PyTorch
/// requires a value, the default is derived from the run length `steps`:
///
/// - `step`: `step_size` = ⌊steps/3⌋ (at least 1), two cuts within the run;
/// - `multistep`: `milestones` = [⌊steps/2⌋, ⌊3·steps/4⌋] (made strictly increasing and
///   at least 1), the classic cuts at half and three quarters of training;
/// - `exponential`: `gamma` = 0.01^(1/steps), so the rate is lr/100 after `steps` steps;
/// - `cosine`: `t_max` = steps, one half cosine over the run;
/// - `cosine-restarts`: `t0` = ⌊steps/4⌋ (at least 1);
/// - `onecycle`: `total_steps` = steps, and `max_lr` = lr;
/// - `inverse-sqrt`: `warmup` = ⌊steps/10⌋ (at least 1);
/// - `wsd`: `total_steps` = steps, `decay_steps` = ⌊steps/5⌋ (at least 1, the 20% cool-down
///   of Hägele et al. 2024), no warm-up, a linear decay to `eta_min` = 0;
/// - `cyclic`: `base_lr` = lr; `max_lr` has no default (as in PyTorch), so it is an error
///   to leave it out. `step_size_up` keeps PyTorch's 2000, which is long for a short run.
///
/// `polynomial` and `linear` keep PyTorch's `total_iters` = 5.
///
/// Errors name the offending flag: an unknown schedule (`schedule`), a base rate that is
/// not positive (`lr`), a missing `max-lr` for `cyclic`, unknown `mode`,
/// `anneal-strategy` or `threshold-mode` strings, and whatever the schedule's own
/// `check()` rejects, named by its flag (`t_max` is `--t-max`).
pub fn build(name: &str, lr: f64, steps: usize, p: &Params) -> Result<Built, FlagError> {
    if !NAMES.contains(&name) {
        return Err(FlagError::new(
            "schedule",
            format!("unknown schedule {name:?}; known: {}", NAMES.join(", ")),
        ));
    }
    // The base rate, whatever the schedule does with it.
    Constant { lr }.check()?;
    let steps = steps.max(1);
    let gamma = |default: f64| p.gamma.unwrap_or(default);
    let eta_min = p.eta_min.unwrap_or(0.0);
    match name {
        "constant" => Ok(Built::Schedule(Box::new(Constant { lr }))),
        "step" => checked(StepLR {
            lr,
            step_size: p.step_size.unwrap_or((steps / 3).max(1)),
            gamma: gamma(0.1),
        }),
        "multistep" => checked(MultiStepLR {
            lr,
            milestones: p.milestones.clone().unwrap_or_else(|| {
                let first = (steps / 2).max(1);
                vec![first, (3 * steps / 4).max(first + 1)]
            }),
            gamma: gamma(0.1),
        }),
        "exponential" => checked(ExponentialLR {
            lr,
            gamma: gamma(math::powf(0.01, 1.0 / steps as f64)),
        }),
        "linear" => {
            let defaults = LinearLR::new(lr);
            checked(LinearLR {
                start_factor: p.start_factor.unwrap_or(defaults.start_factor),
                end_factor: p.end_factor.unwrap_or(defaults.end_factor),
                total_iters: p.total_iters.unwrap_or(defaults.total_iters),
                ..defaults
            })
        }
        "polynomial" => {
            let defaults = PolynomialLR::new(lr);
            checked(PolynomialLR {
                total_iters: p.total_iters.unwrap_or(defaults.total_iters),
                power: p.power.unwrap_or(defaults.power),
                ..defaults
            })
        }
        "cosine" => checked(CosineAnnealingLR {
            t_max: p.t_max.unwrap_or(steps),
            eta_min,
            clamp: p.clamp,
            ..CosineAnnealingLR::new(lr, steps)
        }),
        "cosine-restarts" => checked(CosineAnnealingWarmRestarts {
            t_mult: p.t_mult.unwrap_or(1),
            eta_min,
            ..CosineAnnealingWarmRestarts::new(lr, p.t0.unwrap_or((steps / 4).max(1)))
        }),
        "cyclic" => {
            let Some(max_lr) = p.max_lr else {
                return Err(FlagError::new(
                    "max-lr",
                    "required for cyclic: the top of the cycle (PyTorch has no default)",
                ));
            };
            let defaults = CyclicLR::new(p.base_lr.unwrap_or(lr), max_lr);
            checked(CyclicLR {
                step_size_up: p.step_size_up.unwrap_or(defaults.step_size_up),
                step_size_down: p.step_size_down,
                mode: choice(
                    "mode",
                    p.mode.as_deref(),
                    CyclicMode::NAMES,
                    CyclicMode::parse,
                )?
                .unwrap_or(defaults.mode),
                gamma: gamma(defaults.gamma),
                ..defaults
            })
        }
        "onecycle" => {
            let defaults = OneCycleLR::new(p.max_lr.unwrap_or(lr), p.total_steps.unwrap_or(steps));
            checked(OneCycleLR {
                pct_start: p.pct_start.unwrap_or(defaults.pct_start),
                anneal_strategy: choice(
                    "anneal-strategy",
                    p.anneal_strategy.as_deref(),
                    AnnealStrategy::NAMES,
                    AnnealStrategy::parse,
                )?
                .unwrap_or(defaults.anneal_strategy),
                div_factor: p.div_factor.unwrap_or(defaults.div_factor),
                final_div_factor: p.final_div_factor.unwrap_or(defaults.final_div_factor),
                three_phase: p.three_phase,
                ..defaults
            })
        }
        "plateau" => {
            let defaults = ReduceLROnPlateau::new(lr);
            let plateau = ReduceLROnPlateau {
                mode: choice(
                    "mode",
                    p.mode.as_deref(),
                    PlateauMode::NAMES,
                    PlateauMode::parse,
                )?
                .unwrap_or(defaults.mode),
                threshold_mode: choice(
                    "threshold-mode",
                    p.threshold_mode.as_deref(),
                    ThresholdMode::NAMES,
                    ThresholdMode::parse,
                )?
                .unwrap_or(defaults.threshold_mode),
                factor: p.factor.unwrap_or(defaults.factor),
                patience: p.patience.unwrap_or(defaults.patience),
                threshold: p.threshold.unwrap_or(defaults.threshold),
                cooldown: p.cooldown.unwrap_or(defaults.cooldown),
                min_lr: p.min_lr.unwrap_or(defaults.min_lr),
                ..defaults
            };
            plateau.check()?;
            Ok(Built::Plateau(plateau))
        }
        "inverse-sqrt" => checked(InverseSqrt {
            lr,
            warmup: p.warmup.unwrap_or((steps / 10).max(1)),
        }),
        "wsd" => checked(Wsd {
            warmup_steps: p.warmup_steps.unwrap_or(0),
            decay_shape: choice(
                "decay-shape",
                p.decay_shape.as_deref(),
                DecayShape::NAMES,
                DecayShape::parse,
            )?
            .unwrap_or(DecayShape::Linear),
            eta_min,
            ..Wsd::new(lr, steps, p.decay_steps.unwrap_or((steps / 5).max(1)))
        }),
        _ => unreachable!("every name in NAMES has a case"),
    }
}

/// `schedule`, checked once, made steppable.
fn checked<C: ClosedForm + 'static>(schedule: C) -> Result<Built, FlagError> {
    schedule.check()?;
    Ok(Built::Schedule(schedule.boxed()))
}

/// `value`, if given, parsed as one of the allowed `names`.
fn choice<T>(
    flag: &'static str,
    value: Option<&str>,
    names: &[&str],
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, FlagError> {
    value
        .map(|v| {
            parse(v).ok_or_else(|| {
                FlagError::new(
                    flag,
                    format!("must be one of {}, got {v:?}", names.join(", ")),
                )
            })
        })
        .transpose()
}
