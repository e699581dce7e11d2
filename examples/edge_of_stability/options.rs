//! The flags of `edge_of_stability` (`cargo run --example edge_of_stability -- --help` lists them): the command
//! line only; `main.rs` reads their values through `Args`.

use stepsize::output::flags::{Args, Kind, Opt};

/// The sections, in the order the chapter tells them.
pub const SECTIONS: &[&str] = &["sharpness", "power", "exact"];

pub const OPTIONS: &[Opt] = &[
    Opt::new(
        "section",
        Kind::MaybeChoices(SECTIONS),
        "",
        "print only these sections, in the chapter's order; without it, every section",
    ),
    Opt::new(
        "lr",
        Kind::LrList,
        "0.1,0.25,0.35",
        "learning rates of the full-batch runs",
    ),
    // Each step costs a network's gradient, and the sharpness is tracked along the way.
    Opt::new("steps", Kind::Steps, "2000", "updates per run")
        .at_most(20_000)
        .runs(&["lr"], 0)
        .total_at_most(20_000),
    Opt::new(
        "seed",
        Kind::Seed,
        "0",
        "seed of the network's initial weights",
    ),
];

/// The sections to print: those `--section` names, or all of them (every section reads
/// every other flag).
pub fn sections(args: &Args) -> Vec<&'static str> {
    args.sections(SECTIONS, &[])
}
