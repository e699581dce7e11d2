//! Command-line flags for the examples.
//!
//! Each example declares its options as a list of [`Opt`]; [`Args::parse`] adds the flags
//! every example shares (`--csv`, `--out`, `--help`), validates everything before any work
//! starts, and on bad input prints one line to stderr and exits with code 2. The command
//! line is split into options and values by `lexopt` (`--flag value`, `--flag=value`, `--`
//! ends the options, arguments that are not UTF-8); what the values mean is decided here.
//!
//! Bounds that keep every accepted command line finite in memory and time:
//! a step count has a ceiling ([`Opt::at_most`]), a list has at most [`MAX_VALUES`] values
//! and none twice, and the steps of all runs together have a ceiling ([`Opt::runs`],
//! [`MAX_TOTAL_STEPS`]), because every recorded step is kept in memory.

use std::collections::HashMap;
use std::ffi::OsString;
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
        write!(f, "--{}: {}", self.flag, one_line(&self.message))
    }
}

impl std::error::Error for FlagError {}

/// Text echoed from the command line, made safe for a one-line message: control
/// characters escaped (`\n`, `\u{1b}`), and a long value cut to its first 40 characters.
pub fn shown(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == 40 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A message as one line: any control character (a newline from an echoed value, say)
/// escaped.
fn one_line(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

/// What kind of value an option takes, and how it is checked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// One learning rate: a finite number > 0.
    Lr,
    /// One or more learning rates, comma-separated or repeated: each finite and > 0, none
    /// twice, at most [`MAX_VALUES`].
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
    /// An optional comma-separated list of whole numbers ≥ 0, none twice.
    MaybeCounts,
    /// An optional word from a fixed list.
    MaybeChoice(&'static [&'static str]),
    /// An optional comma-separated list of words from a fixed list, none twice.
    MaybeChoices(&'static [&'static str]),
    /// A switch that takes no value.
    Flag,
}

impl Kind {
    /// Lists take several values and may be repeated (`--lr 0.1 --lr 0.2`); any other
    /// option given twice is an error.
    fn is_list(self) -> bool {
        matches!(
            self,
            Kind::LrList | Kind::MaybeNumbers | Kind::MaybeCounts | Kind::MaybeChoices(_)
        )
    }
}

/// The default ceiling of a [`Kind::Steps`] option.
pub const MAX_STEPS: u64 = 1_000_000;

/// The most values a list option takes.
pub const MAX_VALUES: usize = 20;

/// The default ceiling on the steps of all runs together (see [`Opt::runs`]): every
/// recorded step is kept in memory, about 150 bytes each for the book's small problems,
/// so this keeps a run under half a gigabyte and a few seconds.
pub const MAX_TOTAL_STEPS: u64 = 3_000_000;

