//! Solutions to the exercises of "At the edge of stability" (book/edge_of_stability.md,
//! anchors `eos_exN`; the set-up of examples/edge_of_stability/main.rs): each test computes an
//! answer the book's solutions state.

use stepsize::optim::Sgd;
use stepsize::train::{Budget, Outcome, Run, gradient_descent_runs};

use crate::common::close;
use crate::exercises::checks::edge_of_stability_momentum::{
    self, eos_net, late_max, momentum_track, sharpness_track,
};

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
    assert!(close(mean, 6.669, 1e-3) && close(max_of(&track), 7.527, 1e-3));
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

// ANCHOR: eos_ex3_momentum
/// SGD with momentum β = 0.9, in place of the example's plain gradient descent.
pub fn momentum(lr: f64) -> Sgd {
    Sgd::new(lr).momentum(0.9)
}
// ANCHOR_END: eos_ex3_momentum

/// Momentum with β = 0.9 at `lr` for `steps`, with its sharpness track.
fn track_at(lr: f64, steps: usize) -> (Run, Vec<f64>) {
    momentum_track(&mut momentum(lr), steps)
}

#[test]
fn edge_exercise_3_momentum_at_eta_0_4_settles_near_3_8_over_eta() {
    // The check: at η = 0.4 the sharpness peaks, from step 1000 on, within 1% of
    // (2 + 2β)/η = 9.5, not above it.
    let (_, track) = edge_of_stability_momentum::check(momentum).expect("the solution passes");
    let peak = late_max(&track);
    // A transient overshoot in the first steps, then a drop far below the limit.
    let early = max_of(&track[..10]);
    let at = track.iter().position(|&s| s == early).unwrap();
    let after = track[at..200].iter().cloned().fold(f64::INFINITY, f64::min);
    assert!(
        close(early, 10.06, 1e-3) && close(after, 7.627, 1e-3),
        "{early} {after}"
    );
    assert!(close(peak, 9.539, 1e-3) && close(mean_of_second_half(&track), 9.436, 1e-3));
}

#[test]
fn edge_exercise_3_momentum_at_the_default_rate_levels_off_far_below_its_limit() {
    let (_, track) = track_at(0.1, 2000);
    let mean = mean_of_second_half(&track);
    assert!(close(mean, 9.515, 1e-3), "{mean}");
    assert!(max_of(&track) < 0.3 * (2.0 + 2.0 * 0.9) / 0.1);
    // Above where plain gradient descent at 0.1 levels off (9.104): not "as without momentum".
    assert!(mean > 1.04 * 9.104);
}

#[test]
fn edge_exercise_3_momentum_at_eta_0_44_settles_near_its_lower_limit() {
    let lr = 0.44;
    let limit = 3.8 / lr; // 8.636
    let (run, track) = track_at(lr, 8000);
    assert!(!run.outcome.diverged());
    let peak = late_max(&track);
    assert!(close(peak, limit, 0.01), "peak {peak} vs {limit}");
    let mean = mean_of_second_half(&track);
    assert!(
        close(peak, 8.709, 1e-3) && close(mean, 8.491, 1e-3),
        "{peak} {mean}"
    );
    // Momentum at rates around these is fragile: 0.42 and 0.45 blow up early.
    for (lr, step) in [(0.42, 43), (0.45, 30)] {
        let (run, _) = track_at(lr, 100);
        assert!(matches!(run.outcome, Outcome::Diverged { step: s, .. } if s == step));
    }
}
