//! The flags of `edge_of_stability` (`cargo run --example edge_of_stability -- --help` lists them): the command
//! line only; `main.rs` reads their values through `Args`.

use stepsize::output::flags::{Kind, Opt};

pub const OPTIONS: &[Opt] = &[
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
