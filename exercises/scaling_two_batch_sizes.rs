//! Scaling the learning rate, exercise 1 (book/scaling.md): your own critical batch size.
//!
//! Write `estimate`: the noise scale of `model` at `start` (the regression of the chapter,
//! at its starting point) from batch gradients only, as a training loop sees them: 2000
//! batches of 8 and 2000 of 128. The functions of `stepsize::analysis::noise_scale` do the
//! sums (the chapter shows the formula). How close is your B_noise to the per-example value?
//!
//! Check it: cargo test --test exercises -- scaling_two_batch_sizes

use ndarray::ArrayView1;
use stepsize::analysis::noise_scale::{self, NoiseScale};
use stepsize::problems::linear_regression::LinearRegression;

pub fn estimate(model: &LinearRegression, start: ArrayView1<f64>) -> NoiseScale {
    todo!("B_noise from batches of 8 and 128")
}
