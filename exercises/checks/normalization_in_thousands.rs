//! Batch size and normalization, exercise 1: sizes in thousands of square feet lower λ_max
//! far less than a millionfold, because the bedrooms now have the larger values; the
//! largest stable η is still 2/λ_max.

use ndarray::Array1;
use stepsize::analysis::stability;
use stepsize::numfmt::num;
use stepsize::problems::data::{self, Dataset};
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::logistic::houses_expensive;
use stepsize::train::Budget;

use super::{attempt, expect, list, pair};

const FILE: &str = "exercises/normalization_in_thousands.rs";

/// The normalization chapter's 400 houses with their price, as in
/// `examples/normalization/main.rs`.
pub fn priced_houses() -> Dataset {
    let houses = houses_expensive(400, 5);
    let mut rng = data::rng(6);
    let price: Array1<f64> = houses
        .x
        .rows()
        .into_iter()
        .map(|r| 0.15 * r[0] + 10.0 * r[1] + 20.0 + 15.0 * data::standard_normal(&mut rng))
        .collect();
    Dataset { y: price, ..houses }
}

/// λ_max of the mean squared error's Hessian, and the largest η whose loss falls over 500
/// steps of gradient descent from 0, by bisection.
pub fn lambda_max_and_edge(data: &Dataset) -> (f64, f64) {
    let model = LinearRegression::new(data.clone());
    let eig = stability::symmetric_eigenvalues(&model.hessian());
    let lmax = eig[eig.len() - 1];
    let limit = stability::max_stable_lr(lmax);
    let edge = stability::gradient_descent_edge(
        &model,
        &Array1::zeros(model.dim()),
        &Budget::steps(500).diverge_above(1e300),
        limit / 10.0,
        limit * 10.0,
        20,
    );
    (lmax, edge)
}

/// The rescaled houses with their λ_max and measured edge, after checking the rescaling
/// and the edge against 2/λ_max.
pub fn check(in_thousands: fn(Dataset) -> Dataset) -> Result<(Dataset, f64, f64), String> {
    let raw = priced_houses();
    let thousands = attempt(FILE, || in_thousands(raw.clone()))?;
    let expected = raw.x.column(0).mapv(|v| v / 1e3);
    let same_shape = thousands.x.dim() == raw.x.dim();
    expect(
        same_shape
            && thousands.y == raw.y
            && thousands.x.column(1) == raw.x.column(1)
            && (&thousands.x.column(0) - &expected)
                .iter()
                .all(|d| d.abs() < 1e-12),
        || {
            format!(
                "expected column 0 divided by 1000 and everything else unchanged; the first \
                 house was {} and is now {}",
                list(raw.x.row(0)),
                list(thousands.x.row(0))
            )
        },
    )?;
    let (lmax_raw, _) = lambda_max_and_edge(&raw);
    let (lmax, edge) = lambda_max_and_edge(&thousands);
    expect((edge * lmax / 2.0 - 1.0).abs() < 0.02, || {
        let (edge, limit) = pair(edge, 2.0 / lmax);
        format!("the bisection's edge {edge} should agree with 2/λ_max = {limit}")
    })?;
    expect(lmax_raw / lmax < 5e5, || {
        format!(
            "λ_max fell from {} to {}: by a factor {}, expected far less than a millionfold",
            num(lmax_raw),
            num(lmax),
            num(lmax_raw / lmax)
        )
    })?;
    Ok((thousands, lmax, edge))
}
