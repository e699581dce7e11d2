//! Intuition, exercise 3: a walker from x = 4 is as far from the minimum as one from 0, so it
//! needs as many steps, and the formula predicts them from its starting loss L(4).

use ndarray::array;
use stepsize::analysis::stability;
use stepsize::numfmt::num;
use stepsize::problems::parabola::Parabola;
use stepsize::train::{Budget, Outcome, Run, gradient_descent_runs};

use super::{attempt, expect, list};

const FILE: &str = "exercises/intuition_from_four.rs";

/// The walkers from x = 4, after checking them against the walkers from 0 and the formula.
pub fn check(
    walkers_from_four: fn(&Parabola, &[f64], &Budget) -> Vec<Run>,
) -> Result<Vec<Run>, String> {
    let parabola = Parabola::new(2.0);
    let budget = Budget::steps(50).until_loss_below(1e-6);
    let lrs = [0.01, 0.1, 0.5, 0.9, 1.1];
    let from_four = attempt(FILE, || walkers_from_four(&parabola, &lrs, &budget))?;
    expect(from_four.len() == lrs.len(), || {
        format!(
            "expected {} walkers, one per rate {}; got {}",
            lrs.len(),
            list(&lrs),
            from_four.len()
        )
    })?;
    let from_zero = gradient_descent_runs(&parabola, &lrs, &array![0.0], &budget);
    for ((zero, four), lr) in from_zero.iter().zip(&from_four).zip(lrs) {
        let eta = num(lr);
        let start = four.history.first().map(|r| r.params[0]);
        expect(start == Some(4.0), || {
            let start = start.map_or("nowhere (it has no steps)".to_string(), num);
            format!("η = {eta}: expected the walker to start at x = 4; it starts at {start}")
        })?;
        expect(four.summary() == zero.summary(), || {
            format!(
                "η = {eta}: x = 4 and x = 0 are both 2 away from the minimum, so the walkers \
                 should end alike. From 0 the walker {}; yours {}",
                zero.summary(),
                four.summary()
            )
        })?;
        if let Outcome::Reached { step, .. } = four.outcome {
            let predicted = stability::predicted_steps(lr, 2.0, parabola.at(4.0), 1e-6);
            expect(predicted == Some(step as u64), || {
                let predicted = predicted.map_or("no number of".to_string(), |n| n.to_string());
                format!(
                    "η = {eta}: the formula predicts {predicted} steps from L(4); the walker took \
                     {step}"
                )
            })?;
        }
    }
    Ok(from_four)
}
