//! Solutions to the exercises of "Learning-rate schedules" (book/schedules.md, anchors
//! `sch_exN`): every number the solutions state is computed here with the library and
//! asserted.

use std::cell::Cell;

use ndarray::{Array1, ArrayView1};
use stepsize::optim::GradientDescent;
use stepsize::problems::Problem;
use stepsize::problems::minibatch::{MiniBatch, Sampling};
use stepsize::schedule::{
    self, ClosedForm, CosineAnnealingWarmRestarts, ReduceLROnPlateau, StepLR,
};
use stepsize::train::{Budget, Training};

use crate::common::close;
use crate::exercises::checks::schedules_larger_batch::{self, RATES, floor, noisy_problem};

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

// ANCHOR: sch_ex3
/// The floor the formula predicts for constant-rate SGD: η·L*·tr H/(2B).
pub fn predicted_floor(lr: f64, l_star: f64, trace_h: f64, batch: usize) -> f64 {
    lr * l_star * trace_h / (2.0 * batch as f64)
}
// ANCHOR_END: sch_ex3

#[test]
fn schedules_exercise_3_batch_32_cuts_the_floor_to_about_a_quarter() {
    // The check: 4 times the batch divides the predicted floor by 4, and the floor measured
    // with batches of 32 is within 10% of the prediction at each rate.
    let measured = schedules_larger_batch::check(predicted_floor).expect("the solution passes");
    let (model, _, l_star, trace) = noisy_problem();
    for (new, lr) in measured.iter().zip(RATES) {
        let old = floor(&model, 8, lr, Sampling::WithReplacement, l_star);
        assert!(
            (0.22..0.26).contains(&(new / old)),
            "η = {lr}: {}",
            new / old
        );
        let ratio = new / predicted_floor(lr, l_star, trace, 32);
        assert!((0.98..1.1).contains(&ratio), "η = {lr}: {ratio}");
    }
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
