//! Schedules one after another.

use std::fmt;

use super::{Schedule, strictly_increasing};
use crate::config::ConfigError;

/// Schedules one after another, e.g. a linear warm-up then a cosine. Mirrors PyTorch's
/// `SequentialLR`: schedule `i` (from 0) is in charge from step `milestones[i − 1]`, and at
/// its milestone it starts at its own step 0 (PyTorch restarts it with `.step(0)`), so the
/// first rate after the milestone is that schedule's step-0 rate. Here only the schedule
/// in charge is stepped and the next one takes over unstepped, which is the same thing;
/// so hand it schedules that have not been stepped yet.
///
/// Like PyTorch, it takes no `ReduceLROnPlateau` (which is no [`Schedule`]).
pub struct SequentialLR {
    /// The schedules, in order.
    pub schedules: Vec<Box<dyn Schedule>>,
    /// The step counts at which the next schedule takes over: one fewer than
    /// `schedules`, strictly increasing, all at least 1.
    pub milestones: Vec<usize>,
    t: usize,
    active: usize,
}

impl SequentialLR {
    /// `schedules` handing over at `milestones`, at step 0. [`SequentialLR::check`] (which
    /// the training loop calls) checks them as described on the fields.
    pub fn new(schedules: Vec<Box<dyn Schedule>>, milestones: Vec<usize>) -> Self {
        SequentialLR {
            schedules,
            milestones,
            t: 0,
            active: 0,
        }
    }

    /// The first setting out of range: no `schedules`, not one fewer `milestones` than
    /// schedules, milestones not strictly increasing or starting at 0, or whatever a
    /// schedule's own check reports.
    pub fn check(&self) -> Result<(), ConfigError> {
        let (schedules, milestones) = (&self.schedules, &self.milestones);
        if schedules.is_empty() {
            return Err(ConfigError::new(
                "schedulers",
                "needs at least one schedule",
            ));
        }
        if milestones.len() + 1 != schedules.len() {
            return Err(ConfigError::new(
                "milestones",
                format!(
                    "needs one fewer milestone than schedules: {} schedules, got {} milestones",
                    schedules.len(),
                    milestones.len()
                ),
            ));
        }
        strictly_increasing(milestones)?;
        if milestones.first() == Some(&0) {
            return Err(ConfigError::new(
                "milestones",
                "must be at least 1 (the first schedule is in charge at step 0), got 0",
            ));
        }
        schedules.iter().try_for_each(|s| s.check())
    }

    /// Calls of `step` so far.
    pub fn t(&self) -> usize {
        self.t
    }

    /// The index of the schedule in charge.
    pub fn active(&self) -> usize {
        self.active
    }
}

impl fmt::Debug for SequentialLR {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.schedules.iter().map(|s| s.name()).collect();
        f.debug_struct("SequentialLR")
            .field("schedules", &names)
            .field("milestones", &self.milestones)
            .field("t", &self.t)
            .field("active", &self.active)
            .finish()
    }
}

impl Schedule for SequentialLR {
    fn name(&self) -> &'static str {
        "sequential"
    }

    fn lr(&self) -> f64 {
        self.schedules[self.active].lr()
    }

    fn check(&self) -> Result<(), ConfigError> {
        SequentialLR::check(self)
    }

    fn step(&mut self) {
        self.t = self.t.saturating_add(1);
        let index = self.milestones.partition_point(|&m| m <= self.t);
        if index > 0 && self.milestones[index - 1] == self.t {
            // Hand over: the next schedule starts at its own step 0.
            self.active = index;
        } else {
            self.schedules[self.active].step();
        }
    }
}
