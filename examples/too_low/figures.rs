//! The figure of `too_low`: drawing only, every number comes from `main.rs`.

use stepsize::output::plot::{self, Chart, Legend, Series, Style};
use stepsize::output::table::num;

/// Steps to the tolerance against η on log–log axes: predicted and measured on the
/// parabola, measured on the house prices.
pub fn steps_vs_lr(
    predicted: Vec<(f64, f64)>,
    measured: Vec<(f64, f64)>,
    house_measured: Vec<(f64, f64)>,
    tolerance: f64,
    house_tolerance: f64,
) -> String {
    Chart::new(
        "Steps to reach the tolerance against η (slope −1 on log–log axes: steps ∝ 1/η)",
        "learning rate η (log scale)",
        "steps (log scale)",
    )
    .log_x()
    .log_y()
    .legend(Legend::LowerLeft)
    .series(
        Series::new(predicted, plot::GREY, Style::Dashed)
            .label(format!("parabola, loss < {}: predicted", num(tolerance))),
    )
    .series(
        Series::new(measured, plot::color(0), Style::Dots)
            .label(format!("parabola, loss < {}: measured", num(tolerance))),
    )
    .series(
        Series::new(house_measured, plot::color(1), Style::LineDots).label(format!(
            "house prices, loss < {}: measured",
            num(house_tolerance)
        )),
    )
    .render((600, 420))
}
