//! The figures of `schedules`: drawing only, every number comes from `main.rs`.

use stepsize::output::plot::{self, Chart, Legend, Series, Style};
use stepsize::problems::Problem;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::valleys::Valleys;
use stepsize::train::Run;

/// Four schedules from a typical tutorial, on a log axis.
pub fn notes(curves: &[(String, Vec<f64>)]) -> String {
    rate_chart("Four schedules from a typical tutorial", curves, true)
        .legend(Legend::LowerLeft)
        .render((600, 400))
}

/// One small panel per schedule of the zoo, on the same axes.
pub fn zoo(curves: &[(String, Vec<f64>)]) -> String {
    let panels: Vec<Chart> = curves
        .iter()
        .map(|(label, curve)| {
            let points = curve
                .iter()
                .enumerate()
                .map(|(t, &lr)| (t as f64, lr))
                .collect();
            Chart::new(label.as_str(), "step", "η")
                .y_range(0.0, 0.105)
                .legend(Legend::None)
                // One colour for all: each panel is named by its title.
                .series(Series::new(points, plot::color(0), Style::Line))
        })
        .collect();
    plot::grid(
        "Learning-rate schedules, base rate 0.1",
        &panels,
        2,
        (300, 210),
    )
}

/// The mean excess loss of each schedule, smoothed.
pub fn decay(curves: &[(String, Vec<f64>)], seeds: u64) -> String {
    let mut chart = Chart::new(
        format!("Excess loss L − L*, mean of {seeds} seeds, trailing mean of 50 steps"),
        "step",
        "excess loss (log scale)",
    )
    .log_y()
    .legend(Legend::UpperRight);
    for (i, (label, curve)) in curves.iter().enumerate() {
        let smooth = plot::trailing_mean(curve, 50);
        let points = smooth
            .iter()
            .enumerate()
            .map(|(t, &v)| (t as f64, v))
            .collect();
        let style = if i % 2 == 0 {
            Style::Line
        } else {
            Style::Dashed
        };
        chart = chart.series(Series::new(points, plot::color(i), style).label(label.as_str()));
    }
    chart.render((600, 420))
}

/// η against step for each named curve.
pub fn rate_chart(title: &str, curves: &[(String, Vec<f64>)], log: bool) -> Chart {
    let mut chart = Chart::new(title, "step t", if log { "η (log scale)" } else { "η" })
        .legend(Legend::UpperRight);
    if log {
        chart = chart.log_y();
    }
    for (i, (label, curve)) in curves.iter().enumerate() {
        let points = curve
            .iter()
            .enumerate()
            .map(|(t, &v)| (t as f64, v))
            .collect();
        chart =
            chart.series(Series::new(points, plot::color(i), Style::Line).label(label.as_str()));
    }
    chart
}

/// The validation loss with the cuts marked, and the rate the schedule chose.
pub fn plateau(run: &Run, validation: &LinearRegression, cuts: &[usize]) -> String {
    let val: Vec<(f64, f64)> = run
        .history
        .iter()
        .map(|r| (r.step as f64, validation.loss(r.params.view())))
        .collect();
    // The first steps fall from about 10; the interesting part is the noise after them.
    let mut loss = Chart::new(
        "validation loss (zoomed in), cuts marked",
        "step",
        "validation loss",
    )
    .y_range(1.2, 1.5)
    .legend(Legend::UpperRight);
    loss = loss.series(Series::new(val, plot::color(0), Style::Line).label("validation loss"));
    for (i, &c) in cuts.iter().enumerate() {
        let label = if i == 0 { "rate cut" } else { "" };
        loss = loss.vline(c as f64, label, plot::PALETTE[1]);
    }
    let lrs: Vec<(f64, f64)> = run.history.iter().map(|r| (r.step as f64, r.lr)).collect();
    let rate = Chart::new("η chosen by the schedule", "step", "η (log scale)")
        .log_y()
        .legend(Legend::None)
        .series(Series::new(lrs, plot::color(1), Style::Line));
    plot::grid(
        "Reduce-on-plateau watching the validation loss",
        &[loss, rate],
        2,
        (300, 300),
    )
}

/// Warm-up against none: x against step, the warmed-up walk, and its rate.
pub fn warmup(no_warmup: &Run, warmup: &Run, valleys: &Valleys) -> String {
    let positions = plot::positions(
        "x against step",
        &[no_warmup.clone(), warmup.clone()],
        (-3.0, 4.0),
    )
    .x_range(0.0, 120.0)
    .legend(Legend::UpperRight);
    let walk = plot::walk_on_curve(
        "the warmed-up walk on L(x)",
        |x| valleys.at(x),
        (-2.7, 3.2),
        Some((-1.0, 30.0)),
        warmup,
        plot::color(1),
    );
    let lrs: Vec<(f64, f64)> = warmup
        .history
        .iter()
        .map(|r| (r.step as f64, r.lr))
        .collect();
    let rate = Chart::new("η with warm-up", "step", "η")
        .x_range(0.0, 120.0)
        .legend(Legend::None)
        .series(Series::new(lrs, plot::color(1), Style::Line));
    plot::grid(
        "Warm-up: the same peak rate, diverging at once or training after 50 gentle steps",
        &[positions, walk, rate],
        1,
        (600, 260),
    )
}
