//! Solutions to the exercises of "Finding a learning rate" (book/lr_finder.md, anchors
//! `lrf_exN`; the set-up of examples/lr_finder/main.rs, seed 4): each test computes an answer
//! the book's solutions state.

use ndarray::array;
use stepsize::analysis::range_test::RangeTest;
use stepsize::optim::GradientDescent;
use stepsize::optim::clip::{Clip, Clipped};
use stepsize::problems::data::{self, Dataset};
use stepsize::problems::mlp::Mlp;
use stepsize::problems::rosenbrock::Rosenbrock;
use stepsize::schedule::{CosineAnnealingLR, Stepped};
use stepsize::train::{Budget, Training, gradient_descent_runs, train};

use crate::common::close;
use crate::exercises::checks::lr_finder_more_points::{self, SEED, best_rates, grid_scores};

/// The example's data: `n` noisy points of y = sin(2x) on [−2, 2].
fn noisy(n: usize, seed: u64) -> Dataset {
    data::noisy_sine(n, seed)
}

#[test]
fn lr_finder_exercise_1_starting_at_1e_3_stops_after_81_steps_and_moves_every_suggestion() {
    let net = Mlp::regression(noisy(12, SEED), 32);
    let init = net.init(SEED);
    // ANCHOR: lrf_ex1
    let finder = RangeTest {
        start_lr: 1e-3,
        ..RangeTest::default()
    };
    let result = finder.run(&net, &mut GradientDescent::new(1e-3), net.init(SEED));
    let s = finder.suggest(&result);
    // ANCHOR_END: lrf_ex1
    assert!(result.stopped_early);
    assert_eq!(result.lrs.len(), 81);
    assert!(close(*result.lrs.last().unwrap(), 1.585, 1e-3));
    // From 1e-7 the same test stops after 92 steps, at a slightly larger rate.
    let default = RangeTest::default();
    let from_tiny = default.run(&net, &mut GradientDescent::new(1e-7), init);
    assert_eq!(from_tiny.lrs.len(), 92);
    assert!(close(*from_tiny.lrs.last().unwrap(), 1.905, 1e-3));
    let d = default.suggest(&from_tiny);
    // Every suggestion moves: valley into the good region, steep down, the others up.
    for (now, before, was) in [
        (s.valley, d.valley, 0.000479),
        (s.slide, d.slide, 0.0479),
        (s.minimum, d.minimum, 0.0759),
        (s.steep, d.steep, 0.0331),
    ] {
        assert!(close(before.unwrap(), was, 2e-3), "{before:?} vs {was}");
        assert!(!close(now.unwrap(), was, 0.1), "{now:?} vs {was}");
    }
    assert!(close(s.valley.unwrap(), 0.0479, 2e-3), "{s:?}");
    assert!(close(s.slide.unwrap(), 0.251, 2e-3), "{s:?}");
    assert!(close(s.minimum.unwrap(), 0.1, 2e-3), "{s:?}");
    assert!(close(s.steep.unwrap(), 0.00912, 2e-3), "{s:?}");
    // Trained for the example's 3000 steps, valley and minimum/10 validate about as well as
    // the grid's best (0.06246); steep validates far worse.
    let val_set = noisy(200, SEED + 1);
    let validate = |lr: f64| {
        let run = &gradient_descent_runs(&net, &[lr], &net.init(SEED), &Budget::steps(3000))[0];
        net.loss_on(run.final_params().view(), &val_set)
    };
    assert!(validate(s.valley.unwrap()) < 0.065);
    assert!(validate(s.minimum.unwrap()) < 0.065);
    assert!(validate(s.steep.unwrap()) > 0.13);
}

#[test]
fn lr_finder_exercise_2_after_1000_steps_eta_0_1_both_trains_and_validates_best() {
    let net = Mlp::regression(noisy(12, SEED), 32);
    let (fast, best) = best_rates(&grid_scores(&net, 3000));
    assert!(close(fast, 0.316, 1e-2) && close(best, 0.0316, 1e-2));
    let short = grid_scores(&net, 1000);
    let (fast, best) = best_rates(&short);
    assert!(
        close(fast, 0.1, 1e-9) && close(best, 0.1, 1e-9),
        "{short:?}"
    );
    // The small rates have not got far: η = 0.0316 validates at 0.1172 after 1000 steps.
    let at = |lr: f64| short.iter().find(|s| close(s.0, lr, 1e-2)).unwrap();
    assert!(close(at(0.0316).2, 0.1172, 1e-3));
    assert!(close(at(0.1).2, 0.06205, 1e-3));
}

// ANCHOR: lrf_ex3
/// The only change to the example: 100 training points instead of 12.
pub fn training_points(seed: u64) -> Dataset {
    data::noisy_sine(100, seed)
}
// ANCHOR_END: lrf_ex3

#[test]
fn lr_finder_exercise_3_with_100_points_eta_0_316_trains_and_validates_best() {
    // The check: one rate has both the lowest training and the lowest validation loss.
    let scores = lr_finder_more_points::check(training_points).expect("the solution passes");
    let (fast, best) = best_rates(&scores);
    assert!(close(fast, 0.316, 1e-2) && close(best, 0.316, 1e-2));
    // The ranking is nearly flat: η from 0.0316 to 0.316 validate within 0.001 of each other.
    let good: Vec<f64> = scores.iter().filter(|s| s.0 > 0.03).map(|s| s.2).collect();
    assert_eq!(good.len(), 3);
    let spread = good.iter().cloned().fold(f64::MIN, f64::max)
        - good.iter().cloned().fold(f64::MAX, f64::min);
    assert!(spread < 1e-3, "{scores:?}");
    let (_, train_loss, val_loss) = scores[scores.len() - 1];
    assert!(close(train_loss, 0.04291, 1e-3) && close(val_loss, 0.05052, 1e-3));
}

#[test]
fn lr_finder_exercise_4_clipped_steps_are_eta_c_long_and_a_cosine_decay_converges() {
    let valley = Rosenbrock::default();
    let start = array![-1.5, 2.0];
    let mut fixed = Clipped::new(Box::new(GradientDescent::new(0.01)), Clip::Norm(10.0));
    let run = train(
        "fixed",
        &valley,
        &mut fixed,
        start.clone(),
        &Budget::steps(2000),
    );
    // Every one of the last 100 steps is η · c = 0.1 long: a walk of fixed step length.
    for w in run.history[1900..].windows(2) {
        let d = &w[1].params - &w[0].params;
        assert!(close(d.dot(&d).sqrt(), 0.1, 1e-6));
    }
    assert!(close(run.final_loss(), 0.7499, 1e-3));
    // ANCHOR: lrf_ex4
    // The same clipped rate, cosine-annealed to 0 over the same 2000 steps.
    let mut clipped = Clipped::new(Box::new(GradientDescent::new(0.01)), Clip::Norm(10.0));
    let mut decay = Stepped::new(CosineAnnealingLR::new(0.01, 2000));
    let run = Training::new(&valley, &Budget::steps(2000))
        .label("cosine")
        .schedule(&mut decay)
        .run(&mut clipped, start);
    assert!(close(run.final_loss(), 0.02316, 1e-3));
    // ANCHOR_END: lrf_ex4
}
