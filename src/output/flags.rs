//! Command-line flags for the examples.
//!
//! Each example declares its options as a list of [`Opt`]; [`Args::parse`] adds the flags
//! every example shares (`--csv`, `--out`, `--help`), validates everything before any work
//! starts, and on bad input prints one line to stderr and exits with code 2.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

/// A rejected value, named by its flag as on the command line: what the optimizer and
/// schedule builders return, and what an example prints as its one-line error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagError {
    /// The flag, in kebab case without the dashes, e.g. `beta1`, `weight-decay` or `t-max`
    /// (or `optimizer`, `schedule`, `lr`).
    pub flag: &'static str,
    /// What is wrong, e.g. `must be in [0, 1), got 1.5`.
    pub message: String,
}

impl FlagError {
    pub(crate) fn new(flag: &'static str, message: impl Into<String>) -> Self {
        FlagError {
            flag,
            message: message.into(),
        }
    }
}

impl fmt::Display for FlagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--{}: {}", self.flag, self.message)
    }
}

impl std::error::Error for FlagError {}

/// What kind of value an option takes, and how it is checked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// One learning rate: a finite number > 0.
    Lr,
    /// One or more learning rates, comma-separated or repeated: each finite and > 0.
    LrList,
    /// A count of steps or epochs: a whole number from 1 to the option's maximum
    /// (every step of a run is kept in memory, so there is a ceiling).
    Steps,
    /// A seed for the random generator: any whole number ≥ 0.
    Seed,
    /// A finite number.
    Number,
    /// A finite number > 0.
    Positive,
    /// A number in the closed interval [lo, hi].
    Between(f64, f64),
    /// An optional finite number: absent unless given (its default depends on other flags).
    MaybeNumber,
    /// An optional comma-separated list of finite numbers (e.g. a point `-5,-2`).
    MaybeNumbers,
    /// An optional whole number ≥ 0.
    MaybeCount,
    /// An optional comma-separated list of whole numbers ≥ 0.
    MaybeCounts,
    /// An optional word from a fixed list.
    MaybeChoice(&'static [&'static str]),
    /// A switch that takes no value.
    Flag,
}

/// The default ceiling of a [`Kind::Steps`] option.
pub const MAX_STEPS: u64 = 1_000_000;

/// One option an example accepts.
#[derive(Clone, Copy, Debug)]
pub struct Opt {
    pub name: &'static str,
    pub kind: Kind,
    pub default: &'static str,
    pub help: &'static str,
    /// The largest value a [`Kind::Steps`] option accepts.
    pub max_steps: u64,
}

impl Opt {
    pub const fn new(
        name: &'static str,
        kind: Kind,
        default: &'static str,
        help: &'static str,
    ) -> Self {
        Opt {
            name,
            kind,
            default,
            help,
            max_steps: MAX_STEPS,
        }
    }

    /// Lower the ceiling of a [`Kind::Steps`] option (e.g. when it multiplies many runs).
    pub const fn at_most(mut self, max_steps: u64) -> Self {
        self.max_steps = max_steps;
        self
    }

    fn metavar(&self) -> &'static str {
        match self.kind {
            Kind::Lr => "ETA",
            Kind::LrList => "ETA[,ETA...]",
            Kind::Steps => "N",
            Kind::Seed => "SEED",
            Kind::Number | Kind::Positive | Kind::Between(..) | Kind::MaybeNumber => "X",
            Kind::MaybeCount => "N",
            Kind::MaybeNumbers => "X[,X...]",
            Kind::MaybeCounts => "N[,N...]",
            Kind::MaybeChoice(_) => "WORD",
            Kind::Flag => "",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Value {
    Numbers(Vec<f64>),
    Count(u64),
    Counts(Vec<u64>),
    Text(String),
    Switch(bool),
    Missing,
}

/// Parsed, validated arguments.
#[derive(Clone, Debug)]
pub struct Args {
    values: HashMap<&'static str, Value>,
    /// The options that appeared on the command line (not filled in from defaults).
    given: Vec<&'static str>,
    /// `--csv`: print run histories as CSV instead of tables.
    pub csv: bool,
    /// `--out DIR`: where figures are written.
    pub out: PathBuf,
}

/// What parsing produced when it did not produce arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// `--help` was given: print this text and exit 0.
    Help(String),
    /// Bad input: print this one line and exit 2.
    Error(String),
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Help(text) => f.write_str(text),
            Stop::Error(line) => f.write_str(line),
        }
    }
}

