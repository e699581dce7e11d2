//! The output machinery: command-line flags, printed reports and tables, CSV, SVG figures,
//! and the book's quizzes. The core (problems, optimizers, schedules, the training loop,
//! the analysis) never imports anything from here.
//!
//! The core names a bad setting as PyTorch does ([`crate::ConfigError`], snake case); the
//! command line names it by its flag (kebab case): `weight_decay` is `--weight-decay`.

pub mod flags;
pub mod optimizers;
pub mod plot;
pub mod quiz;
pub mod report;
pub mod schedules;
pub mod table;

use crate::config::ConfigError;
use flags::FlagError;

impl From<ConfigError> for FlagError {
    /// The same complaint, naming the flag: `t_max: must be at least 1, got 0` becomes
    /// `--t-max: must be at least 1, got 0`.
    fn from(e: ConfigError) -> Self {
        let flag = if e.setting.contains('_') {
            // An error ends the example, so the one short string leaked here is harmless.
            &*Box::leak(e.setting.replace('_', "-").into_boxed_str())
        } else {
            e.setting
        };
        FlagError::new(flag, e.message)
    }
}

/// Whether a command-line setting was given: `Some` value, or a flag that is set.
pub(crate) trait Given {
    fn given(&self) -> bool;
}

impl<T> Given for Option<T> {
    fn given(&self) -> bool {
        self.is_some()
    }
}

impl Given for bool {
    fn given(&self) -> bool {
        *self
    }
}
