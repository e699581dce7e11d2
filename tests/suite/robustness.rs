//! No command line breaks an example: every example, run over a table of hostile inputs
//! (values at and past the limits of a double, subnormals, NaN and infinities, empty and
//! repeated list items, long lists, the ceilings `--help` states and one past them,
//! repeated, unknown and misspelled flags, `--flag=value`, `--`, control characters and
//! arguments that are not UTF-8), either finishes (exit 0) or refuses with exactly one line
//! on stderr (exit 2). Never a panic, an abort or a hang, and no `NaN` or `inf` printed.
//!
//! The options and their ceilings are read from each example's `--help`, so a new option
//! is covered without touching this table. Cases run in parallel threads, each in its own
//! scratch folder (the figures go there), and a case still running after
//! [`TIME_LIMIT`] is killed and fails.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::{EXAMPLES, example_binary, scratch};

/// The longest a case may take, in wall time (dev profile). The slowest accepted inputs
/// take about 5 s of CPU (scaling's critical batch at B = 1 and 2, effective_lr's
/// equilibrium at 20 000 steps); the limit leaves room for two cores shared with the rest
/// of the suite, where 20 s was seen to kill them.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// What a case must do.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// Finish or refuse: exit 0, or exit 2 with one line.
    Either,
    /// Refuse with one line and exit code 2.
    Refused,
    /// Finish: exit 0 (help, and the book's own commands).
    Finished,
}

#[derive(Clone, Debug)]
struct Case {
    example: &'static str,
    args: Vec<OsString>,
    expect: Expect,
}

fn case(example: &'static str, args: &[&str], expect: Expect) -> Case {
    Case {
        example,
        args: args.iter().map(OsString::from).collect(),
        expect,
    }
}

/// One option as `--help` shows it: name, value placeholder and the stated ceiling.
#[derive(Clone, Debug)]
struct HelpOpt {
    name: String,
    metavar: String,
    at_most: Option<u64>,
}

/// The options an example lists in its `--help`, without the shared ones.
fn options_of(example: &str) -> Vec<HelpOpt> {
    let out = Command::new(example_binary(example))
        .arg("--help")
        .output()
        .expect("the example starts");
    let text = String::from_utf8(out.stdout).expect("help is UTF-8");
    // An option's description may wrap onto the lines below it, indented further.
    let mut entries: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.starts_with("  -") {
            entries.push(line.to_string());
        } else if let (Some(entry), true) = (entries.last_mut(), line.starts_with("    ")) {
            *entry += " ";
            *entry += line.trim_start();
        }
    }
    entries
        .iter()
        .filter_map(|line| {
            let line = line.trim_start();
            let rest = line.strip_prefix("--")?;
            let mut words = rest.split_whitespace();
            let name = words.next()?.to_string();
            let metavar = words.next().unwrap_or("").to_string();
            let metavar = if metavar
                .chars()
                .all(|c| c.is_ascii_uppercase() || "[,.]".contains(c))
            {
                metavar
            } else {
                String::new()
            };
            let at_most = line
                .split("(at most ")
                .nth(1)
                .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
                .and_then(|n| n.parse().ok());
            Some(HelpOpt {
                name,
                metavar,
                at_most,
            })
        })
        .filter(|o| !["csv", "out", "help"].contains(&o.name.as_str()))
        .collect()
}

