//! The tables of `schedules`: formatting only, every number comes from `main.rs`.

use stepsize::output::table::{Table, num, sig};
use stepsize::problems::Problem;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::valleys::Valleys;
use stepsize::train::Run;

/// η of each named curve at the chosen steps.
pub fn rates(curves: &[(String, Vec<f64>)], steps: &[usize]) -> Table {
    let mut header = vec!["schedule".to_string()];
    header.extend(steps.iter().map(|t| format!("t={t}")));
    let mut table = Table::new(&header);
    for (label, curve) in curves {
        let mut row = vec![label.clone()];
        row.extend(
            steps
                .iter()
                .map(|&t| curve.get(t).map_or("-".into(), |&v| sig(v, 3))),
        );
        table.row(row);
    }
    table
}

/// Each cut of reduce-on-plateau: when, to what rate, and the validation loss there.
pub fn cuts(plateau_run: &Run, cuts: &[usize], validation: &LinearRegression) -> Table {
    let mut table = Table::new(&["cut at step", "η after", "validation loss"]);
    for &step in cuts {
        let r = &plateau_run.history[step];
        table.row([
            step.to_string(),
            sig(r.lr, 3),
            num(validation.loss(r.params.view())),
        ]);
    }
    table
}

/// Where each warm-up run ended, and in which valley.
pub fn warmup(runs: &[&Run], valleys: &Valleys) -> Table {
    let mut table = Table::new(&["run", "curvature at start", "final x", "valley", "outcome"]);
    for run in runs {
        let x = run.final_params()[0];
        let valley = if run.outcome.diverged() {
            "-"
        } else {
            valleys.valley_of(x)
        };
        table.row([
            run.label.clone(),
            num(valleys.curvature(3.0)),
            num(x),
            valley.to_string(),
            run.summary(),
        ]);
    }
    table
}
