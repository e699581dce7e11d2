//! The figure of `update_rule`: drawing only, every number comes from `main.rs`.

use stepsize::output::plot::{self, Chart, Legend, Series, Style};
use stepsize::output::table::num;
use stepsize::problems::Problem;
use stepsize::problems::data::Dataset;
use stepsize::problems::linear_regression::LinearRegression;

/// The data and the fitted line after a few chosen steps.
pub fn fit_lines(
    houses: &Dataset,
    model: &LinearRegression,
    run: &stepsize::train::Run,
    steps: &[usize],
) -> Chart {
    let sizes: Vec<f64> = houses.x.column(0).to_vec();
    let data_points = sizes.iter().zip(&houses.y).map(|(x, y)| (*x, *y)).collect();
    let mut chart = Chart::new(
        format!("The fitted line after k updates (η = {})", num(run.lr())),
        "size (1000 sq ft)",
        "price ($1000)",
    )
    .x_range(1.0, 4.0)
    .y_range(0.0, 800.0)
    .legend(Legend::UpperLeft)
    .series(Series::new(data_points, plot::PALETTE[6], Style::Dots).label("houses"));
    let mut seen = Vec::new();
    for (i, &k) in steps.iter().enumerate() {
        let Some(r) = run.history.get(k) else {
            continue;
        };
        if seen.contains(&k) {
            continue;
        }
        seen.push(k);
        let line: Vec<(f64, f64)> = [1.0, 4.0]
            .iter()
            .map(|&x| (x, r.params[0] * x + r.params[1]))
            .collect();
        chart = chart.series(
            Series::new(line, plot::color(i), Style::Line).label(format!(
                "k = {k}: loss {}",
                num(model.loss(r.params.view()))
            )),
        );
    }
    chart
}
