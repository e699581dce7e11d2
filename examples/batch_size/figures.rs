//! The figures of `batch_size`: drawing only, every number comes from `main.rs`.

use stepsize::output::plot::{self, Chart, Legend, Series, Style};
use stepsize::output::table::num;
use stepsize::train::Run;

use crate::N;

/// Excess loss against epochs and against steps, one curve per batch size.
pub fn curves(runs: &[Run], sizes: &[usize], l_star: f64) -> String {
    let mut by_epoch = Chart::new("against epochs", "epochs", "excess loss (log scale)")
        .log_y()
        .legend(Legend::MiddleRight);
    let mut by_step = Chart::new(
        "against steps",
        "steps (log scale)",
        "excess loss (log scale)",
    )
    .log_x()
    .log_y()
    .legend(Legend::UpperRight);
    for (i, (run, &b)) in runs.iter().zip(sizes).enumerate() {
        let per_step = b as f64 / N as f64;
        let epoch_points = run
            .history
            .iter()
            .map(|r| (r.step as f64 * per_step, r.loss - l_star))
            .collect();
        let step_points = run
            .history
            .iter()
            .skip(1)
            .map(|r| (r.step as f64, r.loss - l_star))
            .collect();
        by_epoch = by_epoch
            .series(Series::new(epoch_points, plot::color(i), Style::Line).label(&run.label));
        by_step =
            by_step.series(Series::new(step_points, plot::color(i), Style::Line).label(&run.label));
    }
    plot::grid(
        "The same η with different batch sizes",
        &[by_epoch, by_step],
        2,
        (300, 300),
    )
}

/// The best and the largest stable η against the batch size, with the linear rule.
pub fn scaling(results: &[(usize, f64, f64, f64)], limit: f64) -> String {
    let best: Vec<(f64, f64)> = results
        .iter()
        .map(|&(b, lr, _, _)| (b as f64, lr))
        .collect();
    let stable: Vec<(f64, f64)> = results.iter().map(|&(b, _, _, s)| (b as f64, s)).collect();
    // The linear scaling rule through the B = 1 point: η ∝ B.
    let first = best[0];
    let linear: Vec<(f64, f64)> = results
        .iter()
        .map(|&(b, ..)| (b as f64, first.1 * b as f64 / first.0))
        .collect();
    let chart = Chart::new(
        "Learning rate against batch size",
        "batch size B (log scale)",
        "η (log scale)",
    )
    .log_x()
    .log_y()
    .legend(Legend::LowerRight)
    .series(Series::new(linear, plot::GREY, Style::Dashed).label("linear scaling, η ∝ B"))
    .series(Series::new(best, plot::color(0), Style::LineDots).label("best η"))
    .series(Series::new(stable, plot::color(1), Style::LineDots).label("largest stable η"))
    .series(
        Series::new(
            vec![(1.0, limit), (1024.0, limit)],
            plot::color(2),
            Style::Dotted,
        )
        .label(format!("full-batch limit 2/λ_max = {}", num(limit))),
    );
    chart.render((600, 420))
}
