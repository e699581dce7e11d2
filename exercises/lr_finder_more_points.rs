//! Finding a learning rate, exercise 3 (book/lr_finder.md): more training points.
//!
//! Write `training_points`: the example's training set, noisy points of y = sin(2x) drawn
//! with `seed`, but 100 of them instead of 12. In examples/lr_finder/main.rs the training
//! set is `data::noisy_sine(12, seed)`.
//!
//! Check it: cargo test --test exercises -- lr_finder_more_points
//! The check trains the example's network at every rate of its grid for 3000 steps (a few
//! seconds) and compares the rates with the lowest training and validation losses.

use stepsize::problems::data::{self, Dataset};

pub fn training_points(seed: u64) -> Dataset {
    todo!("100 noisy points of sin(2x)")
}
