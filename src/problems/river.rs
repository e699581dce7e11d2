//! A "river valley" (Wen et al., 2024): a steep, noisy direction across a river that
//! descends slowly along it. The loss splits into an "across" and an "along" part, so a
//! run can be read as two: bouncing between the banks, and flowing down the river.

use std::cell::RefCell;

use ndarray::{Array1, ArrayView1, array};
use rand::rngs::ChaCha8Rng;

use crate::problems::Problem;
use crate::problems::data;

/// L(x1, x2) = across + along, with
///
/// ```text
/// across = (h/2)·x2²     the banks: curvature h across the river
/// along  = (c/2)·x1²     the river: curvature c ≪ h along it, its bed the line x2 = 0
/// ```
///
/// The gradient is exact except across: every call of [`Problem::gradient`] adds σ·ξ to
/// ∂L/∂x2, ξ a standard normal draw from the problem's own seeded generator (so a run's
/// noise is fixed by its seed). The loss is exact. The river is straight so that the two
/// parts do not mix: the noise across never pushes a run along (a bending river, as in
/// Wen et al., would leak it into x1).
#[derive(Debug)]
pub struct RiverValley {
    /// h: the curvature across.
    pub steep: f64,
    /// c: the curvature along.
    pub gentle: f64,
    /// σ: the standard deviation of the gradient noise across.
    pub noise: f64,
    rng: RefCell<ChaCha8Rng>,
}

impl RiverValley {
    /// h = 10, c = 0.002, σ = 1, noise from seed `seed`.
    pub fn new(seed: u64) -> Self {
        RiverValley {
            steep: 10.0,
            gentle: 0.002,
            noise: 1.0,
            rng: RefCell::new(data::rng(seed)),
        }
    }

    /// The loss across the river (the banks).
    pub fn across(&self, p: ArrayView1<f64>) -> f64 {
        self.steep / 2.0 * p[1] * p[1]
    }

    /// The loss along the river.
    pub fn along(&self, p: ArrayView1<f64>) -> f64 {
        self.gentle / 2.0 * p[0] * p[0]
    }
}

impl Problem for RiverValley {
    fn param_names(&self) -> Vec<String> {
        vec!["x1".into(), "x2".into()]
    }

    fn loss(&self, p: ArrayView1<f64>) -> f64 {
        self.across(p) + self.along(p)
    }

    fn gradient(&self, p: ArrayView1<f64>) -> Array1<f64> {
        let xi = data::standard_normal(&mut self.rng.borrow_mut());
        array![self.gentle * p[0], self.steep * p[1] + self.noise * xi]
    }
}
