//! The printed sections of `update_rule`: formatting, plus the gradient check's central
//! differences; every other number comes from `main.rs`.

use ndarray::Array1;
use stepsize::analysis::gradcheck::{central_differences, relative_error};
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::Problem;
use stepsize::problems::data::Dataset;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::train::Run;

/// The five houses, one row each.
pub fn houses(report: &mut Report, houses: &Dataset) {
    report.section("The house-price data");
    let mut table = Table::new(&["size (1000 sq ft)", "price ($1000)"]);
    for (x, y) in houses.x.column(0).iter().zip(&houses.y) {
        table.row([num(*x), num(*y)]);
    }
    report.table(&table);
}

/// The first updates and the last: parameters, loss, gradient and the step η·gradient.
fn update_table(run: &Run, model: &LinearRegression, lr: f64) -> Table {
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
pub fn notes(
    report: &mut Report,
    tutorial_run: &Run,
    small: &LinearRegression,
    exact: &Array1<f64>,
) {
    report.section("The five-point tutorial example after 1000 epochs");
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
    report.table(&table);
}

/// The gradient-descent section: the updates table, how the run ended, and the exact
/// least-squares fit it approaches.
pub fn updates(report: &mut Report, run: &Run, model: &LinearRegression, lr: f64) {
    report.section(&format!(
        "Gradient descent from w = b = 0 with η = {}",
        num(lr)
    ));
    report.table(&update_table(run, model, lr));
    report.line(run.summary());
    let best = model.least_squares().expect("the sizes are distinct");
    report.line(format!(
        "the exact least-squares fit: w = {}, b = {}, loss {}",
        num(best[0]),
        num(best[1]),
        num(model.loss(best.view()))
    ));
}

/// The gradient check: the analytic gradient against central differences at each point.
pub fn gradcheck(report: &mut Report, model: &LinearRegression, points: &[Array1<f64>]) {
    report.section("Gradient check: analytic against central differences (h = 1e-4)");
    let mut table = Table::new(&[
        "w",
        "b",
        "dL/dw",
        "numeric",
        "rel. error",
        "dL/db",
        "numeric",
        "rel. error",
    ]);
    let mut worst: f64 = 0.0;
    for p in points {
        let exact = model.gradient(p.view());
        let numeric = central_differences(model, p.view(), 1e-4);
        let errors: Vec<f64> = (0..2)
            .map(|i| relative_error(exact[i], numeric[i]))
            .collect();
        worst = worst.max(errors[0]).max(errors[1]);
        table.row([
            num(p[0]),
            num(p[1]),
            sig(exact[0], 10),
            sig(numeric[0], 10),
            num(errors[0]),
            sig(exact[1], 10),
            sig(numeric[1], 10),
            num(errors[1]),
        ]);
    }
    report.table(&table);
    report.line(format!("largest relative error: {}", num(worst)));
}
