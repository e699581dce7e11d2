//! Batch size and normalization, exercise 1 (book/batch_normalization.md): sizes in
//! thousands of square feet.
//!
//! Write `in_thousands`: the example's houses (`raw` in examples/normalization/main.rs:
//! size in square feet in column 0, bedrooms in column 1, the price in `y`) with the size
//! in thousands of square feet, that is column 0 divided by 1000. Before you run the check,
//! predict how λ_max and the largest stable η change. Careful: which feature has the larger
//! values now?
//!
//! Check it: cargo test --test exercises -- normalization_in_thousands
//! The check computes λ_max of the raw and the rescaled data and finds the largest stable
//! η by bisection on the simulation.

use stepsize::problems::data::Dataset;

pub fn in_thousands(houses: Dataset) -> Dataset {
    todo!("the same houses with column 0 divided by 1000")
}
