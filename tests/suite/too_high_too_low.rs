//! The claims of "Too high, too low": the house-price threshold is 2/λ_max, runs either
//! side of it do what the chapter says, the tutorial's "too high" rate is below the
//! threshold, and the steps to a tolerance grow like 1/η.

use ndarray::{Array1, array};
use stepsize::analysis::stability::{
    best_fixed_lr, gradient_descent_edge, max_stable_lr, symmetric_eigenvalues,
};
use stepsize::optim::GradientDescent;
use stepsize::problems::Problem;
use stepsize::problems::data::house_prices;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::train::{Budget, Outcome, Run, train};

fn house() -> LinearRegression {
    LinearRegression::new(house_prices())
}

fn run(model: &LinearRegression, lr: f64, budget: &Budget) -> Run {
    let mut gd = GradientDescent::new(lr);
    train("run", model, &mut gd, array![0.0, 0.0], budget)
}

fn lambda_max(model: &LinearRegression) -> f64 {
    *symmetric_eigenvalues(&model.hessian()).last().unwrap()
}

#[test]
fn the_hessian_eigenvalues_match_the_two_by_two_closed_form() {
    let h = house().hessian();
    let (a, b, d) = (h[[0, 0]], h[[0, 1]], h[[1, 1]]);
    let root = ((a - d).powi(2) + 4.0 * b * b).sqrt();
    let eig = symmetric_eigenvalues(&h);
    assert!((eig[0] - (a + d - root) / 2.0).abs() < 1e-12);
    assert!((eig[1] - (a + d + root) / 2.0).abs() < 1e-12);
    // And on a 4×4 matrix with known eigenvalues (a rotation of diag(1, 2, 3, 4)).
    let q = array![
        [0.5, 0.5, 0.5, 0.5],
        [0.5, -0.5, 0.5, -0.5],
        [0.5, 0.5, -0.5, -0.5],
        [0.5, -0.5, -0.5, 0.5]
    ];
    let m = q
        .t()
        .dot(&ndarray::Array2::from_diag(&array![1.0, 2.0, 3.0, 4.0]))
        .dot(&q);
    let eig = symmetric_eigenvalues(&m);
    for (got, want) in eig.iter().zip([1.0, 2.0, 3.0, 4.0]) {
        assert!((got - want).abs() < 1e-12, "{eig:?}");
    }
}

/// Does the loss after many steps end below where it started?
fn stable(model: &LinearRegression, lr: f64) -> bool {
    run(model, lr, &long_budget()).loss_fell()
}

fn long_budget() -> Budget {
    Budget::steps(20_000).diverge_above(1e30)
}

#[test]
fn bisection_on_the_simulation_finds_two_over_lambda_max() {
    let model = house();
    let (lo, hi) = (0.01, 1.0);
    assert!(stable(&model, lo) && !stable(&model, hi));
    let found = gradient_descent_edge(&model, &array![0.0, 0.0], &long_budget(), lo, hi, 30);
    let theory = max_stable_lr(lambda_max(&model));
    assert!(
        (found / theory - 1.0).abs() < 1e-3,
        "bisection {found}, theory {theory}"
    );
}

#[test]
fn just_below_the_threshold_w_zigzags_and_shrinks_just_above_it_zigzags_and_diverges() {
    let model = house();
    let threshold = max_stable_lr(lambda_max(&model));
    let bound = 1e3 * model.loss(array![0.0, 0.0].view());
    let budget = Budget::steps(200).diverge_above(bound);
    let zigzags = |r: &Run| {
        // w − w* changes sign at every step early on: the fast direction overshoots.
        (1..20)
            .all(|k| (r.history[k].params[0] - 200.0) * (r.history[k + 1].params[0] - 200.0) < 0.0)
    };
    let below = run(&model, 0.99 * threshold, &budget);
    assert!(zigzags(&below));
    assert_eq!(below.outcome, Outcome::Completed { steps: 200 });
    assert!(below.final_loss() < 1e-3 * below.history[0].loss);
    let above = run(&model, 1.01 * threshold, &budget);
    assert!(zigzags(&above));
    assert!(above.outcome.diverged(), "{}", above.outcome);
}

#[test]
fn the_tutorial_too_high_rate_is_stable_and_beats_its_just_right_rate_after_50_epochs() {
    let model = house();
    let threshold = max_stable_lr(lambda_max(&model));
    assert!(0.1 < threshold);
    let budget = Budget::steps(50);
    let losses: Vec<f64> = [0.0001, 0.01, 0.1]
        .iter()
        .map(|&lr| run(&model, lr, &budget).final_loss())
        .collect();
    assert!(losses[2] < losses[1] && losses[1] < losses[0], "{losses:?}");
    // Neither has converged: the best possible loss is 0.
    assert!(losses[2] > 10.0, "{losses:?}");
}

#[test]
fn the_best_fixed_rate_lies_just_below_the_threshold() {
    let eig = symmetric_eigenvalues(&house().hessian());
    let (best, rate) = best_fixed_lr(eig[0], eig[1]);
    let threshold = max_stable_lr(eig[1]);
    assert!(best < threshold && best > 0.98 * threshold);
    assert!(
        (rate - (1.0 - best * eig[0])).abs() < 1e-12,
        "the slow direction sets the rate"
    );
    assert!(
        (rate - (best * eig[1] - 1.0)).abs() < 1e-12,
        "and the fast one matches it"
    );
}

#[test]
fn steps_to_a_tolerance_grow_like_one_over_lr() {
    let model = house();
    let budget = Budget::steps(1_000_000).until_loss_below(1.0);
    let products: Vec<f64> = [0.001, 0.003, 0.01, 0.03, 0.1]
        .iter()
        .map(|&lr| match run(&model, lr, &budget).outcome {
            Outcome::Reached { step, .. } => lr * step as f64,
            other => panic!("η = {lr}: {other}"),
        })
        .collect();
    let first = products[0];
    assert!(
        products.iter().all(|p| (p / first - 1.0).abs() < 0.01),
        "η × steps: {products:?}"
    );
}

#[test]
fn a_run_that_overflows_stops_at_the_first_non_finite_value() {
    let model = house();
    let r = run(&model, 1e200, &Budget::steps(100));
    assert!(matches!(r.outcome, Outcome::Diverged { .. }));
    assert!(
        r.history
            .iter()
            .all(|h| h.loss.is_finite() && h.params.iter().all(|p| p.is_finite()))
    );
    let _: &Array1<f64> = r.final_params();
}
