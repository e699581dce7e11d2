//! The learning-rate range test: train for a short while with a rate that grows
//! exponentially from tiny to huge, watch the loss, and read a good rate off the curve.
//!
//! Leslie Smith described a range test ("Cyclical Learning Rates for Training Neural
//! Networks", 2015/2017) that raises the rate *linearly* over a few epochs and plots the
//! *accuracy* against it. The exponential sweep of the loss, its smoothing and stopping
//! rule, and the four suggestions (among them "the minimum divided by 10") are fastai's
//! `Learner.lr_find`, which made the test popular. This module follows fastai v2
//! (`fastai/callback/schedule.py`: `LRFinder`, `lr_find`, `valley`, `slide`, `minimum`,
//! `steep`; `fastai/learner.py`: `AvgSmoothLoss`, the same smoothing as fastai v1's
//! `SmoothenValue`), with its defaults. Where it deviates, the item says so.
//!
//! One iteration here is one full-batch update, where fastai's is one mini-batch.

use ndarray::Array1;

use crate::config::ConfigError;
use crate::math;
use crate::optim::Optimizer;
use crate::problems::Problem;
use crate::schedule::{ClosedForm, Stepped};
use crate::train::{Budget, Control, Observer, Step, Training};

/// The settings of a range test; [`Default`] gives fastai's `lr_find` defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct RangeTest {
    /// The rate of the first iteration (fastai: `start_lr=1e-7`).
    pub start_lr: f64,
    /// The rate the schedule heads for (fastai: `end_lr=10`). As in fastai, the last
    /// iteration stops one growth factor short of it: see [`RangeTest::lr_at`].
    pub end_lr: f64,
    /// The most iterations (fastai: `num_it=100`). As in fastai, fewer than 6 count as 6.
    pub num_it: usize,
    /// Stop once the smoothed loss blows up (fastai: `stop_div=True`).
    pub stop_div: bool,
    /// The smoothing factor of the loss's moving average (fastai: `AvgSmoothLoss(beta=0.98)`).
    pub beta: f64,
    /// The run has diverged once the smoothed loss exceeds this many times the best
    /// smoothed loss so far (fastai: the constant 4 in `LRFinder.after_batch`).
    pub div_factor: f64,
}

impl Default for RangeTest {
    fn default() -> Self {
        RangeTest {
            start_lr: 1e-7,
            end_lr: 10.0,
            num_it: 100,
            stop_div: true,
            beta: 0.98,
            div_factor: 4.0,
        }
    }
}

/// An exponential moving average with bias correction: fastai's `SmoothenValue` (v1) and
/// `AvgSmoothLoss` (v2).
///
/// m_k = β m_{k−1} + (1 − β) x_k from m_0 = 0, reported as m_k / (1 − β^k). Dividing by
/// 1 − β^k (the total weight so far) removes the pull towards the starting 0, so the
/// first value comes out unchanged and a constant sequence stays constant.
#[derive(Clone, Debug, PartialEq)]
pub struct Smoother {
    pub beta: f64,
    count: i32,
    mov_avg: f64,
}

impl Smoother {
    pub fn new(beta: f64) -> Self {
        Smoother {
            beta,
            count: 0,
            mov_avg: 0.0,
        }
    }

    /// Add `value` and return the new smoothed value.
    pub fn add(&mut self, value: f64) -> f64 {
        self.count = self.count.saturating_add(1);
        self.mov_avg = self.beta * self.mov_avg + (1.0 - self.beta) * value;
        self.value()
    }

    /// The current smoothed value (NaN before the first [`Smoother::add`]).
    pub fn value(&self) -> f64 {
        self.mov_avg / (1.0 - self.beta.powi(self.count))
    }
}

/// What a range test recorded, one entry per iteration.
///
/// Entry i holds the rate of update i and the loss at the parameters *before* that update,
/// which is what fastai's `Recorder` logs (the loss of a batch is computed before
/// `opt.step()`): the loss next to rate η_i reflects the updates at η_0 … η_{i−1}.
#[derive(Clone, Debug, PartialEq)]
pub struct RangeResult {
    pub lrs: Vec<f64>,
    /// The raw losses.
    pub losses: Vec<f64>,
    /// The smoothed losses ([`Smoother`]); fastai's `recorder.losses` are these, and the
    /// suggestions read them.
    pub smoothed: Vec<f64>,
    /// The run stopped before its last iteration because the loss blew up.
    pub stopped_early: bool,
}

