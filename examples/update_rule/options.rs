//! The flags of `update_rule` (`cargo run --example update_rule -- --help` lists them): the command
//! line only; `main.rs` reads their values through `Args`.

use stepsize::output::flags::{Kind, Opt};

/// The sections, in the order the chapter tells them.
pub const SECTIONS: &[&str] = &["data", "updates", "gradcheck", "notes"];

/// Flags that only one section reads, and that section: refused without it.
pub const SECTION_FLAGS: &[(&str, &str)] = &[
    ("lr", "updates"),
    ("steps", "updates"),
    ("seed", "gradcheck"),
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
