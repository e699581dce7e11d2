//! Solutions to the exercises of "Too high, too low" (book/too_high_too_low.md): every
//! number the solutions state is computed here with the library and asserted.

use ndarray::array;
use stepsize::analysis::stability::{
    best_fixed_lr, contraction, max_stable_lr, symmetric_eigenvalues,
};
use stepsize::math;
use stepsize::problems::data::{Dataset, house_prices};
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::train::{Budget, Outcome, gradient_descent_runs};

use crate::common::close;
use crate::exercises::checks::too_high_centred::{self, epochs_to_loss_below_one};

/// (λ_min, λ_max) of a linear regression's Hessian.
fn eigenvalues(model: &LinearRegression) -> (f64, f64) {
    let eig = symmetric_eigenvalues(&model.hessian());
    (eig[0], eig[eig.len() - 1])
}

#[test]
fn exercise_1_only_eta_0_131_and_0_14_diverge_within_1000_updates() {
    let model = LinearRegression::new(house_prices());
    let (_, lambda_max) = eigenvalues(&model);
    let threshold = max_stable_lr(lambda_max);
    assert!(0.13 < threshold && threshold < 0.131, "{threshold}");
    // ANCHOR: ex1
    // Above the threshold the loss grows by (1 − ηλ_max)² per step, so it passes
    // 1000 times its start after about ln(1000) / ln((1 − ηλ_max)²) steps.
    let predicted = |lr: f64| {
        let growth = contraction(lr, lambda_max).powi(2);
        (math::ln(1e3) / math::ln(growth)).ceil() as usize
    };
    let runs = gradient_descent_runs(
        &model,
        &[0.12, 0.13, 0.131, 0.14],
        &array![0.0, 0.0],
        &Budget::steps(1000),
    );
    let diverged_at: Vec<Option<usize>> = runs
        .iter()
        .map(|r| match r.outcome {
            Outcome::Diverged { step, .. } => Some(step),
            _ => None,
        })
        .collect();
    assert_eq!(diverged_at, [None, None, Some(259), Some(25)]);
    assert_eq!((predicted(0.131), predicted(0.14)), (259, 25));
    // ANCHOR_END: ex1
    // η = 0.13 is stable, but its fast factor is so close to −1 that after 1000 updates
    // the loss is still in the thousands, while η = 0.12 is essentially at 0.
    assert!(close(contraction(0.13, lambda_max), -0.998, 1e-3));
    assert!(close(contraction(0.131, lambda_max), -1.0135, 1e-4));
    // Unrounded: factor −1.01345, growth 1.02709, 258.4 steps, so divergence at step 259;
    // the rounded factor −1.0135 gives 257.6.
    assert!(close(contraction(0.131, lambda_max), -1.01345, 1e-5));
    let growth = contraction(0.131, lambda_max).powi(2);
    assert!(close(growth, 1.02709, 1e-5));
    assert!(close(math::ln(1e3) / math::ln(growth), 258.4, 1e-3));
    assert!(close(
        math::ln(1e3) / math::ln(1.0135_f64.powi(2)),
        257.6,
        1e-3
    ));
    assert!(close(contraction(0.131, lambda_max).powi(2), 1.027, 1e-3));
    assert!(close(contraction(0.14, lambda_max), -1.152, 1e-3));
    assert!(
        close(runs[1].final_loss(), 5819.0, 1e-3),
        "{}",
        runs[1].final_loss()
    );
    assert!(runs[0].final_loss() < 1e-10, "{}", runs[0].final_loss());
}

#[test]
fn exercise_2_eta_0_05_needs_442_epochs_against_443_predicted() {
    let model = LinearRegression::new(house_prices());
    let predicted = (22.15f64 / 0.05).round() as usize;
    assert_eq!(predicted, 443);
    assert_eq!(
        epochs_to_loss_below_one(&model, 0.05),
        Outcome::Reached {
            step: 442,
            tolerance: 1.0
        }
    );
}

// ANCHOR: ex3
/// The houses with every size minus the mean size, 2.5; the prices stay as they are.
pub fn centred(houses: Dataset) -> Dataset {
    let mean = houses.x.mean().expect("five sizes");
    Dataset {
        x: houses.x.mapv(|s| s - mean),
        ..houses
    }
}
// ANCHOR_END: ex3

#[test]
fn exercise_3_centred_sizes_give_kappa_2_threshold_1_and_47_epochs_at_eta_0_1() {
    // The check: Σx = 0 and Σx² = 2.5, so H = (2/5)[[2.5, 0], [0, 5]] = [[1, 0], [0, 2]],
    // the threshold 2/λ_max = 1, and η = 0.1 reaches a loss below 1 at epoch 47.
    let model = too_high_centred::check(centred).expect("the solution passes");
    // The best line in centred units: w = 200, b = the mean price 500.
    let best = model.least_squares().expect("distinct sizes");
    assert!((best[0] - 200.0).abs() < 1e-9 && (best[1] - 500.0).abs() < 1e-9);
    // Uncentred, the same rate needs 221 epochs (the chapter's table).
    assert_eq!(
        epochs_to_loss_below_one(&LinearRegression::new(house_prices()), 0.1),
        Outcome::Reached {
            step: 221,
            tolerance: 1.0
        }
    );
}

#[test]
fn exercise_4_the_best_fixed_rate_is_kappa_over_kappa_plus_one_of_the_threshold() {
    let houses = LinearRegression::new(house_prices());
    let centred = LinearRegression::new(centred(house_prices()));
    let mut fractions = Vec::new();
    for model in [houses, centred] {
        let (lambda_min, lambda_max) = eigenvalues(&model);
        let kappa = lambda_max / lambda_min;
        let (best, _) = best_fixed_lr(lambda_min, lambda_max);
        let fraction = best / max_stable_lr(lambda_max);
        assert!(close(fraction, kappa / (kappa + 1.0), 1e-12));
        fractions.push(fraction);
    }
    // Houses: κ = 118.1, the best rate is 0.9916 of the threshold; centred: κ = 2, 2/3.
    assert!(close(fractions[0], 0.9916, 1e-4), "{}", fractions[0]);
    assert!(close(fractions[1], 2.0 / 3.0, 1e-12), "{}", fractions[1]);
}
