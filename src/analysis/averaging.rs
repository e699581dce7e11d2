//! Averaging the iterates: an [`Averager`] watches a run and keeps a running average of
//! the parameters it passes through, and the loss of that average at every row. The run
//! itself is unchanged; the average is a second answer read off the same run.

use ndarray::Array1;

use crate::problems::Problem;
use crate::train::{Control, Observer, Step};

/// Which average.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Average {
    /// Polyak–Ruppert: the plain mean of the iterates θ_s for s ≥ `from` (tail averaging
    /// when `from` > 0); before `from`, the average is the iterate itself.
    Uniform { from: usize },
    /// An exponential moving average θ̄ ← d·θ̄ + (1 − d)·θ with decay d in [0, 1),
    /// started at θ₀ (no bias correction: the start is a real point, not zero).
    Ema { decay: f64 },
}

/// The observer: it sees every finite row and updates its average.
#[derive(Clone)]
pub struct Averager<'a> {
    problem: &'a dyn Problem,
    /// Which average.
    pub kind: Average,
    mean: Option<Array1<f64>>,
    count: usize,
    /// (step, L(θ̄)) at every row seen: the loss of the average so far.
    pub losses: Vec<(usize, f64)>,
}

impl<'a> Averager<'a> {
    /// An average of kind `kind` whose loss is measured on `problem` (for a mini-batch
    /// problem, its loss on the whole data set).
    pub fn new(problem: &'a dyn Problem, kind: Average) -> Self {
        Averager {
            problem,
            kind,
            mean: None,
            count: 0,
            losses: Vec::new(),
        }
    }

    /// The average so far (`None` before the first row).
    pub fn mean(&self) -> Option<&Array1<f64>> {
        self.mean.as_ref()
    }

    /// The loss of the last average, +∞ before the first row.
    pub fn final_loss(&self) -> f64 {
        self.losses.last().map_or(f64::INFINITY, |&(_, l)| l)
    }
}

impl Observer for Averager<'_> {
    fn observe(&mut self, row: &Step<'_>) -> Control {
        if !row.is_finite() {
            return Control::Continue;
        }
        let theta = row.params;
        match (&mut self.mean, self.kind) {
            (None, _) => {
                self.mean = Some(theta.to_owned());
                self.count = 1;
            }
            (Some(mean), Average::Uniform { from }) => {
                if row.step <= from {
                    // Restart: the mean covers the steps from `from` on.
                    mean.assign(&theta);
                    self.count = 1;
                } else {
                    self.count += 1;
                    let w = 1.0 / self.count as f64;
                    mean.zip_mut_with(&theta, |m, &t| *m += w * (t - *m));
                }
            }
            (Some(mean), Average::Ema { decay }) => {
                mean.zip_mut_with(&theta, |m, &t| *m = decay * *m + (1.0 - decay) * t);
            }
        }
        let mean = self.mean.as_ref().expect("set above");
        self.losses.push((row.step, self.problem.loss(mean.view())));
        Control::Continue
    }
}