/// The four suggestions of fastai's `lr_find(suggest_funcs=(valley, slide, minimum,
/// steep))`, each `None` where the curve is too short.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Suggestions {
    pub valley: Option<f64>,
    pub slide: Option<f64>,
    pub minimum: Option<f64>,
    pub steep: Option<f64>,
}

impl RangeTest {
    /// The number of iterations: `num_it`, raised to 6 as fastai's `LRFinder` does (so
    /// that something is left after [`RangeTest::suggest`] drops the last 5 entries).
    pub fn iterations(&self) -> usize {
        self.num_it.max(6)
    }

    /// The rate of iteration `i`: start_lr · (end_lr/start_lr)^(i/num_it), fastai's
    /// `SchedExp` at position `train_iter/num_it`. Successive rates differ by the constant
    /// factor (end_lr/start_lr)^(1/num_it), and since i runs from 0 to num_it − 1 the last
    /// rate is end_lr divided by that factor (8.32 with the defaults), not end_lr.
    pub fn lr_at(&self, i: usize) -> f64 {
        let pos = i as f64 / self.iterations() as f64;
        self.start_lr * math::powf(self.end_lr / self.start_lr, pos)
    }

    /// Run the test: at iteration i set the rate [`RangeTest::lr_at`]`(i)` on `optimizer`,
    /// record it with the loss at the current parameters and its smoothed value, then
    /// update. With `stop_div`, stop right after recording an iteration whose smoothed
    /// loss exceeds `div_factor` times the best smoothed loss so far (the best includes
    /// the current one, as in fastai), or is not finite.
    ///
    /// Deviation: fastai compares only, so a NaN loss does not stop its run (`lr_find`
    /// later cuts the curve at the first NaN); here a non-finite loss stops the run too.
    ///
    /// The run is the one training loop ([`Training`]) with the ramp as its schedule and
    /// the recording as an observer; the loop also stops at a non-finite parameter or
    /// gradient (after recording that iteration), and at the first rate it finds out of
    /// range (recording nothing).
    ///
    /// The parameters are thrown away, and the optimizer's rate is put back to what it
    /// was, as fastai reloads the model and optimizer it saved. Any other state the
    /// optimizer keeps (a momentum buffer, running averages) cannot be put back through
    /// [`Optimizer`]: train with a fresh one.
    pub fn run(
        &self,
        problem: &dyn Problem,
        optimizer: &mut dyn Optimizer,
        start: Array1<f64>,
    ) -> RangeResult {
        let n = self.iterations();
        let original_lr = optimizer.lr();
        let mut recorder = Recorder {
            test: self,
            iterations: n,
            smoother: Smoother::new(self.beta),
            best: f64::INFINITY,
            result: RangeResult {
                lrs: Vec::with_capacity(n),
                losses: Vec::with_capacity(n),
                smoothed: Vec::with_capacity(n),
                stopped_early: false,
            },
        };
        // n iterations are n rows: n − 1 updates, and no divergence rule but the test's.
        let budget = Budget::steps(n - 1).diverge_above(f64::INFINITY);
        let mut ramp = Stepped::new(Ramp(self.clone()));
        Training::new(problem, &budget)
            .label("range test")
            .schedule(&mut ramp)
            .observe(&mut recorder)
            .run(optimizer, start);
        optimizer.set_lr(original_lr);
        recorder.result
    }

    /// All four suggestions, computed the way fastai's `lr_find` does: on the smoothed
    /// curve without its first `num_it/10` entries and its last 5 (the start is flat
    /// and the end is blowing up), cut at the first non-finite value.
    pub fn suggest(&self, result: &RangeResult) -> Suggestions {
        let window = result.trimmed(self.iterations() / 10, 5);
        Suggestions {
            valley: window.valley(),
            slide: window.slide(),
            minimum: window.minimum(),
            steep: window.steep(),
        }
    }
}

