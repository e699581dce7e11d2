//! The flags of `after_cosine` (`cargo run --example after_cosine -- --help` lists them):
//! the command line only; `main.rs` reads their values through `Args`.

use stepsize::output::flags::{Args, Kind, Opt};

/// The sections, in the order the chapter tells them.
pub const SECTIONS: &[&str] = &["robbins_monro", "branches", "river", "budget", "extended"];

pub const OPTIONS: &[Opt] = &[
    Opt::new(
        "section",
        Kind::MaybeChoice(SECTIONS),
        "",
        "print only this section",
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
        "steps of each branch's cool-down, at most a quarter of --steps [default: a tenth of --steps]",
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
        "seeds each result is averaged over",
    )
    .at_most(20),
];

/// The sections to print: the one `--section` names, or all of them.
pub fn sections(args: &Args) -> Vec<&'static str> {
    match args.maybe_text("section") {
        None => SECTIONS.to_vec(),
        Some(chosen) => SECTIONS.iter().copied().filter(|s| *s == chosen).collect(),
    }
}
