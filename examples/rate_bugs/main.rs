//! Chapter "Learning-rate bugs": mistakes in the plumbing around the learning rate, each
//! reproduced in a tiny run and fixed.
//!
//!     cargo run --example rate_bugs
//!     cargo run --example rate_bugs -- --section accumulation --accumulate 8

mod figures;
mod options;
mod tables;

use ndarray::{Array1, ArrayView1, ArrayViewMut1, Axis, array, s};
use stepsize::config::ConfigError;
use stepsize::math;
use stepsize::numfmt;
use stepsize::optim::{Adam, Optimizer, Sgd};
use stepsize::output::flags::Args;
use stepsize::output::report::Report;
use stepsize::problems::Problem;
use stepsize::problems::data::{self, Dataset};
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::minibatch::{MiniBatch, Sampling};
use stepsize::problems::mlp::Mlp;
use stepsize::problems::moons;
use stepsize::problems::plumbing::{Accumulated, DataParallel, Summed};
use stepsize::problems::valleys::Valleys;
use stepsize::schedule::{
    ClosedForm, CosineAnnealingLR, LinearLR, OneCycleLR, Schedule, SequentialLR, Stepped,
};
use stepsize::train::{Budget, Run, Training};

/// Examples per mini-batch, and examples in the data set (so 32 batches make an epoch).
pub const BATCH: usize = 8;
pub const EXAMPLES: usize = 256;
/// Seeds each stochastic comparison is averaged over.
pub const SEEDS: u64 = 5;

fn main() {
    let args = Args::parse(
        "rate_bugs",
        "learning-rate bugs: each reproduced in a tiny run, and fixed",
        options::OPTIONS,
    );
    let sections = options::sections(&args);
    let mut report = Report::new(&args);
    for section in sections {
        match section {
            "order" => order(&mut report),
            "units" => units(&mut report),
            "warmup" => warmup(&mut report),
            "accumulation" => accumulation(&mut report, args.steps("accumulate")),
            "reduction" => reduction(&mut report),
            "eps" => eps(&mut report, &args.lrs("eps")),
            "resume" => resume(&mut report),
            "devices" => devices(&mut report, args.steps("devices")),
            "groups" => groups(&mut report),
            other => unreachable!("options.rs lists no section {other}"),
        }
    }
    report.finish();
}

/// The noisy least squares of the schedules chapter: 256 examples, 4 standard-normal
/// features, targets with noise of standard deviation 1.
pub fn noisy_regression() -> LinearRegression {
    LinearRegression::new(data::synthetic_regression(
        EXAMPLES,
        &[2.0, -1.0, 0.5, 1.5],
        0.3,
        1.0,
        1,
    ))
}

/// The lowest loss of the least-squares problem, so that runs are compared by how far
/// above it they end.
pub fn floor(model: &LinearRegression) -> f64 {
    let best = model
        .least_squares()
        .expect("256 random examples are not collinear");
    model.loss(best.view())
}

/// Bug 1: the schedule stepped before the optimizer.
fn order(report: &mut Report) {
    // ANCHOR: order
    // A linear warm-up from 10% of η = 0.3 over 5 steps, on full-batch least squares.
    let problem = noisy_regression();
    let warmup = LinearLR::new(0.3).start_factor(0.1).total_iters(5);
    // Right: optimizer.step(), then scheduler.step(), as the training loop does.
    let mut right = warmup.clone().stepped();
    // Wrong: scheduler.step() first. Every update then uses the rate one call ahead:
    // the same as a schedule that was stepped once before training started.
    let mut wrong = Stepped {
        schedule: warmup,
        t: 1,
    };
    let budget = Budget::steps(ORDER_STEPS);
    let start = Array1::zeros(5);
    let runs = vec![
        Training::new(&problem, &budget)
            .label("optimizer first")
            .schedule(&mut right)
            .run(&mut Sgd::new(0.3), start.clone()),
        Training::new(&problem, &budget)
            .label("scheduler first")
            .schedule(&mut wrong)
            .run(&mut Sgd::new(0.3), start),
    ];
    // ANCHOR_END: order
    tables::order(report, &runs, floor(&problem));
    report.history("order", &runs);
}

/// Updates in the run of section `order`.
pub const ORDER_STEPS: usize = 20;

/// Epochs of the runs of section `units`.
pub const EPOCHS: usize = 10;

