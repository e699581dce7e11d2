//! Chapter 8's claims: power iteration on Hessian–vector products finds the largest
//! eigenvalue exactly on a quadratic, and full-batch gradient descent on a small network
//! drives the sharpness to 2/η and keeps it there.

use ndarray::{Array1, array};
use stepsize::analysis::sharpness::{self, sharpness};
use stepsize::analysis::stability::symmetric_eigenvalues;
use stepsize::problems::data::{synthetic_regression, wavy_curve};
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::mlp::Mlp;
use stepsize::problems::quadratic::Quadratic;
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
    let net = Mlp::regression(wavy_curve(64), 32);
    let init = net.init(0);
    let lr = 0.35;
    let run = &gradient_descent_runs(&net, &[lr], &init, &Budget::steps(2000))[0];
    assert!(!run.outcome.diverged());
    let track = sharpness::along(&net, run, 100, 10);
    let late: Vec<f64> = track.iter().filter(|p| p.0 >= 1000).map(|p| p.1).collect();
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

#[test]
fn tracking_the_sharpness_while_training_gives_what_replaying_the_run_gives() {
    // The tracker is an observer of the one training loop; along() replays a finished
    // run's history through the same tracker: the same checks at the same points.
    use stepsize::optim::GradientDescent;
    use stepsize::train::Training;
    let net = Mlp::regression(wavy_curve(64), 32);
    let mut tracker = sharpness::Tracker::new(&net, 50, 10);
    let run = Training::new(&net, &Budget::steps(400))
        .observe(&mut tracker)
        .run(&mut GradientDescent::new(0.35), net.init(0));
    assert_eq!(tracker.track.len(), 9);
    assert_eq!(tracker.track, sharpness::along(&net, &run, 50, 10));
}
