//! Chapter "Too high, too low" (second half): how the number of steps to reach a tolerance
//! grows as the learning rate shrinks.
//!
//!     cargo run --example too_low
//!     cargo run --example too_low -- --lr 0.0005,0.005,0.05

mod figures;
mod options;
mod tables;

use ndarray::array;
use stepsize::analysis::stability;
use stepsize::output::flags::Args;
use stepsize::output::report::Report;
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::parabola::Parabola;
use stepsize::train::{Budget, gradient_descent_runs};

fn main() {
    let args = Args::parse(
        "too_low",
        "steps to reach a tolerance against the learning rate: the 1/η law",
        options::OPTIONS,
    );
    let sections = args.sections(options::SECTIONS, options::SECTION_FLAGS);
    let mut report = Report::new(&args);
    let (mut parabola_points, mut house_points) = (None, None);
    for section in sections {
        match section {
            "parabola" => parabola_points = Some(parabola(&mut report, &args)),
            "house" => house_points = Some(house(&mut report, &args)),
            other => unreachable!("options.rs lists no section {other}"),
        }
    }
    // The figure sets both problems side by side: drawn when both sections are printed.
    if let (Some((predicted, measured, tolerance)), Some((house_measured, house_tolerance))) =
        (parabola_points, house_points)
    {
        report.figure(
            "steps_vs_lr",
            figures::steps_vs_lr(
                predicted,
                measured,
                house_measured,
                tolerance,
                house_tolerance,
            ),
        );
    }
    report.finish();
}

/// Section `parabola`: steps to the tolerance on (x − 2)², predicted and measured; returns
/// the predicted and measured (η, steps) points of the figure, and the tolerance.
fn parabola(report: &mut Report, args: &Args) -> (tables::Points, tables::Points, f64) {
    // ANCHOR: parabola
    // Set-up: (x − 2)² from x = 0, stop when the loss is below 1e-6.
    let parabola = Parabola::new(2.0);
    let tolerance = 1e-6;
    let budget = Budget::steps(args.steps("steps")).until_loss_below(tolerance);
    let runs = gradient_descent_runs(&parabola, &args.lrs("lr"), &array![0.0], &budget);
    // ANCHOR_END: parabola

    let (predicted, measured) = tables::parabola(report, &parabola, tolerance, &runs);
    report.history("parabola", &runs);
    (predicted, measured, tolerance)
}

/// Section `house`: steps to the tolerance on the house-price data; returns the measured
/// (η, steps) points of the figure, and the tolerance.
fn house(report: &mut Report, args: &Args) -> (tables::Points, f64) {
    // ANCHOR: house
    // The same question on the house-price data, with tolerance 1 (an RMS error of $1000).
    let model = LinearRegression::new(data::house_prices());
    let house_tolerance = 1.0;
    let budget = Budget::steps(args.steps("steps")).until_loss_below(house_tolerance);
    let house_runs =
        gradient_descent_runs(&model, &args.lrs("house-lr"), &array![0.0, 0.0], &budget);
    let eig = stability::symmetric_eigenvalues(&model.hessian());
    // ANCHOR_END: house

    let measured = tables::house(report, house_tolerance, &house_runs, &eig);
    (measured, house_tolerance)
}
