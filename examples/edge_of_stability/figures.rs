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
    .y_range(4.0, 11.0)
    .legend(Legend::LowerRight);
    let mut loss = plot::loss_curves("training loss", runs).legend(Legend::UpperRight);
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
        "The sharpness rises until 2/η caps it or the loss converges (2/η above the frame is not drawn)",
        &[sharp, loss],
        2,
        (470, 380),
    )
}