/// Bug 2: a schedule sized in epochs but stepped per batch.
fn units(report: &mut Report) {
    // ANCHOR: units
    // Mini-batch SGD at peak rate 0.1: batches of 8 in a fresh order each epoch, 32 batches
    // per epoch, 10 epochs, so the schedule is stepped 320 times.
    let steps = EPOCHS * EXAMPLES / BATCH;
    #[rustfmt::skip]
    let schedules: Vec<(&str, Box<dyn ClosedForm>)> = vec![
        ("cosine, T_max = epochs", Box::new(CosineAnnealingLR::new(0.1, EPOCHS))),
        ("cosine, T_max = steps", Box::new(CosineAnnealingLR::new(0.1, steps))),
        ("one-cycle, total_steps = epochs", Box::new(OneCycleLR::new(0.1, EPOCHS))),
        ("one-cycle, total_steps = steps", Box::new(OneCycleLR::new(0.1, steps))),
    ];
    // PyTorch's OneCycleLR raises a ValueError on the call of scheduler.step() that goes
    // past total_steps; this library's holds the final rate instead.
    let total_steps = [None, None, Some(EPOCHS), Some(steps)];
    // ANCHOR_END: units
    let model = noisy_regression();
    let l_star = floor(&model);
    let results: Vec<(Vec<Run>, f64)> = schedules
        .iter()
        .map(|(label, schedule)| {
            over_seeds(l_star, |seed| {
                let batches = MiniBatch::new(model.clone(), BATCH, Sampling::Shuffled, seed);
                Training::new(&batches, &Budget::steps(steps))
                    .label(*label)
                    .schedule(&mut schedule.as_ref().stepped())
                    .run(&mut Sgd::new(0.1), Array1::zeros(5))
            })
        })
        .collect();
    let first: Vec<Run> = results.iter().map(|(runs, _)| runs[0].clone()).collect();
    tables::units(report, &results, &total_steps, steps);
    report.history("units", &every_seed(&results));
    report.figure("units", figures::units(&first));
}

/// Every seed's run of a comparison, labelled `<label> seed <s>`: the tables average them,
/// the CSV holds each.
fn every_seed(results: &[(Vec<Run>, f64)]) -> Vec<Run> {
    results
        .iter()
        .flat_map(|(runs, _)| runs.iter().enumerate())
        .map(|(seed, run)| {
            let mut run = run.clone();
            run.label = format!("{} seed {seed}", run.label);
            run
        })
        .collect()
}

/// Runs over the seeds 0, 1, …, SEEDS − 1 and the mean of their final excess losses
/// (non-finite if any diverged).
pub fn over_seeds(l_star: f64, run: impl Fn(u64) -> Run) -> (Vec<Run>, f64) {
    let runs: Vec<Run> = (0..SEEDS).map(run).collect();
    let mean = runs
        .iter()
        .map(|r| {
            if r.outcome.diverged() {
                f64::NAN
            } else {
                r.final_loss() - l_star
            }
        })
        .sum::<f64>()
        / SEEDS as f64;
    (runs, mean)
}

// ANCHOR: hf_warmup
/// Hugging Face's `get_linear_schedule_with_warmup`: η·t/W for t < W, then linear to 0 at
/// `total`. At t = 0 the rate is 0. With `from_one`, the ramp starts one step later in its
/// formula, η·(t + 1)/W, so every warm-up step moves the parameters.
#[derive(Clone, Debug)]
pub struct LinearWarmup {
    pub lr: f64,
    pub warmup: usize,
    pub total: usize,
    pub from_one: bool,
}

impl ClosedForm for LinearWarmup {
    fn name(&self) -> &'static str {
        "linear warm-up"
    }

    fn lr_at(&self, t: usize) -> f64 {
        let t = t + usize::from(self.from_one);
        if t < self.warmup {
            return self.lr * t as f64 / self.warmup.max(1) as f64;
        }
        let left = self.total.saturating_sub(t) as f64;
        self.lr * (left / self.total.saturating_sub(self.warmup).max(1) as f64).max(0.0)
    }

    fn check(&self) -> Result<(), ConfigError> {
        Ok(())
    }
}
// ANCHOR_END: hf_warmup

/// Warm-up lengths tried in section `warmup`.
pub const WARMUPS: [usize; 4] = [1, 2, 3, 5];

