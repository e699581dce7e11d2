//! Sharpness: the largest eigenvalue of the loss's Hessian at a point, the curvature that
//! decides whether gradient descent with rate η is locally stable (λ_max < 2/η).

use ndarray::{Array1, Array2, ArrayView1};

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

/// The whole Hessian at `params`, column by column from [`hessian_vector`] (one product per
/// parameter, so only for small problems), made exactly symmetric by averaging it with its
/// transpose (the finite differences leave it symmetric only to their error).
pub fn hessian(problem: &dyn Problem, params: ArrayView1<f64>) -> Array2<f64> {
    let n = params.len();
    let mut h = Array2::zeros((n, n));
    let mut e = Array1::zeros(n);
    for i in 0..n {
        e[i] = 1.0;
        h.column_mut(i)
            .assign(&hessian_vector(problem, params, e.view()));
        e[i] = 0.0;
    }
    (&h + &h.t()) / 2.0
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

/// The largest eigenvalue of the Hessian to a stated accuracy, by the Lanczos method on
/// Hessian–vector products, started from `guess`. Each round adds one product to a Krylov
/// basis (kept orthogonal in full: the basis is small), and the top eigenvalue θ of the
/// small tridiagonal matrix it builds is the estimate, with its vector y. It stops when
/// ‖Hy − θy‖ ≤ `tolerance`·|θ|: a symmetric matrix then has an eigenvalue within that
/// distance of θ, and θ never exceeds λ_max (up to the finite-difference error of the
/// products). That eigenvalue is λ_max unless the start is nearly orthogonal to its
/// eigenvector, which the tests rule out on the book's problems by comparing with the
/// exact Hessian. Also stops after `max_rounds` rounds. Returns the estimate, its vector,
/// the rounds used and the residual.
///
/// Unlike power iteration, its speed does not depend on the gap between the two largest
/// eigenvalues shrinking to nothing, and it finds the largest eigenvalue, not the largest
/// in size.
pub fn lanczos(
    problem: &dyn Problem,
    params: ArrayView1<f64>,
    guess: ArrayView1<f64>,
    tolerance: f64,
    max_rounds: usize,
) -> Sharpness {
    let n = params.len();
    let mut q = guess.to_owned();
    let norm = q.dot(&q).sqrt();
    if norm == 0.0 || !norm.is_finite() {
        q = Array1::from_elem(n, 1.0);
    }
    q /= q.dot(&q).sqrt();
    let rounds_cap = max_rounds.clamp(1, n.max(1));
    let mut basis: Vec<Array1<f64>> = vec![q];
    let (mut alpha, mut beta) = (Vec::new(), Vec::new());
    let mut best = Sharpness {
        lambda: 0.0,
        vector: basis[0].clone(),
        rounds: 0,
        residual: f64::INFINITY,
    };
    for round in 1..=rounds_cap {
        let current = &basis[round - 1];
        let mut w = hessian_vector(problem, params, current.view());
        alpha.push(current.dot(&w));
        // Full reorthogonalisation, twice: without it the basis loses orthogonality and
        // the estimate repeats eigenvalues it has already found.
        for _ in 0..2 {
            for b in &basis {
                let c = b.dot(&w);
                w.scaled_add(-c, b);
            }
        }
        let b_next = w.dot(&w).sqrt();
        let (theta, s) = top_eigenpair(&alpha, &beta);
        let residual = b_next * s[round - 1].abs();
        let mut vector = Array1::zeros(n);
        for (coef, b) in s.iter().zip(&basis) {
            vector.scaled_add(*coef, b);
        }
        best = Sharpness {
            lambda: theta,
            vector,
            rounds: round,
            residual,
        };
        if !theta.is_finite()
            || residual <= tolerance * theta.abs()
            || b_next <= 1e-12 * theta.abs().max(f64::MIN_POSITIVE)
        {
            break;
        }
        beta.push(b_next);
        basis.push(w / b_next);
    }
    best
}

/// A sharpness estimate from [`lanczos`].
#[derive(Clone, Debug)]
pub struct Sharpness {
    /// The estimate of λ_max.
    pub lambda: f64,
    /// Its eigenvector estimate, of unit length.
    pub vector: Array1<f64>,
    /// Hessian–vector products used.
    pub rounds: usize,
    /// ‖Hv − λv‖: some eigenvalue lies within this of `lambda`.
    pub residual: f64,
}

/// The largest eigenvalue of the symmetric tridiagonal matrix with diagonal `alpha` and
/// off-diagonal `beta`, and its unit eigenvector (cyclic Jacobi rotations, vectors kept).
fn top_eigenpair(alpha: &[f64], beta: &[f64]) -> (f64, Vec<f64>) {
    let k = alpha.len();
    let mut a = Array2::<f64>::zeros((k, k));
    for i in 0..k {
        a[[i, i]] = alpha[i];
        if i + 1 < k {
            a[[i, i + 1]] = beta[i];
            a[[i + 1, i]] = beta[i];
        }
    }
    let mut v = Array2::<f64>::eye(k);
    for _sweep in 0..100 {
        let off: f64 = (0..k)
            .flat_map(|i| (0..k).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[[i, j]] * a[[i, j]])
            .sum();
        let scale: f64 = a.iter().map(|x| x * x).sum::<f64>().max(f64::MIN_POSITIVE);
        if off <= 1e-30 * scale {
            break;
        }
        for p in 0..k {
            for r in p + 1..k {
                if a[[p, r]] == 0.0 {
                    continue;
                }
                let theta = (a[[r, r]] - a[[p, p]]) / (2.0 * a[[p, r]]);
                let t = if theta == 0.0 {
                    1.0
                } else {
                    theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt())
                };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for m in 0..k {
                    let (amp, amr) = (a[[m, p]], a[[m, r]]);
                    a[[m, p]] = c * amp - s * amr;
                    a[[m, r]] = s * amp + c * amr;
                }
                for m in 0..k {
                    let (apm, arm) = (a[[p, m]], a[[r, m]]);
                    a[[p, m]] = c * apm - s * arm;
                    a[[r, m]] = s * apm + c * arm;
                }
                for m in 0..k {
                    let (vmp, vmr) = (v[[m, p]], v[[m, r]]);
                    v[[m, p]] = c * vmp - s * vmr;
                    v[[m, r]] = s * vmp + c * vmr;
                }
            }
        }
    }
    let top = (0..k)
        .max_by(|&i, &j| a[[i, i]].total_cmp(&a[[j, j]]))
        .unwrap_or(0);
    (a[[top, top]], (0..k).map(|m| v[[m, top]]).collect())
}

