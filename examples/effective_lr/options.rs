//! The flags of `effective_lr` (`cargo run --example effective_lr -- --help` lists them):
//! the command line only; `main.rs` reads their values through `Args`.

use stepsize::output::flags::{Args, Kind, Opt};

/// The sections, in the chapter's order.
pub const SECTIONS: &[&str] = &["layers", "range", "growth", "equilibrium", "coupled", "eps"];

pub const NORMS: &[&str] = &["none", "batch", "layer"];
pub const OPTIMIZERS: &[&str] = &["sgd", "adam", "adamw"];

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
        "0.3,0.9",
        "section equilibrium: learning rates η, one run for each pair (η, λ), at most 16 pairs",
    ),
    Opt::new(
        "weight-decay",
        Kind::LrList,
        "0.01,0.03",
        "section equilibrium: weight decays λ > 0, one run for each pair (η, λ), at most 16 pairs",
    )
    .values("LAMBDA", "weight decays"),
    Opt::new(
        "steps",
        Kind::Steps,
        "800",
        "section equilibrium: updates per run (mini-batches of 32); all runs together at most 200000",
    )
    .at_most(20_000),
    Opt::new(
        "norm",
        Kind::MaybeChoice(NORMS),
        "batch",
        "section equilibrium: the layer after the first linear layer",
    ),
    Opt::new(
        "optimizer",
        Kind::MaybeChoice(OPTIMIZERS),
        "sgd",
        "section equilibrium: SGD or Adam with L2 weight decay, or AdamW",
    ),
    Opt::new(
        "seed",
        Kind::Seed,
        "0",
        "seed of the initial weights and the batches, in every section",
    ),
];

/// The sections to print: those `--section` names, or all of them. A flag that only the
/// section equilibrium reads is refused without it (one line, exit code 2).
pub fn sections(args: &Args) -> Vec<&'static str> {
    check_grid(args);
    let Some(chosen) = args.maybe_words("section") else {
        return SECTIONS.to_vec();
    };
    if !chosen.iter().any(|c| c == "equilibrium") {
        for flag in ["lr", "weight-decay", "steps", "norm", "optimizer"] {
            if args.given(flag) {
                stepsize::output::fail(format!(
                    "error: --{flag}: only used with --section equilibrium or without --section (see --help)"
                ));
            }
        }
    }
    chosen_sections(&chosen)
}

fn chosen_sections(chosen: &[String]) -> Vec<&'static str> {
    SECTIONS
        .iter()
        .copied()
        .filter(|s| chosen.iter().any(|c| c == s))
        .collect()
}

/// The most runs of the section equilibrium (one per η and λ).
pub const MAX_PAIRS: usize = 16;

/// The grid of rates and decays is at most [`MAX_PAIRS`] runs, and all of them together
/// at most 200000 steps (the grid is the product of the two lists, so this example
/// checks it here rather than through the flag parser's per-list ceiling).
fn check_grid(args: &Args) {
    let pairs = args.lrs("lr").len() * args.lrs("weight-decay").len();
    let steps = args.steps("steps");
    if pairs > MAX_PAIRS {
        stepsize::output::fail(format!(
            "error: --lr and --weight-decay: {pairs} pairs (η, λ), more than {MAX_PAIRS} (see --help)"
        ));
    }
    if pairs * steps > 200_000 {
        stepsize::output::fail(format!(
            "error: --steps {steps} × {pairs} runs = {} steps in all, more than this example's ceiling of 200000 (see --help)",
            pairs * steps
        ));
    }
}
