//! Checking an analytic gradient against finite differences.

use ndarray::{Array1, ArrayView1};

use crate::problems::Problem;

/// The central-difference estimate (L(θ + h e_i) − L(θ − h e_i)) / 2h of each partial
/// derivative. Its error shrinks like h², until rounding error (about ε·L/h) takes over.
pub fn central_differences(problem: &dyn Problem, params: ArrayView1<f64>, h: f64) -> Array1<f64> {
    let mut probe = params.to_owned();
    Array1::from_shape_fn(params.len(), |i| {
        let original = probe[i];
        probe[i] = original + h;
        let up = problem.loss(probe.view());
        probe[i] = original - h;
        let down = problem.loss(probe.view());
        probe[i] = original;
        (up - down) / (2.0 * h)
    })
}

/// |a − b| / max(|a|, |b|, tiny): the relative disagreement of two numbers.
pub fn relative_error(a: f64, b: f64) -> f64 {
    let scale = a.abs().max(b.abs()).max(f64::MIN_POSITIVE);
    (a - b).abs() / scale
}
