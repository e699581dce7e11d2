//! The PyTorch scripts in `python/` print the tables of the Rust examples they mirror.
//!
//! When `torch` is importable, one Python process runs every script twice: as a reader
//! runs it (the book's 4 significant digits) and with `STEPSIZE_DIGITS=17` (every digit);
//! each is compared with the Rust example run the same way, with `STEPSIZE_WIDTH` set so
//! that its tables print whole and its lines unbroken, as the scripts print them.
//! Tolerances: the deterministic scripts (float64, full batch, no random draws) must agree
//! to 1e-9, relative, at 17 digits, and to print precision (1e-3, relative) at 4; the
//! batch-noise script draws its own data and batches, so it is held to the laws (every
//! measured/predicted ratio within 0.15 of 1) and to σ² within 20% of the Rust example's.
//!
//! The interpreter: `$STEPSIZE_PYTHON`, else the virtual environment `.ci/run` makes
//! (`$HOME/.cache/stepsize/torch-venv`), else `python3`. Without torch the tests say so and
//! pass, so that `cargo test` works without Python; under CI (`CI=true`) a missing torch
//! fails them.

use crate::common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use stepsize::output::report::SECTION_PREFIX;

/// Relative tolerance at 17 digits, for the deterministic scripts.
const EXACT: f64 = 1e-9;
/// Relative tolerance at the book's 4 digits (3 in the schedule tables): half a unit in
/// the last printed digit is at most 5e-3 of a 3-digit number; a whole unit is allowed.
const PRINTED: f64 = 1e-2;

/// The scripts, the example each mirrors, and the snapshots of the sections it prints.
const SCRIPTS: &[(&str, &str, &[&str])] = &[
    (
        "too_high",
        "too_high",
        &["experiment", "threshold", "edge", "sweep"],
    ),
    ("schedules", "schedules", &["notes", "zoo"]),
    (
        "adaptive",
        "adaptive",
        &["gd", "trajectories", "first_step"],
    ),
    ("batch_noise", "batch_size", &["variance"]),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The Python to use, if one with torch is found.
fn python_with_torch() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(p) = std::env::var("STEPSIZE_PYTHON") {
        candidates.push(PathBuf::from(p));
    }
    if let Ok(home) = std::env::var("HOME") {
        candidates.push(Path::new(&home).join(".cache/stepsize/torch-venv/bin/python"));
    }
    candidates.push(PathBuf::from("python3"));
    candidates.into_iter().find(|p| {
        Command::new(p)
            // Whether torch is installed, without importing it (that takes seconds).
            .args([
                "-c",
                "import importlib.util, sys; sys.exit(importlib.util.find_spec('torch') is None)",
            ])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Every script's output, by (script, digits): run once for all the tests, in one process
/// (torch takes seconds to import). `None` without torch.
fn outputs() -> Option<&'static BTreeMap<(String, String), String>> {
    static OUTPUTS: OnceLock<Option<BTreeMap<(String, String), String>>> = OnceLock::new();
    OUTPUTS
        .get_or_init(|| {
            let Some(python) = python_with_torch() else {
                let ci = std::env::var("CI").is_ok_and(|v| v == "true");
                assert!(
                    !ci,
                    "CI=true but no Python with torch: set STEPSIZE_PYTHON or let .ci/run install it"
                );
                // Straight to stderr, past the test harness's capture, so that it shows.
                let _ = writeln!(
                    std::io::stderr(),
                    "pytorch:: skipped: no Python with torch (set STEPSIZE_PYTHON to one)"
                );
                return None;
            };
            // Each script as a reader runs it, then with every digit; a marker line before each.
            let driver = r#"
import os, runpy, sys
for path in sys.argv[1:]:
    for digits in ("0", "17"):
        os.environ["STEPSIZE_DIGITS"] = digits
        print(f"@@@ {os.path.basename(path)[:-3]} {digits}", flush=True)
        runpy.run_path(path, run_name="__main__")
        sys.stdout.flush()
"#;
            let scripts: Vec<PathBuf> = SCRIPTS
                .iter()
                .map(|(s, _, _)| root().join("python").join(format!("{s}.py")))
                .collect();
            let out = Command::new(&python)
                .arg("-c")
                .arg(driver)
                .args(&scripts)
                .output()
                .expect("python starts");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "the scripts failed: {stderr}");
            assert_eq!(stderr, "", "the scripts wrote to stderr");
            let stdout = String::from_utf8(out.stdout).expect("UTF-8");
            let mut map = BTreeMap::new();
            let mut key = None;
            for line in stdout.split_inclusive('\n') {
                if let Some(rest) = line.strip_prefix("@@@ ") {
                    let mut words = rest.split_whitespace();
                    let k = (words.next().unwrap_or("").to_string(), words.next().unwrap_or("").to_string());
                    map.insert(k.clone(), String::new());
                    key = Some(k);
                } else if let Some(k) = &key {
                    map.get_mut(k).expect("inserted").push_str(line);
                }
            }
            Some(map)
        })
        .as_ref()
}

/// The output split at its `=== title ===` lines, each section without the lines only the
/// Rust example prints (its figures) and without trailing blank lines.
fn sections(text: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.starts_with("Figures written to") {
            break;
        }
        if line.starts_with(SECTION_PREFIX) {
            parts.push(String::new());
        }
        let Some(part) = parts.last_mut() else {
            continue;
        };
        if line.starts_with("slider figures for") {
            continue;
        }
        part.push_str(&line.replace("; every run is in --csv and the figure)", ")"));
        part.push('\n');
    }
    parts.iter().map(|p| p.trim_end().to_string()).collect()
}

