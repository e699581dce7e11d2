//! The update rule, exercise 3: on the quadratic house-price loss a forward difference is
//! off by h times half the curvature, where the central difference is exact up to rounding.

use ndarray::{Array1, ArrayView1, array};
use stepsize::analysis::gradcheck::central_differences;
use stepsize::numfmt::num;
use stepsize::problems::Problem;
use stepsize::problems::data::{self, house_prices};
use stepsize::problems::linear_regression::LinearRegression;

use super::{attempt, expect, list};

const FILE: &str = "exercises/update_rule_forward_difference.rs";

/// A gradient estimate: problem, point, step h.
pub type Estimate = fn(&dyn Problem, ArrayView1<f64>, f64) -> Array1<f64>;

/// The chapter's four gradient-check points: zero, the first update, two random (seed 7).
pub fn points() -> Vec<Array1<f64>> {
    let mut rng = data::rng(7);
    let mut points = vec![array![0.0, 0.0], array![27.0, 10.0]];
    for _ in 0..2 {
        points.push(array![
            300.0 * data::standard_normal(&mut rng),
            300.0 * data::standard_normal(&mut rng)
        ]);
    }
    points
}

/// Checks that `forward_differences` is off by h·H_jj/2 in coordinate j at every point,
/// for h = 1e-2, as a forward difference is on a quadratic.
pub fn check(forward_differences: Estimate) -> Result<(), String> {
    let model = LinearRegression::new(house_prices());
    let hessian = model.hessian();
    let h = 1e-2;
    for p in points() {
        let exact = model.gradient(p.view());
        let numeric = attempt(FILE, || forward_differences(&model, p.view(), h))?;
        expect(numeric.len() == exact.len(), || {
            format!(
                "expected {} partial derivatives, got {}",
                exact.len(),
                numeric.len()
            )
        })?;
        let central = central_differences(&model, p.view(), h);
        for j in 0..exact.len() {
            let error = numeric[j] - exact[j];
            let expected = h * hessian[[j, j]] / 2.0;
            expect((numeric[j] - central[j]).abs() > 1e-6, || {
                format!(
                    "at θ = {}, coordinate {j}: your estimate equals the central difference; a \
                     forward difference is off by h · H_jj / 2 = {}",
                    list(&p),
                    num(expected)
                )
            })?;
            expect((error - expected).abs() < 1e-4 * expected, || {
                format!(
                    "at θ = {}, coordinate {j}, h = {}: expected the forward difference to exceed \
                     the exact {} by h · H_jj / 2 = {}; yours is {} (off by {})",
                    list(&p),
                    num(h),
                    num(exact[j]),
                    num(expected),
                    num(numeric[j]),
                    num(error)
                )
            })?;
        }
    }
    Ok(())
}
