//! The update rule, exercise 2: after 50 updates the model predicts a house near the middle
//! of the data well, although w is still far from 200.

use ndarray::array;
use stepsize::numfmt::num;
use stepsize::optim::GradientDescent;
use stepsize::problems::data::house_prices;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::train::{Budget, Run, train};

use super::{attempt, expect, pair};

const FILE: &str = "exercises/update_rule_predict_price.rs";

/// The chapter's run (η = 0.01, 50 updates from zero) and the price predicted for 2800 sq
/// ft, after checking it against w · 2.8 + b.
pub fn check(predicted_price: fn(&Run) -> f64) -> Result<(Run, f64), String> {
    let model = LinearRegression::new(house_prices());
    let mut gd = GradientDescent::new(0.01);
    let run = train(
        "η=0.01",
        &model,
        &mut gd,
        array![0.0, 0.0],
        &Budget::steps(50),
    );
    let price = attempt(FILE, || predicted_price(&run))?;
    let last = run.final_params();
    let expected = last[0] * 2.8 + last[1];
    expect((price - expected).abs() <= 1e-9 * expected.abs(), || {
        let (expected, price) = pair(expected, price);
        format!(
            "after the last update w = {} and b = {}, so the model predicts w · 2.8 + b = \
             {expected} for 2800 sq ft; your function returned {price}",
            num(last[0]),
            num(last[1])
        )
    })?;
    // The claim: close to the true 560, with w still far from 200.
    expect((560.0 - price).abs() < 5.0 && last[0] < 190.0, || {
        format!(
            "expected a prediction within 5 of 560 while w < 190; got {} with w = {}",
            num(price),
            num(last[0])
        )
    })?;
    Ok((run, price))
}
