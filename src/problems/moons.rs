//! Two interleaving half circles: the classic small data set a straight line cannot
//! separate, so a classifier needs a hidden layer.
//!
//! This is scikit-learn's `make_moons(n_samples, noise=…, shuffle=True)`: the outer moon
//! (cos t, sin t) has label 0, the inner moon (1 − cos t, 0.5 − sin t) label 1, with t
//! evenly spaced over [0, π]. The random numbers are the book's (ChaCha8), not NumPy's, so
//! the points differ from scikit-learn's while their distribution is the same.

use ndarray::{Array1, Array2};
use rand::RngExt;

use crate::math;
use crate::problems::data::{self, Dataset};

/// `n` points, ⌊n/2⌋ on the outer moon (label 0) and the rest on the inner moon (label 1),
/// each coordinate perturbed by normal noise of standard deviation `noise`, in a seeded
/// random order.
///
/// The order is shuffled so that [`Dataset::split`] gives training and held-out sets with
/// both classes in each.
pub fn two_moons(n: usize, noise: f64, seed: u64) -> Dataset {
    let mut rng = data::rng(seed);
    let outer = n / 2;
    let inner = n - outer;
    // NumPy's linspace(0, π, m): m evenly spaced angles, both ends included.
    let angle = |i: usize, m: usize| {
        if m < 2 {
            0.0
        } else {
            std::f64::consts::PI * i as f64 / (m - 1) as f64
        }
    };
    let mut points: Vec<([f64; 2], f64)> = Vec::with_capacity(n);
    for i in 0..outer {
        let t = angle(i, outer);
        points.push(([math::cos(t), math::sin(t)], 0.0));
    }
    for i in 0..inner {
        let t = angle(i, inner);
        points.push(([1.0 - math::cos(t), 0.5 - math::sin(t)], 1.0));
    }
    for (p, _) in &mut points {
        for c in p.iter_mut() {
            *c += noise * data::standard_normal(&mut rng);
        }
    }
    // Fisher–Yates, with the same seeded generator.
    for i in (1..points.len()).rev() {
        let j = rng.random_range(0..=i);
        points.swap(i, j);
    }
    Dataset {
        x: Array2::from_shape_fn((n, 2), |(i, j)| points[i].0[j]),
        y: points
            .iter()
            .map(|&(_, label)| label)
            .collect::<Array1<f64>>(),
        feature_names: vec!["x1".into(), "x2".into()],
    }
}
