//! The checks for the "Change the code" exercises. Each exercise is one file in this folder
//! with a function to write (its `todo!()`); the test named after the file runs the
//! chapter's experiment with your function and checks the exercise's claim:
//!
//!     cargo test --test exercises -- too_high_centred    # one exercise
//!     cargo test --test exercises                         # all of them
//!
//! An exercise not written yet fails with "not written yet: edit exercises/…". Plain
//! `cargo test` does not build this target (`test = false` in Cargo.toml), so the book's
//! own tests stay green while the exercises are open.

// The starters' arguments and imports are there for the code you write; the checks return
// what they measured, which the book's tested solutions read more of than this target.
#![allow(unused_variables, unused_imports, dead_code)]

mod checks;

mod adaptive_amsgrad;
mod edge_of_stability_momentum;
mod intuition_from_four;
mod lr_finder_more_points;
mod normalization_in_thousands;
mod normalization_scaler_on_all;
mod scaling_two_batch_sizes;
mod schedules_larger_batch;
mod too_high_centred;
mod update_rule_forward_difference;
mod update_rule_predict_price;

/// Fails the test with the check's message.
fn passes<T>(checked: Result<T, String>) {
    if let Err(message) = checked {
        panic!("{message}");
    }
}

#[test]
fn intuition_from_four() {
    passes(checks::intuition_from_four::check(
        intuition_from_four::walkers_from_four,
    ));
}

#[test]
fn update_rule_predict_price() {
    passes(checks::update_rule_predict_price::check(
        update_rule_predict_price::predicted_price,
    ));
}

#[test]
fn update_rule_forward_difference() {
    passes(checks::update_rule_forward_difference::check(
        update_rule_forward_difference::forward_differences,
    ));
}

#[test]
fn too_high_centred() {
    passes(checks::too_high_centred::check(too_high_centred::centred));
}

#[test]
fn schedules_larger_batch() {
    passes(checks::schedules_larger_batch::check(
        schedules_larger_batch::predicted_floor,
    ));
}

#[test]
fn adaptive_amsgrad() {
    passes(checks::adaptive_amsgrad::check(adaptive_amsgrad::amsgrad));
}

#[test]
fn normalization_in_thousands() {
    passes(checks::normalization_in_thousands::check(
        normalization_in_thousands::in_thousands,
    ));
}

#[test]
fn normalization_scaler_on_all() {
    passes(checks::normalization_scaler_on_all::check(
        normalization_scaler_on_all::fit_scaler,
    ));
}

#[test]
fn scaling_two_batch_sizes() {
    passes(checks::scaling_two_batch_sizes::check(
        scaling_two_batch_sizes::estimate,
    ));
}

#[test]
fn lr_finder_more_points() {
    passes(checks::lr_finder_more_points::check(
        lr_finder_more_points::training_points,
    ));
}

#[test]
fn edge_of_stability_momentum() {
    passes(checks::edge_of_stability_momentum::check(
        edge_of_stability_momentum::momentum,
    ));
}
