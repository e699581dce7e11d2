//! The update rule, exercise 2 (book/update_rule.md): the price of a 2800 sq ft house.
//!
//! Write `predicted_price`: the price the model predicts, after the last update of `run`
//! (the chapter's run, η = 0.01 for 50 steps), for a house of 2800 sq ft (size 2.8 in
//! thousands). Use `model.predict` on a one-house data set, or w · 2.8 + b from the run's
//! final parameters.
//!
//! Check it: cargo test --test exercises -- update_rule_predict_price

use ndarray::array;
use stepsize::problems::data::Dataset;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::train::Run;

pub fn predicted_price(run: &Run) -> f64 {
    todo!("the predicted price of a 2800 sq ft house after the last update")
}
