//! The printed sections of `too_low`: formatting only, every number comes from `main.rs`;
//! each returns the (η, steps) points its figure plots.

use stepsize::analysis::stability;
use stepsize::math;
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::parabola::Parabola;
use stepsize::train::{Outcome, Run, lr_column};

/// (η, steps) points for the figure.
pub type Points = Vec<(f64, f64)>;

/// Steps to the tolerance on the parabola, predicted and measured, for each η; returns
/// the predicted and the measured (η, steps) points.
pub fn parabola(
    report: &mut Report,
    parabola: &Parabola,
    tolerance: f64,
    runs: &[Run],
) -> (Points, Points) {
    report.section(&format!(
        "Steps to loss < {} on (x − 2)² from x = 0",
        num(tolerance)
    ));
    let mut table = Table::new(&["η", "predicted", "measured", "η × steps"]);
    let mut measured = Vec::new();
    let mut predicted = Vec::new();
    for (run, eta) in runs.iter().zip(lr_column(runs)) {
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
    not_reached(report, runs);
    report.line(format!(
        "for small η the product tends to ln(L0/tol)/(2·curvature) = ln(4/1e-6)/4 = {}",
        num(math::ln(parabola.at(0.0) / tolerance) / (2.0 * parabola.curvature()))
    ));
    (predicted, measured)
}

/// Steps to the tolerance on the house-price data for each η, beside the slowest
/// direction's contraction; returns the measured (η, steps) points.
pub fn house(report: &mut Report, house_tolerance: f64, house_runs: &[Run], eig: &[f64]) -> Points {
    report.section(&format!(
        "Steps to loss < {} on the house-price data from w = b = 0",
        num(house_tolerance)
    ));
    let mut table = Table::new(&["η", "measured", "η × steps", "1 - η·λ_min"]);
    let mut house_measured = Vec::new();
    for (run, eta) in house_runs.iter().zip(lr_column(house_runs)) {
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
    not_reached(report, house_runs);
    report.history("house", house_runs);
    report.line(format!(
        "λ_min = {}: the slowest direction shrinks by 1 - η·λ_min per step, so steps ≈ const/(η·λ_min)",
        num(eig[0])
    ));
    house_measured
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
