//! The figures of `scaling`: drawing only, every number comes from `main.rs`.

use stepsize::output::plot::{self, Chart, Legend, Series, Style};
use stepsize::problems::mup::Rule;

use crate::{BySize, Curve};

/// The best η against B for each optimizer, with the linear and square-root rules drawn
/// through each optimizer's first point.
pub fn batch(results: &[(&str, BySize)]) -> String {
    let mut chart = Chart::new(
        "The best η against the batch size",
        "batch size B (log scale)",
        "best η (log scale)",
    )
    .log_x()
    .log_y()
    .legend(Legend::LowerRight);
    for (i, (name, best)) in results.iter().enumerate() {
        let points: Vec<(f64, f64)> = best
            .iter()
            .filter_map(|&(b, x)| x.map(|(lr, _)| (b as f64, lr)))
            .collect();
        let Some(&(b0, l0)) = points.first() else {
            continue;
        };
        let rule = |power: f64| -> Vec<(f64, f64)> {
            points
                .iter()
                .map(|&(b, _)| (b, l0 * stepsize::math::powf(b / b0, power)))
                .collect()
        };
        chart = chart
            .series(
                Series::new(rule(1.0), plot::color(i), Style::Dashed)
                    .label(format!("{name}: linear rule")),
            )
            .series(
                Series::new(rule(0.5), plot::color(i), Style::Dotted)
                    .label(format!("{name}: square-root rule")),
            )
            .series(
                Series::new(points, plot::color(i), Style::LineDots)
                    .label(format!("{name}: best η")),
            );
    }
    chart.render((600, 420))
}

/// Final loss against η, one curve per width, a panel per parametrization.
pub fn width(curves: &[Curve], rule: Rule) -> String {
    let optimizer = match rule {
        Rule::Sgd => "SGD",
        Rule::Adam => "Adam",
    };
    let mut panels = Vec::new();
    for (name, title) in [("standard", "standard parametrization"), ("mup", "μP")] {
        // A linear loss axis: the final losses span less than a decade, where a log axis
        // would label a single tick.
        let mut chart = Chart::new(title, "η (log scale)", "training loss")
            .log_x()
            .legend(Legend::UpperLeft);
        let mut any = false;
        for (i, (_, k, points)) in curves.iter().filter(|c| c.0 == name).enumerate() {
            let drawn: Vec<(f64, f64)> = points
                .iter()
                .filter_map(|&(lr, l)| l.map(|l| (lr, l)))
                .collect();
            chart = chart.series(
                Series::new(drawn, plot::color(i), Style::LineDots).label(format!("width {k}")),
            );
            any = true;
        }
        if any {
            panels.push(chart);
        }
    }
    let columns = panels.len().max(1);
    plot::grid(
        &format!("Loss after the run against η, per width ({optimizer})"),
        &panels,
        columns,
        (320, 320),
    )
}
