//! The book's ready-made charts: loss curves, a walk on a one-parameter loss, positions
//! over the steps, a learning-rate sweep, optimizer paths over contour lines; and the
//! learning rates of the book's sliders.

use plotters::style::RGBColor;

use super::{Chart, GREY, Legend, PALETTE, Series, Style, color, contours, thin_to};
use crate::output::table::num;

/// The learning rates of the book's interactive sliders: a log grid through the values
/// where the behaviour changes (0.5: one step; 1: the limit on the parabola).
pub const SLIDER_LRS: &[f64] = &[
    0.01, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9, 0.95, 1.0, 1.05, 1.1,
];

/// The usual loss-curve chart: loss against step on a log scale, one line per run,
/// a cross where a run diverged. Zero losses (an exact landing on the minimum) cannot be
/// drawn on a log axis: the renderer puts them on the bottom edge, marked by a triangle.
pub fn loss_curves(title: &str, runs: &[crate::train::Run]) -> Chart {
    // Every other run is dashed or dotted, drawn over the solid ones, so runs whose
    // curves coincide (η = 0.1 and 0.9 on the parabola) both stay visible.
    const STYLES: [Style; 4] = [Style::Line, Style::Dashed, Style::Line, Style::Dotted];
    let mut chart = Chart::new(title, "step", "loss (log scale)").log_y();
    for (i, run) in runs.iter().enumerate() {
        let points = run
            .history
            .iter()
            .map(|r| (r.step as f64, r.loss))
            .collect();
        chart = chart.series(
            Series::new(points, color(i), STYLES[i % STYLES.len()])
                .label(&run.label)
                .cross_at_end(run.outcome.diverged()),
        );
    }
    chart
}

/// The range of the positive, finite losses of some runs, padded by 5% of its decades either
/// side: a log axis that frames them all, for figures that must share axes (a slider's
/// frames). `None` if no run has a positive loss.
pub fn loss_range(runs: &[crate::train::Run]) -> Option<(f64, f64)> {
    let (lo, hi) = runs
        .iter()
        .flat_map(|r| r.history.iter().map(|h| h.loss))
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() {
        return None;
    }
    let (l, h) = (crate::math::log10(lo), crate::math::log10(hi));
    let pad = 0.05 * (h - l).max(1.0);
    Some((
        crate::math::powf(10.0, l - pad),
        crate::math::powf(10.0, h + pad),
    ))
}

/// The walk of a one-parameter run drawn on its loss curve: the curve in grey, the
/// iterates as dots joined in order.
///
/// `y_range` fixes the vertical axis (default: the curve's range over `x_range`); parts
/// of the walk outside the frame are cut at its edge.
pub fn walk_on_curve(
    title: &str,
    curve: impl Fn(f64) -> f64,
    x_range: (f64, f64),
    y_range: Option<(f64, f64)>,
    run: &crate::train::Run,
    color: RGBColor,
) -> Chart {
    let n = 200;
    let curve_points = (0..=n)
        .map(|i| {
            let x = x_range.0 + (x_range.1 - x_range.0) * i as f64 / n as f64;
            (x, curve(x))
        })
        .collect::<Vec<_>>();
    let y_max = curve_points
        .iter()
        .map(|p| p.1)
        .fold(f64::NEG_INFINITY, f64::max);
    let y_min = curve_points
        .iter()
        .map(|p| p.1)
        .fold(f64::INFINITY, f64::min);
    let pad = 0.05 * (y_max - y_min);
    let (y0, y1) = y_range.unwrap_or((y_min - pad, y_max + pad));
    let walk = run.history.iter().map(|r| (r.params[0], r.loss)).collect();
    Chart::new(title, "x", "L(x)")
        .x_range(x_range.0, x_range.1)
        .y_range(y0, y1)
        .legend(Legend::None)
        .series(Series::new(curve_points, GREY, Style::Line))
        .series(Series::new(walk, color, Style::LineDots))
}

