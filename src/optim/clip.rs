//! Gradient clipping: cap the gradient before the update, so that one huge gradient
//! cannot throw the parameters far away.
//!
//! PyTorch clips between `loss.backward()` and `optimizer.step()`, with
//! `torch.nn.utils.clip_grad_norm_` or `clip_grad_value_`; here [`Clipped`] wraps an
//! optimizer and does the same inside [`Optimizer::step`].

use ndarray::{Array1, ArrayView1, ArrayViewMut1};

use crate::config::ConfigError;
use crate::optim::Optimizer;

/// How to clip a gradient.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Clip {
    /// `torch.nn.utils.clip_grad_norm_(params, max_norm)` with the default 2-norm: when
    /// the gradient's norm ‖g‖ is above `max_norm`, scale the whole gradient by
    /// max_norm/(‖g‖ + 1e-6), so its direction is kept and its norm becomes (just under)
    /// `max_norm`. The norm is over all parameters together, as PyTorch's total norm.
    Norm(f64),
    /// `torch.nn.utils.clip_grad_value_(params, clip_value)`: clamp every entry to
    /// [−clip_value, clip_value]. The direction changes when some entries are cut.
    Value(f64),
}

impl Clip {
    /// The bound must be ≥ 0 (and not NaN): `max_norm` for [`Clip::Norm`], `clip_value`
    /// for [`Clip::Value`], PyTorch's argument names.
    pub fn check(&self) -> Result<(), ConfigError> {
        let (setting, bound) = match *self {
            Clip::Norm(max_norm) => ("max_norm", max_norm),
            Clip::Value(clip_value) => ("clip_value", clip_value),
        };
        ConfigError::check(setting, bound, bound >= 0.0, "must be ≥ 0")?;
        Ok(())
    }

    /// The clipped gradient.
    ///
    /// Norm: PyTorch multiplies by the factor clamped to at most 1; the factor is below 1
    /// exactly when ‖g‖ + 1e-6 > max_norm (so a gradient just under `max_norm` is scaled
    /// by a hair too, as in PyTorch). A non-finite gradient gives a non-finite result, as
    /// PyTorch's default `error_if_nonfinite=False` does.
    ///
    /// Panics on a negative or NaN bound. (PyTorch does not check; a negative bound would
    /// flip the gradient's sign, or make the clamp's lower end exceed its upper end.)
    pub fn apply(&self, grad: ArrayView1<f64>) -> Array1<f64> {
        match *self {
            Clip::Norm(max_norm) => {
                assert!(max_norm >= 0.0, "max_norm must be ≥ 0, got {max_norm}");
                let total_norm = grad.dot(&grad).sqrt();
                let clip_coef = max_norm / (total_norm + 1e-6);
                if clip_coef < 1.0 {
                    grad.mapv(|g| g * clip_coef)
                } else {
                    grad.to_owned()
                }
            }
            Clip::Value(clip_value) => {
                assert!(
                    clip_value >= 0.0,
                    "clip_value must be ≥ 0, got {clip_value}"
                );
                grad.mapv(|g| g.clamp(-clip_value, clip_value))
            }
        }
    }
}

/// An optimizer whose every step sees the clipped gradient.
pub struct Clipped {
    pub inner: Box<dyn Optimizer>,
    pub clip: Clip,
    /// How many steps clipping changed the gradient (some entry differs from the raw one).
    pub clipped_steps: usize,
}

impl Clipped {
    pub fn new(inner: Box<dyn Optimizer>, clip: Clip) -> Self {
        Clipped {
            inner,
            clip,
            clipped_steps: 0,
        }
    }
}

impl Optimizer for Clipped {
    /// The inner optimizer's name with `+clip`, e.g. `sgd+clip`.
    fn name(&self) -> String {
        format!("{}+clip", self.inner.name())
    }

    fn lr(&self) -> f64 {
        self.inner.lr()
    }

    fn set_lr(&mut self, lr: f64) {
        self.inner.set_lr(lr);
    }

    fn step(&mut self, params: ArrayViewMut1<f64>, grad: ArrayView1<f64>) {
        let clipped = self.clip.apply(grad);
        // `!=` also counts NaN entries as changed; a NaN gradient is beyond saving anyway.
        if clipped.iter().zip(grad.iter()).any(|(c, g)| c != g) {
            self.clipped_steps += 1;
        }
        self.inner.step(params, clipped.view());
    }

    /// The inner optimizer's: clipping keeps no state.
    fn state_per_param(&self) -> usize {
        self.inner.state_per_param()
    }

    /// The clipping bound, then the inner optimizer's settings.
    fn check(&self) -> Result<(), ConfigError> {
        self.clip.check()?;
        self.inner.check()
    }
}
