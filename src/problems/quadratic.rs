//! A quadratic bowl with a different curvature along each axis: the standard ground on
//! which optimizers are compared.

use ndarray::{Array1, ArrayView1};

use crate::problems::Problem;

/// L(x) = Σ a_i x_i², minimum 0 at the origin. Its Hessian is diag(2a_i), so its
/// eigenvalues are the 2a_i and its condition number is max a_i / min a_i.
#[derive(Clone, Debug)]
pub struct Quadratic {
    pub coeffs: Vec<f64>,
}

impl Quadratic {
    /// Dive into Deep Learning's ill-conditioned bowl, 0.1·x1² + 2·x2² (κ = 20).
    pub fn d2l() -> Self {
        Quadratic {
            coeffs: vec![0.1, 2.0],
        }
    }

    /// The Hessian's eigenvalues, smallest first.
    pub fn eigenvalues(&self) -> Vec<f64> {
        let mut e: Vec<f64> = self.coeffs.iter().map(|a| 2.0 * a).collect();
        e.sort_by(f64::total_cmp);
        e
    }

    /// L at a point given as plain numbers (for drawing contours).
    pub fn at(&self, x: &[f64]) -> f64 {
        self.coeffs.iter().zip(x).map(|(a, x)| a * x * x).sum()
    }
}

impl Problem for Quadratic {
    fn param_names(&self) -> Vec<String> {
        (1..=self.coeffs.len()).map(|i| format!("x{i}")).collect()
    }

    fn loss(&self, params: ArrayView1<f64>) -> f64 {
        self.at(params.as_slice().unwrap_or(&params.to_vec()))
    }

    fn gradient(&self, params: ArrayView1<f64>) -> Array1<f64> {
        self.coeffs
            .iter()
            .zip(params.iter())
            .map(|(a, x)| 2.0 * a * x)
            .collect()
    }
}
