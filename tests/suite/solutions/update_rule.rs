//! Solutions to the exercises of "The update rule" (book/update_rule.md): every number the
//! solutions state is computed here with the library.

use ndarray::{Array1, ArrayView1, array};
use stepsize::analysis::gradcheck::{central_differences, relative_error};
use stepsize::optim::GradientDescent;
use stepsize::output::table::num;
use stepsize::problems::Problem;
use stepsize::problems::data::{Dataset, house_prices};
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::valleys::Valleys;
use stepsize::train::{Budget, Run, train};

use crate::exercises::checks::update_rule_forward_difference::{self, Estimate, points};
use crate::exercises::checks::update_rule_predict_price;

#[test]
fn update_rule_exercise_1_eta_0_02_gives_w_54_and_b_20_after_one_update() {
    let model = LinearRegression::new(house_prices());
    let mut gd = GradientDescent::new(0.02);
    let run = train(
        "η=0.02",
        &model,
        &mut gd,
        array![0.0, 0.0],
        &Budget::steps(1),
    );
    // −η∇L = −0.02·(−2700, −1000): twice the step of η = 0.01.
    assert_eq!(run.final_params(), &array![54.0, 20.0]);
}

// ANCHOR: update_rule_ex2
/// The price the model predicts for a 2800 sq ft house after the last update of `run`.
pub fn predicted_price(run: &Run) -> f64 {
    let house = Dataset {
        x: array![[2.8]],
        y: array![560.0],
        feature_names: vec!["size".into()],
    };
    LinearRegression::new(house).predict(run.final_params().view())[0]
}
// ANCHOR_END: update_rule_ex2

#[test]
fn update_rule_exercise_2_the_2800_sq_ft_house_is_predicted_3_short_of_560() {
    // The check runs the chapter's 50 updates at η = 0.01 and compares with w · 2.8 + b.
    let (_, price) =
        update_rule_predict_price::check(predicted_price).expect("the solution passes");
    assert_eq!(num(price), "557");
    assert_eq!(num(560.0 - price), "3.03");
}

// ANCHOR: update_rule_ex3
/// (L(θ + h e_i) − L(θ)) / h: one evaluation fewer than the central difference, but its
/// error is h/2 times the curvature, even on a quadratic.
pub fn forward_differences(problem: &dyn Problem, params: ArrayView1<f64>, h: f64) -> Array1<f64> {
    let base = problem.loss(params);
    let mut probe = params.to_owned();
    Array1::from_shape_fn(params.len(), |i| {
        let original = probe[i];
        probe[i] = original + h;
        let up = problem.loss(probe.view());
        probe[i] = original;
        (up - base) / h
    })
}
// ANCHOR_END: update_rule_ex3

/// The largest relative error over the chapter's four gradient-check points (seed 7).
fn worst_error(estimate: Estimate, h: f64) -> String {
    let model = LinearRegression::new(house_prices());
    let mut worst: f64 = 0.0;
    for p in &points() {
        let exact = model.gradient(p.view());
        let numeric = estimate(&model, p.view(), h);
        for i in 0..2 {
            worst = worst.max(relative_error(exact[i], numeric[i]));
        }
    }
    num(worst)
}

#[test]
fn update_rule_exercise_3_the_largest_h_wins_for_central_and_forward_differences_lose() {
    // The check: the forward difference is off by h · H_jj / 2 at every point.
    update_rule_forward_difference::check(forward_differences).expect("the solution passes");
    // Central differences: no truncation error on a quadratic, so only rounding, which
    // grows like ε·L/h: the largest h is the most accurate.
    assert_eq!(worst_error(central_differences, 1e-2), "2.067e-12");
    assert_eq!(worst_error(central_differences, 1e-4), "5.883e-10");
    assert_eq!(worst_error(central_differences, 1e-7), "2.562e-7");
    // Forward differences: error h·H_ii/2 (H_ww = 13.5, H_bb = 2), proportional to h.
    assert_eq!(worst_error(forward_differences, 1e-2), "3.607e-5");
    assert_eq!(worst_error(forward_differences, 1e-4), "3.607e-7");
    assert_eq!(worst_error(forward_differences, 1e-7), "7.542e-7");
    // At the chapter's h, forward is about 613 times worse than central.
    let ratio: f64 = worst_error(forward_differences, 1e-4)
        .parse::<f64>()
        .unwrap()
        / worst_error(central_differences, 1e-4)
            .parse::<f64>()
            .unwrap();
    assert_eq!(ratio.round(), 613.0);
    let hessian = LinearRegression::new(house_prices()).hessian();
    assert_eq!(hessian[[0, 0]], 13.5);
    assert_eq!(hessian[[1, 1]], 2.0);
}

#[test]
fn update_rule_exercise_4_on_the_valleys_the_central_difference_error_shrinks_like_h_squared() {
    let v = Valleys;
    let x = array![1.7];
    let exact = v.gradient(x.view())[0];
    let errors: Vec<String> = [1e-2, 1e-3, 1e-4]
        .iter()
        .map(|&h| {
            num(relative_error(
                exact,
                central_differences(&v, x.view(), h)[0],
            ))
        })
        .collect();
    // A degree-6 polynomial has L''' ≠ 0: error ≈ h²·L'''/6, a factor 100 per factor 10 in h.
    assert_eq!(errors, ["0.0002881", "2.881e-6", "2.881e-8"]);
}
