//! The flags of `too_low` (`cargo run --example too_low -- --help` lists them): the command
//! line only; `main.rs` reads their values through `Args`.

use stepsize::output::flags::{Kind, Opt};

/// The sections, in the order the chapter tells them.
pub const SECTIONS: &[&str] = &["parabola", "house"];

/// Flags that only one section reads, and that section: refused without it.
pub const SECTION_FLAGS: &[(&str, &str)] = &[("lr", "parabola"), ("house-lr", "house")];

pub const OPTIONS: &[Opt] = &[
    Opt::new(
        "section",
        Kind::MaybeChoices(SECTIONS),
        "",
        "print only these sections, in the chapter's order; without it, both and the figure drawn from both",
    ),
    Opt::new(
        "lr",
        Kind::LrList,
        "0.001,0.002,0.005,0.01,0.02,0.05,0.1,0.2,0.4",
        "learning rates on the parabola",
    ),
    Opt::new(
        "house-lr",
        Kind::LrList,
        "0.001,0.003,0.01,0.03,0.1",
        "learning rates on the house-price data",
    ),
    Opt::new(
        "steps",
        Kind::Steps,
        "100000",
        "most updates a run may take",
    )
    .at_most(200_000)
    .runs(&["lr", "house-lr"], 0),
];
