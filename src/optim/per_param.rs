//! One base learning rate times a fixed multiplier per parameter: PyTorch's parameter
//! groups, each with `lr = η · multiplier`, which is how μP's per-layer rates are set (the
//! `mup` package's `MuSGD` and `MuAdam` build exactly such groups).

use ndarray::{Array1, ArrayView1, ArrayViewMut1};

use crate::config::ConfigError;
use crate::optim::Optimizer;

/// An optimizer whose every parameter i steps at η · `multipliers[i]`.
///
/// The inner optimizer runs at rate 1, and its step is scaled afterwards: for SGD and Adam
/// (no weight decay) the step is proportional to the rate, so this is the same update as
/// a parameter group per layer.
#[derive(Clone, Debug)]
pub struct PerParam<O> {
    inner: O,
    lr: f64,
    multipliers: Array1<f64>,
}

impl<O: Optimizer> PerParam<O> {
    /// `inner` (whose own rate is set to 1) at base rate `lr`.
    pub fn new(mut inner: O, lr: f64, multipliers: Array1<f64>) -> Self {
        inner.set_lr(1.0);
        PerParam {
            inner,
            lr,
            multipliers,
        }
    }
}

impl<O: Optimizer> Optimizer for PerParam<O> {
    fn name(&self) -> String {
        format!("{} per layer", self.inner.name())
    }

    fn lr(&self) -> f64 {
        self.lr
    }

    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn step(&mut self, mut params: ArrayViewMut1<f64>, grad: ArrayView1<f64>) {
        assert_eq!(
            params.len(),
            self.multipliers.len(),
            "one multiplier per parameter"
        );
        let before = params.to_owned();
        self.inner.step(params.view_mut(), grad);
        for ((p, b), c) in params.iter_mut().zip(&before).zip(&self.multipliers) {
            *p = b + self.lr * c * (*p - b);
        }
    }

    fn state_per_param(&self) -> usize {
        self.inner.state_per_param()
    }

    fn check(&self) -> Result<(), ConfigError> {
        super::check_lr(self.lr)?;
        if let Some(&bad) = self
            .multipliers
            .iter()
            .find(|c| !(c.is_finite() && **c > 0.0))
        {
            return Err(ConfigError::check(
                "multipliers",
                bad,
                false,
                "must be finite numbers greater than 0",
            )
            .unwrap_err());
        }
        self.inner.check()
    }
}
