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

use std::io::{self, Write};

use crate::config::ConfigError;
use flags::FlagError;

/// End the example with one line on stderr and this exit code (2 for bad input, 1 for a
/// failure to write). A stderr that cannot be written to (closed, a full disk) loses the
/// line, never the exit code: `eprintln!` would panic there and exit with 101.
pub fn exit_with(code: i32, line: &str) -> ! {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "{line}");
    let _ = stderr.flush();
    std::process::exit(code)
}

/// Bad input: one line on stderr, exit code 2.
pub fn fail(line: impl AsRef<str>) -> ! {
    exit_with(2, line.as_ref())
}

/// A note on stderr, beside the output (where `--csv` wrote its figures): lost, not a
/// panic, when stderr cannot be written to.
pub fn note(text: &str) {
    let mut stderr = io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// Print `text` on stdout. A pipe closed early (`--csv | head`) is not an error; any other
/// failure to write (`> /dev/full`) is one line on stderr and exit code 1.
pub fn print_out(text: &str) {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => exit_with(1, &format!("error: cannot print the output: {e}")),
    }
}

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
