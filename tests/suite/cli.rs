//! Every example behaves as a command-line tool should: `--help`, one-line errors with
//! exit code 2, CSV on request, and divergence reported as data, not a crash.

use crate::common::{EXAMPLES, run_example, scratch};

#[test]
fn every_example_prints_help_and_exits_zero() {
    let dir = scratch("help");
    for example in EXAMPLES {
        let out = run_example(example, &["--help"], &dir);
        assert_eq!(out.code, Some(0), "{example} --help");
        assert!(
            out.stdout.contains(&format!(
                "Usage: cargo run --example {example} -- [OPTIONS]"
            )),
            "{example}: {}",
            out.stdout
        );
        assert!(
            out.stdout.contains("--csv") && out.stdout.contains("--out DIR"),
            "{example}"
        );
        assert!(
            !dir.join("target").exists(),
            "{example} --help wrote figures"
        );
    }
}

#[test]
fn bad_input_gets_one_line_and_exit_code_2_for_every_example() {
    let dir = scratch("bad-input");
    let bad: &[&[&str]] = &[
        &["--bogus"],
        &["--steps", "0"],
        &["--steps", "ten"],
        &["stray"],
    ];
    for example in EXAMPLES {
        for args in bad {
            let out = run_example(example, args, &dir);
            assert_eq!(out.code, Some(2), "{example} {args:?}: {}", out.stderr);
            assert_eq!(
                out.stderr.lines().count(),
                1,
                "{example} {args:?}: {}",
                out.stderr
            );
            assert!(
                out.stderr.starts_with("error: "),
                "{example} {args:?}: {}",
                out.stderr
            );
            assert!(!out.stderr.contains("panicked"), "{example} {args:?}");
            assert_eq!(out.stdout, "", "{example} {args:?} printed output");
        }
    }
}

#[test]
fn a_bad_learning_rate_is_rejected_with_its_reason() {
    let dir = scratch("bad-lr");
    for (value, reason) in [
        ("abc", "'abc' is not a number"),
        ("-0.1", "must be greater than 0"),
        ("0", "must be greater than 0"),
        ("inf", "not a finite number"),
        ("0.1,,0.2", "empty value"),
    ] {
        let out = run_example("too_high", &["--lr", value], &dir);
        assert_eq!(out.code, Some(2), "--lr {value}");
        assert!(out.stderr.contains(reason), "--lr {value}: {}", out.stderr);
    }
    let out = run_example("update_rule", &["--lr", "0.1,0.2"], &dir);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("takes one value"), "{}", out.stderr);
}

#[test]
fn bad_input_leaves_existing_figures_untouched() {
    let dir = scratch("untouched");
    let good = run_example("intuition", &["--out", "figs"], &dir);
    assert_eq!(good.code, Some(0));
    let figure = dir.join("figs/parabola_walks.svg");
    let before = std::fs::read(&figure).unwrap();
    let bad = run_example("intuition", &["--out", "figs", "--lr", "0.1,oops"], &dir);
    assert_eq!(bad.code, Some(2));
    assert_eq!(std::fs::read(&figure).unwrap(), before);
}

#[test]
fn an_out_folder_that_is_a_file_is_bad_input() {
    let dir = scratch("out-is-a-file");
    std::fs::write(dir.join("a-file"), "not a folder").unwrap();
    for out in ["a-file", "a-file/figures"] {
        let out = run_example("too_low", &["--out", out], &dir);
        assert_eq!(out.code, Some(2), "{}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert!(out.stderr.starts_with("error: --out: "), "{}", out.stderr);
        assert_eq!(out.stdout, "");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("a-file")).unwrap(),
        "not a folder"
    );
}

