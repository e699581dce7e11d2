//! The figures of `after_cosine`: drawing only, every number comes from `tables.rs`.

use stepsize::output::plot::{self, Chart, Legend, Series, Style};
use stepsize::problems::Problem;
use stepsize::problems::river::RiverValley;
use stepsize::train::Run;

/// Steps in the trailing mean of the loss curves: the per-step means of a few seeds still
/// swing by an order of magnitude, which would hide the drops.
const SMOOTH: usize = 50;

/// The first index at which `curve` is no longer `reference`: a branch, a WSD run or an
/// average is the constant run until then, and is drawn only from there, on top of it.
fn leaves(curve: &[f64], reference: &[f64]) -> usize {
    curve
        .iter()
        .zip(reference)
        .position(|(a, b)| a != b)
        .unwrap_or(curve.len())
}

/// (step, value) points from `start` on, positive values only (log axis).
fn points_from(values: &[f64], start: usize) -> Vec<(f64, f64)> {
    values
        .iter()
        .enumerate()
        .skip(start)
        .filter(|(_, v)| **v > 0.0)
        .map(|(t, &v)| (t as f64, v))
        .collect()
}

/// Mean excess-loss curves, smoothed, log scale. The first curve is the constant run; every
/// other one is drawn from the step before it leaves it, so no curve hides under another.
/// The y range shows the drops and the final differences.
fn curves_chart(title: &str, curves: &[(String, Vec<f64>)]) -> Chart {
    const STYLES: [Style; 3] = [Style::Line, Style::Dashed, Style::Dotted];
    let reference = curves.first().map(|(_, c)| c.as_slice()).unwrap_or(&[]);
    let smooth: Vec<Vec<f64>> = curves
        .iter()
        .map(|(_, c)| plot::trailing_mean(c, SMOOTH))
        .collect();
    let shown = |v: &&f64| **v > 0.0 && v.is_finite();
    let lo = smooth
        .iter()
        .flatten()
        .filter(shown)
        .fold(f64::INFINITY, |a, &v| a.min(v));
    let hi = smooth
        .iter()
        .flat_map(|c| c.iter().skip(2 * SMOOTH))
        .filter(shown)
        .fold(0.0, |a: f64, &v| a.max(v));
    let mut chart = Chart::new(title, "step", "loss above the minimum (log scale)")
        .log_y()
        .legend(Legend::LowerLeft);
    if lo.is_finite() && hi > lo {
        // Room under the lowest curve for the legend, and at least two decades: a shorter
        // log axis gets a label at every minor tick, and they overlap.
        let hi = hi * 1.5;
        chart = chart.y_range((lo / 3.0).min(hi / 100.0), hi);
    }
    for (i, ((label, curve), smooth)) in curves.iter().zip(&smooth).enumerate() {
        // From the first window without the start: the mean would hold it for a window.
        let start = if i == 0 {
            0
        } else {
            leaves(curve, reference).saturating_sub(1)
        }
        .max(SMOOTH);
        chart = chart.series(
            Series::new(points_from(smooth, start), plot::color(i), STYLES[i % 3]).label(label),
        );
    }
    chart
}

/// The constant run and its cool-downs.
pub fn branches(curves: &[(String, Vec<f64>)], seeds: usize) -> String {
    plot::grid(
        "Each cool-down drops below the constant run",
        &[curves_chart(&smoothed(seeds), curves)],
        1,
        (600, 400),
    )
}

/// The panel title: what each curve is.
fn smoothed(seeds: usize) -> String {
    format!("excess loss, mean of {seeds} seeds, trailing mean of {SMOOTH} steps")
}

/// Constant, cosine, WSD, averaging and schedule-free on one budget.
pub fn budget(curves: &[(String, Vec<f64>)], seeds: usize) -> String {
    plot::grid(
        "One budget, five answers",
        &[curves_chart(&smoothed(seeds), curves)],
        1,
        // Taller: five long labels go in a strip below the plot.
        (600, 520),
    )
}