/// The folder an example writes its figures to unless `--out` says otherwise. It is under
/// `target/`, so a reader's run never overwrites the book's own copies.
pub fn default_out(example: &str) -> PathBuf {
    PathBuf::from("target").join("stepsize").join(example)
}

impl Args {
    /// Parse the process's arguments; print help or a one-line error and exit if needed.
    pub fn parse(example: &str, about: &str, opts: &[Opt]) -> Args {
        let argv: Vec<String> = std::env::args().skip(1).collect();
        match Args::try_parse(example, about, opts, &argv) {
            Ok(args) => args,
            Err(Stop::Help(text)) => {
                print!("{text}");
                std::process::exit(0);
            }
            Err(Stop::Error(line)) => {
                eprintln!("{line}");
                std::process::exit(2);
            }
        }
    }

    /// Parse `argv` (without the program name). Never exits; used by [`Args::parse`] and tests.
    pub fn try_parse(
        example: &str,
        about: &str,
        opts: &[Opt],
        argv: &[String],
    ) -> Result<Args, Stop> {
        let error = |msg: String| Stop::Error(format!("error: {msg} (see --help)"));
        let mut given: HashMap<&'static str, Vec<String>> = HashMap::new();
        let mut csv = false;
        let mut out = None;
        let mut i = 0;
        while i < argv.len() {
            let arg = argv[i].as_str();
            i += 1;
            if arg == "-h" || arg == "--help" {
                return Err(Stop::Help(help(example, about, opts)));
            }
            let Some(flag) = arg.strip_prefix("--") else {
                return Err(error(format!("unexpected argument '{arg}'")));
            };
            let (name, inline) = match flag.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (flag, None),
            };
            if name == "csv" {
                if inline.is_some() {
                    return Err(error("--csv takes no value".into()));
                }
                csv = true;
                continue;
            }
            let mut take_value = |name: &str| -> Result<String, Stop> {
                if let Some(v) = inline.clone() {
                    return Ok(v);
                }
                match argv.get(i) {
                    Some(v) if !v.starts_with("--") || v.parse::<f64>().is_ok() => {
                        i += 1;
                        Ok(v.clone())
                    }
                    _ => Err(error(format!("--{name} needs a value"))),
                }
            };
            if name == "out" {
                let v = take_value(name)?;
                if v.is_empty() {
                    return Err(error("--out needs a folder name".into()));
                }
                out = Some(PathBuf::from(v));
                continue;
            }
            let Some(opt) = opts.iter().find(|o| o.name == name) else {
                return Err(error(format!("unknown option '--{name}'")));
            };
            if opt.kind == Kind::Flag {
                if inline.is_some() {
                    return Err(error(format!("--{name} takes no value")));
                }
                given.entry(opt.name).or_default().push("true".into());
                continue;
            }
            let v = take_value(name)?;
            given.entry(opt.name).or_default().push(v);
        }

