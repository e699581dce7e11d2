//! Solutions to the exercises of "Momentum and adaptive optimizers" (book/adaptive.md,
//! anchors `exN`): every number a solution states is computed here with the library.

use ndarray::array;
use stepsize::math;
use stepsize::optim::Adam;
use stepsize::output::optimizers::{self, Settings};
use stepsize::problems::quadratic::Quadratic;
use stepsize::train::{Budget, Outcome, Run, train};

use crate::exercises::checks::adaptive_amsgrad;

/// The optimizer `name` at rate `lr` on the chapter's bowl 0.1·x1² + 2·x2² from (−5, −2).
fn on_bowl(name: &str, lr: f64, settings: &Settings, steps: usize) -> Run {
    let mut opt = optimizers::build(name, lr, settings).expect("valid settings");
    train(
        name,
        &Quadratic::d2l(),
        opt.as_mut(),
        array![-5.0, -2.0],
        &Budget::steps(steps),
    )
}

#[test]
fn exercise_1_with_beta_0_5_eta_0_74_is_stable_and_0_76_diverges_at_step_37() {
    // ANCHOR: ex1
    // β = 0.5: stable while η·λ_max < 2 + 2β = 3, i.e. η < 3/4 on this bowl.
    let beta = Settings {
        momentum: Some(0.5),
        ..Settings::default()
    };
    let run = |lr| on_bowl("momentum", lr, &beta, 200);
    assert!(run(0.6).final_loss() < 1e-50);
    assert!(run(0.74).final_loss() < 1e-14);
    assert!(matches!(
        run(0.76).outcome,
        Outcome::Diverged { step: 37, .. }
    ));
    // ANCHOR_END: ex1
    // The heavy ball's roots of z² − (1 + β − ηλ)z + β on the steep direction (λ = 4): the
    // slowest decays by 0.911 per step at η = 0.74, the fastest grows by 1.075 at 0.76.
    let largest_root = |lr: f64| {
        let b = 1.5 - 4.0 * lr;
        let disc = b * b - 2.0;
        assert!(disc > 0.0, "real roots");
        (b.abs() + disc.sqrt()) / 2.0
    };
    assert!((largest_root(0.74) - 0.9114).abs() < 1e-4);
    assert!((largest_root(0.76) - 1.0748).abs() < 1e-4);
    assert!(matches!(
        run(0.74).outcome,
        Outcome::Completed { steps: 200 }
    ));
}

#[test]
fn exercise_2_adams_first_step_from_minus_5_minus_2_lands_at_minus_4_7_minus_1_7() {
    // ANCHOR: ex2
    let run = on_bowl("adam", 0.3, &Settings::default(), 1);
    let first = &run.history[1].params;
    // The gradient is (−1, −8); both coordinates move by η = 0.3 against its sign.
    assert!((first[0] - -4.7).abs() < 1e-8 && (first[1] - -1.7).abs() < 1e-8);
    // ANCHOR_END: ex2
}

// ANCHOR: ex3
/// In examples/adaptive/main.rs, one more line in `contenders()`:
/// `("AMSGrad η=0.3", Box::new(Adam::new(0.3).amsgrad(true)))`.
pub fn amsgrad(lr: f64) -> Adam {
    Adam::new(lr).amsgrad(true)
}
// ANCHOR_END: ex3

#[test]
fn exercise_3_amsgrad_matches_adam_coupled_decay_changes_nothing_adamw_does() {
    // The check: AMSGrad follows Adam for seven steps, leaves it at step 8 and ends higher.
    let (adam, ams) = adaptive_amsgrad::check(amsgrad).expect("the solution passes");
    // Loss after 50 steps: Adam 0.004218, AMSGrad 0.004231 (slightly worse).
    assert!((adam.final_loss() - 0.004218).abs() < 5e-7);
    assert!((ams.final_loss() - 0.004231).abs() < 5e-7);
    // The paths never drift more than 0.0011 apart (summed over coordinates), and step 8 is
    // where the steep coordinate crosses 0, so its gradient, and v, are small.
    let gap = |k: usize| {
        (&adam.history[k].params - &ams.history[k].params)
            .mapv(f64::abs)
            .sum()
    };
    assert!((0..=50).all(|k| gap(k) < 1.1e-3));
    assert!(adam.history[7].params[1] < 0.0 && adam.history[8].params[1] > 0.0);
    // ANCHOR: ex3_decay
    let decay = Settings {
        weight_decay: Some(0.1),
        ..Settings::default()
    };
    let coupled = on_bowl("adam", 0.3, &decay, 50);
    let decoupled = on_bowl("adamw", 0.3, &decay, 50);
    // Coupled decay: the same path up to ε's effect (below 1e-7 in every coordinate).
    for (a, c) in adam.history.iter().zip(&coupled.history) {
        assert!((&a.params - &c.params).iter().all(|d| d.abs() < 1e-7));
    }
    // Decoupled decay: a different path, here ending lower (0.0034).
    assert!((decoupled.final_loss() - 0.0034).abs() < 5e-6);
    // ANCHOR_END: ex3_decay
}

#[test]
fn exercise_4_sgd_on_the_bowl_succeeds_at_1_grid_rate_in_100_steps_and_6_in_1000() {
    // ANCHOR: ex4
    let grid: Vec<f64> = (0..=25)
        .map(|i| math::powf(10.0, -4.0 + i as f64 / 5.0))
        .collect();
    let reaching = |steps: usize| -> Vec<f64> {
        grid.iter()
            .copied()
            .filter(|&lr| {
                let run = on_bowl("sgd", lr, &Settings::default(), steps);
                !run.outcome.diverged() && run.final_loss() < 1e-6
            })
            .collect()
    };
    assert_eq!(reaching(100).len(), 1); // η ≈ 0.398 only
    let with_1000 = reaching(1000);
    assert_eq!(with_1000.len(), 6); // η ≈ 0.0398, 0.0631, 0.1, 0.158, 0.251, 0.398
    // ANCHOR_END: ex4
    assert!((with_1000[0] - 0.0398).abs() < 1e-4 && (with_1000[5] - 0.398).abs() < 1e-3);
    // The flat direction shrinks by 1 − 0.2η per step and must shrink ~1581-fold
    // (0.1·25 → 1e-6): −ln(1 − 0.2η)·steps > ln(1581) ≈ 7.37.
    let needed =
        |lr: f64, steps: f64| -math::ln(1.0 - 0.2 * lr) * steps > math::ln((2.5e6f64).sqrt());
    assert!(!needed(0.2512, 100.0) && needed(0.3981, 100.0));
    assert!(!needed(0.0251, 1000.0) && needed(0.0398, 1000.0));
    // Every grid rate above 0.5 diverges, with either budget.
    for lr in grid.iter().copied().filter(|&lr| lr > 0.5) {
        assert!(
            on_bowl("sgd", lr, &Settings::default(), 1000)
                .outcome
                .diverged()
        );
    }
    // The smallest rate that gets there: about 0.355 in 100 steps, 0.0367 in 1000.
    let threshold = |steps: f64| (1.0 - math::exp(-math::ln((2.5e6f64).sqrt()) / steps)) / 0.2;
    assert!((threshold(100.0) - 0.355).abs() < 1e-3);
    assert!((threshold(1000.0) - 0.0367).abs() < 1e-4);
    assert!(
        ((2.5e6f64).sqrt() - 1581.0).abs() < 1.0
            && (math::ln((2.5e6f64).sqrt()) - 7.37).abs() < 0.01
    );
}
