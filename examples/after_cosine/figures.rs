//! The figures of `after_cosine`: drawing only, every number comes from `tables.rs`.

use stepsize::output::plot::{self, Chart, Legend, Series, Style};

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