/// Bug 3: a warm-up that starts at zero.
fn warmup(report: &mut Report) {
    // ANCHOR: warmup
    // The three valleys of "Intuition: how big a step?" from x = 3 on the steep wall, peak
    // rate 0.07, 300 steps, warm-ups of W steps: from 0 (Hugging Face's) and from η/W (the
    // fix).
    let valleys = Valleys;
    let budget = Budget::steps(300);
    let mut runs = Vec::new();
    for w in WARMUPS {
        for from_one in [false, true] {
            let mut schedule = LinearWarmup {
                lr: 0.07,
                warmup: w,
                total: 300,
                from_one,
            }
            .stepped();
            let label = format!("W={w}, from {}", if from_one { "η/W" } else { "0" });
            let run = Training::new(&valleys, &budget)
                .label(label)
                .schedule(&mut schedule)
                .run(&mut Sgd::new(0.07), array![3.0]);
            runs.push(run);
        }
    }
    // ANCHOR_END: warmup
    tables::warmup(report, &runs);
    tables::warmup_delay(report, &runs);
    report.history("warmup", &runs);
}

/// Optimizer steps of section `accumulation`.
pub const ACCUMULATION_STEPS: usize = 200;

/// Bug 4: gradient accumulation that sums, and a schedule sized in micro-steps.
fn accumulation(report: &mut Report, k: usize) {
    // ANCHOR: accumulation
    // k micro-batches of 8 per optimizer step, 200 optimizer steps, SGD with cosine
    // annealing from η = 0.3. Three set-ups: right; summed; schedule sized in micro-steps.
    let model = noisy_regression();
    let setups = [
        ("mean over k, T_max = steps", true, ACCUMULATION_STEPS),
        ("sum over k, T_max = steps", false, ACCUMULATION_STEPS),
        (
            "mean over k, T_max = micro-steps",
            true,
            k * ACCUMULATION_STEPS,
        ),
    ];
    // ANCHOR_END: accumulation
    let l_star = floor(&model);
    let results: Vec<(Vec<Run>, f64)> = setups
        .iter()
        .map(|&(label, divide_by_k, t_max)| {
            over_seeds(l_star, |seed| {
                let problem = Accumulated {
                    batches: MiniBatch::new(model.clone(), BATCH, Sampling::Shuffled, seed),
                    k,
                    divide_by_k,
                };
                Training::new(&problem, &Budget::steps(ACCUMULATION_STEPS))
                    .label(label)
                    .schedule(&mut CosineAnnealingLR::new(0.3, t_max).stepped())
                    .run(&mut Sgd::new(0.3), Array1::zeros(5))
            })
        })
        .collect();
    tables::accumulation(report, &results, k, first_step_ratio(&model, k));
    report.history("accumulation", &every_seed(&results));
}

/// The length of SGD's first step with summed accumulation over its length with the mean,
/// on the same micro-batches.
pub fn first_step_ratio(model: &LinearRegression, k: usize) -> f64 {
    let step = |divide_by_k| {
        let problem = Accumulated {
            batches: MiniBatch::new(model.clone(), BATCH, Sampling::Shuffled, 0),
            k,
            divide_by_k,
        };
        let mut params = Array1::zeros(5);
        let grad = problem.gradient(params.view());
        Sgd::new(0.3).step(params.view_mut(), grad.view());
        params.dot(&params).sqrt()
    };
    step(false) / step(true)
}

/// Steps of section `reduction`.
pub const REDUCTION_STEPS: usize = 300;

/// One run of section `reduction`: `optimizer` on batches of 8 with the chosen reduction.
pub fn reduced_run(model: &LinearRegression, sum: bool, seed: u64, adam: bool) -> Run {
    let batches = MiniBatch::new(model.clone(), BATCH, Sampling::Shuffled, seed);
    let summed;
    let problem: &dyn Problem = if sum {
        summed = Summed(batches);
        &summed
    } else {
        &batches
    };
    let label = format!(
        "{}, {}",
        if adam { "Adam" } else { "SGD" },
        if sum { "sum" } else { "mean" }
    );
    let mut optimizer: Box<dyn Optimizer> = if adam {
        Box::new(Adam::new(0.05))
    } else {
        Box::new(Sgd::new(0.2))
    };
    Training::new(problem, &Budget::steps(REDUCTION_STEPS))
        .label(label)
        .run(optimizer.as_mut(), Array1::zeros(5))
}

