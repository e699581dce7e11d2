//! The flags of `update_rule` (`cargo run --example update_rule -- --help` lists them): the command
//! line only; `main.rs` reads their values through `Args`.

use stepsize::output::flags::{Kind, Opt};

pub const OPTIONS: &[Opt] = &[
    Opt::new(
        "lr",
        Kind::Lr,
        "0.01",
        "learning rate for the house-price run",
    ),
    Opt::new("steps", Kind::Steps, "50", "updates in the house-price run"),
    Opt::new(
        "seed",
        Kind::Seed,
        "7",
        "seed for the random points of the gradient check",
    ),
];
