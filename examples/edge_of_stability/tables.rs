//! The printed section of `edge_of_stability`: formatting only, every number comes from `main.rs`.

use stepsize::analysis::sharpness::Tracker;
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::mlp::Mlp;
use stepsize::train::Run;

/// The mean of the second half of a track.
fn late_mean(track: &[(usize, f64)]) -> f64 {
    let half = &track[track.len() / 2..];
    half.iter().map(|p| p.1).sum::<f64>() / half.len() as f64
}

/// Each run's sharpness at the start, its largest and its late mean, against 2/η.
fn sharpness_table(runs: &[Run], tracks: &[Tracker]) -> Table {
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
    for (run, tracker) in runs.iter().zip(tracks) {
        let lr = run.lr();
        let track = &tracker.track;
        let mean = late_mean(track);
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

/// The same late mean from the cheaper power-iteration track, beside the Lanczos one.
fn power_table(runs: &[Run], tracks: &[Tracker], power: &[Vec<(usize, f64)>]) -> Table {
    let mut table = Table::new(&["η", "2/η", "mean, second half: Lanczos", "power iteration"]);
    for ((run, tracker), power) in runs.iter().zip(tracks).zip(power) {
        if run.outcome.diverged() {
            continue;
        }
        table.row([
            num(run.lr()),
            num(2.0 / run.lr()),
            sig(late_mean(&tracker.track), 4),
            sig(late_mean(power), 4),
        ]);
    }
    table
}

/// The section: the network's size and starting loss, each run's sharpness against 2/η,
/// how it was measured, and what the cheaper measurement would have said.
pub fn sharpness(
    report: &mut Report,
    net: &Mlp,
    runs: &[Run],
    tracks: &[Tracker],
    power: &[Vec<(usize, f64)>],
    (every, tolerance): (usize, f64),
) {
    report.section("Sharpness against 2/η along full-batch gradient descent");
    report.line(format!(
        "{} parameters, {} points, loss at step 0: {}",
        net.dim(),
        net.data.len(),
        num(runs[0].history[0].loss)
    ));
    report.table(&sharpness_table(runs, tracks));
    let checks: usize = tracks.iter().map(|t| t.track.len()).sum();
    let products: usize = tracks.iter().map(|t| t.products).sum();
    report.line(format!(
        "Sharpness measured every {every} steps, by the Lanczos method to a relative accuracy of {}:"
    , num(tolerance)));
    report.line(format!(
        "{checks} checks, {products} Hessian–vector products (two gradients each)."
    ));
    report.line("Power iteration, 10 warm-started rounds every 100 steps, on the same runs:");
    report.table(&power_table(runs, tracks, power));
}
