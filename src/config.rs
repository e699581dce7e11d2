//! The core's one error: a setting of an optimizer, a schedule or a training run that is
//! out of range, named as PyTorch names it (`momentum`, `weight_decay`, `t_max`, …).
//!
//! Every optimizer and schedule is a plain configuration struct whose setters never panic;
//! its `check()` returns the first setting that is out of range as a [`ConfigError`]. The
//! training loop checks the optimizer and the schedule once, before the first update, and
//! the command line ([`crate::output`]) turns the error into its one-line `--flag: message`.

use std::fmt;

/// A rejected setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The setting, in PyTorch's snake case, e.g. `beta1`, `weight_decay` or `t_max`.
    pub setting: &'static str,
    /// What is wrong, e.g. `must be in [0, 1), got 1.5`.
    pub message: String,
}

impl ConfigError {
    pub fn new(setting: &'static str, message: impl Into<String>) -> Self {
        ConfigError {
            setting,
            message: message.into(),
        }
    }

    /// `Ok(value)` if `ok`, else the error `<setting>: <rule>, got <value>` (a number is
    /// written short: `1e308`, not the 309 digits of Rust's `{}`; one past the largest
    /// double is said in words, since no output prints `inf` or `NaN`).
    pub fn check<T: fmt::Display>(
        setting: &'static str,
        value: T,
        ok: bool,
        rule: &str,
    ) -> Result<T, ConfigError> {
        if ok {
            Ok(value)
        } else {
            let text = value.to_string();
            let shown = match text.parse::<f64>() {
                Ok(x) if x.is_nan() => "a value that is not a number".to_string(),
                Ok(x) if x.is_infinite() => "a value too large to represent".to_string(),
                Ok(x) if text.len() > 24 => crate::numfmt::exact(x),
                _ => text,
            };
            Err(ConfigError::new(setting, format!("{rule}, got {shown}")))
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.setting, self.message)
    }
}

impl std::error::Error for ConfigError {}
