//! Solutions to the exercises of chapter 7, "Finding a learning rate", and chapter 8, "At
//! the edge of stability": each test computes an answer the book's solutions state.

use ndarray::array;
use stepsize::analysis::range_test::RangeTest;
use stepsize::analysis::sharpness;
use stepsize::math;
use stepsize::optim::GradientDescent;
use stepsize::optim::clip::{Clip, Clipped};
use stepsize::output::optimizers::{self, Settings};
use stepsize::problems::data::{self, Dataset};
use stepsize::problems::mlp::Mlp;
use stepsize::problems::rosenbrock::Rosenbrock;
use stepsize::schedule::{CosineAnnealingLR, Stepped};
use stepsize::train::{Budget, Outcome, Run, Training, gradient_descent_runs, train};

/// `|a/b − 1| < rel`.
fn close(a: f64, b: f64, rel: f64) -> bool {
    (a / b - 1.0).abs() < rel
}

// ---------------------------------------------------------------------------------------
// Chapter 7: finding a learning rate (the set-up of examples/lr_finder/main.rs, seed 4).

/// The example's data: `n` noisy points of y = sin(2x) on [−2, 2].
fn noisy(n: usize, seed: u64) -> Dataset {
    data::noisy_sine(n, seed)
}

const SEED: u64 = 4;

/// The example's log-scale grid: 0.001, 0.00316, …, 1.
fn grid() -> Vec<f64> {
    (0..=6)
        .map(|i| math::powf(10.0, -3.0 + i as f64 / 2.0))
        .collect()
}

/// For each grid rate that trains: (η, training loss, validation loss) after `steps`.
fn grid_scores(net: &Mlp, steps: usize) -> Vec<(f64, f64, f64)> {
    let val_set = noisy(200, SEED + 1);
    let init = net.init(SEED);
    gradient_descent_runs(net, &grid(), &init, &Budget::steps(steps))
        .iter()
        .filter(|run| !run.outcome.diverged())
        .map(|run| {
            let val = net.loss_on(run.final_params().view(), &val_set);
            (run.lr(), run.final_loss(), val)
        })
        .collect()
}

