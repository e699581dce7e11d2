//! `cargo run --example schedules -- --schedule NAME [settings]`: one schedule on its own,
//! as a table, a CSV and a figure, instead of the chapter's experiments.

use stepsize::output::flags::{Args, Kind, Opt};
use stepsize::output::report::Report;
use stepsize::output::schedules::{self, Params};
use stepsize::output::table::{Table, num, sig};

/// The sections of the chapter's experiments, in the order the chapter tells them.
pub const SECTIONS: &[&str] = &["notes", "zoo", "noise", "decay", "plateau", "warmup"];

/// `--seeds`, and the sections that read it (the noisy ones): refused without one of them.
pub const SECTION_FLAGS: &[(&str, &str)] = &[("seeds", "noise"), ("seeds", "decay")];

/// Every flag of `schedules`. All but `--section` and `--seeds` (and the common --csv,
/// --out, --help) belong to the `--schedule` mode: the chapter's experiments read only
/// those two.
pub const OPTIONS: &[Opt] = &[
    Opt::new(
        "section",
        Kind::MaybeChoices(SECTIONS),
        "",
        "print only these sections of the chapter's experiments, in the chapter's order; without it, every section",
    ),
    Opt::new(
        "schedule",
        Kind::MaybeChoice(schedules::NAMES),
        "",
        "print this one schedule instead of the chapter's experiments",
    ),
    Opt::new(
        "lr",
        Kind::Lr,
        "0.1",
        "base learning rate (the optimizer's lr) for --schedule",
    ),
    Opt::new("steps", Kind::Steps, "100", "steps to print for --schedule").at_most(100_000),
    Opt::new(
        "seeds",
        Kind::Steps,
        "5",
        "sections noise and decay: the seeds averaged",
    )
    .at_most(20),
    Opt::new(
        "step-size",
        Kind::MaybeCount,
        "",
        "StepLR: steps between decays",
    ),
    Opt::new(
        "gamma",
        Kind::MaybeNumber,
        "",
        "StepLR/MultiStepLR/ExponentialLR decay factor; CyclicLR exp_range factor",
    ),
    Opt::new(
        "milestones",
        Kind::MaybeCounts,
        "",
        "MultiStepLR: steps at which to decay",
    ),
    Opt::new(
        "t-max",
        Kind::MaybeCount,
        "",
        "CosineAnnealingLR: steps of one half-cosine",
    ),
    Opt::new(
        "eta-min",
        Kind::MaybeNumber,
        "",
        "cosine schedules, wsd: the lowest rate",
    ),
    Opt::new(
        "clamp",
        Kind::Flag,
        "",
        "cosine: hold eta-min after t-max instead of PyTorch's climb back",
    ),
    Opt::new(
        "t0",
        Kind::MaybeCount,
        "",
        "CosineAnnealingWarmRestarts: steps before the first restart",
    ),
    Opt::new(
        "t-mult",
        Kind::MaybeCount,
        "",
        "CosineAnnealingWarmRestarts: growth of the period",
    ),
    Opt::new(
        "start-factor",
        Kind::MaybeNumber,
        "",
        "LinearLR: factor at step 0",
    ),
    Opt::new(
        "end-factor",
        Kind::MaybeNumber,
        "",
        "LinearLR: factor from total-iters on",
    ),
    Opt::new(
        "total-iters",
        Kind::MaybeCount,
        "",
        "LinearLR/PolynomialLR: steps of the change",
    ),
    Opt::new("power", Kind::MaybeNumber, "", "PolynomialLR: the power"),
    Opt::new(
        "max-lr",
        Kind::MaybeNumber,
        "",
        "CyclicLR/OneCycleLR: the peak rate",
    ),
    Opt::new(
        "base-lr",
        Kind::MaybeNumber,
        "",
        "CyclicLR: the lowest rate",
    ),
    Opt::new(
        "step-size-up",
        Kind::MaybeCount,
        "",
        "CyclicLR: steps from base-lr to max-lr",
    ),
    Opt::new(
        "step-size-down",
        Kind::MaybeCount,
        "",
        "CyclicLR: steps back down",
    ),
    Opt::new(
        "mode",
        Kind::MaybeChoice(&["triangular", "triangular2", "exp_range", "min", "max"]),
        "",
        "CyclicLR: triangular|triangular2|exp_range; ReduceLROnPlateau: min|max",
    ),
    Opt::new(
        "pct-start",
        Kind::MaybeNumber,
        "",
        "OneCycleLR: share of steps spent rising",
    ),
    Opt::new(
        "anneal-strategy",
        Kind::MaybeChoice(&["cos", "linear"]),
        "",
        "OneCycleLR: cos|linear",
    ),
    Opt::new(
        "div-factor",
        Kind::MaybeNumber,
        "",
        "OneCycleLR: initial rate = max-lr/div-factor",
    ),
    Opt::new(
        "final-div-factor",
        Kind::MaybeNumber,
        "",
        "OneCycleLR: final rate = initial/final-div-factor",
    ),
    Opt::new(
        "three-phase",
        Kind::Flag,
        "",
        "OneCycleLR: fast.ai's three phases",
    ),
    Opt::new(
        "total-steps",
        Kind::MaybeCount,
        "",
        "OneCycleLR: length of the cycle",
    ),
    Opt::new(
        "factor",
        Kind::MaybeNumber,
        "",
        "ReduceLROnPlateau: cut factor",
    ),
    Opt::new(
        "patience",
        Kind::MaybeCount,
        "",
        "ReduceLROnPlateau: bad steps tolerated",
    ),
    Opt::new(
        "threshold",
        Kind::MaybeNumber,
        "",
        "ReduceLROnPlateau: least improvement that counts",
    ),
    Opt::new(
        "threshold-mode",
        Kind::MaybeChoice(&["rel", "abs"]),
        "",
        "ReduceLROnPlateau: rel|abs",
    ),
    Opt::new(
        "cooldown",
        Kind::MaybeCount,
        "",
        "ReduceLROnPlateau: steps to wait after a cut",
    ),
    Opt::new(
        "min-lr",
        Kind::MaybeNumber,
        "",
        "ReduceLROnPlateau: the lowest rate",
    ),
    Opt::new(
        "warmup",
        Kind::MaybeCount,
        "",
        "inverse-sqrt: warm-up steps",
    ),
    Opt::new(
        "warmup-steps",
        Kind::MaybeCount,
        "",
        "wsd: linear warm-up steps",
    ),
    Opt::new(
        "decay-steps",
        Kind::MaybeCount,
        "",
        "wsd: steps of the final decay",
    ),
    Opt::new(
        "decay-shape",
        Kind::MaybeChoice(&["linear", "cosine", "sqrt"]),
        "",
        "wsd: linear|cosine|sqrt (1 - sqrt)",
    ),
];
use crate::figures::rate_chart;

