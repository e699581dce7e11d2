//! The figures of `lr_finder`: drawing only, every number comes from `main.rs`.

use stepsize::analysis::range_test::RangeResult;
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
    .render((800, 460))
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
    let mut chart = Chart::new(
        "The range test: loss as the rate grows, with fastai's suggestions",
        "η (log scale)",
        "loss (log scale)",
    )
    .log_x()
    .log_y()
    .legend(Legend::UpperLeft)
    .series(Series::new(raw, plot::GREY, Style::Line).label("loss"))
    .series(Series::new(smooth, plot::color(0), Style::Line).label("smoothed loss"));
    for (i, (name, lr)) in picks.iter().enumerate() {
        if let Some(lr) = lr {
            chart = chart.vline(*lr, format!("{name}: {}", sig(*lr, 3)), plot::color(i + 1));
        }
    }
    chart.render((800, 480))
}

/// Loss per step with and without clipping.
pub fn clipping(runs: &[Run], lr: f64) -> String {
    plot::loss_curves(
        &format!("Rosenbrock at η = {lr}: clipping turns divergence into training"),
        runs,
    )
    .legend(Legend::UpperRight)
    .render((800, 440))
}
