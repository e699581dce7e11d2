//! The tables of `too_high`: formatting only, every number comes from `main.rs`.

use stepsize::analysis::stability;
use stepsize::math;
use stepsize::output::table::{Table, num, sig};
use stepsize::train::{Run, lr_column};

/// The house-price experiment's runs: loss at a few epochs, where each run ended, and how.
pub fn notes(runs: &[Run]) -> Table {
    let mut table = Table::new(&[
        "η",
        "loss at 0",
        "at 10",
        "at 25",
        "at end",
        "w",
        "b",
        "outcome",
    ]);
    for (run, eta) in runs.iter().zip(lr_column(runs)) {
        let at = |k: usize| run.history.get(k).map_or("-".into(), |r| num(r.loss));
        let last = run.last().expect("w = b = 0 is a finite start");
        table.row([
            eta,
            at(0),
            at(10),
            at(25),
            num(last.loss),
            num(last.params[0]),
            num(last.params[1]),
            run.summary(),
        ]);
    }
    table
}

/// Each rate as a fraction of the threshold, and the factors 1 − ηλ of both directions.
pub fn contractions(runs: &[Run], threshold: f64, lambda_min: f64, lambda_max: f64) -> Table {
    let mut table = Table::new(&["η", "η/threshold", "1 - η·λ_max", "1 - η·λ_min"]);
    for (run, eta) in runs.iter().zip(lr_column(runs)) {
        let lr = run.lr();
        table.row([
            eta,
            num(lr / threshold),
            sig(stability::contraction(lr, lambda_max), 6),
            sig(stability::contraction(lr, lambda_min), 6),
        ]);
    }
    table
}

/// The runs either side of the threshold: the first two values of w, and how each ended.
pub fn edge(edge: &[Run], threshold: f64, lambda_max: f64) -> Table {
    let mut table = Table::new(&[
        "η",
        "η/threshold",
        "1 - η·λ_max",
        "w at 1",
        "w at 2",
        "loss at end",
        "outcome",
    ]);
    for run in edge {
        let lr = run.lr();
        let w = |k: usize| run.history.get(k).map_or("-".into(), |r| num(r.params[0]));
        table.row([
            num(lr),
            num(lr / threshold),
            num(stability::contraction(lr, lambda_max)),
            w(1),
            w(2),
            num(run.final_loss()),
            run.summary(),
        ]);
    }
    table
}

/// The sweep: every half decade, and every run within 30% of the threshold.
pub fn sweep(sweep: &[Run], threshold: f64) -> Table {
    let mut table = Table::new(&["η", "η/threshold", "loss at end", "outcome"]);
    for (run, eta) in sweep.iter().zip(lr_column(sweep)) {
        let lr = run.lr();
        let on_grid = lrs_grid_index(lr).is_some_and(|k| k % 5 == 0);
        if !on_grid && (lr / threshold - 1.0).abs() > 0.3 {
            continue;
        }
        table.row([
            eta,
            num(lr / threshold),
            num(run.final_loss()),
            run.summary(),
        ]);
    }
    table
}

/// The index k of η = 10^(−4 + k/10) on the sweep's grid, if η lies on it.
fn lrs_grid_index(lr: f64) -> Option<i64> {
    let k = (math::log10(lr) + 4.0) * 10.0;
    ((k - k.round()).abs() < 1e-9).then_some(k.round() as i64)
}
