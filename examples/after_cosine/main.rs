//! Chapter "Schedules after cosine": why decay works (Robbins–Monro, averaging),
//! warm-up-stable-decay and its cool-downs, and schedule-free SGD, all on the noisy least
//! squares of the schedules chapter and on one budget.
//!
//!     cargo run --example after_cosine
//!     cargo run --example after_cosine -- --section branches --steps 4000

mod figures;
mod options;
mod tables;

use ndarray::{Array1, array};
use stepsize::analysis::averaging::{Average, Averager};
use stepsize::config::ConfigError;
use stepsize::math;
use stepsize::optim::{GradientDescent, Optimizer, ScheduleFree};
use stepsize::output::flags::Args;
use stepsize::output::report::Report;
use stepsize::problems::Problem;
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::minibatch::{MiniBatch, Sampling};
use stepsize::problems::river::RiverValley;
use stepsize::schedule::{ClosedForm, Constant, CosineAnnealingLR, DecayShape, Wsd};
use stepsize::train::{Budget, Run, Training};

/// Examples per mini-batch, as in the schedules chapter.
pub const BATCH: usize = 8;
/// The peak (and constant) rate of every schedule.
pub const PEAK: f64 = 0.1;

/// A labelled schedule-free optimizer, built afresh for every run.
pub type Fresh = (&'static str, fn() -> ScheduleFree);

/// The chapter's problem: the schedules chapter's noisy least squares and its minimum.
pub struct Setup {
    pub model: LinearRegression,
    pub l_star: f64,
    pub steps: usize,
    pub seeds: Vec<u64>,
}

fn main() {
    let args = Args::parse(
        "after_cosine",
        "schedules after cosine: averaging, warm-up-stable-decay, schedule-free SGD",
        options::OPTIONS,
    );
    let sections = args.sections(options::SECTIONS, options::SECTION_FLAGS);
    let mut report = Report::new(&args);
    // Checked before any section prints, so bad input prints nothing but its error.
    let setup = setup(args.steps("steps"), options::seeds(&args, &sections));
    let cool = options::cool_down(&args, setup.steps);
    for section in sections {
        match section {
            "robbins_monro" => robbins_monro(&mut report, &setup),
            "branches" => branches(&mut report, &setup, cool),
            "river" => river(&mut report, &setup, setup.seeds[0]),
            "budget" => budget(&mut report, &setup),
            "extended" => extended(&mut report, &setup),
            other => unreachable!("options.rs lists no section {other}"),
        }
    }
    report.finish();
}

// ANCHOR: setup
/// The noisy least squares of the schedules chapter: 256 training examples, 4 features,
/// noise 1; SGD with batches of 8 drawn with replacement.
pub fn setup(steps: usize, seeds: Vec<u64>) -> Setup {
    let (train_set, _held_out) =
        data::synthetic_regression(512, &[2.0, -1.0, 0.5, 1.5], 0.3, 1.0, 1).split(256);
    let model = LinearRegression::new(train_set);
    let best = model
        .least_squares()
        .expect("256 random examples are not collinear");
    let l_star = model.loss(best.view());
    Setup {
        model,
        l_star,
        steps,
        seeds,
    }
}

/// One run of `optimizer` on the mini-batches of seed `seed`, from zero, with `schedule`
/// setting its rate (if any) and `observer` watching.
pub fn sgd(
    setup: &Setup,
    label: &str,
    optimizer: &mut dyn Optimizer,
    schedule: Option<&dyn ClosedForm>,
    steps: usize,
    seed: u64,
    observer: Option<&mut Averager>,
) -> Run {
    let batches = MiniBatch::new(setup.model.clone(), BATCH, Sampling::WithReplacement, seed);
    let mut stepped = schedule.map(|s| s.stepped());
    let mut training = Training::new(&batches, &Budget::steps(steps)).label(label);
    if let Some(s) = stepped.as_mut() {
        training = training.schedule(s);
    }
    if let Some(o) = observer {
        training = training.observe(o);
    }
    training.run(optimizer, Array1::zeros(setup.model.dim()))
}
// ANCHOR_END: setup

// ANCHOR: harmonic
/// η₀ / (1 + t/t₀)^p: p = 1 is the 1/t decay of Robbins and Monro (Σ ηₜ = ∞, Σ ηₜ² < ∞),
/// p = 1/2 the 1/√t decay (Σ ηₜ² = ∞ too).
#[derive(Clone, Debug)]
pub struct Harmonic {
    pub lr: f64,
    pub t0: f64,
    pub power: f64,
}

impl ClosedForm for Harmonic {
    fn name(&self) -> &'static str {
        "harmonic"
    }

    fn lr_at(&self, t: usize) -> f64 {
        self.lr * math::powf(1.0 + t as f64 / self.t0, -self.power)
    }

    fn check(&self) -> Result<(), ConfigError> {
        Constant { lr: self.lr }.check()
    }
}
// ANCHOR_END: harmonic

