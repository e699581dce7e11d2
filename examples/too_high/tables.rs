//! The printed sections of `too_high`: formatting only, every number comes from `main.rs`.
//! Each public function prints one section (its heading, table and lines) and records its
//! runs for `--csv`.

use ndarray::{Array1, Array2};
use stepsize::analysis::stability;
use stepsize::math;
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::Problem;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::train::{Budget, Outcome, Run, lr_column};

/// The house-price experiment: each run's losses, where it ended, and the best possible loss.
pub fn notes(
    report: &mut Report,
    model: &LinearRegression,
    start: &Array1<f64>,
    budget: &Budget,
    runs: &[Run],
) {
    report.section(&format!(
        "The house-price experiment: {} from w = b = 0",
        plural(budget.steps, "epoch")
    ));
    report.table(&notes_table(runs));
    let best = model.least_squares().expect("the sizes are distinct");
    let bound = budget.divergence.bound(model.loss(start.view()));
    report.line(format!(
        "(the best possible loss is {}, at w = {}, b = {}; a run counts as diverged above {}, 1000 times the starting loss)",
        num(model.loss(best.view())),
        num(best[0]),
        num(best[1]),
        num(bound)
    ));
    report.history("notes", runs);
}

/// The Hessian, its eigenvalues, the threshold 2/λ_max and the best fixed rate, then each
/// house-price rate's contraction factors.
pub fn threshold(
    report: &mut Report,
    h: &Array2<f64>,
    (lambda_min, lambda_max): (f64, f64),
    threshold: f64,
    (best_lr, best_rate): (f64, f64),
    runs: &[Run],
) {
    report.section("The stability threshold from the Hessian");
    report.line(format!(
        "H = (2/n) [[Σx², Σx], [Σx, n]] = [[{}, {}], [{}, {}]]",
        num(h[[0, 0]]),
        num(h[[0, 1]]),
        num(h[[1, 0]]),
        num(h[[1, 1]])
    ));
    report.line(format!(
        "eigenvalues: λ_min = {}, λ_max = {}",
        num(lambda_min),
        num(lambda_max)
    ));
    report.line(format!(
        "condition number κ = λ_max/λ_min = {}",
        num(lambda_max / lambda_min)
    ));
    // For these five houses det H = 2, so λ_min happens to equal 2/λ_max: print it, so
    // nobody mistakes the coincidence for a law.
    report.line(format!(
        "det H = λ_min·λ_max = {}",
        num(lambda_min * lambda_max)
    ));
    report.line(format!("largest stable η = 2/λ_max = {}", num(threshold)));
    report.line(format!(
        "long-run best fixed η = 2/(λ_min + λ_max) = {}, both factors of size (κ-1)/(κ+1) = {}",
        num(best_lr),
        num(best_rate)
    ));
    report.table(&contractions(runs, threshold, lambda_min, lambda_max));
}

/// The runs just below and just above the threshold.
pub fn edge(report: &mut Report, edge: &[Run], threshold: f64, lambda_max: f64) {
    report.section("Either side of the threshold");
    report.table(&edge_table(edge, threshold, lambda_max));
    report.history("edge", edge);
}

/// The sweep across the threshold: the final loss against η.
pub fn sweep(report: &mut Report, sweep: &[Run], threshold: f64, steps: usize) {
    report.section(&format!("Sweep: loss after {steps} updates against η"));
    let table = sweep_table(sweep, threshold);
    report.table(&table);
    report.history("sweep", sweep);
    report.line(format!(
        "({} of {} runs shown; every run is in --csv and the figure)",
        table.len(),
        sweep.len()
    ));
}

/// "1 epoch", "50 epochs".
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The house-price experiment's runs: loss at a few epochs, where each run ended, and how.
fn notes_table(runs: &[Run]) -> Table {
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
fn contractions(runs: &[Run], threshold: f64, lambda_min: f64, lambda_max: f64) -> Table {
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
fn edge_table(edge: &[Run], threshold: f64, lambda_max: f64) -> Table {
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
            short_outcome(run),
        ]);
    }
    table
}

/// How a run ended, without the loss and bound of a divergence: the table beside it gives
/// the loss, and the experiment's note the bound, so the table fits a projector's width.
fn short_outcome(run: &Run) -> String {
    match run.outcome {
        Outcome::Diverged { step, .. } => format!("diverged at step {step}"),
        _ => run.summary(),
    }
}

/// The sweep: every half decade, and every run within 30% of the threshold.
fn sweep_table(sweep: &[Run], threshold: f64) -> Table {
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
