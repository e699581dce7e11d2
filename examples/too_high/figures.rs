//! The figures of `too_high`, and the frames of the book's learning-rate slider: drawing
//! only, no experiment the chapter's numbers depend on.

use ndarray::Array1;
use stepsize::math;
use stepsize::output::plot::{self, Chart, Legend, Series, Style};
use stepsize::output::report::Report;
use stepsize::output::table::num;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::train::{Budget, Run, gradient_descent_runs};

/// The house-price experiment's runs: loss per epoch.
pub fn notes(runs: &[Run]) -> String {
    let mut chart = plot::loss_curves("The house-price experiment: loss per epoch", runs)
        .legend(Legend::MiddleRight);
    chart.x_label = "epoch (one full-batch update each)".into();
    chart.render((600, 400))
}

/// w against step for the two runs closest to the threshold, and the loss of all four.
pub fn edge(edge: &[Run]) -> String {
    // The zig-zag of w for the two runs closest to the threshold: one band narrows, one widens.
    let mut w_chart = Chart::new("w, just below and just above", "step", "w (w* = 200)")
        .legend(Legend::UpperLeft)
        .x_range(0.0, 100.0)
        .y_range(-300.0, 1100.0);
    // The widening band first, so the narrowing one stays visible on top of it.
    for (i, run) in edge
        .iter()
        .enumerate()
        .filter(|(i, _)| [1, 2].contains(i))
        .rev()
    {
        let points = run
            .history
            .iter()
            .map(|r| (r.step as f64, r.params[0]))
            .collect();
        w_chart =
            w_chart.series(Series::new(points, plot::color(i), Style::Line).label(&run.label));
    }
    let loss_chart = plot::loss_curves("loss (log scale)", edge);
    plot::grid(
        "Gradient descent either side of 2/λ_max",
        &[w_chart, loss_chart],
        2,
        (300, 300),
    )
}

/// The slider's extra rates, as fractions of the threshold.
const NEAR_THRESHOLD: [f64; 4] = [0.95, 0.99, 1.01, 1.05];

/// For the book's slider: the house-price run at each rate of a log grid that crosses the
/// threshold, the loss and w drawn on fixed axes so that the pictures compare.
pub fn slider(
    report: &mut Report,
    model: &LinearRegression,
    start: &Array1<f64>,
    sweep_budget: &Budget,
    threshold: f64,
) {
    // A log grid, and four rates either side of the threshold where the zig-zag of w
    // slowly narrows or slowly widens (the grid alone jumps from 0.90 to 1.53 times it).
    let mut slider: Vec<f64> = (0..=10)
        .map(|i| math::powf(10.0, -3.0 + 0.23 * i as f64))
        .chain(NEAR_THRESHOLD.iter().map(|f| f * threshold))
        .collect();
    slider.sort_by(f64::total_cmp);
    let slider_runs = gradient_descent_runs(model, &slider, start, sweep_budget);
    // Every frame on the same axes, framing the losses of all of them, so frames compare.
    let (y0, y1) = plot::loss_range(&slider_runs).unwrap_or((1e-3, 1e9));
    report.slider(slider_runs.iter().map(|run| {
        let outcome = match &run.outcome {
            stepsize::train::Outcome::Diverged { step, .. } => {
                format!("loss: diverged at step {step}")
            }
            stepsize::train::Outcome::Completed { steps } => format!("loss: ran all {steps} steps"),
            _ => run.summary(),
        };
        let loss = plot::loss_curves(&outcome, std::slice::from_ref(run))
            .legend(Legend::None)
            .x_range(0.0, sweep_budget.steps as f64)
            .y_range(y0, y1);
        let points = run
            .history
            .iter()
            .map(|r| (r.step as f64, r.params[0]))
            .collect();
        let w = Chart::new("w against step (w* = 200)", "step", "w")
            .x_range(0.0, sweep_budget.steps as f64)
            .y_range(-300.0, 700.0)
            .legend(Legend::None)
            .series(Series::new(points, plot::color(0), Style::Line));
        let title = format!(
            "House prices at {} ({} × 2/λ_max)",
            run.label,
            num(run.lr() / threshold)
        );
        let rate = run.label.trim_start_matches("η=").to_string();
        (rate, plot::grid(&title, &[loss, w], 2, (300, 280)))
    }));
}

/// Loss after the sweep's budget against η, the threshold marked.
pub fn sweep(sweep: &[Run], threshold: f64, steps: usize) -> String {
    plot::sweep_chart(
        &format!("Loss after {} updates against η (house prices)", steps),
        sweep,
        threshold,
        "2/λ_max",
    )
    .render((600, 420))
}
