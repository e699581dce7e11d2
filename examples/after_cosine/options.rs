//! The flags of `after_cosine` (`cargo run --example after_cosine -- --help` lists them):
//! the command line only; `main.rs` reads their values through `Args`.

use stepsize::output::fail;
use stepsize::output::flags::{Args, Kind, Opt};

/// The sections, in the order the chapter tells them.
pub const SECTIONS: &[&str] = &["robbins_monro", "branches", "river", "budget", "extended"];

/// Flags that only some sections read, and those sections: refused without one of them.
/// The river runs one seed (`--seed`), so `--seeds` is not among its flags.
pub const SECTION_FLAGS: &[(&str, &str)] = &[
    ("cool-down", "branches"),
    ("seeds", "robbins_monro"),
    ("seeds", "branches"),
    ("seeds", "budget"),
    ("seeds", "extended"),
];

pub const OPTIONS: &[Opt] = &[
    Opt::new(
        "section",
        Kind::MaybeChoices(SECTIONS),
        "",
        "print only these sections, in the chapter's order; without it, every section",
    ),
    Opt::new(
        "steps",
        Kind::Steps,
        "2000",
        "the budget: SGD steps of every run",
    )
    .at_most(20_000),
    Opt::new(
        "cool-down",
        Kind::MaybeCount,
        "",
        "section branches: steps of each cool-down, at most a quarter of --steps [default: a tenth of --steps]",
    ),
    Opt::new(
        "seed",
        Kind::Seed,
        "0",
        "the first seed of the mini-batch draws",
    ),
    Opt::new(
        "seeds",
        Kind::Steps,
        "5",
        "seeds each result is averaged over, in every section but river (--steps × --seeds at most 40000)",
    )
    .at_most(20),
];

/// A ceiling on `--steps` × `--seeds` (the default is 2000 × 5 = 10 000): each flag has
/// its own ceiling, but both at theirs would take most of a minute and half a gigabyte.
const MAX_WORK: usize = 40_000;

/// The seeds every result averages: `--seeds` of them from `--seed` on, wrapping past the
/// largest seed so that the count asked for is the count run; or one error line and exit
/// code 2 when the budget times the seeds exceeds [`MAX_WORK`]. Sections that average no
/// seeds (the river runs `--seed` alone) get that one seed, so their budget may be larger.
pub fn seeds(args: &Args, sections: &[&str]) -> Vec<u64> {
    let averaged = SECTION_FLAGS
        .iter()
        .any(|&(flag, section)| flag == "seeds" && sections.contains(&section));
    let steps = args.steps("steps");
    let count = if averaged { args.steps("seeds") } else { 1 };
    if steps.saturating_mul(count) > MAX_WORK {
        fail(format!(
            "error: --steps {steps} with --seeds {count}: {} steps in all, at most {MAX_WORK}; \
             give fewer steps or seeds (see --help)",
            steps.saturating_mul(count)
        ));
    }
    let first = args.seed("seed");
    (0..count as u64).map(|i| first.wrapping_add(i)).collect()
}

/// `--cool-down`, or a tenth of the budget; at most a quarter of it, so that the last
/// branch (from three quarters) ends within the budget.
pub fn cool_down(args: &Args, steps: usize) -> usize {
    match args.maybe_count("cool-down") {
        None => (steps / 10).max(1),
        Some(c) if (1..=steps / 4).contains(&c) => c,
        Some(c) => fail(format!(
            "error: --cool-down: {c} steps; needs 1 to {} (a quarter of --steps {steps})",
            steps / 4
        )),
    }
}
