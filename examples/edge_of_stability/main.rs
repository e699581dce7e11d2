//! Chapter 8, "At the edge of stability": full-batch gradient descent on a small network,
//! with the sharpness (the Hessian's largest eigenvalue) tracked along the way.
//!
//!     cargo run --example edge_of_stability
//!     cargo run --example edge_of_stability -- --lr 0.15,0.25 --steps 4000

use stepsize::analysis::sharpness;
use stepsize::output::flags::{Args, Kind, Opt};
use stepsize::output::plot::{self, Chart, Legend, Series, Style};
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::data;
use stepsize::problems::mlp::Mlp;
use stepsize::train::{Budget, Run, gradient_descent_runs};

const OPTIONS: &[Opt] = &[
    Opt::new(
        "lr",
        Kind::LrList,
        "0.1,0.25,0.35",
        "learning rates of the full-batch runs",
    ),
    Opt::new("steps", Kind::Steps, "2000", "updates per run").at_most(20_000),
    Opt::new(
        "seed",
        Kind::Seed,
        "0",
        "seed of the network's initial weights",
    ),
];

fn main() {
    let args = Args::parse(
        "edge_of_stability",
        "full-batch gradient descent on a small network, tracking the sharpness against 2/η",
        OPTIONS,
    );
    let mut report = Report::new(&args);

    // ANCHOR: setup
    // A regression network: 64 points of y = sin(2x) + 0.3x² on [−2, 2], one hidden
    // layer of 32 tanh units, half the mean squared error, full-batch gradient descent.
    let net = Mlp::regression(data::wavy_curve(64), 32);
    let init = net.init(args.seed("seed"));
    let runs = gradient_descent_runs(
        &net,
        &args.lrs("lr"),
        &init,
        &Budget::steps(args.steps("steps")),
    );
    // ANCHOR_END: setup

    // ANCHOR: sharpness
    // Along each run, the sharpness every 100 steps (every twentieth of a shorter run):
    // 10 rounds of power iteration on Hessian–vector products, each check warm-started
    // from the previous estimate's direction.
    let every = (args.steps("steps") / 20).clamp(1, 100);
    let tracks: Vec<Vec<(usize, f64)>> = runs
        .iter()
        .map(|run| sharpness::along(&net, run, every, 10))
        .collect();
    // ANCHOR_END: sharpness

    report.section("Sharpness against 2/η along full-batch gradient descent");
    report.line(format!(
        "{} parameters, {} points, loss at step 0: {}",
        net.dim(),
        net.data.len(),
        num(runs[0].history[0].loss)
    ));
    let mut table = Table::new(&[
        "η",
        "2/η",
        "sharpness at 0",
        "largest",
        "mean, second half",
        "loss at end",
        "steps where the loss rose",
        "outcome",
    ]);
    for (run, track) in runs.iter().zip(&tracks) {
        let lr = run.history[0].lr;
        let half = &track[track.len() / 2..];
        let mean = half.iter().map(|p| p.1).sum::<f64>() / half.len() as f64;
        let largest = track.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        let rises = run
            .history
            .windows(2)
            .filter(|w| w[1].loss > w[0].loss)
            .count();
        // A diverged run has no meaningful late sharpness: say so rather than print one.
        let late = |v: f64| {
            if run.outcome.diverged() {
                "-".to_string()
            } else {
                sig(v, 4)
            }
        };
        table.row([
            num(lr),
            num(2.0 / lr),
            sig(track[0].1, 4),
            late(largest),
            late(mean),
            num(run.final_loss()),
            rises.to_string(),
            run.summary(),
        ]);
    }
    report.table(&table);
    report.history("gd", &runs);
    report.figure("sharpness", chart(&runs, &tracks));
    report.finish();
}

fn chart(runs: &[Run], tracks: &[Vec<(usize, f64)>]) -> String {
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
        let lr = run.history[0].lr;
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
        "Gradient descent drives the sharpness up to 2/η, then hovers there (2/η above the frame is not drawn)",
        &[sharp, loss],
        2,
        (470, 380),
    )
}