/// The river valley: the paths of the constant run and of WSD over the contours, and their
/// loss split into across and along. WSD is the constant run until its cool-down, so it is
/// drawn from there.
pub fn river(runs: &[Run], valley: &RiverValley) -> String {
    let constant = runs.iter().find(|r| r.label == "constant 0.1");
    let wsd = runs.iter().find(|r| r.label.starts_with("WSD"));
    let (Some(constant), Some(wsd)) = (constant, wsd) else {
        return String::new();
    };
    let n = constant.history.len();
    // The table's window (n/20 rows), so the across curves end at the table's numbers.
    let window = ((n - 1) / 20).max(1);
    let split = wsd
        .history
        .iter()
        .zip(&constant.history)
        .position(|(a, b)| a != b)
        .unwrap_or(n)
        .saturating_sub(1);
    // The path's second half: the first steps only fall from the start to the river bed.
    let tail = |run: &Run, from: usize| {
        let mut run = run.clone();
        run.history = run.history[from.min(run.history.len())..].to_vec();
        run
    };
    let path_runs = [tail(constant, n / 2), tail(wsd, split)];
    let x1: Vec<f64> = path_runs
        .iter()
        .flat_map(|r| r.history.iter().map(|h| h.params[0]))
        .collect();
    let (x_lo, x_hi) = x1
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    let x2_max = path_runs
        .iter()
        .flat_map(|r| r.history.iter().map(|h| h.params[1].abs()))
        .fold(0.0, f64::max);
    let pad = 0.05 * (x_hi - x_lo);
    let along_at = |x1: f64| valley.along(ndarray::array![x1, 0.0].view());
    let base = along_at(x_lo);
    let levels: Vec<f64> = [0.0, 0.005, 0.01, 0.02, 0.05, 0.1]
        .iter()
        .map(|d| base + d)
        .collect();
    let paths = plot::paths_over_contours(
        &format!(
            "paths from step {} (WSD from its cool-down at {split})",
            n / 2
        ),
        |x1, x2| valley.loss(ndarray::array![x1, x2].view()),
        (x_lo - pad, x_hi + pad),
        (-1.3 * x2_max, 1.3 * x2_max),
        &levels,
        &path_runs,
        0,
    );
    let mut parts = Chart::new(
        format!("across and along, trailing mean of {window} steps"),
        "step",
        "loss (log scale)",
    )
    .log_y()
    .legend(Legend::LowerLeft);
    let values = |run: &Run, f: fn(&RiverValley, ndarray::ArrayView1<f64>) -> f64| {
        let v: Vec<f64> = run
            .history
            .iter()
            .map(|r| f(valley, r.params.view()))
            .collect();
        plot::trailing_mean(&v, window)
    };
    // From the first window without the start (far up the wall) in it.
    let (lo, hi) = [RiverValley::across, RiverValley::along]
        .iter()
        .flat_map(|&f| [values(constant, f), values(wsd, f)])
        .flat_map(|c| c.into_iter().skip(window))
        .filter(|v| *v > 0.0 && v.is_finite())
        .fold((f64::INFINITY, 0.0_f64), |(a, b), v| (a.min(v), b.max(v)));
    if lo.is_finite() && hi > lo {
        // Two decades at least, as in `curves_chart`.
        let hi = hi * 1.5;
        parts = parts.y_range((lo / 3.0).min(hi / 100.0), hi);
    }
    // The path's colours for the across parts; the along parts in colours of their own
    // (every legend entry gets its own colour).
    for (run, from, across, along) in [(constant, 0, 0, 4), (wsd, split, 1, 3)] {
        let part = |f| points_from(&values(run, f), from.max(window));
        parts = parts
            .series(
                Series::new(part(RiverValley::across), plot::color(across), Style::Line)
                    .label(format!("{} across", run.label)),
            )
            .series(
                Series::new(part(RiverValley::along), plot::color(along), Style::Dashed)
                    .label(format!("{} along", run.label)),
            );
    }
    plot::grid(
        "The cool-down settles the run onto the river bed",
        &[paths, parts],
        1,
        (600, 380),
    )
}
