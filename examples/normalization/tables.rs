//! The tables of `normalization`: formatting only, every number comes from `main.rs`.

use stepsize::output::table::{Table, num, sig};
use stepsize::problems::Problem;
use stepsize::problems::data::Dataset;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::logistic::LogisticRegression;
use stepsize::train::Run;

/// Raw against standardized at the same η: where each run started and ended.
pub fn same_lr(same: &[Run]) -> Table {
    let mut table = Table::new(&["features", "loss at 0", "loss at end", "outcome"]);
    for run in same {
        table.row([
            run.label.clone(),
            num(run.history[0].loss),
            num(run.final_loss()),
            run.summary(),
        ]);
    }
    table
}

/// Each path's optimum, where it was after 40 steps, and its loss against the optimum's.
pub fn paths(paths: &[(String, LinearRegression, Run)]) -> Table {
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
    table
}

/// The two classifiers on their training and held-out houses.
pub fn classifier(classifiers: &[(Run, LogisticRegression, Dataset)]) -> Table {
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
    table
}
