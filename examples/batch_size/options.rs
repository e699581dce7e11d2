//! The flags of `batch_size` (`cargo run --example batch_size -- --help` lists them): the command
//! line only; `main.rs` reads their values through `Args`.

use crate::N;
use stepsize::output::flags::{Args, Kind, Opt};

/// The sections, in the order the chapter tells them.
pub const SECTIONS: &[&str] = &["variance", "curves", "sweep"];

pub const OPTIONS: &[Opt] = &[
    Opt::new(
        "section",
        Kind::MaybeChoices(SECTIONS),
        "",
        "print only these sections, in the chapter's order; without it, every section",
    ),
    Opt::new(
        "batch-size",
        Kind::MaybeCounts,
        "",
        "batch sizes for the training curves [default: 4,32,256]",
    ),
    Opt::new(
        "lr",
        Kind::Lr,
        "0.05",
        "learning rate for the training curves",
    ),
    Opt::new(
        "epochs",
        Kind::Steps,
        "2",
        "passes over the data in the curves and the sweep",
    )
    .at_most(10),
    Opt::new("seed", Kind::Seed, "2", "seed of the data set"),
];

/// The batch sizes of the training curves (--batch-size, 4, 32 and 256 if not given),
/// each between 1 and the data size; otherwise the error line and exit code 2.
pub fn curve_sizes(args: &Args) -> Vec<usize> {
    let curve_sizes = args.maybe_counts("batch-size").unwrap_or(vec![4, 32, 256]);
    if let Some(bad) = curve_sizes.iter().find(|&&b| b == 0 || b > N) {
        stepsize::output::fail(format!(
            "error: --batch-size: must be between 1 and the data size {N}, got {bad} (see --help)"
        ));
    }
    curve_sizes
}

/// The sections to print: those `--section` names, or all of them. A flag no chosen
/// section reads is refused (one line, exit code 2).
pub fn sections(args: &Args) -> Vec<&'static str> {
    args.sections(
        SECTIONS,
        &[
            ("batch-size", "curves"),
            ("lr", "curves"),
            ("epochs", "curves"),
            ("epochs", "sweep"),
        ],
    )
}
