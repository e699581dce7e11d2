//! A quadratic bowl with a different curvature along each axis: the standard ground on
//! which optimizers are compared; and the same bowl turned, so that its axes are no longer
//! the coordinates.

use ndarray::{Array1, Array2, ArrayView1, array};

use crate::math;
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

/// L(x) = ½ xᵀ H x for a symmetric positive definite H, minimum 0 at the origin: a bowl
/// whose steep and flat directions (the eigenvectors of H) need not be the coordinate axes.
#[derive(Clone, Debug)]
pub struct QuadraticForm {
    pub hessian: Array2<f64>,
}

/// The matrix that turns a point of the plane by `angle` radians, anticlockwise.
pub fn rotation(angle: f64) -> Array2<f64> {
    let (c, s) = (math::cos(angle), math::sin(angle));
    array![[c, -s], [s, c]]
}

impl QuadraticForm {
    /// A two-parameter `bowl` turned by `angle` radians: H = R diag(2a₁, 2a₂) Rᵀ has the
    /// bowl's eigenvalues, and L(R x) here equals the bowl's L(x).
    pub fn rotated(bowl: &Quadratic, angle: f64) -> Self {
        assert_eq!(bowl.coeffs.len(), 2, "a rotation turns a plane");
        let r = rotation(angle);
        let d = Array2::from_diag(&Array1::from_iter(bowl.coeffs.iter().map(|a| 2.0 * a)));
        QuadraticForm {
            hessian: r.dot(&d).dot(&r.t()),
        }
    }

    /// L at a point given as plain numbers (for drawing contours).
    pub fn at(&self, x: &[f64]) -> f64 {
        let x = ArrayView1::from(x);
        0.5 * x.dot(&self.hessian.dot(&x))
    }
}

impl Problem for QuadraticForm {
    fn param_names(&self) -> Vec<String> {
        (1..=self.hessian.nrows())
            .map(|i| format!("x{i}"))
            .collect()
    }

    fn loss(&self, params: ArrayView1<f64>) -> f64 {
        0.5 * params.dot(&self.hessian.dot(&params))
    }

    fn gradient(&self, params: ArrayView1<f64>) -> Array1<f64> {
        self.hessian.dot(&params)
    }
}
