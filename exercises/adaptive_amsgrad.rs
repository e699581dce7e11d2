//! Momentum and adaptive optimizers, exercise 3 (book/adaptive.md): AMSGrad.
//!
//! Write `amsgrad`: Adam with the AMSGrad variant switched on, at rate `lr` (see the
//! builder methods of `Adam` in src/optim/adam.rs). In examples/adaptive/main.rs it would be
//! one more line in `contenders()`.
//!
//! Check it: cargo test --test exercises -- adaptive_amsgrad
//! The check runs your optimizer and Adam for 50 steps on the chapter's bowl from (−5, −2).
//! Then try the weight decay part of the exercise on the command line.

use stepsize::optim::Adam;

pub fn amsgrad(lr: f64) -> Adam {
    todo!("Adam with AMSGrad at rate lr")
}
