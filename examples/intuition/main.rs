//! Chapter "Intuition: how big a step?": walkers descending a parabola with different step
//! sizes, and walkers on a landscape with three valleys.
//!
//!     cargo run --example intuition
//!     cargo run --example intuition -- --lr 0.3,0.7 --steps 20
//!     cargo run --example intuition -- --section valleys --start 2.6

mod figures;
mod options;
mod tables;

use ndarray::array;
use stepsize::output::flags::Args;
use stepsize::output::report::Report;
use stepsize::problems::parabola::Parabola;
use stepsize::problems::valleys::Valleys;
use stepsize::train::{Budget, gradient_descent_runs};

fn main() {
    let args = Args::parse(
        "intuition",
        "walkers descending (x − 2)² and a three-valley landscape with different step sizes",
        options::OPTIONS,
    );
    let sections = args.sections(options::SECTIONS, options::SECTION_FLAGS);
    let mut report = Report::new(&args);
    for section in sections {
        match section {
            "parabola" => parabola(&mut report, &args),
            "valleys" => valleys(&mut report, &args),
            other => unreachable!("options.rs lists no section {other}"),
        }
    }
    report.finish();
}

/// Section `parabola`: walkers on (x − 2)², one per rate, and the slider's frames.
fn parabola(report: &mut Report, args: &Args) {
    // ANCHOR: parabola
    // Set-up: L(x) = (x − 2)², every walker starts at x = 0 (loss 4).
    let parabola = Parabola::new(2.0);
    let budget = Budget::steps(args.steps("steps")).until_loss_below(1e-6);

    // Experiment: one walker per learning rate, each doing x ← x − η·2(x − 2).
    let walkers = gradient_descent_runs(&parabola, &args.lrs("lr"), &array![0.0], &budget);
    // ANCHOR_END: parabola

    tables::parabola(report, &walkers, &parabola, &budget);
    report.history("parabola", &walkers);
    report.figure(
        "parabola_walks",
        figures::parabola_walks(&parabola, &walkers),
    );
    figures::slider(report, &parabola, &budget);
}

/// Section `valleys`: walkers in the three valleys, and which basin small steps end in.
fn valleys(report: &mut Report, args: &Args) {
    // ANCHOR: valleys
    // Set-up: three valleys; every walker starts at the same point on the right slope.
    let valleys = Valleys;
    let start = args.number("start");
    let budget = Budget::steps(args.steps("valley-steps"));

    // Experiment: same start, same landscape, only the step size differs.
    let valley_walkers =
        gradient_descent_runs(&valleys, &args.lrs("valley-lr"), &array![start], &budget);
    // ANCHOR_END: valleys

    tables::valleys(report, &valley_walkers, &valleys, start);
    report.history("valleys", &valley_walkers);
    report.figure(
        "valley_walks",
        figures::valley_walks(&valleys, &valley_walkers, start),
    );

    // ANCHOR: basin
    // From x = 1 the right floor is nearer than the middle one. Where do small steps,
    // which follow the slope closely, end?
    let from = 1.0;
    let small_steps =
        gradient_descent_runs(&valleys, &[0.001], &array![from], &Budget::steps(5000));
    // ANCHOR_END: basin

    tables::basin(report, &small_steps[0], &valleys, from);
    report.history("basin", &small_steps);
}
