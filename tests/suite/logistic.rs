//! Logistic regression and feature standardisation: the claims the chapter relies on.

use ndarray::{Array1, Array2, array};
use stepsize::analysis::gradcheck::{central_differences, relative_error};
use stepsize::analysis::stability::symmetric_eigenvalues;
use stepsize::math;
use stepsize::problems::Problem;
use stepsize::problems::data::{self, Dataset};
use stepsize::problems::logistic::{LogisticRegression, houses_expensive};
use stepsize::problems::standardize::Standardizer;

fn lambda_max(matrix: &Array2<f64>) -> f64 {
    *symmetric_eigenvalues(matrix)
        .last()
        .expect("a non-empty matrix has eigenvalues")
}

fn random_params(dim: usize, scale: f64, rng: &mut rand::rngs::ChaCha8Rng) -> Array1<f64> {
    Array1::from_shape_fn(dim, |_| scale * data::standard_normal(rng))
}

fn standardized_houses() -> LogisticRegression {
    let (train, _) = houses_expensive(200, 3).split(200);
    let (_, train) = Standardizer::fit_transform(&train);
    LogisticRegression::new(train)
}

#[test]
fn logistic_gradient_matches_central_differences() {
    let problem = standardized_houses();
    let mut rng = data::rng(11);
    for _ in 0..5 {
        let params = random_params(problem.dim(), 1.5, &mut rng);
        let exact = problem.gradient(params.view());
        let numeric = central_differences(&problem, params.view(), 1e-5);
        for (a, b) in exact.iter().zip(&numeric) {
            let err = relative_error(*a, *b);
            assert!(err < 1e-6, "gradient {a} vs {b}: relative error {err:e}");
        }
    }
}

#[test]
fn the_loss_is_binary_cross_entropy_with_logits() {
    let data = Dataset {
        x: array![[1.0], [-2.0], [0.0]],
        y: array![1.0, 0.0, 1.0],
        feature_names: vec!["x".into()],
    };
    let problem = LogisticRegression::new(data.clone());
    assert_eq!(problem.param_names(), ["w", "b"]);
    // w = 0.5, b = 0.25: logits 0.75, −0.75, 0.25.
    let params = array![0.5, 0.25];
    let sigma = |z: f64| 1.0 / (1.0 + math::exp(-z));
    let by_hand =
        (-(math::ln(sigma(0.75))) - math::ln(1.0 - sigma(-0.75)) - math::ln(sigma(0.25))) / 3.0;
    let loss = problem.loss(params.view());
    assert!(
        (loss - by_hand).abs() < 1e-15,
        "loss {loss} vs by hand {by_hand}"
    );
    assert_eq!(problem.loss_on(params.view(), &data), loss);
    // Logits 0.75 and 0.25 are predicted 1 (right), −0.75 predicted 0 (right).
    assert_eq!(problem.accuracy(params.view(), &data), 1.0);
    assert_eq!(problem.accuracy((-params).view(), &data), 0.0);

    // A confidently wrong logit of 1000 costs 1000, where ln(1 − σ(1000)) = ln 0 = −∞.
    let wrong = Dataset {
        x: array![[1.0]],
        y: array![0.0],
        feature_names: vec!["x".into()],
    };
    let problem = LogisticRegression::new(wrong);
    assert_eq!(problem.loss(array![1000.0, 0.0].view()), 1000.0);
    assert_eq!(problem.loss(array![-1000.0, 0.0].view()), 0.0);
}

#[test]
fn curvature_bound_dominates_the_hessian_everywhere() {
    // Raw (unstandardised) features: the bound must hold on any inputs.
    let problem = LogisticRegression::new(houses_expensive(100, 5));
    let bound = lambda_max(&problem.curvature_bound());
    let mut rng = data::rng(13);
    for scale in [0.0, 1e-4, 1e-3, 1e-2, 1.0] {
        for _ in 0..5 {
            let params = random_params(problem.dim(), scale, &mut rng);
            let h = lambda_max(&problem.hessian_at(params.view()));
            assert!(h <= bound * (1.0 + 1e-12), "λ_max {h} above bound {bound}");
        }
    }
    // At θ = 0 every logit is 0 and the bound is attained.
    let at_zero = problem.hessian_at(Array1::zeros(problem.dim()).view());
    assert!(
        (&at_zero - &problem.curvature_bound())
            .iter()
            .all(|v| v.abs() <= 1e-9 * bound)
    );
}

