//! The flags of `too_high` (`cargo run --example too_high -- --help` lists them): the command
//! line only; `main.rs` reads their values through `Args`.

use stepsize::output::flags::{Kind, Opt};

/// The sections, in the order the chapter tells them.
pub const SECTIONS: &[&str] = &["experiment", "threshold", "edge", "sweep"];

/// Flags that only some sections read, and those sections: refused without one of them.
/// `--lr` is read by the experiment and by the threshold's table of its rates;
/// `--sweep-steps` by the edge and the sweep.
pub const SECTION_FLAGS: &[(&str, &str)] = &[
    ("lr", "experiment"),
    ("lr", "threshold"),
    ("steps", "experiment"),
    ("sweep-steps", "edge"),
    ("sweep-steps", "sweep"),
];

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
