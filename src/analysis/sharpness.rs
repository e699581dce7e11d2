//! Sharpness: the largest eigenvalue of the loss's Hessian at a point, the curvature that
//! decides whether gradient descent with rate η is locally stable (λ_max < 2/η).

use ndarray::{Array1, ArrayView1};

use crate::problems::Problem;
use crate::train::{Control, Observer, Run, Step};

/// The Hessian applied to `v` at `params`, from two exact gradients:
/// H v ≈ (∇L(θ + εv) − ∇L(θ − εv)) / 2ε. Exact for quadratics; for smooth losses the error
/// shrinks like ε², so no second derivative code is needed.
pub fn hessian_vector(
    problem: &dyn Problem,
    params: ArrayView1<f64>,
    v: ArrayView1<f64>,
) -> Array1<f64> {
    let norm = v.dot(&v).sqrt().max(f64::MIN_POSITIVE);
    let eps = 1e-4 / norm;
    let up = &params + &(&v * eps);
    let down = &params - &(&v * eps);
    (problem.gradient(up.view()) - problem.gradient(down.view())) / (2.0 * eps)
}

/// The largest eigenvalue of the Hessian by power iteration on Hessian–vector products,
/// started from `guess` (e.g. the previous estimate's vector, so that tracking sharpness
/// along a run costs a few products per check). Returns the estimate and its vector.
///
/// Power iteration finds the eigenvalue of largest *magnitude*; near a minimum the
/// Hessian's large eigenvalues are positive, which is the case this book measures.
pub fn sharpness(
    problem: &dyn Problem,
    params: ArrayView1<f64>,
    guess: ArrayView1<f64>,
    iterations: usize,
) -> (f64, Array1<f64>) {
    let mut v = guess.to_owned();
    let norm = v.dot(&v).sqrt();
    if norm == 0.0 || !norm.is_finite() {
        v = Array1::from_elem(params.len(), 1.0);
    }
    v /= v.dot(&v).sqrt();
    let mut lambda = 0.0;
    for _ in 0..iterations.max(1) {
        let hv = hessian_vector(problem, params, v.view());
        lambda = v.dot(&hv);
        let n = hv.dot(&hv).sqrt();
        if n == 0.0 || !n.is_finite() {
            break;
        }
        v = hv / n;
    }
    (lambda, v)
}

/// Tracks the sharpness along a run as it trains, every `every` steps (steps 0, `every`,
/// 2·`every`, …): `iterations` rounds of power iteration per check, each warm-started from
/// the previous check's direction, so that tracking costs a few products per check. An
/// [`Observer`] of the training loop; non-finite rows are skipped (the loop does not
/// record them either).
pub struct Tracker<'a> {
    problem: &'a dyn Problem,
    every: usize,
    iterations: usize,
    direction: Array1<f64>,
    /// (step, estimate) at each check so far.
    pub track: Vec<(usize, f64)>,
}

impl<'a> Tracker<'a> {
    pub fn new(problem: &'a dyn Problem, every: usize, iterations: usize) -> Self {
        Tracker {
            problem,
            every: every.max(1),
            iterations,
            direction: Array1::from_elem(problem.param_names().len(), 1.0),
            track: Vec::new(),
        }
    }

    /// Check the sharpness at `params` after `step` updates, if it is a checking step.
    fn see(&mut self, step: usize, params: ArrayView1<f64>) {
        if step.is_multiple_of(self.every) {
            let (lambda, vector) =
                sharpness(self.problem, params, self.direction.view(), self.iterations);
            self.direction = vector;
            self.track.push((step, lambda));
        }
    }
}

impl Observer for Tracker<'_> {
    fn observe(&mut self, row: &Step<'_>) -> Control {
        if row.is_finite() {
            self.see(row.step, row.params);
        }
        Control::Continue
    }
}

/// The sharpness along a finished run, every `every` steps as (step, estimate): what a
/// [`Tracker`] observing the run would have recorded, replayed from its history.
pub fn along(
    problem: &dyn Problem,
    run: &Run,
    every: usize,
    iterations: usize,
) -> Vec<(usize, f64)> {
    let mut tracker = Tracker::new(problem, every, iterations);
    for r in &run.history {
        tracker.see(r.step, r.params.view());
    }
    tracker.track
}
