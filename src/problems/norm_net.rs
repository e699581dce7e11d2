//! The small network with a normalization layer after its first linear layer: BatchNorm,
//! LayerNorm, or none, for the chapter on normalization and weight decay.
//!
//! For inputs x (one row per example, d features) and k hidden units,
//!
//! a = x W1ᵀ + b1,   â = (a − μ) / √(σ² + ε),   y = γ ⊙ â + β,   h = tanh(y),
//! z = h·w2 + b2,
//!
//! with the mean binary cross-entropy of σ(z) as the loss (as [`crate::problems::mlp`]).
//! μ and σ² are the mean and the *biased* variance (divided by m, not m − 1):
//!
//! - BatchNorm: of each unit over the m examples of the batch (training mode), or the
//!   running averages kept during training (evaluation mode); this is
//!   `torch.nn.BatchNorm1d(k, eps=1e-5, momentum=0.1, affine=True)`;
//! - LayerNorm: of each example over its k units, the same in both modes; this is
//!   `torch.nn.LayerNorm(k, eps=1e-5, elementwise_affine=True)`.
//!
//! Checked once against PyTorch 2.15.0 in float64 (a batch of five examples, fixed
//! weights): the loss, the gradient, the running statistics after one batch and the
//! evaluation-mode loss agree to within 1e-15 or so, for both layers.
//!
//! γ and β (PyTorch's `weight` and `bias` of the normalization layer, initialised to 1 and
//! 0) are trained parameters here, as with PyTorch's defaults. Without a normalization
//! layer there is no â, γ or β: h = tanh(a), the network of [`crate::problems::mlp`].
//!
//! **Scale invariance.** Multiply the first layer's weights and bias (W1, b1) by c > 0:
//! a, μ and σ all scale by c, so â, and with it the loss, do not change (exactly when
//! ε = 0, and up to ε/σ² otherwise). [`NormNet::first_layer`] gives where those weights
//! sit in the parameter vector.

use std::cell::RefCell;
use std::ops::Range;

use ndarray::{Array1, Array2, ArrayView1, Axis, s};
use rand::RngExt;
use rand::rngs::ChaCha8Rng;

use crate::math;
use crate::problems::Problem;
use crate::problems::data::{self, Dataset};

/// Which normalization layer follows the first linear layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Norm {
    /// None: h = tanh(a).
    None,
    /// `nn.BatchNorm1d`: each unit normalized over the batch.
    Batch,
    /// `nn.LayerNorm`: each example normalized over its units.
    Layer,
}

impl Norm {
    /// `none`, `batch` or `layer`: the names of the example's `--norm`.
    pub fn name(self) -> &'static str {
        match self {
            Norm::None => "none",
            Norm::Batch => "batch",
            Norm::Layer => "layer",
        }
    }
}

/// Training mode (batch statistics) or evaluation mode (running statistics), PyTorch's
/// `model.train()` and `model.eval()`. Only BatchNorm tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Train,
    Eval,
}

/// BatchNorm's running mean and variance: PyTorch's `running_mean` (starts at 0) and
/// `running_var` (starts at 1), moved towards each training batch's statistics by
/// `momentum` = 0.1, with the batch's *unbiased* variance (divided by m − 1), as PyTorch
/// does, although the batch itself is normalized with the biased one.
#[derive(Clone, Debug, PartialEq)]
pub struct RunningStats {
    pub mean: Array1<f64>,
    pub var: Array1<f64>,
    pub momentum: f64,
}

impl RunningStats {
    pub fn new(units: usize) -> Self {
        RunningStats {
            mean: Array1::zeros(units),
            var: Array1::ones(units),
            momentum: 0.1,
        }
    }

