//! The printed sections of `batch_size`: formatting, plus the noise table's draws of
//! batch gradients through `main.rs`'s `spread`; every other number comes from `main.rs`.

use stepsize::analysis::stability;
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::minibatch::Sampling;
use stepsize::train::Run;

use crate::N;

/// Each batch size's run: steps, excess loss after one epoch and at the end.
pub fn curves(
    report: &mut Report,
    lr: f64,
    epochs: usize,
    runs: &[Run],
    curve_sizes: &[usize],
    l_star: f64,
) {
    report.section(&format!("Training at η = {} for {epochs} epochs", num(lr)));
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
    report.table(&table);
}

/// The best and the largest stable η for each batch size.
pub fn sweep(
    report: &mut Report,
    results: &[(usize, f64, f64, f64)],
    epochs: usize,
    full_batch_limit: f64,
    eig: &[f64],
    grid: &[f64],
) {
    report.section(&format!("The best and the largest stable η for each batch size ({epochs} epochs; stability over 300 steps)"));
    report.line(format!(
        "best η: the lowest excess loss among {} rates from {} to {}",
        grid.len(),
        num(grid[0]),
        num(grid[grid.len() - 1])
    ));
    report.line(format!(
        "full batch: limit 2/λ_max = {}, long-run best 2/(λ_min + λ_max) = {}",
        num(full_batch_limit),
        num(stability::best_fixed_lr(eig[0], eig[eig.len() - 1]).0)
    ));
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
    report.table(&table);
}

/// The simple noise scale along a full-batch run: it grows as the loss falls.
pub fn noise_scale(report: &mut Report, points: &[(usize, f64, f64)], rate: f64) {
    report.line(format!(
        "Noise scale B_simple = σ²/|∇L|² (σ² = E‖g_i − g‖² as above)\nalong full-batch gradient descent at η = {}:",
        num(rate)
    ));
    let mut table = Table::new(&["step", "excess loss", "B_simple"]);
    for &(step, excess, scale) in points {
        table.row([step.to_string(), num(excess), num(scale)]);
    }
    report.table(&table);
}

/// How far a batch gradient lands from the full gradient, with and without replacement,
/// against the predictions σ²/B and σ²/B·(N−B)/(N−1).
pub fn noise(
    report: &mut Report,
    per_example: f64,
    draws: usize,
    spread: impl Fn(usize, Sampling) -> f64,
) {
    report.section(&format!(
        "Gradient noise against the batch size at θ = 0 ({draws} batches each)"
    ));
    report.line(format!(
        "{N} examples; one example's gradient varies by E‖g_i − g‖² = {} around the full gradient",
        num(per_example)
    ));
    let mut table = Table::new(&[
        "B",
        "with replacement",
        "predicted σ²/B",
        "ratio",
        "shuffled",
        "predicted σ²/B·(N−B)/(N−1)",
        "ratio",
    ]);
    for b in [1, 4, 16, 64, 256, 1024] {
        let with = spread(b, Sampling::WithReplacement);
        let without = spread(b, Sampling::Shuffled);
        let p_with = per_example / b as f64;
        let p_without = p_with * (N - b) as f64 / (N - 1) as f64;
        table.row([
            b.to_string(),
            num(with),
            num(p_with),
            sig(with / p_with, 3),
            num(without),
            num(p_without),
            if p_without > 0.0 {
                sig(without / p_without, 3)
            } else {
                "-".into()
            },
        ]);
    }
    report.table(&table);
}
