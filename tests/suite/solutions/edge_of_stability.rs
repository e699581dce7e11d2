//! Solutions to the exercises of "At the edge of stability" (book/edge_of_stability.md,
//! anchors `eos_exN`; the set-up of examples/edge_of_stability/main.rs): each test computes an
//! answer the book's solutions state.

use stepsize::analysis::sharpness;
use stepsize::output::optimizers::{self, Settings};
use stepsize::problems::data;
use stepsize::problems::mlp::Mlp;
use stepsize::train::{Budget, Outcome, Run, gradient_descent_runs, train};

use crate::common::close;

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