/// The flags that select the mode in which `option` means something, and keep the run
/// short when the hostile value is accepted (a handful of steps instead of thousands).
fn context(example: &str, option: &str) -> Vec<&'static str> {
    let mut args: Vec<&'static str> = match example {
        "schedules" => {
            let schedule = match option {
                "seeds" => return vec!["--section", "noise"],
                "schedule" => return vec![],
                "step-size" | "gamma" => "step",
                "milestones" => "multistep",
                "t-max" | "eta-min" | "clamp" => "cosine",
                "t0" | "t-mult" => "cosine-restarts",
                "start-factor" | "end-factor" | "total-iters" => "linear",
                "power" => "polynomial",
                "max-lr" | "base-lr" | "step-size-up" | "step-size-down" => "cyclic",
                "pct-start" | "anneal-strategy" | "div-factor" | "final-div-factor"
                | "three-phase" | "total-steps" => "onecycle",
                "factor" | "patience" | "threshold" | "threshold-mode" | "cooldown" | "min-lr"
                | "mode" => "plateau",
                "warmup" => "inverse-sqrt",
                "warmup-steps" | "decay-steps" | "decay-shape" => "wsd",
                _ => "cosine",
            };
            let mut args = vec!["--schedule", schedule];
            if schedule == "cyclic" && option != "max-lr" {
                args.extend(["--max-lr", "0.2"]);
            }
            args
        }
        // A flag of one section, with that section only.
        "after_cosine" if option != "section" => vec!["--section", "branches"],
        "intuition" => match option {
            "lr" | "steps" => vec!["--section", "parabola"],
            "section" => vec![],
            _ => vec!["--section", "valleys"],
        },
        "update_rule" => match option {
            "lr" | "steps" => vec!["--section", "updates"],
            "seed" => vec!["--section", "gradcheck"],
            _ => vec![],
        },
        "too_high" => match option {
            "steps" | "lr" => vec!["--section", "experiment"],
            "sweep-steps" => vec!["--section", "edge,sweep"],
            _ => vec![],
        },
        "too_low" => match option {
            "lr" => vec!["--section", "parabola"],
            "house-lr" => vec!["--section", "house"],
            _ => vec![],
        },
        "effective_lr" => match option {
            "section" => vec![],
            "seed" => vec!["--section", "layers"],
            "steps" => vec!["--section", "equilibrium"],
            _ => vec!["--section", "equilibrium", "--steps", "20"],
        },
        "rate_bugs" => match option {
            "accumulate" => vec!["--section", "accumulation"],
            "eps" => vec!["--section", "eps"],
            "devices" => vec!["--section", "devices"],
            _ => vec![],
        },
        // Each flag with the one section that reads it, or the cheapest.
        "normalization" => match option {
            "lr" | "steps" => vec!["--section", "same_lr"],
            _ => vec![],
        },
        "batch_size" => match option {
            "batch-size" | "lr" | "epochs" => vec!["--section", "curves"],
            _ => vec![],
        },
        "lr_finder" => match option {
            "start-lr" | "end-lr" | "steps" | "seed" => vec!["--section", "range"],
            _ => vec![],
        },
        "edge_of_stability" if option != "section" => vec!["--section", "exact"],
        "scaling" => match option {
            "section" => vec![],
            "batch-size" | "lr" => vec!["--section", "critical"],
            "widths" | "param" | "optimizer" => vec!["--section", "width"],
            _ => vec!["--section", "temperature"],
        },
        "adaptive" => {
            let optimizer = match option {
                "momentum" | "dampening" => "momentum",
                "alpha" | "centered" => "rmsprop",
                "eps" | "beta1" | "beta2" | "amsgrad" => "adam",
                "weight-decay" => "adamw",
                "lr-decay" => "adagrad",
                "warmup-steps" => "sgd-schedule-free",
                "optimizer" | "section" => return vec![],
                _ => "sgd",
            };
            vec!["--optimizer", optimizer]
        }
        _ => vec![],
    };
    let short: &[&'static str] = match example {
        "lr_finder" | "edge_of_stability" | "normalization" => &["--steps", "20"],
        "batch_size" => &["--epochs", "1"],
        "schedules" => &["--steps", "30"],
        _ => &[],
    };
    if !short.is_empty() && short[0] != format!("--{option}") {
        args.extend(short);
    }
    args
}