/// The most Hessian–vector products one [`lanczos`] estimate may use when tracking a run.
pub const MAX_ROUNDS: usize = 60;

/// Tracks the sharpness along a run as it trains, every `every` steps (steps 0, `every`,
/// 2·`every`, …): a [`lanczos`] estimate to relative accuracy `tolerance` per check,
/// warm-started from the previous check's vector, so that a check usually costs a few
/// products. An [`Observer`] of the training loop; non-finite rows are skipped (the loop
/// does not record them either).
pub struct Tracker<'a> {
    problem: &'a dyn Problem,
    every: usize,
    tolerance: f64,
    direction: Array1<f64>,
    /// (step, estimate) at each check so far.
    pub track: Vec<(usize, f64)>,
    /// The largest relative residual ‖Hv − λv‖/λ of any check so far: every estimate is
    /// within this fraction of an eigenvalue.
    pub worst_residual: f64,
    /// Hessian–vector products used by all checks so far.
    pub products: usize,
}

impl<'a> Tracker<'a> {
    pub fn new(problem: &'a dyn Problem, every: usize, tolerance: f64) -> Self {
        Tracker {
            problem,
            every: every.max(1),
            tolerance,
            direction: Array1::from_elem(problem.param_names().len(), 1.0),
            track: Vec::new(),
            worst_residual: 0.0,
            products: 0,
        }
    }

    /// Check the sharpness at `params` after `step` updates, if it is a checking step.
    fn see(&mut self, step: usize, params: ArrayView1<f64>) {
        if step.is_multiple_of(self.every) {
            let found = lanczos(
                self.problem,
                params,
                self.direction.view(),
                self.tolerance,
                MAX_ROUNDS,
            );
            let relative = found.residual / found.lambda.abs().max(f64::MIN_POSITIVE);
            self.worst_residual = self.worst_residual.max(relative);
            self.products += found.rounds;
            self.direction = found.vector;
            self.track.push((step, found.lambda));
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

/// The sharpness along a finished run, every `every` steps: the [`Tracker`] that observed
/// the run would have recorded, replayed from its history.
pub fn tracked<'a>(
    problem: &'a dyn Problem,
    run: &Run,
    every: usize,
    tolerance: f64,
) -> Tracker<'a> {
    let mut tracker = Tracker::new(problem, every, tolerance);
    for r in &run.history {
        tracker.see(r.step, r.params.view());
    }
    tracker
}

/// The sharpness along a finished run, every `every` steps as (step, estimate), each to
/// relative accuracy `tolerance` (see [`tracked`]).
pub fn along(problem: &dyn Problem, run: &Run, every: usize, tolerance: f64) -> Vec<(usize, f64)> {
    tracked(problem, run, every, tolerance).track
}

/// The sharpness along a finished run by [`sharpness`] (power iteration, `iterations`
/// rounds per check, each warm-started from the previous check's vector), every `every`
/// steps as (step, estimate). Cheaper than [`along`], and low whenever the rounds are too
/// few for the gap between the two largest eigenvalues.
pub fn along_power_iteration(
    problem: &dyn Problem,
    run: &Run,
    every: usize,
    iterations: usize,
) -> Vec<(usize, f64)> {
    let mut direction = Array1::from_elem(problem.param_names().len(), 1.0);
    let mut track = Vec::new();
    for r in run
        .history
        .iter()
        .filter(|r| r.step.is_multiple_of(every.max(1)))
    {
        let (lambda, vector) = sharpness(problem, r.params.view(), direction.view(), iterations);
        direction = vector;
        track.push((r.step, lambda));
    }
    track
}
