//! The figures of `effective_lr`: drawing only, every number comes from `main.rs`.

use stepsize::output::plot::{self, Chart, Legend, Series, Style};

use crate::{Measured, predicted_angle};

/// The RMS of the angular update over a trailing window of 50 steps, at every step.
fn smoothed_angles(m: &Measured) -> Vec<(f64, f64)> {
    (1..m.angles.len())
        .map(|t| {
            let from = t.saturating_sub(49).max(1);
            (t as f64, crate::rms(&m.angles[from..=t]))
        })
        .collect()
}

/// ‖w‖ and the angular update along the runs without and with weight decay.
pub fn growth(runs: &[Measured]) -> String {
    let mut norms = Chart::new("‖w‖ of the first layer", "step", "‖w‖").legend(Legend::UpperLeft);
    let mut angles = Chart::new("angular update per step", "step", "radians")
        .legend(Legend::LowerRight)
        .hline(
            predicted_angle(crate::GROWTH_LR, crate::GROWTH_DECAY),
            "arccos(1 − ηλ)",
            plot::GREY,
        );
    for (i, m) in runs.iter().enumerate() {
        let points = m
            .norms
            .iter()
            .enumerate()
            .map(|(t, &n)| (t as f64, n))
            .collect();
        norms = norms.series(Series::new(points, plot::color(i), Style::Line).label(&m.run.label));
        angles = angles.series(
            Series::new(smoothed_angles(m), plot::color(i), Style::Line).label(&m.run.label),
        );
    }
    plot::grid(
        "SGD on the BatchNorm network",
        &[norms, angles],
        1,
        (600, 260),
    )
}

/// The angular update along each run of section equilibrium, with SGD's prediction dashed.
pub fn equilibrium(pairs: &[(f64, f64)], results: &[Measured], predicted: bool) -> String {
    let mut chart =
        Chart::new("angular update per step", "step", "radians").legend(Legend::UpperRight);
    for (i, ((lr, wd), m)) in pairs.iter().zip(results).enumerate() {
        // A diverged run draws what it has; no point is NaN.
        let points: Vec<(f64, f64)> = smoothed_angles(m)
            .into_iter()
            .filter(|(_, a)| a.is_finite())
            .collect();
        let end = m.angles.len().max(2) as f64;
        chart = chart.series(Series::new(points, plot::color(i), Style::Line).label(&m.run.label));
        let level = predicted_angle(*lr, *wd);
        if predicted && level.is_finite() && level > 0.0 {
            let line = vec![(1.0, level), (end, level)];
            chart = chart.series(Series::new(line, plot::color(i), Style::Dashed));
        }
    }
    let title = if predicted {
        "Angular update, and arccos(1 − ηλ) dashed"
    } else {
        "Angular update per step"
    };
    plot::grid(title, &[chart], 1, (600, 340))
}
