//! Learning-rate schedules, with PyTorch's definitions, defaults and stepping.
//!
//! A schedule is stepped the way a PyTorch scheduler is: the optimizer uses
//! [`Schedule::lr`] for an update, then the loop calls [`Schedule::step`] once
//! (PyTorch: `optimizer.step()` then `scheduler.step()`). So the rate used by the first
//! update (step 0) is the schedule's value after zero calls of `step`, which for every
//! schedule but the cyclical and one-cycle ones is the base rate.

/// A learning rate that changes as training goes.
pub trait Schedule {
    /// The name used on the command line, e.g. `cosine`.
    fn name(&self) -> &'static str;

    /// The rate for the coming update (PyTorch: `optimizer.param_groups[0]["lr"]`).
    fn lr(&self) -> f64;

    /// Advance by one update (PyTorch: `scheduler.step()`). `metric` is the value a
    /// reduce-on-plateau schedule watches (PyTorch: `scheduler.step(metric)`); every
    /// other schedule ignores it.
    fn step(&mut self, metric: f64);
}

/// The plain constant rate: no schedule at all.
#[derive(Clone, Debug)]
pub struct Constant {
    pub lr: f64,
}

impl Schedule for Constant {
    fn name(&self) -> &'static str {
        "constant"
    }

    fn lr(&self) -> f64 {
        self.lr
    }

    fn step(&mut self, _metric: f64) {}
}
