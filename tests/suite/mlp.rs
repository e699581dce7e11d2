//! The small neural network's claims: its gradient is exact backpropagation, its loss is
//! PyTorch's `BCEWithLogitsLoss`, its data are scikit-learn's two moons, its initialisation
//! is `nn.Linear`'s, and plain gradient descent trains it.

use ndarray::{Array1, Array2, array};
use stepsize::analysis::gradcheck::{central_differences, relative_error};
use stepsize::math;
use stepsize::problems::Problem;
use stepsize::problems::data::Dataset;
use stepsize::problems::mlp::Mlp;
use stepsize::problems::moons::two_moons;

#[test]
fn backpropagation_matches_central_differences() {
    let mut checked = 0;
    for (hidden, seed) in [(1, 0), (2, 1), (3, 2), (8, 3), (16, 4), (16, 5)] {
        let model = Mlp::new(two_moons(40, 0.2, 100 + seed), hidden);
        let start = model.init(seed);
        // The initialisation and a larger scale, where tanh saturates and the logits are
        // far from zero.
        for params in [start.clone(), start * 4.0] {
            let exact = model.gradient(params.view());
            // h = 1e-5 balances the h² truncation error against rounding (ε L / h).
            let numeric = central_differences(&model, params.view(), 1e-5);
            for i in 0..model.dim() {
                let err = relative_error(exact[i], numeric[i]);
                assert!(
                    err < 1e-6,
                    "hidden {hidden}, seed {seed}, {}: {} vs {} (relative error {err:e})",
                    model.param_names()[i],
                    exact[i],
                    numeric[i]
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 2 * (5 + 9 + 13 + 33 + 65 + 65));
}

#[test]
fn the_loss_is_binary_cross_entropy_with_logits() {
    // One hidden unit, W1 = [1, −1], b1 = 0, w2 = 2, b2 = −1.
    //   Point (½, ½), label 0: a = 0, h = 0, z = −1, loss = −ln(1 − σ(−1)) = ln(1 + e⁻¹).
    //   Point (½ ln 3, 0), label 1: a = ½ ln 3, h = tanh(½ ln 3) = (3 − 1)/(3 + 1) = ½,
    //   z = 2·½ − 1 = 0, loss = −ln σ(0) = ln 2.
    let data = Dataset {
        x: array![[0.5, 0.5], [0.5 * math::ln(3f64), 0.0]],
        y: array![0.0, 1.0],
        feature_names: vec!["x1".into(), "x2".into()],
    };
    let model = Mlp::new(data.clone(), 1);
    let params = array![1.0, -1.0, 0.0, 2.0, -1.0];
    assert_eq!(
        model.param_names(),
        ["W1[0,0]", "W1[0,1]", "b1[0]", "w2[0]", "b2"]
    );

    let expected = (math::ln(1.0 + math::exp(-1f64)) + math::ln(2f64)) / 2.0;
    assert!((model.loss(params.view()) - expected).abs() < 1e-15);
    assert_eq!(
        model.loss_on(params.view(), &data),
        model.loss(params.view())
    );

    let z = model.logits(params.view(), &data.x);
    assert!((z[0] + 1.0).abs() < 1e-15 && z[1].abs() < 1e-15, "{z}");
    let p = model.predict_proba(params.view(), &data.x);
    assert!((p[0] - 1.0 / (1.0 + math::exp(1f64))).abs() < 1e-15 && (p[1] - 0.5).abs() < 1e-15);
    // Accuracy thresholds p at ½. With b2 = 0 the first point's logit is exactly 0 (h = 0),
    // p = ½ is not above the threshold, so it is predicted 0, rightly; with b2 = −1.5 both
    // logits are negative and the second point is predicted wrongly.
    assert_eq!(
        model.accuracy(array![1.0, -1.0, 0.0, 2.0, 0.0].view(), &data),
        1.0
    );
    assert_eq!(
        model.accuracy(array![1.0, -1.0, 0.0, 2.0, -1.5].view(), &data),
        0.5
    );

    // A logit of ±1000 would overflow e^z; the stable form gives the exact answers
    // 1000 (confidently wrong) and 0 (confidently right), and σ gives 1, not NaN.
    let huge = array![1.0, -1.0, 0.0, 0.0, 1000.0];
    assert_eq!(model.loss(huge.view()), (1000.0 + 0.0) / 2.0);
    assert_eq!(model.predict_proba(huge.view(), &data.x), array![1.0, 1.0]);
    let g = model.gradient(huge.view());
    assert!(g.iter().all(|v| v.is_finite()), "{g}");
}

#[test]
fn two_moons_is_seeded_balanced_and_shaped_like_sklearn() {
    let data = two_moons(200, 0.1, 7);
    assert_eq!(data, two_moons(200, 0.1, 7));
    assert_ne!(data.x, two_moons(200, 0.1, 8).x);
    assert_eq!(data.x.dim(), (200, 2));
    assert_eq!(data.feature_names, ["x1", "x2"]);
    assert!(data.y.iter().all(|&y| y == 0.0 || y == 1.0));
    assert_eq!(data.y.sum(), 100.0);

    // Shuffled: the labels are not in two blocks, so any split holds both classes.
    let (train, test) = data.split(150);
    assert!(train.y.sum() > 50.0 && train.y.sum() < 100.0);
    assert!(test.y.sum() > 10.0 && test.y.sum() < 40.0);

    // Without noise every point lies exactly on its half circle: the outer moon on the
    // unit circle's upper half, the inner one on the unit circle centred at (1, ½), lower
    // half. Odd n puts the extra point on the inner moon, as scikit-learn does.
    let clean = two_moons(101, 0.0, 3);
    assert_eq!(clean.y.sum(), 51.0);
    for (row, &y) in clean.x.rows().into_iter().zip(&clean.y) {
        let (cx, cy) = if y == 0.0 { (0.0, 0.0) } else { (1.0, 0.5) };
        let r = ((row[0] - cx).powi(2) + (row[1] - cy).powi(2)).sqrt();
        assert!((r - 1.0).abs() < 1e-12, "{row} (label {y})");
        assert!(if y == 0.0 {
            row[1] >= -1e-12
        } else {
            row[1] <= 0.5 + 1e-12
        });
    }
    let ends = |m: &Array2<f64>, label: f64| -> Vec<[f64; 2]> {
        m.rows()
            .into_iter()
            .zip(&clean.y)
            .filter(|&(_, &y)| y == label)
            .map(|(r, _)| [r[0], r[1]])
            .collect()
    };
    // t = 0 and t = π are both present: (1, 0), (−1, 0) outer; (0, ½), (2, ½) inner.
    for (label, end) in [
        (0.0, [1.0, 0.0]),
        (0.0, [-1.0, 0.0]),
        (1.0, [0.0, 0.5]),
        (1.0, [2.0, 0.5]),
    ] {
        assert!(
            ends(&clean.x, label)
                .iter()
                .any(|p| (p[0] - end[0]).abs() < 1e-12 && (p[1] - end[1]).abs() < 1e-12),
            "missing {end:?}"
        );
    }

    // With noise: the outer moon (label 0) sits higher and to the left of the inner one.
    let mean = |label: f64, col: usize| {
        let values: Vec<f64> = data
            .x
            .column(col)
            .iter()
            .zip(&data.y)
            .filter(|&(_, &y)| y == label)
            .map(|(&v, _)| v)
            .collect();
        values.iter().sum::<f64>() / values.len() as f64
    };
    // Means over evenly spaced angles: outer ≈ (0, 2/π), inner ≈ (1, ½ − 2/π).
    assert!((mean(0.0, 0) - 0.0).abs() < 0.05, "{}", mean(0.0, 0));
    assert!((mean(1.0, 0) - 1.0).abs() < 0.05, "{}", mean(1.0, 0));
    assert!((mean(0.0, 1) - 0.637).abs() < 0.05, "{}", mean(0.0, 1));
    assert!((mean(1.0, 1) + 0.137).abs() < 0.05, "{}", mean(1.0, 1));
    let lo = |col: usize| data.x.column(col).fold(f64::INFINITY, |a, &b| a.min(b));
    let hi = |col: usize| data.x.column(col).fold(f64::NEG_INFINITY, |a, &b| a.max(b));
    assert!(lo(0) > -1.5 && lo(0) < -0.8, "x1 from {}", lo(0));
    assert!(hi(0) > 1.8 && hi(0) < 2.5, "x1 to {}", hi(0));
    assert!(lo(1) > -1.0 && lo(1) < -0.3, "x2 from {}", lo(1));
    assert!(hi(1) > 0.8 && hi(1) < 1.5, "x2 to {}", hi(1));

    // The noise has the requested standard deviation: distances from the circles.
    let noisy = two_moons(2000, 0.1, 11);
    let clean = two_moons(2000, 0.0, 11);
    let residual: Array1<f64> = (&noisy.x - &clean.x).iter().copied().collect();
    let sd = (residual.mapv(|v| v * v).sum() / residual.len() as f64).sqrt();
    assert!((sd - 0.1).abs() < 0.005, "noise sd {sd}");
}

#[test]
fn init_is_uniform_within_one_over_sqrt_fan_in() {
    let model = Mlp::new(two_moons(10, 0.1, 0), 64);
    let params = model.init(1);
    assert_eq!(params, model.init(1));
    assert_ne!(params, model.init(2));
    assert_eq!(params.len(), 64 * 4 + 1);

    // W1 and b1: fan_in 2; w2 and b2: fan_in 64.
    let (first, second) = params.view().split_at(ndarray::Axis(0), 64 * 3);
    for (values, bound) in [(first, 1.0 / 2f64.sqrt()), (second, 1.0 / 8.0)] {
        let largest = values.iter().fold(0.0f64, |a, &b| a.max(b.abs()));
        assert!(largest < bound, "{largest} ≥ {bound}");
        // Uniform, not bunched: the extremes come close to the bound, and the mean and
        // mean square are those of U(−b, b): 0 and b²/3.
        assert!(largest > 0.9 * bound, "{largest} is far inside {bound}");
        let n = values.len() as f64;
        let mean = values.sum() / n;
        let mean_square = values.mapv(|v| v * v).sum() / n;
        assert!(mean.abs() < 0.15 * bound, "mean {mean}");
        assert!(
            (mean_square / (bound * bound / 3.0) - 1.0).abs() < 0.25,
            "{mean_square}"
        );
    }
}

#[test]
fn gradient_descent_reduces_the_loss_and_reaches_high_accuracy() {
    let (train, test) = two_moons(300, 0.1, 42).split(200);
    let model = Mlp::new(train.clone(), 16);
    let mut params = model.init(0);
    let start = model.loss(params.view());
    assert!(
        (start - math::ln(2f64)).abs() < 0.15,
        "starts near chance: {start}"
    );

    let (lr, steps) = (1.0, 2000);
    let mut previous = start;
    for step in 0..steps {
        let grad = model.gradient(params.view());
        params.scaled_add(-lr, &grad);
        if step % 100 == 99 {
            let loss = model.loss(params.view());
            assert!(loss < previous, "step {step}: {loss} ≥ {previous}");
            previous = loss;
        }
    }
    let end = model.loss(params.view());
    let train_accuracy = model.accuracy(params.view(), &train);
    let test_accuracy = model.accuracy(params.view(), &test);
    eprintln!(
        "loss {start:.4} → {end:.4}, accuracy {train_accuracy} (train), {test_accuracy} (held out), \
         held-out loss {:.4}",
        model.loss_on(params.view(), &test)
    );
    assert!(end < 0.1 * start, "{start} → {end}");
    assert!(train_accuracy >= 0.95, "training accuracy {train_accuracy}");
    assert!(test_accuracy >= 0.9, "held-out accuracy {test_accuracy}");
}

#[test]
fn one_forward_pass_gives_the_same_loss_and_gradient_as_two() {
    let classify = Mlp::new(two_moons(40, 0.2, 7), 8);
    let regress = Mlp::regression(two_moons(40, 0.2, 8), 8);
    for model in [classify, regress] {
        let params = model.init(3) * 2.0;
        let (loss, grad) = model.loss_and_gradient(params.view());
        assert_eq!(loss.to_bits(), model.loss(params.view()).to_bits());
        assert_eq!(grad, model.gradient(params.view()));
    }
}
