//! The claims of "Batch size and normalization": a batch gradient's variance falls like 1/B
//! (with the finite-population factor for shuffled batches), and standardizing features
//! shrinks the condition number and moves the stability threshold exactly to 2/λ_max of the
//! new Hessian.

use ndarray::Array1;
use stepsize::analysis::stability::{gradient_descent_edge, max_stable_lr, symmetric_eigenvalues};
use stepsize::problems::data::synthetic_regression;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::logistic::houses_expensive;
use stepsize::problems::minibatch::{MiniBatch, Sampling, gradient_noise};
use stepsize::problems::standardize::Standardizer;
use stepsize::train::Budget;

#[test]
fn batch_gradient_variance_falls_like_one_over_b() {
    let n = 512;
    let model = LinearRegression::new(synthetic_regression(n, &[1.0, -2.0, 0.5], 0.1, 1.0, 9));
    let zero = Array1::zeros(model.dim());
    let per_example = gradient_noise(&model, zero.view(), (0..n).map(|i| vec![i]));
    for b in [1, 8, 64] {
        for (sampling, correction) in [
            (Sampling::WithReplacement, 1.0),
            (Sampling::Shuffled, (n - b) as f64 / (n - 1) as f64),
        ] {
            let measured = MiniBatch::new(model.clone(), b, sampling, 3).noise(zero.view(), 4000);
            let predicted = per_example / b as f64 * correction;
            assert!(
                (measured / predicted - 1.0).abs() < 0.1,
                "B = {b} {sampling:?}: {measured} vs {predicted}"
            );
        }
    }
}

#[test]
fn standardizing_shrinks_kappa_and_the_threshold_is_two_over_lambda_max_on_both() {
    let houses = houses_expensive(400, 5);
    let price: Array1<f64> = houses
        .x
        .rows()
        .into_iter()
        .map(|r| 0.15 * r[0] + 10.0 * r[1])
        .collect();
    let raw = stepsize::problems::data::Dataset { y: price, ..houses };
    let scaled = Standardizer::fit(&raw).transform(&raw);
    let mut kappas = Vec::new();
    for data in [raw, scaled] {
        let model = LinearRegression::new(data);
        let eig = symmetric_eigenvalues(&model.hessian());
        let theory = max_stable_lr(eig[eig.len() - 1]);
        let found = gradient_descent_edge(
            &model,
            &Array1::zeros(model.dim()),
            &Budget::steps(500).diverge_above(1e300),
            theory / 10.0,
            theory * 10.0,
            30,
        );
        assert!(
            (found / theory - 1.0).abs() < 0.01,
            "bisection {found}, theory {theory}"
        );
        kappas.push(eig[eig.len() - 1] / eig[0]);
    }
    assert!(kappas[0] > 1e6 && kappas[1] < 20.0, "{kappas:?}");
}

#[test]
fn the_noise_scale_that_estimates_the_critical_batch_size_grows_as_the_loss_falls() {
    // McCandlish et al.'s B_simple = tr Σ / |∇L|² along full-batch gradient descent on the
    // batch-size chapter's data: the full gradient shrinks, the per-example noise does not.
    use stepsize::analysis::stability::best_fixed_lr;
    use stepsize::optim::GradientDescent;
    use stepsize::problems::Problem;
    use stepsize::train::train;
    let n = 1024;
    let model = LinearRegression::new(synthetic_regression(n, &[2.0, -1.0, 0.5, 1.5], 0.3, 1.0, 2));
    let eig = symmetric_eigenvalues(&model.hessian());
    let rate = 0.1 * best_fixed_lr(eig[0], eig[eig.len() - 1]).0;
    let path = train(
        "full batch",
        &model,
        &mut GradientDescent::new(rate),
        Array1::zeros(model.dim()),
        &Budget::steps(50),
    );
    let mut last = (f64::INFINITY, 0.0);
    let mut first = None;
    for r in path.history.iter().step_by(10) {
        let g = model.gradient(r.params.view());
        let scale = gradient_noise(&model, r.params.view(), (0..n).map(|i| vec![i])) / g.dot(&g);
        assert!(
            r.loss < last.0 && scale > last.1,
            "step {}: {scale}",
            r.step
        );
        last = (r.loss, scale);
        first.get_or_insert(scale);
    }
    // The chapter's numbers: 6.905 at the start, 20648 at step 50.
    assert!((first.unwrap() / 6.905 - 1.0).abs() < 1e-3, "{first:?}");
    assert!((last.1 / 20648.0 - 1.0).abs() < 1e-3, "{}", last.1);
}
