//! The tables of `lr_finder`: formatting only, every number comes from `main.rs`.

use stepsize::output::table::{Table, num, sig};
use stepsize::train::Run;

/// The random search's runs: training and validation loss, and how each ended.
pub fn random(random_runs: &[Run], validate: impl Fn(&Run) -> f64) -> Table {
    let mut table = Table::new(&["η", "train loss", "validation loss", "outcome"]);
    for run in random_runs {
        let (t, v) = if run.outcome.diverged() {
            (f64::NAN, f64::NAN)
        } else {
            (run.final_loss(), validate(run))
        };
        table.row([sig(run.lr(), 3), num(t), num(v), run.summary()]);
    }
    table
}

/// The clipping runs: where each ended, and how many of its steps were clipped.
pub fn clipping(runs: &[Run], clipped_steps: &[usize]) -> Table {
    let mut table = Table::new(&["run", "loss at end", "steps clipped", "outcome"]);
    for (run, clipped_steps) in runs.iter().zip(clipped_steps) {
        table.row([
            run.label.clone(),
            num(run.final_loss()),
            clipped_steps.to_string(),
            run.summary(),
        ]);
    }
    table
}