/// Bug 6: `reduction='sum'` instead of the mean.
fn reduction(report: &mut Report) {
    // ANCHOR: reduction
    // Batches of 8, 300 steps: SGD at η = 0.2 and Adam at η = 0.05, each with the batch's
    // loss averaged (PyTorch's default) and summed.
    let model = noisy_regression();
    let l_star = floor(&model);
    let results: Vec<(Vec<Run>, f64)> =
        [(false, false), (false, true), (true, false), (true, true)]
            .iter()
            .map(|&(adam, sum)| over_seeds(l_star, |seed| reduced_run(&model, sum, seed, adam)))
            .collect();
    // ANCHOR_END: reduction
    tables::reduction(report, &results, &first_steps(&model));
    report.history("reduction", &every_seed(&results));
}

/// The first step of SGD and of Adam, each with mean and with sum reduction, on the same
/// batch: (optimizer, length with mean, length with sum, largest difference between the
/// two steps relative to the mean's length).
pub fn first_steps(model: &LinearRegression) -> Vec<(&'static str, f64, f64, f64)> {
    let batch = MiniBatch::new(model.clone(), BATCH, Sampling::Shuffled, 0).next_batch();
    let mean_grad = model.gradient_on(Array1::zeros(5).view(), &batch);
    let sum_grad = &mean_grad * BATCH as f64;
    let step = |optimizer: &mut dyn Optimizer, grad: &Array1<f64>| {
        let mut params = Array1::zeros(5);
        optimizer.step(params.view_mut(), grad.view());
        params
    };
    let mut out = Vec::new();
    for (name, adam) in [("SGD", false), ("Adam", true)] {
        let fresh = || -> Box<dyn Optimizer> {
            if adam {
                Box::new(Adam::new(0.05))
            } else {
                Box::new(Sgd::new(0.2))
            }
        };
        let mean = step(fresh().as_mut(), &mean_grad);
        let sum = step(fresh().as_mut(), &sum_grad);
        let length = |p: &Array1<f64>| p.dot(p).sqrt();
        let diff = &sum - &mean;
        out.push((
            name,
            length(&mean),
            length(&sum),
            length(&diff) / length(&mean),
        ));
    }
    out
}

/// Full-batch steps of section `eps`.
pub const EPS_STEPS: usize = 300;

/// Bug 9: Adam's ε too large or too small.
fn eps(report: &mut Report, epsilons: &[f64]) {
    // ANCHOR: eps
    // Full-batch least squares, Adam at η = 0.01 for 300 steps, with each ε. Beside each:
    // SGD at rate η/ε with Adam's momentum (β₁ = 0.9 as an average: dampening 0.9), which
    // is what Adam becomes where ε is much larger than √v̂.
    let problem = noisy_regression();
    let start = Array1::zeros(5);
    let budget = Budget::steps(EPS_STEPS);
    let names = numfmt::distinct(epsilons);
    let mut adam_runs = Vec::new();
    let mut sgd_runs = Vec::new();
    for (&e, name) in epsilons.iter().zip(&names) {
        adam_runs.push(
            Training::new(&problem, &budget)
                .label(format!("Adam ε={name}"))
                .run(&mut Adam::new(0.01).eps(e), start.clone()),
        );
        let mut sgd = Sgd::new(0.01 / e).momentum(0.9).dampening(0.9);
        sgd_runs.push(
            Training::new(&problem, &budget)
                .label(format!("SGD at η/ε, ε={name}"))
                .run(&mut sgd, start.clone()),
        );
    }
    // ANCHOR_END: eps
    let growth = step_after_quiet_stretch();
    // ANCHOR: eps_half
    // A feature in thousands (its gradients a thousand times smaller), Adam at η = 0.01 with
    // its state in 64 bits and in 16 bits, for each ε.
    let small = small_feature();
    let half_runs: Vec<(f64, Run, Run)> = epsilons
        .iter()
        .zip(&names)
        .map(|(&e, name)| {
            let full = Training::new(&small, &budget)
                .label(format!("64-bit state ε={name}"))
                .run(&mut Adam::new(0.01).eps(e), start.clone());
            let half = Training::new(&small, &budget)
                .label(format!("16-bit state ε={name}"))
                .run(&mut HalfStateAdam::new(0.01, e), start.clone());
            (e, full, half)
        })
        .collect();
    // ANCHOR_END: eps_half
    tables::eps(report, &adam_runs, &sgd_runs, &names, floor(&problem));
    tables::eps_decrease(report, &adam_runs, &sgd_runs, &names, floor(&problem));
    tables::eps_growth(report, growth);
    tables::eps_half(report, &half_runs, &names, floor(&small));
    let best = small
        .least_squares()
        .expect("256 random examples are not collinear");
    tables::eps_small_weight(
        report,
        &half_runs,
        &names,
        best[SMALL_FEATURE],
        floor(&small),
    );
    report.history("eps", &adam_runs);
    report.history("eps", &sgd_runs);
    let thousands: Vec<Run> = half_runs
        .iter()
        .flat_map(|(_, full, half)| [full.clone(), half.clone()])
        .collect();
    report.history("eps in thousands", &thousands);
    report.figure(
        "eps",
        figures::eps(&adam_runs, &sgd_runs, epsilons, floor(&problem)),
    );
}

