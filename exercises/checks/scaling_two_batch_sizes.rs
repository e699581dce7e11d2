//! Scaling the learning rate, exercise 1: batches of two sizes estimate the noise scale
//! B_noise = tr Σ / ‖G‖² within a few percent of its per-example value.

use ndarray::{Array1, ArrayView1};
use stepsize::analysis::noise_scale::{NoiseScale, from_examples};
use stepsize::numfmt::num;
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;

use super::{attempt, expect};

const FILE: &str = "exercises/scaling_two_batch_sizes.rs";

/// The batch-size sweeps' regression: 1024 examples, 4 features, noise 0.3.
pub fn regression() -> LinearRegression {
    LinearRegression::new(data::synthetic_regression(
        1024,
        &[2.0, -1.0, 0.5, 1.5],
        0.3,
        1.0,
        2,
    ))
}

/// The estimate and the per-example value, after checking that they are apart (batch
/// gradients only) and within 10%.
pub fn check(
    estimate: fn(&LinearRegression, ArrayView1<f64>) -> NoiseScale,
) -> Result<(NoiseScale, NoiseScale), String> {
    let model = regression();
    let start = Array1::zeros(model.dim());
    let yours = attempt(FILE, || estimate(&model, start.view()))?;
    let exact = from_examples(&model, start.view());
    let ratio = yours.b_noise() / exact.b_noise();
    expect(ratio != 1.0, || {
        format!(
            "your B_noise is exactly the per-example value {}: estimate it from batch gradients \
             only",
            num(exact.b_noise())
        )
    })?;
    expect((ratio - 1.0).abs() < 0.1, || {
        format!(
            "with 2000 batches of 8 and of 128 the estimate should be within 10% of the \
             per-example B_noise {}; yours is {}",
            num(exact.b_noise()),
            num(yours.b_noise())
        )
    })?;
    Ok((yours, exact))
}
