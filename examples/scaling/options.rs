//! The flags of `scaling` (`cargo run --example scaling -- --help` lists them): the command
//! line only; `main.rs` reads their values through `Args`.

use stepsize::output::flags::{Args, Kind, Opt};

use crate::N;

/// The sections, in the chapter's order.
pub const SECTIONS: &[&str] = &["noise", "critical", "temperature", "adam", "width"];

/// Flags that only some sections read, and those sections: refused without one of them.
pub const SECTION_FLAGS: &[(&str, &str)] = &[
    ("batch-size", "critical"),
    ("batch-size", "adam"),
    ("widths", "width"),
    ("lr", "critical"),
    ("lr", "adam"),
    ("lr", "width"),
    ("optimizer", "adam"),
    ("optimizer", "width"),
    ("param", "width"),
    ("seeds", "critical"),
    ("seeds", "temperature"),
    ("seeds", "adam"),
];

/// The widest network `--widths` accepts.
pub const MAX_WIDTH: usize = 2048;

/// A ceiling on the work of one command (see `Choices::work`; the default command is about
/// 65 000), so that any accepted command line answers within a few times the default's
/// time.
const MAX_WORK: usize = 250_000;

pub const OPTIONS: &[Opt] = &[
    Opt::new(
        "section",
        Kind::MaybeChoices(SECTIONS),
        "",
        "print only these sections, in the chapter's order; without it, every section",
    ),
    Opt::new(
        "batch-size",
        Kind::MaybeCounts,
        "",
        "sections critical and adam: the batch sizes swept [default: 1,2,4,...,1024 and 1,4,16,64,256]",
    ),
    Opt::new(
        "widths",
        Kind::MaybeCounts,
        "",
        "section width: the hidden layer's widths [default: 64,256,1024]",
    ),
    Opt::new(
        "lr",
        Kind::MaybeNumbers,
        "",
        "sections critical, adam and width: the rates every sweep tries, instead of its own grid",
    ),
    Opt::new(
        "optimizer",
        Kind::MaybeChoice(&["sgd", "adam"]),
        "",
        "sections adam and width: only this optimizer [default: both in adam, sgd in width]",
    ),
    Opt::new(
        "param",
        Kind::MaybeChoice(&["standard", "mup"]),
        "",
        "section width: only this parametrization [default: both]",
    ),
    Opt::new("seed", Kind::Seed, "2", "seed of the data sets"),
    Opt::new(
        "seeds",
        Kind::Steps,
        "3",
        "sections critical, temperature and adam: the batch orders each sweep averages over",
    )
    .at_most(10),
];

/// Every choice of the command line, checked.
pub struct Choices {
    pub sections: Vec<&'static str>,
    pub batch_sizes: Option<Vec<usize>>,
    pub widths: Vec<usize>,
    pub lrs: Option<Vec<f64>>,
    pub optimizer: Option<String>,
    pub param: Option<String>,
    pub seeds: u64,
}

fn refuse(message: String) -> ! {
    stepsize::output::fail(format!("error: {message} (see --help)"))
}

/// The flags' values, or one error line and exit code 2.
pub fn choices(args: &Args) -> Choices {
    let sections = args.sections(SECTIONS, SECTION_FLAGS);
    let batch_sizes = args.maybe_counts("batch-size");
    if let Some(bad) = batch_sizes.iter().flatten().find(|&&b| b == 0 || b > N) {
        refuse(format!(
            "--batch-size: must be between 1 and the data size {N}, got {bad}"
        ));
    }
    let widths = args.maybe_counts("widths").unwrap_or(vec![64, 256, 1024]);
    if let Some(bad) = widths.iter().find(|&&k| k == 0 || k > MAX_WIDTH) {
        refuse(format!(
            "--widths: must be between 1 and {MAX_WIDTH}, got {bad}"
        ));
    }
    let lrs = args.maybe_numbers("lr");
    if let Some(bad) = lrs
        .iter()
        .flatten()
        .find(|&&lr| !(lr > 0.0 && lr.is_finite()))
    {
        refuse(format!(
            "--lr: must be finite numbers greater than 0, got {}",
            stepsize::numfmt::exact(*bad)
        ));
    }
    // Every other list refuses a value given twice; a sweep would count it twice too.
    if let Some(list) = &lrs {
        for (i, a) in list.iter().enumerate() {
            if let Some(b) = list[..i].iter().find(|&&b| b == *a) {
                refuse(format!(
                    "--lr: {} and {} are the same value; give each rate once",
                    stepsize::numfmt::exact(*b),
                    stepsize::numfmt::exact(*a)
                ));
            }
        }
    }
    let choices = Choices {
        sections,
        batch_sizes,
        widths,
        lrs,
        optimizer: args.maybe_text("optimizer"),
        param: args.maybe_text("param"),
        seeds: args.steps("seeds") as u64,
    };
    let work = choices.work();
    if work > MAX_WORK {
        refuse(format!(
            "--lr, --batch-size, --widths, --seeds: too much work ({work} units, at most {MAX_WORK}); give fewer values"
        ));
    }
    choices
}

impl Choices {
    /// A rough count of the work the command asks for (example-gradients ÷ 100 and network
    /// units × steps ÷ 100), to refuse what would take minutes.
    fn work(&self) -> usize {
        let rates = |own: usize| self.lrs.as_ref().map_or(own, Vec::len);
        let seeds = self.seeds as usize;
        let mut work = 0;
        for section in &self.sections {
            work += match *section {
                "critical" => {
                    let sizes: usize = self.critical_sizes().iter().sum();
                    sizes * rates(crate::GRID_POINTS) * seeds * crate::CRITICAL_STEPS / 100
                }
                "adam" => {
                    let optimizers = if self.optimizer.is_some() { 1 } else { 2 };
                    // Fixed epochs: every batch size costs the same gradients, but each
                    // step has an overhead worth about 8 examples.
                    let per_size: usize = self
                        .adam_sizes()
                        .iter()
                        .map(|&b| crate::EPOCHS * N * (b + 8) / b)
                        .sum();
                    per_size * rates(crate::GRID_POINTS) * seeds * optimizers / 100
                }
                "width" => {
                    let params = if self.param.is_some() { 1 } else { 2 };
                    let units: usize = self.widths.iter().map(|k| k + 16).sum();
                    // The factor-2 grid's 12 rates and at most 2 × (WIDTH_REFINE − 1) + 1 finer.
                    let own = 12 + 2 * (crate::WIDTH_REFINE as usize - 1) + 1;
                    units * rates(own) * params * crate::WIDTH_STEPS * crate::POINTS / 100 / 100
                }
                _ => 0,
            };
        }
        work
    }

    /// The batch sizes of section critical.
    pub fn critical_sizes(&self) -> Vec<usize> {
        self.batch_sizes
            .clone()
            .unwrap_or_else(|| (0..=10).map(|i| 1 << i).collect())
    }

    /// The batch sizes of section adam.
    pub fn adam_sizes(&self) -> Vec<usize> {
        self.batch_sizes.clone().unwrap_or(vec![1, 4, 16, 64, 256])
    }
}
