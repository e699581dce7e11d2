//! Stochastic gradients: the mean squared error's gradient on a small random batch.
//!
//! Batches are drawn the way PyTorch's `DataLoader(shuffle=True)` draws them: each epoch
//! visits every example once, in a fresh seeded order, `batch_size` at a time (the last
//! batch of an epoch may be smaller).

use std::cell::RefCell;

use ndarray::{Array1, ArrayView1};
use rand::RngExt;
use rand::rngs::ChaCha8Rng;

use crate::problems::Problem;
use crate::problems::data;
use crate::problems::linear_regression::LinearRegression;

/// A linear-regression problem whose gradient is a mini-batch estimate. Its loss is the
/// full-data loss, so a training history shows real progress, not batch noise.
#[derive(Debug)]
pub struct MiniBatch {
    pub model: LinearRegression,
    pub batch_size: usize,
    pub sampling: Sampling,
    sampler: RefCell<Sampler>,
}

/// How batches are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sampling {
    /// Every epoch visits each example once, in a fresh random order (PyTorch's
    /// `DataLoader(shuffle=True)`).
    Shuffled,
    /// Each batch is drawn independently, with replacement: the textbook model of SGD,
    /// whose noise the chapter's formulas describe.
    WithReplacement,
}

#[derive(Debug)]
struct Sampler {
    rng: ChaCha8Rng,
    order: Vec<usize>,
    cursor: usize,
    epochs: usize,
}

impl Sampler {
    fn reshuffle(&mut self) {
        // Fisher–Yates, with the seeded generator.
        for i in (1..self.order.len()).rev() {
            let j = self.rng.random_range(0..=i);
            self.order.swap(i, j);
        }
        self.cursor = 0;
    }
}

impl MiniBatch {
    /// Batches of `batch_size` examples (1 ≤ batch_size ≤ the data size), shuffled with `seed`.
    pub fn new(model: LinearRegression, batch_size: usize, sampling: Sampling, seed: u64) -> Self {
        let n = model.data.len();
        assert!(
            (1..=n).contains(&batch_size),
            "batch size must be between 1 and {n}"
        );
        let mut sampler = Sampler {
            rng: data::rng(seed),
            order: (0..n).collect(),
            cursor: 0,
            epochs: 0,
        };
        sampler.reshuffle();
        MiniBatch {
            model,
            batch_size,
            sampling,
            sampler: RefCell::new(sampler),
        }
    }

    /// The indices of the next batch.
    pub fn next_batch(&self) -> Vec<usize> {
        let mut s = self.sampler.borrow_mut();
        if self.sampling == Sampling::WithReplacement {
            let n = s.order.len();
            return (0..self.batch_size)
                .map(|_| s.rng.random_range(0..n))
                .collect();
        }
        if s.cursor >= s.order.len() {
            s.reshuffle();
            s.epochs += 1;
        }
        let end = (s.cursor + self.batch_size).min(s.order.len());
        let batch = s.order[s.cursor..end].to_vec();
        s.cursor = end;
        batch
    }

    /// How noisy this sampler's batch gradients are at `params`: [`gradient_noise`] over its
    /// next `draws` batches.
    pub fn noise(&self, params: ArrayView1<f64>, draws: usize) -> f64 {
        gradient_noise(&self.model, params, (0..draws).map(|_| self.next_batch()))
    }

    /// Completed passes over the data so far.
    pub fn epochs(&self) -> usize {
        self.sampler.borrow().epochs
    }
}

impl Problem for MiniBatch {
    fn param_names(&self) -> Vec<String> {
        self.model.param_names()
    }

    fn loss(&self, params: ArrayView1<f64>) -> f64 {
        self.model.loss(params)
    }

    fn gradient(&self, params: ArrayView1<f64>) -> Array1<f64> {
        let batch = self.next_batch();
        self.model.gradient_on(params, &batch)
    }
}

/// A loss that is a mean over examples, whose gradient can be taken on any subset of them:
/// what a mini-batch, and a measurement of gradient noise, needs.
pub trait Examples: Problem {
    /// The number of examples n.
    fn examples(&self) -> usize;

    /// The gradient of the loss averaged over the listed examples only.
    fn gradient_on(&self, params: ArrayView1<f64>, rows: &[usize]) -> Array1<f64>;
}

impl Examples for LinearRegression {
    fn examples(&self) -> usize {
        self.data.len()
    }

    fn gradient_on(&self, params: ArrayView1<f64>, rows: &[usize]) -> Array1<f64> {
        LinearRegression::gradient_on(self, params, rows)
    }
}

/// How noisy batch gradients are at `params`: the mean of ‖g_B − g‖² over `batches`, where
/// g_B is the gradient on batch B and g the full gradient. With one-example batches it is
/// σ² = E‖g_i − g‖², the per-example variance that the batch-size laws divide.
pub fn gradient_noise(
    model: &impl Examples,
    params: ArrayView1<f64>,
    batches: impl IntoIterator<Item = Vec<usize>>,
) -> f64 {
    let full = model.gradient(params);
    let (mut total, mut count) = (0.0, 0);
    for batch in batches {
        let d = model.gradient_on(params, &batch) - &full;
        total += d.dot(&d);
        count += 1;
    }
    total / count as f64
}
