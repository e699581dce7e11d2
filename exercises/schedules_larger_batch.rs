//! Learning-rate schedules, exercise 3 (book/schedules.md): a larger batch.
//!
//! Write `predicted_floor`: the noise floor the formula of the chapter predicts for
//! constant-rate SGD with rate `lr` and batch size `batch`, on a problem whose loss at the
//! minimum is `l_star` and whose Hessian has trace `trace_h`. By what factor should the
//! floor change when the batch goes from 8 (the example's `BATCH`) to 32?
//!
//! Check it: cargo test --test exercises -- schedules_larger_batch
//! The check measures the floor with batches of 32, as the example does with batches of 8
//! (five seeds, 2000 steps each), and compares it with your prediction.

pub fn predicted_floor(lr: f64, l_star: f64, trace_h: f64, batch: usize) -> f64 {
    todo!("the floor's formula")
}