/// The first parameter of each run against the step: where one-parameter walkers go.
pub fn positions(title: &str, runs: &[crate::train::Run], y_range: (f64, f64)) -> Chart {
    let mut chart = Chart::new(title, "step", "x")
        .y_range(y_range.0, y_range.1)
        .legend(Legend::LowerRight);
    for (i, run) in runs.iter().enumerate() {
        let points = run
            .history
            .iter()
            .map(|r| (r.step as f64, r.params[0]))
            .collect();
        chart = chart.series(Series::new(points, color(i), Style::Line).label(&run.label));
    }
    chart
}

/// Final loss against the learning rate on log–log axes, diverged runs as crosses along
/// the top of the frame, and the theoretical threshold as a dashed vertical line.
pub fn sweep_chart(
    title: &str,
    runs: &[crate::train::Run],
    threshold: f64,
    threshold_name: &str,
) -> Chart {
    let finished: Vec<(f64, f64)> = runs
        .iter()
        .filter(|r| !r.outcome.diverged())
        .map(|r| (r.lr(), r.final_loss()))
        .collect();
    let lo = finished
        .iter()
        .map(|p| p.1)
        .filter(|v| *v > 0.0)
        .fold(f64::INFINITY, f64::min);
    let hi = finished
        .iter()
        .map(|p| p.1)
        .fold(f64::NEG_INFINITY, f64::max);
    let (y0, y1) = if lo.is_finite() && hi.is_finite() {
        (lo / 10.0, hi * 1000.0)
    } else {
        (1e-6, 1e6)
    };
    let top = y1 / 3.0;
    let diverged: Vec<(f64, f64)> = runs
        .iter()
        .filter(|r| r.outcome.diverged())
        .map(|r| (r.lr(), top))
        .collect();
    let mut chart = Chart::new(
        title,
        "learning rate η (log scale)",
        "loss after the last step (log scale)",
    )
    .log_x()
    .log_y()
    .y_range(y0, y1)
    .legend(Legend::LowerLeft)
    .vline(
        threshold,
        format!("{threshold_name} = {}", num(threshold)),
        PALETTE[1],
    )
    .series(Series::new(finished, PALETTE[0], Style::LineDots).label("finished runs"));
    if !diverged.is_empty() {
        chart = chart.series(
            Series::new(diverged, PALETTE[1], Style::Crosses).label("diverged (drawn at the top)"),
        );
    }
    chart
}

/// Optimizer paths over the contour lines of a two-parameter loss: the start, each
/// iterate as a dot, a cross where a run diverged, colours from `first_color` on.
pub fn paths_over_contours(
    title: &str,
    f: impl Fn(f64, f64) -> f64,
    x_range: (f64, f64),
    y_range: (f64, f64),
    levels: &[f64],
    runs: &[crate::train::Run],
    first_color: usize,
) -> Chart {
    let mut chart = Chart::new(title, "x1", "x2")
        .x_range(x_range.0, x_range.1)
        .y_range(y_range.0, y_range.1)
        .legend(Legend::LowerRight);
    // A fine lattice: narrow levels (Rosenbrock's valley floor) stay whole lines.
    for level in contours(f, x_range, y_range, levels, 300) {
        chart = chart.series(level);
    }
    for (i, run) in runs.iter().enumerate() {
        let points: Vec<(f64, f64)> = run
            .history
            .iter()
            .map(|r| (r.params[0], r.params[1]))
            .collect();
        // Dots show the steps of a short run; a long one is a line, thinned.
        let style = if points.len() <= 100 {
            Style::LineDots
        } else {
            Style::Line
        };
        let points = thin_to(&points, 600);
        chart = chart.series(
            Series::new(points, color(first_color + i), style)
                .label(&run.label)
                .cross_at_end(run.outcome.diverged())
                .ring_at_end(!run.outcome.diverged()),
        );
    }
    chart
}
