//! Chapter 8, "At the edge of stability": full-batch gradient descent on a small network,
//! with the sharpness (the Hessian's largest eigenvalue) tracked along the way.
//!
//!     cargo run --example edge_of_stability
//!     cargo run --example edge_of_stability -- --lr 0.15,0.25 --steps 4000

mod figures;
mod options;
mod tables;

use stepsize::analysis::sharpness;
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
    // Along each run, the sharpness every 100 steps (every twentieth of a shorter run):
    // 10 rounds of power iteration on Hessian–vector products, each check warm-started
    // from the previous estimate's direction.
    let every = (args.steps("steps") / 20).clamp(1, 100);
    let tracks: Vec<Vec<(usize, f64)>> = runs
        .iter()
        .map(|run| sharpness::along(&net, run, every, 10))
        .collect();
    // ANCHOR_END: sharpness

    tables::sharpness(&mut report, &net, &runs, &tracks);
    report.history("gd", &runs);
    report.figure("sharpness", figures::sharpness(&runs, &tracks));
    report.finish();
}
