//! The printed section of `edge_of_stability`: formatting only, every number comes from `main.rs`.

use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::mlp::Mlp;
use stepsize::train::Run;

/// Each run's sharpness at the start, its largest and its late mean, against 2/η.
fn sharpness_table(runs: &[Run], tracks: &[Vec<(usize, f64)>]) -> Table {
    let mut table = Table::new(&[
        "η",
        "2/η",
        "sharpness at 0",
        "largest",
        "mean, second half",
        "loss at end",
        "steps where the loss rose",
        "outcome",
    ]);
    for (run, track) in runs.iter().zip(tracks) {
        let lr = run.lr();
        let half = &track[track.len() / 2..];
        let mean = half.iter().map(|p| p.1).sum::<f64>() / half.len() as f64;
        let largest = track.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        let rises = run
            .history
            .windows(2)
            .filter(|w| w[1].loss > w[0].loss)
            .count();
        // A diverged run has no meaningful late sharpness: say so rather than print one.
        let late = |v: f64| {
            if run.outcome.diverged() {
                "-".to_string()
            } else {
                sig(v, 4)
            }
        };
        table.row([
            num(lr),
            num(2.0 / lr),
            sig(track[0].1, 4),
            late(largest),
            late(mean),
            num(run.final_loss()),
            rises.to_string(),
            run.summary(),
        ]);
    }
    table
}

/// The section: the network's size and starting loss, then each run's sharpness against 2/η.
pub fn sharpness(report: &mut Report, net: &Mlp, runs: &[Run], tracks: &[Vec<(usize, f64)>]) {
    report.section("Sharpness against 2/η along full-batch gradient descent");
    report.line(format!(
        "{} parameters, {} points, loss at step 0: {}",
        net.dim(),
        net.data.len(),
        num(runs[0].history[0].loss)
    ));
    report.table(&sharpness_table(runs, tracks));
}