/// A snapshot's text without insta's header.
fn snapshot(name: &str) -> String {
    let path = root().join(format!("book/snapshots/{name}.snap"));
    let text = std::fs::read_to_string(&path).expect("the snapshot exists");
    let body = text.splitn(3, "---\n").nth(2).expect("insta's header");
    body.trim_end().to_string()
}

/// A token as a number, without the brackets and punctuation around it.
fn number(token: &str) -> Option<f64> {
    token
        .trim_matches(|c: char| "[](),;:".contains(c))
        .parse::<f64>()
        .ok()
}

/// Python's section against Rust's, token by token: text equal, numbers within `rel`,
/// relative (or both below 1e-12 in size). Returns the largest relative difference.
fn compare(what: &str, python: &str, rust: &str, rel: f64) -> f64 {
    let (p, r): (Vec<&str>, Vec<&str>) = (python.lines().collect(), rust.lines().collect());
    assert_eq!(
        p.len(),
        r.len(),
        "{what}: {} lines from Python, {} from Rust\n{python}\n---\n{rust}",
        p.len(),
        r.len()
    );
    let mut largest: f64 = 0.0;
    for (pl, rl) in p.iter().zip(&r) {
        // A table's rule is as wide as its widest cell, which may differ by a digit.
        let rule = |l: &str| l.chars().all(|c| c == '-' || c == ' ');
        if rule(pl) && rule(rl) {
            continue;
        }
        let (pt, rt): (Vec<&str>, Vec<&str>) = (
            pl.split_whitespace().collect(),
            rl.split_whitespace().collect(),
        );
        assert_eq!(pt.len(), rt.len(), "{what}: the lines differ\n{pl}\n{rl}");
        for (a, b) in pt.iter().zip(&rt) {
            if a == b {
                continue;
            }
            let (Some(x), Some(y)) = (number(a), number(b)) else {
                panic!("{what}: {a} against {b}\n{pl}\n{rl}");
            };
            if x.abs().max(y.abs()) < 1e-12 {
                continue;
            }
            let diff = (x - y).abs() / x.abs().max(y.abs());
            assert!(
                diff <= rel,
                "{what}: {a} against {b}, {diff:e} apart, more than {rel:e}\n{pl}\n{rl}"
            );
            largest = largest.max(diff);
        }
    }
    largest
}