/// Gradients of one parameter in section `eps`'s check of Adam's longest step: this many
/// small ones, then large ones.
pub const QUIET_STEPS: usize = 500;

/// Adam's longest step over η, and the update that took it, on one parameter whose
/// gradient is 0.001 for `QUIET_STEPS` updates and 1 for 100 more (default ε): v̂ still
/// remembers the small gradients while m̂ has caught up with the large ones.
pub fn step_after_quiet_stretch() -> (f64, usize) {
    let mut adam = Adam::new(0.01);
    let mut p = Array1::zeros(1);
    let mut longest = (0.0, 0);
    for t in 0..QUIET_STEPS + 100 {
        let g = if t < QUIET_STEPS { 1e-3 } else { 1.0 };
        let before = p[0];
        adam.step(p.view_mut(), array![g].view());
        let ratio = (before - p[0]) / 0.01;
        if ratio > longest.0 {
            longest = (ratio, t);
        }
    }
    longest
}

/// Updates before the checkpoint in section `resume`, and after it.
pub const RESUME_AT: usize = 200;

/// The schedule of section `resume`: a linear warm-up from 1% over 50 steps, then cosine
/// annealing to 0 over the other 350 of 400.
pub fn warmup_cosine() -> SequentialLR {
    let warm = LinearLR::new(0.05).start_factor(0.01).total_iters(50);
    let cosine = CosineAnnealingLR::new(0.05, 2 * RESUME_AT - 50);
    SequentialLR::new(vec![warm.boxed(), cosine.boxed()], vec![50])
}

// ANCHOR: resume_run
/// The resumed run's scheduler.
#[derive(Clone, Copy, Debug)]
pub enum Scheduler {
    /// Saved in the checkpoint and loaded with the rest.
    Restored,
    /// Built afresh after `optimizer.load_state_dict()`: it starts again from step 0
    /// (PyTorch's `SequentialLR` first sets the rate back to the loaded `initial_lr`).
    NewAfterLoad,
    /// Built afresh before `optimizer.load_state_dict()`, the usual order in a script.
    NewBeforeLoad,
}

/// Train to the checkpoint, then resume from its parameters with the scheduler and Adam's
/// moments restored or created afresh (what happens when the checkpoint leaves out the
/// scheduler's or the optimizer's `state_dict()`). Both halves as one run.
pub fn resumed(
    model: &LinearRegression,
    seed: u64,
    scheduler: Scheduler,
    restore_moments: bool,
) -> Run {
    let batches = MiniBatch::new(model.clone(), BATCH, Sampling::Shuffled, seed);
    let budget = Budget::steps(RESUME_AT);
    let mut schedule = warmup_cosine();
    let mut adam = Adam::new(0.05);
    let before = Training::new(&batches, &budget)
        .schedule(&mut schedule)
        .run(&mut adam, Array1::zeros(5));
    let restored_lr = schedule.lr();
    let mut schedule: Box<dyn Schedule> = match scheduler {
        Scheduler::Restored => Box::new(schedule),
        Scheduler::NewAfterLoad => Box::new(warmup_cosine()),
        Scheduler::NewBeforeLoad => Box::new(ChainedAfterLoad::new(restored_lr)),
    };
    let mut adam = if restore_moments {
        adam
    } else {
        Adam::new(0.05)
    };
    let after = Training::new(&batches, &budget)
        .schedule(schedule.as_mut())
        .run(&mut adam, before.final_params().clone());
    joined(before, after)
}

