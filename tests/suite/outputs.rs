//! What every example's default output, `--csv` output and figures hold: every run the
//! output reports is in the CSV, and no value prints as `NaN` or `inf` anywhere.
//!
//! Each example runs twice (as a reader would, then with `--csv`), once for both tests.

use std::collections::BTreeMap;
use std::fs;
use std::sync::OnceLock;

use crate::common;
use stepsize::output::report::SECTION_PREFIX;

/// One example's default text, its CSV, and its figures as (file name, SVG).
struct Outputs {
    text: String,
    csv: String,
    figures: Vec<(String, String)>,
}

fn outputs() -> &'static Vec<(&'static str, Outputs)> {
    static CACHE: OnceLock<Vec<(&'static str, Outputs)>> = OnceLock::new();
    CACHE.get_or_init(|| {
        let dir = common::scratch("outputs");
        common::EXAMPLES
            .iter()
            .map(|&example| {
                let text = common::run_example(example, &["--out", "figures"], &dir);
                assert_eq!(text.code, Some(0), "{example}: {}", text.stderr);
                let csv = common::run_example(example, &["--csv", "--out", "figures-csv"], &dir);
                assert_eq!(csv.code, Some(0), "{example} --csv: {}", csv.stderr);
                let mut figures: Vec<(String, String)> = fs::read_dir(dir.join("figures"))
                    .expect("the example wrote its figures")
                    .map(|e| {
                        let path = e.expect("a directory entry").path();
                        let name = path.file_name().unwrap().to_string_lossy().into_owned();
                        (name, fs::read_to_string(&path).expect("an SVG is text"))
                    })
                    .collect();
                figures.sort();
                // The next example writes its own figures into a clean folder.
                let _ = fs::remove_dir_all(dir.join("figures"));
                let _ = fs::remove_dir_all(dir.join("figures-csv"));
                (
                    example,
                    Outputs {
                        text: text.stdout,
                        csv: csv.stdout,
                        figures,
                    },
                )
            })
            .collect()
    })
}

/// Where an example's output reports runs, and the CSV label each run must have there:
/// (example, section heading starts with, the table's first column header, the label with
/// `{}` for that column's cell). A section can report runs in one table only.
const REPORTED: &[(&str, &str, &str, &str)] = &[
    ("intuition", "Walkers on L(x)", "η", "parabola η={}"),
    ("after_cosine", "Why the drop happens", "run", "river {}"),
    ("intuition", "Walkers in three valleys", "η", "valleys η={}"),
    ("too_high", "The house-price experiment", "η", "notes η={}"),
    ("too_high", "Either side of the threshold", "η", "edge η={}"),
    ("too_high", "Sweep: loss after", "η", "sweep η={}"),
    ("too_low", "Steps to loss < 1e-6", "η", "parabola η={}"),
    (
        "too_low",
        "Steps to loss < 1 on the house",
        "η",
        "house η={}",
    ),
    ("schedules", "Four schedules", "schedule", "notes {}"),
    ("schedules", "Every schedule", "schedule", "zoo {}"),
    // The figure and the table average 5 seeds; the CSV holds every seed.
    (
        "schedules",
        "Final excess loss",
        "schedule",
        "decay {} seed 0",
    ),
    (
        "schedules",
        "Final excess loss",
        "schedule",
        "decay {} seed 4",
    ),
    ("schedules", "Warm-up", "run", "warmup {}"),
    ("adaptive", "Gradient descent on", "run", "gd {}"),
    ("adaptive", "Six optimizers", "optimizer", "quadratic {}"),
    // The first step of each adaptive run of the bowl above.
    ("adaptive", "The first step", "optimizer", "quadratic {}"),
    ("adaptive", "Beyond quadratics", "optimizer", "beyond {}"),
    (
        "adaptive",
        "Rosenbrock's valley",
        "optimizer",
        "rosenbrock {}",
    ),
    // The paths behind the counts (the counts themselves are a summary of 26 rates each).
    (
        "adaptive",
        "The same bowl turned",
        "optimizer",
        "rotated {}",
    ),
    (
        "adaptive",
        "A one-hidden-layer network",
        "optimizer",
        "network {}",
    ),
    ("normalization", "The same η", "features", "same-lr {}"),
    (
        "normalization",
        "Gradient-descent paths",
        "features",
        "paths {}",
    ),
    (
        "normalization",
        "Logistic regression",
        "features",
        "classifier {}",
    ),
    ("batch_size", "Training at η", "B", "curves B={}"),
    ("effective_lr", "SGD, 200 updates", "η", "range none η={}"),
    ("effective_lr", "SGD, 200 updates", "η", "range batch η={}"),
    ("effective_lr", "SGD, 200 updates", "η", "range layer η={}"),
    ("effective_lr", "Equilibrium:", "η", "equilibrium η={}"),
    ("edge_of_stability", "Sharpness against 2/η", "η", "gd η={}"),
    ("lr_finder", "Grid search", "η", "grid η={}"),
    ("lr_finder", "Random search", "η", "random η={}"),
    ("lr_finder", "Gradient clipping", "run", "clipping {}"),
    // Tables average 5 seeds; the CSV holds every seed.
    (
        "rate_bugs",
        "Steps or epochs",
        "schedule",
        "units {} seed 0",
    ),
    (
        "rate_bugs",
        "Steps or epochs",
        "schedule",
        "units {} seed 4",
    ),
    ("rate_bugs", "Warm-up that starts", "warm-up", "warmup {}"),
    (
        "rate_bugs",
        "Gradient accumulation",
        "set-up",
        "accumulation {} seed 0",
    ),
    (
        "rate_bugs",
        "Gradient accumulation",
        "set-up",
        "accumulation {} seed 4",
    ),
    ("rate_bugs", "Resuming from", "set-up", "resume {} seed 0"),
    ("rate_bugs", "Resuming from", "set-up", "resume {} seed 4"),
    // The table of 300-step runs; the first steps above it are single steps, not runs.
    ("rate_bugs", "Sum or mean", "run", "reduction {} seed 0"),
    ("rate_bugs", "Sum or mean", "run", "reduction {} seed 4"),
    ("rate_bugs", "Data parallel", "set-up", "devices {} seed 0"),
    ("rate_bugs", "Data parallel", "set-up", "devices {} seed 4"),
    ("rate_bugs", "Different rates", "backbone rate", "groups {}"),
    // Each row of both tables is one ε: Adam and SGD at η/ε, then on the feature in
    // thousands Adam with its state in 64 and in 16 bits.
    ("rate_bugs", "Adam's ε", "ε", "eps Adam ε={}"),
    ("rate_bugs", "Adam's ε", "ε", "eps SGD at η/ε, ε={}"),
    (
        "rate_bugs",
        "Adam's ε",
        "ε",
        "eps in thousands 64-bit state ε={}",
    ),
    (
        "rate_bugs",
        "Adam's ε",
        "ε",
        "eps in thousands 16-bit state ε={}",
    ),
];

/// Runs reported otherwise than as a table row of their own: (example, section heading
/// starts with, CSV label prefixes).
const ALSO_REPORTED: &[(&str, &str, &[&str])] = &[
    // The single run whose updates the table lists, and the tutorial's five-point example.
    (
        "update_rule",
        "Gradient descent from w = b = 0",
        &["houses η=0.01"],
    ),
    ("update_rule", "The five-point tutorial", &["notes η="]),
    ("schedules", "Reduce-on-plateau", &["plateau plateau"]),
    // The two runs whose rates the table lists side by side, and whose losses it gives.
    (
        "rate_bugs",
        "Scheduler before optimizer",
        &["order optimizer first", "order scheduler first"],
    ),
    // The pretraining whose test accuracy the section's first line gives.
    (
        "rate_bugs",
        "Different rates",
        &["groups pretraining on two moons"],
    ),
    // Each batch size's best rate comes from a sweep of rates, its largest stable rate from
    // 300-step runs: all of them are in the CSV.
    (
        "batch_size",
        "The best and the largest stable",
        &[
            "sweep B=1 η=0.001 2048 steps",
            "sweep B=1024 η=1 2 steps",
            "sweep B=1 η=0.01 300 steps",
            "sweep B=1024 η=1 300 steps",
        ],
    ),
    // effective_lr: runs whose tables name them by optimizer or by step.
    (
        "effective_lr",
        "BatchNorm network, SGD",
        &["growth λ=0", "growth λ=0.01"],
    ),
    (
        "effective_lr",
        "BatchNorm network, weight_decay",
        &["coupled adam η=0.01", "coupled adamw η=0.03"],
    ),
    (
        "effective_lr",
        "Adam η = 0.01",
        &[
            "eps Adam ε=1e-8 scale 1",
            "eps SGD at η/ε with ε=0.1 scale 100",
        ],
    ),
    // The range test's curve (raw and smoothed, both in its figure) and the full run at
    // each of fastai's suggestions (the suggestions table).
    (
        "lr_finder",
        "The range test",
        &[
            "range test loss",
            "range test smoothed loss",
            "suggestion valley η=",
            "suggestion slide η=",
            "suggestion minimum/10 η=",
            "suggestion steep η=",
        ],
    ),
    // scaling: each section's sweeps, the runs behind the noise scales and the prediction.
    (
        "scaling",
        "The gradient noise",
        &["noise regression, full", "noise network, full"],
    ),
    (
        "scaling",
        "The critical batch",
        &["critical B=1 η=", "critical prediction full"],
    ),
    (
        "scaling",
        "SGD's noise scale",
        &["temperature g=0.5 B=1 ", "temperature g=2 B=512 "],
    ),
    (
        "scaling",
        "The best η against B",
        &["adam sgd B=1 η=", "adam adam B=256 η="],
    ),
    (
        "scaling",
        "The best η against width",
        &["width standard width 64 ", "width mup width 1024 "],
    ),
];

/// Sections that list no run of their own, so none need be in the CSV: data, formulas
/// and measurements without training (a gradient check, gradient noise, memory), or only
/// a summary of many runs (a count or a median over rates or repetitions, a bisection).
/// The intro says so; the frames of the sliders are figures, not sections, and are not
/// in the CSV either.
const SUMMARIES: &[(&str, &str)] = &[
    ("update_rule", "The house-price data"),
    ("update_rule", "Gradient check"),
    ("too_high", "The stability threshold"),
    // Means over seeds and over the last steps, per rate.
    ("schedules", "The noise floor"),
    // Bisections, and the measured rate of each method's run.
    ("adaptive", "Momentum's stability limit"),
    // Counts over 26 rates per method and problem (the figure: each run's final loss).
    ("adaptive", "Sensitivity"),
    ("adaptive", "Memory"),
    ("normalization", "Linear regression on raw"),
    ("batch_size", "Gradient noise"),
    // Gradients at the initial weights, and single optimizer steps on one number.
    ("effective_lr", "Exact gradients"),
    ("effective_lr", "Scaling the first layer"),
    ("effective_lr", "One step from"),
    // Means over the second half of the runs the first section lists, and eigenvalues.
    ("edge_of_stability", "Mean sharpness over the second half"),
    ("edge_of_stability", "The exact"),
    // Medians over 100 repetitions of 9-run searches.
    ("lr_finder", "Grid against random search"),
    // Means over seeds (seed 0's runs, and the averages' curves, are in the CSV).
    ("after_cosine", "Below the noise floor"),
    ("after_cosine", "Cool-downs branched"),
    ("after_cosine", "One budget"),
    ("after_cosine", "Stopped at n"),
];

/// The sections of a printed output as (heading, body).
fn sections(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(title) = line.strip_prefix(SECTION_PREFIX) {
            out.push((title.trim_end_matches(" ===").to_string(), String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            *body += line;
            body.push('\n');
        }
    }
    out
}

/// The first cells of the rows of the table in `body` whose first header is `first`
/// (tables are rendered by `Table::render`: header, a rule of dashes, rows).
fn first_column(body: &str, first: &str) -> Vec<String> {
    let lines: Vec<&str> = body.lines().collect();
    for i in 1..lines.len() {
        let rule = lines[i];
        if !(rule.starts_with('-') && rule.chars().all(|c| c == '-' || c == ' ')) {
            continue;
        }
        if lines[i - 1].trim_start().split("  ").next() != Some(first) {
            continue;
        }
        let width = rule.chars().take_while(|&c| c == '-').count();
        let gaps: Vec<usize> = rule
            .char_indices()
            .filter(|&(_, c)| c == ' ')
            .map(|(k, _)| rule[..k].chars().count())
            .collect();
        let mut cells = Vec::new();
        for row in &lines[i + 1..] {
            let chars: Vec<char> = row.chars().collect();
            let fits = !chars.is_empty()
                && chars.len() <= rule.chars().count()
                && gaps.iter().all(|&g| chars.get(g).is_none_or(|c| *c == ' '));
            if !fits {
                break;
            }
            cells.push(chars[..width.min(chars.len())].iter().collect::<String>());
        }
        return cells.into_iter().map(|c| c.trim().to_string()).collect();
    }
    panic!("no table with first column {first:?} in:\n{body}");
}

/// The runs of a CSV: each label (its first column, unquoted) with the rate of its first
/// row.
fn csv_runs(csv: &str) -> BTreeMap<String, f64> {
    let mut runs = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let (label, rest) = if let Some(quoted) = line.strip_prefix('"') {
            let (label, rest) = quoted.split_once("\",").expect("a closing quote");
            (label.replace("\"\"", "\""), rest)
        } else {
            let (label, rest) = line.split_once(',').expect("a label and cells");
            (label.to_string(), rest)
        };
        let lr = rest.split(',').nth(1).and_then(|s| s.parse().ok());
        runs.entry(label).or_insert(lr.unwrap_or(f64::NAN));
    }
    runs
}

/// Whether `value` prints as `cell` when rounded to the digits `cell` shows (`0.0316` for
/// 0.031622…, `2.95e-6` for 2.9512e-6).
fn rounds_to(value: f64, cell: &str) -> bool {
    let Ok(shown) = cell.parse::<f64>() else {
        return false;
    };
    let (mantissa, exponent) = cell.split_once('e').unwrap_or((cell, "0"));
    let decimals = mantissa.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let unit = 10_f64.powi(exponent - decimals);
    (value - shown).abs() <= unit / 2.0 * (1.0 + 1e-9)
}

#[test]
fn every_examples_csv_holds_every_run_its_default_output_reports() {
    let mut failures = Vec::new();
    for (example, out) in outputs() {
        let runs = csv_runs(&out.csv);
        for (title, body) in sections(&out.text) {
            let reported: Vec<_> = REPORTED
                .iter()
                .filter(|(e, t, _, _)| e == example && title.starts_with(t))
                .collect();
            let summary = SUMMARIES
                .iter()
                .any(|(e, t)| e == example && title.starts_with(t));
            let also: Vec<_> = ALSO_REPORTED
                .iter()
                .filter(|(e, t, _)| e == example && title.starts_with(t))
                .collect();
            if reported.is_empty() && !summary && also.is_empty() {
                failures.push(format!(
                    "{example}: section {title:?} is not accounted for: list its runs in REPORTED or say why in SUMMARIES"
                ));
            }
            for (_, _, first, template) in reported {
                let cells = first_column(&body, first);
                assert!(!cells.is_empty(), "{example}: {title:?} has no rows");
                for cell in cells {
                    let label = template.replace("{}", &cell);
                    // A rate is found by its value: the table rounds it, the label may
                    // name it otherwise (`edge η=0.9·2/λ_max`).
                    let found = match template.strip_suffix("η={}") {
                        Some(experiment) => runs
                            .iter()
                            .any(|(l, &lr)| l.starts_with(experiment) && rounds_to(lr, &cell)),
                        None => runs.contains_key(&label),
                    };
                    if !found {
                        failures.push(format!(
                            "{example}: {title:?} reports {cell:?}, but its CSV has no run {label:?}"
                        ));
                    }
                }
            }
            for (_, _, prefixes) in also {
                for prefix in *prefixes {
                    if !runs.keys().any(|l| l.starts_with(prefix)) {
                        failures.push(format!(
                            "{example}: {title:?} reports a run the CSV lacks: {prefix:?}…"
                        ));
                    }
                }
            }
        }
        // Every run says how it ended, on its last row.
        let header: Vec<&str> = out.csv.lines().next().unwrap_or("").split(',').collect();
        assert_eq!(
            header[..5],
            ["run", "step", "lr", "loss", "outcome"],
            "{example}"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Whether text shows a value that is not a number: a word `NaN` or `inf`.
fn shows_non_finite(text: &str) -> Option<&str> {
    text.lines().find(|line| {
        line.split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.eq_ignore_ascii_case("nan") || w.eq_ignore_ascii_case("inf"))
    })
}

#[test]
fn no_default_output_csv_or_figure_shows_nan_or_inf() {
    let mut failures = Vec::new();
    for (example, out) in outputs() {
        for (what, text) in [("output", &out.text), ("CSV", &out.csv)] {
            if let Some(line) = shows_non_finite(text) {
                failures.push(format!("{example}'s {what}: {line:?}"));
            }
        }
        assert!(!out.figures.is_empty(), "{example} draws figures");
        for (name, svg) in &out.figures {
            if let Some(line) = shows_non_finite(svg) {
                let line: String = line.chars().take(200).collect();
                failures.push(format!("{example}'s {name}: {line:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The widest line of every example's `--help`, for a projector or a terminal of 100
/// columns.
#[test]
fn every_examples_help_fits_98_columns() {
    let mut failures = Vec::new();
    let dir = common::scratch("help-width");
    for example in common::EXAMPLES {
        let help = common::run_example(example, &["--help"], &dir);
        let (width, line) = widest(&help.stdout);
        if width > stepsize::output::flags::HELP_WIDTH {
            failures.push(format!("{example} --help, {width} columns: {line}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The longest line of `text`, as (characters, the line).
fn widest(text: &str) -> (usize, String) {
    text.lines()
        .map(|l| (l.chars().count(), l.to_string()))
        .max()
        .unwrap_or_default()
}

/// The names `--section` takes, as the help lists them (`(one of: a, b)` or `(any of: …)`
/// in the option's description), or none when the example has no `--section`.
pub fn section_names(help: &str) -> Vec<String> {
    let Some(start) = help.find("  --section ") else {
        return Vec::new();
    };
    let rest = &help[start + 2..];
    let option = &rest[..rest.find("\n  -").unwrap_or(rest.len())];
    let words = option.split_whitespace().collect::<Vec<_>>().join(" ");
    let list = words
        .split_once("one of: ")
        .or_else(|| words.split_once("any of: "))
        .map(|(_, list)| list.split(')').next().unwrap_or(""))
        .expect("--help lists the names --section takes");
    list.split(", ").map(str::to_string).collect()
}

#[test]
fn every_examples_output_and_each_of_its_sections_fit_100_columns() {
    let width = stepsize::output::table::WIDTH;
    let mut failures = Vec::new();
    for (example, out) in outputs() {
        let (w, line) = widest(&out.text);
        if w > width {
            failures.push(format!("{example}, {w} columns: {line}"));
        }
    }
    let dir = common::scratch("section-width");
    for example in common::EXAMPLES {
        let help = common::run_example(example, &["--help"], &dir);
        for section in section_names(&help.stdout) {
            let run = common::run_example(example, &["--section", &section, "--out", "f"], &dir);
            assert_eq!(
                run.code,
                Some(0),
                "{example} --section {section}: {}",
                run.stderr
            );
            let (w, line) = widest(&run.stdout);
            if w > width {
                failures.push(format!(
                    "{example} --section {section}, {w} columns: {line}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_out_folder_that_cannot_be_written_is_one_line_and_exit_code_2() {
    // /proc refuses new folders, even to root, so this holds on any Linux machine.
    let dir = common::scratch("out-unwritable");
    for example in ["too_high", "effective_lr"] {
        let out = common::run_example(example, &["--out", "/proc/stepsize-figures"], &dir);
        assert_eq!(out.code, Some(2), "{example}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{example}: {}", out.stderr);
        assert!(
            out.stderr
                .starts_with("error: cannot write figures to /proc/stepsize-figures"),
            "{example}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_rate_past_the_largest_double_is_reported_in_words_not_as_inf() {
    // ε = 1e-311 makes η/ε = 1e309, past the largest double: the CSV names the run as not
    // run, in words.
    let dir = common::scratch("eps-overflow");
    let out = common::run_example(
        "rate_bugs",
        &["--section", "eps", "--eps", "1e-311", "--csv"],
        &dir,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(!out.stdout.to_lowercase().contains("inf"), "{}", out.stdout);
    assert!(
        out.stdout.contains("too large to represent"),
        "{}",
        out.stdout
    );
}
