//! Solutions to the exercises of "Momentum and adaptive optimizers" (book/adaptive.md,
//! anchors `exN`) and "Batch size and normalization" (book/batch_normalization.md, anchors
//! `bn_exN`): every number a solution states is computed here with the library.

use ndarray::{Array1, array};
use stepsize::analysis::stability;
use stepsize::math;
use stepsize::optim::GradientDescent;
use stepsize::output::optimizers::{self, Settings};
use stepsize::problems::Problem;
use stepsize::problems::data::{self, Dataset};
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::logistic::{LogisticRegression, houses_expensive};
use stepsize::problems::minibatch::{MiniBatch, Sampling};
use stepsize::problems::quadratic::Quadratic;
use stepsize::problems::standardize::Standardizer;
use stepsize::train::{Budget, Outcome, Run, train};

// ---------------------------------------------------------------------------------------
// Momentum and adaptive optimizers
// ---------------------------------------------------------------------------------------

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

#[test]
fn exercise_3_amsgrad_matches_adam_coupled_decay_changes_nothing_adamw_does() {
    // ANCHOR: ex3
    let amsgrad = Settings {
        amsgrad: true,
        ..Settings::default()
    };
    let decay = Settings {
        weight_decay: Some(0.1),
        ..Settings::default()
    };
    let adam = on_bowl("adam", 0.3, &Settings::default(), 50);
    let ams = on_bowl("adam", 0.3, &amsgrad, 50);
    let coupled = on_bowl("adam", 0.3, &decay, 50);
    let decoupled = on_bowl("adamw", 0.3, &decay, 50);
    // Loss after 50 steps: Adam 0.004218, AMSGrad 0.004231 (slightly worse).
    assert!((adam.final_loss() - 0.004218).abs() < 5e-7);
    assert!((ams.final_loss() - 0.004231).abs() < 5e-7);
    // Coupled decay: the same path up to ε's effect (below 1e-7 in every coordinate).
    for (a, c) in adam.history.iter().zip(&coupled.history) {
        assert!((&a.params - &c.params).iter().all(|d| d.abs() < 1e-7));
    }
    // Decoupled decay: a different path, here ending lower (0.0034).
    assert!((decoupled.final_loss() - 0.0034).abs() < 5e-6);
    // ANCHOR_END: ex3
    // AMSGrad's maximum first differs from v in step 8: the first seven steps are the
    // same, and the paths never drift more than 0.0011 apart (summed over coordinates).
    let gap = |k: usize| {
        (&adam.history[k].params - &ams.history[k].params)
            .mapv(f64::abs)
            .sum()
    };
    assert!((0..=7).all(|k| gap(k) == 0.0) && gap(8) > 0.0);
    assert!((0..=50).all(|k| gap(k) < 1.1e-3));
    assert!(adam.history[7].params[1] < 0.0 && adam.history[8].params[1] > 0.0);
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

// ---------------------------------------------------------------------------------------
// Batch size and normalization
// ---------------------------------------------------------------------------------------

/// The normalization chapter's 400 houses with their price, as in `examples/normalization/main.rs`.
fn priced_houses() -> Dataset {
    let houses = houses_expensive(400, 5);
    let mut rng = data::rng(6);
    let price: Array1<f64> = houses
        .x
        .rows()
        .into_iter()
        .map(|r| 0.15 * r[0] + 10.0 * r[1] + 20.0 + 15.0 * data::standard_normal(&mut rng))
        .collect();
    Dataset { y: price, ..houses }
}

/// λ_max of the mean squared error's Hessian, and the largest η whose loss falls over 500
/// steps of gradient descent from 0, by bisection.
fn lambda_max_and_edge(data: &Dataset) -> (f64, f64) {
    let model = LinearRegression::new(data.clone());
    let eig = stability::symmetric_eigenvalues(&model.hessian());
    let lmax = eig[eig.len() - 1];
    let limit = stability::max_stable_lr(lmax);
    let edge = stability::gradient_descent_edge(
        &model,
        &Array1::zeros(model.dim()),
        &Budget::steps(500).diverge_above(1e300),
        limit / 10.0,
        limit * 10.0,
        20,
    );
    (lmax, edge)
}

fn close(value: f64, expected: f64, relative: f64) -> bool {
    (value / expected - 1.0).abs() < relative
}

#[test]
fn bn_exercise_1_size_in_thousands_brings_lambda_max_to_30_and_the_stable_eta_to_0_066() {
    let raw = priced_houses();
    // ANCHOR: bn_ex1
    let mut thousands = raw.clone();
    thousands.x.column_mut(0).mapv_inplace(|v| v / 1e3);
    // ANCHOR_END: bn_ex1
    let (lmax_raw, edge_raw) = lambda_max_and_edge(&raw);
    let (lmax, edge) = lambda_max_and_edge(&thousands);
    assert!(close(lmax_raw, 7.05e6, 1e-3) && close(edge_raw, 2.836e-7, 1e-3));
    // Not a millionfold drop: bedrooms (1 to 6) now outweigh sizes (about 0.4 to 3.5).
    assert!(close(lmax, 30.1, 1e-2) && close(edge, 0.0664, 1e-2));
    assert!(close(lmax_raw / lmax, 2.34e5, 1e-2));
    let mean_square = |c: usize| thousands.x.column(c).mapv(|v| v * v).mean().unwrap();
    assert!(close(mean_square(1) / mean_square(0), 3.0, 0.05));
    let eig = stability::symmetric_eigenvalues(&LinearRegression::new(thousands).hessian());
    assert!(close(eig[2] / eig[0], 369.0, 1e-2));
}

/// Excess loss after 2 epochs of shuffled mini-batch SGD on the batch-size chapter's data.
fn excess_after_two_epochs(batch: usize, lr: f64) -> f64 {
    let model = LinearRegression::new(data::synthetic_regression(
        1024,
        &[2.0, -1.0, 0.5, 1.5],
        0.3,
        1.0,
        2,
    ));
    let best = model.least_squares().expect("not collinear");
    let l_star = model.loss(best.view());
    let batches = MiniBatch::new(model, batch, Sampling::Shuffled, 0);
    let run = train(
        "curve",
        &batches,
        &mut GradientDescent::new(lr),
        Array1::zeros(5),
        &Budget::steps(2 * 1024 / batch),
    );
    run.final_loss() - l_star
}

#[test]
fn bn_exercise_2_eta_equal_to_b_over_1000_beats_half_and_twice_for_b_16_and_128() {
    for (batch, expected) in [
        (16, [0.1166, 0.00099, 0.00586]),
        (128, [0.0899, 0.00115, 0.00867]),
    ] {
        let predicted = 0.001 * batch as f64;
        let losses = [0.5, 1.0, 2.0].map(|k| excess_after_two_epochs(batch, k * predicted));
        for (loss, want) in losses.iter().zip(expected) {
            assert!(close(*loss, want, 1e-2), "B = {batch}: {losses:?}");
        }
        assert!(losses[1] < losses[0] && losses[1] < losses[2]);
    }
}

#[test]
fn bn_exercise_3_fitting_the_scaler_on_all_houses_leaves_held_out_accuracy_at_0_84() {
    let houses = houses_expensive(400, 5);
    let held_out = |scaler: &Standardizer, train_set: &Dataset, test_set: &Dataset| {
        let model = LogisticRegression::new(scaler.transform(train_set));
        let mut sgd = GradientDescent::new(0.1);
        let run = train(
            "fit",
            &model,
            &mut sgd,
            Array1::zeros(3),
            &Budget::steps(300),
        );
        let p = run.final_params();
        let test = scaler.transform(test_set);
        (
            model.accuracy(p.view(), &test),
            model.loss_on(p.view(), &test),
        )
    };
    // ANCHOR: bn_ex3
    let (train_raw, test_raw) = houses.split(300);
    let leaky = Standardizer::fit(&houses); // all 400 houses: the test set leaks in
    let honest = Standardizer::fit(&train_raw);
    // ANCHOR_END: bn_ex3
    let (acc_leaky, loss_leaky) = held_out(&leaky, &train_raw, &test_raw);
    let (acc_honest, loss_honest) = held_out(&honest, &train_raw, &test_raw);
    assert_eq!((acc_leaky, acc_honest), (0.84, 0.84));
    assert!(close(loss_honest, 0.3411, 1e-3) && close(loss_leaky, 0.3413, 1e-3));
    assert!(close(honest.mean[0], 1822.0, 1e-3) && close(leaky.mean[0], 1815.0, 1e-3));
}

#[test]
fn bn_exercise_4_one_example_is_about_4_times_more_curved_than_the_average() {
    let model = LinearRegression::new(data::synthetic_regression(
        1024,
        &[2.0, -1.0, 0.5, 1.5],
        0.3,
        1.0,
        2,
    ));
    let eig = stability::symmetric_eigenvalues(&model.hessian());
    let lmax = eig[eig.len() - 1];
    // ‖(x_i, 1)‖² for every example: one example's curvature is twice that.
    let sq: Vec<f64> = model
        .data
        .x
        .rows()
        .into_iter()
        .map(|r| r.dot(&r) + 1.0)
        .collect();
    let n = sq.len() as f64;
    let mean_curvature = 2.0 * sq.iter().sum::<f64>() / n;
    let mean_fourth = sq.iter().map(|s| s * s).sum::<f64>() / n;
    assert!(close(lmax, 2.239, 1e-3) && close(mean_curvature, 9.889, 1e-3));
    assert!((4.0..5.0).contains(&(mean_curvature / lmax)));
    // One step on an average example overshoots above 2/curvature ≈ 0.202; averaged
    // over examples (the mean square of the error), the bound is E‖a‖²/E‖a‖⁴ ≈ 0.152.
    assert!(close(2.0 / mean_curvature, 0.2022, 1e-3));
    let max_curvature = 2.0 * sq.iter().copied().fold(0.0, f64::max);
    assert!(close(max_curvature, 40.2, 1e-2));
    let mean_square_bound = (mean_curvature / 2.0) / mean_fourth;
    assert!(close(mean_square_bound, 0.1518, 1e-3));
    // The chapter's measurement: the largest rate of the fine grid whose loss falls over
    // 300 steps with B = 1.
    let largest_stable = (0..=24)
        .map(|i| math::powf(10.0, -2.0 + i as f64 / 12.0))
        .filter(|&lr| {
            let batches = MiniBatch::new(model.clone(), 1, Sampling::Shuffled, 0);
            train(
                "b1",
                &batches,
                &mut GradientDescent::new(lr),
                Array1::zeros(5),
                &Budget::steps(300),
            )
            .loss_fell()
        })
        .fold(0.0, f64::max);
    assert!(close(largest_stable, 0.147, 1e-2));
    assert!(largest_stable < mean_square_bound && mean_square_bound < 2.0 / mean_curvature);
}
