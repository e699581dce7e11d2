//! The gradient noise scale of McCandlish, Kaplan, Amodei et al. (2018, "An empirical model
//! of large-batch training"): B_noise = tr Σ / ‖G‖², where G is the full gradient and Σ the
//! covariance of one example's gradient. Their model predicts that a batch much smaller
//! than B_noise wastes little data per step and a batch much larger wastes most of it, and
//! that the best SGD rate grows like η_max / (1 + B_noise / B): linearly in B up to about
//! B_noise, then no more. (This is their "simple" noise scale, which assumes the Hessian
//! is a multiple of the identity.)
//!
//! Two ways to measure it, which must agree: from every example's gradient, and from the
//! squared norms of batch gradients at two batch sizes (their appendix A), the way it can
//! be measured during real training, where per-example gradients are not at hand.

use ndarray::ArrayView1;
use rand::RngExt;

use crate::problems::data;
use crate::problems::minibatch::{Examples, gradient_noise};

/// The two parts of the noise scale, measured at one point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NoiseScale {
    /// tr Σ = E‖g_i − G‖² over the examples i (the per-example gradient variance).
    pub trace: f64,
    /// ‖G‖², the squared norm of the full gradient.
    pub grad_sq: f64,
}

impl NoiseScale {
    /// B_noise = tr Σ / ‖G‖².
    pub fn b_noise(&self) -> f64 {
        self.trace / self.grad_sq
    }
}

/// From every example's gradient: tr Σ by [`gradient_noise`] over one-example batches,
/// ‖G‖² from the full gradient. Exact, and costs one gradient per example.
pub fn from_examples(model: &impl Examples, params: ArrayView1<f64>) -> NoiseScale {
    let g = model.gradient(params);
    let n = model.examples();
    NoiseScale {
        trace: gradient_noise(model, params, (0..n).map(|i| vec![i])),
        grad_sq: g.dot(&g),
    }
}

/// From batch gradients only (McCandlish et al. 2018, appendix A). A batch of B examples
/// drawn with replacement has E‖G_B‖² = ‖G‖² + tr Σ / B, so the mean squared norms at two
/// batch sizes `small` < `big`, over `draws` batches each, give the unbiased estimates
///
/// ‖G‖² ≈ (B_big ‖G_big‖² − B_small ‖G_small‖²) / (B_big − B_small),
/// tr Σ ≈ (‖G_small‖² − ‖G_big‖²) / (1/B_small − 1/B_big).
///
/// (Their ratio is not unbiased; with enough draws the bias is small.)
pub fn from_two_batch_sizes(
    model: &impl Examples,
    params: ArrayView1<f64>,
    (small, big): (usize, usize),
    draws: usize,
    seed: u64,
) -> NoiseScale {
    assert!(0 < small && small < big, "need 0 < small < big batch sizes");
    let n = model.examples();
    let mut rng = data::rng(seed);
    let mut mean_sq = |b: usize| {
        let mut total = 0.0;
        for _ in 0..draws {
            let rows: Vec<usize> = (0..b).map(|_| rng.random_range(0..n)).collect();
            let g = model.gradient_on(params, &rows);
            total += g.dot(&g);
        }
        total / draws as f64
    };
    // ANCHOR: two_batch
    let (s2, b2) = (mean_sq(small), mean_sq(big));
    let (bs, bb) = (small as f64, big as f64);
    NoiseScale {
        trace: (s2 - b2) / (1.0 / bs - 1.0 / bb),
        grad_sq: (bb * b2 - bs * s2) / (bb - bs),
    }
    // ANCHOR_END: two_batch
}
