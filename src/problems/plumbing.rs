//! Training-loop plumbing that changes the step without changing the loss: gradients
//! accumulated over micro-batches, a summed instead of averaged batch loss, and gradients
//! averaged across data-parallel devices. Each wraps a [`MiniBatch`] as a [`Problem`]
//! whose loss is the batch's and whose gradient is what that plumbing hands the optimizer.

use ndarray::{Array1, ArrayView1};

use super::Problem;
use super::minibatch::MiniBatch;

// ANCHOR: accumulated
/// Gradient accumulation: each optimizer step sums the gradients of `k` micro-batches, as
/// `loss.backward()` does when it is called `k` times. Right: each micro-batch's loss
/// divided by `k` first, so the step sees their mean.
pub struct Accumulated {
    pub batches: MiniBatch,
    pub k: usize,
    pub divide_by_k: bool,
}

impl Problem for Accumulated {
    fn param_names(&self) -> Vec<String> {
        self.batches.param_names()
    }

    fn loss(&self, params: ArrayView1<f64>) -> f64 {
        self.batches.loss(params)
    }

    fn gradient(&self, params: ArrayView1<f64>) -> Array1<f64> {
        let scale = if self.divide_by_k {
            1.0 / self.k as f64
        } else {
            1.0
        };
        let mut sum = Array1::zeros(params.len());
        for _ in 0..self.k {
            sum.scaled_add(scale, &self.batches.gradient(params));
        }
        sum
    }
}
// ANCHOR_END: accumulated

// ANCHOR: summed
/// `reduction='sum'`: the batch's losses added instead of averaged, so its gradient is
/// `B` times the mean-reduced one.
pub struct Summed(pub MiniBatch);

impl Problem for Summed {
    fn param_names(&self) -> Vec<String> {
        self.0.param_names()
    }

    fn loss(&self, params: ArrayView1<f64>) -> f64 {
        self.0.loss(params)
    }

    fn gradient(&self, params: ArrayView1<f64>) -> Array1<f64> {
        self.0.gradient(params) * self.0.batch_size as f64
    }
}
// ANCHOR_END: summed

// ANCHOR: data_parallel
/// Data parallelism, simulated: each optimizer step takes a global batch of 8 per device,
/// gives each device its shard of `shard` examples, and averages the devices' mean gradients (what
/// DistributedDataParallel's all-reduce does). The result is the mean gradient of the
/// global batch.
pub struct DataParallel {
    /// Draws the global batch: the per-device batch times the devices.
    pub batches: MiniBatch,
    /// The per-device batch: the size of each shard.
    pub shard: usize,
}

impl Problem for DataParallel {
    fn param_names(&self) -> Vec<String> {
        self.batches.param_names()
    }

    fn loss(&self, params: ArrayView1<f64>) -> f64 {
        self.batches.loss(params)
    }

    fn gradient(&self, params: ArrayView1<f64>) -> Array1<f64> {
        let global = self.batches.next_batch();
        let mut mean = Array1::zeros(params.len());
        let shards: Vec<&[usize]> = global.chunks(self.shard).collect();
        for shard in &shards {
            let g = self.batches.model.gradient_on(params, shard);
            mean.scaled_add(1.0 / shards.len() as f64, &g);
        }
        mean
    }
}
// ANCHOR_END: data_parallel
