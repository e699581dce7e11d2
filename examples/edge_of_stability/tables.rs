//! The printed sections of `edge_of_stability`: formatting only, every number comes from `main.rs`.

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

/// Each run's sharpness at the start, its largest and its late mean, against 2/η; and, in a
/// second table (two narrow tables read better on a phone than one wide one), how its loss
/// went.
fn sharpness_tables(runs: &[Run], tracks: &[Tracker]) -> (Table, Table) {
    let mut sharp = Table::new(&["η", "2/η", "sharpness at 0", "largest", "mean, second half"]);
    let mut loss = Table::new(&["η", "loss at end", "steps where the loss rose", "outcome"]);
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
        sharp.row([
            num(lr),
            num(2.0 / lr),
            sig(track[0].1, 4),
            late(largest),
            late(mean),
        ]);
        loss.row([
            num(lr),
            num(run.final_loss()),
            rises.to_string(),
            run.summary(),
        ]);
    }
    (sharp, loss)
}

/// The same late mean from the cheaper power-iteration track, beside the Lanczos one over all
/// its checks and over only the checks at power iteration's steps (so that the last two
/// columns differ in accuracy alone, not in which steps they sample).
fn power_table(runs: &[Run], tracks: &[Tracker], power: &[Vec<(usize, f64)>]) -> Table {
    let mut table = Table::new(&[
        "η",
        "2/η",
        "Lanczos, all checks",
        "Lanczos, same steps",
        "power iteration",
    ]);
    for ((run, tracker), power) in runs.iter().zip(tracks).zip(power) {
        if run.outcome.diverged() {
            continue;
        }
        let same: Vec<(usize, f64)> = power
            .iter()
            .filter_map(|&(step, _)| tracker.track.iter().find(|p| p.0 == step).copied())
            .collect();
        // Only when every power-iteration step was also a Lanczos check are the windows alike.
        let same = if same.len() == power.len() {
            sig(late_mean(&same), 4)
        } else {
            "-".to_string()
        };
        table.row([
            num(run.lr()),
            num(2.0 / run.lr()),
            sig(late_mean(&tracker.track), 4),
            same,
            sig(late_mean(power), 4),
        ]);
    }
    table
}

/// The whole Hessian's two largest eigenvalues at a point, and the Lanczos estimate there.
pub struct Exact {
    pub label: String,
    pub top: f64,
    pub second: f64,
    pub lanczos: f64,
}

/// Section exact: the check against the exact Hessian.
pub fn exact(report: &mut Report, dim: usize, points: &[Exact]) {
    report.section(&format!("The exact {dim} × {dim} Hessian against Lanczos"));
    report.line("The two largest eigenvalues, and Lanczos from a cold start:");
    let mut table = Table::new(&["at", "λ₁", "λ₂", "λ₂/λ₁", "Lanczos", "Lanczos/λ₁ − 1"]);
    for p in points {
        table.row([
            p.label.clone(),
            sig(p.top, 6),
            sig(p.second, 6),
            sig(p.second / p.top, 4),
            sig(p.lanczos, 6),
            sig(p.lanczos / p.top - 1.0, 2),
        ]);
    }
    report.table(&table);
}

/// Section sharpness: the network's size and starting loss, each run's sharpness against
/// 2/η and how its loss went, and how the sharpness was measured.
pub fn sharpness(
    report: &mut Report,
    net: &Mlp,
    runs: &[Run],
    tracks: &[Tracker],
    (every, tolerance): (usize, f64),
) {
    report.section("Sharpness against 2/η along full-batch gradient descent");
    report.line(format!(
        "{} parameters, {} points, loss at step 0: {}",
        net.dim(),
        net.data.len(),
        num(runs[0].history[0].loss)
    ));
    let (sharp, loss) = sharpness_tables(runs, tracks);
    report.table(&sharp);
    report.line("");
    report.table(&loss);
    let checks: usize = tracks.iter().map(|t| t.track.len()).sum();
    let products: usize = tracks.iter().map(|t| t.products).sum();
    report.line(format!(
        "Sharpness measured every {every} steps, by the Lanczos method to a relative accuracy of {}:"
    , num(tolerance)));
    report.line(format!(
        "{checks} checks, {products} Hessian–vector products (two gradients each)."
    ));
}

/// Section power: what the cheaper measurement would have said.
pub fn power(report: &mut Report, runs: &[Run], tracks: &[Tracker], power: &[Vec<(usize, f64)>]) {
    report.section("Mean sharpness over the second half: Lanczos against power iteration");
    report.line("Power iteration: 10 warm-started rounds every 100 steps; Lanczos at every check,");
    report.line("and at the same steps as power iteration:");
    report.table(&power_table(runs, tracks, power));
}
