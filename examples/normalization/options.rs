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

/// The sections to print: those `--section` names, or all of them. `--lr` and `--steps`
/// are refused when no chosen section reads them (one line, exit code 2).
pub fn sections(args: &Args) -> Vec<&'static str> {
    let Some(chosen) = args.maybe_words("section") else {
        return SECTIONS.to_vec();
    };
    let readers = ["same_lr", "classifier"];
    for flag in ["lr", "steps"] {
        if args.given(flag) && !chosen.iter().any(|c| readers.contains(&c.as_str())) {
            stepsize::output::fail(format!(
                "error: --{flag}: only used with --section same_lr or classifier, or without --section (see --help)"
            ));
        }
    }
    SECTIONS
        .iter()
        .copied()
        .filter(|s| chosen.iter().any(|c| c == s))
        .collect()
}
