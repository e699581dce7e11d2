//! `cargo run --example adaptive -- --optimizer NAME [settings]`: one optimizer on the
//! chapter's quadratic, as a table, a CSV and a figure, instead of the chapter's experiments.

use ndarray::Array1;
use stepsize::optim::Optimizer;
use stepsize::output::flags::{Args, Kind, Opt};
use stepsize::output::optimizers::{self, Settings};
use stepsize::output::plot;
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num};
use stepsize::problems::quadratic::Quadratic;
use stepsize::train::{Budget, Run, train};

/// The chapter's sections, in the order the chapter tells them.
pub const SECTIONS: &[&str] = &[
    "gd",
    "trajectories",
    "first_step",
    "theory",
    "beyond",
    "rosenbrock",
    "sensitivity",
    "rotated",
    "network",
    "cost",
];

/// Every flag of `adaptive`. All but `--section` and the common ones (--csv, --out,
/// --help) belong to the `--optimizer` mode: the chapter's experiments read none of them.
pub const OPTIONS: &[Opt] = &[
    Opt::new(
        "section",
        Kind::MaybeChoices(SECTIONS),
        "",
        "print only these sections of the chapter's experiments, in the chapter's order; without it, every section",
    ),
    Opt::new(
        "optimizer",
        Kind::MaybeChoice(optimizers::NAMES),
        "",
        "run this one optimizer on the quadratic instead of the chapter's experiments",
    ),
    Opt::new("lr", Kind::Lr, "0.1", "learning rate for --optimizer"),
    Opt::new("steps", Kind::Steps, "50", "steps for --optimizer").at_most(100_000),
    Opt::new(
        "start",
        Kind::MaybeNumbers,
        "",
        "starting point x1,x2 for --optimizer [default: -5,-2]",
    ),
    Opt::new("momentum", Kind::MaybeNumber, "", "SGD/RMSprop momentum"),
    Opt::new("dampening", Kind::MaybeNumber, "", "SGD dampening"),
    Opt::new("alpha", Kind::MaybeNumber, "", "RMSprop smoothing constant"),
    Opt::new(
        "eps",
        Kind::MaybeNumber,
        "",
        "term added to the denominator (Adagrad, RMSprop, Adam)",
    ),
    Opt::new(
        "beta1",
        Kind::MaybeNumber,
        "",
        "Adam/AdamW first-moment decay",
    ),
    Opt::new(
        "beta2",
        Kind::MaybeNumber,
        "",
        "Adam/AdamW second-moment decay",
    ),
    Opt::new(
        "weight-decay",
        Kind::MaybeNumber,
        "",
        "L2 penalty (decoupled for AdamW)",
    ),
    Opt::new(
        "lr-decay",
        Kind::MaybeNumber,
        "",
        "Adagrad learning-rate decay",
    ),
    Opt::new(
        "amsgrad",
        Kind::Flag,
        "",
        "Adam/AdamW: use the maximum of past second moments",
    ),
    Opt::new(
        "centered",
        Kind::Flag,
        "",
        "RMSprop: normalise by the variance, not the raw second moment",
    ),
    Opt::new(
        "warmup-steps",
        Kind::MaybeCount,
        "",
        "schedule-free SGD/AdamW: steps of linear warm-up",
    ),
];

