//! Intuition, exercise 3 (book/intuition.md): walkers that start at x = 4.
//!
//! Write `walkers_from_four`: the chapter's walkers on the parabola (x − 2)², one per rate
//! in `lrs`, with this `budget`, but starting at x = 4 instead of x = 0. In
//! examples/intuition/main.rs the start is the `&array![0.0]` passed to
//! `gradient_descent_runs`.
//!
//! Check it: cargo test --test exercises -- intuition_from_four
//! The check runs your walkers beside the chapter's and compares their outcomes with the
//! formula's prediction, `stability::predicted_steps`.

use ndarray::array;
use stepsize::problems::parabola::Parabola;
use stepsize::train::{Budget, Run, gradient_descent_runs};

pub fn walkers_from_four(parabola: &Parabola, lrs: &[f64], budget: &Budget) -> Vec<Run> {
    todo!("one walker per rate, each starting at x = 4")
}
