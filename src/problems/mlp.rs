//! A neural network with one hidden layer, for binary classification.
//!
//! For inputs x (one row per example, d features) and `hidden` tanh units,
//!
//! h = tanh(x W1ᵀ + b1),   z = h·w2 + b2,   p = σ(z) = 1 / (1 + e^(−z)),
//!
//! and the loss is the mean binary cross-entropy of the labels y ∈ {0, 1},
//!
//! L = (1/n) Σ [max(z, 0) − z y + ln(1 + e^(−|z|))],
//!
//! which equals −y ln p − (1 − y) ln(1 − p) but never takes the logarithm of a rounded-off
//! 0. This is PyTorch's `nn.Sequential(nn.Linear(d, hidden), nn.Tanh(), nn.Linear(hidden,
//! 1))` trained with `nn.BCEWithLogitsLoss()` (mean reduction).
//!
//! Unlike linear regression, the loss is not a quadratic: its curvature, and so the largest
//! stable learning rate, changes as training moves the parameters.

use ndarray::{Array1, Array2, ArrayView1, Axis, s};
use rand::RngExt;

use crate::math;
use crate::problems::Problem;
use crate::problems::data::{self, Dataset};

/// The network's loss on a data set, as a [`Problem`] over one flat parameter vector.
///
/// The parameters are laid out as PyTorch's `model.parameters()` lists them, flattened and
/// concatenated, with d input features and k = `hidden` units:
///
/// | slice | tensor | shape |
/// |---|---|---|
/// | `[0, k d)` | W1, row-major: W1[j, i] at `j d + i` | k × d |
/// | `[k d, k d + k)` | b1 | k |
/// | `[k d + k, k d + 2k)` | w2 | k |
/// | `k d + 2k` | b2 | 1 |
///
/// so there are k (d + 2) + 1 parameters (4k + 1 on the two moons).
#[derive(Clone, Debug)]
pub struct Mlp {
    pub data: Dataset,
    pub hidden: usize,
    pub objective: Objective,
}

/// What the network's output is scored against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Objective {
    /// Binary classification: mean cross-entropy of σ(z) against labels 0/1.
    BinaryCrossEntropy,
    /// Regression: half the mean squared error, ½·mean((z − y)²), the loss of the
    /// edge-of-stability experiments (Cohen et al., 2021).
    HalfSquaredError,
}

/// The parameter vector cut into the network's tensors.
struct Layers {
    w1: Array2<f64>,
    b1: Array1<f64>,
    w2: Array1<f64>,
    b2: f64,
}

impl Mlp {
    pub fn new(data: Dataset, hidden: usize) -> Self {
        assert!(hidden > 0, "the hidden layer needs at least one unit");
        Mlp {
            data,
            hidden,
            objective: Objective::BinaryCrossEntropy,
        }
    }

    /// A regression network: the same architecture, scored by half the mean squared error.
    pub fn regression(data: Dataset, hidden: usize) -> Self {
        Mlp {
            objective: Objective::HalfSquaredError,
            ..Mlp::new(data, hidden)
        }
    }

    /// The number of input features d.
    pub fn inputs(&self) -> usize {
        self.data.x.ncols()
    }

    /// The number of parameters, hidden × (d + 2) + 1.
    pub fn dim(&self) -> usize {
        self.hidden * (self.inputs() + 2) + 1
    }

    /// PyTorch's default `nn.Linear` initialisation, seeded: every weight and bias of a
    /// layer uniform in ±1/√fan_in (fan_in = d for the hidden layer, `hidden` for the
    /// output), drawn in parameter order.
    ///
    /// (PyTorch draws the weights with `kaiming_uniform_(a=√5)`, whose bound
    /// √(2 / (1 + 5)) · √(3 / fan_in) is the same 1/√fan_in.)
    pub fn init(&self, seed: u64) -> Array1<f64> {
        let mut rng = data::rng(seed);
        let (k, d) = (self.hidden, self.inputs());
        let first = 1.0 / (d as f64).sqrt();
        let second = 1.0 / (k as f64).sqrt();
        Array1::from_shape_fn(self.dim(), |i| {
            let bound = if i < k * (d + 1) { first } else { second };
            rng.random_range(-bound..bound)
        })
    }

    fn unpack(&self, params: ArrayView1<f64>) -> Layers {
        let (k, d) = (self.hidden, self.inputs());
        assert_eq!(params.len(), self.dim(), "wrong number of parameters");
        Layers {
            w1: Array2::from_shape_fn((k, d), |(j, i)| params[j * d + i]),
            b1: params.slice(s![k * d..k * d + k]).to_owned(),
            w2: params.slice(s![k * d + k..k * d + 2 * k]).to_owned(),
            b2: params[k * d + 2 * k],
        }
    }

    /// The hidden activations h (n × hidden) and the logits z (n).
    fn forward(&self, layers: &Layers, x: &Array2<f64>) -> (Array2<f64>, Array1<f64>) {
        let h = (x.dot(&layers.w1.t()) + &layers.b1).mapv_into(math::tanh);
        let z = h.dot(&layers.w2) + layers.b2;
        (h, z)
    }

    /// The logits z, one per row of `x`: the network's output before the sigmoid.
    pub fn logits(&self, params: ArrayView1<f64>, x: &Array2<f64>) -> Array1<f64> {
        self.forward(&self.unpack(params), x).1
    }

    /// The hidden activations h = tanh(x W1ᵀ + b1), one row per row of `x`.
    pub fn hidden_activations(&self, params: ArrayView1<f64>, x: &Array2<f64>) -> Array2<f64> {
        self.forward(&self.unpack(params), x).0
    }

