//! Least-squares linear regression: the mean squared error of ŷ = x·w + b.
//!
//! With residuals r_i = x_i·w + b − y_i over n examples,
//!
//! L(w, b) = (1/n) Σ r_i²,   ∂L/∂w = (2/n) Σ r_i x_i,   ∂L/∂b = (2/n) Σ r_i,
//!
//! and the Hessian is constant: H = (2/n) [XᵀX  Xᵀ1; 1ᵀX  n]. This is what PyTorch's
//! `nn.Linear` with `nn.MSELoss()` (mean reduction) computes.

use ndarray::{Array1, Array2, ArrayView1, s};

use crate::problems::Problem;
use crate::problems::data::Dataset;

/// Mean squared error of a linear model on a data set. Parameters are `[w_1, …, w_d, b]`.
#[derive(Clone, Debug)]
pub struct LinearRegression {
    pub data: Dataset,
}

impl LinearRegression {
    pub fn new(data: Dataset) -> Self {
        LinearRegression { data }
    }

    /// The number of parameters, d + 1.
    pub fn dim(&self) -> usize {
        self.data.x.ncols() + 1
    }

    /// Predictions ŷ = X w + b.
    pub fn predict(&self, params: ArrayView1<f64>) -> Array1<f64> {
        let d = self.data.x.ncols();
        self.data.x.dot(&params.slice(s![..d])) + params[d]
    }

    fn residuals(&self, params: ArrayView1<f64>) -> Array1<f64> {
        self.predict(params) - &self.data.y
    }

    /// The Hessian of the loss, (2/n)[XᵀX Xᵀ1; 1ᵀX n]; it does not depend on the parameters.
    pub fn hessian(&self) -> Array2<f64> {
        let n = self.data.len() as f64;
        let d = self.data.x.ncols();
        let mut h = Array2::zeros((d + 1, d + 1));
        h.slice_mut(s![..d, ..d])
            .assign(&self.data.x.t().dot(&self.data.x));
        let col_sums = self.data.x.sum_axis(ndarray::Axis(0));
        h.slice_mut(s![..d, d]).assign(&col_sums);
        h.slice_mut(s![d, ..d]).assign(&col_sums);
        h[[d, d]] = n;
        h * (2.0 / n)
    }
}

impl Problem for LinearRegression {
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
        // One pass over plain slices, no temporary vector: the loss is evaluated at every
        // step of every run, so this loop is the hot path of the stochastic experiments
        // (and the dev profile barely optimises ndarray's iterators in this crate).
        let d = self.data.x.ncols();
        let w: Vec<f64> = params.iter().copied().collect();
        let (w, b) = w.split_at(d);
        let x = self.data.x.as_standard_layout();
        let x = x.as_slice().expect("a standard-layout array is one slice");
        let y = self
            .data
            .y
            .as_slice()
            .expect("a 1-D array built by this crate is contiguous");
        let mut sum = 0.0;
        for (row, &target) in x.chunks_exact(d.max(1)).zip(y) {
            let mut r = b[0] - target;
            for (xi, wi) in row.iter().zip(w) {
                r += xi * wi;
            }
            sum += r * r;
        }
        sum / self.data.len() as f64
    }

    fn gradient(&self, params: ArrayView1<f64>) -> Array1<f64> {
        let n = self.data.len() as f64;
        let r = self.residuals(params);
        let mut g = Array1::zeros(self.dim());
        let d = self.data.x.ncols();
        g.slice_mut(s![..d])
            .assign(&(self.data.x.t().dot(&r) * (2.0 / n)));
        g[d] = 2.0 * r.sum() / n;
        g
    }
}

impl LinearRegression {
    /// The gradient of the mean squared error over the listed examples only: a
    /// mini-batch gradient, (2/|B|) Σ_{i∈B} r_i (x_i, 1).
    pub fn gradient_on(&self, params: ArrayView1<f64>, rows: &[usize]) -> Array1<f64> {
        // Plain slices, as in `loss`: this runs once per stochastic update.
        let d = self.data.x.ncols();
        let w: Vec<f64> = params.iter().copied().collect();
        let x = self.data.x.as_standard_layout();
        let x = x.as_slice().expect("a standard-layout array is one slice");
        let mut g = vec![0.0; d + 1];
        for &i in rows {
            let row = &x[i * d..(i + 1) * d];
            let mut r = w[d] - self.data.y[i];
            for (xi, wi) in row.iter().zip(&w) {
                r += xi * wi;
            }
            for (gj, xi) in g.iter_mut().zip(row) {
                *gj += r * xi;
            }
            g[d] += r;
        }
        let scale = 2.0 / rows.len() as f64;
        Array1::from_iter(g.into_iter().map(|v| v * scale))
    }

    /// The exact minimiser: the parameters where the gradient is zero, from the normal
    /// equations H θ* = (2/n) [Xᵀy; 1ᵀy]. `None` if the features are collinear.
    pub fn least_squares(&self) -> Option<Array1<f64>> {
        let n = self.data.len() as f64;
        let d = self.data.x.ncols();
        let mut rhs = Array1::zeros(d + 1);
        rhs.slice_mut(s![..d])
            .assign(&self.data.x.t().dot(&self.data.y));
        rhs[d] = self.data.y.sum();
        solve(self.hessian(), rhs * (2.0 / n))
    }
}

/// Solve A x = b by Gaussian elimination with partial pivoting (small systems only).
fn solve(mut a: Array2<f64>, mut b: Array1<f64>) -> Option<Array1<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[[i, col]].abs().total_cmp(&a[[j, col]].abs()))?;
        if a[[pivot, col]].abs() < 1e-12 {
            return None;
        }
        for k in 0..n {
            a.swap([col, k], [pivot, k]);
        }
        b.swap(col, pivot);
        for row in col + 1..n {
            let f = a[[row, col]] / a[[col, col]];
            for k in col..n {
                a[[row, k]] -= f * a[[col, k]];
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = Array1::zeros(n);
    for row in (0..n).rev() {
        let tail: f64 = (row + 1..n).map(|k| a[[row, k]] * x[k]).sum();
        x[row] = (b[row] - tail) / a[[row, row]];
    }
    Some(x)
}
