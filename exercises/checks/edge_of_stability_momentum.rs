//! At the edge of stability, exercise 3: with momentum β = 0.9 at η = 0.4 the sharpness
//! rises to the momentum limit (2 + 2β)/η = 9.5 and stays within 1% of it.

use stepsize::analysis::sharpness;
use stepsize::numfmt::num;
use stepsize::optim::Sgd;
use stepsize::problems::data;
use stepsize::problems::mlp::Mlp;
use stepsize::train::{Budget, Run, train};

use super::{attempt, expect};

const FILE: &str = "exercises/edge_of_stability_momentum.rs";

/// The example's network and data.
pub fn eos_net() -> Mlp {
    Mlp::regression(data::wavy_curve(64), 32)
}

/// The sharpness every 5 steps along `run`, to a relative accuracy of 1e-4, as in the
/// example.
pub fn sharpness_track(net: &Mlp, run: &Run) -> Vec<f64> {
    sharpness::along(net, run, 5, 1e-4)
        .into_iter()
        .map(|(_, lambda)| lambda)
        .collect()
}

/// The largest of the checks from step 1000 on (every 5 steps: index 200), past the early
/// transient.
pub fn late_max(track: &[f64]) -> f64 {
    track[200..]
        .iter()
        .cloned()
        .fold(f64::NEG_INFINITY, f64::max)
}

/// `optimizer` on the example's network from its initialization (seed 0), with the
/// sharpness track.
pub fn momentum_track(optimizer: &mut Sgd, steps: usize) -> (Run, Vec<f64>) {
    let net = eos_net();
    let run = train(
        "momentum",
        &net,
        optimizer,
        net.init(0),
        &Budget::steps(steps),
    );
    let track = sharpness_track(&net, &run);
    (run, track)
}

/// The run at η = 0.4 and its sharpness track, after checking that the sharpness peaks
/// within 1% of (2 + 2β)/η past step 1000.
pub fn check(momentum: fn(f64) -> Sgd) -> Result<(Run, Vec<f64>), String> {
    let (lr, beta) = (0.4, 0.9);
    let limit = (2.0 + 2.0 * beta) / lr;
    let mut optimizer = attempt(FILE, || momentum(lr))?;
    let (run, track) = momentum_track(&mut optimizer, 8000);
    expect(!run.outcome.diverged(), || {
        format!("at η = {} the run should train; {}", num(lr), run.summary())
    })?;
    let peak = late_max(&track);
    expect((peak - limit).abs() < 0.01 * limit, || {
        format!(
            "from step 1000 on, the sharpness should peak within 1% of (2 + 2β)/η = {}; it \
             peaks at {} (plain gradient descent would stop at 2/η = {})",
            num(limit),
            num(peak),
            num(2.0 / lr)
        )
    })?;
    Ok((run, track))
}