        let mut values = HashMap::new();
        let given_names: Vec<&'static str> = opts
            .iter()
            .map(|o| o.name)
            .filter(|n| given.contains_key(n))
            .collect();
        for opt in opts {
            let raw: Vec<String> = match given.remove(opt.name) {
                Some(v) => v,
                None if is_optional(opt.kind) => {
                    values.insert(opt.name, Value::Missing);
                    continue;
                }
                None if opt.kind == Kind::Flag => {
                    values.insert(opt.name, Value::Switch(false));
                    continue;
                }
                None => vec![opt.default.to_string()],
            };
            let value = check(opt, &raw).map_err(|m| error(format!("--{}: {m}", opt.name)))?;
            values.insert(opt.name, value);
        }
        Ok(Args {
            values,
            given: given_names,
            csv,
            out: out.unwrap_or_else(|| default_out(example)),
        })
    }

    fn numbers(&self, name: &str) -> &[f64] {
        match self.values.get(name) {
            Some(Value::Numbers(v)) => v,
            other => panic!("option --{name} is not a declared numeric option: {other:?}"),
        }
    }

    /// All values of an [`Kind::LrList`] option.
    pub fn lrs(&self, name: &str) -> Vec<f64> {
        self.numbers(name).to_vec()
    }

    /// The value of a single-number option ([`Kind::Lr`], [`Kind::Number`], [`Kind::Positive`]).
    pub fn number(&self, name: &str) -> f64 {
        self.numbers(name)[0]
    }

    /// The value of a [`Kind::Steps`] option.
    pub fn steps(&self, name: &str) -> usize {
        self.count(name) as usize
    }

    /// The value of a [`Kind::Seed`] option.
    pub fn seed(&self, name: &str) -> u64 {
        self.count(name)
    }

    /// An optional number, if it was given.
    pub fn maybe_number(&self, name: &str) -> Option<f64> {
        match self.values.get(name) {
            Some(Value::Numbers(v)) => v.first().copied(),
            Some(Value::Missing) => None,
            other => panic!("option --{name} is not a declared optional number: {other:?}"),
        }
    }

    /// Whether the option appeared on the command line (rather than taking its default).
    pub fn given(&self, name: &str) -> bool {
        self.given.contains(&name)
    }

    /// Exit with a one-line error if any of `names` was given without `mode`: for
    /// settings that only mean something in one mode of an example.
    pub fn require_with(&self, mode: &str, names: &[&str]) {
        if let Some(name) = names.iter().find(|n| self.given(n)) {
            eprintln!("error: --{name}: only used with --{mode} (see --help)");
            std::process::exit(2);
        }
    }

    /// An optional list of numbers, if it was given.
    pub fn maybe_numbers(&self, name: &str) -> Option<Vec<f64>> {
        match self.values.get(name) {
            Some(Value::Numbers(v)) => Some(v.clone()),
            Some(Value::Missing) => None,
            other => panic!("option --{name} is not a declared optional list: {other:?}"),
        }
    }

    /// An optional whole number, if it was given.
    pub fn maybe_count(&self, name: &str) -> Option<usize> {
        match self.values.get(name) {
            Some(Value::Count(n)) => Some(*n as usize),
            Some(Value::Missing) => None,
            other => panic!("option --{name} is not a declared optional count: {other:?}"),
        }
    }

    /// An optional list of whole numbers, if it was given.
    pub fn maybe_counts(&self, name: &str) -> Option<Vec<usize>> {
        match self.values.get(name) {
            Some(Value::Counts(v)) => Some(v.iter().map(|&n| n as usize).collect()),
            Some(Value::Missing) => None,
            other => panic!("option --{name} is not a declared list of counts: {other:?}"),
        }
    }

    /// An optional word, if it was given.
    pub fn maybe_text(&self, name: &str) -> Option<String> {
        match self.values.get(name) {
            Some(Value::Text(t)) => Some(t.clone()),
            Some(Value::Missing) => None,
            other => panic!("option --{name} is not a declared choice: {other:?}"),
        }
    }

    /// Whether a switch was given.
    pub fn flag(&self, name: &str) -> bool {
        match self.values.get(name) {
            Some(Value::Switch(on)) => *on,
            other => panic!("option --{name} is not a declared switch: {other:?}"),
        }
    }

    fn count(&self, name: &str) -> u64 {
        match self.values.get(name) {
            Some(Value::Count(n)) => *n,
            other => panic!("option --{name} is not a declared count option: {other:?}"),
        }
    }
}

fn is_optional(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::MaybeNumber
            | Kind::MaybeNumbers
            | Kind::MaybeCount
            | Kind::MaybeCounts
            | Kind::MaybeChoice(_)
    )
}

