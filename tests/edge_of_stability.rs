//! Chapter 8's claims: power iteration on Hessian–vector products finds the largest
//! eigenvalue exactly on a quadratic, and full-batch gradient descent on a small network
//! drives the sharpness to 2/η and keeps it there.

use ndarray::{Array1, Array2, array};
use stepsize::data::{Dataset, synthetic_regression};
use stepsize::linear_regression::LinearRegression;
use stepsize::mlp::Mlp;
use stepsize::quadratic::Quadratic;
use stepsize::sharpness::sharpness;
use stepsize::stability::symmetric_eigenvalues;
use stepsize::train::{Budget, gradient_descent_runs};

#[test]
fn the_sharpness_estimate_is_the_exact_largest_eigenvalue_on_quadratics() {
    let q = Quadratic {
        coeffs: vec![0.1, 2.0, 0.7],
    };
    let (lambda, _) = sharpness(
        &q,
        array![1.0, -2.0, 0.5].view(),
        Array1::ones(3).view(),
        200,
    );
    assert!((lambda - 4.0).abs() < 1e-6, "{lambda}");
    let model = LinearRegression::new(synthetic_regression(50, &[1.0, -1.0, 2.0], 0.0, 0.5, 4));
    let exact = *symmetric_eigenvalues(&model.hessian()).last().unwrap();
    let (lambda, _) = sharpness(&model, Array1::zeros(4).view(), Array1::ones(4).view(), 500);
    assert!((lambda / exact - 1.0).abs() < 1e-6, "{lambda} vs {exact}");
}

#[test]
fn gradient_descent_on_the_network_holds_the_sharpness_at_two_over_eta() {
    let x = Array1::linspace(-2.0, 2.0, 64);
    let y = x.mapv(|v: f64| (2.0 * v).sin() + 0.3 * v * v);
    let data = Dataset {
        x: Array2::from_shape_vec((64, 1), x.to_vec()).unwrap(),
        y,
        feature_names: vec!["x".into()],
    };
    let net = Mlp::regression(data, 32);
    let init = net.init(0);
    let lr = 0.35;
    let run = &gradient_descent_runs(&net, &[lr], &init, &Budget::steps(2000))[0];
    assert!(!run.outcome.diverged());
    let mut v = Array1::from_elem(init.len(), 1.0);
    let late: Vec<f64> = run.history[1000..]
        .iter()
        .step_by(100)
        .map(|r| {
            let (lambda, vector) = sharpness(&net, r.params.view(), v.view(), 10);
            v = vector;
            lambda
        })
        .collect();
    let mean = late.iter().sum::<f64>() / late.len() as f64;
    assert!(
        (mean * lr / 2.0 - 1.0).abs() < 0.03,
        "mean sharpness {mean} vs 2/η = {}",
        2.0 / lr
    );
    // The loss is not monotone, yet it ends far below where it started.
    assert!(run.history.windows(2).any(|w| w[1].loss > w[0].loss));
    assert!(run.final_loss() < 0.01 * run.history[0].loss);
}
