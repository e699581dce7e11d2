//! The flags of `normalization` (`cargo run --example normalization -- --help` lists them): the command
//! line only; `main.rs` reads their values through `Args`.

use stepsize::output::flags::{Args, Kind, Opt};

/// The sections, in the order the chapter tells them.
pub const SECTIONS: &[&str] = &["regression", "same_lr", "paths", "classifier"];

pub const OPTIONS: &[Opt] = &[
    Opt::new(
        "section",
        Kind::MaybeChoices(SECTIONS),
        "",
        "print only these sections, in the chapter's order; without it, every section",
    ),
    Opt::new(
        "lr",
        Kind::Lr,
        "0.1",
        "the one η tried on raw and on standardized features",
    ),
    Opt::new(
        "steps",
        Kind::Steps,
        "300",
        "updates for the same-η comparison and the classifier",
    )
    .at_most(20_000),
    Opt::new("seed", Kind::Seed, "5", "seed of the synthetic houses"),
];

/// The sections to print: those `--section` names, or all of them. A flag no chosen
/// section reads is refused (one line, exit code 2).
pub fn sections(args: &Args) -> Vec<&'static str> {
    args.sections(
        SECTIONS,
        &[
            ("lr", "same_lr"),
            ("lr", "classifier"),
            ("steps", "same_lr"),
            ("steps", "classifier"),
        ],
    )
}
