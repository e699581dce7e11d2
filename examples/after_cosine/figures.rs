//! The figures of `after_cosine`: drawing only, every number comes from `tables.rs`.

use stepsize::output::plot::{self, Chart, Legend, Series, Style};
use stepsize::problems::Problem;
use stepsize::problems::river::RiverValley;
use stepsize::train::Run;

/// Mean excess-loss curves, one series each, log scale.
fn curves_chart(title: &str, curves: &[(String, Vec<f64>)]) -> Chart {
    let mut chart = Chart::new(title, "step", "loss above the minimum (log scale)")
        .log_y()
        .legend(Legend::UpperRight);
    const STYLES: [Style; 3] = [Style::Line, Style::Dashed, Style::Dotted];
    for (i, (label, curve)) in curves.iter().enumerate() {
        let points = curve
            .iter()
            .enumerate()
            .filter(|(_, v)| **v > 0.0)
            .map(|(t, &v)| (t as f64, v))
            .collect();
        chart = chart.series(Series::new(points, plot::color(i), STYLES[i % 3]).label(label));
    }
    chart
}

/// The constant run and its cool-downs.
pub fn branches(curves: &[(String, Vec<f64>)], seeds: usize) -> String {
    plot::grid(
        &format!("Each cool-down drops below the constant run (mean of {seeds} seeds)"),
        &[curves_chart("excess loss", curves)],
        1,
        (640, 380),
    )
}

/// Constant, cosine, WSD, averaging and schedule-free on one budget.
pub fn budget(curves: &[(String, Vec<f64>)], seeds: usize) -> String {
    plot::grid(
        &format!("One budget, five answers (mean of {seeds} seeds)"),
        &[curves_chart("excess loss", curves)],
        1,
        (640, 380),
    )
}

/// The river valley: the constant run's and WSD's paths over the contours, and their
/// loss split into across and along.
pub fn river(runs: &[Run], valley: &RiverValley) -> String {
    let shown: Vec<Run> = runs
        .iter()
        .filter(|r| r.label == "constant 0.1" || r.label.starts_with("WSD"))
        .cloned()
        .collect();
    let paths = plot::paths_over_contours(
        "paths",
        |x1, x2| valley.loss(ndarray::array![x1, x2].view()),
        (4.5, 8.5),
        (-1.5, 2.2),
        &[0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0],
        &shown,
        0,
    );
    let mut split = Chart::new("across and along", "step", "loss (log scale)")
        .log_y()
        .legend(Legend::LowerLeft);
    for (i, run) in shown.iter().enumerate() {
        let part = |f: fn(&RiverValley, ndarray::ArrayView1<f64>) -> f64| -> Vec<(f64, f64)> {
            run.history
                .iter()
                .map(|r| (r.step as f64, f(valley, r.params.view())))
                .filter(|&(_, v)| v > 0.0)
                .collect()
        };
        split = split
            .series(
                Series::new(part(RiverValley::across), plot::color(i), Style::Line)
                    .label(format!("{} across", run.label)),
            )
            .series(
                Series::new(part(RiverValley::along), plot::color(i), Style::Dashed)
                    .label(format!("{} along", run.label)),
            );
    }
    plot::grid(
        "The constant rate bounces across the river; the cool-down stops the bounce",
        &[paths, split],
        2,
        (470, 380),
    )
}
