//! The flags of `normalization` (`cargo run --example normalization -- --help` lists them): the command
//! line only; `main.rs` reads their values through `Args`.

use stepsize::output::flags::{Kind, Opt};

pub const OPTIONS: &[Opt] = &[
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
