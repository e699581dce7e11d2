//! Batch size and normalization, exercise 3: fitting the scaler on all 400 houses leaks the
//! held-out houses into training, and here it leaves the held-out accuracy as it was.

use ndarray::Array1;
use stepsize::optim::GradientDescent;
use stepsize::problems::data::Dataset;
use stepsize::problems::logistic::{LogisticRegression, houses_expensive};
use stepsize::problems::standardize::Standardizer;
use stepsize::train::{Budget, train};

use super::{attempt, expect, list, pair};

const FILE: &str = "exercises/normalization_scaler_on_all.rs";

/// One way of scaling, judged on the held-out houses.
pub struct HeldOut {
    pub scaler: Standardizer,
    pub accuracy: f64,
    pub loss: f64,
}

/// The classifier of the example (plain gradient descent, η = 0.1, 300 steps) trained on
/// the training houses scaled by `scaler`, and scored on the held-out houses.
pub fn held_out(scaler: Standardizer, train_set: &Dataset, test_set: &Dataset) -> HeldOut {
    let model = LogisticRegression::new(scaler.transform(train_set));
    let mut sgd = GradientDescent::new(0.1);
    let run = train(
        "fit",
        &model,
        &mut sgd,
        Array1::zeros(3),
        &Budget::steps(300),
    );
    let p = run.final_params();
    let test = scaler.transform(test_set);
    HeldOut {
        accuracy: model.accuracy(p.view(), &test),
        loss: model.loss_on(p.view(), &test),
        scaler,
    }
}

/// The example's scaling and yours, after checking that yours was fitted on every house
/// and scores as the example's does.
pub fn check(
    fit_scaler: fn(&Dataset, &Dataset) -> Standardizer,
) -> Result<(HeldOut, HeldOut), String> {
    let houses = houses_expensive(400, 5);
    let (train_raw, test_raw) = houses.split(300);
    let yours = attempt(FILE, || fit_scaler(&train_raw, &houses))?;
    let on_all = Standardizer::fit(&houses);
    expect(yours.mean == on_all.mean && yours.std == on_all.std, || {
        format!(
            "a scaler fitted on all 400 houses has means {}; yours has {}",
            list(&on_all.mean),
            list(&yours.mean)
        )
    })?;
    let honest = held_out(Standardizer::fit(&train_raw), &train_raw, &test_raw);
    let leaky = held_out(yours, &train_raw, &test_raw);
    expect(leaky.accuracy == honest.accuracy, || {
        let (honest, leaky) = pair(honest.accuracy, leaky.accuracy);
        format!("held-out accuracy: {honest} with the example's scaler, {leaky} with yours")
    })?;
    Ok((honest, leaky))
}