fn check(opt: &Opt, raw: &[String]) -> Result<Value, String> {
    let parse_number = |s: &str| -> Result<f64, String> {
        let s = s.trim();
        let x: f64 = s.parse().map_err(|_| format!("'{s}' is not a number"))?;
        if !x.is_finite() {
            return Err(format!("'{s}' is not a finite number"));
        }
        // "1e-400" parses to 0: say so rather than "must be greater than 0".
        let mantissa = s.split(['e', 'E']).next().unwrap_or("");
        if x == 0.0 && mantissa.chars().any(|c| ('1'..='9').contains(&c)) {
            return Err(format!("'{s}' is too small: it rounds to 0"));
        }
        Ok(x)
    };
    let parse_count = |s: &str, min: u64, max: u64| -> Result<u64, String> {
        let s = s.trim();
        let n: u64 = match s.parse() {
            Ok(n) => n,
            Err(_) if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) => {
                return Err(format!("'{s}' is too large: at most {max}"));
            }
            Err(_) if s.starts_with('-') && s[1..].parse::<u64>().is_ok() => {
                return Err(format!("must be at least {min}, got {s}"));
            }
            Err(_) => return Err(format!("'{s}' is not a whole number")),
        };
        if n < min {
            return Err(format!("must be at least {min}, got {n}"));
        }
        if n > max {
            return Err(format!(
                "at most {max} (every step is kept in memory), got {n}"
            ));
        }
        Ok(n)
    };
    let last = raw.last().map(String::as_str).unwrap_or("");
    match opt.kind {
        Kind::Steps => Ok(Value::Count(parse_count(last, 1, opt.max_steps)?)),
        Kind::Seed => Ok(Value::Count(parse_count(last, 0, u64::MAX)?)),
        Kind::Number => Ok(Value::Numbers(vec![parse_number(last)?])),
        Kind::Flag => Ok(Value::Switch(true)),
        Kind::MaybeNumber => Ok(Value::Numbers(vec![parse_number(last)?])),
        Kind::MaybeCount => Ok(Value::Count(parse_count(last, 0, u64::MAX)?)),
        Kind::MaybeNumbers => {
            let mut numbers = Vec::new();
            for part in last.split(',') {
                if part.trim().is_empty() {
                    return Err("empty value in the list".into());
                }
                numbers.push(parse_number(part)?);
            }
            Ok(Value::Numbers(numbers))
        }
        Kind::MaybeCounts => {
            let mut counts = Vec::new();
            for part in last.split(',') {
                if part.trim().is_empty() {
                    return Err("empty value in the list".into());
                }
                counts.push(parse_count(part, 0, u64::MAX)?);
            }
            Ok(Value::Counts(counts))
        }
        Kind::MaybeChoice(words) => {
            let word = last.trim();
            if words.contains(&word) {
                Ok(Value::Text(word.to_string()))
            } else {
                Err(format!("'{word}' is not one of {}", words.join(", ")))
            }
        }
        Kind::Between(lo, hi) => {
            let x = parse_number(last)?;
            if !(lo..=hi).contains(&x) {
                return Err(format!("must be between {lo} and {hi}, got {last}"));
            }
            Ok(Value::Numbers(vec![x]))
        }
        Kind::Lr | Kind::Positive => {
            if last.contains(',') {
                return Err(format!("takes one value, got '{last}'"));
            }
            let x = parse_number(last)?;
            if x <= 0.0 {
                return Err(format!("must be greater than 0, got {last}"));
            }
            Ok(Value::Numbers(vec![x]))
        }
        Kind::LrList => {
            let mut lrs = Vec::new();
            for part in raw.iter().flat_map(|r| r.split(',')) {
                if part.trim().is_empty() {
                    return Err("empty value in the list".into());
                }
                let x = parse_number(part)?;
                if x <= 0.0 {
                    return Err(format!(
                        "learning rates must be greater than 0, got {}",
                        part.trim()
                    ));
                }
                lrs.push(x);
            }
            Ok(Value::Numbers(lrs))
        }
    }
}