/// The rates with the lowest training loss and the lowest validation loss.
fn best_rates(scores: &[(f64, f64, f64)]) -> (f64, f64) {
    let by = |pick: fn(&(f64, f64, f64)) -> f64| {
        scores
            .iter()
            .min_by(|a, b| pick(a).total_cmp(&pick(b)))
            .expect("some rate trains")
            .0
    };
    (by(|s| s.1), by(|s| s.2))
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

#[test]
fn lr_finder_exercise_3_with_100_points_eta_0_316_trains_and_validates_best() {
    // ANCHOR: lrf_ex3
    // The only change to the example: 100 training points instead of 12.
    let train_set = noisy(100, SEED);
    let net = Mlp::regression(train_set, 32);
    let scores = grid_scores(&net, 3000);
    let (fast, best) = best_rates(&scores);
    assert!(close(fast, 0.316, 1e-2) && close(best, 0.316, 1e-2));
    // ANCHOR_END: lrf_ex3
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

// ---------------------------------------------------------------------------------------
// Chapter 8: at the edge of stability (the set-up of examples/edge_of_stability/main.rs).

fn eos_net() -> Mlp {
    Mlp::regression(data::wavy_curve(64), 32)
}

/// The sharpness every 100 steps along `run`, warm-started as in the example.
fn sharpness_track(net: &Mlp, run: &Run) -> Vec<f64> {
    sharpness::along(net, run, 100, 10)
        .into_iter()
        .map(|(_, lambda)| lambda)
        .collect()
}

fn mean_of_second_half(track: &[f64]) -> f64 {
    let half = &track[track.len() / 2..];
    half.iter().sum::<f64>() / half.len() as f64
}

fn max_of(track: &[f64]) -> f64 {
    track.iter().cloned().fold(f64::NEG_INFINITY, f64::max)
}

#[test]
fn edge_exercise_1_at_eta_0_3_the_sharpness_settles_at_two_over_eta() {
    let net = eos_net();
    let run = &gradient_descent_runs(&net, &[0.3], &net.init(0), &Budget::steps(2000))[0];
    assert!(!run.outcome.diverged());
    let track = sharpness_track(&net, run);
    let mean = mean_of_second_half(&track);
    assert!(close(mean, 2.0 / 0.3, 1e-3), "{mean}");
    assert!(close(mean, 6.670, 1e-3) && close(max_of(&track), 7.004, 1e-3));
}

#[test]
fn edge_exercise_2_eta_0_46_trains_and_eta_0_47_diverges_at_step_13() {
    let net = eos_net();
    let init = net.init(0);
    let lrs = [0.4, 0.45, 0.46, 0.47, 0.5];
    let runs = gradient_descent_runs(&net, &lrs, &init, &Budget::steps(2000));
    for run in &runs[..3] {
        assert!(matches!(run.outcome, Outcome::Completed { steps: 2000 }));
    }
    assert!(matches!(
        runs[3].outcome,
        Outcome::Diverged { step: 13, .. }
    ));
    assert!(matches!(
        runs[4].outcome,
        Outcome::Diverged { step: 12, .. }
    ));
    // At 0.45 the network does find a region as flat as 2/η = 4.444.
    let mean = mean_of_second_half(&sharpness_track(&net, &runs[1]));
    assert!(close(mean, 2.0 / 0.45, 2e-3), "{mean}");
    // Not an artefact of the divergence rule: with no bound, η = 0.5 still overflows.
    let unbounded = Budget::steps(2000).diverge_above(1e300);
    let run = &gradient_descent_runs(&net, &[0.5], &init, &unbounded)[0];
    assert!(matches!(run.outcome, Outcome::Diverged { step: 157, .. }));
}

/// Momentum with β = 0.9 at `lr` for `steps`, with its sharpness track.
fn momentum_track(lr: f64, steps: usize) -> (Run, Vec<f64>) {
    let net = eos_net();
    // ANCHOR: eos_ex3_momentum
    let settings = Settings {
        momentum: Some(0.9),
        ..Settings::default()
    };
    let mut momentum = optimizers::build("momentum", lr, &settings).expect("valid settings");
    let run = train(
        "momentum",
        &net,
        momentum.as_mut(),
        net.init(0),
        &Budget::steps(steps),
    );
    // ANCHOR_END: eos_ex3_momentum
    let track = sharpness_track(&net, &run);
    (run, track)
}

#[test]
fn edge_exercise_3_momentum_at_eta_0_4_reaches_3_8_over_eta_and_is_pushed_back() {
    // ANCHOR: eos_ex3
    let (lr, beta) = (0.4, 0.9);
    let limit = (2.0 + 2.0 * beta) / lr; // 9.5
    let (run, track) = momentum_track(lr, 8000);
    assert!(!run.outcome.diverged());
    let peak = max_of(&track);
    assert!(close(peak, limit, 0.01), "peak {peak} vs {limit}");
    // After the peak, the sharpness is pushed back below the limit.
    let at = track.iter().position(|&s| s == peak).unwrap();
    assert!(track[at..].iter().any(|&s| s < 0.985 * limit));
    // ANCHOR_END: eos_ex3
    // ... and then climbs again.
    let low = at + track[at..].iter().position(|&s| s < 0.985 * limit).unwrap();
    assert!(track[low..].iter().any(|&s| s > 0.99 * limit));
    assert!(close(peak, 9.535, 1e-3) && close(mean_of_second_half(&track), 9.431, 1e-3));
}

#[test]
fn edge_exercise_3_momentum_at_the_default_rate_levels_off_far_below_its_limit() {
    let (_, track) = momentum_track(0.1, 2000);
    let peak = max_of(&track);
    assert!(close(peak, 9.553, 1e-3), "{peak}");
    assert!(peak < 0.3 * (2.0 + 2.0 * 0.9) / 0.1);
}

#[test]
fn edge_exercise_3_momentum_at_eta_0_44_is_pushed_back_from_its_lower_limit() {
    let lr = 0.44;
    let limit = 3.8 / lr; // 8.636
    let (run, track) = momentum_track(lr, 8000);
    assert!(!run.outcome.diverged());
    let peak = max_of(&track);
    assert!(close(peak, limit, 0.01), "peak {peak} vs {limit}");
    let at = track.iter().position(|&s| s == peak).unwrap();
    let after = track[at..].iter().cloned().fold(f64::INFINITY, f64::min);
    assert!(
        close(peak, 8.678, 1e-3) && close(after, 8.33, 1e-3),
        "{after}"
    );
    // Momentum at rates around these is fragile: 0.42 and 0.45 blow up early.
    for (lr, step) in [(0.42, 43), (0.45, 30)] {
        let (run, _) = momentum_track(lr, 100);
        assert!(matches!(run.outcome, Outcome::Diverged { step: s, .. } if s == step));
    }
}