/// A new `warmup_cosine()` whose optimizer's state was loaded after it was built, as
/// PyTorch computes it: `LinearLR` multiplies the rate the optimizer holds by the ratio of
/// its consecutive factors, so the warm-up climbs from the restored rate, 100 times over,
/// instead of from 1% of the peak. At the milestone `CosineAnnealingLR` starts from its
/// base rate, 0.05, and from there the run is the restarted one.
pub struct ChainedAfterLoad {
    fresh: SequentialLR,
    scale: f64,
}

impl ChainedAfterLoad {
    pub fn new(restored_lr: f64) -> Self {
        let fresh = warmup_cosine();
        let scale = restored_lr / fresh.lr();
        ChainedAfterLoad { fresh, scale }
    }
}

impl Schedule for ChainedAfterLoad {
    fn name(&self) -> &'static str {
        "warm-up on the loaded rate"
    }

    fn lr(&self) -> f64 {
        let scale = if self.fresh.active() == 0 {
            self.scale
        } else {
            1.0
        };
        self.fresh.lr() * scale
    }

    fn step(&mut self) {
        self.fresh.step();
    }

    fn check(&self) -> Result<(), ConfigError> {
        self.fresh.check()
    }
}
// ANCHOR_END: resume_run

/// Two runs as one: the second's rows after its starting point, renumbered to follow.
/// The checkpoint's row keeps the rate the resumed run used from it.
fn joined(mut before: Run, after: Run) -> Run {
    let offset = before.history.len() - 1;
    if let (Some(last), Some(first)) = (before.history.last_mut(), after.history.first()) {
        last.lr = first.lr;
    }
    before
        .history
        .extend(after.history.into_iter().skip(1).map(|mut r| {
            r.step += offset;
            r
        }));
    before.outcome = after.outcome;
    before
}

/// Bug 5: resuming without the schedule's or the optimizer's state.
fn resume(report: &mut Report) {
    // ANCHOR: resume
    // Adam on mini-batches of 8, warm-up then cosine from η = 0.05 over 400 steps, stopped
    // at step 200 and resumed from the saved parameters.
    let model = noisy_regression();
    // A fresh scheduler either after loading the optimizer's state (it restarts) or before
    // (PyTorch's LinearLR then multiplies the loaded rate).
    use Scheduler::*;
    #[rustfmt::skip]
    let setups = [
        ("everything restored", Restored, true),
        ("schedule restarted", NewAfterLoad, true),
        ("Adam's moments reset", Restored, false),
        ("both restarted", NewAfterLoad, false),
        ("new scheduler first", NewBeforeLoad, true),
    ];
    // ANCHOR_END: resume
    let l_star = floor(&model);
    let results: Vec<(Vec<Run>, f64)> = setups
        .iter()
        .map(|&(label, schedule, moments)| {
            over_seeds(l_star, |seed| {
                let mut run = resumed(&model, seed, schedule, moments);
                run.label = label.into();
                run
            })
        })
        .collect();
    let first: Vec<Run> = results.iter().map(|(runs, _)| runs[0].clone()).collect();
    tables::resume(report, &results, l_star);
    tables::resume_peak(report, &first[4]);
    report.history("resume", &every_seed(&results));
    // The figure keeps the first four set-ups; the fifth's loss is in the table.
    report.figure("resume", figures::resume(&first[..4], l_star));
}

/// Epochs of section `devices`, and the rate tuned on one device.
pub const DEVICE_EPOCHS: usize = 10;
pub const ONE_DEVICE_LR: f64 = 0.01;

