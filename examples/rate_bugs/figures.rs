//! The figures of `rate_bugs`: drawing only, every number comes from `main.rs`.

use stepsize::output::plot::{self, Chart, Legend, Series, Style};
use stepsize::train::Run;

/// The rate each schedule of section `units` gave at every step: cosine in one panel,
/// one-cycle in the other, each sized in epochs and in steps.
pub fn units(runs: &[Run]) -> String {
    let panel = |title: &str, pair: &[Run]| {
        let mut chart =
            Chart::new(title, "step (batch)", "learning rate").legend(Legend::UpperRight);
        for (i, run) in pair.iter().enumerate() {
            let points = run.history.iter().map(|r| (r.step as f64, r.lr)).collect();
            let style = if i == 0 { Style::Line } else { Style::Dashed };
            chart = chart.series(Series::new(points, plot::color(i), style).label(&run.label));
        }
        chart
    };
    // One column at the book's width: the cosine's 16 cycles need the full 600 pixels.
    plot::grid(
        "Sized in epochs, stepped per batch",
        &[panel("cosine", &runs[..2]), panel("one-cycle", &runs[2..])],
        1,
        (600, 280),
    )
}

/// The loss above its minimum of Adam with each ε (solid), and of SGD at η/ε (dashed,
/// labelled with the same ε) where it did not diverge. Two panels: ε below 1 on a log
/// axis (the runs that coincide), and ε from 1 on a linear axis, where Adam and SGD at
/// η/ε are compared and all the curves lie in the top decade.
pub fn eps(adam: &[Run], sgd: &[Run], epsilons: &[f64], l_star: f64) -> String {
    let excess = |r: &Run| {
        r.history
            .iter()
            .map(|h| (h.step as f64, h.loss - l_star))
            .collect()
    };
    let (mut small, mut large) = (Vec::new(), Vec::new());
    for (i, ((a, s), &e)) in adam.iter().zip(sgd).zip(epsilons).enumerate() {
        let panel = if e < 1.0 { &mut small } else { &mut large };
        panel.push(Series::new(excess(a), plot::color(i), Style::Line).label(&a.label));
        if !s.outcome.diverged() {
            panel.push(Series::new(excess(s), plot::color(i), Style::Dashed).label(&s.label));
        }
    }
    let small_chart = Chart::new("ε below 1", "step", "excess loss (log scale)")
        .log_y()
        .legend(Legend::LowerLeft);
    let large_chart =
        Chart::new("ε from 1 (linear scale)", "step", "excess loss").legend(Legend::UpperRight);
    let charts: Vec<Chart> = [(small_chart, small), (large_chart, large)]
        .into_iter()
        .filter(|(_, series)| !series.is_empty())
        .map(|(chart, series)| series.into_iter().fold(chart, Chart::series))
        .collect();
    plot::grid(
        "Adam with different ε, and SGD at η/ε",
        &charts,
        1,
        (600, 300),
    )
}

/// The loss above its minimum along each resumed run, with the checkpoint marked.
pub fn resume(runs: &[Run], l_star: f64) -> String {
    let mut chart = Chart::new("excess loss", "step", "loss above the minimum (log scale)")
        .log_y()
        .legend(Legend::UpperRight)
        .vline(crate::RESUME_AT as f64, "checkpoint", plot::color(7));
    const STYLES: [Style; 4] = [Style::Line, Style::Dashed, Style::Line, Style::Dotted];
    for (i, run) in runs.iter().enumerate() {
        let points = run
            .history
            .iter()
            .map(|r| (r.step as f64, r.loss - l_star))
            .collect();
        chart = chart.series(Series::new(points, plot::color(i), STYLES[i]).label(&run.label));
    }
    plot::grid(
        "Resuming without the schedule or Adam's moments",
        &[chart],
        1,
        (600, 380),
    )
}
