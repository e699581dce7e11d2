//! Chapter 3, "Too high, too low" (second half): how the number of steps to reach a
//! tolerance grows as the learning rate shrinks.
//!
//!     cargo run --example too_low
//!     cargo run --example too_low -- --lr 0.0005,0.005,0.05

mod figures;

use ndarray::array;
use stepsize::analysis::stability;
use stepsize::math;
use stepsize::output::flags::{Args, Kind, Opt};
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::parabola::Parabola;
use stepsize::train::{Budget, Outcome, Run, gradient_descent_runs, lr_column};

const OPTIONS: &[Opt] = &[
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

fn main() {
    let args = Args::parse(
        "too_low",
        "steps to reach a tolerance against the learning rate: the 1/η law",
        OPTIONS,
    );
    let mut report = Report::new(&args);

    // ANCHOR: parabola
    // Set-up: (x − 2)² from x = 0, stop when the loss is below 1e-6.
    let parabola = Parabola::new(2.0);
    let tolerance = 1e-6;
    let budget = Budget::steps(args.steps("steps")).until_loss_below(tolerance);
    let runs = gradient_descent_runs(&parabola, &args.lrs("lr"), &array![0.0], &budget);
    // ANCHOR_END: parabola

    report.section(&format!(
        "Steps to loss < {} on (x − 2)² from x = 0",
        num(tolerance)
    ));
    let mut table = Table::new(&["η", "predicted", "measured", "η × steps"]);
    let mut measured = Vec::new();
    let mut predicted = Vec::new();
    for (run, eta) in runs.iter().zip(lr_column(&runs)) {
        let lr = run.lr();
        let p = stability::predicted_steps(lr, parabola.curvature(), parabola.at(0.0), tolerance);
        let m = reached_at(run);
        if let Some(p) = p {
            predicted.push((lr, p as f64));
        }
        if let Some(m) = m {
            measured.push((lr, m as f64));
        }
        table.row([
            eta,
            p.map_or("never".into(), |k| k.to_string()),
            m.map_or("-".into(), |k| k.to_string()),
            m.map_or("-".into(), |k| num(lr * k as f64)),
        ]);
    }
    report.table(&table);
    not_reached(&mut report, &runs);
    report.line(format!(
        "for small η the product tends to ln(L0/tol)/(2·curvature) = ln(4/1e-6)/4 = {}",
        num(math::ln(parabola.at(0.0) / tolerance) / (2.0 * parabola.curvature()))
    ));
    report.history("parabola", &runs);

    // ANCHOR: house
    // The same question on the house-price data, with tolerance 1 (an RMS error of $1000).
    let model = LinearRegression::new(data::house_prices());
    let house_tolerance = 1.0;
    let budget = Budget::steps(args.steps("steps")).until_loss_below(house_tolerance);
    let house_runs =
        gradient_descent_runs(&model, &args.lrs("house-lr"), &array![0.0, 0.0], &budget);
    let eig = stability::symmetric_eigenvalues(&model.hessian());
    // ANCHOR_END: house

    report.section(&format!(
        "Steps to loss < {} on the house-price data from w = b = 0",
        num(house_tolerance)
    ));
    let mut table = Table::new(&["η", "measured", "η × steps", "1 - η·λ_min"]);
    let mut house_measured = Vec::new();
    for (run, eta) in house_runs.iter().zip(lr_column(&house_runs)) {
        let lr = run.lr();
        let m = reached_at(run);
        if let Some(m) = m {
            house_measured.push((lr, m as f64));
        }
        table.row([
            eta,
            m.map_or("-".into(), |k| k.to_string()),
            m.map_or("-".into(), |k| num(lr * k as f64)),
            sig(stability::contraction(lr, eig[0]), 6),
        ]);
    }
    report.table(&table);
    not_reached(&mut report, &house_runs);
    report.history("house", &house_runs);
    report.line(format!(
        "λ_min = {}: the slowest direction shrinks by 1 - η·λ_min per step, so steps ≈ const/(η·λ_min)",
        num(eig[0])
    ));
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

    report.finish();
}

/// A line for each run that did not reach its tolerance, saying how it ended instead.
fn not_reached(report: &mut Report, runs: &[Run]) {
    for run in runs.iter().filter(|r| reached_at(r).is_none()) {
        report.line(format!("{}: {}", run.label, run.summary()));
    }
}

/// The step at which a run reached its tolerance, if it did.
fn reached_at(run: &Run) -> Option<u64> {
    match run.outcome {
        Outcome::Reached { step, .. } => Some(step as u64),
        _ => None,
    }
}