    /// The predicted probability p = σ(z) of label 1, one per row of `x`.
    pub fn predict_proba(&self, params: ArrayView1<f64>, x: &Array2<f64>) -> Array1<f64> {
        self.logits(params, x).mapv_into(sigmoid)
    }

    /// The fraction of examples whose label is predicted right, predicting 1 when p > 0.5.
    pub fn accuracy(&self, params: ArrayView1<f64>, data: &Dataset) -> f64 {
        // p > 0.5 exactly when z > 0; the logit avoids the sigmoid's rounding near 0.5.
        let z = self.logits(params, &data.x);
        let right = z
            .iter()
            .zip(&data.y)
            .filter(|&(&z, &y)| (z > 0.0) == (y > 0.5))
            .count();
        right as f64 / data.len() as f64
    }

    /// The loss on any data set, e.g. a held-out one.
    pub fn loss_on(&self, params: ArrayView1<f64>, data: &Dataset) -> f64 {
        self.mean_loss(&self.logits(params, &data.x), &data.y)
    }

    /// The objective averaged over the examples, from the network's outputs z.
    fn mean_loss(&self, z: &Array1<f64>, y: &Array1<f64>) -> f64 {
        let total: f64 = z
            .iter()
            .zip(y)
            .map(|(&z, &y)| match self.objective {
                Objective::BinaryCrossEntropy => bce_with_logits(z, y),
                Objective::HalfSquaredError => 0.5 * (z - y) * (z - y),
            })
            .sum();
        total / y.len() as f64
    }

    /// Backpropagation from the forward pass's hidden activations `h` and outputs `z`.
    fn backward(&self, layers: &Layers, h: Array2<f64>, z: Array1<f64>) -> Array1<f64> {
        let (k, d) = (self.hidden, self.inputs());
        let x = &self.data.x;
        let n = self.data.len() as f64;

        // dL/dz_i = (σ(z_i) − y_i) / n for the cross-entropy through the sigmoid, and
        // (z_i − y_i) / n for half the squared error.
        let mut dz = match self.objective {
            Objective::BinaryCrossEntropy => z.mapv_into(sigmoid),
            Objective::HalfSquaredError => z,
        };
        dz -= &self.data.y;
        dz /= n;

        // The output layer: z = h·w2 + b2.
        let grad_w2 = h.t().dot(&dz);
        let grad_b2 = dz.sum();

        // Back through w2 and tanh' = 1 − h² to the hidden pre-activations.
        let mut da = h.mapv_into(|v| 1.0 - v * v);
        da *= &dz.view().insert_axis(Axis(1));
        da *= &layers.w2;

        // The hidden layer: a = x W1ᵀ + b1.
        let grad_w1 = da.t().dot(x);
        let grad_b1 = da.sum_axis(Axis(0));

        let mut g = Array1::zeros(self.dim());
        g.slice_mut(s![..k * d])
            .iter_mut()
            .zip(grad_w1.iter())
            .for_each(|(gi, &v)| *gi = v);
        g.slice_mut(s![k * d..k * d + k]).assign(&grad_b1);
        g.slice_mut(s![k * d + k..k * d + 2 * k]).assign(&grad_w2);
        g[k * d + 2 * k] = grad_b2;
        g
    }
}

/// One example's binary cross-entropy from its logit, written so that e^(…) never
/// overflows: max(z, 0) − z y + ln(1 + e^(−|z|)).
fn bce_with_logits(z: f64, y: f64) -> f64 {
    z.max(0.0) - z * y + math::ln_1p(math::exp(-z.abs()))
}

/// σ(z), without overflow for large |z|.
fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + math::exp(-z))
    } else {
        let e = math::exp(z);
        e / (1.0 + e)
    }
}

impl crate::problems::minibatch::Examples for Mlp {
    fn examples(&self) -> usize {
        self.data.len()
    }

    /// The same network on the listed rows only: a copy of those rows, then backpropagation.
    fn gradient_on(&self, params: ArrayView1<f64>, rows: &[usize]) -> Array1<f64> {
        let data = Dataset {
            x: self.data.x.select(Axis(0), rows),
            y: self.data.y.select(Axis(0), rows),
            feature_names: Vec::new(),
        };
        Mlp {
            data,
            hidden: self.hidden,
            objective: self.objective,
        }
        .gradient(params)
    }
}

impl Problem for Mlp {
    fn param_names(&self) -> Vec<String> {
        let (k, d) = (self.hidden, self.inputs());
        let mut names = Vec::with_capacity(self.dim());
        for j in 0..k {
            for i in 0..d {
                names.push(format!("W1[{j},{i}]"));
            }
        }
        names.extend((0..k).map(|j| format!("b1[{j}]")));
        names.extend((0..k).map(|j| format!("w2[{j}]")));
        names.push("b2".into());
        names
    }

    fn loss(&self, params: ArrayView1<f64>) -> f64 {
        self.loss_on(params, &self.data)
    }

    /// Backpropagation: the chain rule applied from the loss back to each layer, one
    /// matrix product per layer instead of a loop over examples.
    fn gradient(&self, params: ArrayView1<f64>) -> Array1<f64> {
        let layers = self.unpack(params);
        let (h, z) = self.forward(&layers, &self.data.x);
        self.backward(&layers, h, z)
    }

    /// One forward pass serves both: the training loop asks for the two at every step.
    fn loss_and_gradient(&self, params: ArrayView1<f64>) -> (f64, Array1<f64>) {
        let layers = self.unpack(params);
        let (h, z) = self.forward(&layers, &self.data.x);
        let loss = self.mean_loss(&z, &self.data.y);
        (loss, self.backward(&layers, h, z))
    }
}
