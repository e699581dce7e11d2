//! At the edge of stability, exercise 3 (book/edge_of_stability.md): momentum.
//!
//! Write `momentum`: SGD with momentum β = 0.9 at rate `lr`, in place of the example's plain
//! gradient descent (see the adaptive-optimizers chapter, and `Sgd` in src/optim/sgd.rs).
//! On a quadratic its stability limit is (2 + 2β)/η. Does the sharpness settle there?
//!
//! Check it: cargo test --test exercises -- edge_of_stability_momentum
//! The check trains the example's network at η = 0.4 for 8000 steps, measuring the
//! sharpness every 5 steps (this takes a while), and compares it with the limit.

use stepsize::optim::Sgd;

pub fn momentum(lr: f64) -> Sgd {
    todo!("SGD with momentum 0.9 at rate lr")
}
