//! The flags of `lr_finder` (`cargo run --example lr_finder -- --help` lists them): the command
//! line only; `main.rs` reads their values through `Args`.

use stepsize::output::flags::{Args, Kind, Opt};
use stepsize::output::table::num;

/// The sections, in the order the chapter tells them.
pub const SECTIONS: &[&str] = &["grid", "random", "search2d", "range", "clipping"];

pub const OPTIONS: &[Opt] = &[
    Opt::new(
        "section",
        Kind::MaybeChoices(SECTIONS),
        "",
        "print only these sections, in the chapter's order; without it, every section",
    ),
    Opt::new(
        "start-lr",
        Kind::Positive,
        "1e-7",
        "range test: the first rate",
    ),
    Opt::new("end-lr", Kind::Positive, "10", "range test: the last rate"),
    Opt::new(
        "steps",
        Kind::Steps,
        "3000",
        "full-batch updates per training run",
    )
    .at_most(5_000),
    Opt::new(
        "seed",
        Kind::Seed,
        "4",
        "seed of the data, the network and the random search",
    ),
];

/// --start-lr and --end-lr, checked: the start below the end, and their ratio a number;
/// otherwise the error line and exit code 2.
pub fn lr_range(args: &Args) -> (f64, f64) {
    let (start_lr, end_lr) = (args.number("start-lr"), args.number("end-lr"));
    if start_lr >= end_lr {
        stepsize::output::fail(format!(
            "error: --start-lr: must be below --end-lr ({}), got {} (see --help)",
            num(end_lr),
            num(start_lr)
        ));
    }
    // The range test's rates grow by (end/start)^(1/steps): the ratio must be a number.
    if !(end_lr / start_lr).is_finite() {
        stepsize::output::fail(format!(
            "error: --start-lr: too far below --end-lr ({}): their ratio overflows, got {} (see --help)",
            num(end_lr),
            num(start_lr)
        ));
    }
    (start_lr, end_lr)
}

/// The sections to print: those `--section` names, or all of them. A flag no chosen
/// section reads is refused (one line, exit code 2).
pub fn sections(args: &Args) -> Vec<&'static str> {
    args.sections(
        SECTIONS,
        &[
            ("start-lr", "range"),
            ("end-lr", "range"),
            ("steps", "grid"),
            ("steps", "random"),
            ("steps", "range"),
            ("seed", "grid"),
            ("seed", "random"),
            ("seed", "search2d"),
            ("seed", "range"),
        ],
    )
}
