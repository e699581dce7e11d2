//! Chapter 4, "Learning-rate schedules": the common schedules drawn, why decay beats a
//! constant rate under gradient noise, reduce-on-plateau, and warm-up.
//!
//!     cargo run --example schedules
//!     cargo run --example schedules -- --schedule cosine --lr 0.1 --steps 200 --t-max 50

use ndarray::{Array1, array};
use stepsize::math;
use stepsize::optim::GradientDescent;
use stepsize::output::flags::{Args, Kind, Opt};
use stepsize::output::plot::{self, Chart, Legend, Series, Style};
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::Problem;
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::minibatch::{MiniBatch, Sampling};
use stepsize::problems::valleys::Valleys;
use stepsize::schedule::{self, Params};
use stepsize::train::{Budget, Run, train_scheduled};

const OPTIONS: &[Opt] = &[
    Opt::new(
        "schedule",
        Kind::MaybeChoice(schedule::NAMES),
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
        "seeds averaged in the noisy experiments",
    )
    .at_most(50),
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
        "cosine schedules: the lowest rate",
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
];

/// The noisy least-squares problem of this chapter: 256 examples, 4 features, noise 1.
const BATCH: usize = 8;
const SGD_STEPS: usize = 2000;

fn main() {
    let args = Args::parse(
        "schedules",
        "learning-rate schedules: their shapes, why decay works, plateau cuts and warm-up",
        OPTIONS,
    );
    let mut report = Report::new(&args);
    let params = params_from(&args);
    if let Some(name) = args.maybe_text("schedule") {
        print_one(
            &mut report,
            &name,
            args.number("lr"),
            args.steps("steps"),
            &params,
        );
        report.finish();
        return;
    }
    let single_run: Vec<&str> = OPTIONS
        .iter()
        .map(|o| o.name)
        .filter(|n| !["schedule", "seeds"].contains(n))
        .collect();
    args.require_with("schedule", &single_run);
    let seeds = args.steps("seeds") as u64;

    // ANCHOR: notes
    // The source notes' four schedules: initial rate 0.1 over 100 iterations.
    // One line per schedule, so they can be compared row by row (hence no rustfmt).
    let p = Params::default;
    #[rustfmt::skip]
    let notes: Vec<(&str, Params)> = vec![
        ("constant", p()),
        ("exponential", p().gamma(0.9)),
        ("linear", p().start_factor(1.0).end_factor(0.0).total_iters(100)),
        ("step", p().step_size(20).gamma(0.5)),
    ];
    let notes_curves: Vec<(String, Vec<f64>)> = notes
        .iter()
        .map(|(name, p)| (name.to_string(), rates(name, 0.1, 100, p)))
        .collect();
    // ANCHOR_END: notes

    report.section("The source notes' four schedules: η at step t (initial 0.1, 100 steps)");
    report.table(&rate_table(&notes_curves, &[0, 1, 10, 19, 20, 40, 50, 99]));
    for (label, curve) in &notes_curves {
        report.lr_history(&format!("notes {label}"), curve);
    }
    let chart = rate_chart("The source notes' four schedules", &notes_curves, true)
        .legend(Legend::LowerLeft);
    report.figure("notes", chart.render((800, 460)));

    // ANCHOR: zoo
    // Every schedule, each with typical settings, over 300 steps from a base rate of 0.1.
    #[rustfmt::skip]
    let zoo: Vec<(&str, &str, Params)> = vec![
        ("StepLR", "step", p().step_size(100)),
        ("MultiStepLR", "multistep", p().milestones(vec![60, 220])),
        ("ExponentialLR", "exponential", p().gamma(0.99)),
        ("LinearLR (warm-up)", "linear", p().start_factor(0.1).end_factor(1.0).total_iters(50)),
        ("PolynomialLR", "polynomial", p().total_iters(300).power(2.0)),
        ("CosineAnnealingLR", "cosine", p().t_max(300)),
        ("cosine past T_max", "cosine", p().t_max(100)),
        ("cosine, clamped", "cosine", p().t_max(100).clamped()),
        ("WarmRestarts", "cosine-restarts", p().t0(50).t_mult(2)),
        ("CyclicLR triangular", "cyclic", cyclic().mode("triangular")),
        ("CyclicLR triangular2", "cyclic", cyclic().mode("triangular2")),
        ("CyclicLR exp_range", "cyclic", cyclic().mode("exp_range").gamma(0.995)),
        ("OneCycleLR", "onecycle", p().total_steps(300)),
        ("inverse sqrt", "inverse-sqrt", p().warmup(30)),
    ];
    let mut zoo_curves: Vec<(String, Vec<f64>)> = zoo
        .iter()
        .map(|(label, name, p)| (label.to_string(), rates(name, 0.1, 300, p)))
        .collect();
    zoo_curves.push((
        "warm-up, then cosine".into(),
        warmup_then_cosine(0.1, 30, 300),
    ));
    // ANCHOR_END: zoo

    report.section("Every schedule: η at step t (base 0.1, 300 steps)");
    report.table(&rate_table(
        &zoo_curves,
        &[0, 1, 25, 50, 100, 150, 200, 299],
    ));
    for (label, curve) in &zoo_curves {
        report.lr_history(&format!("zoo {label}"), curve);
    }
    let panels: Vec<Chart> = zoo_curves
        .iter()
        .enumerate()
        .map(|(i, (label, curve))| {
            let points = curve
                .iter()
                .enumerate()
                .map(|(t, &lr)| (t as f64, lr))
                .collect();
            Chart::new(label.as_str(), "step", "η")
                .y_range(0.0, 0.105)
                .legend(Legend::None)
                .series(Series::new(points, plot::color(i), Style::Line))
        })
        .collect();
    report.figure(
        "zoo",
        plot::grid(
            "Learning-rate schedules, base rate 0.1",
            &panels,
            3,
            (300, 210),
        ),
    );

    // ANCHOR: noise
    // Why decay works. Mini-batch SGD (batch 8, drawn with replacement) on noisy least
    // squares: at a constant rate the loss stops falling at a noise floor.
    let (train_set, val_set) =
        data::synthetic_regression(512, &[2.0, -1.0, 0.5, 1.5], 0.3, 1.0, 1).split(256);
    let model = LinearRegression::new(train_set);
    let best = model
        .least_squares()
        .expect("256 random examples are not collinear");
    let floor_of_data = model.loss(best.view());
    let h = model.hessian();
    let trace: f64 = (0..h.nrows()).map(|i| h[[i, i]]).sum();
    // ANCHOR_END: noise

    report.section(&format!(
        "The noise floor of SGD at a constant rate (batch {BATCH}, {SGD_STEPS} steps, {seeds} seeds)"
    ));
    report.line(format!(
        "data: {} training examples with {} features (noise σ = 1), {} held out for validation",
        model.data.len(),
        model.data.x.ncols(),
        val_set.len()
    ));
    report.line(format!(
        "minimum loss L* = {}, trace of the Hessian tr H = {}; predicted floor = η·L*·tr H/(2B)",
        num(floor_of_data),
        num(trace)
    ));
    let mut table = Table::new(&[
        "η",
        "measured floor",
        "predicted",
        "measured/predicted",
        "shuffled epochs",
    ]);
    for lr in [0.01, 0.02, 0.05, 0.1] {
        let constant = Params::default();
        let measured = mean_tail_excess(
            &model,
            lr,
            "constant",
            &constant,
            Sampling::WithReplacement,
            seeds,
            floor_of_data,
        );
        let shuffled = mean_tail_excess(
            &model,
            lr,
            "constant",
            &constant,
            Sampling::Shuffled,
            seeds,
            floor_of_data,
        );
        let predicted = lr * floor_of_data * trace / (2.0 * BATCH as f64);
        table.row([
            num(lr),
            num(measured),
            num(predicted),
            num(measured / predicted),
            num(shuffled),
        ]);
    }
    report.table(&table);
    report.line(
        "(floor: excess loss L - L* averaged over the last half of the run and over the seeds)",
    );

    // ANCHOR: decay
    // The same problem, every schedule starting from the same peak rate 0.1.
    let n = SGD_STEPS;
    #[rustfmt::skip]
    let contenders: Vec<(&str, &str, f64, Params)> = vec![
        ("constant 0.1", "constant", 0.1, p()),
        ("constant 0.01", "constant", 0.01, p()),
        ("step ÷10 at 1000, 1500", "multistep", 0.1, p().milestones(vec![1000, 1500])),
        ("exponential to 0.1%", "exponential", 0.1, p().gamma(math::powf(0.001, 1.0 / n as f64))),
        ("cosine", "cosine", 0.1, p().t_max(n)),
        ("linear to 0", "linear", 0.1, p().start_factor(1.0).end_factor(0.0).total_iters(n)),
        ("one-cycle", "onecycle", 0.1, p().total_steps(n + 1)),
        ("inverse sqrt", "inverse-sqrt", 0.1, p().warmup(100)),
    ];
    // ANCHOR_END: decay

    report.section(&format!(
        "Final excess loss by schedule (peak η 0.1, {SGD_STEPS} steps, mean of {seeds} seeds)"
    ));
    let mut table = Table::new(&[
        "schedule",
        "η at end",
        "excess loss at end",
        "vs constant 0.1",
    ]);
    let mut curves: Vec<(String, Vec<f64>)> = Vec::new();
    let mut reference = f64::NAN;
    for (label, name, lr, p) in &contenders {
        let lr = *lr;
        let runs: Vec<Run> = (0..seeds)
            .map(|seed| sgd(&model, name, lr, p, Sampling::WithReplacement, seed))
            .collect();
        let curve = mean_excess_curve(&runs, floor_of_data);
        // The end of a noisy run: the mean over its last 50 steps.
        let end: f64 = curve[curve.len() - 50..].iter().sum::<f64>() / 50.0;
        if reference.is_nan() {
            reference = end;
        }
        let final_lr = runs[0].last().map_or(f64::NAN, |r| r.lr);
        table.row([
            label.to_string(),
            sig(final_lr, 3),
            num(end),
            format!("{}×", sig(end / reference, 2)),
        ]);
        curves.push((label.to_string(), curve));
        report.history(&format!("decay {label}"), &runs[..1]);
    }
    report.table(&table);
    let mut chart = Chart::new(
        format!("Excess loss L − L*, mean of {seeds} seeds, 50-step centred moving average"),
        "step",
        "excess loss (log scale)",
    )
    .log_y()
    .legend(Legend::UpperRight);
    for (i, (label, curve)) in curves.iter().enumerate() {
        let smooth = moving_average(curve, 50);
        let points = smooth
            .iter()
            .enumerate()
            .map(|(t, &v)| (t as f64, v))
            .collect();
        let style = if i % 2 == 0 {
            Style::Line
        } else {
            Style::Dashed
        };
        chart = chart.series(Series::new(points, plot::color(i), style).label(label.as_str()));
    }
    report.figure("decay", chart.render((860, 520)));

    // ANCHOR: plateau
    // Reduce-on-plateau, watching the loss on held-out data after every update.
    let validation = LinearRegression::new(val_set);
    let watch = |p: ndarray::ArrayView1<f64>| validation.loss(p);
    let plateau = Params {
        factor: Some(0.5),
        patience: Some(100),
        min_lr: Some(1e-3),
        ..Params::default()
    };
    let mut cut =
        schedule::build("plateau", 0.1, SGD_STEPS, &plateau).expect("valid plateau settings");
    let batches = MiniBatch::new(model.clone(), BATCH, Sampling::WithReplacement, 0);
    let mut sgd_opt = GradientDescent::new(0.1);
    let plateau_run = train_scheduled(
        "plateau",
        &batches,
        &mut sgd_opt,
        cut.as_mut(),
        &watch,
        Array1::zeros(5),
        &Budget::steps(SGD_STEPS),
    );
    // ANCHOR_END: plateau

    report.section(
        "Reduce-on-plateau on the validation loss (factor 0.5, patience 100 steps, min η 0.001)",
    );
    let cuts: Vec<usize> = plateau_run
        .history
        .windows(2)
        .filter(|w| w[1].lr < w[0].lr)
        .map(|w| w[1].step)
        .collect();
    let mut table = Table::new(&["cut at step", "η after", "validation loss"]);
    for &step in &cuts {
        let r = &plateau_run.history[step];
        table.row([
            step.to_string(),
            sig(r.lr, 3),
            num(validation.loss(r.params.view())),
        ]);
    }
    report.table(&table);
    let constant_val = validation.loss(
        sgd(
            &model,
            "constant",
            0.1,
            &Params::default(),
            Sampling::WithReplacement,
            0,
        )
        .final_params()
        .view(),
    );
    report.line(format!(
        "final validation loss: {} with the cuts, {} at a constant 0.1",
        num(validation.loss(plateau_run.final_params().view())),
        num(constant_val)
    ));
    report.history("plateau", std::slice::from_ref(&plateau_run));
    report.figure("plateau", plateau_chart(&plateau_run, &validation, &cuts));

    // ANCHOR: warmup
    // Warm-up. The three-valley landscape of chapter 1, from x = 3 on its steep wall, at a
    // peak rate of 0.07: at once, and after a linear warm-up from 1% over 50 steps.
    let valleys = Valleys;
    let budget = Budget::steps(300);
    let mut at_once = schedule::Constant { lr: 0.07 };
    let warm = Params {
        start_factor: Some(0.01),
        end_factor: Some(1.0),
        total_iters: Some(50),
        ..Params::default()
    };
    let mut warmed = schedule::build("linear", 0.07, 300, &warm).expect("valid warm-up");
    let no_warmup = train_scheduled(
        "no warm-up",
        &valleys,
        &mut GradientDescent::new(0.07),
        &mut at_once,
        &|_| 0.0,
        array![3.0],
        &budget,
    );
    let warmup = train_scheduled(
        "warm-up",
        &valleys,
        &mut GradientDescent::new(0.07),
        warmed.as_mut(),
        &|_| 0.0,
        array![3.0],
        &budget,
    );
    // ANCHOR_END: warmup

    report.section("Warm-up: peak η 0.07 on the three valleys from x = 3");
    let mut table = Table::new(&["run", "curvature at start", "final x", "valley", "outcome"]);
    for run in [&no_warmup, &warmup] {
        let x = run.final_params()[0];
        let valley = if run.outcome.diverged() {
            "-"
        } else {
            valleys.valley_of(x)
        };
        table.row([
            run.label.clone(),
            num(valleys.curvature(3.0)),
            num(x),
            valley.to_string(),
            run.summary(),
        ]);
    }
    report.table(&table);
    let floor = valleys.minima()[2];
    report.line(format!(
        "2/curvature: {} on the wall at x = 3, {} at the floor of the right valley (x = {})",
        num(2.0 / valleys.curvature(3.0)),
        num(2.0 / valleys.curvature(floor)),
        num(floor)
    ));
    report.history("warmup", &[no_warmup.clone(), warmup.clone()]);
    report.figure("warmup", warmup_chart(&no_warmup, &warmup, &valleys));

    report.finish();
}

