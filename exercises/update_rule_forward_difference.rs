//! The update rule, exercise 3 (book/update_rule.md): a forward difference.
//!
//! Write `forward_differences`: the forward-difference estimate of the gradient of `problem`
//! at `params`, one coordinate j at a time, (L(θ + h e_j) − L(θ)) / h. Its model is
//! `central_differences` in src/analysis/gradcheck.rs, which uses
//! (L(θ + h e_j) − L(θ − h e_j)) / 2h. (In the example, try h = 1e-2 and 1e-7 too: the
//! `1e-4` passed to `central_differences` in examples/update_rule/main.rs.)
//!
//! Check it: cargo test --test exercises -- update_rule_forward_difference
//! The check compares your estimate with the exact gradient at the chapter's four points.

use ndarray::{Array1, ArrayView1};
use stepsize::problems::Problem;

pub fn forward_differences(problem: &dyn Problem, params: ArrayView1<f64>, h: f64) -> Array1<f64> {
    todo!("(L(θ + h e_j) − L(θ)) / h for every coordinate j")
}
