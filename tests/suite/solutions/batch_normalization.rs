//! Solutions to the exercises of "Batch size and normalization"
//! (book/batch_normalization.md, anchors `bn_exN`): every number a solution states is
//! computed here with the library.

use ndarray::Array1;
use stepsize::analysis::stability;
use stepsize::math;
use stepsize::optim::GradientDescent;
use stepsize::problems::Problem;
use stepsize::problems::data::{self, Dataset};
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::minibatch::{MiniBatch, Sampling};
use stepsize::problems::standardize::Standardizer;
use stepsize::train::{Budget, train};

use crate::common::close;
use crate::exercises::checks::normalization_in_thousands::{
    self, lambda_max_and_edge, priced_houses,
};
use crate::exercises::checks::normalization_scaler_on_all;

// ANCHOR: bn_ex1
/// The houses with the size in thousands of square feet: column 0 divided by 1000.
pub fn in_thousands(houses: Dataset) -> Dataset {
    let mut thousands = houses;
    thousands.x.column_mut(0).mapv_inplace(|v| v / 1e3);
    thousands
}
// ANCHOR_END: bn_ex1

#[test]
fn bn_exercise_1_size_in_thousands_brings_lambda_max_to_30_and_the_stable_eta_to_0_066() {
    // The check: the bisection's edge is 2/λ_max, and λ_max falls far less than a millionfold.
    let (thousands, lmax, edge) =
        normalization_in_thousands::check(in_thousands).expect("the solution passes");
    let (lmax_raw, edge_raw) = lambda_max_and_edge(&priced_houses());
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

// ANCHOR: bn_ex3
/// The classifier's scaler fitted on all 400 houses: the held-out houses leak in.
pub fn fit_scaler(_train_raw: &Dataset, houses: &Dataset) -> Standardizer {
    Standardizer::fit(houses) // instead of Standardizer::fit(&train_raw)
}
// ANCHOR_END: bn_ex3

#[test]
fn bn_exercise_3_fitting_the_scaler_on_all_houses_leaves_held_out_accuracy_at_0_84() {
    // The check trains the classifier with both scalers and compares the held-out accuracy.
    let (honest, leaky) =
        normalization_scaler_on_all::check(fit_scaler).expect("the solution passes");
    assert_eq!((leaky.accuracy, honest.accuracy), (0.84, 0.84));
    assert!(close(honest.loss, 0.3411, 1e-3) && close(leaky.loss, 0.3413, 1e-3));
    assert!(
        close(honest.scaler.mean[0], 1822.0, 1e-3) && close(leaky.scaler.mean[0], 1815.0, 1e-3)
    );
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
