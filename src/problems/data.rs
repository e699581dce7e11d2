//! Data sets: the five house prices of "The update rule" and a seeded synthetic regression
//! generator.

use crate::math;
use ndarray::{Array1, Array2};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// Inputs `x` (one row per example, one column per feature) and targets `y`.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    pub x: Array2<f64>,
    pub y: Array1<f64>,
    pub feature_names: Vec<String>,
}

impl Dataset {
    pub fn len(&self) -> usize {
        self.y.len()
    }

    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// The first `n` examples and the rest: a training and a held-out set (the generator's
    /// examples are independent, so no shuffle is needed).
    pub fn split(&self, n: usize) -> (Dataset, Dataset) {
        let n = n.min(self.len());
        let part = |rows: std::ops::Range<usize>| Dataset {
            x: self.x.slice(ndarray::s![rows.clone(), ..]).to_owned(),
            y: self.y.slice(ndarray::s![rows]).to_owned(),
            feature_names: self.feature_names.clone(),
        };
        (part(0..n), part(n..self.len()))
    }
}

/// Five houses, a typical tutorial's: size in 1000 sq ft, price in $1000.
///
/// The prices are exactly 200 × size, so a line fits them perfectly (w = 200, b = 0) and
/// the lowest possible mean squared error is 0.
pub fn house_prices() -> Dataset {
    let sizes = [1.5, 2.0, 2.5, 3.0, 3.5];
    let prices = [300.0, 400.0, 500.0, 600.0, 700.0];
    Dataset {
        x: Array2::from_shape_vec((5, 1), sizes.to_vec()).expect("5 sizes make a 5×1 matrix"),
        y: Array1::from(prices.to_vec()),
        feature_names: vec!["size".into()],
    }
}

/// A seeded random generator. Every random draw in the book comes from one of these:
/// ChaCha8's stream is the same on every machine and in every version of `rand`.
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// One draw from the standard normal distribution (Box–Muller).
pub fn standard_normal(rng: &mut ChaCha8Rng) -> f64 {
    // 1 − u lies in (0, 1], so the logarithm is finite.
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random::<f64>();
    (-2.0 * math::ln(u1)).sqrt() * math::cos(std::f64::consts::TAU * u2)
}

/// `n` examples with standard-normal features and targets y = x·weights + bias + noise,
/// the noise normal with standard deviation `noise`.
pub fn synthetic_regression(
    n: usize,
    weights: &[f64],
    bias: f64,
    noise: f64,
    seed: u64,
) -> Dataset {
    let mut rng = rng(seed);
    let d = weights.len();
    let x = Array2::from_shape_simple_fn((n, d), || standard_normal(&mut rng));
    let w = Array1::from(weights.to_vec());
    let clean = x.dot(&w) + bias;
    let y = clean.mapv(|v| v + noise * standard_normal(&mut rng));
    Dataset {
        x,
        y,
        feature_names: (1..=d).map(|i| format!("x{i}")).collect(),
    }
}

/// `n` evenly spaced points of y = sin(2x) + 0.3x² on [−2, 2], without noise: the smooth
/// curve that the edge-of-stability chapter's network fits.
pub fn wavy_curve(n: usize) -> Dataset {
    let x = Array1::linspace(-2.0, 2.0, n);
    let y = x.mapv(|v: f64| math::sin(2.0 * v) + 0.3 * v * v);
    Dataset {
        x: Array2::from_shape_vec((n, 1), x.to_vec()).expect("n rows of one feature"),
        y,
        feature_names: vec!["x".into()],
    }
}

/// `n` points of y = sin(2x) + 0.3·ε with x uniform on [−2, 2] and ε standard normal: a
/// small, noisy curve that an overparameterized network can overfit.
pub fn noisy_sine(n: usize, seed: u64) -> Dataset {
    let mut rng = rng(seed);
    let x: Vec<f64> = (0..n).map(|_| rng.random_range(-2.0..2.0)).collect();
    let y: Array1<f64> = x
        .iter()
        .map(|&v| math::sin(2.0 * v) + 0.3 * standard_normal(&mut rng))
        .collect();
    Dataset {
        x: Array2::from_shape_vec((n, 1), x).expect("n rows of one feature"),
        y,
        feature_names: vec!["x".into()],
    }
}
