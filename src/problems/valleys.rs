//! A non-convex loss with three valleys, where the step size decides the valley a walker
//! ends in.

use ndarray::{Array1, ArrayView1, array};

use crate::problems::Problem;

/// L(x) = x²(x² − 4)²/8 + 0.3·x.
///
/// Without the tilt 0.3·x the three valleys (near x = −2, 0, 2) would be equally deep;
/// the tilt makes the left one the deepest and the right one the shallowest, so "which
/// valley" is also "how good an answer".
#[derive(Clone, Copy, Debug, Default)]
pub struct Valleys;

/// The names of the three valleys, left to right.
pub const VALLEY_NAMES: [&str; 3] = ["left", "middle", "right"];

impl Valleys {
    pub fn at(&self, x: f64) -> f64 {
        let u = x * x - 4.0;
        x * x * u * u / 8.0 + 0.3 * x
    }

    pub fn slope(&self, x: f64) -> f64 {
        let u = x * x - 4.0;
        // d/dx [x² u²/8] = (2x u² + x² · 2u · 2x)/8 = x u (u + 2x²)/4
        x * u * (u + 2.0 * x * x) / 4.0 + 0.3
    }

    pub fn curvature(&self, x: f64) -> f64 {
        // L(x) = (x⁶ − 8x⁴ + 16x²)/8 + 0.3x, so L''(x) = (30x⁴ − 96x² + 32)/8.
        (30.0 * x.powi(4) - 96.0 * x * x + 32.0) / 8.0
    }

    /// The three minima, left to right, found by Newton's method from the untilted ones.
    pub fn minima(&self) -> [f64; 3] {
        [-2.0, 0.0, 2.0].map(|mut x| {
            for _ in 0..50 {
                x -= self.slope(x) / self.curvature(x);
            }
            x
        })
    }

    /// Which valley `x` lies in, judged by which side of the two ridges it is on.
    pub fn valley_of(&self, x: f64) -> &'static str {
        let [left_ridge, right_ridge] = self.ridges();
        if x < left_ridge {
            VALLEY_NAMES[0]
        } else if x < right_ridge {
            VALLEY_NAMES[1]
        } else {
            VALLEY_NAMES[2]
        }
    }

    /// The two local maxima between the valleys.
    pub fn ridges(&self) -> [f64; 2] {
        let m = self.minima();
        [(m[0], m[1]), (m[1], m[2])].map(|(a, b)| {
            // Between two neighbouring minima the slope is positive, then negative:
            // bisect on its sign change.
            let (mut lo, mut hi) = (a + 1e-6, b - 1e-6);
            for _ in 0..200 {
                let mid = 0.5 * (lo + hi);
                if self.slope(mid) > 0.0 {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            0.5 * (lo + hi)
        })
    }
}

impl Problem for Valleys {
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
