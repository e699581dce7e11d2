//! Chapter 5's claims: heavy-ball momentum is stable exactly for 0 < ηλ < 2 + 2β, and the
//! best fixed rates converge at (κ−1)/(κ+1) without momentum and (√κ−1)/(√κ+1) with it.

use ndarray::array;
use stepsize::analysis::stability::measured_edge;
use stepsize::math;
use stepsize::output::optimizers::{self, Settings};
use stepsize::problems::Problem;
use stepsize::problems::quadratic::Quadratic;
use stepsize::train::{Budget, train};

fn momentum(lr: f64, beta: f64) -> Box<dyn stepsize::optim::Optimizer> {
    let settings = Settings {
        momentum: Some(beta),
        ..Settings::default()
    };
    optimizers::build("momentum", lr, &settings).expect("valid settings")
}

#[test]
fn momentum_is_stable_exactly_below_two_plus_two_beta_over_lambda() {
    let steep = Quadratic { coeffs: vec![2.0] }; // curvature λ = 4
    for beta in [0.0, 0.3, 0.6, 0.9] {
        let budget = Budget::steps(5000).diverge_above(1e30);
        let edge = measured_edge(
            &steep,
            |lr| momentum(lr, beta),
            &array![1.0],
            &budget,
            0.01,
            2.0,
            40,
        );
        let predicted = (2.0 + 2.0 * beta) / 4.0;
        assert!(
            (edge / predicted - 1.0).abs() < 1e-3,
            "β = {beta}: bisection {edge}, theory {predicted}"
        );
    }
}

/// The per-step factor of the error between steps 200 and 400.
fn measured_rate(opt: &mut dyn stepsize::optim::Optimizer) -> f64 {
    let q = Quadratic::d2l();
    let run = train(
        "rate",
        &q,
        opt,
        array![-5.0, -2.0],
        &Budget::steps(400).diverge_above(1e30),
    );
    math::powf(run.history[400].loss / run.history[200].loss, 1.0 / 400.0)
}

#[test]
fn the_best_fixed_rates_converge_at_the_predicted_speed() {
    let eig = Quadratic::d2l().eigenvalues();
    let (lmin, lmax) = (eig[0], eig[1]);
    let kappa: f64 = lmax / lmin;
    let mut gd = optimizers::build("sgd", 2.0 / (lmin + lmax), &Settings::default()).unwrap();
    let gd_rate = measured_rate(gd.as_mut());
    assert!(
        (gd_rate / ((kappa - 1.0) / (kappa + 1.0)) - 1.0).abs() < 1e-3,
        "{gd_rate}"
    );
    let lr = (2.0 / (lmax.sqrt() + lmin.sqrt())).powi(2);
    let beta = ((kappa.sqrt() - 1.0) / (kappa.sqrt() + 1.0)).powi(2);
    let hb_rate = measured_rate(momentum(lr, beta).as_mut());
    let predicted = (kappa.sqrt() - 1.0) / (kappa.sqrt() + 1.0);
    // The critically damped heavy ball decays like k·ρ^k: within 1% of ρ over 200 steps.
    assert!(
        (hb_rate / predicted - 1.0).abs() < 0.01,
        "{hb_rate} vs {predicted}"
    );
    assert!(hb_rate < gd_rate);
}

#[test]
fn plain_gradient_descent_on_the_bowl_diverges_along_x2_above_one_half() {
    let q = Quadratic::d2l();
    for (lr, diverges) in [(0.49, false), (0.51, true)] {
        let mut sgd = optimizers::build("sgd", lr, &Settings::default()).unwrap();
        let run = train(
            "gd",
            &q,
            sgd.as_mut(),
            array![-5.0, -2.0],
            &Budget::steps(2000),
        );
        assert_eq!(
            run.outcome.diverged(),
            diverges,
            "η = {lr}: {}",
            run.outcome
        );
    }
    assert_eq!(q.gradient(array![1.0, 1.0].view()), array![0.2, 4.0]);
}