/// `--optimizer NAME` with the rate, steps, start and settings given on the command line.
pub fn run(report: &mut Report, name: &str, args: &Args, quadratic: &Quadratic) {
    // The one run replaces the chapter's sections: there is no section to choose.
    if args.given("section") {
        stepsize::output::fail(
            "error: --section: the chapter's sections, not with --optimizer (see --help)",
        );
    }
    let settings = settings_from(args);
    let start = args.maybe_numbers("start").unwrap_or(vec![-5.0, -2.0]);
    if start.len() != 2 {
        stepsize::output::fail(format!(
            "error: --start: needs two numbers x1,x2, got {} (see --help)",
            start.len()
        ));
    }
    // As for the wsd schedule: a warm-up longer than the run would never reach --lr.
    let steps = args.steps("steps");
    if let Some(warmup) = settings.warmup_steps.filter(|&w| w > steps) {
        stepsize::output::fail(format!(
            "error: --warmup-steps: {warmup} steps, longer than the run (--steps {steps}) (see --help)"
        ));
    }
    let mut opt = build_or_exit(name, args.number("lr"), &settings);
    let run = train(
        name,
        quadratic,
        opt.as_mut(),
        Array1::from(start.clone()),
        &Budget::steps(args.steps("steps")),
    );
    report.section(&format!("{name} on 0.1·x1² + 2·x2²"));
    report.table(&path_table(&run, 25));
    report.line(run.summary());
    report.history("quadratic", std::slice::from_ref(&run));
    // The drawn box grows to take in the start, wherever the reader put it.
    // From the start given, not the history: a start whose loss overflows has none.
    let first = &start;
    let grow = |(lo, hi): (f64, f64), v: f64| (lo.min(v * 1.1 - 0.5), hi.max(v * 1.1 + 0.5));
    let (xr, yr) = (grow((-5.5, 2.5), first[0]), grow((-3.0, 3.0), first[1]));
    let title = format!("{name}, η = {}: {}", num(args.number("lr")), run.summary());
    let levels = [0.1, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 64.0, 256.0];
    let chart = plot::paths_over_contours(
        &title,
        |x, y| quadratic.at(&[x, y]),
        xr,
        yr,
        &levels,
        std::slice::from_ref(&run),
        0,
    );
    report.figure(name, chart.render((760, 460)));
}

/// Without `--optimizer`, its settings are bad input: the chapter's experiments fix their own.
pub fn require_optimizer_for_its_flags(args: &Args) {
    let single_run: Vec<&str> = OPTIONS
        .iter()
        .map(|o| o.name)
        .filter(|n| !["optimizer", "section"].contains(n))
        .collect();
    args.require_with("optimizer", &single_run);
}

/// The chapter's sections to print: those `--section` names, or all of them.
pub fn sections(args: &Args) -> Vec<&'static str> {
    args.sections(SECTIONS, &[])
}

/// The optimizer settings given on the command line.
fn settings_from(args: &Args) -> Settings {
    Settings {
        momentum: args.maybe_number("momentum"),
        dampening: args.maybe_number("dampening"),
        alpha: args.maybe_number("alpha"),
        eps: args.maybe_number("eps"),
        beta1: args.maybe_number("beta1"),
        beta2: args.maybe_number("beta2"),
        weight_decay: args.maybe_number("weight-decay"),
        lr_decay: args.maybe_number("lr-decay"),
        amsgrad: args.flag("amsgrad"),
        centered: args.flag("centered"),
        warmup_steps: args.maybe_count("warmup-steps"),
    }
}

/// Build an optimizer from the command line; bad settings are bad input (exit code 2).
fn build_or_exit(name: &str, lr: f64, settings: &Settings) -> Box<dyn Optimizer> {
    optimizers::build(name, lr, settings).unwrap_or_else(|e| {
        stepsize::output::fail(format!("error: {e} (see --help)"));
    })
}

/// A run's iterates, every step of a short run, a sample of a long one.
fn path_table(run: &Run, rows: usize) -> Table {
    let every = run.history.len().div_ceil(rows).max(1);
    let mut table = Table::new(&["step", "η", "x1", "x2", "loss"]);
    for (k, r) in run
        .history
        .iter()
        .enumerate()
        .filter(|(k, _)| k % every == 0 || k + 1 == run.history.len())
    {
        table.row([
            k.to_string(),
            num(r.lr),
            num(r.params[0]),
            num(r.params[1]),
            num(r.loss),
        ]);
    }
    table
}
