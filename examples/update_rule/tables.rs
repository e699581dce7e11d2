//! The tables of `update_rule`: formatting only, every number comes from `main.rs`.

use ndarray::Array1;
use stepsize::output::table::{Table, num};
use stepsize::problems::Problem;
use stepsize::problems::data::Dataset;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::train::Run;

/// The five houses, one row each.
pub fn houses(houses: &Dataset) -> Table {
    let mut table = Table::new(&["size (1000 sq ft)", "price ($1000)"]);
    for (x, y) in houses.x.column(0).iter().zip(&houses.y) {
        table.row([num(*x), num(*y)]);
    }
    table
}

/// The first updates and the last: parameters, loss, gradient and the step η·gradient.
pub fn updates(run: &Run, model: &LinearRegression, lr: f64) -> Table {
    let mut table = Table::new(&[
        "step",
        "w",
        "b",
        "loss",
        "dL/dw",
        "dL/db",
        "η·dL/dw",
        "η·dL/db",
    ]);
    let shown: Vec<usize> = (0..run.history.len())
        .filter(|&k| k < 5 || k + 1 == run.history.len())
        .collect();
    for &k in &shown {
        let r = &run.history[k];
        let g = model.gradient(r.params.view());
        table.row([
            r.step.to_string(),
            num(r.params[0]),
            num(r.params[1]),
            num(r.loss),
            num(g[0]),
            num(g[1]),
            num(lr * g[0]),
            num(lr * g[1]),
        ]);
    }
    table
}

/// The five-point tutorial example after 1000 epochs beside the exact least-squares fit.
pub fn notes(tutorial_run: &Run, small: &LinearRegression, exact: &Array1<f64>) -> Table {
    let last = tutorial_run.last().expect("a run has its starting row");
    let mut table = Table::new(&["", "w (slope)", "b (intercept)", "loss"]);
    table.row([
        "gradient descent, η = 0.01".to_string(),
        num(last.params[0]),
        num(last.params[1]),
        num(last.loss),
    ]);
    table.row([
        "least squares (exact)".to_string(),
        num(exact[0]),
        num(exact[1]),
        num(small.loss(exact.view())),
    ]);
    table
}
