//! The figures of `adaptive`: drawing only, every number comes from `main.rs`.

use stepsize::math;
use stepsize::output::plot::{self, Chart, Legend, Series, Style};
use stepsize::output::table::num;
use stepsize::problems::quadratic::{Quadratic, QuadraticForm};
use stepsize::problems::rosenbrock::Rosenbrock;
use stepsize::train::Run;

/// Plain gradient descent either side of its limit, over the bowl's contours.
pub fn gd(quadratic: &Quadratic, gd: &[Run]) -> String {
    paths_on_quadratic(
        "Gradient descent: η = 0.4 converges, η = 0.6 diverges along x2",
        quadratic,
        gd,
        0,
    )
    .render((600, 400))
}

/// One panel per optimizer: its path over the bowl's contours.
pub fn trajectories(quadratic: &Quadratic, runs: &[Run]) -> String {
    let panels: Vec<Chart> = runs
        .iter()
        .enumerate()
        .map(|(i, run)| {
            paths_on_quadratic(&run.label, quadratic, std::slice::from_ref(run), i)
                .legend(Legend::None)
        })
        .collect();
    plot::grid(
        "Six optimizers on 0.1·x1² + 2·x2², 50 steps from (-5, -2)",
        &panels,
        2,
        (300, 230),
    )
}

/// The paths in Rosenbrock's valley, one panel per optimizer: on one panel they would
/// lie on top of each other along the valley floor.
pub fn rosenbrock(valley: &Rosenbrock, runs: &[Run]) -> String {
    let panels: Vec<Chart> = runs
        .iter()
        .enumerate()
        .map(|(i, run)| {
            paths_on_rosenbrock(&run.label, valley, std::slice::from_ref(run), i)
                .legend(Legend::None)
        })
        .collect();
    plot::grid(
        "Five optimizers in Rosenbrock's valley (ring: where each run ended)",
        &panels,
        2,
        (300, 260),
    )
}

/// Final loss against η on the bowl and in the valley.
pub fn sensitivity(
    on_bowl: &[(String, Vec<(f64, f64)>)],
    on_valley: &[(String, Vec<(f64, f64)>)],
) -> String {
    plot::grid(
        "Final loss against η (diverged runs not drawn; dashed: the target)",
        &[
            sensitivity_chart("bowl, 100 steps", on_bowl, BOWL_TARGET),
            sensitivity_chart("Rosenbrock, 3000 steps", on_valley, VALLEY_TARGET),
        ],
        1,
        (600, 400),
    )
}

/// The losses the sensitivity table counts a rate as reaching (its column headers).
const BOWL_TARGET: f64 = 1e-6;
const VALLEY_TARGET: f64 = 1e-3;

/// Training loss of each optimizer on the network.
pub fn network(net_runs: &[Run]) -> String {
    let mut chart =
        plot::loss_curves("Training loss on two moons", net_runs).legend(Legend::UpperRight);
    // The losses span one decade: a linear axis shows them better than a log one.
    chart.y_scale = plot::Scale::Linear;
    chart.y_label = "training loss".into();
    chart.render((600, 380))
}

fn paths_on_quadratic(title: &str, q: &Quadratic, runs: &[Run], first_color: usize) -> Chart {
    let levels = [0.1, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];
    plot::paths_over_contours(
        title,
        |x, y| q.at(&[x, y]),
        (-5.5, 2.5),
        (-3.0, 3.0),
        &levels,
        runs,
        first_color,
    )
}

fn paths_on_rosenbrock(
    title: &str,
    valley: &Rosenbrock,
    runs: &[Run],
    first_color: usize,
) -> Chart {
    // One level a decade: on small panels closer levels crowd the steep outer walls.
    let levels: Vec<f64> = (0..4).map(|i| math::powf(10.0, i as f64)).collect();
    plot::paths_over_contours(
        title,
        |x, y| valley.at(x, y),
        (-2.0, 2.0),
        (-1.0, 3.0),
        &levels,
        runs,
        first_color,
    )
}

/// Final loss against η; losses below 1e-16 (down to exactly 0) are drawn at 1e-16.
fn sensitivity_chart(title: &str, curves: &[(String, Vec<(f64, f64)>)], target: f64) -> Chart {
    let mut chart = Chart::new(
        title,
        "η (log scale)",
        "final loss (log scale, floor 1e-16)",
    )
    .log_x()
    .log_y()
    .legend(Legend::UpperRight)
    .hline(target, format!("target {}", num(target)), plot::GREY);
    for (i, (label, points)) in curves.iter().enumerate() {
        let finite: Vec<(f64, f64)> = points
            .iter()
            .map(|&(lr, l)| (lr, if l.is_nan() { l } else { l.max(1e-16) }))
            .collect();
        chart = chart
            .series(Series::new(finite, plot::color(i), Style::LineDots).label(label.as_str()));
    }
    chart
}

/// SGD and RMSprop on the bowl and on the bowl turned by 45°, one panel each, over the
/// contours of the bowl they ran on.
pub fn rotated(aligned: &Quadratic, turned: &QuadraticForm, paths: &[Run]) -> String {
    let levels = [0.1, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];
    let panels: Vec<Chart> = paths
        .iter()
        .enumerate()
        .map(|(i, run)| {
            let runs = std::slice::from_ref(run);
            // Even panels ran on the aligned bowl, odd ones on the turned bowl.
            let on_turned = run.label.ends_with("turned");
            let range = if on_turned {
                ((-5.5, 5.5), (-5.5, 5.5))
            } else {
                ((-5.5, 2.5), (-3.0, 3.0))
            };
            let chart = if on_turned {
                plot::paths_over_contours(
                    &run.label,
                    |x, y| turned.at(&[x, y]),
                    range.0,
                    range.1,
                    &levels,
                    runs,
                    i % 2,
                )
            } else {
                plot::paths_over_contours(
                    &run.label,
                    |x, y| aligned.at(&[x, y]),
                    range.0,
                    range.1,
                    &levels,
                    runs,
                    i % 2,
                )
            };
            chart.legend(Legend::None)
        })
        .collect();
    plot::grid(
        "The bowl and the same bowl turned by 45°, 50 steps",
        &panels,
        2,
        (300, 260),
    )
}
