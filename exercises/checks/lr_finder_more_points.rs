//! Finding a learning rate, exercise 3: with 100 training points instead of 12 the rate that
//! trains fastest also validates best.

use stepsize::math;
use stepsize::numfmt::num;
use stepsize::problems::data::{self, Dataset};
use stepsize::problems::mlp::Mlp;
use stepsize::train::{Budget, gradient_descent_runs};

use super::{attempt, expect};

const FILE: &str = "exercises/lr_finder_more_points.rs";

/// The example's seed: training data and initialization.
pub const SEED: u64 = 4;

/// The example's log-scale grid: 0.001, 0.00316, …, 1.
pub fn grid() -> Vec<f64> {
    (0..=6)
        .map(|i| math::powf(10.0, -3.0 + i as f64 / 2.0))
        .collect()
}

/// For each grid rate that trains: (η, training loss, validation loss) after `steps`.
pub fn grid_scores(net: &Mlp, steps: usize) -> Vec<(f64, f64, f64)> {
    let val_set = data::noisy_sine(200, SEED + 1);
    let init = net.init(SEED);
    gradient_descent_runs(net, &grid(), &init, &Budget::steps(steps))
        .iter()
        .filter(|run| !run.outcome.diverged())
        .map(|run| {
            let val = net.loss_on(run.final_params().view(), &val_set);
            (run.lr(), run.final_loss(), val)
        })
        .collect()
}

/// The rates with the lowest training loss and the lowest validation loss.
pub fn best_rates(scores: &[(f64, f64, f64)]) -> (f64, f64) {
    let by = |pick: fn(&(f64, f64, f64)) -> f64| {
        scores
            .iter()
            .min_by(|a, b| pick(a).total_cmp(&pick(b)))
            .expect("some rate trains")
            .0
    };
    (by(|s| s.1), by(|s| s.2))
}

/// The grid's scores with the larger training set, after checking that one rate has both
/// the lowest training and the lowest validation loss.
pub fn check(training_points: fn(u64) -> Dataset) -> Result<Vec<(f64, f64, f64)>, String> {
    let train_set = attempt(FILE, || training_points(SEED))?;
    expect(train_set.len() == 100, || {
        format!("expected 100 training points; got {}", train_set.len())
    })?;
    let scores = grid_scores(&Mlp::regression(train_set, 32), 3000);
    let (fastest, best) = best_rates(&scores);
    expect(fastest == best, || {
        format!(
            "with 100 points the rate with the lowest training loss should also validate best; \
             here η = {} trains best and η = {} validates best",
            num(fastest),
            num(best)
        )
    })?;
    Ok(scores)
}