    /// running ← (1 − momentum)·running + momentum·batch, for a batch of m ≥ 2 examples
    /// with mean `mean` and biased variance `var`.
    pub fn update(&mut self, mean: &Array1<f64>, var: &Array1<f64>, m: usize) {
        let unbiased = m as f64 / (m as f64 - 1.0);
        let p = self.momentum;
        self.mean = &self.mean * (1.0 - p) + mean * p;
        self.var = &self.var * (1.0 - p) + &(var * (unbiased * p));
    }
}

/// The network's loss on a data set, over one flat parameter vector laid out as PyTorch's
/// `model.parameters()` lists `nn.Sequential(nn.Linear(d, k), norm, nn.Tanh(),
/// nn.Linear(k, 1))`:
///
/// | slice | tensor | shape |
/// |---|---|---|
/// | `[0, k d)` | W1, row-major | k × d |
/// | `[k d, k d + k)` | b1 | k |
/// | next k, then k (with a norm layer) | γ, β | k, k |
/// | next k | w2 | k |
/// | last | b2 | 1 |
#[derive(Clone, Debug)]
pub struct NormNet {
    pub data: Dataset,
    pub hidden: usize,
    pub norm: Norm,
    /// ε added to the variance (PyTorch's `eps`, default 1e-5).
    pub eps: f64,
}

/// A batch's mean and biased variance per unit.
pub type BatchStats = (Array1<f64>, Array1<f64>);

/// What the forward pass keeps for the backward pass.
struct Forward {
    /// â (m × k), with a norm layer.
    normalized: Array2<f64>,
    /// 1/√(σ² + ε): one per unit (BatchNorm) or per example (LayerNorm).
    inv_std: Array1<f64>,
    /// The batch's mean and biased variance per unit (BatchNorm, training mode).
    batch_stats: Option<BatchStats>,
    h: Array2<f64>,
    z: Array1<f64>,
}

impl NormNet {
    /// k hidden units, the given normalization, PyTorch's ε = 1e-5.
    pub fn new(data: Dataset, hidden: usize, norm: Norm) -> Self {
        assert!(hidden > 0, "the hidden layer needs at least one unit");
        NormNet {
            data,
            hidden,
            norm,
            eps: 1e-5,
        }
    }

    fn inputs(&self) -> usize {
        self.data.x.ncols()
    }

    fn affine(&self) -> usize {
        if self.norm == Norm::None {
            0
        } else {
            2 * self.hidden
        }
    }

    /// The number of parameters: k (d + 2) + 1, plus 2k for γ and β with a norm layer.
    pub fn dim(&self) -> usize {
        self.hidden * (self.inputs() + 2) + 1 + self.affine()
    }

    /// Where the first layer's weights and bias (W1, b1) sit: the weights a norm layer
    /// makes scale-invariant, whose norm ‖w‖ and angular update the chapter measures.
    pub fn first_layer(&self) -> Range<usize> {
        0..self.hidden * (self.inputs() + 1)
    }

    /// PyTorch's default initialisation, seeded: each `nn.Linear`'s weights and bias
    /// uniform in ±1/√fan_in, γ = 1 and β = 0.
    pub fn init(&self, seed: u64) -> Array1<f64> {
        let mut rng = data::rng(seed);
        let (k, d) = (self.hidden, self.inputs());
        let first = 1.0 / (d as f64).sqrt();
        let second = 1.0 / (k as f64).sqrt();
        let mut p = Array1::zeros(self.dim());
        let w = self.first_layer().end;
        for (i, v) in p.iter_mut().enumerate() {
            *v = if i < w {
                rng.random_range(-first..first)
            } else if i < w + self.affine() / 2 {
                1.0
            } else if i < w + self.affine() {
                0.0
            } else {
                rng.random_range(-second..second)
            };
        }
        p
    }