#[test]
fn a_start_outside_the_drawn_landscape_is_bad_input() {
    let dir = scratch("bad-start");
    for start in ["1e40", "-6", "5.5"] {
        let out = run_example("intuition", &["--start", start], &dir);
        assert_eq!(out.code, Some(2), "--start {start}: {}", out.stderr);
        assert!(
            out.stderr.contains("--start: must be between -5 and 5"),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn step_counts_have_a_ceiling_and_a_million_steps_stay_small() {
    let dir = scratch("many-steps");
    let out = run_example("too_high", &["--sweep-steps", "20001"], &dir);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("at most 20000"), "{}", out.stderr);
    let out = run_example(
        "intuition",
        &["--lr", "1", "--steps", "1000000", "--out", "big"],
        &dir,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let size = std::fs::metadata(dir.join("big/parabola_walks.svg"))
        .unwrap()
        .len();
    assert!(size < 2_000_000, "a million-step figure is {size} bytes");
}

#[test]
fn a_diverging_learning_rate_is_reported_not_crashed() {
    let dir = scratch("diverging");
    let out = run_example("too_high", &["--lr", "0.5,1e6", "--steps", "1000"], &dir);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("diverged at step"), "{}", out.stdout);
    assert!(!out.stdout.contains("NaN"), "{}", out.stdout);
    // A learning rate so large that the loss overflows to infinity in a few steps.
    let out = run_example("intuition", &["--lr", "1e200", "--steps", "50"], &dir);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("diverged at step"), "{}", out.stdout);
    assert!(
        dir.join("target/stepsize/intuition/parabola_walks.svg")
            .exists()
    );
}

#[test]
fn csv_has_the_documented_columns_and_one_row_per_recorded_step() {
    let dir = scratch("csv");
    let out = run_example(
        "too_high",
        &[
            "--csv",
            "--lr",
            "0.01,0.2",
            "--steps",
            "5",
            "--sweep-steps",
            "3",
        ],
        &dir,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut lines = out.stdout.lines();
    assert_eq!(lines.next(), Some("run,step,lr,loss,outcome,w,b"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 7), "every row has 7 cells");
    let first: Vec<&Vec<&str>> = rows.iter().filter(|r| r[0] == "notes η=0.01").collect();
    assert_eq!(first.len(), 6, "steps 0..=5");
    assert_eq!(first[0][1..], ["0", "0.01", "270000", "", "0", "0"]);
    // The outcome is on a run's last row only: how it ended, divergence included.
    assert_eq!(first[5][4], "ran all 5 steps");
    assert!(first[..5].iter().all(|r| r[4].is_empty()));
    assert!(
        rows.iter()
            .any(|r| r[0].starts_with("sweep ") && r[4].starts_with("diverged at step")),
        "a diverged sweep run says so in its last row"
    );
    // Every experiment of the example is in the CSV: 2 notes runs, 4 edge runs, 42 sweep runs.
    let runs: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[0]).collect();
    assert_eq!(runs.iter().filter(|r| r.starts_with("notes ")).count(), 2);
    assert_eq!(runs.iter().filter(|r| r.starts_with("edge ")).count(), 4);
    assert_eq!(runs.iter().filter(|r| r.starts_with("sweep ")).count(), 42);
    // The figures' location goes to stderr, so stdout stays pure CSV.
    assert!(out.stderr.contains("Figures written to"), "{}", out.stderr);
}

#[test]
fn csv_of_runs_with_different_parameters_has_every_column() {
    let dir = scratch("csv-union");
    let out = run_example(
        "too_low",
        &["--csv", "--lr", "0.4", "--house-lr", "0.1"],
        &dir,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut lines = out.stdout.lines();
    assert_eq!(lines.next(), Some("run,step,lr,loss,outcome,x,w,b"));
    let rows: Vec<&str> = lines.collect();
    assert!(
        rows.iter()
            .any(|r| r.starts_with("parabola η=0.4,0,0.4,4,,0,,"))
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("house η=0.1,0,0.1,270000,,,0,0"))
    );
}

#[test]
fn the_same_run_gives_the_same_bytes() {
    let dir = scratch("deterministic");
    for example in EXAMPLES {
        let a = run_example(example, &["--out", "a"], &dir);
        let b = run_example(example, &["--out", "b"], &dir);
        assert_eq!(a.stdout.replace("a/", "b/"), b.stdout, "{example}");
        for entry in std::fs::read_dir(dir.join("a")).unwrap() {
            let name = entry.unwrap().file_name();
            assert_eq!(
                std::fs::read(dir.join("a").join(&name)).unwrap(),
                std::fs::read(dir.join("b").join(&name)).unwrap(),
                "{example}: {name:?}"
            );
        }
    }
}

#[test]
fn learning_rates_that_differ_are_labelled_differently() {
    let dir = scratch("distinct-labels");
    let out = run_example(
        "too_high",
        &["--lr", "0.1301,0.13013,0.130125", "--steps", "3"],
        &dir,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    for eta in ["0.1301 ", "0.13013 ", "0.130125 "] {
        assert!(
            out.stdout.lines().any(|l| l.trim_start().starts_with(eta)),
            "no row for {eta}: {}",
            out.stdout
        );
    }
}

#[test]
fn any_schedule_prints_with_its_parameters_as_table_csv_and_figure() {
    let dir = scratch("one-schedule");
    let out = run_example(
        "schedules",
        &[
            "--schedule",
            "step",
            "--lr",
            "0.1",
            "--steps",
            "41",
            "--step-size",
            "20",
            "--gamma",
            "0.5",
        ],
        &dir,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("=== step with --lr 0.1 and --step-size, --gamma: η at step t ==="),
        "{}",
        out.stdout
    );
    assert!(dir.join("target/stepsize/schedules/step.svg").exists());
    let out = run_example(
        "schedules",
        &[
            "--schedule",
            "step",
            "--step-size",
            "20",
            "--gamma",
            "0.5",
            "--steps",
            "41",
            "--csv",
        ],
        &dir,
    );
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "run,step,lr,loss,outcome");
    assert_eq!(lines.len(), 42);
    assert_eq!(lines[20], "step,19,0.1,,");
    assert_eq!(lines[21], "step,20,0.05,,");
    assert_eq!(lines[41], "step,40,0.025,,");
}

#[test]
fn bad_schedule_settings_name_the_parameter_and_exit_2() {
    let dir = scratch("bad-schedule");
    for (args, expected) in [
        (
            &["--schedule", "sideways"][..],
            "--schedule: 'sideways' is not one of",
        ),
        (&["--schedule", "step", "--gamma", "-0.5"][..], "--gamma"),
        (
            &["--schedule", "step", "--step-size", "0"][..],
            "--step-size",
        ),
        (
            &[
                "--schedule",
                "cyclic",
                "--base-lr",
                "0.2",
                "--max-lr",
                "0.1",
            ][..],
            "--max-lr",
        ),
        (
            &["--schedule", "multistep", "--milestones", "80,30"][..],
            "--milestones",
        ),
        (
            &["--schedule", "cosine", "--gamma", "0.5"][..],
            "--gamma: the cosine schedule does not use it",
        ),
    ] {
        let out = run_example("schedules", args, &dir);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.starts_with("error: "),
            "{args:?}: {}",
            out.stderr
        );
        assert!(out.stderr.contains(expected), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn an_endless_cycle_is_a_schedule_not_a_crash() {
    let dir = scratch("endless-cycle");
    let args = [
        "--schedule",
        "cyclic",
        "--max-lr",
        "0.2",
        "--step-size-up",
        "10000000000000000000",
        "--steps",
        "5",
    ];
    let out = run_example("schedules", &args, &dir);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}

#[test]
fn any_optimizer_runs_from_the_command_line_and_bad_settings_name_the_setting() {
    let dir = scratch("one-optimizer");
    let out = run_example(
        "adaptive",
        &[
            "--optimizer",
            "adam",
            "--lr",
            "0.3",
            "--steps",
            "30",
            "--start",
            "-4,1",
        ],
        &dir,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains("adam on 0.1·x1² + 2·x2²"),
        "{}",
        out.stdout
    );
    for (args, expected) in [
        (&["--optimizer", "adam", "--beta1", "1.5"][..], "--beta1"),
        (&["--optimizer", "adam", "--eps", "-1"][..], "--eps"),
        (
            &["--optimizer", "nesterov", "--momentum", "0"][..],
            "--momentum",
        ),
        (&["--optimizer", "sgd", "--beta2", "0.9"][..], "--beta2"),
        (&["--optimizer", "adam", "--start", "1,2,3"][..], "--start"),
        (&["--optimizer", "warp"][..], "--optimizer"),
    ] {
        let out = run_example("adaptive", args, &dir);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(expected), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn single_run_settings_without_their_mode_are_rejected() {
    let dir = scratch("settings-without-mode");
    for (example, args, expected) in [
        (
            "adaptive",
            &["--beta1", "0.5"][..],
            "--beta1: only used with --optimizer",
        ),
        (
            "adaptive",
            &["--lr", "0.3"][..],
            "--lr: only used with --optimizer",
        ),
        (
            "schedules",
            &["--gamma", "0.5"][..],
            "--gamma: only used with --schedule",
        ),
    ] {
        let out = run_example(example, args, &dir);
        assert_eq!(out.code, Some(2), "{example} {args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains(expected),
            "{example} {args:?}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_batch_size_outside_the_data_is_bad_input() {
    let dir = scratch("bad-batch");
    for size in ["0", "1025", "4,0"] {
        let out = run_example("batch_size", &["--batch-size", size], &dir);
        assert_eq!(out.code, Some(2), "--batch-size {size}: {}", out.stderr);
        assert!(
            out.stderr
                .contains("--batch-size: must be between 1 and the data size 1024"),
            "{}",
            out.stderr
        );
    }
    let out = run_example("normalization", &["--lr", "-1"], &dir);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
}

#[test]
fn a_range_test_that_ends_before_it_starts_is_bad_input() {
    let dir = scratch("range-backwards");
    let out = run_example("lr_finder", &["--start-lr", "1", "--end-lr", "0.1"], &dir);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("--start-lr: must be below --end-lr"),
        "{}",
        out.stderr
    );
}

#[test]
fn typos_repeats_and_ceilings_get_one_line_that_says_what_to_do() {
    let dir = scratch("typos-repeats-ceilings");
    for (example, args, expected) in [
        (
            "too_high",
            &["--setps", "5"][..],
            "unknown option '--setps' (did you mean --steps?)",
        ),
        ("adaptive", &["--optimizer", "adma"], "(did you mean adam?)"),
        ("too_low", &["--lr", "0.5,0.5"], "--lr: 0.5 is listed twice"),
        (
            "update_rule",
            &["--steps", "abc", "--steps", "5"],
            "--steps: given more than once",
        ),
        (
            "edge_of_stability",
            &["--steps", "20000"],
            "--steps 20000 × 3 runs = 60000 steps in all",
        ),
        (
            "intuition",
            &["--lr", "0.1\nerror: forged"],
            "'0.1\\nerror: forged'",
        ),
        (
            "lr_finder",
            &["--start-lr", "1e-320"],
            "--start-lr: too far below --end-lr",
        ),
    ] {
        let out = run_example(example, args, &dir);
        assert_eq!(out.code, Some(2), "{example} {args:?}: {}", out.stderr);
        assert_eq!(
            out.stderr.lines().count(),
            1,
            "{example} {args:?}: {}",
            out.stderr
        );
        assert!(
            out.stderr.contains(expected),
            "{example} {args:?}: {}",
            out.stderr
        );
    }
    // Help wins wherever it is, and `--` ends the options.
    assert_eq!(
        run_example("too_low", &["--bogus", "--help"], &dir).code,
        Some(0)
    );
    let out = run_example("update_rule", &["--steps", "2", "--"], &dir);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}

#[test]
fn values_at_the_limits_of_a_double_print_no_nan_or_inf() {
    let dir = scratch("limits-of-a-double");
    for (example, args) in [
        ("intuition", &["--lr", "1e308"][..]),
        ("too_high", &["--lr", "1e308", "--sweep-steps", "5"]),
        (
            "adaptive",
            &["--optimizer", "sgd", "--start", "1e308,1e308"],
        ),
        (
            "schedules",
            &["--schedule", "cosine", "--lr", "1e308", "--csv"],
        ),
    ] {
        let out = run_example(example, args, &dir);
        assert_eq!(out.code, Some(0), "{example} {args:?}: {}", out.stderr);
        for word in out.stdout.split(|c: char| !c.is_ascii_alphabetic()) {
            assert!(
                !word.eq_ignore_ascii_case("nan") && !word.eq_ignore_ascii_case("inf"),
                "{example} {args:?}: {}",
                out.stdout
            );
        }
    }
    let out = run_example(
        "adaptive",
        &["--optimizer", "sgd", "--start", "1e308,1e308"],
        &dir,
    );
    assert!(out.stdout.contains("diverged at step 0"), "{}", out.stdout);
}

/// Run an example in `dir` with its stdout and stderr sent where the test says: (exit
/// code, what reached stderr when it was captured).
#[cfg(target_os = "linux")]
fn run_with(
    example: &str,
    args: &[&str],
    dir: &std::path::Path,
    stdout: std::process::Stdio,
    stderr: std::process::Stdio,
) -> std::process::Output {
    std::process::Command::new(crate::common::example_binary(example))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .stdout(stdout)
        .stderr(stderr)
        .output()
        .expect("the example starts")
}

#[cfg(target_os = "linux")]
fn dev_full() -> std::process::Stdio {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full exists on Linux")
        .into()
}

#[test]
#[cfg(target_os = "linux")]
fn help_into_a_full_disk_is_one_line_and_exit_code_1_not_a_panic() {
    use std::process::Stdio;
    let dir = scratch("help-full");
    for example in EXAMPLES {
        let out = run_with(example, &["--help"], &dir, dev_full(), Stdio::piped());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{example}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{example}: {stderr}");
        assert!(
            stderr.starts_with("error: cannot print the output"),
            "{example}: {stderr}"
        );
    }
}

#[test]
#[cfg(target_os = "linux")]
fn help_into_a_closed_pipe_is_not_an_error() {
    use std::process::Stdio;
    let dir = scratch("help-closed-pipe");
    for example in EXAMPLES {
        // The reading end is closed before the example starts: its first write fails.
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let out = run_with(example, &["--help"], &dir, writer.into(), Stdio::piped());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{example}: {stderr}");
        assert_eq!(stderr, "", "{example}");
    }
}

#[test]
#[cfg(target_os = "linux")]
fn an_unwritable_stderr_changes_no_exit_code() {
    use std::process::Stdio;
    let dir = scratch("stderr-full");
    for example in EXAMPLES {
        for args in [&["--bogus"][..], &["--steps", "0"]] {
            let out = run_with(example, args, &dir, Stdio::piped(), dev_full());
            assert_eq!(out.status.code(), Some(2), "{example} {args:?}");
            assert!(out.stdout.is_empty(), "{example} {args:?}");
        }
    }
    // A section-only flag without its section, and a section whose figure note goes to
    // stderr with --csv.
    let out = run_with(
        "rate_bugs",
        &["--section", "order", "--eps", "1"],
        &dir,
        Stdio::piped(),
        dev_full(),
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run_with(
        "rate_bugs",
        &["--section", "eps", "--csv"],
        &dir,
        Stdio::piped(),
        dev_full(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("run,step,lr,loss,outcome"),
        "the CSV is printed"
    );
}

#[test]
fn a_section_that_draws_no_figure_creates_no_folder() {
    let dir = scratch("no-figure-no-folder");
    for args in [
        &["--section", "order"][..],
        &["--section", "order", "--out", "a/b"],
        &["--section", "order", "--csv"],
    ] {
        let out = run_example("rate_bugs", args, &dir);
        assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
        let made: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert!(made.is_empty(), "{args:?} made {made:?}");
    }
    // A section that draws one still writes it.
    let out = run_example("rate_bugs", &["--section", "eps", "--out", "a/b"], &dir);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(dir.join("a/b/eps.svg").is_file());
}

#[test]
fn rate_bugs_errors_and_help_name_what_its_options_hold() {
    let dir = scratch("rate-bugs-words");
    for (args, expected) in [
        (
            &["--section", "eps", "--eps", "0"][..],
            "--eps: values of ε must be greater than 0, got 0",
        ),
        (
            &["--section", "accumulation", "--accumulate", "65"],
            "--accumulate: at most 64 (each optimizer step computes that many gradients), got 65",
        ),
        (
            &["--section", "devices", "--devices", "33"],
            "--devices: at most 32 (32 devices of 8 examples hold the whole data set), got 33",
        ),
    ] {
        let out = run_example("rate_bugs", args, &dir);
        assert_eq!(out.code, Some(2), "{args:?}");
        assert!(out.stderr.contains(expected), "{args:?}: {}", out.stderr);
    }
    let help = run_example("rate_bugs", &["--help"], &dir).stdout;
    assert!(help.contains("--eps EPS[,EPS...]"), "{help}");
    // The example of a repeated list is one of this example's own options.
    assert!(help.contains("(--eps 1e-16 --eps 1e-8)"), "{help}");
    assert!(!help.contains("--lr"), "{help}");
}

/// The sections of the examples that print one by name, as `--help` lists them.
const SECTIONS: &[(&str, &[&str])] = &[
    (
        "adaptive",
        &[
            "gd",
            "trajectories",
            "first_step",
            "theory",
            "beyond",
            "rosenbrock",
            "sensitivity",
            "rotated",
            "network",
            "cost",
        ],
    ),
    (
        "normalization",
        &["regression", "same_lr", "paths", "classifier"],
    ),
    ("batch_size", &["variance", "curves", "sweep"]),
    (
        "lr_finder",
        &["grid", "random", "search2d", "range", "clipping"],
    ),
    ("edge_of_stability", &["sharpness", "power", "exact"]),
];

/// A printed output without its closing note on the figures written.
fn without_figure_note(text: &str) -> &str {
    text.split("\nFigures written to ").next().unwrap_or(text)
}

#[test]
fn each_section_printed_alone_is_the_one_the_book_shows() {
    // Each section's snapshot is that section of the full output (examples.rs): printed on
    // its own it must read the same, whatever it needs from the sections before it.
    std::thread::scope(|scope| {
        for &(example, sections) in SECTIONS {
            scope.spawn(move || {
                let dir = scratch(&format!("section-alone-{example}"));
                let help = run_example(example, &["--help"], &dir).stdout;
                let listed = help
                    .replace("\n", " ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                assert!(
                    listed.contains(&format!("(any of: {})", sections.join(", "))),
                    "{example}: --help lists its sections in the chapter's order: {help}"
                );
                for section in sections {
                    let out = run_example(example, &["--section", section], &dir);
                    assert_eq!(
                        out.code,
                        Some(0),
                        "{example} --section {section}: {}",
                        out.stderr
                    );
                    let path = format!(
                        "{}/book/snapshots/{example}-{section}.snap",
                        env!("CARGO_MANIFEST_DIR")
                    );
                    let snapshot = std::fs::read_to_string(&path).expect("the snapshot exists");
                    let shown: String = snapshot.split_inclusive('\n').skip(3).collect();
                    assert_eq!(
                        without_figure_note(&out.stdout),
                        without_figure_note(&shown),
                        "{example} --section {section}"
                    );
                }
            });
        }
    });
}

#[test]
fn a_bad_section_name_is_one_line_with_a_suggestion() {
    let dir = scratch("bad-section-names");
    for (example, args, expected) in [
        (
            "adaptive",
            &["--section", "rotaed"][..],
            "(did you mean rotated?)",
        ),
        (
            "normalization",
            &["--section", "path"],
            "(did you mean paths?)",
        ),
        (
            "batch_size",
            &["--section", "curve"],
            "(did you mean curves?)",
        ),
        (
            "lr_finder",
            &["--section", "grid,rnadom"],
            "(did you mean random?)",
        ),
        (
            "edge_of_stability",
            &["--section", "exakt"],
            "(did you mean exact?)",
        ),
        (
            "lr_finder",
            &["--section", "grid,grid"],
            "grid is listed twice",
        ),
        ("batch_size", &["--section", ""], "--section"),
        (
            "adaptive",
            &["--section", "gd", "--optimizer", "adam"],
            "--section: the chapter's sections, not with --optimizer",
        ),
        (
            "adaptive",
            &["--section", "gd", "--beta1", "0.5"],
            "--beta1: only used with --optimizer",
        ),
        (
            "normalization",
            &["--section", "regression,paths", "--steps", "30"],
            "--steps: only used with --section same_lr or classifier or without --section",
        ),
        (
            "lr_finder",
            &["--section", "clipping", "--seed", "3"],
            "--seed: only used with --section grid, random, search2d or range or without --section",
        ),
    ] {
        let out = run_example(example, args, &dir);
        assert_eq!(out.code, Some(2), "{example} {args:?}: {}", out.stdout);
        assert!(
            out.stderr.contains(expected),
            "{example} {args:?}: {}",
            out.stderr
        );
        assert_eq!(
            out.stderr.lines().count(),
            1,
            "{example} {args:?}: {}",
            out.stderr
        );
        assert!(out.stdout.is_empty(), "{example} {args:?}");
    }
    // Several sections print in the chapter's order, each once.
    let out = run_example(
        "edge_of_stability",
        &["--section", "exact,power,exact2"],
        &dir,
    );
    assert_eq!(out.code, Some(2));
    let out = run_example(
        "batch_size",
        &["--section", "sweep,variance", "--epochs", "1"],
        &dir,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_sections_begin(
        &out.stdout,
        &["=== Gradient noise", "=== The best and the largest stable"],
    );
}

#[test]
fn a_section_printed_alone_keeps_in_its_csv_the_runs_it_lists_from_another() {
    // lr_finder's range test lists the grid's best run; adaptive's first steps are those of
    // section trajectories' runs.
    let dir = scratch("section-alone-csv");
    for (example, section, run) in [
        ("lr_finder", "range", "grid η=0.03162,"),
        ("adaptive", "first_step", "quadratic Adam η=0.3,"),
    ] {
        let out = run_example(example, &["--section", section, "--csv"], &dir);
        assert_eq!(out.code, Some(0), "{example}: {}", out.stderr);
        assert!(
            out.stdout.lines().any(|l| l.starts_with(run)),
            "{example} --section {section} --csv has no run {run}"
        );
    }
}

#[test]
fn a_tiny_or_huge_eps_says_what_overflows() {
    let dir = scratch("eps-overflow");
    let out = run_example(
        "rate_bugs",
        &["--section", "eps", "--eps", "1e-320,1e308"],
        &dir,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains("not run: η/ε overflows"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("overflows"), "{}", out.stdout);
    let sixteen = out
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("1e308") && l.contains("overflows"));
    assert!(sixteen.is_some(), "ε in 16 bits: {}", out.stdout);
}

#[test]
fn several_sections_print_in_the_chapters_order_and_each_once() {
    let dir = scratch("several-sections");
    let out = run_example("rate_bugs", &["--section", "groups,order"], &dir);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_sections_begin(
        &out.stdout,
        &["=== Scheduler before optimizer", "=== Different rates"],
    );
    for (args, expected) in [
        (&["--section", "order,order"][..], "order is listed twice"),
        (&["--section", "order,epz"], "(did you mean eps?)"),
        (&["--section", "ε"], "(did you mean eps?)"),
        (
            &["--section", "order,groups", "--eps", "1"],
            "--eps: only used with --section eps",
        ),
    ] {
        let out = run_example("rate_bugs", args, &dir);
        assert_eq!(out.code, Some(2), "{args:?}");
        assert!(out.stderr.contains(expected), "{args:?}: {}", out.stderr);
    }
}

/// The examples whose `--section` names split the whole output into parts.
const SECTIONED: &[&str] = &[
    "intuition",
    "update_rule",
    "too_high",
    "too_low",
    "schedules",
    "rate_bugs",
    "after_cosine",
    "scaling",
];

#[test]
fn the_sections_printed_one_at_a_time_are_the_default_output() {
    let dir = scratch("sections-one-at-a-time");
    // The text without the note of figures written, which lists each run's own.
    let text = |example: &str, args: &[&str]| {
        let out = run_example(example, &[args, &["--out", "f"]].concat(), &dir);
        assert_eq!(out.code, Some(0), "{example} {args:?}: {}", out.stderr);
        let text = out
            .stdout
            .split("\nFigures written to")
            .next()
            .unwrap_or("");
        text.to_string()
    };
    for example in SECTIONED {
        let help = run_example(example, &["--help"], &dir).stdout;
        let names = crate::outputs::section_names(&help);
        assert!(names.len() >= 2, "{example} lists its sections: {help}");
        let parts: Vec<String> = names
            .iter()
            .map(|name| text(example, &["--section", name]))
            .collect();
        assert_eq!(parts.join("\n"), text(example, &[]), "{example}");
    }
}

#[test]
fn a_misspelled_section_is_refused_with_the_name_meant() {
    let dir = scratch("section-did-you-mean");
    for (example, typed, meant) in [
        ("intuition", "valley", "valleys"),
        ("update_rule", "gradchek", "gradcheck"),
        ("too_high", "treshold", "threshold"),
        ("too_low", "houses", "house"),
        ("schedules", "warm-up", "warmup"),
        ("after_cosine", "robins_monro", "robbins_monro"),
        ("scaling", "widht", "width"),
    ] {
        let out = run_example(example, &["--section", typed], &dir);
        assert_eq!(out.code, Some(2), "{example} --section {typed}");
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert!(
            out.stderr.contains(&format!("(did you mean {meant}?)")),
            "{example}: {}",
            out.stderr
        );
        assert!(out.stdout.is_empty(), "{example}: {}", out.stdout);
    }
}

#[test]
fn a_flag_given_without_a_section_that_reads_it_is_refused() {
    let dir = scratch("section-flags-refused");
    for (example, args, expected) in [
        (
            "too_high",
            &["--section", "experiment", "--sweep-steps", "10"][..],
            "--sweep-steps: only used with --section edge or sweep or without --section",
        ),
        (
            "too_high",
            &["--section", "edge", "--lr", "0.5"],
            "--lr: only used with --section experiment or threshold or without --section",
        ),
        (
            "too_high",
            &["--section", "sweep,edge", "--lr", "0.5"],
            "--lr: only used with --section experiment or threshold",
        ),
        (
            "too_high",
            &["--section", "threshold", "--steps", "10"],
            "--steps: only used with --section experiment or without --section",
        ),
        (
            "schedules",
            &["--section", "zoo", "--seeds", "2"],
            "--seeds: only used with --section noise or decay or without --section",
        ),
        (
            "schedules",
            &["--section", "notes,plateau,warmup", "--seeds", "2"],
            "--seeds: only used with --section noise or decay",
        ),
        (
            "after_cosine",
            &["--section", "robbins_monro", "--cool-down", "10"],
            "--cool-down: only used with --section branches or without --section",
        ),
        (
            "after_cosine",
            &["--section", "river", "--seeds", "2"],
            "--seeds: only used with --section robbins_monro, branches, budget or extended",
        ),
        (
            "scaling",
            &["--section", "noise", "--seeds", "2"],
            "--seeds: only used with --section critical, temperature or adam or without --section",
        ),
        (
            "scaling",
            &["--section", "noise,temperature", "--widths", "8"],
            "--widths: only used with --section width or without --section",
        ),
        (
            "scaling",
            &["--section", "temperature", "--lr", "0.1"],
            "--lr: only used with --section critical, adam or width",
        ),
    ] {
        let out = run_example(example, args, &dir);
        assert_eq!(out.code, Some(2), "{example} {args:?}");
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert!(
            out.stderr.contains(expected),
            "{example} {args:?}: {}",
            out.stderr
        );
        assert!(out.stdout.is_empty(), "{example} {args:?}: {}", out.stdout);
    }
}

#[test]
fn after_cosine_and_scaling_take_a_list_of_sections_like_the_others() {
    let dir = scratch("section-lists");
    for (example, args, expected) in [
        (
            "after_cosine",
            &["--section", "river,river"][..],
            "river is listed twice",
        ),
        (
            "after_cosine",
            &["--section", "river,"],
            "empty value in the list",
        ),
        (
            "scaling",
            &["--section", "noise,width,noise"],
            "noise is listed twice",
        ),
        (
            "scaling",
            &["--section", ",noise"],
            "empty value in the list",
        ),
    ] {
        let out = run_example(example, args, &dir);
        assert_eq!(out.code, Some(2), "{example} {args:?}");
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert!(
            out.stderr.contains(expected),
            "{example} {args:?}: {}",
            out.stderr
        );
    }
    // Printed in the chapter's order, whatever the order of the list.
    let out = run_example(
        "after_cosine",
        &[
            "--section",
            "river,branches",
            "--steps",
            "200",
            "--out",
            "f",
        ],
        &dir,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_sections_begin(
        &out.stdout,
        &["=== Cool-downs branched", "=== Why the drop happens"],
    );
}

#[test]
fn the_river_at_the_largest_budget_fits_100_columns() {
    let dir = scratch("river-width");
    // The river runs one seed, so its budget is not shared with --seeds.
    let out = run_example(
        "after_cosine",
        &["--section", "river", "--steps", "20000", "--out", "f"],
        &dir,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    for line in out.stdout.lines() {
        assert!(
            line.chars().count() <= 100,
            "{} columns: {line}",
            line.chars().count()
        );
    }
}

/// Every `cargo run --example NAME -- FLAGS` the book's pages show in inline code, as
/// (page, example, flags), once each; the bare commands are the snapshot tests' runs.
fn commands_the_book_shows() -> Vec<(String, String, Vec<String>)> {
    let book = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("book");
    let mut pages = vec![];
    for dir in [book.clone(), book.join("teaching")] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                pages.push(path);
            }
        }
    }
    pages.sort();
    let mut found: Vec<(String, String, Vec<String>)> = vec![];
    for path in pages {
        let text = std::fs::read_to_string(&path).unwrap();
        // Inline code only: `cargo run --example NAME -- FLAGS` (a command split over two
        // lines of Markdown is joined by the space the line break becomes).
        for code in text.split('`').skip(1).step_by(2) {
            let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
            let Some(rest) = code.strip_prefix("cargo run --example ") else {
                continue;
            };
            let Some((name, flags)) = rest.split_once(" -- ") else {
                continue;
            };
            let flags: Vec<String> = flags.split(' ').map(String::from).collect();
            if flags == ["--help"] || found.iter().any(|(_, n, f)| n == name && *f == flags) {
                continue;
            }
            let page = path.file_name().unwrap().to_string_lossy().into_owned();
            found.push((page, name.to_string(), flags));
        }
    }
    found
}

#[test]
fn every_command_the_book_shows_runs_as_printed() {
    let commands = commands_the_book_shows();
    assert!(
        commands.len() > 40,
        "found only {} commands",
        commands.len()
    );
    let dir = scratch("book-commands");
    for (page, example, flags) in commands {
        let args: Vec<&str> = flags.iter().map(String::as_str).collect();
        let out = run_example(&example, &args, &dir);
        assert_eq!(
            out.code,
            Some(0),
            "{page} shows `cargo run --example {example} -- {}`, which fails: {}",
            flags.join(" "),
            out.stderr
        );
    }
}

#[test]
fn effective_lr_refuses_equilibrium_flags_elsewhere_and_grids_past_its_ceiling() {
    let dir = scratch("effective-lr-words");
    for (args, expected) in [
        (
            &["--section", "layers", "--weight-decay", "0.1"][..],
            "--weight-decay: only used with --section equilibrium",
        ),
        (
            &["--section", "range", "--norm", "layer"],
            "--norm: only used with --section equilibrium",
        ),
        (
            &["--lr", "1,2,3,4,5", "--weight-decay", "1,2,3,4"],
            "20 pairs (η, λ), more than 16",
        ),
        (
            &["--section", "equilibrium", "--weight-decay", "0"],
            "--weight-decay: weight decays must be greater than 0, got 0",
        ),
        (
            &["--section", "equilibrium", "--optimizer", "adma"],
            "(did you mean adam?)",
        ),
        (&["--steps", "20001"], "at most 20000"),
    ] {
        let out = run_example("effective_lr", args, &dir);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(expected), "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{args:?}: {}", out.stderr);
    }
    let help = run_example("effective_lr", &["--help"], &dir).stdout;
    for word in [
        "layers",
        "equilibrium",
        "--weight-decay LAMBDA",
        "--norm",
        "--optimizer",
    ] {
        assert!(help.contains(word), "{word}: {help}");
    }
}

#[test]
fn effective_lr_csv_has_the_first_layers_norm_and_angle_for_every_row() {
    let dir = scratch("effective-lr-csv");
    let out = run_example(
        "effective_lr",
        &["--section", "equilibrium", "--steps", "20", "--csv"],
        &dir,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // The last two columns (parameter names such as "W1[0,1]" are quoted, with commas).
    let header = out.stdout.lines().next().unwrap();
    assert!(
        header.ends_with(",first_layer_norm,first_layer_angle"),
        "{header}"
    );
    let rows: Vec<Vec<&str>> = out
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    // 4 runs of 21 rows; the angle is empty on each run's first row only.
    assert_eq!(rows.len(), 4 * 21);
    for row in &rows {
        let (norm, angle) = (row[row.len() - 2], row[row.len() - 1]);
        assert!(norm.parse::<f64>().unwrap() > 0.0, "{row:?}");
        assert_eq!(angle.is_empty(), row[1] == "0", "{row:?}");
    }
}

/// The `=== ` headings of an example's output begin, in order, with `starts`, and there
/// are no others.
fn assert_sections_begin(stdout: &str, starts: &[&str]) {
    let headings: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with(stepsize::output::report::SECTION_PREFIX))
        .collect();
    assert_eq!(headings.len(), starts.len(), "{stdout}");
    for (heading, start) in headings.iter().zip(starts) {
        assert!(heading.starts_with(start), "{headings:?}");
    }
}