/// The zoo's cyclic settings: between 0.01 and 0.1, 25 steps up and 25 down.
fn cyclic() -> Params {
    Params::default().base_lr(0.01).max_lr(0.1).step_size_up(25)
}

/// The schedule-specific flags, gathered for [`schedule::build`].
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
    }
}

/// `--schedule NAME`: one schedule, as a table, a CSV and a figure. Bad settings are bad
/// input: one line naming the parameter, exit code 2.
fn print_one(report: &mut Report, name: &str, lr: f64, steps: usize, params: &Params) {
    let built = schedule::reject_unused(name, params)
        .and_then(|_| schedule::build(name, lr, steps, params));
    let curve = match built {
        Ok(mut s) => schedule::trace(s.as_mut(), steps),
        Err(e) => {
            eprintln!("error: {e} (see --help)");
            std::process::exit(2);
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

/// The rate a schedule gives at steps 0, 1, …, steps − 1 (metric-free schedules only).
fn rates(name: &str, lr: f64, steps: usize, p: &Params) -> Vec<f64> {
    let mut s = schedule::build(name, lr, steps, p).expect("the chapter's settings are valid");
    schedule::trace(s.as_mut(), steps)
}

/// Linear warm-up from 1% over `warmup` steps, then cosine annealing to 0: SequentialLR.
fn warmup_then_cosine(lr: f64, warmup: usize, steps: usize) -> Vec<f64> {
    let mut s = schedule::SequentialLR::new(
        vec![
            schedule::build(
                "linear",
                lr,
                steps,
                &Params {
                    start_factor: Some(0.01),
                    end_factor: Some(1.0),
                    total_iters: Some(warmup),
                    ..Params::default()
                },
            )
            .expect("valid warm-up"),
            schedule::build(
                "cosine",
                lr,
                steps,
                &Params {
                    t_max: Some(steps - warmup),
                    ..Params::default()
                },
            )
            .expect("valid cosine"),
        ],
        vec![warmup],
    )
    .expect("one milestone between two schedules");
    schedule::trace(&mut s, steps)
}

fn rate_table(curves: &[(String, Vec<f64>)], steps: &[usize]) -> Table {
    let mut header = vec!["schedule".to_string()];
    header.extend(steps.iter().map(|t| format!("t={t}")));
    let mut table = Table::new(&header);
    for (label, curve) in curves {
        let mut row = vec![label.clone()];
        row.extend(
            steps
                .iter()
                .map(|&t| curve.get(t).map_or("-".into(), |&v| sig(v, 3))),
        );
        table.row(row);
    }
    table
}

fn rate_chart(title: &str, curves: &[(String, Vec<f64>)], log: bool) -> Chart {
    let mut chart = Chart::new(title, "step t", if log { "η (log scale)" } else { "η" })
        .legend(Legend::UpperRight);
    if log {
        chart = chart.log_y();
    }
    for (i, (label, curve)) in curves.iter().enumerate() {
        let points = curve
            .iter()
            .enumerate()
            .map(|(t, &v)| (t as f64, v))
            .collect();
        chart =
            chart.series(Series::new(points, plot::color(i), Style::Line).label(label.as_str()));
    }
    chart
}

/// One SGD run from zero with a named schedule.
fn sgd(
    model: &LinearRegression,
    name: &str,
    lr: f64,
    p: &Params,
    sampling: Sampling,
    seed: u64,
) -> Run {
    let batches = MiniBatch::new(model.clone(), BATCH, sampling, seed);
    let mut s = schedule::build(name, lr, SGD_STEPS, p).expect("the chapter's settings are valid");
    let mut opt = GradientDescent::new(lr);
    train_scheduled(
        format!("seed {seed}"),
        &batches,
        &mut opt,
        s.as_mut(),
        &|_| 0.0,
        Array1::zeros(model.dim()),
        &Budget::steps(SGD_STEPS),
    )
}

/// The excess loss L − L* at each step, averaged over runs.
fn mean_excess_curve(runs: &[Run], l_star: f64) -> Vec<f64> {
    let len = runs.iter().map(|r| r.history.len()).min().unwrap_or(0);
    (0..len)
        .map(|t| runs.iter().map(|r| r.history[t].loss - l_star).sum::<f64>() / runs.len() as f64)
        .collect()
}

/// The noise floor: the mean excess loss over the second half of the runs.
fn mean_tail_excess(
    model: &LinearRegression,
    lr: f64,
    name: &str,
    p: &Params,
    sampling: Sampling,
    seeds: u64,
    l_star: f64,
) -> f64 {
    let runs: Vec<Run> = (0..seeds)
        .map(|seed| sgd(model, name, lr, p, sampling, seed))
        .collect();
    let curve = mean_excess_curve(&runs, l_star);
    let tail = &curve[curve.len() / 2..];
    tail.iter().sum::<f64>() / tail.len() as f64
}

/// The mean over a window centred on each step (shorter at the ends), so the smoothed
/// curve does not lag behind the data.
fn moving_average(values: &[f64], window: usize) -> Vec<f64> {
    let half = window / 2;
    (0..values.len())
        .map(|i| {
            let span = &values[i.saturating_sub(half)..(i + half + 1).min(values.len())];
            span.iter().sum::<f64>() / span.len() as f64
        })
        .collect()
}

fn plateau_chart(run: &Run, validation: &LinearRegression, cuts: &[usize]) -> String {
    let val: Vec<(f64, f64)> = run
        .history
        .iter()
        .map(|r| (r.step as f64, validation.loss(r.params.view())))
        .collect();
    // The first steps fall from about 10; the interesting part is the noise after them.
    let mut loss = Chart::new(
        "validation loss (zoomed in), cuts marked",
        "step",
        "validation loss",
    )
    .y_range(1.2, 1.5)
    .legend(Legend::UpperRight);
    loss = loss.series(Series::new(val, plot::color(0), Style::Line).label("validation loss"));
    for (i, &c) in cuts.iter().enumerate() {
        let label = if i == 0 { "rate cut" } else { "" };
        loss = loss.vline(c as f64, label, plot::PALETTE[1]);
    }
    let lrs: Vec<(f64, f64)> = run.history.iter().map(|r| (r.step as f64, r.lr)).collect();
    let rate = Chart::new("η chosen by the schedule", "step", "η (log scale)")
        .log_y()
        .legend(Legend::None)
        .series(Series::new(lrs, plot::color(1), Style::Line));
    plot::grid(
        "Reduce-on-plateau watching the validation loss",
        &[loss, rate],
        2,
        (460, 360),
    )
}

fn warmup_chart(no_warmup: &Run, warmup: &Run, valleys: &Valleys) -> String {
    let positions = plot::positions(
        "x against step",
        &[no_warmup.clone(), warmup.clone()],
        (-3.0, 4.0),
    )
    .x_range(0.0, 120.0)
    .legend(Legend::UpperRight);
    let walk = plot::walk_on_curve(
        "the warmed-up walk on L(x)",
        |x| valleys.at(x),
        (-2.7, 3.2),
        Some((-1.0, 30.0)),
        warmup,
        plot::color(1),
    );
    let lrs: Vec<(f64, f64)> = warmup
        .history
        .iter()
        .map(|r| (r.step as f64, r.lr))
        .collect();
    let rate = Chart::new("η with warm-up", "step", "η")
        .x_range(0.0, 120.0)
        .legend(Legend::None)
        .series(Series::new(lrs, plot::color(1), Style::Line));
    plot::grid(
        "Warm-up: the same peak rate, diverging at once or training after 50 gentle steps",
        &[positions, walk, rate],
        3,
        (330, 320),
    )
}