    fn forward(
        &self,
        params: ArrayView1<f64>,
        x: &Array2<f64>,
        mode: Mode,
        running: Option<&RunningStats>,
    ) -> Forward {
        let (k, d) = (self.hidden, self.inputs());
        let w1 = params
            .slice(s![..k * d])
            .into_shape_with_order((k, d))
            .expect("k d weights");
        let b1 = params.slice(s![k * d..k * d + k]);
        let a = x.dot(&w1.t()) + b1;
        let (pre, normalized, inv_std, batch_stats) = match self.norm {
            Norm::None => (a, Array2::zeros((0, 0)), Array1::zeros(0), None),
            Norm::Batch | Norm::Layer => {
                let axis = if self.norm == Norm::Batch { 0 } else { 1 };
                let (mean, var, stats) = match (self.norm, mode, running) {
                    (Norm::Batch, Mode::Eval, Some(r)) => (r.mean.clone(), r.var.clone(), None),
                    _ => {
                        let mean = a.mean_axis(Axis(axis)).expect("a batch of examples");
                        let centred = if axis == 0 {
                            &a - &mean
                        } else {
                            &a - &mean.view().insert_axis(Axis(1))
                        };
                        let var = centred
                            .mapv(|v| v * v)
                            .mean_axis(Axis(axis))
                            .expect("m > 0");
                        let stats = (self.norm == Norm::Batch).then(|| (mean.clone(), var.clone()));
                        (mean, var, stats)
                    }
                };
                let inv_std = var.mapv(|v| 1.0 / (v + self.eps).sqrt());
                let normalized = if axis == 0 {
                    (&a - &mean) * &inv_std
                } else {
                    (&a - &mean.view().insert_axis(Axis(1))) * inv_std.view().insert_axis(Axis(1))
                };
                let w = k * (d + 1);
                let gamma = params.slice(s![w..w + k]);
                let beta = params.slice(s![w + k..w + 2 * k]);
                (&normalized * &gamma + beta, normalized, inv_std, stats)
            }
        };
        let h = pre.mapv_into(math::tanh);
        let o = k * (d + 1) + self.affine();
        let w2 = params.slice(s![o..o + k]);
        let z = h.dot(&w2) + params[o + k];
        Forward {
            normalized,
            inv_std,
            batch_stats,
            h,
            z,
        }
    }

    fn backward(
        &self,
        params: ArrayView1<f64>,
        x: &Array2<f64>,
        y: &Array1<f64>,
        f: Forward,
    ) -> Array1<f64> {
        let (k, d) = (self.hidden, self.inputs());
        let m = x.nrows() as f64;
        let w = k * (d + 1);
        let o = w + self.affine();
        let mut g = Array1::zeros(self.dim());
        // dL/dz = (σ(z) − y) / m.
        let dz = (f.z.mapv(sigmoid) - y) / m;
        g.slice_mut(s![o..o + k]).assign(&f.h.t().dot(&dz));
        g[o + k] = dz.sum();
        // Back through w2 and tanh' = 1 − h².
        let w2 = params.slice(s![o..o + k]);
        let mut dy = f.h.mapv(|v| 1.0 - v * v);
        dy *= &dz.view().insert_axis(Axis(1));
        dy *= &w2;
        let da = match self.norm {
            Norm::None => dy,
            Norm::Batch | Norm::Layer => {
                g.slice_mut(s![w..w + k])
                    .assign(&(&dy * &f.normalized).sum_axis(Axis(0)));
                g.slice_mut(s![w + k..w + 2 * k])
                    .assign(&dy.sum_axis(Axis(0)));
                let gamma = params.slice(s![w..w + k]);
                let dn = dy * gamma;
                // â = (a − μ)/s along an axis of c values: da = (dâ − mean(dâ) − â·mean(dâ ⊙ â)) / s.
                let axis = if self.norm == Norm::Batch { 0 } else { 1 };
                let prod = &dn * &f.normalized;
                let mean_dn = dn.mean_axis(Axis(axis)).expect("m > 0");
                let mean_prod = prod.mean_axis(Axis(axis)).expect("m > 0");
                if axis == 0 {
                    (dn - &mean_dn - &f.normalized * &mean_prod) * &f.inv_std
                } else {
                    let col = |v: &Array1<f64>| v.clone().insert_axis(Axis(1));
                    (dn - &col(&mean_dn) - &f.normalized * &col(&mean_prod)) * &col(&f.inv_std)
                }
            }
        };
        let gw1 = da.t().dot(x);
        g.slice_mut(s![..k * d])
            .iter_mut()
            .zip(gw1.iter())
            .for_each(|(gi, &v)| *gi = v);
        g.slice_mut(s![k * d..w]).assign(&da.sum_axis(Axis(0)));
        g
    }

