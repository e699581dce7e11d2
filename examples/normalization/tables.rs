//! The printed sections of `normalization`: formatting, plus the conditioning table's
//! checks of each prediction (bisection and a run at the best fixed η); every other number
//! comes from `main.rs`.

use ndarray::Array1;
use stepsize::analysis::stability;
use stepsize::math;
use stepsize::optim::GradientDescent;
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::Problem;
use stepsize::problems::data::Dataset;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::logistic::LogisticRegression;
use stepsize::problems::standardize::Standardizer;
use stepsize::train::{Budget, Outcome, Run, train};

/// Raw against standardized at the same η: where each run started and ended.
pub fn same_lr(report: &mut Report, lr: f64, budget: &Budget, same: &[Run]) {
    report.section(&format!(
        "The same η = {} on both, {} steps",
        num(lr),
        budget.steps
    ));
    let mut table = Table::new(&["features", "loss at 0", "loss at end", "outcome"]);
    for run in same {
        table.row([
            run.label.clone(),
            num(run.history[0].loss),
            num(run.final_loss()),
            run.summary(),
        ]);
    }
    report.table(&table);
}

/// Each path's optimum, where it was after 40 steps, and its loss against the optimum's.
pub fn paths(report: &mut Report, paths: &[(String, LinearRegression, Run)]) {
    report.section("Gradient-descent paths on the two weights, 40 steps at η = 1/λ_max");
    let mut table = Table::new(&[
        "features",
        "optimum (w_size, w_bedrooms)",
        "after 40 steps",
        "loss after 40 / at optimum",
    ]);
    for (label, model, run) in paths {
        let best = model.least_squares().expect("not collinear");
        let end = run.final_params();
        table.row([
            label.clone(),
            format!("({}, {})", sig(best[0], 3), sig(best[1], 3)),
            format!("({}, {})", sig(end[0], 3), sig(end[1], 3)),
            sig(run.final_loss() / model.loss(best.view()), 4),
        ]);
    }
    report.table(&table);
}

/// The two classifiers on their training and held-out houses.
pub fn classifier(
    report: &mut Report,
    lr: f64,
    budget: &Budget,
    scaler: &Standardizer,
    classifiers: &[(Run, LogisticRegression, Dataset)],
) {
    report.section(&format!(
        "Logistic regression, same η = {}, {} steps",
        num(lr),
        budget.steps
    ));
    report.line(format!(
        "training means (size, bedrooms) = ({}, {}), standard deviations ({}, {})",
        sig(scaler.mean[0], 4),
        sig(scaler.mean[1], 3),
        sig(scaler.std[0], 4),
        sig(scaler.std[1], 3)
    ));
    let mut table = Table::new(&[
        "features",
        "train loss",
        "train accuracy",
        "held-out loss",
        "held-out accuracy",
        "outcome",
    ]);
    for (run, model, test_set) in classifiers {
        let p = run.final_params();
        table.row([
            run.label.clone(),
            num(run.final_loss()),
            num(model.accuracy(p.view(), &model.data)),
            num(model.loss_on(p.view(), test_set)),
            num(model.accuracy(p.view(), test_set)),
            run.summary(),
        ]);
    }
    report.table(&table);
}

/// Linear regression on raw and standardized features: the Hessian's eigenvalues, what
/// they predict (stable limit, best fixed η, steps to a tolerance), and each prediction
/// checked by bisection and by a run.
pub fn conditioning(
    report: &mut Report,
    raw: &Dataset,
    scaled: &Dataset,
    analyse: impl Fn(&Dataset) -> (LinearRegression, f64, f64),
) {
    report.section("Linear regression on raw and on standardized features");
    report.line(format!(
        "{} houses; size from {} to {} sq ft, bedrooms from {} to {}",
        raw.len(),
        num(raw.x.column(0).fold(f64::INFINITY, |a, &b| a.min(b))),
        num(raw.x.column(0).fold(f64::NEG_INFINITY, |a, &b| a.max(b))),
        num(raw.x.column(1).fold(f64::INFINITY, |a, &b| a.min(b))),
        num(raw.x.column(1).fold(f64::NEG_INFINITY, |a, &b| a.max(b)))
    ));
    // Two narrow tables, not one wide one: the curvature and the limit, then the steps.
    let mut table = Table::new(&["features", "λ_min", "λ_max", "κ", "2/λ_max", "bisection"]);
    let mut steps = Table::new(&["features", "best η", "steps predicted", "steps measured"]);
    for (label, data) in [("raw", raw), ("standardized", scaled)] {
        let (model, lmin, lmax) = analyse(data);
        let threshold = stability::max_stable_lr(lmax);
        let zero = Array1::zeros(model.dim());
        let found = stability::gradient_descent_edge(
            &model,
            &zero,
            &Budget::steps(500).diverge_above(1e300),
            threshold / 10.0,
            threshold * 10.0,
            20,
        );
        let (best_lr, rate) = stability::best_fixed_lr(lmin, lmax);
        // Steps until the excess loss is a millionth of where it started: the error
        // shrinks by `rate` per step, the loss by rate².
        let best = model
            .least_squares()
            .expect("the features are not collinear");
        let l_star = model.loss(best.view());
        let target = l_star + 1e-6 * (model.loss(zero.view()) - l_star);
        let predicted = math::ln(1e-6) / (2.0 * math::ln(rate));
        let budget = Budget::steps(20_000).until_loss_below(target);
        let run = train(
            label,
            &model,
            &mut GradientDescent::new(best_lr),
            zero.clone(),
            &budget,
        );
        let measured = match run.outcome {
            Outcome::Reached { step, .. } => step.to_string(),
            _ => format!("> {}", budget.steps),
        };
        table.row([
            label.to_string(),
            sig(lmin, 3),
            sig(lmax, 3),
            sig(lmax / lmin, 3),
            sig(threshold, 3),
            sig(found, 3),
        ]);
        steps.row([
            label.to_string(),
            sig(best_lr, 3),
            sig(predicted.ceil(), 3),
            measured,
        ]);
    }
    report.table(&table);
    report.line("");
    report.table(&steps);
    report.line(
        "(steps: until the excess loss is a millionth of its start, at each one's best fixed η;",
    );
    report.line("bisection: largest η whose loss falls over 500 steps)");
}
