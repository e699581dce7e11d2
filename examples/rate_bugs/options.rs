//! The flags of `rate_bugs` (`cargo run --example rate_bugs -- --help` lists them): the
//! command line only; `main.rs` reads their values through `Args`.

use stepsize::output::flags::{Args, Kind, Opt};

/// The sections, in the order the chapter tells them: one per bug.
pub const SECTIONS: &[&str] = &[
    "order",
    "units",
    "warmup",
    "accumulation",
    "resume",
    "reduction",
    "devices",
    "groups",
    "eps",
];

pub const OPTIONS: &[Opt] = &[
    Opt::new(
        "section",
        Kind::MaybeChoices(SECTIONS),
        "",
        "print only the sections of these bugs, in the chapter's order; without it, every section",
    ),
    Opt::new(
        "accumulate",
        Kind::Steps,
        "4",
        "section accumulation: micro-batches per optimizer step",
    )
    .at_most_because(64, "each optimizer step computes that many gradients"),
    Opt::new(
        "devices",
        Kind::Steps,
        "8",
        "section devices: devices the global batch is spread over",
    )
    .at_most_because(32, "32 devices of 8 examples hold the whole data set"),
    Opt::new(
        "eps",
        Kind::LrList,
        "1e-16,1e-8,1e-4,1,10,100",
        "section eps: Adam's ε, one run per value",
    )
    .values("EPS", "values of ε"),
];

/// The sections to print: those `--section` names, or all of them. A flag that only one
/// section reads is refused without that section (one line, exit code 2).
pub fn sections(args: &Args) -> Vec<&'static str> {
    let Some(chosen) = args.maybe_words("section") else {
        return SECTIONS.to_vec();
    };
    for (flag, owner) in [
        ("accumulate", "accumulation"),
        ("eps", "eps"),
        ("devices", "devices"),
    ] {
        if args.given(flag) && !chosen.iter().any(|c| c == owner) {
            stepsize::output::fail(format!(
                "error: --{flag}: only used with --section {owner} or without --section (see --help)"
            ));
        }
    }
    SECTIONS
        .iter()
        .copied()
        .filter(|s| chosen.iter().any(|c| c == s))
        .collect()
}
