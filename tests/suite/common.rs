//! Shared by the tests: running the example binaries exactly as a reader runs them, and
//! comparing numbers up to a tolerance.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The compiled example `name`. `cargo test` builds every example before running tests;
/// `cargo test --test X` does not, so build them first in that case.
pub fn example_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary knows its path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test binaries live in target/<profile>/deps");
    let path = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} is missing: run plain `cargo test` (it builds the examples) or `cargo build --examples` first",
        path.display()
    );
    // A binary older than its sources would lock yesterday's output into the book.
    let built = modified(&path);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // An example is examples/NAME.rs or, with modules beside it, examples/NAME/main.rs.
    let mut sources: Vec<PathBuf> = [root.join("examples").join(format!("{name}.rs"))]
        .into_iter()
        .filter(|single| single.exists())
        .collect();
    rust_files(&root.join("src"), &mut sources);
    rust_files(&root.join("examples").join(name), &mut sources);
    for source in sources {
        assert!(
            modified(&source) <= built,
            "{} is older than {}: run plain `cargo test` (it rebuilds the examples) or `cargo build --examples` first",
            path.display(),
            source.display()
        );
    }
    path
}

/// Every file below `dir` (recursively; nothing if `dir` does not exist), added to `out`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn modified(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Run an example with `args` in the working directory `cwd`.
pub fn run_example(name: &str, args: &[&str], cwd: &Path) -> Output {
    std::fs::create_dir_all(cwd).expect("create the scratch directory");
    let out = Command::new(example_binary(name))
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the example starts");
    Output {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// A fresh scratch directory for one test.
pub fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the scratch directory");
    dir
}

/// Every example of the book, in chapter order.
pub const EXAMPLES: &[&str] = &[
    "intuition",
    "update_rule",
    "too_high",
    "too_low",
    "schedules",
    "adaptive",
    "normalization",
    "batch_size",
    "effective_lr",
    "scaling",
    "lr_finder",
    "edge_of_stability",
    "rate_bugs",
    "after_cosine",
];

/// insta's settings for the snapshots the book shows: stored in `book/snapshots/` under
/// their bare names (the chapters include them by those names), with no expression in the
/// header.
pub fn book_snapshots() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("book/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

/// `actual` is within `rel` of `expected`, relative to `expected`:
/// |actual − expected| ≤ rel · |expected|.
pub fn close(actual: f64, expected: f64, rel: f64) -> bool {
    close_above(actual, expected, rel, 0.0)
}

/// [`close`], counting |expected| as at least `floor`, so that near zero the tolerance is
/// the absolute rel · floor: |actual − expected| ≤ rel · max(|expected|, floor).
pub fn close_above(actual: f64, expected: f64, rel: f64, floor: f64) -> bool {
    (actual - expected).abs() <= rel * expected.abs().max(floor)
}

/// Asserts [`close_above`], naming both numbers, their difference and the tolerance.
#[track_caller]
pub fn assert_close_above(actual: f64, expected: f64, rel: f64, floor: f64) {
    assert!(
        close_above(actual, expected, rel, floor),
        "expected {expected}, got {actual}: off by {:e}, more than {rel:e} × max(|{expected}|, {floor})",
        actual - expected
    );
}

/// `actual` equals `expected` up to rounding: within 1e-12 of it, relative, or 1e-15
/// absolute near zero.
#[track_caller]
pub fn assert_close(actual: f64, expected: f64) {
    assert_close_above(actual, expected, 1e-12, 1e-3);
}
