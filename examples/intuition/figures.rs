//! The figures of `intuition`, and the frames of the book's learning-rate slider: drawing
//! only, no experiment the chapter's numbers depend on.

use ndarray::array;
use stepsize::output::plot::{self, Chart};
use stepsize::output::report::Report;
use stepsize::output::table::num;
use stepsize::problems::parabola::Parabola;
use stepsize::problems::valleys::Valleys;
use stepsize::train::{Budget, Run, gradient_descent_runs};

/// Each parabola walker on the curve, and the loss of all of them.
pub fn parabola_walks(parabola: &Parabola, walkers: &[Run]) -> String {
    let mut panels: Vec<Chart> = walkers
        .iter()
        .enumerate()
        .map(|(i, run)| {
            let title = format!("{}: {}", run.label, short_outcome(run));
            plot::walk_on_curve(
                &title,
                |x| parabola.at(x),
                (-1.5, 5.5),
                None,
                run,
                plot::color(i),
            )
        })
        .collect();
    panels.push(plot::loss_curves("loss of every walker", walkers));
    plot::grid(
        "Gradient descent on (x − 2)² from x = 0",
        &panels,
        2,
        (300, 250),
    )
}

/// For the book's slider: one figure per rate on a log grid, the same walk each time.
pub fn slider(report: &mut Report, parabola: &Parabola, budget: &Budget) {
    let slider = plot::SLIDER_LRS;
    let slider_runs = gradient_descent_runs(parabola, slider, &array![0.0], budget);
    // Every frame on the same axes, framing the losses of all of them, so frames compare.
    let (y0, y1) = plot::loss_range(&slider_runs).unwrap_or((1e-8, 1e7));
    let steps = slider_runs
        .iter()
        .map(|r| r.history.len())
        .max()
        .unwrap_or(1)
        - 1;
    report.slider(slider.iter().zip(&slider_runs).map(|(&lr, run)| {
        let title = format!("{}: {}", run.label, short_outcome(run));
        let walk = plot::walk_on_curve(
            &title,
            |x| parabola.at(x),
            (-1.5, 5.5),
            None,
            run,
            plot::color(0),
        );
        let loss = plot::loss_curves("loss", std::slice::from_ref(run))
            .legend(plot::Legend::None)
            .x_range(0.0, steps as f64)
            .y_range(y0, y1);
        let frame = plot::grid(
            "Gradient descent on (x − 2)² from x = 0",
            &[walk, loss],
            2,
            (300, 250),
        );
        (num(lr), frame)
    }));
}

/// Each valley walker on the landscape, and x against step for all of them.
pub fn valley_walks(valleys: &Valleys, valley_walkers: &[Run], start: f64) -> String {
    let mut panels: Vec<Chart> = valley_walkers
        .iter()
        .enumerate()
        .map(|(i, run)| {
            let title = match run.last() {
                Some(r) if !run.outcome.diverged() => {
                    format!(
                        "{}: ends in the {} valley",
                        run.label,
                        valleys.valley_of(r.params[0])
                    )
                }
                _ => format!("{}: diverged (taller frame)", run.label),
            };
            // A diverged walker leaves the usual frame at its first step: its panel is
            // tall enough to show the steps it takes before it leaves for good.
            let top = if run.outcome.diverged() {
                1.1 * valleys.at(start)
            } else {
                3.0
            };
            plot::walk_on_curve(
                &title,
                |x| valleys.at(x),
                (-2.7, 3.2),
                Some((-1.0, top)),
                run,
                plot::color(i),
            )
        })
        .collect();
    panels.push(
        plot::positions(
            "x against step (first 40 steps)",
            valley_walkers,
            (-2.7, 4.6),
        )
        .x_range(0.0, 40.0),
    );
    plot::grid(
        &format!(
            "L(x) = x²(x² − 4)²/8 + 0.3x from x = {} (L = {})",
            num(start),
            num(valleys.at(start))
        ),
        &panels,
        2,
        (300, 250),
    )
}

fn short_outcome(run: &Run) -> String {
    use stepsize::train::Outcome;
    match &run.outcome {
        Outcome::Reached { step, .. } => format!("converged, step {step}"),
        Outcome::Completed { steps } => format!("still going after {steps}"),
        Outcome::Diverged { step, .. } => format!("diverged, step {step}"),
        _ => run.summary(),
    }
}
