//! Rosenbrock's banana-shaped valley: easy to find, hard to follow.

use ndarray::{Array1, ArrayView1, array};

use crate::problems::Problem;

/// L(x, y) = (a − x)² + b (y − x²)², minimum 0 at (a, a²). With b = 100 the valley floor
/// y = x² is flat along its length and steep across it, and it bends.
#[derive(Clone, Debug)]
pub struct Rosenbrock {
    pub a: f64,
    pub b: f64,
}

impl Default for Rosenbrock {
    fn default() -> Self {
        Rosenbrock { a: 1.0, b: 100.0 }
    }
}

impl Rosenbrock {
    pub fn at(&self, x: f64, y: f64) -> f64 {
        (self.a - x).powi(2) + self.b * (y - x * x).powi(2)
    }
}

impl Problem for Rosenbrock {
    fn param_names(&self) -> Vec<String> {
        vec!["x1".into(), "x2".into()]
    }

    fn loss(&self, params: ArrayView1<f64>) -> f64 {
        self.at(params[0], params[1])
    }

    fn gradient(&self, params: ArrayView1<f64>) -> Array1<f64> {
        let (x, y) = (params[0], params[1]);
        array![
            -2.0 * (self.a - x) - 4.0 * self.b * x * (y - x * x),
            2.0 * self.b * (y - x * x)
        ]
    }
}
