//! Chapter "Learning-rate schedules": the common schedules drawn, why decay beats a
//! constant rate under gradient noise, reduce-on-plateau, and warm-up.
//!
//!     cargo run --example schedules
//!     cargo run --example schedules -- --schedule cosine --lr 0.1 --steps 200 --t-max 50
//!     cargo run --example schedules -- --section zoo

mod figures;
mod single_run;
mod tables;

use ndarray::{Array1, array};
use stepsize::analysis::stability::symmetric_eigenvalues;
use stepsize::math;
use stepsize::optim::{Adam, GradientDescent};
use stepsize::output::flags::Args;
use stepsize::output::report::Report;
use stepsize::problems::Problem;
use stepsize::problems::data::{self, Dataset};
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::minibatch::{MiniBatch, Sampling};
use stepsize::problems::quadratic::Quadratic;
use stepsize::problems::valleys::Valleys;
use stepsize::schedule::{
    self, ClosedForm, Constant, CosineAnnealingLR, CosineAnnealingWarmRestarts, CyclicLR,
    CyclicMode, ExponentialLR, InverseSqrt, LinearLR, MultiStepLR, OneCycleLR, PolynomialLR,
    ReduceLROnPlateau, Schedule, SequentialLR, StepLR,
};
use stepsize::train::{Budget, Training};

/// The noisy least-squares problem of this chapter: 256 examples, 4 features, noise 1.
const BATCH: usize = 8;
const SGD_STEPS: usize = 2000;

fn main() {
    let args = Args::parse(
        "schedules",
        "learning-rate schedules: their shapes, why decay works, plateau cuts and warm-up",
        single_run::OPTIONS,
    );
    let mut report = Report::new(&args);
    // `--schedule NAME` prints that one schedule instead (single_run.rs).
    if let Some(name) = args.maybe_text("schedule") {
        // The chapter's experiments' own flags mean nothing for one schedule.
        for flag in ["section", "seeds"] {
            if args.given(flag) {
                stepsize::output::fail(format!(
                    "error: --{flag}: only used without --schedule, for the chapter's experiments (see --help)"
                ));
            }
        }
        single_run::print(&mut report, &name, &args);
        report.finish();
        return;
    }
    single_run::require_schedule_for_its_flags(&args);
    let sections = args.sections(single_run::SECTIONS, single_run::SECTION_FLAGS);
    let seeds = args.steps("seeds") as u64;

    // The problem of sections noise, decay and plateau, set up once for all three.
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
    // The Hessian's eigenvalues: their sum is tr H, the largest sets the stability limit.
    let curvatures = symmetric_eigenvalues(&model.hessian());
    // ANCHOR_END: noise

    for section in sections {
        match section {
            "notes" => notes(&mut report),
            "zoo" => zoo(&mut report),
            "noise" => tables::noise_floor(
                &mut report,
                &model,
                val_set.len(),
                &best,
                floor_of_data,
                &curvatures,
                seeds,
            ),
            "decay" => decay(&mut report, &model, floor_of_data, seeds),
            "plateau" => plateau(&mut report, &model, val_set.clone()),
            "warmup" => warmup(&mut report),
            other => unreachable!("single_run.rs lists no section {other}"),
        }
    }
    report.finish();
}

/// Section `notes`: the four schedules of a typical tutorial, side by side.
fn notes(report: &mut Report) {
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

    tables::notes(report, &four_curves);
    report.figure("notes", figures::notes(&four_curves));
}

/// Section `zoo`: every schedule, each with typical settings.
fn zoo(report: &mut Report) {
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

    tables::zoo(report, &zoo_curves);
    report.figure("zoo", figures::zoo(&zoo_curves));
}

/// Section `decay`: SGD on the noisy least squares under each schedule, against the floor.
fn decay(report: &mut Report, model: &LinearRegression, floor_of_data: f64, seeds: u64) {
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

    let curves = tables::decay(report, model, &contenders, floor_of_data, seeds);
    report.figure("decay", figures::decay(&curves, seeds));
}

/// Section `plateau`: reduce-on-plateau watching the held-out loss.
fn plateau(report: &mut Report, model: &LinearRegression, val_set: Dataset) {
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

    let cuts = tables::plateau(report, model, &plateau_run, &validation);
    report.figure(
        "plateau",
        figures::plateau(&plateau_run, &validation, &cuts),
    );
}

/// Section `warmup`: a peak rate at once and after a warm-up, on the three valleys and
/// with Adam on a bowl.
fn warmup(report: &mut Report) {
    // ANCHOR: warmup
    // Warm-up. The three-valley landscape of "Intuition: how big a step?", from x = 3 on
    // its steep wall, at a peak rate of 0.07: at once, and after a linear warm-up from 1%
    // over 50 steps.
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

    tables::warmup(report, &no_warmup, &warmup, &valleys);

    // ANCHOR: warmup_adam
    // Adam (PyTorch's defaults) on the bowl 0.1·x1² + 2·x2² from (−5, −2), 100 steps, at
    // three peak rates: at once, and after a linear warm-up from 1% over 20 steps.
    let bowl = Quadratic::d2l();
    let mut adam_runs = Vec::new();
    for lr in [0.1, 1.0, 3.0] {
        for warmup_steps in [0, 20] {
            let mut at_once = Constant { lr };
            let mut warmed = LinearLR::new(lr)
                .start_factor(0.01)
                .end_factor(1.0)
                .total_iters(warmup_steps.max(1))
                .stepped();
            let schedule: &mut dyn Schedule = if warmup_steps == 0 {
                &mut at_once
            } else {
                &mut warmed
            };
            let run = Training::new(&bowl, &Budget::steps(100))
                .label(format!("adam {lr}, warm-up {warmup_steps}"))
                .schedule(schedule)
                .run(&mut Adam::new(lr), array![-5.0, -2.0]);
            adam_runs.push((lr, warmup_steps, run));
        }
    }
    // ANCHOR_END: warmup_adam

    tables::warmup_adam(report, &adam_runs);
    report.figure("warmup", figures::warmup(&no_warmup, &warmup, &valleys));
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