/// `--schedule NAME` with the rate, steps and settings given on the command line.
pub fn print(report: &mut Report, name: &str, args: &Args) {
    let params = params_from(args);
    print_one(
        report,
        name,
        args.number("lr"),
        args.steps("steps"),
        &params,
    );
}

/// Without `--schedule`, its settings are bad input: the chapter's experiments fix their own.
pub fn require_schedule_for_its_flags(args: &Args) {
    let single_run: Vec<&str> = OPTIONS
        .iter()
        .map(|o| o.name)
        .filter(|n| !["schedule", "section", "seeds"].contains(n))
        .collect();
    args.require_with("schedule", &single_run);
}

/// The schedule-specific flags, gathered for [`schedules::build`].
fn params_from(args: &Args) -> Params {
    Params {
        step_size: args.maybe_count("step-size"),
        gamma: args.maybe_number("gamma"),
        milestones: args.maybe_counts("milestones"),
        t_max: args.maybe_count("t-max"),
        eta_min: args.maybe_number("eta-min"),
        clamp: args.flag("clamp"),
        t0: args.maybe_count("t0"),
        t_mult: args.maybe_count("t-mult"),
        start_factor: args.maybe_number("start-factor"),
        end_factor: args.maybe_number("end-factor"),
        total_iters: args.maybe_count("total-iters"),
        power: args.maybe_number("power"),
        max_lr: args.maybe_number("max-lr"),
        base_lr: args.maybe_number("base-lr"),
        step_size_up: args.maybe_count("step-size-up"),
        step_size_down: args.maybe_count("step-size-down"),
        mode: args.maybe_text("mode"),
        pct_start: args.maybe_number("pct-start"),
        anneal_strategy: args.maybe_text("anneal-strategy"),
        div_factor: args.maybe_number("div-factor"),
        final_div_factor: args.maybe_number("final-div-factor"),
        three_phase: args.flag("three-phase"),
        total_steps: args.maybe_count("total-steps"),
        factor: args.maybe_number("factor"),
        patience: args.maybe_count("patience"),
        threshold: args.maybe_number("threshold"),
        threshold_mode: args.maybe_text("threshold-mode"),
        cooldown: args.maybe_count("cooldown"),
        min_lr: args.maybe_number("min-lr"),
        warmup: args.maybe_count("warmup"),
        warmup_steps: args.maybe_count("warmup-steps"),
        decay_steps: args.maybe_count("decay-steps"),
        decay_shape: args.maybe_text("decay-shape"),
    }
}

/// `--schedule NAME`: one schedule, as a table, a CSV and a figure. Bad settings are bad
/// input: one line naming the parameter, exit code 2.
fn print_one(report: &mut Report, name: &str, lr: f64, steps: usize, params: &Params) {
    let built = schedules::reject_unused(name, params)
        .and_then(|_| schedules::build(name, lr, steps, params));
    let curve = match built {
        Ok(mut s) => s.trace(steps),
        Err(e) => {
            stepsize::output::fail(format!("error: {e} (see --help)"));
        }
    };
    let given: Vec<String> = params.given().iter().map(|g| format!("--{g}")).collect();
    let settings = if given.is_empty() {
        "defaults".to_string()
    } else {
        given.join(", ")
    };
    report.section(&format!(
        "{name} with --lr {} and {settings}: η at step t",
        num(lr)
    ));
    if name == "plateau" {
        report.line("(nothing is trained here, so the watched metric never improves: the rate is cut every patience + 1 steps)");
    }
    // Every step of a short schedule; a sample of a long one (--csv has them all).
    let every = if steps <= 100 { 1 } else { steps.div_ceil(50) };
    let mut table = Table::new(&["step", "η"]);
    for (t, &v) in curve
        .iter()
        .enumerate()
        .filter(|(t, _)| t % every == 0 || *t + 1 == steps)
    {
        table.row([t.to_string(), sig(v, 6)]);
    }
    report.table(&table);
    if every > 1 {
        report.line(format!(
            "(every {every}th step shown; --csv prints all {steps})"
        ));
    }
    report.lr_history(name, &curve);
    let curves = vec![(name.to_string(), curve)];
    let title = format!("{name} (--lr {}, {settings})", num(lr));
    report.figure(name, rate_chart(&title, &curves, false).render((800, 420)));
}
