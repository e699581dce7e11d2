//! When gradient descent is stable on a quadratic, and how fast it goes.
//!
//! On a quadratic loss L(θ) = ½ (θ − θ*)ᵀ H (θ − θ*), gradient descent gives
//! θ_{k+1} − θ* = (I − ηH)(θ_k − θ*). Along an eigenvector of H with eigenvalue λ the
//! error is multiplied by (1 − ηλ) at every step, so it shrinks exactly when
//! |1 − ηλ| < 1, that is 0 < η < 2/λ. All directions shrink when η < 2/λ_max.

use ndarray::{Array1, Array2};

use crate::math;
use crate::optim::{GradientDescent, Optimizer};
use crate::problems::Problem;
use crate::train::{Budget, train};

/// The eigenvalues of a symmetric matrix, in increasing order (cyclic Jacobi rotations:
/// simple and accurate for the small matrices of this book).
pub fn symmetric_eigenvalues(matrix: &Array2<f64>) -> Vec<f64> {
    let n = matrix.nrows();
    assert_eq!(n, matrix.ncols(), "a symmetric matrix is square");
    let mut a = matrix.clone();
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[[i, j]] * a[[i, j]])
            .sum();
        let scale: f64 = a.iter().map(|v| v * v).sum::<f64>().max(f64::MIN_POSITIVE);
        if off <= 1e-30 * scale {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[[p, q]] == 0.0 {
                    continue;
                }
                // Rotate in the (p, q) plane so that a[p][q] becomes zero.
                let theta = (a[[q, q]] - a[[p, p]]) / (2.0 * a[[p, q]]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[[k, p]], a[[k, q]]);
                    a[[k, p]] = c * akp - s * akq;
                    a[[k, q]] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[[p, k]], a[[q, k]]);
                    a[[p, k]] = c * apk - s * aqk;
                    a[[q, k]] = s * apk + c * aqk;
                }
            }
        }
    }
    let mut eig: Vec<f64> = (0..n).map(|i| a[[i, i]]).collect();
    eig.sort_by(f64::total_cmp);
    eig
}

/// The condition number λ_max/λ_min of a symmetric positive definite matrix.
pub fn condition_number(matrix: &Array2<f64>) -> f64 {
    let eig = symmetric_eigenvalues(matrix);
    eig[eig.len() - 1] / eig[0]
}

/// The condition number after rescaling every coordinate so that the diagonal of H becomes
/// all ones (D^(−1/2) H D^(−1/2), D = diag H): what a fixed per-coordinate rate can make of
/// H. For two parameters no other per-coordinate rescaling does better (Forsythe and
/// Straus, 1955).
pub fn rescaled_condition_number(matrix: &Array2<f64>) -> f64 {
    let d = matrix.diag().mapv(|v| 1.0 / v.sqrt());
    let scaled = Array2::from_shape_fn(matrix.dim(), |(i, j)| d[i] * matrix[[i, j]] * d[j]);
    condition_number(&scaled)
}

/// The largest stable learning rate for curvature `lambda_max`: 2/λ_max.
pub fn max_stable_lr(lambda_max: f64) -> f64 {
    2.0 / lambda_max
}

/// The factor 1 − ηλ by which gradient descent multiplies the error along a direction
/// of curvature λ at each step.
pub fn contraction(lr: f64, lambda: f64) -> f64 {
    1.0 - lr * lambda
}

/// The learning rate that makes the slowest and the fastest direction contract equally,
/// 2/(λ_min + λ_max), and the contraction factor it achieves, (κ − 1)/(κ + 1) with
/// κ = λ_max/λ_min.
pub fn best_fixed_lr(lambda_min: f64, lambda_max: f64) -> (f64, f64) {
    let kappa = lambda_max / lambda_min;
    (
        2.0 / (lambda_min + lambda_max),
        (kappa - 1.0) / (kappa + 1.0),
    )
}

/// Predicted steps for gradient descent on a one-dimensional quadratic with curvature
/// `lambda`, started with loss `initial_loss`, to bring the loss below `tolerance`: the
/// loss after k steps is L₀ (1 − ηλ)^{2k}, so k is the smallest whole number with
/// L₀ (1 − ηλ)^{2k} < tol. `None` if the run never gets there (η ≥ 2/λ).
pub fn predicted_steps(lr: f64, lambda: f64, initial_loss: f64, tolerance: f64) -> Option<u64> {
    if initial_loss < tolerance {
        return Some(0);
    }
    let rho = contraction(lr, lambda).abs();
    if rho >= 1.0 {
        return None;
    }
    if rho == 0.0 {
        return Some(1);
    }
    let k = math::ln(tolerance / initial_loss) / (2.0 * math::ln(rho));
    // The smallest whole k with L₀ ρ^{2k} < tol; at an exact whole k the loss equals tol.
    Some(if k.fract() == 0.0 {
        k as u64 + 1
    } else {
        k.ceil() as u64
    })
}

/// The edge of stability found by experiment: the largest η in `[lo, hi]` for which
/// `stable(η)` holds, by bisection, assuming `stable` holds at `lo` and fails at `hi`.
pub fn bisect_edge(stable: impl Fn(f64) -> bool, lo: f64, hi: f64, iterations: usize) -> f64 {
    let (mut lo, mut hi) = (lo, hi);
    for _ in 0..iterations {
        let mid = 0.5 * (lo + hi);
        if stable(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// The stability edge of an optimizer measured on the simulation: the largest rate whose
/// loss still falls within `budget` from `start` ([`crate::train::Run::loss_fell`]), with a
/// fresh `optimizer(η)` for every rate tried, by bisection between `lo` (stable) and `hi`
/// (not).
pub fn measured_edge(
    problem: &dyn Problem,
    optimizer: impl Fn(f64) -> Box<dyn Optimizer>,
    start: &Array1<f64>,
    budget: &Budget,
    lo: f64,
    hi: f64,
    iterations: usize,
) -> f64 {
    bisect_edge(
        |lr| {
            train(
                "edge",
                problem,
                optimizer(lr).as_mut(),
                start.clone(),
                budget,
            )
            .loss_fell()
        },
        lo,
        hi,
        iterations,
    )
}

/// [`measured_edge`] for plain gradient descent.
pub fn gradient_descent_edge(
    problem: &dyn Problem,
    start: &Array1<f64>,
    budget: &Budget,
    lo: f64,
    hi: f64,
    iterations: usize,
) -> f64 {
    let gd = |lr| Box::new(GradientDescent::new(lr)) as Box<dyn Optimizer>;
    measured_edge(problem, gd, start, budget, lo, hi, iterations)
}