/// The range test's rate as a schedule: [`RangeTest::lr_at`].
struct Ramp(RangeTest);

impl ClosedForm for Ramp {
    fn name(&self) -> &'static str {
        "range-test"
    }

    fn lr_at(&self, t: usize) -> f64 {
        self.0.lr_at(t)
    }

    /// Both ends of the ramp must be positive rates.
    fn check(&self) -> Result<(), ConfigError> {
        for (setting, lr) in [("start_lr", self.0.start_lr), ("end_lr", self.0.end_lr)] {
            ConfigError::check(
                setting,
                lr,
                lr > 0.0 && lr.is_finite(),
                "must be a finite number greater than 0",
            )?;
        }
        Ok(())
    }
}

/// The observer that records a range test, and stops it when the smoothed loss blows up.
struct Recorder<'a> {
    test: &'a RangeTest,
    iterations: usize,
    smoother: Smoother,
    best: f64,
    result: RangeResult,
}

impl Observer for Recorder<'_> {
    fn observe(&mut self, row: &Step<'_>) -> Control {
        let smooth = self.smoother.add(row.loss);
        self.result.lrs.push(row.lr);
        self.result.losses.push(row.loss);
        self.result.smoothed.push(smooth);
        if smooth < self.best {
            self.best = smooth;
        }
        let diverged = !smooth.is_finite() || smooth > self.test.div_factor * self.best;
        if self.test.stop_div && diverged {
            self.result.stopped_early = row.step + 1 < self.iterations;
            return Control::Stop;
        }
        Control::Continue
    }
}

/// Index of the first smallest value (NaN never wins).
fn argmin(values: impl IntoIterator<Item = f64>) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, v) in values.into_iter().enumerate() {
        if best.is_none_or(|(_, b)| v < b) {
            best = Some((i, v));
        }
    }
    best.map(|(i, _)| i)
}

impl RangeResult {
    /// The entries from `skip_start` on, without the last `skip_end`, and cut before the
    /// first non-finite smoothed loss: fastai's `recorder.lrs[num_it//10:-5]` and its NaN
    /// cut (which here also cuts at ±∞).
    pub fn trimmed(&self, skip_start: usize, skip_end: usize) -> RangeResult {
        let end = self.smoothed.len().saturating_sub(skip_end);
        let start = skip_start.min(end);
        let finite = self.smoothed[start..end]
            .iter()
            .position(|s| !s.is_finite())
            .map_or(end, |p| start + p);
        RangeResult {
            lrs: self.lrs[start..finite].to_vec(),
            losses: self.losses[start..finite].to_vec(),
            smoothed: self.smoothed[start..finite].to_vec(),
            stopped_early: self.stopped_early,
        }
    }

    /// The usable curve: the smoothed losses up to the first non-finite one.
    fn curve(&self) -> (&[f64], &[f64]) {
        let n = self
            .smoothed
            .iter()
            .position(|s| !s.is_finite())
            .unwrap_or(self.smoothed.len())
            .min(self.lrs.len());
        (&self.lrs[..n], &self.smoothed[..n])
    }

    /// fastai's `minimum`: the rate at the lowest smoothed loss, divided by 10. At the
    /// minimum the rate is already about to blow the loss up, so back off by a decade.
    pub fn minimum(&self) -> Option<f64> {
        let (lrs, smoothed) = self.curve();
        argmin(smoothed.iter().copied()).map(|i| lrs[i] / 10.0)
    }

    /// fastai's `steep`: the rate where the smoothed loss falls fastest against log η.
    /// The slope between neighbouring entries is (s_{i+1} − s_i)/(ln η_{i+1} − ln η_i)
    /// (a forward difference), and the suggestion is the left rate η_i of the steepest
    /// descent. `None` with fewer than two entries.
    pub fn steep(&self) -> Option<f64> {
        let (lrs, smoothed) = self.curve();
        let slopes = (1..smoothed.len())
            .map(|i| (smoothed[i] - smoothed[i - 1]) / (math::ln(lrs[i]) - math::ln(lrs[i - 1])));
        argmin(slopes).map(|i| lrs[i])
    }

