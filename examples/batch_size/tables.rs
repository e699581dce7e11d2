//! The tables of `batch_size`: formatting only, every number comes from `main.rs`.

use stepsize::output::table::{Table, num, sig};
use stepsize::train::Run;

use crate::N;

/// Each batch size's run: steps, excess loss after one epoch and at the end.
pub fn curves(runs: &[Run], curve_sizes: &[usize], l_star: f64) -> Table {
    let mut table = Table::new(&[
        "B",
        "steps",
        "excess loss after 1 epoch",
        "at the end",
        "outcome",
    ]);
    for (run, &b) in runs.iter().zip(curve_sizes) {
        let one_epoch = run
            .history
            .get(N.div_ceil(b))
            .map_or("-".into(), |r| num(r.loss - l_star));
        table.row([
            b.to_string(),
            (run.history.len() - 1).to_string(),
            one_epoch,
            num(run.final_loss() - l_star),
            run.summary(),
        ]);
    }
    table
}

/// The best and the largest stable η for each batch size.
pub fn sweep(results: &[(usize, f64, f64, f64)], epochs: usize) -> Table {
    let mut table = Table::new(&[
        "B",
        "steps",
        "best η",
        "best η / B",
        "excess loss at best η",
        "largest stable η",
    ]);
    for &(b, best_lr, best_loss, stable) in results {
        table.row([
            b.to_string(),
            (epochs * N / b).to_string(),
            sig(best_lr, 3),
            sig(best_lr / b as f64, 3),
            num(best_loss),
            sig(stable, 3),
        ]);
    }
    table
}
