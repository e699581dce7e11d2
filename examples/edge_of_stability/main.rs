//! Chapter 10, "At the edge of stability": full-batch gradient descent on a small network,
//! with the sharpness (the Hessian's largest eigenvalue) tracked along the way.
//!
//!     cargo run --example edge_of_stability
//!     cargo run --example edge_of_stability -- --lr 0.15,0.25 --steps 4000

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
use stepsize::train::{Budget, gradient_descent_runs};

fn main() {
    let args = Args::parse(
        "edge_of_stability",
        "full-batch gradient descent on a small network, tracking the sharpness against 2/η",
        options::OPTIONS,
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
    // Along each run, the sharpness every 5 steps (an odd number, so that a quantity that
    // alternates from step to step is sampled on both phases), each check by the Lanczos
    // method to a relative accuracy of 1e-4, warm-started from the previous check's vector.
    let (every, tolerance) = (5, 1e-4);
    let tracks: Vec<sharpness::Tracker> = runs
        .iter()
        .map(|run| sharpness::tracked(&net, run, every, tolerance))
        .collect();
    // For comparison, the cheaper measurement this chapter once used: 10 rounds of power
    // iteration every 100 steps, warm-started the same way.
    let power: Vec<Vec<(usize, f64)>> = runs
        .iter()
        .map(|run| sharpness::along_power_iteration(&net, run, 100, 10))
        .collect();
    // ANCHOR_END: sharpness

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
            let eig = symmetric_eigenvalues(&sharpness::hessian(&net, params.view()));
            let start = Array1::from_elem(params.len(), 1.0);
            let found = sharpness::lanczos(
                &net,
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

    tables::sharpness(
        &mut report,
        &net,
        &runs,
        &tracks,
        &power,
        (every, tolerance),
    );
    tables::exact(&mut report, net.dim(), &exact);
    report.history("gd", &runs);
    let tracks: Vec<Vec<(usize, f64)>> = tracks.into_iter().map(|t| t.track).collect();
    report.figure("sharpness", figures::sharpness(&runs, &tracks));
    report.finish();
}
