//! Logistic regression: binary classification with a linear model and the mean binary
//! cross-entropy.
//!
//! With logits z_i = x_i·w + b and labels y_i ∈ {0, 1} over n examples,
//!
//! L(w, b) = (1/n) Σ [max(z_i, 0) − z_i y_i + ln(1 + e^(−|z_i|))],
//!
//! which is −(1/n) Σ [y_i ln σ(z_i) + (1 − y_i) ln(1 − σ(z_i))] rearranged so that no
//! exponential overflows (PyTorch's `BCEWithLogitsLoss`, mean reduction). The gradient is
//! the linear-regression one with the residual replaced by σ(z_i) − y_i:
//!
//! ∂L/∂w = (1/n) Σ (σ(z_i) − y_i) x_i,   ∂L/∂b = (1/n) Σ (σ(z_i) − y_i),
//!
//! and the Hessian, unlike least squares, depends on where you are:
//! H(θ) = (1/n) Σ σ(z_i)(1 − σ(z_i)) [x_i; 1][x_i; 1]ᵀ.
//! Since σ(1 − σ) ≤ 1/4, [`LogisticRegression::curvature_bound`] bounds it everywhere.

use ndarray::{Array1, Array2, ArrayView1};
use rand::RngExt;

use crate::math;
use crate::problems::Problem;
use crate::problems::data::{self, Dataset};

/// Mean binary cross-entropy of a linear classifier on a data set whose labels are 0 or 1.
/// Parameters are `[w_1, …, w_d, b]`.
#[derive(Clone, Debug)]
pub struct LogisticRegression {
    pub data: Dataset,
}

impl LogisticRegression {
    pub fn new(data: Dataset) -> Self {
        LogisticRegression { data }
    }

    /// The number of parameters, d + 1.
    pub fn dim(&self) -> usize {
        self.data.x.ncols() + 1
    }

    /// The logits z = X w + b of any data set with the same features.
    pub fn logits(&self, params: ArrayView1<f64>, data: &Dataset) -> Array1<f64> {
        let mut z = Vec::with_capacity(data.len());
        for_each_logit(params, data, |_, zi, _| z.push(zi));
        Array1::from(z)
    }

    /// The fraction of examples whose label is predicted right, predicting 1 when z > 0
    /// (that is, when σ(z) > 0.5, without the sigmoid's rounding near 0.5).
    pub fn accuracy(&self, params: ArrayView1<f64>, data: &Dataset) -> f64 {
        let mut right = 0usize;
        for_each_logit(params, data, |_, z, y| {
            if (z > 0.0) == (y > 0.5) {
                right += 1;
            }
        });
        right as f64 / data.len() as f64
    }

    /// The mean binary cross-entropy on any data set, e.g. a held-out one.
    pub fn loss_on(&self, params: ArrayView1<f64>, data: &Dataset) -> f64 {
        let mut sum = 0.0;
        for_each_logit(params, data, |_, z, y| sum += bce_with_logits(z, y));
        sum / data.len() as f64
    }

    /// The Hessian of the loss at `params`, (1/n) Σ σ(z_i)(1 − σ(z_i)) [x_i; 1][x_i; 1]ᵀ.
    pub fn hessian_at(&self, params: ArrayView1<f64>) -> Array2<f64> {
        let mut weights = Vec::with_capacity(self.data.len());
        for_each_logit(params, &self.data, |_, z, _| {
            let s = sigmoid(z);
            weights.push(s * (1.0 - s));
        });
        weighted_second_moment(&self.data, &weights)
    }

    /// The Hessian where every logit is 0: (1/4)(1/n) Σ [x_i; 1][x_i; 1]ᵀ, a quarter of
    /// the inputs' second-moment matrix (and an eighth of
    /// [`LinearRegression::hessian`](crate::problems::linear_regression::LinearRegression::hessian)
    /// on the same inputs).
    ///
    /// σ(1 − σ) is largest, 1/4, at z = 0, so H(θ) ≤ this matrix for every θ (their
    /// difference is positive semidefinite) and λ_max(H(θ)) ≤ λ_max of it. So 2/λ_max of
    /// this bound is a learning rate that is stable wherever gradient descent goes;
    /// near a good fit the logits are large, σ(1 − σ) is small and the true curvature is
    /// far lower.
    pub fn curvature_bound(&self) -> Array2<f64> {
        let weights = vec![0.25; self.data.len()];
        weighted_second_moment(&self.data, &weights)
    }
}

impl Problem for LogisticRegression {
    fn param_names(&self) -> Vec<String> {
        let d = self.data.x.ncols();
        let mut names: Vec<String> = if d == 1 {
            vec!["w".into()]
        } else {
            (1..=d).map(|i| format!("w{i}")).collect()
        };
        names.push("b".into());
        names
    }

    fn loss(&self, params: ArrayView1<f64>) -> f64 {
        self.loss_on(params, &self.data)
    }

