//! The figures of `lr_finder`: drawing only, every number comes from `main.rs`.

use stepsize::analysis::range_test::RangeResult;
use stepsize::math;
use stepsize::output::plot::{self, Chart, Legend, Series, Style};
use stepsize::output::table::sig;
use stepsize::train::Run;

/// Training and validation loss of the grid's runs against η.
pub fn generalization(scored: &[(f64, f64, f64)]) -> String {
    let train: Vec<(f64, f64)> = scored.iter().map(|s| (s.0, s.1)).collect();
    let val: Vec<(f64, f64)> = scored.iter().map(|s| (s.0, s.2)).collect();
    // The losses span less than a decade: a linear axis reads better than a log one.
    Chart::new(
        "Training and validation loss after a fixed budget (η = 1 diverged)",
        "η (log scale)",
        "loss",
    )
    .log_x()
    .legend(Legend::UpperRight)
    .series(Series::new(train, plot::color(0), Style::LineDots).label("training loss"))
    .series(Series::new(val, plot::color(1), Style::LineDots).label("validation loss"))
    .render((600, 400))
}

/// The range test's loss against the rate, each suggestion marked.
pub fn range_test(result: &RangeResult, picks: &[(&str, Option<f64>)]) -> String {
    let raw: Vec<(f64, f64)> = result
        .lrs
        .iter()
        .zip(&result.losses)
        .map(|(&a, &b)| (a, b))
        .collect();
    let smooth: Vec<(f64, f64)> = result
        .lrs
        .iter()
        .zip(&result.smoothed)
        .map(|(&a, &b)| (a, b))
        .collect();
    // The y-range from the data: from the lowest loss to twice the starting loss, on a
    // linear axis; the blow-up at the end leaves the frame (fastai's plot cuts it too).
    let lowest = result
        .losses
        .iter()
        .chain(&result.smoothed)
        .copied()
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    let start = result.smoothed.first().copied().unwrap_or(1.0);
    let top = 2.0 * start;
    let mut chart = Chart::new(
        "The range test, with fastai's suggestions",
        "η (log scale)",
        "loss (cut above twice the start)",
    )
    .log_x()
    .y_range(lowest - 0.05 * (top - lowest), top)
    .legend(Legend::UpperLeft)
    .series(Series::new(raw, plot::GREY, Style::Line).label("loss"))
    .series(Series::new(smooth, plot::color(0), Style::Line).label("smoothed loss"));
    // Each suggestion its own colour and line style, and a marker of its own shape where it
    // meets the smoothed curve.
    const STYLES: [Style; 3] = [Style::Dashed, Style::Dotted, Style::Line];
    for (i, (name, lr)) in picks.iter().enumerate() {
        if let Some(lr) = lr {
            let color = plot::color(i + 1);
            let at = result
                .lrs
                .iter()
                .zip(&result.smoothed)
                .min_by(|a, b| {
                    let far = |x: f64| math::ln(x / lr).abs();
                    far(*a.0).total_cmp(&far(*b.0))
                })
                .map(|(&a, &b)| (a, b));
            let label = format!("{name}: {}", sig(*lr, 3));
            chart = chart.series(
                Series::new(
                    vec![(*lr, lowest), (*lr, top)],
                    color,
                    STYLES[i % STYLES.len()],
                )
                .label(label.as_str()),
            );
            if let Some(p) = at {
                let marker = if i % 2 == 0 {
                    Style::Dots
                } else {
                    Style::Crosses
                };
                chart = chart.series(Series::new(vec![p], color, marker).label(label.as_str()));
            }
        }
    }
    chart.render((600, 420))
}

/// Loss per step with and without clipping.
pub fn clipping(runs: &[Run], lr: f64) -> String {
    plot::loss_curves(
        &format!("Rosenbrock at η = {lr}: norm clipping trains, value clipping does not"),
        runs,
    )
    .legend(Legend::UpperRight)
    .render((600, 400))
}
