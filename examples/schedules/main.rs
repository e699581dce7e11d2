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
use stepsize::output::schedules;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::Problem;
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::minibatch::{MiniBatch, Sampling};
use stepsize::problems::valleys::Valleys;
use stepsize::schedule::{
    self, ClosedForm, Constant, CosineAnnealingLR, CosineAnnealingWarmRestarts, CyclicLR,
    CyclicMode, ExponentialLR, InverseSqrt, LinearLR, MultiStepLR, OneCycleLR, PolynomialLR,
    ReduceLROnPlateau, Schedule, SequentialLR, StepLR,
};
use stepsize::train::{Budget, Run, Training};

const OPTIONS: &[Opt] = &[
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
        "seeds averaged in the noisy experiments",
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
    // Four schedules from a typical tutorial: initial rate 0.1 over 100 iterations.
    // One line per schedule, so they can be compared row by row (hence no rustfmt).
    #[rustfmt::skip]
    let four: Vec<(&str, Box<dyn Schedule>)> = vec![
        ("constant", Constant { lr: 0.1 }.boxed()),
        ("exponential", ExponentialLR::new(0.1, 0.9).boxed()),
        ("linear", LinearLR::new(0.1).start_factor(1.0).end_factor(0.0).total_iters(100).boxed()),
        ("step", StepLR::new(0.1, 20).gamma(0.5).boxed()),
    ];
    let four_curves: Vec<(String, Vec<f64>)> = four
        .into_iter()
        .map(|(name, mut s)| (name.to_string(), rates(s.as_mut(), 100)))
        .collect();
    // ANCHOR_END: notes

    report.section("Four schedules from a typical tutorial: η at step t (initial 0.1, 100 steps)");
    report.table(&tables::rates(
        &four_curves,
        &[0, 1, 10, 19, 20, 40, 50, 99],
    ));
    for (label, curve) in &four_curves {
        report.lr_history(&format!("notes {label}"), curve);
    }
    report.figure("notes", figures::notes(&four_curves));

    // ANCHOR: zoo
    // Every schedule, each with typical settings, over 300 steps from a base rate of 0.1.
    #[rustfmt::skip]
    let zoo: Vec<(&str, Box<dyn Schedule>)> = vec![
        ("StepLR", StepLR::new(0.1, 100).boxed()),
        ("MultiStepLR", MultiStepLR::new(0.1, vec![60, 220]).boxed()),
        ("ExponentialLR", ExponentialLR::new(0.1, 0.99).boxed()),
        ("LinearLR (warm-up)", LinearLR::new(0.1).start_factor(0.1).end_factor(1.0).total_iters(50).boxed()),
        ("PolynomialLR", PolynomialLR::new(0.1).total_iters(300).power(2.0).boxed()),
        ("CosineAnnealingLR", CosineAnnealingLR::new(0.1, 300).boxed()),
        ("cosine past T_max", CosineAnnealingLR::new(0.1, 100).boxed()),
        ("cosine, clamped", CosineAnnealingLR::new(0.1, 100).clamp(true).boxed()),
        ("WarmRestarts", CosineAnnealingWarmRestarts::new(0.1, 50).t_mult(2).boxed()),
        ("CyclicLR triangular", cyclic().mode(CyclicMode::Triangular).boxed()),
        ("CyclicLR triangular2", cyclic().mode(CyclicMode::Triangular2).boxed()),
        ("CyclicLR exp_range", cyclic().mode(CyclicMode::ExpRange).gamma(0.995).boxed()),
        ("OneCycleLR", OneCycleLR::new(0.1, 300).boxed()),
        ("inverse sqrt", InverseSqrt::new(0.1, 30).boxed()),
    ];
    let mut zoo_curves: Vec<(String, Vec<f64>)> = zoo
        .into_iter()
        .map(|(label, mut s)| (label.to_string(), rates(s.as_mut(), 300)))
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
        let constant = Constant { lr };
        let measured = mean_tail_excess(
            &model,
            &constant,
            Sampling::WithReplacement,
            seeds,
            floor_of_data,
        );
        let shuffled =
            mean_tail_excess(&model, &constant, Sampling::Shuffled, seeds, floor_of_data);
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
    let contenders: Vec<(&str, Box<dyn ClosedForm>)> = vec![
        ("constant 0.1", Box::new(Constant { lr: 0.1 })),
        ("constant 0.01", Box::new(Constant { lr: 0.01 })),
        ("step ÷10 at 1000, 1500", Box::new(MultiStepLR::new(0.1, vec![1000, 1500]))),
        ("exponential to 0.1%", Box::new(ExponentialLR::new(0.1, math::powf(0.001, 1.0 / n as f64)))),
        ("cosine", Box::new(CosineAnnealingLR::new(0.1, n))),
        ("linear to 0", Box::new(LinearLR::new(0.1).start_factor(1.0).end_factor(0.0).total_iters(n))),
        ("one-cycle", Box::new(OneCycleLR::new(0.1, n + 1))),
        ("inverse sqrt", Box::new(InverseSqrt::new(0.1, 100))),
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
    for (label, schedule) in &contenders {
        let runs: Vec<Run> = (0..seeds)
            .map(|seed| sgd(&model, schedule.as_ref(), Sampling::WithReplacement, seed))
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
    let mut cut = ReduceLROnPlateau::new(0.1)
        .factor(0.5)
        .patience(100)
        .min_lr(1e-3);
    let batches = MiniBatch::new(model.clone(), BATCH, Sampling::WithReplacement, 0);
    let plateau_run = Training::new(&batches, &Budget::steps(SGD_STEPS))
        .label("plateau")
        .plateau(&mut cut, &watch)
        .run(&mut GradientDescent::new(0.1), Array1::zeros(5));
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
        sgd(&model, &Constant { lr: 0.1 }, Sampling::WithReplacement, 0)
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
    let mut at_once = Constant { lr: 0.07 };
    let mut warmed = LinearLR::new(0.07)
        .start_factor(0.01)
        .end_factor(1.0)
        .total_iters(50)
        .stepped();
    let no_warmup = Training::new(&valleys, &budget)
        .label("no warm-up")
        .schedule(&mut at_once)
        .run(&mut GradientDescent::new(0.07), array![3.0]);
    let warmup = Training::new(&valleys, &budget)
        .label("warm-up")
        .schedule(&mut warmed)
        .run(&mut GradientDescent::new(0.07), array![3.0]);
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
fn cyclic() -> CyclicLR {
    CyclicLR::new(0.01, 0.1).step_size_up(25)
}

/// The rate a schedule gives at steps 0, 1, …, steps − 1.
fn rates(schedule: &mut dyn Schedule, steps: usize) -> Vec<f64> {
    schedule::trace(schedule, steps).expect("the chapter's settings are valid")
}

/// Linear warm-up from 1% over `warmup` steps, then cosine annealing to 0: SequentialLR.
fn warmup_then_cosine(lr: f64, warmup: usize, steps: usize) -> Vec<f64> {
    let warm = LinearLR::new(lr)
        .start_factor(0.01)
        .end_factor(1.0)
        .total_iters(warmup);
    let cosine = CosineAnnealingLR::new(lr, steps - warmup);
    let mut s = SequentialLR::new(vec![warm.boxed(), cosine.boxed()], vec![warmup]);
    rates(&mut s, steps)
}

/// One SGD run from zero with a schedule.
fn sgd(model: &LinearRegression, schedule: &dyn ClosedForm, sampling: Sampling, seed: u64) -> Run {
    let batches = MiniBatch::new(model.clone(), BATCH, sampling, seed);
    Training::new(&batches, &Budget::steps(SGD_STEPS))
        .label(format!("seed {seed}"))
        .schedule(&mut schedule.stepped())
        .run(
            &mut GradientDescent::new(schedule.lr_at(0)),
            Array1::zeros(model.dim()),
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
    schedule: &dyn ClosedForm,
    sampling: Sampling,
    seeds: u64,
    l_star: f64,
) -> f64 {
    let runs: Vec<Run> = (0..seeds)
        .map(|seed| sgd(model, schedule, sampling, seed))
        .collect();
    let curve = mean_excess_curve(&runs, l_star);
    let tail = &curve[curve.len() / 2..];
    tail.iter().sum::<f64>() / tail.len() as f64
}
