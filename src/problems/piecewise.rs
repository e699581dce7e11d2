//! A strongly convex function that is not a quadratic, on which heavy-ball momentum tuned
//! for quadratics never converges.

use ndarray::{Array1, ArrayView1, array};

use crate::problems::Problem;

/// Lessard, Recht and Packard's example (SIAM J. Optim. 26(1), 2016), three
/// quadratic pieces joined so that L(x) and L'(x) are continuous,
///
/// L(x) = 12.5x² for x < 1, 0.5x² + 24x − 12 for 1 ≤ x < 2, 12.5x² − 24x + 36 for x ≥ 2.
///
/// Its curvature is 25 or 1 piece by piece, so it is 1-strongly convex and 25-smooth
/// (κ = 25), with its minimum 0 at x = 0.
#[derive(Clone, Copy, Debug, Default)]
pub struct PiecewiseBowl;

impl PiecewiseBowl {
    /// The smallest and largest curvature, m = 1 and L = 25.
    pub const CURVATURES: (f64, f64) = (1.0, 25.0);

    /// The three pieces as the book prints them (the same as [`PiecewiseBowl::at`]).
    pub const FORMULA: &'static str =
        "12.5x² for x < 1, 0.5x² + 24x − 12 for 1 ≤ x < 2, 12.5x² − 24x + 36 for x ≥ 2";

    pub fn at(&self, x: f64) -> f64 {
        if x < 1.0 {
            12.5 * x * x
        } else if x < 2.0 {
            0.5 * x * x + 24.0 * x - 12.0
        } else {
            12.5 * x * x - 24.0 * x + 36.0
        }
    }

    pub fn slope(&self, x: f64) -> f64 {
        if x < 1.0 {
            25.0 * x
        } else if x < 2.0 {
            x + 24.0
        } else {
            25.0 * x - 24.0
        }
    }
}

impl Problem for PiecewiseBowl {
    fn param_names(&self) -> Vec<String> {
        vec!["x".into()]
    }

    fn loss(&self, params: ArrayView1<f64>) -> f64 {
        self.at(params[0])
    }

    fn gradient(&self, params: ArrayView1<f64>) -> Array1<f64> {
        array![self.slope(params[0])]
    }
}
