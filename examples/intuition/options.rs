//! The flags of `intuition` (`cargo run --example intuition -- --help` lists them): the command
//! line only; `main.rs` reads their values through `Args`.

use stepsize::output::flags::{Kind, Opt};

/// The sections, in the order the chapter tells them.
pub const SECTIONS: &[&str] = &["parabola", "valleys"];

/// Flags that only one section reads, and that section: refused without it.
pub const SECTION_FLAGS: &[(&str, &str)] = &[
    ("lr", "parabola"),
    ("steps", "parabola"),
    ("valley-lr", "valleys"),
    ("valley-steps", "valleys"),
    ("start", "valleys"),
];

pub const OPTIONS: &[Opt] = &[
    Opt::new(
        "section",
        Kind::MaybeChoices(SECTIONS),
        "",
        "print only these sections, in the chapter's order; without it, both",
    ),
    Opt::new(
        "lr",
        Kind::LrList,
        "0.01,0.1,0.5,0.9,1.1",
        "learning rates of the walkers on the parabola",
    ),
    Opt::new(
        "steps",
        Kind::Steps,
        "50",
        "most steps each parabola walker takes",
    )
    // The slider's walker at η = 1 bounces between 0 and 4 for every step.
    .runs(&["lr"], 1),
    Opt::new(
        "valley-lr",
        Kind::LrList,
        "0.01,0.03,0.05,0.07",
        "learning rates of the walkers in the valleys",
    ),
    Opt::new(
        "valley-steps",
        Kind::Steps,
        "200",
        "steps each valley walker takes",
    )
    .runs(&["valley-lr"], 0),
    Opt::new(
        "start",
        Kind::Between(-5.0, 5.0),
        "3",
        "where the valley walkers start",
    ),
];