/// The Rust example's sections at `digits` (0: the book's), every table whole and every
/// line unbroken ([`stepsize::output::table::WIDTH_VAR`]), as the scripts print them.
fn rust_sections(example: &str, digits: &str) -> Vec<String> {
    let dir = common::scratch(&format!("pytorch-{example}-{digits}"));
    let out = Command::new(common::example_binary(example))
        .args(["--out", dir.to_str().expect("a UTF-8 path")])
        .env(stepsize::numfmt::DIGITS_VAR, digits)
        .env(stepsize::output::table::WIDTH_VAR, "100000")
        .output()
        .expect("the example starts");
    assert!(out.status.success(), "{example} failed");
    sections(&String::from_utf8(out.stdout).expect("UTF-8"))
}

/// A deterministic script: each section it prints is one the book shows (its snapshot's
/// title), and its tables match the example's to print precision at the book's digits and
/// to 1e-9 at every digit.
fn check_deterministic(script: &str) {
    let Some(outputs) = outputs() else { return };
    let (_, example, snaps) = SCRIPTS
        .iter()
        .find(|(s, _, _)| *s == script)
        .expect("a listed script");
    for (digits, rel) in [("0", PRINTED), ("17", EXACT)] {
        let printed = sections(&outputs[&(script.to_string(), digits.to_string())]);
        assert_eq!(
            printed.len(),
            snaps.len(),
            "{script}.py prints one section per snapshot"
        );
        let rust = rust_sections(example, digits);
        let mut largest: f64 = 0.0;
        for (section, snap) in printed.iter().zip(snaps.iter()) {
            let title = section.lines().next().unwrap_or("");
            let name = format!("{example}-{snap}");
            let book = snapshot(&name);
            let book_title = book.lines().next().unwrap_or("").trim_end();
            assert!(
                title.starts_with(book_title),
                "{script}.py prints {title}, where the book's {name} shows {book_title}"
            );
            let theirs = rust
                .iter()
                .find(|s| s.lines().next() == Some(title))
                .unwrap_or_else(|| panic!("{example} prints no section {title}"));
            let what = format!("{script}.py, {name}, digits {digits}");
            largest = largest.max(compare(&what, section, theirs, rel));
        }
        println!("{script}.py: largest relative difference at digits={digits}: {largest:e}");
    }
}

#[test]
fn too_high_py_prints_the_house_price_tables_of_too_high() {
    check_deterministic("too_high");
}

#[test]
fn schedules_py_prints_the_schedule_tables_of_schedules() {
    check_deterministic("schedules");
}

#[test]
fn adaptive_py_prints_the_bowl_tables_of_adaptive() {
    check_deterministic("adaptive");
}

/// Each table row's numbers (the columns after B), by B.
fn noise_rows(section: &str) -> Vec<Vec<Option<f64>>> {
    section
        .lines()
        .skip(4)
        .map(|l| l.split_whitespace().map(number).collect())
        .collect()
}

#[test]
fn batch_noise_py_measures_the_batch_noise_laws_of_batch_size() {
    let Some(outputs) = outputs() else { return };
    let python = &sections(&outputs[&("batch_noise".to_string(), "0".to_string())])[0];
    let rust = sections(&snapshot("batch_size-variance")).remove(0);
    let (p, r): (Vec<&str>, Vec<&str>) = (python.lines().collect(), rust.lines().collect());
    assert_eq!(p.len(), r.len(), "the same rows\n{python}\n---\n{rust}");
    assert_eq!(p[0], r[0], "the same heading");
    assert_eq!(p[2], r[2], "the same columns");
    // "… E‖g_i − g‖² = 213.5 around the full gradient"
    let sigma2 = |line: &str| {
        let after = line.split("= ").nth(1)?;
        number(after.split_whitespace().next()?)
    };
    let (ps, rs) = (sigma2(p[1]).expect("σ²"), sigma2(r[1]).expect("σ²"));
    assert!(
        (ps / rs - 1.0).abs() <= 0.2,
        "σ² {ps} against the Rust example's {rs}"
    );
    println!("batch_noise.py: σ² {ps} against {rs}");
    for (prow, rrow) in noise_rows(python).iter().zip(noise_rows(&rust)) {
        assert_eq!(prow[0], rrow[0], "the same batch sizes");
        let b = prow[0].expect("B");
        // with replacement, its prediction, ratio; shuffled, its prediction, ratio.
        for (row, who) in [(prow, "Python"), (&rrow, "Rust")] {
            let ratio_with = row[1].expect("measured") / row[2].expect("predicted");
            assert!(
                (ratio_with - 1.0).abs() <= 0.15,
                "{who}, B = {b}: with replacement at {ratio_with} of σ²/B"
            );
            let predicted = row[5].expect("predicted");
            if b < 1024.0 {
                let ratio = row[4].expect("measured") / predicted;
                assert!(
                    (ratio - 1.0).abs() <= 0.15,
                    "{who}, B = {b}: shuffled at {ratio} of the prediction"
                );
            } else {
                assert_eq!(predicted, 0.0);
                assert!(
                    row[4].expect("measured") < 1e-20,
                    "{who}: a batch of everything has no noise"
                );
            }
        }
        println!("batch_noise.py: B = {b}: {prow:?} against {rrow:?}");
    }
}

