//! Solutions to the exercises of "Scaling the learning rate" (book/scaling.md, anchors
//! `scaling_exN`): every number the solutions state is computed here and asserted.

use ndarray::ArrayView1;
use stepsize::analysis::noise_scale::{NoiseScale, from_two_batch_sizes};
use stepsize::analysis::sweep;
use stepsize::optim::per_param::PerParam;
use stepsize::optim::{Adam, GradientDescent};
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::mlp::Mlp;
use stepsize::problems::mup::{self, Parametrization, Rule};
use stepsize::train::{Budget, train};

use crate::exercises::checks::scaling_two_batch_sizes;

// ANCHOR: scaling_ex1
/// Only batch gradients, as in a real training loop: 2000 batches of 8 and of 128.
pub fn estimate(model: &LinearRegression, start: ArrayView1<f64>) -> NoiseScale {
    from_two_batch_sizes(model, start, (8, 128), 2000, 0)
}
// ANCHOR_END: scaling_ex1

#[test]
fn scaling_exercise_1_batches_of_8_and_128_estimate_the_noise_scale_5_percent_high() {
    // The check compares the estimate with the per-example value, from_examples.
    let (estimate, exact) = scaling_two_batch_sizes::check(estimate).expect("the solution passes");
    let ratio = estimate.b_noise() / exact.b_noise();
    // 7.257 against 6.905: a ratio of 1.05.
    assert!(
        (ratio - 1.05).abs() < 0.005,
        "estimate {} against {}",
        estimate.b_noise(),
        exact.b_noise()
    );
}

/// The best rate for the curve-fitting network of width `k`: `rates`, then the example's
/// finer rates (factors of 2^(1/4)) above the best and the largest stable one, one below.
fn best_rate(k: usize, param: Parametrization, rule: Rule, rates: &[f64]) -> f64 {
    let net = Mlp::regression(data::wavy_curve(64), k);
    let at = |lr: f64| {
        let multipliers = mup::lr_multipliers(&net, param, rule);
        let start = mup::init(&net, param, 2);
        let run = match rule {
            Rule::Sgd => train(
                "sgd",
                &net,
                &mut PerParam::new(GradientDescent::new(1.0), lr, multipliers),
                start,
                &Budget::steps(50),
            ),
            Rule::Adam => train(
                "adam",
                &net,
                &mut PerParam::new(Adam::new(1.0), lr, multipliers),
                start,
                &Budget::steps(50),
            ),
        };
        (lr, (!run.outcome.diverged()).then(|| run.final_loss()))
    };
    let mut points: Vec<sweep::Point> = rates.iter().map(|&lr| at(lr)).collect();
    let finer = sweep::refinement(&points, 2.0, 4);
    points.extend(finer.into_iter().map(at));
    sweep::best(&points).expect("a stable rate").0
}

#[test]
fn scaling_exercise_2_under_mup_adams_best_rate_holds_from_width_64_to_256() {
    // ANCHOR: scaling_ex2
    // Adam's grid of the example: 2^−11 to 2^0.
    let rates: Vec<f64> = (0..12)
        .map(|i| stepsize::math::powf(2.0, i as f64 - 11.0))
        .collect();
    let mup = Parametrization::Mup { base: 64 };
    let (narrow, wide) = (
        best_rate(64, mup, Rule::Adam, &rates),
        best_rate(256, mup, Rule::Adam, &rates),
    );
    let (sp_narrow, sp_wide) = (
        best_rate(64, Parametrization::Standard, Rule::Adam, &rates),
        best_rate(256, Parametrization::Standard, Rule::Adam, &rates),
    );
    // ANCHOR_END: scaling_ex2
    eprintln!("μP {narrow} {wide}; SP {sp_narrow} {sp_wide}");
    // μP: 2^−5 ≈ 0.0312 at both widths; SP: 2^−5, then 2^−7 ≈ 0.00781 (a factor 4).
    assert!(
        (narrow / 0.03125 - 1.0).abs() < 1e-9 && (wide / narrow - 1.0).abs() < 1e-9,
        "μP: {narrow} at 64, {wide} at 256"
    );
    assert!(
        (sp_narrow / 0.03125 - 1.0).abs() < 1e-9 && (sp_narrow / sp_wide - 4.0).abs() < 1e-9,
        "SP: {sp_narrow} at 64, {sp_wide} at 256"
    );
}
