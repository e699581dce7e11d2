//! The figure of `edge_of_stability`: drawing only, every number comes from `main.rs`.

use stepsize::output::plot::{self, Chart, Legend, Series, Style};
use stepsize::train::Run;

/// The sharpness against 2/η, and the training loss, along each run.
pub fn sharpness(runs: &[Run], tracks: &[Vec<(usize, f64)>]) -> String {
    // The same line style per run in both panels; 2/η is always dotted.
    const STYLES: [Style; 2] = [Style::Line, Style::Dashed];
    let mut sharp = Chart::new(
        "sharpness λ_max and 2/η (dotted)",
        "step",
        "λ_max of the Hessian",
    )
    .legend(Legend::LowerRight);
    let mut loss = plot::loss_curves("training loss", runs).legend(Legend::UpperRight);
    // The y-range from the data: every measured sharpness, and each 2/η unless it lies far
    // above them (then the title says it is not drawn).
    let measured = tracks
        .iter()
        .flatten()
        .map(|t| t.1)
        .filter(|v| v.is_finite());
    let (lo, hi) = measured.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let limits: Vec<f64> = runs.iter().map(|r| 2.0 / r.lr()).collect();
    let shown = |l: f64| l <= 1.5 * hi;
    let (lo, hi) = limits
        .iter()
        .filter(|&&l| shown(l))
        .fold((lo, hi), |(lo, hi), &l| (lo.min(l), hi.max(l)));
    let pad = 0.05 * (hi - lo).max(1e-9);
    sharp = sharp.y_range(lo - pad, hi + pad);
    if limits.iter().any(|&l| !shown(l)) {
        sharp.title = "sharpness λ_max and 2/η (dotted; 2/η far above not drawn)".into();
    }
    for (i, (run, track)) in runs.iter().zip(tracks).enumerate() {
        let lr = run.lr();
        let end = run.history.len() as f64;
        let style = STYLES[i % STYLES.len()];
        sharp = sharp
            .series(
                Series::new(
                    track.iter().map(|&(step, l)| (step as f64, l)).collect(),
                    plot::color(i),
                    style,
                )
                .label(&run.label),
            )
            .series(Series::new(
                vec![(0.0, 2.0 / lr), (end, 2.0 / lr)],
                plot::color(i),
                Style::Dotted,
            ));
        loss.series[i].style = style;
    }
    plot::grid(
        "Sharpness against its limit 2/η, and the loss",
        &[sharp, loss],
        1,
        (600, 380),
    )
}
