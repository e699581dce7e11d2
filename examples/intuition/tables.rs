//! The tables of `intuition`: formatting only, every number comes from `main.rs` (and the
//! predicted step counts from `stability`).

use stepsize::analysis::stability;
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num};
use stepsize::problems::parabola::Parabola;
use stepsize::problems::valleys::{VALLEY_NAMES, Valleys};
use stepsize::train::Budget;
use stepsize::train::{Run, lr_column};

/// The first `n` positions of every walker, side by side.
fn first_steps(runs: &[Run], n: usize) -> Table {
    let mut header = vec!["step".to_string()];
    header.extend(runs.iter().map(|r| format!("x ({})", r.label)));
    let mut table = Table::new(&header);
    for step in 0..=n {
        let mut row = vec![step.to_string()];
        row.extend(runs.iter().map(|r| {
            r.history
                .get(step)
                .map_or("-".into(), |rec| num(rec.params[0]))
        }));
        table.row(row);
    }
    table
}

/// Every parabola walker beside the theory's prediction.
fn predictions(walkers: &[Run], parabola: &Parabola) -> Table {
    // Theory beside measurement: the error x − 2 is multiplied by 1 − 2η at every step,
    // so the loss after k steps is 4·(1 − 2η)^(2k).
    let mut table = Table::new(&[
        "η",
        "1 - 2η",
        "predicted steps",
        "last step",
        "loss",
        "outcome",
    ]);
    for (run, eta) in walkers.iter().zip(lr_column(walkers)) {
        let lr = run.lr();
        let last = run.last().expect("every walker starts at a finite point");
        let predicted =
            stability::predicted_steps(lr, parabola.curvature(), parabola.at(0.0), 1e-6)
                .map_or("never".to_string(), |k| k.to_string());
        table.row([
            eta,
            num(1.0 - 2.0 * lr),
            predicted,
            last.step.to_string(),
            num(last.loss),
            run.summary(),
        ]);
    }
    table
}

/// Where each valley walker ended, and in which valley.
fn valley_table(valley_walkers: &[Run], valleys: &Valleys) -> Table {
    let mut table = Table::new(&[
        "η",
        "x after step 1",
        "final x",
        "loss",
        "valley",
        "outcome",
    ]);
    for (run, eta) in valley_walkers.iter().zip(lr_column(valley_walkers)) {
        let last = run.last().expect("--start keeps the walkers' start finite");
        let valley = if run.outcome.diverged() {
            "-"
        } else {
            valleys.valley_of(last.params[0])
        };
        table.row([
            eta,
            run.history.get(1).map_or("-".into(), |r| num(r.params[0])),
            num(last.params[0]),
            num(last.loss),
            valley.to_string(),
            run.summary(),
        ]);
    }
    table
}

/// The parabola's section: the walkers' first steps, each prediction against the run, and
/// the divergence bound.
pub fn parabola(report: &mut Report, walkers: &[Run], parabola: &Parabola, budget: &Budget) {
    report.section("Walkers on L(x) = (x − 2)² from x = 0");
    report.table(&first_steps(walkers, 4));
    report.line("");
    report.table(&predictions(walkers, parabola));
    report.line(format!(
        "(a run counts as diverged once its loss exceeds {}, 1000 times the starting loss)",
        num(budget.divergence.bound(parabola.at(0.0)))
    ));
}

/// The three valleys' section: where each walker ended, and where the valley floors are.
pub fn valleys(report: &mut Report, valley_walkers: &[Run], valleys: &Valleys, start: f64) {
    report.section(&format!("Walkers in three valleys from x = {}", num(start)));
    report.table(&valley_table(valley_walkers, valleys));
    let minima = valleys.minima();
    report.line(format!(
        "valley floors: left x = {} (loss {}), middle x = {} (loss {}), right x = {} (loss {})",
        num(minima[0]),
        num(valleys.at(minima[0])),
        num(minima[1]),
        num(valleys.at(minima[1])),
        num(minima[2]),
        num(valleys.at(minima[2])),
    ));
}

/// Where small steps from `from` end, beside the valley floor nearest to `from` and the
/// ridges that bound each valley's basin.
pub fn basin(report: &mut Report, run: &Run, valleys: &Valleys, from: f64) {
    let minima = valleys.minima();
    let nearest = (0..3)
        .min_by(|&a, &b| {
            (minima[a] - from)
                .abs()
                .total_cmp(&(minima[b] - from).abs())
        })
        .expect("three floors");
    let end = run.final_params()[0];
    let [left_ridge, right_ridge] = valleys.ridges();
    report.line("");
    let away = minima.map(|m| num((m - from).abs()));
    report.line(format!(
        "from x = {} the floors are {} (left), {} (middle) and {} (right) away: the nearest is the {} one",
        num(from),
        away[0],
        away[1],
        away[2],
        VALLEY_NAMES[nearest],
    ));
    report.line(format!(
        "small steps ({}, {}) end at x = {}, in the {} valley",
        run.label,
        run.summary(),
        num(end),
        valleys.valley_of(end),
    ));
    report.line(format!(
        "basins: left below the ridge at x = {}, middle up to the ridge at x = {}, right beyond; x = {} is in the {} basin",
        num(left_ridge),
        num(right_ridge),
        num(from),
        valleys.valley_of(from),
    ));
}