#[test]
fn the_scripts_use_only_torch_and_the_standard_library_and_no_files() {
    for (script, _, _) in SCRIPTS {
        let path = root().join("python").join(format!("{script}.py"));
        let text = std::fs::read_to_string(&path).expect("the script exists");
        for line in text.lines() {
            let line = line.trim_start();
            if let Some(module) = line
                .strip_prefix("import ")
                .or_else(|| line.strip_prefix("from "))
            {
                let module = module.split([' ', '.']).next().unwrap_or("");
                assert!(
                    ["torch", "math", "os"].contains(&module),
                    "{script}.py imports {module}: a notebook cell has only torch and the standard library"
                );
            }
            assert!(!line.contains("open("), "{script}.py opens a file: {line}");
        }
    }
}

#[test]
fn each_chapter_shows_its_script_in_a_folded_block() {
    for (page, script) in [
        ("too_high_too_low", "too_high"),
        ("schedules", "schedules"),
        ("adaptive", "adaptive"),
        ("batch_normalization", "batch_noise"),
    ] {
        let text = std::fs::read_to_string(root().join(format!("book/{page}.md"))).expect("page");
        let include = format!("{{{{#include ../python/{script}.py}}}}");
        let at = text
            .find(&include)
            .unwrap_or_else(|| panic!("{page}.md does not include {script}.py"));
        let before = &text[..at];
        let open = before.rfind("<summary>The same in PyTorch</summary>");
        assert!(
            open.is_some_and(|o| !before[o..].contains("</details>")),
            "{page}.md: {script}.py is not inside a \"The same in PyTorch\" block"
        );
        assert!(
            text.contains(&format!("python3 python/{script}.py")),
            "{page}.md: how to run it"
        );
    }
}

#[test]
fn stepsize_digits_prints_every_digit_and_the_book_four() {
    // What the 17-digit comparison above relies on, checked without torch.
    let run = |digits: Option<&str>| {
        let dir = common::scratch(&format!("pytorch-digits-{}", digits.unwrap_or("none")));
        let mut command = Command::new(common::example_binary("too_high"));
        command.args(["--out", dir.to_str().expect("a UTF-8 path")]);
        command.env_remove(stepsize::numfmt::DIGITS_VAR);
        if let Some(d) = digits {
            command.env(stepsize::numfmt::DIGITS_VAR, d);
        }
        let out = command.output().expect("the example starts");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let line = |text: &str| {
        text.lines()
            .find(|l| l.starts_with("largest stable η"))
            .expect("the threshold line")
            .to_string()
    };
    assert_eq!(line(&run(None)), "largest stable η = 2/λ_max = 0.1301");
    // 2/λ_max to 17 significant digits: enough to read back the same double.
    let every = line(&run(Some("17")));
    let value: f64 = every.rsplit(' ').next().unwrap().parse().unwrap();
    assert_eq!(
        every,
        format!(
            "largest stable η = 2/λ_max = {}",
            stepsize::numfmt::sig(value, 17)
        )
    );
    assert_eq!(
        every
            .rsplit(' ')
            .next()
            .unwrap()
            .trim_start_matches("0.")
            .len(),
        17
    );
}