/// Why decay works: constant, 1/t and 1/√t, and the averages of the constant run.
fn robbins_monro(report: &mut Report, setup: &Setup) {
    // ANCHOR: robbins_monro
    // At a constant rate SGD hovers at a noise floor. Two ways below it: shrink the rate
    // (1/t, 1/√t, from η₀ = 0.1 with t₀ = 100), or keep it and average the iterates:
    // Polyak–Ruppert over the second half, and exponential moving averages.
    let n = setup.steps;
    let schedules: Vec<(&str, Box<dyn ClosedForm>)> = vec![
        ("constant", Box::new(Constant { lr: PEAK })),
        (
            "1/t",
            Box::new(Harmonic {
                lr: PEAK,
                t0: 100.0,
                power: 1.0,
            }),
        ),
        (
            "1/√t",
            Box::new(Harmonic {
                lr: PEAK,
                t0: 100.0,
                power: 0.5,
            }),
        ),
    ];
    let averages = [
        (
            "constant, Polyak–Ruppert (2nd half)",
            Average::Uniform { from: n / 2 },
        ),
        ("constant, EMA 0.99", Average::Ema { decay: 0.99 }),
        ("constant, EMA 0.999", Average::Ema { decay: 0.999 }),
    ];
    // ANCHOR_END: robbins_monro
    tables::robbins_monro(report, setup, &schedules, &averages);
}

/// Cool-downs branched from one constant-rate run.
fn branches(report: &mut Report, setup: &Setup, cool: usize) {
    // ANCHOR: branches
    // One constant-rate run; from checkpoints at a quarter, half and three quarters of the
    // budget, a linear cool-down to 0 over `cool` steps (a tenth of the budget unless
    // --cool-down says otherwise). A branch is a WSD run whose constant phase ends at the
    // checkpoint: the same draws, so the same iterates.
    let n = setup.steps;
    let checkpoints = [n / 4, n / 2, 3 * n / 4];
    let branch = |at: usize| Wsd::new(PEAK, at + cool, cool);
    // ANCHOR_END: branches
    let curves = tables::branches(report, setup, &checkpoints, cool, &branch);
    report.figure("branches", figures::branches(&curves, setup.seeds.len()));
}

/// Why the drop happens: a river valley, split into across and along.
fn river(report: &mut Report, setup: &Setup, seed: u64) {
    // ANCHOR: river
    // A river valley: steep and noisy across (curvature 10, noise 1), gentle along
    // (curvature 0.002), from (8, 2). Every run gets the same noise draws (one seed).
    // Constant 0.1 makes progress along, and the noise keeps it up the banks; 0.01 stays
    // lower and flows slower; WSD and cosine start at 0.1 and end at 0.
    let n = setup.steps;
    let d = (n / 5).max(1);
    #[rustfmt::skip]
    let schedules: Vec<(&str, Box<dyn ClosedForm>)> = vec![
        ("constant 0.1", Box::new(Constant { lr: PEAK })),
        ("constant 0.01", Box::new(Constant { lr: PEAK / 10.0 })),
        ("WSD linear to 0", Box::new(Wsd::new(PEAK, n, d))),
        ("cosine to 0", Box::new(CosineAnnealingLR::new(PEAK, n))),
    ];
    let runs: Vec<Run> = schedules
        .iter()
        .map(|(label, schedule)| {
            let valley = RiverValley::new(seed);
            Training::new(&valley, &Budget::steps(n))
                .label(*label)
                .schedule(&mut schedule.as_ref().stepped())
                .run(&mut gd(schedule.as_ref()), array![8.0, 2.0])
        })
        .collect();
    // ANCHOR_END: river
    let valley = RiverValley::new(seed);
    tables::river(report, &runs, &valley);
    report.figure("river", figures::river(&runs, &valley));
}