/// Bug 7: the rate tuned on one device, reused on several.
fn devices(report: &mut Report, n: usize) {
    // ANCHOR: devices
    // SGD for 10 epochs with batches of 8 per device: the rate tuned on one device, on n
    // devices as it is, scaled by n (the linear rule), and scaled after a warm-up over the
    // first 2 epochs.
    let model = noisy_regression();
    let per_epoch = |devices: usize| EXAMPLES.div_ceil(BATCH * devices);
    let scaled = ONE_DEVICE_LR * n as f64;
    let setups = [
        ("1 device, η", 1, ONE_DEVICE_LR, 0),
        ("n devices, η", n, ONE_DEVICE_LR, 0),
        ("n devices, nη", n, scaled, 0),
        ("n devices, nη after warm-up", n, scaled, 2 * per_epoch(n)),
    ];
    // ANCHOR_END: devices
    let l_star = floor(&model);
    let results: Vec<(Vec<Run>, f64)> = setups
        .iter()
        .map(|&(label, devices, lr, warmup)| {
            let steps = DEVICE_EPOCHS * per_epoch(devices);
            over_seeds(l_star, |seed| {
                let problem = DataParallel {
                    batches: MiniBatch::new(
                        model.clone(),
                        (BATCH * devices).min(EXAMPLES),
                        Sampling::Shuffled,
                        seed,
                    ),
                    shard: BATCH,
                };
                let mut schedule = LinearLR::new(lr)
                    .start_factor(if warmup > 0 {
                        1.0 / devices as f64
                    } else {
                        1.0
                    })
                    .total_iters(warmup.max(1))
                    .stepped();
                Training::new(&problem, &Budget::steps(steps))
                    .label(label.replace("n devices", &tables::devices_named(n)))
                    .schedule(&mut schedule)
                    .run(&mut Sgd::new(lr), Array1::zeros(5))
            })
        })
        .collect();
    tables::devices(report, &results, n);
    report.history("devices", &every_seed(&results));
}

// ANCHOR: two_groups
/// Two parameter groups with their own rates, as PyTorch's
/// `Adam([{"params": backbone, "lr": ratio * lr}, {"params": head}], lr=lr)`: the first
/// `split` parameters (the hidden layer) at `ratio` times the rate, the rest at the rate.
/// A ratio of 0 freezes the first group.
pub struct TwoGroups {
    pub split: usize,
    pub ratio: f64,
    pub backbone: Adam,
    pub head: Adam,
}

impl TwoGroups {
    pub fn new(lr: f64, split: usize, ratio: f64) -> Self {
        TwoGroups {
            split,
            ratio,
            backbone: Adam::new(lr * ratio),
            head: Adam::new(lr),
        }
    }
}

impl Optimizer for TwoGroups {
    fn name(&self) -> String {
        "two groups".into()
    }

    fn lr(&self) -> f64 {
        self.head.lr()
    }

    fn set_lr(&mut self, lr: f64) {
        self.head.set_lr(lr);
        self.backbone.set_lr(lr * self.ratio);
    }

    fn step(&mut self, params: ArrayViewMut1<f64>, grad: ArrayView1<f64>) {
        let (backbone, head) = params.split_at(Axis(0), self.split);
        let (backbone_grad, head_grad) = grad.split_at(Axis(0), self.split);
        if self.ratio > 0.0 {
            self.backbone.step(backbone, backbone_grad);
        }
        self.head.step(head, head_grad);
    }
}
// ANCHOR_END: two_groups

/// The ratios of the backbone's rate to the head's that section `groups` tries.
pub const RATIOS: [f64; 5] = [1.0, 0.3, 0.1, 0.01, 0.0];

/// Two moons mirrored left to right: the second task.
fn mirrored(mut set: Dataset) -> Dataset {
    set.x.column_mut(0).mapv_inplace(|x| 1.0 - x);
    set
}

