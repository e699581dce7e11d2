//! The claims of "Momentum and adaptive optimizers": heavy-ball momentum is stable exactly
//! for 0 < ηλ < 2 + 2β, and the best fixed rates converge at (κ−1)/(κ+1) without momentum
//! and (√κ−1)/(√κ+1) with it.

use ndarray::array;
use stepsize::analysis::stability::{
    condition_number, measured_edge, rescaled_condition_number, symmetric_eigenvalues,
};
use stepsize::math;
use stepsize::output::optimizers::{self, Settings};
use stepsize::problems::Problem;
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::piecewise::PiecewiseBowl;
use stepsize::problems::quadratic::{Quadratic, QuadraticForm, rotation};
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

#[test]
fn pytorch_nesterov_is_stable_exactly_below_two_plus_two_beta_over_one_plus_two_beta_over_lambda() {
    // PyTorch's nesterov=True: b ← βb + g, θ ← θ − η(g + βb). On curvature λ the error obeys
    // e' = (1 + β)(1 − ηλ)e − β(1 − ηλ)e'', stable exactly for 0 < ηλ < (2 + 2β)/(1 + 2β).
    let steep = Quadratic { coeffs: vec![2.0] }; // curvature λ = 4
    for beta in [0.3, 0.6, 0.9, 0.99] {
        let budget = Budget::steps(5000).diverge_above(1e30);
        let nesterov = |lr| {
            let settings = Settings {
                momentum: Some(beta),
                ..Settings::default()
            };
            optimizers::build("nesterov", lr, &settings).expect("valid settings")
        };
        let edge = measured_edge(&steep, nesterov, &array![1.0], &budget, 0.01, 2.0, 40);
        let predicted = (2.0 + 2.0 * beta) / (1.0 + 2.0 * beta) / 4.0;
        assert!(
            (edge / predicted - 1.0).abs() < 1e-3,
            "β = {beta}: bisection {edge}, theory {predicted}"
        );
        // Below heavy ball's limit, and below plain gradient descent's 2/λ.
        assert!(edge < (2.0 + 2.0 * beta) / 4.0 && edge < 0.5);
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

/// For each rate of the chapter's grid (26 rates from 1e-4 to 10), the final loss after 100
/// steps, or None if the run diverged.
fn sweep(
    problem: &dyn Problem,
    start: &ndarray::Array1<f64>,
    build: impl Fn(f64) -> Box<dyn stepsize::optim::Optimizer>,
) -> Vec<Option<f64>> {
    (0..=25)
        .map(|i| {
            let lr = math::powf(10.0, -4.0 + i as f64 / 5.0);
            let run = train(
                "sweep",
                problem,
                build(lr).as_mut(),
                start.clone(),
                &Budget::steps(100),
            );
            (!run.outcome.diverged()).then(|| run.final_loss())
        })
        .collect()
}

fn reaching(losses: &[Option<f64>], target: f64) -> usize {
    losses.iter().flatten().filter(|l| **l < target).count()
}

fn best(losses: &[Option<f64>]) -> f64 {
    losses
        .iter()
        .flatten()
        .fold(f64::INFINITY, |a, &b| a.min(b))
}

#[test]
fn per_coordinate_rates_lose_their_edge_when_the_bowl_is_turned_by_45_degrees_and_sgd_does_not_notice()
 {
    let bowl = Quadratic::d2l();
    let turn = std::f64::consts::FRAC_PI_4;
    let turned = QuadraticForm::rotated(&bowl, turn);
    let start = array![-5.0, -2.0];
    let turned_start = rotation(turn).dot(&start);
    // Same eigenvalues, same starting loss: only the axes differ.
    let eig = symmetric_eigenvalues(&turned.hessian);
    assert!((eig[0] - 0.2).abs() < 1e-12 && (eig[1] - 4.0).abs() < 1e-12);
    assert!((turned.loss(turned_start.view()) - bowl.loss(start.view())).abs() < 1e-12);
    let by_name = |name: &'static str| {
        move |lr: f64| {
            optimizers::build(name, lr, &Settings::default()).expect("defaults are valid")
        }
    };
    // Plain gradient descent and momentum are unchanged by a rotation: same counts, same
    // best loss up to rounding.
    for name in ["sgd", "momentum"] {
        let build = |lr: f64| {
            let settings = Settings {
                momentum: (name == "momentum").then_some(0.9),
                ..Settings::default()
            };
            optimizers::build(name, lr, &settings).expect("valid settings")
        };
        let (a, t) = (
            sweep(&bowl, &start, build),
            sweep(&turned, &turned_start, build),
        );
        assert_eq!(reaching(&a, 1e-6), reaching(&t, 1e-6), "{name}");
        assert!(
            (best(&a) / best(&t) - 1.0).abs() < 1e-6,
            "{name}: {} vs {}",
            best(&a),
            best(&t)
        );
    }
    // RMSprop and Adagrad reach the target at fewer rates, and every adaptive method's best
    // loss rises.
    for (name, aligned_count, turned_count) in
        [("rmsprop", 10, 4), ("adagrad", 6, 0), ("adam", 0, 0)]
    {
        let a = sweep(&bowl, &start, by_name(name));
        let t = sweep(&turned, &turned_start, by_name(name));
        assert_eq!(
            (reaching(&a, 1e-6), reaching(&t, 1e-6)),
            (aligned_count, turned_count),
            "{name}"
        );
        assert!(
            best(&t) > 2.0 * best(&a),
            "{name}: {} then {}",
            best(&a),
            best(&t)
        );
    }
    // RMSprop's best loss goes from about 1e-92 to about 1e-8.
    let rmsprop = |p: &dyn Problem, s| best(&sweep(p, s, by_name("rmsprop")));
    assert!(rmsprop(&bowl, &start) < 1e-90 && rmsprop(&turned, &turned_start) > 1e-8);
}

#[test]
fn a_per_coordinate_rescaling_fixes_an_aligned_bowl_not_a_turned_one_and_only_halves_the_house_prices_kappa()
 {
    let bowl = Quadratic::d2l();
    let aligned = ndarray::Array2::from_diag(&array![0.2, 4.0]);
    let turned = QuadraticForm::rotated(&bowl, std::f64::consts::FRAC_PI_4).hessian;
    let house = LinearRegression::new(data::house_prices()).hessian();
    assert!(
        house[[0, 1]] != 0.0,
        "the house-price Hessian is not diagonal"
    );
    assert!((condition_number(&aligned) - 20.0).abs() < 1e-9);
    assert!((rescaled_condition_number(&aligned) - 1.0).abs() < 1e-9);
    assert!((rescaled_condition_number(&turned) - 20.0).abs() < 1e-9);
    let (k, rescaled) = (condition_number(&house), rescaled_condition_number(&house));
    assert!(rescaled < k / 2.0 && rescaled > k / 3.0, "{k} → {rescaled}");
    // No other rescaling diag(1, t) does better, for t over eight decades.
    for h in [&aligned, &turned, &house] {
        let best = (0..=8000)
            .map(|i| {
                let t = math::powf(10.0, -4.0 + i as f64 / 1000.0);
                let d = array![1.0, t];
                condition_number(&ndarray::Array2::from_shape_fn((2, 2), |(i, j)| {
                    d[i] * h[[i, j]] * d[j]
                }))
            })
            .fold(f64::INFINITY, f64::min);
        assert!(
            best >= rescaled_condition_number(h) * (1.0 - 1e-9),
            "{h}: {best}"
        );
    }
}

#[test]
fn without_bias_correction_rmsprop_first_steps_eta_over_root_one_minus_alpha_and_adagrad_eta_sign_g()
 {
    let grad = array![-1.0, -8.0, 0.003, 250.0];
    let sign = grad.mapv(f64::signum);
    for alpha in [0.9, 0.99, 0.999] {
        for lr in [0.01, 0.1] {
            let mut rmsprop = stepsize::optim::Rmsprop::new(lr).alpha(alpha);
            let mut params = ndarray::Array1::zeros(4);
            stepsize::optim::Optimizer::step(&mut rmsprop, params.view_mut(), grad.view());
            for ((p, g), s) in params.iter().zip(&grad).zip(&sign) {
                // v = (1 − α)g² after one step, and eps = 1e-8 is added to √v.
                let exact = -lr * g / ((1.0 - alpha).sqrt() * g.abs() + 1e-8);
                assert!(
                    (p / exact - 1.0).abs() < 1e-12,
                    "α = {alpha}: {p} vs {exact}"
                );
                let approx = -lr * s / (1.0 - alpha).sqrt();
                assert!(
                    (p / approx - 1.0).abs() < 1e-3,
                    "α = {alpha}: {p} vs {approx}"
                );
            }
        }
    }
    // PyTorch's defaults: ten times η.
    assert!((1.0 / (1.0 - 0.99_f64).sqrt() - 10.0).abs() < 1e-12);
    for lr in [0.01, 0.4] {
        let mut adagrad = stepsize::optim::Adagrad::new(lr);
        let mut params = ndarray::Array1::zeros(4);
        stepsize::optim::Optimizer::step(&mut adagrad, params.view_mut(), grad.view());
        for ((p, g), s) in params.iter().zip(&grad).zip(&sign) {
            // s = g² after one step, and eps = 1e-10 is added to √s = |g|.
            let exact = -lr * g / (g.abs() + 1e-10);
            assert!((p / exact - 1.0).abs() < 1e-12, "η = {lr}: {p} vs {exact}");
            assert!((p / (-lr * s) - 1.0).abs() < 1e-6, "η = {lr}: {p}");
        }
    }
}

#[test]
fn heavy_ball_tuned_for_quadratics_cycles_on_a_strongly_convex_function_where_nesterov_converges() {
    let f = PiecewiseBowl;
    // Continuous value and slope at the joins, curvature 1 or 25: 1-strongly convex, 25-smooth.
    for join in [1.0, 2.0] {
        assert!((f.at(join - 1e-12) - f.at(join)).abs() < 1e-9);
        assert!((f.slope(join - 1e-12) - f.slope(join)).abs() < 1e-9);
    }
    for x in [-3.0, 0.5, 1.5, 2.5, 4.0] {
        let d = 1e-6;
        let curvature = (f.slope(x + d) - f.slope(x - d)) / (2.0 * d);
        assert!((curvature - 1.0).abs() < 1e-6 || (curvature - 25.0).abs() < 1e-6);
        let numeric = (f.at(x + d) - f.at(x - d)) / (2.0 * d);
        assert!((numeric - f.slope(x)).abs() < 1e-5, "x = {x}");
    }
    let (m, l) = PiecewiseBowl::CURVATURES;
    let kappa: f64 = l / m;
    let q = (kappa.sqrt() - 1.0) / (kappa.sqrt() + 1.0);
    let run = |lr: f64, beta: f64, nesterov: bool| {
        let mut opt = stepsize::optim::Sgd::new(lr)
            .momentum(beta)
            .nesterov(nesterov);
        train("run", &f, &mut opt, array![3.3], &Budget::steps(3000))
    };
    // Polyak's tuning, the best on every quadratic with curvatures in [1, 25]: a 3-cycle.
    let heavy = run(4.0 / (l.sqrt() + m.sqrt()).powi(2), q * q, false);
    let xs: Vec<f64> = heavy.history.iter().map(|r| r.params[0]).collect();
    let n = xs.len();
    assert!(heavy.final_loss() > 1.0, "{}", heavy.final_loss());
    for k in n - 30..n {
        assert!((xs[k] - xs[k - 3]).abs() < 1e-9, "step {k}");
        assert!((xs[k] - xs[k - 1]).abs() > 0.5, "step {k}");
    }
    // Nesterov's method with η = 1/L and β = (√κ − 1)/(√κ + 1) converges.
    let nesterov = run(1.0 / l, q, true);
    assert!(nesterov.final_loss() < 1e-20, "{}", nesterov.final_loss());
    // The same heavy ball converges on the quadratics at both ends of the curvature range.
    for a in [0.5, 12.5] {
        let quadratic = Quadratic { coeffs: vec![a] };
        let mut opt =
            stepsize::optim::Sgd::new(4.0 / (l.sqrt() + m.sqrt()).powi(2)).momentum(q * q);
        let r = train(
            "quadratic",
            &quadratic,
            &mut opt,
            array![3.3],
            &Budget::steps(3000),
        );
        assert!(r.final_loss() < 1e-20, "a = {a}: {}", r.final_loss());
    }
}
