//! Chapter 4, "Learning-rate schedules": the common schedules drawn, why decay beats a
//! constant rate under gradient noise, reduce-on-plateau, and warm-up.
//!
//!     cargo run --example schedules
//!     cargo run --example schedules -- --schedule cosine --lr 0.1 --steps 200 --t-max 50

mod figures;
mod single_run;
mod tables;

use ndarray::{Array1, array};
use stepsize::math;
use stepsize::optim::GradientDescent;
use stepsize::output::flags::{Args, Kind, Opt};
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
    // `--schedule NAME` prints that one schedule instead (single_run.rs).
    if let Some(name) = args.maybe_text("schedule") {
        single_run::print(&mut report, &name, &args);
        report.finish();
        return;
    }
    single_run::require_schedule_for_its_flags(&args);
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
    report.table(&tables::rates(
        &notes_curves,
        &[0, 1, 10, 19, 20, 40, 50, 99],
    ));
    for (label, curve) in &notes_curves {
        report.lr_history(&format!("notes {label}"), curve);
    }
    report.figure("notes", figures::notes(&notes_curves));

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
    report.table(&tables::rates(
        &zoo_curves,
        &[0, 1, 25, 50, 100, 150, 200, 299],
    ));
    for (label, curve) in &zoo_curves {
        report.lr_history(&format!("zoo {label}"), curve);
    }
    report.figure("zoo", figures::zoo(&zoo_curves));

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
    report.figure("decay", figures::decay(&curves, seeds));

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
    report.table(&tables::cuts(&plateau_run, &cuts, &validation));
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
    report.figure(
        "plateau",
        figures::plateau(&plateau_run, &validation, &cuts),
    );

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
    report.table(&tables::warmup(&[&no_warmup, &warmup], &valleys));
    let floor = valleys.minima()[2];
    report.line(format!(
        "2/curvature: {} on the wall at x = 3, {} at the floor of the right valley (x = {})",
        num(2.0 / valleys.curvature(3.0)),
        num(2.0 / valleys.curvature(floor)),
        num(floor)
    ));
    report.history("warmup", &[no_warmup.clone(), warmup.clone()]);
    report.figure("warmup", figures::warmup(&no_warmup, &warmup, &valleys));

    report.finish();
}

/// The zoo's cyclic settings: between 0.01 and 0.1, 25 steps up and 25 down.
fn cyclic() -> Params {
    Params::default().base_lr(0.01).max_lr(0.1).step_size_up(25)
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