/// Hostile values for an option, by the placeholder its `--help` shows.
fn values_for(opt: &HelpOpt) -> Vec<String> {
    const NUMBERS: &[&str] = &[
        "inf", "NaN", "1e308", "-1e308", "1e309", "1e140", "5e-324", "1e-400", "-0", "", "abc",
        "0.1\n0.2",
    ];
    const NUMBER_LISTS: &[&str] = &[",", "0.1,,0.2", "0.5,0.5", "1e308,1e-300", "-5,-2"];
    const COUNTS: &[&str] = &[
        "0",
        "-0",
        "-1",
        "1.5",
        "",
        "18446744073709551616",
        "99999999999999999999999",
        "7\u{7}",
    ];
    const COUNT_LISTS: &[&str] = &["1,1", "3,,4", "30,80"];
    const WORDS: &[&str] = &["", "bogus", "adma", "cosin", "sgd\n", "\u{1b}[31m"];
    let texts = |lists: &[&[&str]]| -> Vec<String> {
        lists
            .iter()
            .flat_map(|l| l.iter().map(|s| s.to_string()))
            .collect()
    };
    let mut values = match opt.metavar.as_str() {
        "ETA" | "X" => texts(&[NUMBERS]),
        "ETA[,ETA...]" | "X[,X...]" => {
            let mut v = texts(&[NUMBERS, NUMBER_LISTS]);
            v.push(list(20, |i| format!("0.{:02}", i + 1)));
            v.push(list(21, |i| format!("{}", i + 1)));
            v
        }
        "N" | "SEED" => texts(&[COUNTS]),
        "N[,N...]" => {
            let mut v = texts(&[COUNTS, COUNT_LISTS]);
            v.push(list(20, |i| format!("{}", i + 1)));
            v.push(list(21, |i| format!("{}", i + 1)));
            v
        }
        "WORD" => texts(&[WORDS]),
        "WORD[,WORD...]" => {
            let mut v = texts(&[WORDS]);
            v.extend([",", "x,", ",x", "a,,b"].map(String::from));
            v
        }
        _ => vec![],
    };
    if let Some(max) = opt.at_most {
        values.push(max.to_string());
        values.push((max + 1).to_string());
    }
    values
}

fn list(n: usize, item: impl Fn(usize) -> String) -> String {
    (0..n).map(item).collect::<Vec<_>>().join(",")
}