fn help(example: &str, about: &str, opts: &[Opt]) -> String {
    let default_out = default_out(example).display().to_string();
    let mut rows: Vec<(String, String)> = opts
        .iter()
        .map(|o| {
            let limits = match o.kind {
                Kind::Between(lo, hi) => format!(" (from {lo} to {hi})"),
                Kind::Steps => format!(" (at most {})", o.max_steps),
                Kind::MaybeChoice(words) => format!(" (one of: {})", words.join(", ")),
                _ => String::new(),
            };
            let default = if is_optional(o.kind) || o.kind == Kind::Flag {
                String::new()
            } else {
                format!(" [default: {}]", o.default)
            };
            (
                format!("--{} {}", o.name, o.metavar())
                    .trim_end()
                    .to_string(),
                format!("{}{limits}{default}", o.help),
            )
        })
        .collect();
    rows.push((
        "--csv".into(),
        "print every run's history as CSV (run,step,lr,loss,<parameters>) instead of tables".into(),
    ));
    rows.push((
        "--out DIR".into(),
        format!(
            "folder the figures are written to, relative to where you run [default: {default_out}]"
        ),
    ));
    rows.push(("-h, --help".into(), "print this help".into()));
    let width = rows.iter().map(|(f, _)| f.len()).max().unwrap_or(0);
    let mut text = format!(
        "{example}: {about}\n\nUsage: cargo run --example {example} -- [OPTIONS]\n\nOptions:\n"
    );
    for (flag, what) in rows {
        text += &format!("  {flag:<width$}  {what}\n");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTS: &[Opt] = &[
        Opt::new("lr", Kind::LrList, "0.1,0.5", "learning rates"),
        Opt::new("steps", Kind::Steps, "20", "steps per run"),
    ];

    fn parse(args: &[&str]) -> Result<Args, Stop> {
        let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        Args::try_parse("demo", "a demo", OPTS, &argv)
    }

    fn error(args: &[&str]) -> String {
        match parse(args) {
            Err(Stop::Error(line)) => line,
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn defaults_apply_when_no_flag_is_given() {
        let a = parse(&[]).unwrap();
        assert_eq!(a.lrs("lr"), vec![0.1, 0.5]);
        assert_eq!(a.steps("steps"), 20);
        assert!(!a.csv);
        assert_eq!(a.out, PathBuf::from("target/stepsize/demo"));
    }

    #[test]
    fn learning_rates_can_be_listed_repeated_or_inline() {
        assert_eq!(
            parse(&["--lr", "0.01,0.2"]).unwrap().lrs("lr"),
            vec![0.01, 0.2]
        );
        assert_eq!(
            parse(&["--lr", "1e-3", "--lr=2"]).unwrap().lrs("lr"),
            vec![0.001, 2.0]
        );
    }

    #[test]
    fn bad_input_is_one_line_naming_the_flag() {
        for (args, expected) in [
            (&["--lr", "abc"][..], "--lr: 'abc' is not a number"),
            (
                &["--lr", "-0.1"][..],
                "--lr: learning rates must be greater than 0, got -0.1",
            ),
            (
                &["--lr", "0"][..],
                "--lr: learning rates must be greater than 0, got 0",
            ),
            (&["--lr", "nan"][..], "--lr: 'nan' is not a finite number"),
            (&["--steps", "0"][..], "--steps: must be at least 1, got 0"),
            (
                &["--steps", "2.5"][..],
                "--steps: '2.5' is not a whole number",
            ),
            (&["--bogus"][..], "unknown option '--bogus'"),
            (&["--steps"][..], "--steps needs a value"),
            (&["stray"][..], "unexpected argument 'stray'"),
        ] {
            let line = error(args);
            assert!(line.contains(expected), "{args:?}: {line}");
            assert!(!line.contains('\n'), "{args:?}: not one line: {line}");
        }
    }

    #[test]
    fn optional_values_lists_choices_and_switches_parse_and_validate() {
        const MORE: &[Opt] = &[
            Opt::new("gamma", Kind::MaybeNumber, "", "decay factor"),
            Opt::new("milestones", Kind::MaybeCounts, "", "steps"),
            Opt::new("mode", Kind::MaybeChoice(&["min", "max"]), "", "direction"),
            Opt::new("clamp", Kind::Flag, "", "hold the minimum"),
        ];
        let parse = |args: &[&str]| {
            let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            Args::try_parse("demo", "a demo", MORE, &argv)
        };
        let a = parse(&[]).unwrap();
        assert_eq!(a.maybe_number("gamma"), None);
        assert_eq!(a.maybe_counts("milestones"), None);
        assert_eq!(a.maybe_text("mode"), None);
        assert!(!a.flag("clamp"));
        let a = parse(&[
            "--gamma",
            "0.5",
            "--milestones",
            "30,80",
            "--mode",
            "max",
            "--clamp",
        ])
        .unwrap();
        assert_eq!(a.maybe_number("gamma"), Some(0.5));
        assert_eq!(a.maybe_counts("milestones"), Some(vec![30, 80]));
        assert_eq!(a.maybe_text("mode").as_deref(), Some("max"));
        assert!(a.flag("clamp"));
        let Err(Stop::Error(line)) = parse(&["--mode", "sideways"]) else {
            panic!("a bad choice must be an error")
        };
        assert!(
            line.contains("--mode: 'sideways' is not one of min, max"),
            "{line}"
        );
        assert!(matches!(parse(&["--clamp=yes"]), Err(Stop::Error(_))));
    }

    #[test]
    fn help_lists_every_option_with_its_default() {
        let Err(Stop::Help(text)) = parse(&["--help"]) else {
            panic!("--help should produce help")
        };
        assert!(text.contains("--lr ETA[,ETA...]"));
        assert!(text.contains("[default: 0.1,0.5]"));
        assert!(text.contains("--csv"));
        assert!(text.contains("--out DIR"));
    }
}
