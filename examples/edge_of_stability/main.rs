//! Chapter "At the edge of stability": full-batch gradient descent on a small network, with
//! the sharpness (the Hessian's largest eigenvalue) tracked along the way.
//!
//!     cargo run --example edge_of_stability
//!     cargo run --example edge_of_stability -- --lr 0.15,0.25 --steps 4000
//!     cargo run --example edge_of_stability -- --section exact

mod figures;
mod options;
mod tables;

use ndarray::Array1;
use stepsize::analysis::sharpness;
use stepsize::analysis::stability::symmetric_eigenvalues;
use stepsize::numfmt::num;
use stepsize::output::flags::Args;
use stepsize::output::report::Report;
use stepsize::problems::data;
use stepsize::problems::mlp::Mlp;
use stepsize::train::{Budget, Run, gradient_descent_runs};

fn main() {
    let args = Args::parse(
        "edge_of_stability",
        "full-batch gradient descent on a small network, tracking the sharpness against 2/η",
        options::OPTIONS,
    );
    let sections = options::sections(&args);
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

    // Every section reports these runs.
    report.history("gd", &runs);
    // Sections sharpness and power read the sharpness tracked along the runs.
    let measured = sections
        .iter()
        .any(|s| ["sharpness", "power"].contains(s))
        .then(|| measure(&net, &runs));
    for section in sections {
        match (section, &measured) {
            ("sharpness", Some(m)) => {
                tables::sharpness(&mut report, &net, &runs, &m.tracks, (m.every, m.tolerance));
                let tracks: Vec<Vec<(usize, f64)>> =
                    m.tracks.iter().map(|t| t.track.clone()).collect();
                report.figure("sharpness", figures::sharpness(&runs, &tracks));
            }
            ("power", Some(m)) => tables::power(&mut report, &runs, &m.tracks, &m.power),
            ("exact", _) => exact(&mut report, &net, &init, &runs),
            (other, _) => unreachable!("options.rs lists no section {other}"),
        }
    }
    report.finish();
}

/// The sharpness along each run, tracked by Lanczos and, for comparison, by power
/// iteration.
struct Measured<'a> {
    tracks: Vec<sharpness::Tracker<'a>>,
    power: Vec<Vec<(usize, f64)>>,
    every: usize,
    tolerance: f64,
}

/// The relative accuracy of every Lanczos estimate.
const TOLERANCE: f64 = 1e-4;

fn measure<'a>(net: &'a Mlp, runs: &'a [Run]) -> Measured<'a> {
    // ANCHOR: sharpness
    // Along each run, the sharpness every 5 steps (an odd number, so that a quantity that
    // alternates from step to step is sampled on both phases), each check by the Lanczos
    // method to a relative accuracy of 1e-4, warm-started from the previous check's vector.
    let (every, tolerance) = (5, TOLERANCE);
    let tracks: Vec<sharpness::Tracker> = runs
        .iter()
        .map(|run| sharpness::tracked(net, run, every, tolerance))
        .collect();
    // For comparison, the cheaper measurement this chapter once used: 10 rounds of power
    // iteration every 100 steps, warm-started the same way.
    let power: Vec<Vec<(usize, f64)>> = runs
        .iter()
        .map(|run| sharpness::along_power_iteration(net, run, 100, 10))
        .collect();
    // ANCHOR_END: sharpness
    Measured {
        tracks,
        power,
        every,
        tolerance,
    }
}

/// Section exact: the whole Hessian's two largest eigenvalues against Lanczos.
fn exact(report: &mut Report, net: &Mlp, init: &Array1<f64>, runs: &[Run]) {
    let tolerance = TOLERANCE;
    // ANCHOR: exact
    // A check of the checks: this network is small enough to write its whole Hessian down
    // (one product per column) and find every eigenvalue. At the start, and at the end of
    // the run with the largest rate that trained, the two largest eigenvalues λ₁ and λ₂
    // beside a Lanczos estimate started afresh from the same vector as the tracks.
    let trained = runs
        .iter()
        .filter(|run| !run.outcome.diverged())
        .max_by(|a, b| a.lr().total_cmp(&b.lr()));
    let mut points = vec![("step 0".to_string(), init.clone())];
    if let Some(run) = trained {
        let end = run.last().map_or(0, |r| r.step);
        points.push((
            format!("η = {}, step {end}", num(run.lr())),
            run.final_params().clone(),
        ));
    }
    let exact: Vec<tables::Exact> = points
        .into_iter()
        .map(|(label, params)| {
            let eig = symmetric_eigenvalues(&sharpness::hessian(net, params.view()));
            let start = Array1::from_elem(params.len(), 1.0);
            let found = sharpness::lanczos(
                net,
                params.view(),
                start.view(),
                tolerance,
                sharpness::MAX_ROUNDS,
            );
            tables::Exact {
                label,
                top: eig[eig.len() - 1],
                second: eig[eig.len() - 2],
                lanczos: found.lambda,
            }
        })
        .collect();
    // ANCHOR_END: exact

    tables::exact(report, net.dim(), &exact);
}
