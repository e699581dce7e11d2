//! Momentum and adaptive optimizers, exercise 3: AMSGrad divides by the largest v so far, so
//! on the bowl it follows Adam until v first falls (step 8) and then ends slightly worse.

use ndarray::array;
use stepsize::optim::{Adam, Optimizer};
use stepsize::problems::quadratic::Quadratic;
use stepsize::train::{Budget, Run, train};

use super::{attempt, expect, pair};

const FILE: &str = "exercises/adaptive_amsgrad.rs";

/// `optimizer` on the chapter's bowl 0.1·x1² + 2·x2² from (−5, −2) for `steps`.
pub fn on_bowl(label: &str, optimizer: &mut dyn Optimizer, steps: usize) -> Run {
    let start = array![-5.0, -2.0];
    train(
        label,
        &Quadratic::d2l(),
        optimizer,
        start,
        &Budget::steps(steps),
    )
}

/// Adam's and AMSGrad's runs at η = 0.3 for 50 steps, after checking where they part.
pub fn check(amsgrad: fn(f64) -> Adam) -> Result<(Run, Run), String> {
    let mut yours = attempt(FILE, || amsgrad(0.3))?;
    let adam = on_bowl("Adam", &mut Adam::new(0.3), 50);
    let ams = on_bowl("AMSGrad", &mut yours, 50);
    let apart = |k: usize| adam.history[k].params != ams.history[k].params;
    let first = (0..adam.history.len().min(ams.history.len())).find(|&k| apart(k));
    expect(first == Some(8), || {
        format!(
            "AMSGrad should follow Adam for 7 steps and leave it at step 8, where v first \
             falls; yours {}",
            first.map_or(
                "never leaves Adam's path: is AMSGrad switched on?".to_string(),
                |k| { format!("leaves it at step {k}: is it Adam at η = 0.3 with AMSGrad?") }
            )
        )
    })?;
    expect(ams.final_loss() > adam.final_loss(), || {
        let (adam, ams) = pair(adam.final_loss(), ams.final_loss());
        format!(
            "after 50 steps AMSGrad should end slightly above Adam's {adam}; yours ends at {ams}"
        )
    })?;
    Ok((adam, ams))
}