/// The whole table: hostile values for every option of every example, the command-line
/// shapes every example must handle, and the inputs that once hung or crashed.
fn cases() -> Vec<Case> {
    use Expect::*;
    let mut cases = Vec::new();
    for &example in EXAMPLES {
        for opt in options_of(example) {
            let flag = format!("--{}", opt.name);
            let ctx = context(example, &opt.name);
            if opt.metavar.is_empty() {
                // A switch: given, given twice, given a value.
                for extra in [vec![], vec![flag.clone()], vec![format!("{flag}=yes")]] {
                    let mut args: Vec<String> = ctx.iter().map(|s| s.to_string()).collect();
                    args.push(flag.clone());
                    args.extend(extra);
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    cases.push(case(example, &args, Either));
                }
                continue;
            }
            for value in values_for(&opt) {
                let mut args: Vec<String> = ctx.iter().map(|s| s.to_string()).collect();
                args.push(flag.clone());
                args.push(value.clone());
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                cases.push(case(example, &args, Either));
            }
            // `--flag=value`, the flag twice, and the flag with no value at the end.
            let mut args: Vec<String> = ctx.iter().map(|s| s.to_string()).collect();
            args.push(format!("{flag}=1e308"));
            cases.push(case(
                example,
                &args.iter().map(String::as_str).collect::<Vec<_>>(),
                Either,
            ));
            cases.push(case(
                example,
                &[flag.as_str(), "1", flag.as_str(), "2"],
                Either,
            ));
            cases.push(case(example, &[flag.as_str()], Refused));
        }
        for args in [
            &["--bogus"][..],
            &["--setps", "5"],
            &["-lr", "0.1"],
            &["-x"],
            &["stray"],
            &["--", "stray"],
            &["--", "--csv"],
            &["--csv=yes"],
            &["--csv", "--csv"],
            &["--out", ""],
            &["--out", "a\nb"],
            &["--out", "x", "--out", "y"],
            &["--bogus\u{1b}[2J"],
            &["--lr\r\nerror: forged", "1"],
            &["--=1"],
            &["---lr", "1"],
        ] {
            cases.push(case(example, args, Refused));
        }
        for args in [
            &["--help"][..],
            &["-h"],
            &["--bogus", "--help"],
            &["--help", "--bogus"],
            &["--steps", "--help"],
        ] {
            cases.push(case(example, args, Finished));
        }
        cases.push(case(example, &["--"], Either));
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            let bad = || OsString::from_vec(vec![b'0', b'.', 0xff]);
            cases.push(Case {
                example,
                args: vec!["--lr".into(), bad()],
                expect: Refused,
            });
            cases.push(Case {
                example,
                args: vec![OsString::from_vec(b"--\xffoo".to_vec())],
                expect: Refused,
            });
        }
    }
    // The inputs of issue 13 that exhausted memory, crashed, printed NaN or inf, or hung.
    let many = |n: usize, scale: f64| list(n, |i| format!("{}", scale * (i + 1) as f64));
    let (rates_1000, tiny_1000, rates_50) = (many(1000, 1e-3), many(1000, 1e-12), many(50, 1e-3));
    let owned: Vec<(&'static str, Vec<String>, Expect)> = vec![
        (
            "intuition",
            vec![
                "--lr".into(),
                rates_1000.clone(),
                "--steps".into(),
                "1000000".into(),
            ],
            Refused,
        ),
        (
            "intuition",
            vec![
                "--lr".into(),
                many(10, 1e-3),
                "--steps".into(),
                "1000000".into(),
            ],
            Refused,
        ),
        (
            "too_low",
            vec!["--steps".into(), "200000".into(), "--lr".into(), tiny_1000],
            Refused,
        ),
        (
            "edge_of_stability",
            vec!["--steps".into(), "20000".into(), "--lr".into(), rates_50],
            Refused,
        ),
        (
            "edge_of_stability",
            vec!["--steps".into(), "20000".into()],
            Refused,
        ),
        // The new chapters' reviews: a first seed at the top of the range (its seeds
        // wrapped to none, and three sections panicked), each flag at its own ceiling
        // (half a gigabyte and most of a minute), a warm-up longer than the run.
        (
            "after_cosine",
            [
                "--seed",
                "18446744073709551615",
                "--seeds",
                "2",
                "--steps",
                "100",
            ]
            .map(String::from)
            .to_vec(),
            Finished,
        ),
        (
            "after_cosine",
            ["--steps", "20000", "--seeds", "20"]
                .map(String::from)
                .to_vec(),
            Refused,
        ),
        // A flag that only one section reads, without that section; and --section with
        // schedules' single-schedule mode.
        (
            "intuition",
            ["--section", "parabola", "--start", "2"]
                .map(String::from)
                .to_vec(),
            Refused,
        ),
        (
            "update_rule",
            ["--section", "data,notes", "--seed", "1"]
                .map(String::from)
                .to_vec(),
            Refused,
        ),
        (
            "too_high",
            ["--section", "sweep", "--steps", "10"]
                .map(String::from)
                .to_vec(),
            Refused,
        ),
        (
            "too_low",
            ["--section", "house", "--lr", "0.1"]
                .map(String::from)
                .to_vec(),
            Refused,
        ),
        (
            "schedules",
            ["--schedule", "cosine", "--section", "zoo"]
                .map(String::from)
                .to_vec(),
            Refused,
        ),
        (
            "schedules",
            ["--schedule", "cosine", "--seeds", "2"]
                .map(String::from)
                .to_vec(),
            Refused,
        ),
        (
            "scaling",
            ["--section", "noise", "--lr", "0.1"]
                .map(String::from)
                .to_vec(),
            Refused,
        ),
        (
            "scaling",
            ["--section", "width", "--lr", "0.1,0.10"]
                .map(String::from)
                .to_vec(),
            Refused,
        ),
        // A flag that no chosen section reads, and a section with a mode that has none.
        (
            "adaptive",
            ["--section", "gd", "--optimizer", "sgd"]
                .map(String::from)
                .to_vec(),
            Refused,
        ),
        (
            "adaptive",
            ["--section", "gd", "--lr", "0.1"]
                .map(String::from)
                .to_vec(),
            Refused,
        ),
        (
            "normalization",
            ["--section", "paths", "--lr", "0.3"]
                .map(String::from)
                .to_vec(),
            Refused,
        ),
        (
            "batch_size",
            ["--section", "variance", "--epochs", "3"]
                .map(String::from)
                .to_vec(),
            Refused,
        ),
        (
            "lr_finder",
            ["--section", "clipping", "--start-lr", "1e-5"]
                .map(String::from)
                .to_vec(),
            Refused,
        ),
        (
            "adaptive",
            [
                "--optimizer",
                "sgd-schedule-free",
                "--steps",
                "50",
                "--warmup-steps",
                "51",
            ]
            .map(String::from)
            .to_vec(),
            Refused,
        ),
    ];
    for (example, args, expect) in owned {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cases.push(case(example, &args, expect));
    }
    for (example, args) in [
        (
            "adaptive",
            &["--optimizer", "sgd", "--start", "1e308,1e308"][..],
        ),
        (
            "adaptive",
            &["--optimizer", "adam", "--start", "1e154,1e154"],
        ),
        ("adaptive", &["--optimizer", "sgd", "--lr", "0.6"]),
        ("intuition", &["--lr", "1e308"]),
        ("update_rule", &["--lr", "1e308"]),
        ("too_high", &["--lr", "1e308"]),
        ("schedules", &["--schedule", "cosine", "--lr", "1e308"]),
        (
            "schedules",
            &["--schedule", "cosine", "--lr", "1e308", "--csv"],
        ),
        ("lr_finder", &["--start-lr", "1e-320"]),
        ("lr_finder", &["--start-lr", "5e-324"]),
        ("lr_finder", &["--start-lr", "1e-300", "--steps", "20"]),
        ("intuition", &["--lr", "1e140"]),
        ("too_high", &["--lr", "1e140"]),
        ("batch_size", &["--lr", "1e140", "--epochs", "1"]),
        ("edge_of_stability", &["--lr", "1e150"]),
        ("normalization", &["--lr", "1e280", "--steps", "20"]),
        ("too_low", &["--lr", "0.5,0.5"]),
        ("batch_size", &["--batch-size", "1,1"]),
        ("edge_of_stability", &["--lr", "0.5,0.5"]),
        ("update_rule", &["--steps", "abc", "--steps", "5"]),
        ("update_rule", &["--seed", "-0"]),
        ("intuition", &["--lr", "1e308", "--csv"]),
        (
            "too_high",
            &[
                "--lr",
                "1e308",
                "--csv",
                "--steps",
                "3",
                "--sweep-steps",
                "3",
            ],
        ),
        ("update_rule", &["--lr", "1e-320", "--csv", "--steps", "3"]),
        // A path 1e25 high in a frame 9 high: clipping must not leave the frame.
        (
            "adaptive",
            &[
                "--optimizer",
                "sgd",
                "--lr",
                "0.9",
                "--start",
                "1e24,5",
                "--steps",
                "100",
            ],
        ),
    ] {
        cases.push(case(example, args, Either));
    }
    for &schedule in stepsize::output::schedules::NAMES {
        for lr in ["1.7e308", "5e-324"] {
            let mut args = vec!["--schedule", schedule, "--lr", lr, "--steps", "20"];
            if schedule == "cyclic" {
                args.extend(["--max-lr", lr]);
            }
            cases.push(case("schedules", &args, Either));
        }
    }
    // The book's own commands keep working within the ceilings.
    for (example, args) in [
        ("intuition", &["--lr", "0.6,0.95,1,1.05"][..]),
        (
            "too_high",
            &["--lr", "0.12,0.13,0.131,0.14", "--steps", "1000"],
        ),
        (
            "edge_of_stability",
            &["--lr", "0.15,0.25", "--steps", "4000"],
        ),
        (
            "batch_size",
            &["--batch-size", "2,32", "--lr", "0.02", "--epochs", "4"],
        ),
        (
            "lr_finder",
            &["--start-lr", "1e-5", "--end-lr", "1", "--steps", "500"],
        ),
        ("intuition", &["--lr", "1", "--steps", "1000000"]),
    ] {
        cases.push(case(example, args, Finished));
    }
    cases
}