    /// fastai's `valley` (the default of its `lr_find`): the middle of the longest valley.
    ///
    /// With L_i the length of the longest strictly decreasing subsequence of the smoothed
    /// losses ending at entry i (a subsequence: its entries need not be neighbours, so a
    /// bump in between does not end it), the valley ends at the first entry e with the
    /// largest L_e and is taken to start at s = e − L_e. With d = (e − s)/3 the suggestion
    /// is the rate at s + ⌊d⌋ + ⌊d/2⌋, about halfway along. fastai's documentation
    /// describes the pick as two thirds of the way along the valley; this is what its code
    /// computes.
    ///
    /// With no decrease at all (every L_i = 1) fastai's s and e stay 0, and so does this:
    /// the first rate. One deviation, where fastai's Python index −1 would wrap round to
    /// the last entry: a two-entry valley at the very start (e = 1, s = −1) gives the first
    /// rate here, the last rate in fastai. `None` only for an empty curve (fastai raises
    /// an IndexError).
    pub fn valley(&self) -> Option<f64> {
        let (lrs, losses) = self.curve();
        let n = losses.len();
        let mut lds = vec![1_usize; n];
        let mut max_end = 0;
        for i in 1..n {
            for j in 0..i {
                if losses[i] < losses[j] && lds[i] < lds[j] + 1 {
                    lds[i] = lds[j] + 1;
                }
            }
            if lds[max_end] < lds[i] {
                max_end = i;
            }
        }
        if n == 0 {
            return None;
        }
        if lds[max_end] < 2 {
            return Some(lrs[0]);
        }
        let max_start = max_end as i64 - lds[max_end] as i64;
        let sections = (max_end as i64 - max_start) as f64 / 3.0;
        let idx = max_start + sections as i64 + (sections / 2.0) as i64;
        Some(lrs[idx.max(0) as usize])
    }

    /// fastai's `slide` with its defaults: `lr_diff` 15, `thresh` 0.005, `adjust_value` 1.
    /// See [`RangeResult::slide_with`].
    pub fn slide(&self) -> Option<f64> {
        self.slide_with(15, 0.005, 1.0)
    }

    /// fastai's `slide`, the "interval slide rule": slide a window of `lr_diff` entries
    /// from the end of the curve towards its start until the loss gradients at its two
    /// ends agree within `thresh`; suggest the rate at the window's left end one position
    /// before that (the last window that still disagreed, or the first window if it
    /// already agrees), times `adjust_value`. If they never agree, the first rate.
    ///
    /// The gradient is numpy's `np.gradient` of the smoothed losses against the entry
    /// index (not against log η): central differences inside, one-sided at both ends. So
    /// `thresh` is in units of loss per iteration and depends on the loss's scale.
    /// `None` when the curve has no more than `lr_diff` entries (fastai raises an
    /// IndexError there).
    pub fn slide_with(&self, lr_diff: usize, thresh: f64, adjust_value: f64) -> Option<f64> {
        let (lrs, losses) = self.curve();
        let n = losses.len();
        if n < 2 || n <= lr_diff {
            return None;
        }
        let grad = np_gradient(losses);
        let mut r = n - 1;
        let mut l = r - lr_diff;
        let mut local_min_lr = lrs[l];
        loop {
            if (grad[r] - grad[l]).abs() <= thresh {
                break;
            }
            local_min_lr = lrs[l];
            if l == 0 {
                break;
            }
            r -= 1;
            l -= 1;
        }
        Some(local_min_lr * adjust_value)
    }
}

/// numpy's `np.gradient` with unit spacing: (y_{i+1} − y_{i−1})/2 inside, y_1 − y_0 and
/// y_{n−1} − y_{n−2} at the ends. Needs at least 2 values.
fn np_gradient(y: &[f64]) -> Vec<f64> {
    let n = y.len();
    (0..n)
        .map(|i| {
            if i == 0 {
                y[1] - y[0]
            } else if i == n - 1 {
                y[n - 1] - y[n - 2]
            } else {
                (y[i + 1] - y[i - 1]) / 2.0
            }
        })
        .collect()
}