/// Every method on one budget.
fn budget(report: &mut Report, setup: &Setup) {
    let n = setup.steps;
    // ANCHOR: budget
    // One budget of n steps, peak rate 0.1 for every schedule; WSD cools down over the
    // last 20% (Hägele et al. 2024). Schedule-free SGD uses the same 0.1 and the
    // reference's momentum 0.9; its AdamW sibling the reference's default 0.0025 and ten
    // times that.
    let d = (n / 5).max(1);
    #[rustfmt::skip]
    let schedules: Vec<(&str, Box<dyn ClosedForm>)> = vec![
        ("constant", Box::new(Constant { lr: PEAK })),
        ("1/t", Box::new(Harmonic { lr: PEAK, t0: 100.0, power: 1.0 })),
        ("cosine to 0", Box::new(CosineAnnealingLR::new(PEAK, n))),
        ("cosine to 10%", Box::new(CosineAnnealingLR::new(PEAK, n).eta_min(PEAK / 10.0))),
        ("WSD linear to 0", Box::new(Wsd::new(PEAK, n, d))),
        ("WSD 1-sqrt to 0", Box::new(Wsd::new(PEAK, n, d).decay_shape(DecayShape::Sqrt))),
        ("WSD cosine to 0", Box::new(Wsd::new(PEAK, n, d).decay_shape(DecayShape::Cosine))),
        ("WSD linear to 10%", Box::new(Wsd::new(PEAK, n, d).eta_min(PEAK / 10.0))),
    ];
    let schedule_free: Vec<Fresh> = vec![
        ("schedule-free SGD 0.1", || ScheduleFree::sgd(PEAK)),
        ("schedule-free AdamW 0.0025", || ScheduleFree::adamw(0.0025)),
        ("schedule-free AdamW 0.025", || ScheduleFree::adamw(0.025)),
    ];
    // Tuned: cosine, WSD (1-sqrt) and schedule-free SGD, each at three peak rates.
    let peaks = [0.03, 0.1, 0.3];
    // ANCHOR_END: budget
    let curves = tables::budget(report, setup, &schedules, &schedule_free);
    tables::tuned(report, setup, &peaks, d);
    report.figure("budget", figures::budget(&curves, setup.seeds.len()));
}

/// Stopped early, extended: what each method needs to know about the budget.
fn extended(report: &mut Report, setup: &Setup) {
    // ANCHOR: extended
    // The budget doubled after the fact. Schedule-free SGD and the averaged constant run
    // just go on; WSD branches a new cool-down from the constant run at 2n − n/5; cosine
    // has to be rerun with T_max = 2n, since its run for n has already decayed to 0.
    let n = setup.steps;
    let long = 2 * n;
    let d = (n / 5).max(1);
    let cosine_n = CosineAnnealingLR::new(PEAK, n);
    let cosine_2n = CosineAnnealingLR::new(PEAK, long);
    let wsd_n = Wsd::new(PEAK, n, d);
    let wsd_2n = Wsd::new(PEAK, long, d);
    // ANCHOR_END: extended
    tables::extended(report, setup, (&cosine_n, &cosine_2n), (&wsd_n, &wsd_2n));
}

/// The mean over runs of their excess loss L − L* at every step (the runs all complete).
pub fn mean_excess(runs: &[Run], l_star: f64) -> Vec<f64> {
    let len = runs.iter().map(|r| r.history.len()).min().unwrap_or(0);
    (0..len)
        .map(|t| runs.iter().map(|r| r.history[t].loss - l_star).sum::<f64>() / runs.len() as f64)
        .collect()
}

/// GradientDescent at the schedule's first rate (the schedule sets it at every step).
pub fn gd(schedule: &dyn ClosedForm) -> GradientDescent {
    GradientDescent::new(schedule.lr_at(0))
}
