//! Solutions to the exercises of "Learning-rate schedules" (book/schedules.md, anchors
//! `sch_exN`): every number the solutions state is computed here with the library and
//! asserted.

use std::cell::Cell;

use ndarray::{Array1, ArrayView1};
use stepsize::optim::GradientDescent;
use stepsize::problems::Problem;
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::minibatch::{MiniBatch, Sampling};
use stepsize::schedule::{
    self, ClosedForm, CosineAnnealingWarmRestarts, ReduceLROnPlateau, StepLR,
};
use stepsize::train::{Budget, Run, Training};

use crate::common::close;

#[test]
fn schedules_exercise_1_step_lr_gives_0_1_then_0_01_then_0_0001() {
    // ANCHOR: sch_ex1
    // StepLR(step_size=30), default gamma 0.1: η = 0.1 · 0.1^⌊t/30⌋.
    let mut step = StepLR::new(0.1, 30).stepped();
    let eta = schedule::trace(&mut step, 100).expect("valid settings");
    assert!(close(eta[29], 0.1, 1e-12));
    assert!(close(eta[30], 0.01, 1e-12));
    assert!(close(eta[95], 1e-4, 1e-12));
    // ANCHOR_END: sch_ex1
}

#[test]
fn schedules_exercise_2_warm_restarts_jump_back_at_steps_10_30_and_70() {
    let mut restarts = CosineAnnealingWarmRestarts::new(0.1, 10)
        .t_mult(2)
        .stepped();
    let eta = schedule::trace(&mut restarts, 80).expect("valid settings");
    let jumps: Vec<usize> = (1..eta.len()).filter(|&t| eta[t] > eta[t - 1]).collect();
    assert_eq!(jumps, [10, 30, 70]);
    for t in jumps {
        assert!(close(eta[t], 0.1, 1e-12), "η at {t} is {}", eta[t]);
    }
}

/// The noisy least-squares problem of the schedules chapter: training set, L*, tr H.
fn noisy_problem() -> (LinearRegression, LinearRegression, f64, f64) {
    let (train_set, val_set) =
        data::synthetic_regression(512, &[2.0, -1.0, 0.5, 1.5], 0.3, 1.0, 1).split(256);
    let model = LinearRegression::new(train_set);
    let best = model.least_squares().expect("not collinear");
    let l_star = model.loss(best.view());
    let h = model.hessian();
    let trace = (0..h.nrows()).map(|i| h[[i, i]]).sum();
    (model, LinearRegression::new(val_set), l_star, trace)
}

/// The example's measured floor: mean excess loss over the last half of 2000 steps of
/// constant-rate SGD, averaged over seeds 0 to 4.
fn floor(model: &LinearRegression, batch: usize, lr: f64, sampling: Sampling, l_star: f64) -> f64 {
    let seeds = 5;
    let runs: Vec<Run> = (0..seeds)
        .map(|seed| {
            let batches = MiniBatch::new(model.clone(), batch, sampling, seed);
            let mut constant = schedule::Constant { lr };
            Training::new(&batches, &Budget::steps(2000))
                .label("sgd")
                .schedule(&mut constant)
                .run(&mut GradientDescent::new(lr), Array1::zeros(model.dim()))
        })
        .collect();
    let tail = 1000..=2000;
    let total: f64 = runs
        .iter()
        .flat_map(|r| r.history[tail.clone()].iter().map(|h| h.loss - l_star))
        .sum();
    total / (seeds as f64 * tail.count() as f64)
}

#[test]
fn schedules_exercise_3_batch_32_cuts_the_floor_to_about_a_quarter() {
    let (model, _, l_star, trace) = noisy_problem();
    let mut measured = Vec::new();
    // ANCHOR: sch_ex3
    // BATCH = 32 instead of 8: the predicted floor η·L*·tr H/(2B) is 4 times lower.
    for lr in [0.01, 0.02, 0.05, 0.1] {
        let old = floor(&model, 8, lr, Sampling::WithReplacement, l_star);
        let new = floor(&model, 32, lr, Sampling::WithReplacement, l_star);
        let predicted = lr * l_star * trace / (2.0 * 32.0);
        assert!(
            (0.22..0.26).contains(&(new / old)),
            "η = {lr}: {}",
            new / old
        );
        assert!((0.98..1.1).contains(&(new / predicted)), "η = {lr}");
        measured.push(new);
    }
    // ANCHOR_END: sch_ex3
    for (got, want) in measured.iter().zip([0.00153, 0.003023, 0.007817, 0.0168]) {
        assert!(close(*got, want, 1e-3), "{got} against {want}");
    }
    // The old column is the chapter's: 0.005935 at η = 0.01.
    let old = floor(&model, 8, 0.01, Sampling::WithReplacement, l_star);
    assert!(close(old, 0.005935, 1e-3), "{old}");
    // Shuffled epochs of 32 cancel even more noise: 8.195e-5 at η = 0.01.
    let shuffled = floor(&model, 32, 0.01, Sampling::Shuffled, l_star);
    assert!(close(shuffled, 8.195e-5, 1e-3), "{shuffled}");
}

#[test]
fn schedules_exercise_4_a_smoothed_watched_number_delays_the_first_cut_to_step_607() {
    let (model, validation, _, _) = noisy_problem();
    let cuts_and_final = |alpha: f64| {
        // ANCHOR: sch_ex4
        // Watch an exponential moving average of the validation loss, not its raw value.
        let average = Cell::new(f64::NAN);
        let watch = |p: ArrayView1<f64>| {
            let v = validation.loss(p);
            let old = average.get();
            let new = if old.is_nan() {
                v
            } else {
                old + alpha * (v - old)
            };
            average.set(new);
            new
        };
        // ANCHOR_END: sch_ex4
        let mut cut = ReduceLROnPlateau::new(0.1)
            .factor(0.5)
            .patience(100)
            .min_lr(1e-3);
        let batches = MiniBatch::new(model.clone(), 8, Sampling::WithReplacement, 0);
        let run = Training::new(&batches, &Budget::steps(2000))
            .label("plateau")
            .plateau(&mut cut, &watch)
            .run(&mut GradientDescent::new(0.1), Array1::zeros(5));
        let cuts: Vec<usize> = run
            .history
            .windows(2)
            .filter(|w| w[1].lr < w[0].lr)
            .map(|w| w[1].step)
            .collect();
        (cuts, validation.loss(run.final_params().view()))
    };
    // α = 1 is the chapter's raw validation loss.
    let (raw, raw_final) = cuts_and_final(1.0);
    assert_eq!(raw, [142, 368, 469, 570, 671, 772, 873]);
    assert!(close(raw_final, 1.264, 1e-3), "{raw_final}");
    let (smoothed, smoothed_final) = cuts_and_final(0.01);
    assert_eq!(smoothed, [607, 1165, 1266, 1721, 1994]);
    assert!(close(smoothed_final, 1.253, 1e-3), "{smoothed_final}");
}