/// Whether text shows a value that is not a number: a word `NaN` or `inf`.
fn shows_non_finite(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.eq_ignore_ascii_case("nan") || w.eq_ignore_ascii_case("inf"))
}

/// Run one case in `dir`; `Err` says what went wrong.
fn run(case: &Case, dir: &Path) -> Result<(), String> {
    let stdout_path = dir.join("stdout");
    let stderr_path = dir.join("stderr");
    let started = Instant::now();
    let mut child = Command::new(example_binary(case.example))
        .args(&case.args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).expect("a scratch file"))
        .stderr(std::fs::File::create(&stderr_path).expect("a scratch file"))
        .spawn()
        .expect("the example starts");
    let status = loop {
        if let Some(status) = child.try_wait().expect("the example can be waited for") {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("still running after {TIME_LIMIT:?}: killed"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = String::from_utf8_lossy(&std::fs::read(&stdout_path).unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&std::fs::read(&stderr_path).unwrap()).into_owned();
    let code = status.code();
    let fail = |why: &str| {
        let head: String = stderr.chars().take(300).collect();
        Err(format!("{why} (exit {code:?}); stderr: {head:?}"))
    };
    if stderr.contains("panicked") {
        return fail("panicked");
    }
    match (code, case.expect) {
        (Some(0), Expect::Either | Expect::Finished) => {}
        (Some(2), Expect::Either | Expect::Refused) => {
            if stderr.lines().count() != 1 || !stderr.starts_with("error: ") {
                return fail("a refusal is one line starting with 'error: '");
            }
            if !stdout.is_empty() {
                return fail("a refusal prints nothing on stdout");
            }
        }
        _ => return fail("wrong exit code"),
    }
    if shows_non_finite(&stdout) {
        let line = stdout.lines().find(|l| shows_non_finite(l)).unwrap_or("");
        return fail(&format!("stdout shows NaN or inf: {line:?}"));
    }
    if (stdout.clone() + &stderr)
        .matches("Figures written to")
        .count()
        > 1
    {
        return fail("the figure note is printed more than once");
    }
    Ok(())
}

#[test]
fn no_command_line_crashes_hangs_or_prints_nan() {
    let root = scratch("robustness");
    let cases = cases();
    assert!(cases.len() > 300, "{} cases", cases.len());
    let started = Instant::now();
    let next = Arc::new(Mutex::new(0usize));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let cases = Arc::new(cases);
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 4);
    let workers: Vec<_> = (0..threads)
        .map(|t| {
            let (next, failures, cases) = (next.clone(), failures.clone(), cases.clone());
            let dir: PathBuf = root.join(format!("worker-{t}"));
            std::fs::create_dir_all(&dir).unwrap();
            std::thread::spawn(move || {
                loop {
                    let i = {
                        let mut n = next.lock().unwrap();
                        *n += 1;
                        *n - 1
                    };
                    let Some(case) = cases.get(i) else { break };
                    let t0 = Instant::now();
                    let result = run(case, &dir);
                    if std::env::var_os("ROBUSTNESS_TIMES").is_some() {
                        eprintln!(
                            "TIME {:.3} {} {:?}",
                            t0.elapsed().as_secs_f64(),
                            case.example,
                            case.args
                        );
                    }
                    if let Err(why) = result {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{} {:?}: {why}", case.example, case.args));
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("a worker thread");
    }
    let failures = failures.lock().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    eprintln!(
        "robustness: {} command lines in {:.1} s",
        cases.len(),
        started.elapsed().as_secs_f64()
    );
}
