//! The checks behind the exercises: each one runs the chapter's experiment with the
//! function a student wrote and checks the claim the exercise is about. A check returns
//! what it measured, so the tested solutions (tests/suite/solutions/) can quote it, or a
//! message saying what was expected and what came out.

use std::panic::{self, AssertUnwindSafe};

use ndarray::Array2;
use stepsize::numfmt::{distinct, num};

pub mod adaptive_amsgrad;
pub mod edge_of_stability_momentum;
pub mod intuition_from_four;
pub mod lr_finder_more_points;
pub mod normalization_in_thousands;
pub mod normalization_scaler_on_all;
pub mod scaling_two_batch_sizes;
pub mod schedules_larger_batch;
pub mod too_high_centred;
pub mod update_rule_forward_difference;
pub mod update_rule_predict_price;

/// Calls the student's code, turning a panic into a message: a `todo!()` still in place
/// means the exercise is not written yet.
pub fn attempt<T>(file: &str, student: impl FnOnce() -> T) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(student)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if message.starts_with("not yet implemented") {
            format!("not written yet: edit {file} (replace the todo!() with your code)")
        } else {
            format!("your code in {file} panicked: {message}")
        }
    })
}

/// Numbers as the book prints them, in a list: `(-1, -0.5, 0, 0.5, 1)`.
pub fn list<'a>(values: impl IntoIterator<Item = &'a f64>) -> String {
    let texts: Vec<String> = values.into_iter().map(|&v| num(v)).collect();
    format!("({})", texts.join(", "))
}

/// A matrix on one line, rows in brackets: `[[1, 0], [0, 2]]`.
pub fn matrix(m: &Array2<f64>) -> String {
    let rows: Vec<String> = m
        .rows()
        .into_iter()
        .map(|r| {
            let texts: Vec<String> = r.iter().map(|&v| num(v)).collect();
            format!("[{}]", texts.join(", "))
        })
        .collect();
    format!("[{}]", rows.join(", "))
}

/// Two numbers printed as the book prints them, with more digits if they would print alike:
/// "expected 0.5; got 0.5" would say nothing.
pub fn pair(a: f64, b: f64) -> (String, String) {
    let mut texts = distinct(&[a, b]).into_iter();
    let a = texts.next().unwrap_or_default();
    (a, texts.next().unwrap_or_default())
}

/// Fails with `message` unless `ok`.
pub fn expect(ok: bool, message: impl FnOnce() -> String) -> Result<(), String> {
    if ok { Ok(()) } else { Err(message()) }
}
