//! The figures of `normalization`: drawing only, every number comes from `main.rs`.

use ndarray::array;
use stepsize::output::plot;
use stepsize::output::table::num;
use stepsize::problems::Problem;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::train::Run;

/// Level sets over the two weights, each run's path, and the optimum.
pub fn paths(paths: &[(String, LinearRegression, Run)]) -> String {
    let mut panels = Vec::new();
    for (i, (label, model, run)) in paths.iter().enumerate() {
        let best = model.least_squares().expect("not collinear");
        let at = |w1: f64, w2: f64| model.loss(array![w1, w2, 0.0].view());
        // Standardized weights share a unit, so both axes get the same span and the level
        // sets keep their true shape; raw weights do not, and each axis fits its own.
        let (xr, yr) = if label == "standardized" {
            let reach = 1.3 * best[0].abs().max(best[1].abs());
            (
                (best[0] - reach, best[0] + reach),
                (best[1] - reach, best[1] + reach),
            )
        } else {
            (span(best[0]), span(best[1]))
        };
        let l_star = model.loss(best.view());
        let levels: Vec<f64> = (1..=8).map(|k| l_star * 2f64.powi(k)).collect();
        panels.push(
            plot::paths_over_contours(
                &format!("{label}: level sets and path"),
                at,
                xr,
                yr,
                &levels,
                std::slice::from_ref(run),
                i,
            )
            .legend(plot::Legend::None)
            .series(plot::Series::new(
                vec![(best[0], best[1])],
                plot::PALETTE[6],
                plot::Style::Crosses,
            )),
        );
    }
    for panel in &mut panels {
        panel.x_label = "w (size)".into();
        panel.y_label = "w (bedrooms)".into();
    }
    plot::grid(
        "Level sets over the two weights (dot: start, ring: after 40 steps, ×: optimum)",
        &panels,
        2,
        (300, 300),
    )
}

/// Loss per step of the two classifiers.
pub fn classifier(runs: &[Run], lr: f64) -> String {
    // The y-range from the runs that trained, on a linear axis (they span less than a
    // decade); a diverged run leaves the frame at the top, its cross on the edge.
    let mut chart = plot::loss_curves(&format!("Logistic regression at η = {}", num(lr)), runs);
    let finished = runs
        .iter()
        .filter(|r| !r.outcome.diverged())
        .flat_map(|r| r.history.iter().map(|h| h.loss))
        .filter(|v| v.is_finite());
    let (lo, hi) = finished.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if lo.is_finite() {
        let pad = 0.08 * (hi - lo).max(1e-9);
        chart = chart.y_range(lo - pad, hi + pad);
    }
    chart.y_scale = plot::Scale::Linear;
    chart.y_label = "loss".into();
    if runs.iter().any(|r| r.outcome.diverged()) {
        chart.title.push_str(" (×: a diverged run leaves the top)");
    }
    chart.render((600, 400))
}

/// A plotting range around an optimum coordinate, from below 0 to past the optimum.
fn span(opt: f64) -> (f64, f64) {
    let reach = opt.abs().max(1e-9);
    (-0.6 * reach, 1.6 * reach)
}