    fn rows(&self, rows: &[usize]) -> (Array2<f64>, Array1<f64>) {
        (
            self.data.x.select(Axis(0), rows),
            self.data.y.select(Axis(0), rows),
        )
    }

    /// The loss and its exact gradient on the listed examples, in training mode (BatchNorm
    /// uses their statistics), and the batch's mean and biased variance per unit
    /// (BatchNorm only) for the running statistics.
    pub fn train_step_on(
        &self,
        params: ArrayView1<f64>,
        rows: &[usize],
    ) -> (f64, Array1<f64>, Option<BatchStats>) {
        let (x, y) = self.rows(rows);
        let mut f = self.forward(params, &x, Mode::Train, None);
        let loss = mean_bce(&f.z, &y);
        let stats = f.batch_stats.take();
        (loss, self.backward(params, &x, &y, f), stats)
    }

    /// The loss on any data set in a mode; evaluation mode with BatchNorm needs the
    /// running statistics.
    pub fn loss_on(
        &self,
        params: ArrayView1<f64>,
        data: &Dataset,
        mode: Mode,
        running: Option<&RunningStats>,
    ) -> f64 {
        let f = self.forward(params, &data.x, mode, running);
        mean_bce(&f.z, &data.y)
    }

    /// The fraction of examples classified right (label 1 when z > 0).
    pub fn accuracy(
        &self,
        params: ArrayView1<f64>,
        data: &Dataset,
        mode: Mode,
        running: Option<&RunningStats>,
    ) -> f64 {
        let f = self.forward(params, &data.x, mode, running);
        let right =
            f.z.iter()
                .zip(&data.y)
                .filter(|&(&z, &y)| (z > 0.0) == (y > 0.5))
                .count();
        right as f64 / data.len() as f64
    }
}

fn mean_bce(z: &Array1<f64>, y: &Array1<f64>) -> f64 {
    let total: f64 = z
        .iter()
        .zip(y)
        .map(|(&z, &y)| z.max(0.0) - z * y + math::ln_1p(math::exp(-z.abs())))
        .sum();
    total / y.len() as f64
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + math::exp(-z))
    } else {
        let e = math::exp(z);
        e / (1.0 + e)
    }
}

impl Problem for NormNet {
    fn param_names(&self) -> Vec<String> {
        let (k, d) = (self.hidden, self.inputs());
        let mut names = Vec::with_capacity(self.dim());
        for j in 0..k {
            for i in 0..d {
                names.push(format!("W1[{j},{i}]"));
            }
        }
        names.extend((0..k).map(|j| format!("b1[{j}]")));
        if self.norm != Norm::None {
            names.extend((0..k).map(|j| format!("gamma[{j}]")));
            names.extend((0..k).map(|j| format!("beta[{j}]")));
        }
        names.extend((0..k).map(|j| format!("w2[{j}]")));
        names.push("b2".into());
        names
    }

    /// The loss on the whole data set in training mode (BatchNorm with the whole set's
    /// statistics): a function of the parameters alone.
    fn loss(&self, params: ArrayView1<f64>) -> f64 {
        self.loss_on(params, &self.data, Mode::Train, None)
    }

    fn gradient(&self, params: ArrayView1<f64>) -> Array1<f64> {
        let all: Vec<usize> = (0..self.data.len()).collect();
        self.train_step_on(params, &all).1
    }
}