/// One option an example accepts.
#[derive(Clone, Copy, Debug)]
pub struct Opt {
    pub name: &'static str,
    pub kind: Kind,
    pub default: &'static str,
    pub help: &'static str,
    /// The largest value a [`Kind::Steps`] option accepts.
    pub max_steps: u64,
    /// For a [`Kind::Steps`] option: the list options each of whose values is a run of up
    /// to this many steps, and the number of further runs that may take them all.
    pub runs: (&'static [&'static str], u64),
    /// The ceiling on the steps of all runs together (the smallest declared counts).
    pub max_total: u64,
    /// Why [`Opt::max_steps`] is the ceiling, as the error says it.
    pub why_max: &'static str,
    /// The value's placeholder in `--help` (`EPS`), if not the kind's own (`ETA`).
    pub placeholder: &'static str,
    /// What a [`Kind::LrList`] holds, in its error messages (`values of ε`).
    pub noun: &'static str,
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
            runs: (&[], 0),
            max_total: MAX_TOTAL_STEPS,
            why_max: "every step is kept in memory",
            placeholder: "",
            noun: "learning rates",
        }
    }

    /// A ceiling that is not about steps kept in memory, with its reason (`each step
    /// computes that many gradients`).
    pub const fn at_most_because(mut self, max_steps: u64, why: &'static str) -> Self {
        self.max_steps = max_steps;
        self.why_max = why;
        self
    }

    /// A list of numbers that are not learning rates: its placeholder in `--help` and what
    /// its errors call its values (`EPS`, `values of ε`).
    pub const fn values(mut self, placeholder: &'static str, noun: &'static str) -> Self {
        self.placeholder = placeholder;
        self.noun = noun;
        self
    }

    /// Lower the ceiling of a [`Kind::Steps`] option (e.g. when it multiplies many runs).
    pub const fn at_most(mut self, max_steps: u64) -> Self {
        self.max_steps = max_steps;
        self
    }

    /// This [`Kind::Steps`] option is the length of one run per value of each of `lists`,
    /// and of `more` runs besides: the steps of all runs together, over every such option,
    /// must stay within [`MAX_TOTAL_STEPS`] (or [`Opt::total_at_most`]).
    pub const fn runs(mut self, lists: &'static [&'static str], more: u64) -> Self {
        self.runs = (lists, more);
        self
    }

    /// Lower the ceiling on the steps of all runs together (for costly steps).
    pub const fn total_at_most(mut self, max_total: u64) -> Self {
        self.max_total = max_total;
        self
    }

    fn metavar(&self) -> String {
        if !self.placeholder.is_empty() {
            return match self.kind {
                k if k.is_list() => format!("{0}[,{0}...]", self.placeholder),
                _ => self.placeholder.to_string(),
            };
        }
        let metavar = match self.kind {
            Kind::Lr => "ETA",
            Kind::LrList => "ETA[,ETA...]",
            Kind::Steps => "N",
            Kind::Seed => "SEED",
            Kind::Number | Kind::Positive | Kind::Between(..) | Kind::MaybeNumber => "X",
            Kind::MaybeCount => "N",
            Kind::MaybeNumbers => "X[,X...]",
            Kind::MaybeCounts => "N[,N...]",
            Kind::MaybeChoice(_) => "WORD",
            Kind::MaybeChoices(_) => "WORD[,WORD...]",
            Kind::Flag => "",
        };
        metavar.to_string()
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Value {
    Numbers(Vec<f64>),
    Count(u64),
    Counts(Vec<u64>),
    Text(String),
    Words(Vec<String>),
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

/// The error line for bad input: one line, whatever the input held.
fn error(message: impl AsRef<str>) -> Stop {
    Stop::Error(format!(
        "error: {} (see --help)",
        one_line(message.as_ref())
    ))
}

/// Whether a command-line word is an option rather than a value: `--x`, but not a
/// negative number such as `-5` or `-1e-3,-2`.
fn is_option(word: &std::ffi::OsStr) -> bool {
    let Some(word) = word.to_str() else {
        return false;
    };
    if word == "-h" {
        return true;
    }
    word.starts_with("--") && word.len() > 2 || word == "--"
}

impl Args {
    /// Parse the process's arguments; print help or a one-line error and exit if needed.
    pub fn parse(example: &str, about: &str, opts: &[Opt]) -> Args {
        let argv: Vec<OsString> = std::env::args_os().skip(1).collect();
        match Args::parse_from(example, about, opts, argv) {
            Ok(args) => args,
            Err(Stop::Help(text)) => {
                // `--help | head` is fine; `--help > /dev/full` is one line and exit 1.
                super::print_out(&text);
                std::process::exit(0);
            }
            Err(Stop::Error(line)) => super::fail(line),
        }
    }

    /// Parse `argv` (without the program name). Never exits; used by [`Args::parse`] and tests.
    pub fn try_parse(
        example: &str,
        about: &str,
        opts: &[Opt],
        argv: &[String],
    ) -> Result<Args, Stop> {
        Args::parse_from(
            example,
            about,
            opts,
            argv.iter().map(OsString::from).collect(),
        )
    }

    /// Parse any arguments, UTF-8 or not.
    pub fn parse_from(
        example: &str,
        about: &str,
        opts: &[Opt],
        argv: Vec<OsString>,
    ) -> Result<Args, Stop> {
        // `--help` anywhere before `--` prints help, whatever else the line holds.
        if argv
            .iter()
            .take_while(|a| *a != "--")
            .any(|a| a == "-h" || a == "--help")
        {
            return Err(Stop::Help(help(example, about, opts)));
        }
        let mut raw: HashMap<&'static str, Vec<String>> = HashMap::new();
        let mut csv = false;
        let mut out: Option<PathBuf> = None;
        let mut parser = lexopt::Parser::from_args(argv);
        loop {
            // The word about to be read, to quote a mistyped `-lr` in full.
            let upcoming: Option<String> = parser
                .try_raw_args()
                .and_then(|raw| raw.peek().map(|w| w.to_string_lossy().into_owned()));
            let arg = match parser.next() {
                Ok(Some(arg)) => arg,
                Ok(None) => break,
                Err(e) => return Err(lexopt_error(e)),
            };
            match arg {
                lexopt::Arg::Short(c) => {
                    let word = upcoming.unwrap_or_else(|| format!("-{c}"));
                    let hint = suggest(word.trim_start_matches('-'), &known_names(opts))
                        .map_or(String::new(), |n| format!(" (did you mean --{n}?)"));
                    return Err(error(format!(
                        "unknown option '{}'{hint}; options start with two dashes",
                        shown(&word)
                    )));
                }
                lexopt::Arg::Value(v) => {
                    return Err(error(format!(
                        "unexpected argument '{}'",
                        shown(&v.to_string_lossy())
                    )));
                }
                lexopt::Arg::Long(name) => {
                    let name = name.to_string();
                    if name == "help" {
                        return Err(Stop::Help(help(example, about, opts)));
                    }
                    if name == "csv" {
                        if parser.optional_value().is_some() {
                            return Err(error("--csv takes no value"));
                        }
                        if csv {
                            return Err(error("--csv: given more than once"));
                        }
                        csv = true;
                        continue;
                    }
                    if name == "out" {
                        let v = take_value(&mut parser, "out")?;
                        if out.is_some() {
                            return Err(error("--out: given more than once"));
                        }
                        if v.is_empty() {
                            return Err(error("--out needs a folder name"));
                        }
                        if v.chars().any(char::is_control) {
                            return Err(error(format!(
                                "--out: '{}' has a control character in it",
                                shown(&v)
                            )));
                        }
                        out = Some(PathBuf::from(v));
                        continue;
                    }
                    let Some(opt) = opts.iter().find(|o| o.name == name) else {
                        let hint = suggest(&name, &known_names(opts))
                            .map_or(String::new(), |n| format!(" (did you mean --{n}?)"));
                        return Err(error(format!("unknown option '--{}'{hint}", shown(&name))));
                    };
                    let values = raw.entry(opt.name).or_default();
                    if !values.is_empty() && !opt.kind.is_list() {
                        return Err(error(format!("--{}: given more than once", opt.name)));
                    }
                    if opt.kind == Kind::Flag {
                        if parser.optional_value().is_some() {
                            return Err(error(format!("--{} takes no value", opt.name)));
                        }
                        values.push("true".into());
                        continue;
                    }
                    let v = take_value(&mut parser, opt.name)?;
                    raw.get_mut(opt.name)
                        .expect("the entry was just made")
                        .push(v);
                }
            }
        }

        let mut values = HashMap::new();
        let given: Vec<&'static str> = opts
            .iter()
            .map(|o| o.name)
            .filter(|n| raw.contains_key(n))
            .collect();
        for opt in opts {
            let texts: Vec<String> = match raw.remove(opt.name) {
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
            let value = check(opt, &texts).map_err(|m| error(format!("--{}: {m}", opt.name)))?;
            values.insert(opt.name, value);
        }
        check_total(opts, &values)?;
        Ok(Args {
            values,
            given,
            csv,
            out: out.unwrap_or_else(|| default_out(example)),
        })
    }

    /// The value of a declared option. A name that is not declared is a mistake in the
    /// example, not bad input: it panics, naming the closest declared option.
    fn value(&self, name: &str) -> &Value {
        self.values.get(name).unwrap_or_else(|| {
            let mut names: Vec<&str> = self.values.keys().copied().collect();
            names.sort_unstable();
            let hint = suggest(name, &names)
                .map_or(String::new(), |n| format!(" (did you mean \"{n}\"?)"));
            panic!("no option --{name} is declared in this example's OPTIONS{hint}")
        })
    }

    fn numbers(&self, name: &str) -> &[f64] {
        match self.value(name) {
            Value::Numbers(v) => v,
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
        match self.value(name) {
            Value::Numbers(v) => v.first().copied(),
            Value::Missing => None,
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
            super::fail(format!(
                "error: --{name}: only used with --{mode} (see --help)"
            ));
        }
    }

    /// An optional list of numbers, if it was given.
    pub fn maybe_numbers(&self, name: &str) -> Option<Vec<f64>> {
        match self.value(name) {
            Value::Numbers(v) => Some(v.clone()),
            Value::Missing => None,
            other => panic!("option --{name} is not a declared optional list: {other:?}"),
        }
    }

    /// An optional whole number, if it was given.
    pub fn maybe_count(&self, name: &str) -> Option<usize> {
        match self.value(name) {
            Value::Count(n) => Some(*n as usize),
            Value::Missing => None,
            other => panic!("option --{name} is not a declared optional count: {other:?}"),
        }
    }

    /// An optional list of whole numbers, if it was given.
    pub fn maybe_counts(&self, name: &str) -> Option<Vec<usize>> {
        match self.value(name) {
            Value::Counts(v) => Some(v.iter().map(|&n| n as usize).collect()),
            Value::Missing => None,
            other => panic!("option --{name} is not a declared list of counts: {other:?}"),
        }
    }

    /// An optional word, if it was given.
    pub fn maybe_text(&self, name: &str) -> Option<String> {
        match self.value(name) {
            Value::Text(t) => Some(t.clone()),
            Value::Missing => None,
            other => panic!("option --{name} is not a declared choice: {other:?}"),
        }
    }

    /// An optional list of words, if it was given.
    pub fn maybe_words(&self, name: &str) -> Option<Vec<String>> {
        match self.value(name) {
            Value::Words(w) => Some(w.clone()),
            Value::Missing => None,
            other => panic!("option --{name} is not a declared list of choices: {other:?}"),
        }
    }

    /// Whether a switch was given.
    pub fn flag(&self, name: &str) -> bool {
        match self.value(name) {
            Value::Switch(on) => *on,
            other => panic!("option --{name} is not a declared switch: {other:?}"),
        }
    }

    /// The sections an example prints, in the order of `all` (the chapter's): those its
    /// `--section` option (a `MaybeChoices` of `all`) names, or every one. A flag that only
    /// some sections read is listed in `owners` as (flag, section), once per section that
    /// reads it, and is refused when `--section` leaves out every one of them: one line on
    /// stderr, exit code 2.
    pub fn sections(&self, all: &[&'static str], owners: &[(&str, &str)]) -> Vec<&'static str> {
        let Some(chosen) = self.maybe_words("section") else {
            return all.to_vec();
        };
        for (flag, _) in owners {
            let readers: Vec<&str> = owners
                .iter()
                .filter(|(f, _)| f == flag)
                .map(|&(_, section)| section)
                .collect();
            if self.given(flag) && !chosen.iter().any(|c| readers.contains(&c.as_str())) {
                let names = match readers.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} or {last}", rest.join(", "))
                    }
                    _ => readers.join(""),
                };
                super::fail(format!(
                    "error: --{flag}: only used with --section {names} or without --section (see --help)"
                ));
            }
        }
        all.iter()
            .copied()
            .filter(|s| chosen.iter().any(|c| c == s))
            .collect()
    }

    fn count(&self, name: &str) -> u64 {
        match self.value(name) {
            Value::Count(n) => *n,
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
            | Kind::MaybeChoices(_)
    )
}

/// The value of option `name`: attached (`--lr=0.1`) or the next word, unless that word
/// is another option (`--steps --csv` lacks a value; `--start -5,-2` has one).
fn take_value(parser: &mut lexopt::Parser, name: &str) -> Result<String, Stop> {
    let value = match parser.optional_value() {
        Some(v) => v,
        None => {
            let next = parser
                .try_raw_args()
                .and_then(|mut raw| raw.next_if(|w| !is_option(w)));
            next.ok_or_else(|| error(format!("--{name} needs a value")))?
        }
    };
    value.into_string().map_err(|v| {
        error(format!(
            "--{name}: '{}' is not valid UTF-8",
            shown(&v.to_string_lossy())
        ))
    })
}

/// lexopt's errors as one-line messages in the examples' words.
fn lexopt_error(e: lexopt::Error) -> Stop {
    match e {
        lexopt::Error::UnexpectedValue { option, .. } => {
            error(format!("{} takes no value", shown(&option)))
        }
        lexopt::Error::MissingValue { option: Some(o) } => {
            error(format!("{} needs a value", shown(&o)))
        }
        other => error(other.to_string()),
    }
}

/// Every option an example accepts, its own and the shared ones.
fn known_names(opts: &[Opt]) -> Vec<&str> {
    opts.iter()
        .map(|o| o.name)
        .chain(["csv", "out", "help"])
        .collect()
}

/// The candidate closest to `word` by edit distance, if it is close enough to be what was
/// meant: at most one edit for short words, one more per four letters.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // Case is no part of a typo: `--LR` means `--lr`. A Greek letter typed as the book
    // writes it is its usual Latin name: `ε` means `eps`, `β1` means `beta1`.
    let word = latin(&word.to_lowercase());
    let limit = 1 + word.chars().count() / 4;
    candidates
        .iter()
        .map(|c| (edit_distance(&word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `word` with the Greek letters of the book's formulas spelled as flags spell them.
fn latin(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars() {
        match c {
            'α' => out += "alpha",
            'β' => out += "beta",
            'γ' => out += "gamma",
            'ε' => out += "eps",
            'η' => out += "lr",
            'λ' => out += "lambda",
            other => out.push(other),
        }
    }
    out
}

/// The optimal-string-alignment distance: insertions, deletions, substitutions and swaps
/// of two neighbouring letters each count one (`setps` is one edit from `steps`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // Long words are no typo of a flag name: stop early rather than fill a big table.
    if a.len().abs_diff(b.len()) > 8 || a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

fn parse_number(s: &str) -> Result<f64, String> {
    let s = s.trim();
    let x: f64 = s
        .parse()
        .map_err(|_| format!("'{}' is not a number", shown(s)))?;
    if !x.is_finite() {
        return Err(format!("'{}' is not a finite number", shown(s)));
    }
    // "1e-400" parses to 0: say so rather than "must be greater than 0".
    let mantissa = s.split(['e', 'E']).next().unwrap_or("");
    if x == 0.0 && mantissa.chars().any(|c| ('1'..='9').contains(&c)) {
        return Err(format!("'{}' is too small: it rounds to 0", shown(s)));
    }
    Ok(x)
}

fn parse_count(s: &str, min: u64, max: u64, why: &str) -> Result<u64, String> {
    let s = s.trim();
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let whole = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit());
    if !whole {
        return Err(format!("'{}' is not a whole number", shown(s)));
    }
    // "-0" is zero; any other negative number is below every minimum here.
    let negative = s.starts_with('-') && digits.chars().any(|c| c != '0');
    if negative {
        return Err(format!("must be at least {min}, got {}", shown(s)));
    }
    let Ok(n) = digits.parse::<u64>() else {
        return Err(format!("'{}' is too large: at most {max}", shown(s)));
    };
    if n < min {
        return Err(format!("must be at least {min}, got {n}"));
    }
    if n > max {
        return Err(format!("at most {max} ({why}), got {n}"));
    }
    Ok(n)
}

/// The comma-separated items of a list option's values (each given value may itself be a
/// list), at most [`MAX_VALUES`] of them, none empty.
fn items(raw: &[String]) -> Result<Vec<&str>, String> {
    let items: Vec<&str> = raw.iter().flat_map(|r| r.split(',')).collect();
    if items.iter().any(|p| p.trim().is_empty()) {
        return Err("empty value in the list".into());
    }
    if items.len() > MAX_VALUES {
        return Err(format!("at most {MAX_VALUES} values, got {}", items.len()));
    }
    Ok(items)
}

/// A list whose values are runs or settings must not name one twice (two identical runs
/// would print twice under one label).
fn no_repeats<T: PartialEq>(values: &[T], texts: &[&str]) -> Result<(), String> {
    for i in 1..values.len() {
        if let Some(j) = (0..i).find(|&j| values[j] == values[i]) {
            let (a, b) = (texts[j].trim(), texts[i].trim());
            let same = if a == b {
                format!("{} is listed twice", shown(a))
            } else {
                format!("{} and {} are the same value", shown(a), shown(b))
            };
            return Err(format!("{same}: give each value once"));
        }
    }
    Ok(())
}

/// `text` if it is one of `words`; otherwise what is wrong, with the closest word.
fn choice(text: &str, words: &[&str]) -> Result<String, String> {
    let word = text.trim();
    if words.contains(&word) {
        return Ok(word.to_string());
    }
    let hint = suggest(word, words).map_or(String::new(), |w| format!(" (did you mean {w}?)"));
    Err(format!(
        "'{}' is not one of {}{hint}",
        shown(word),
        words.join(", ")
    ))
}

fn check(opt: &Opt, raw: &[String]) -> Result<Value, String> {
    let last = raw.last().map(String::as_str).unwrap_or("");
    match opt.kind {
        Kind::Steps => Ok(Value::Count(parse_count(
            last,
            1,
            opt.max_steps,
            opt.why_max,
        )?)),
        Kind::Seed => Ok(Value::Count(parse_count(last, 0, u64::MAX, "")?)),
        Kind::Number => Ok(Value::Numbers(vec![parse_number(last)?])),
        Kind::Flag => Ok(Value::Switch(true)),
        Kind::MaybeNumber => Ok(Value::Numbers(vec![parse_number(last)?])),
        Kind::MaybeCount => Ok(Value::Count(parse_count(last, 0, u64::MAX, "")?)),
        Kind::MaybeNumbers => {
            let numbers = items(raw)?
                .into_iter()
                .map(parse_number)
                .collect::<Result<Vec<f64>, String>>()?;
            Ok(Value::Numbers(numbers))
        }
        Kind::MaybeCounts => {
            let texts = items(raw)?;
            let counts = texts
                .iter()
                .map(|t| parse_count(t, 0, u64::MAX, ""))
                .collect::<Result<Vec<u64>, String>>()?;
            no_repeats(&counts, &texts)?;
            Ok(Value::Counts(counts))
        }
        Kind::MaybeChoice(words) => Ok(Value::Text(choice(last, words)?)),
        Kind::MaybeChoices(words) => {
            let texts = items(raw)?;
            let chosen = texts
                .iter()
                .map(|t| choice(t, words))
                .collect::<Result<Vec<String>, String>>()?;
            no_repeats(&chosen, &texts)?;
            Ok(Value::Words(chosen))
        }
        Kind::Between(lo, hi) => {
            let x = parse_number(last)?;
            if !(lo..=hi).contains(&x) {
                return Err(format!(
                    "must be between {lo} and {hi}, got {}",
                    shown(last.trim())
                ));
            }
            Ok(Value::Numbers(vec![x]))
        }
        Kind::Lr | Kind::Positive => {
            if last.contains(',') {
                return Err(format!("takes one value, got '{}'", shown(last)));
            }
            let x = parse_number(last)?;
            if x <= 0.0 {
                return Err(format!(
                    "must be greater than 0, got {}",
                    shown(last.trim())
                ));
            }
            Ok(Value::Numbers(vec![x]))
        }
        Kind::LrList => {
            let texts = items(raw)?;
            let mut lrs = Vec::new();
            for part in &texts {
                let x = parse_number(part)?;
                if x <= 0.0 {
                    return Err(format!(
                        "{} must be greater than 0, got {}",
                        opt.noun,
                        shown(part.trim())
                    ));
                }
                lrs.push(x);
            }
            no_repeats(&lrs, &texts)?;
            Ok(Value::Numbers(lrs))
        }
    }
}

/// The number of values a list option holds (0 when absent).
fn list_len(value: Option<&Value>) -> u64 {
    match value {
        Some(Value::Numbers(v)) => v.len() as u64,
        Some(Value::Counts(v)) => v.len() as u64,
        _ => 0,
    }
}

/// Refuse a command line whose runs together would record more steps than the example's
/// ceiling, before any of them starts.
fn check_total(opts: &[Opt], values: &HashMap<&'static str, Value>) -> Result<(), Stop> {
    let mut parts = Vec::new();
    let mut total: u64 = 0;
    let mut ceiling = u64::MAX;
    for opt in opts.iter().filter(|o| o.kind == Kind::Steps) {
        let (lists, more) = opt.runs;
        if lists.is_empty() && more == 0 {
            continue;
        }
        ceiling = ceiling.min(opt.max_total);
        let runs: u64 = lists.iter().map(|l| list_len(values.get(l))).sum::<u64>() + more;
        let steps = match values.get(opt.name) {
            Some(Value::Count(n)) => *n,
            _ => 0,
        };
        total = total.saturating_add(steps.saturating_mul(runs));
        parts.push(format!(
            "--{} {steps} × {runs} run{}",
            opt.name,
            if runs == 1 { "" } else { "s" }
        ));
    }
    if total > ceiling {
        return Err(error(format!(
            "{} = {total} steps in all, more than this example's ceiling of {ceiling} for all runs together",
            parts.join(" + ")
        )));
    }
    Ok(())
}

fn help(example: &str, about: &str, opts: &[Opt]) -> String {
    let default_out = default_out(example).display().to_string();
    let mut rows: Vec<(String, String)> = opts
        .iter()
        .map(|o| {
            let limits = match o.kind {
                Kind::Between(lo, hi) => format!(" (from {lo} to {hi})"),
                Kind::Steps => {
                    let (lists, more) = o.runs;
                    if lists.is_empty() && more == 0 {
                        format!(" (at most {})", o.max_steps)
                    } else {
                        let mut runs: Vec<String> = lists
                            .iter()
                            .map(|l| format!("one run per --{l} value"))
                            .collect();
                        if more > 0 {
                            runs.push(if lists.is_empty() {
                                format!("{more} runs")
                            } else {
                                format!("{more} more")
                            });
                        }
                        format!(
                            " (at most {}; {}, which count toward a ceiling of {} steps for all of this example's runs together)",
                            o.max_steps,
                            runs.join(" and "),
                            o.max_total
                        )
                    }
                }
                Kind::LrList | Kind::MaybeCounts => {
                    format!(" (at most {MAX_VALUES} values, each once)")
                }
                Kind::MaybeNumbers => format!(" (at most {MAX_VALUES} values)"),
                Kind::MaybeChoice(words) => format!(" (one of: {})", words.join(", ")),
                Kind::MaybeChoices(words) => format!(" (any of: {})", words.join(", ")),
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
        "print the history of every run the output lists as CSV (run,step,lr,loss,outcome,<parameters>) instead of tables".into(),
    ));
    rows.push((
        "--out DIR".into(),
        format!(
            "folder the figures are written to, relative to where you run [default: {default_out}]"
        ),
    ));
    rows.push(("-h, --help".into(), "print this help".into()));
    let width = rows
        .iter()
        .map(|(f, _)| f.chars().count())
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    for line in wrap(&format!("{example}: {about}"), HELP_WIDTH) {
        text += &format!("{line}\n");
    }
    text += &format!("\nUsage: cargo run --example {example} -- [OPTIONS]\n\nOptions:\n");
    for (flag, what) in rows {
        // Each description wraps under itself, beside the column of flags.
        let indent = 2 + width + 2;
        let lines = wrap(&what, HELP_WIDTH.saturating_sub(indent).max(30));
        for (i, line) in lines.iter().enumerate() {
            if i == 0 {
                text += &format!("  {flag:<width$}  {line}\n");
            } else {
                text += &format!("{:indent$}{line}\n", "");
            }
        }
    }
    // The example of a repeated list uses one of this example's own list options.
    let repeated = opts.iter().filter(|o| o.kind.is_list()).find_map(|o| {
        let values: Vec<&str> = o.default.split(',').take(2).collect();
        (values.len() == 2).then(|| format!(" (--{0} {1} --{0} {2})", o.name, values[0], values[1]))
    });
    let lists = if opts.iter().any(|o| o.kind.is_list()) {
        format!(
            "; a list may also be given again to add values{}",
            repeated.unwrap_or_default()
        )
    } else {
        String::new()
    };
    text.push('\n');
    let footer = format!(
        "Each option is given once{lists}. Every step of every run is kept in memory, hence \
         the ceilings. Bad input: one line on stderr, exit code 2."
    );
    for line in wrap(&footer, HELP_WIDTH) {
        text += &format!("{line}\n");
    }
    text
}

/// The widest line of `--help`, in characters: it fits a terminal or a projector of 100
/// columns with room to spare.
pub const HELP_WIDTH: usize = 98;

/// `text` broken into lines of at most `width` characters at spaces (a longer word stays
/// whole on its own line).
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line += word;
    }
    lines.push(line);
    lines
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

    #[test]
    fn sections_are_those_named_in_the_chapters_order_or_all() {
        const ALL: &[&str] = &["first", "second", "third"];
        const WITH: &[Opt] = &[Opt::new(
            "section",
            Kind::MaybeChoices(ALL),
            "",
            "print only these sections",
        )];
        let args = |argv: &[&str]| {
            let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
            match Args::try_parse("demo", "a demo", WITH, &argv) {
                Ok(args) => args,
                Err(stop) => panic!("{stop:?}"),
            }
        };
        assert_eq!(args(&[]).sections(ALL, &[]), ALL);
        assert_eq!(
            args(&["--section", "third,first"]).sections(ALL, &[]),
            ["first", "third"]
        );
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
    fn typos_get_a_suggestion() {
        assert!(
            error(&["--setps", "5"]).contains("unknown option '--setps' (did you mean --steps?)")
        );
        assert!(error(&["--l", "0.1"]).contains("did you mean --lr?"));
        assert!(error(&["-lr", "0.1"]).contains("unknown option '-lr' (did you mean --lr?)"));
        assert!(!error(&["--bogus"]).contains("did you mean"));
        assert_eq!(suggest("adma", &["sgd", "adam", "adamw"]), Some("adam"));
        assert_eq!(suggest("ADAM", &["sgd", "adam", "adamw"]), Some("adam"));
        assert!(error(&["--LR", "0.1"]).contains("did you mean --lr?"));
        assert!(error(&["--η", "0.1"]).contains("did you mean --lr?"));
        assert_eq!(suggest("ε", &["order", "eps"]), Some("eps"));
        assert_eq!(suggest("β1", &["beta1", "beta2"]), Some("beta1"));
        assert_eq!(edit_distance("setps", "steps"), 1);
    }

    #[test]
    fn an_option_given_twice_is_an_error_but_a_list_adds_up() {
        assert!(
            error(&["--steps", "abc", "--steps", "5"]).contains("--steps: given more than once")
        );
        assert!(error(&["--csv", "--csv"]).contains("--csv: given more than once"));
        assert_eq!(
            parse(&["--lr", "0.1", "--lr", "0.2"]).unwrap().lrs("lr"),
            [0.1, 0.2]
        );
    }

    #[test]
    fn a_value_listed_twice_is_an_error() {
        assert!(error(&["--lr", "0.5,0.5"]).contains("--lr: 0.5 is listed twice"));
        assert!(
            error(&["--lr", "0.5", "--lr", "5e-1"]).contains("0.5 and 5e-1 are the same value")
        );
        let many: Vec<String> = (1..=21).map(|i| format!("{i}")).collect();
        assert!(error(&["--lr", &many.join(",")]).contains("at most 20 values, got 21"));
    }

    #[test]
    fn the_steps_of_all_runs_together_have_a_ceiling() {
        const RUNS: &[Opt] = &[
            Opt::new("lr", Kind::LrList, "0.1,0.5", "learning rates"),
            Opt::new("steps", Kind::Steps, "20", "steps per run").runs(&["lr"], 1),
        ];
        let parse = |args: &[&str]| {
            let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            Args::try_parse("demo", "a demo", RUNS, &argv)
        };
        assert!(parse(&["--steps", "1000000", "--lr", "1,2"]).is_ok());
        let Err(Stop::Error(line)) = parse(&["--steps", "1000000", "--lr", "1,2,3"]) else {
            panic!("four runs of a million steps are too many")
        };
        assert!(
            line.contains("--steps 1000000 × 4 runs = 4000000 steps in all, more than this example's ceiling of 3000000"),
            "{line}"
        );
    }

    #[test]
    fn help_wins_wherever_it_is_and_double_dash_ends_the_options() {
        assert!(matches!(parse(&["--bogus", "--help"]), Err(Stop::Help(_))));
        assert!(matches!(parse(&["--help", "--bogus"]), Err(Stop::Help(_))));
        assert!(parse(&["--steps", "5", "--"]).is_ok());
        assert!(error(&["--", "--steps", "5"]).contains("unexpected argument '--steps'"));
        assert!(error(&["--steps", "--csv"]).contains("--steps needs a value"));
        assert_eq!(parse(&["--steps=7"]).unwrap().steps("steps"), 7);
    }

    #[test]
    fn echoed_values_stay_on_one_line_and_short() {
        let line = error(&["--lr", "0.1\nerror: forged"]);
        assert!(!line.contains('\n') && line.contains("\\n"), "{line}");
        let line = error(&["--lr", &"9".repeat(400)]);
        assert!(line.len() < 200, "{line}");
        let line = error(&["--bogus\u{1b}[31m"]);
        assert!(!line.chars().any(char::is_control), "{line}");
    }

    #[test]
    fn seeds_start_at_zero_and_minus_zero_is_zero() {
        const SEED: &[Opt] = &[Opt::new("seed", Kind::Seed, "1", "seed")];
        let parse = |args: &[&str]| {
            let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            Args::try_parse("demo", "a demo", SEED, &argv)
        };
        assert_eq!(parse(&["--seed", "-0"]).unwrap().seed("seed"), 0);
        let Err(Stop::Error(line)) = parse(&["--seed", "-3"]) else {
            panic!("a negative seed is bad input")
        };
        assert!(
            line.contains("--seed: must be at least 0, got -3"),
            "{line}"
        );
    }

    #[test]
    fn numbers_in_messages_are_short() {
        let e: FlagError =
            crate::config::ConfigError::check("gamma", 1e308, false, "must be below 1")
                .unwrap_err()
                .into();
        assert_eq!(e.to_string(), "--gamma: must be below 1, got 1e308");
    }

    #[test]
    #[should_panic(expected = "did you mean \"lr\"")]
    fn a_misspelled_option_name_in_an_example_names_the_right_one() {
        parse(&[]).unwrap().lrs("lrs");
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
