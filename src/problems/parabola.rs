//! The parabola L(x) = (x − c)², the book's first loss.

use ndarray::{Array1, ArrayView1, array};

use crate::problems::Problem;

/// L(x) = (x − center)². Its minimum is at x = center, its curvature L''(x) = 2 everywhere.
#[derive(Clone, Debug)]
pub struct Parabola {
    pub center: f64,
}

impl Parabola {
    /// The textbook parabola, (x − 2)².
    pub fn new(center: f64) -> Self {
        Parabola { center }
    }

    /// L(x) for a plain number, handy for drawing the curve.
    pub fn at(&self, x: f64) -> f64 {
        (x - self.center).powi(2)
    }

    /// The second derivative, the same everywhere on a parabola.
    pub fn curvature(&self) -> f64 {
        2.0
    }
}

impl Problem for Parabola {
    fn param_names(&self) -> Vec<String> {
        vec!["x".into()]
    }

    fn loss(&self, params: ArrayView1<f64>) -> f64 {
        self.at(params[0])
    }

    fn gradient(&self, params: ArrayView1<f64>) -> Array1<f64> {
        array![2.0 * (params[0] - self.center)]
    }
}