/// Bug 8: one rate for a pretrained backbone and a new head.
fn groups(report: &mut Report) {
    // ANCHOR: groups
    // Task A: two moons (200 points to train, 200 to test); a network with 16 tanh units
    // pretrained on it, full batch, Adam at 0.01 for 500 steps. Task B: the moons mirrored
    // left to right, only 40 points to train on. Fine-tuning: a new head, Adam at 0.05 for
    // 200 steps, the backbone at a fraction of the head's rate.
    let (a_train, a_test) = moons::two_moons(400, 0.2, 0).split(200);
    let (b_train, b_test) = moons::two_moons(240, 0.2, 1).split(40);
    let (b_train, b_test) = (mirrored(b_train), mirrored(b_test));
    let task_a = Mlp::new(a_train, 16);
    let task_b = Mlp::new(b_train, 16);
    let pretraining = Training::new(&task_a, &Budget::steps(500))
        .label("pretraining on two moons")
        .run(&mut Adam::new(0.01), task_a.init(0));
    let pretrained = pretraining.final_params().clone();
    let split = 16 * (task_a.inputs() + 1);
    let mut start = pretrained.clone();
    start
        .slice_mut(s![split..])
        .assign(&task_b.init(1).slice(s![split..]));
    let runs: Vec<Run> = RATIOS
        .iter()
        .map(|&ratio| {
            Training::new(&task_b, &Budget::steps(200))
                .label(format!("backbone at {ratio} × η"))
                .run(&mut TwoGroups::new(0.05, split, ratio), start.clone())
        })
        .collect();
    // ANCHOR_END: groups
    // Forgetting: task A through the fine-tuned backbone and task A's own head.
    let scores: Vec<(f64, f64)> = runs
        .iter()
        .map(|run| {
            let mut on_a = run.final_params().clone();
            on_a.slice_mut(s![split..])
                .assign(&pretrained.slice(s![split..]));
            (
                task_b.accuracy(run.final_params().view(), &b_test),
                task_a.accuracy(on_a.view(), &a_test),
            )
        })
        .collect();
    let before = task_a.accuracy(pretrained.view(), &a_test);
    tables::groups(report, &runs, &scores, before);
    report.history("groups", &[pretraining]);
    report.history("groups", &runs);
}

/// `x` rounded to the nearest IEEE half-precision number (11 significant bits, smallest
/// step 2⁻²⁴ ≈ 6e-8, largest 65504), ties to even; beyond the largest, infinite.
pub fn to_half(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    // The binary exponent of |x|, read from its bits; below 2⁻¹⁴ the spacing stays 2⁻²⁴.
    let exponent = ((x.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    let spacing = f64::from_bits(((exponent.max(-14) - 10 + 1023) as u64) << 52);
    let rounded = (x / spacing).round_ties_even() * spacing;
    if rounded.abs() > 65504.0 {
        f64::INFINITY.copysign(x)
    } else {
        rounded
    }
}

// ANCHOR: half_adam
/// Adam whose state (m, v) and ε are kept in 16-bit floats, as when a model is converted to
/// half precision and trained with plain Adam: every stored value is rounded to half
/// precision. ε = 1e-8 rounds to 0, and a squared gradient below about 6e-8 to 0 too.
pub struct HalfStateAdam {
    pub lr: f64,
    pub eps: f64,
    m: Vec<f64>,
    v: Vec<f64>,
    t: i32,
}

impl HalfStateAdam {
    pub fn new(lr: f64, eps: f64) -> Self {
        HalfStateAdam {
            lr,
            eps: to_half(eps),
            m: Vec::new(),
            v: Vec::new(),
            t: 0,
        }
    }
}

impl Optimizer for HalfStateAdam {
    fn name(&self) -> String {
        "adam (16-bit state)".into()
    }

    fn lr(&self) -> f64 {
        self.lr
    }

    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn step(&mut self, mut params: ArrayViewMut1<f64>, grad: ArrayView1<f64>) {
        if self.m.is_empty() {
            (self.m, self.v) = (vec![0.0; params.len()], vec![0.0; params.len()]);
        }
        self.t += 1;
        let (b1, b2) = (0.9_f64, 0.999_f64);
        let c1 = 1.0 - math::powf(b1, self.t as f64);
        let c2 = (1.0 - math::powf(b2, self.t as f64)).sqrt();
        for (i, (p, &g)) in params.iter_mut().zip(grad).enumerate() {
            let g = to_half(g);
            self.m[i] = to_half(b1 * self.m[i] + (1.0 - b1) * g);
            self.v[i] = to_half(b2 * self.v[i] + (1.0 - b2) * to_half(g * g));
            let denom = to_half(to_half(self.v[i].sqrt() / c2) + self.eps);
            *p -= self.lr / c1 * self.m[i] / denom;
        }
    }
}
// ANCHOR_END: half_adam

/// The feature of section `eps` measured in thousands, and its weight's index.
pub const SMALL_FEATURE: usize = 3;

/// The least squares of section `eps` with its last feature in thousands (× 0.001).
pub fn small_feature() -> LinearRegression {
    let mut model = noisy_regression();
    model
        .data
        .x
        .column_mut(SMALL_FEATURE)
        .mapv_inplace(|x| x * 1e-3);
    model
}