    fn gradient(&self, params: ArrayView1<f64>) -> Array1<f64> {
        let d = self.data.x.ncols();
        let mut g = vec![0.0; d + 1];
        for_each_logit(params, &self.data, |row, z, y| {
            let r = sigmoid(z) - y;
            for (gj, xj) in g.iter_mut().zip(row) {
                *gj += r * xj;
            }
            g[d] += r;
        });
        let scale = 1.0 / self.data.len() as f64;
        Array1::from_iter(g.into_iter().map(|v| v * scale))
    }
}

/// Calls `f(row, z, y)` for every example of `data`, with z = row·w + b.
///
/// Plain slices, as in `LinearRegression::loss`: the loss and gradient run at every step,
/// and the dev profile barely optimises ndarray's iterators in this crate.
fn for_each_logit(params: ArrayView1<f64>, data: &Dataset, mut f: impl FnMut(&[f64], f64, f64)) {
    let d = data.x.ncols();
    assert_eq!(params.len(), d + 1, "parameters are [w_1, …, w_d, b]");
    let p: Vec<f64> = params.iter().copied().collect();
    let (w, b) = p.split_at(d);
    let x = data.x.as_standard_layout();
    let x = x.as_slice().expect("a standard-layout array is one slice");
    let y = data.y.as_standard_layout();
    let y = y.as_slice().expect("a standard-layout array is one slice");
    for (i, &target) in y.iter().enumerate() {
        let row = &x[i * d..(i + 1) * d];
        let mut z = b[0];
        for (xj, wj) in row.iter().zip(w) {
            z += xj * wj;
        }
        f(row, z, target);
    }
}

/// (1/n) Σ c_i [x_i; 1][x_i; 1]ᵀ for per-example weights c_i.
fn weighted_second_moment(data: &Dataset, weights: &[f64]) -> Array2<f64> {
    let d = data.x.ncols();
    let x = data.x.as_standard_layout();
    let x = x.as_slice().expect("a standard-layout array is one slice");
    let mut h = vec![0.0; (d + 1) * (d + 1)];
    let mut v = vec![1.0; d + 1];
    for (i, &c) in weights.iter().enumerate() {
        v[..d].copy_from_slice(&x[i * d..(i + 1) * d]);
        for (j, &vj) in v.iter().enumerate() {
            for (hjk, &vk) in h[j * (d + 1)..(j + 1) * (d + 1)].iter_mut().zip(&v) {
                *hjk += c * vj * vk;
            }
        }
    }
    let scale = 1.0 / data.len() as f64;
    Array2::from_shape_vec((d + 1, d + 1), h)
        .expect("(d + 1)² entries")
        .mapv_into(|v| v * scale)
}

/// One example's binary cross-entropy from its logit, written so that e^(…) never
/// overflows: max(z, 0) − z y + ln(1 + e^(−|z|)).
fn bce_with_logits(z: f64, y: f64) -> f64 {
    z.max(0.0) - z * y + math::ln_1p(math::exp(-z.abs()))
}

/// σ(z) = 1/(1 + e^(−z)), without overflow for large |z|.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + math::exp(-z))
    } else {
        let e = math::exp(z);
        e / (1.0 + e)
    }
}

/// `n` synthetic houses with two features on very different scales, labelled 1 when
/// "expensive".
///
/// For each house, in this order from one seeded generator:
/// - size in square feet: normal with mean 1800 and standard deviation 500, at least 400;
/// - bedrooms: 1 + round((size − 800)/500 + 0.7 ε) with ε standard normal, clamped to
///   1..=6 — about 3 at the mean size, growing by one per 500 sq ft;
/// - label: 1 with probability p = σ(3 (size − 1800)/500 + (bedrooms − 3)), i.e. a
///   logistic model whose coefficients are moderate in *standardised* units. About half
///   the houses are expensive, and even the true model classifies only about 87% right.
///
/// In raw units the size column varies hundreds of times more than the bedroom column, so
/// the loss is far more curved along w_size than along w_bedrooms: the chapter's case for
/// standardising the features before gradient descent.
pub fn houses_expensive(n: usize, seed: u64) -> Dataset {
    let mut rng = data::rng(seed);
    let mut x = Vec::with_capacity(2 * n);
    let mut y = Vec::with_capacity(n);
    for _ in 0..n {
        let size = (1800.0 + 500.0 * data::standard_normal(&mut rng)).max(400.0);
        let grown = (size - 800.0) / 500.0 + 0.7 * data::standard_normal(&mut rng);
        let bedrooms = (1.0 + grown.round()).clamp(1.0, 6.0);
        let p = sigmoid(3.0 * (size - 1800.0) / 500.0 + 1.0 * (bedrooms - 3.0));
        let label = if rng.random::<f64>() < p { 1.0 } else { 0.0 };
        x.extend([size, bedrooms]);
        y.push(label);
    }
    Dataset {
        x: Array2::from_shape_vec((n, 2), x).expect("two features per house"),
        y: Array1::from(y),
        feature_names: vec!["size (sq ft)".into(), "bedrooms".into()],
    }
}