#[test]
fn standardized_training_features_have_zero_mean_and_unit_variance() {
    let (train, _) = houses_expensive(400, 1).split(300);
    let (standardizer, scaled) = Standardizer::fit_transform(&train);
    assert_eq!(scaled.y, train.y);
    assert_eq!(scaled.feature_names, train.feature_names);
    assert_eq!(scaled, standardizer.transform(&train));
    let n = scaled.len() as f64;
    for column in scaled.x.columns() {
        let mean = column.sum() / n;
        let variance = column.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
        assert!(mean.abs() < 1e-12, "mean {mean}");
        assert!((variance - 1.0).abs() < 1e-12, "variance {variance}");
    }

    // A constant feature is centred, not divided by zero.
    let constant = Dataset {
        x: array![[0.1, 1.0], [0.1, 3.0]],
        y: array![0.0, 1.0],
        feature_names: vec!["c".into(), "x".into()],
    };
    let (standardizer, scaled) = Standardizer::fit_transform(&constant);
    assert_eq!(standardizer.std, array![1.0, 1.0]);
    assert_eq!(scaled.x, array![[0.0, -1.0], [0.0, 1.0]]);
}

#[test]
fn held_out_data_is_transformed_with_the_training_statistics() {
    let (train, val) = houses_expensive(400, 1).split(300);
    let standardizer = Standardizer::fit(&train);
    let n = train.len() as f64;
    let sizes = train.x.column(0);
    let mean = sizes.sum() / n;
    let std = (sizes.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n).sqrt();
    assert!((standardizer.mean[0] - mean).abs() < 1e-9);
    assert!((standardizer.std[0] - std).abs() < 1e-9);

    let scaled = standardizer.transform(&val);
    let by_hand = (val.x[[7, 0]] - mean) / std;
    assert!((scaled.x[[7, 0]] - by_hand).abs() < 1e-12);
    assert_eq!(scaled.y, val.y);

    // Fitted on the training set, the held-out set is centred only approximately.
    let val_mean = scaled.x.column(0).sum() / val.len() as f64;
    assert!(val_mean.abs() > 1e-6, "held-out mean {val_mean}");
    assert_ne!(scaled, Standardizer::fit_transform(&val).1);
}

#[test]
fn houses_expensive_is_seeded_and_on_very_different_scales() {
    let houses = houses_expensive(500, 7);
    assert_eq!(houses, houses_expensive(500, 7));
    assert_ne!(houses, houses_expensive(500, 8));
    assert_eq!(houses.feature_names, ["size (sq ft)", "bedrooms"]);

    let sd = |j: usize| {
        let column = houses.x.column(j);
        let mean = column.mean().expect("non-empty");
        (column.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / 500.0).sqrt()
    };
    assert!(
        sd(0) > 100.0 * sd(1),
        "size sd {}, bedrooms sd {}",
        sd(0),
        sd(1)
    );
    assert!(houses.x.column(0).iter().all(|&s| s >= 400.0));
    assert!(
        houses
            .x
            .column(1)
            .iter()
            .all(|&b| (1.0..=6.0).contains(&b) && b.fract() == 0.0)
    );

    assert!(houses.y.iter().all(|&y| y == 0.0 || y == 1.0));
    let expensive = houses.y.sum() / 500.0;
    assert!(
        (0.3..=0.7).contains(&expensive),
        "fraction expensive {expensive}"
    );
}

#[test]
fn gradient_descent_on_standardized_features_reaches_good_accuracy() {
    // 300 held-out houses: with 100 the accuracy's sampling spread (about ±0.035 around
    // the labels' own noise ceiling of about 0.87) would make 0.8 a coin toss of a seed.
    let (train, val) = houses_expensive(1000, 2).split(700);
    let (standardizer, train) = Standardizer::fit_transform(&train);
    let val = standardizer.transform(&val);
    let problem = LogisticRegression::new(train);

    // η = 1 is below 2/λ_max of the curvature bound, so it is stable everywhere.
    let lr = 1.0;
    assert!(lr < 2.0 / lambda_max(&problem.curvature_bound()));

    let mut params = Array1::zeros(problem.dim());
    let start = problem.loss(params.view());
    for _ in 0..300 {
        let g = problem.gradient(params.view());
        params.scaled_add(-lr, &g);
    }
    assert!(problem.loss(params.view()) < start);
    let accuracy = problem.accuracy(params.view(), &val);
    assert!(accuracy >= 0.8, "held-out accuracy {accuracy}");
}
