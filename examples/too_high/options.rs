//! The flags of `too_high` (`cargo run --example too_high -- --help` lists them): the command
//! line only; `main.rs` reads their values through `Args`.

use stepsize::output::flags::{Kind, Opt};

pub const OPTIONS: &[Opt] = &[
    Opt::new(
        "lr",
        Kind::LrList,
        "0.0001,0.01,0.1",
        "learning rates of the house-price runs",
    ),
    Opt::new(
        "steps",
        Kind::Steps,
        "50",
        "full-batch epochs (updates) per run",
    )
    .runs(&["lr"], 0),
    Opt::new(
        "sweep-steps",
        Kind::Steps,
        "200",
        "updates per run in the sweep across the threshold (42 runs), the runs either side of it (4) and the slider's (11)",
    )
    .at_most(20_000)
    // 42 sweep runs, 4 either side of the threshold, 11 for the slider.
    .runs(&[], 57),
];
