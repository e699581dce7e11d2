//! Too high, too low, exercise 3: centring the sizes makes the Hessian diagonal,
//! diag(1, 2), so κ = 2, the threshold 2/λ_max = 1, and η = 0.1 needs 47 epochs, not 221.

use ndarray::{Array2, array};
use stepsize::analysis::stability::{max_stable_lr, symmetric_eigenvalues};
use stepsize::numfmt::num;
use stepsize::problems::data::{Dataset, house_prices};
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::train::{Budget, Outcome, gradient_descent_runs};

use super::{attempt, expect, list, matrix};

const FILE: &str = "exercises/too_high_centred.rs";

/// How η ends on `model` when it runs from zero until the loss falls below 1.
pub fn epochs_to_loss_below_one(model: &LinearRegression, lr: f64) -> Outcome {
    let budget = Budget::steps(100_000).until_loss_below(1.0);
    gradient_descent_runs(model, &[lr], &array![0.0, 0.0], &budget)[0]
        .outcome
        .clone()
}

/// The model of the centred houses, after checking its Hessian, threshold and speed.
pub fn check(centred: fn(Dataset) -> Dataset) -> Result<LinearRegression, String> {
    let data = attempt(FILE, || centred(house_prices()))?;
    let houses = house_prices();
    expect(data.y == houses.y, || {
        format!(
            "the prices should stay {}; yours are {}",
            list(&houses.y),
            list(&data.y)
        )
    })?;
    let sum: f64 = data.x.sum();
    expect(data.x.dim() == houses.x.dim() && sum.abs() < 1e-9, || {
        format!(
            "centred sizes add up to 0 (−1, −0.5, 0, 0.5, 1); yours are {}",
            list(data.x.column(0))
        )
    })?;
    let model = LinearRegression::new(data);
    let hessian = model.hessian();
    // Centred sizes are exact in binary, but a centring computed as x − mean may round in
    // the last digit: the claim is about the Hessian, not about rounding.
    let diagonal = Array2::from_diag(&array![1.0, 2.0]);
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    expect(
        hessian.dim() == diagonal.dim()
            && hessian.iter().zip(&diagonal).all(|(&a, &b)| close(a, b)),
        || {
            format!(
                "expected the Hessian [[1, 0], [0, 2]]; got {}",
                matrix(&hessian)
            )
        },
    )?;
    let eig = symmetric_eigenvalues(&hessian);
    let threshold = max_stable_lr(eig[eig.len() - 1]);
    expect(close(threshold, 1.0), || {
        format!("expected 2/λ_max = 1; got {}", num(threshold))
    })?;
    let outcome = epochs_to_loss_below_one(&model, 0.1);
    let expected = Outcome::Reached {
        step: 47,
        tolerance: 1.0,
    };
    expect(outcome == expected, || {
        format!("expected η = 0.1 to reach a loss below 1 at epoch 47; {outcome}")
    })?;
    Ok(model)
}
