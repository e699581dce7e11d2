//! Learning-rate schedules, exercise 3: with batches of 32 instead of 8 the measured floor
//! falls to about a quarter, as the formula η·L*·tr H/(2B) predicts.

use ndarray::Array1;
use stepsize::numfmt::num;
use stepsize::optim::GradientDescent;
use stepsize::problems::Problem;
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::minibatch::{MiniBatch, Sampling};
use stepsize::schedule;
use stepsize::train::{Budget, Run, Training};

use super::{attempt, expect};

const FILE: &str = "exercises/schedules_larger_batch.rs";

/// The noisy least-squares problem of the schedules chapter: training set, validation set,
/// L*, tr H.
pub fn noisy_problem() -> (LinearRegression, LinearRegression, f64, f64) {
    let (train_set, val_set) =
        data::synthetic_regression(512, &[2.0, -1.0, 0.5, 1.5], 0.3, 1.0, 1).split(256);
    let model = LinearRegression::new(train_set);
    let best = model.least_squares().expect("not collinear");
    let l_star = model.loss(best.view());
    let h = model.hessian();
    let trace = (0..h.nrows()).map(|i| h[[i, i]]).sum();
    (model, LinearRegression::new(val_set), l_star, trace)
}

/// The example's measured floor: mean excess loss over the last half of 2000 steps of
/// constant-rate SGD, averaged over seeds 0 to 4.
pub fn floor(
    model: &LinearRegression,
    batch: usize,
    lr: f64,
    sampling: Sampling,
    l_star: f64,
) -> f64 {
    let seeds = 5;
    let runs: Vec<Run> = (0..seeds)
        .map(|seed| {
            let batches = MiniBatch::new(model.clone(), batch, sampling, seed);
            let mut constant = schedule::Constant { lr };
            Training::new(&batches, &Budget::steps(2000))
                .label("sgd")
                .schedule(&mut constant)
                .run(&mut GradientDescent::new(lr), Array1::zeros(model.dim()))
        })
        .collect();
    let tail = 1000..=2000;
    let total: f64 = runs
        .iter()
        .flat_map(|r| r.history[tail.clone()].iter().map(|h| h.loss - l_star))
        .sum();
    total / (seeds as f64 * tail.count() as f64)
}

/// The rates of the example's noise table.
pub const RATES: [f64; 4] = [0.01, 0.02, 0.05, 0.1];

/// The measured floors with batches of 32 at each of RATES, after checking them against
/// `predicted_floor`.
pub fn check(predicted_floor: fn(f64, f64, f64, usize) -> f64) -> Result<Vec<f64>, String> {
    let (model, _, l_star, trace) = noisy_problem();
    let factor = attempt(FILE, || {
        predicted_floor(0.01, l_star, trace, 32) / predicted_floor(0.01, l_star, trace, 8)
    })?;
    expect((factor - 0.25).abs() < 1e-9, || {
        format!(
            "from batch 8 to 32 your prediction changes by a factor {}; the formula's floor is \
             proportional to 1/B",
            num(factor)
        )
    })?;
    let mut measured = Vec::new();
    for lr in RATES {
        let new = floor(&model, 32, lr, Sampling::WithReplacement, l_star);
        let predicted = predicted_floor(lr, l_star, trace, 32);
        expect((0.9..1.15).contains(&(new / predicted)), || {
            format!(
                "η = {}, B = 32: measured floor {}, your prediction {} (ratio {}); the formula \
                 matches the measurement within about 10%",
                num(lr),
                num(new),
                num(predicted),
                num(new / predicted)
            )
        })?;
        measured.push(new);
    }
    Ok(measured)
}