/// Training the network on mini-batches as a [`Problem`] for the training loop: each call
/// of the gradient draws the next batch (PyTorch's `DataLoader(shuffle=True)`: every epoch
/// visits each example once in a fresh seeded order) and, with BatchNorm, updates the
/// running statistics once, as one forward pass in training mode does in PyTorch. The
/// training loop's loss is that batch's, the loss a PyTorch loop logs; [`Problem::loss`]
/// is the whole training set's, in training mode.
#[derive(Debug)]
pub struct NormBatches {
    pub net: NormNet,
    pub batch_size: usize,
    state: RefCell<BatchState>,
}

#[derive(Debug)]
struct BatchState {
    rng: ChaCha8Rng,
    order: Vec<usize>,
    cursor: usize,
    running: RunningStats,
}

impl NormBatches {
    /// Batches of `batch_size` examples (2 ≤ batch_size ≤ the data size, as BatchNorm needs
    /// two examples to have a variance), shuffled with `seed`.
    pub fn new(net: NormNet, batch_size: usize, seed: u64) -> Self {
        let n = net.data.len();
        assert!(
            (2..=n).contains(&batch_size),
            "batch size must be between 2 and {n}"
        );
        let running = RunningStats::new(net.hidden);
        let state = BatchState {
            rng: data::rng(seed),
            order: (0..n).collect(),
            cursor: n,
            running,
        };
        NormBatches {
            net,
            batch_size,
            state: RefCell::new(state),
        }
    }

    /// BatchNorm's running statistics so far.
    pub fn running(&self) -> RunningStats {
        self.state.borrow().running.clone()
    }

    fn next_batch(&self) -> Vec<usize> {
        let mut s = self.state.borrow_mut();
        if s.cursor >= s.order.len() {
            for i in (1..s.order.len()).rev() {
                let j = s.rng.random_range(0..=i);
                s.order.swap(i, j);
            }
            s.cursor = 0;
        }
        let end = (s.cursor + self.batch_size).min(s.order.len());
        let mut batch = s.order[s.cursor..end].to_vec();
        s.cursor = end;
        // A last batch of one example has no variance (PyTorch raises): take the next.
        if batch.len() < 2 {
            drop(s);
            batch = self.next_batch();
        }
        batch
    }
}

impl Problem for NormBatches {
    fn param_names(&self) -> Vec<String> {
        self.net.param_names()
    }

    fn loss(&self, params: ArrayView1<f64>) -> f64 {
        self.net.loss(params)
    }

    fn gradient(&self, params: ArrayView1<f64>) -> Array1<f64> {
        self.loss_and_gradient(params).1
    }

    /// The batch's loss and gradient, from one forward pass: the loss a PyTorch loop logs.
    fn loss_and_gradient(&self, params: ArrayView1<f64>) -> (f64, Array1<f64>) {
        let batch = self.next_batch();
        let (loss, g, stats) = self.net.train_step_on(params, &batch);
        if let Some((mean, var)) = stats {
            self.state
                .borrow_mut()
                .running
                .update(&mean, &var, batch.len());
        }
        (loss, g)
    }
}

/// ‖w‖ of a slice of the parameters.
pub fn norm(params: ArrayView1<f64>, range: Range<usize>) -> f64 {
    let w = params.slice(s![range]);
    w.dot(&w).sqrt()
}

/// The angle in radians between the slice `range` of two parameter vectors: the angular
/// update of those weights from `before` to `after`.
pub fn angle(before: ArrayView1<f64>, after: ArrayView1<f64>, range: Range<usize>) -> f64 {
    let (a, b) = (before.slice(s![range.clone()]), after.slice(s![range]));
    let cos = a.dot(&b) / (a.dot(&a).sqrt() * b.dot(&b).sqrt());
    math::acos(cos.clamp(-1.0, 1.0))
}
