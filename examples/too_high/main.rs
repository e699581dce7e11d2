//! Chapter "Too high, too low": the usual three-rate house-price experiment reproduced, the
//! stability threshold 2/λ_max computed from the loss's Hessian, and a sweep of the
//! learning rate across it.
//!
//!     cargo run --example too_high
//!     cargo run --example too_high -- --lr 0.05,0.129,0.131 --steps 200
//!     cargo run --example too_high -- --section edge,sweep --sweep-steps 1000

mod figures;
mod options;
mod tables;

use ndarray::{Array1, array};
use stepsize::analysis::stability;
use stepsize::math;
use stepsize::optim::GradientDescent;
use stepsize::output::flags::Args;
use stepsize::output::report::Report;
use stepsize::output::table::num;
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::train::{Budget, Run, gradient_descent_runs, train};

fn main() {
    let args = Args::parse(
        "too_high",
        "the house-price experiment of a typical tutorial, the threshold 2/λ_max, and a sweep across it",
        options::OPTIONS,
    );
    let sections = args.sections(options::SECTIONS, options::SECTION_FLAGS);
    let mut report = Report::new(&args);

    // ANCHOR: experiment
    // Set-up: the house-price data, mean squared error, and for each learning rate a
    // fresh model starting from w = b = 0, trained with full-batch gradient descent.
    let model = LinearRegression::new(data::house_prices());
    let start = array![0.0, 0.0];
    let budget = Budget::steps(args.steps("steps"));
    let runs = gradient_descent_runs(&model, &args.lrs("lr"), &start, &budget);
    // ANCHOR_END: experiment

    // ANCHOR: threshold
    // Theory: the loss is quadratic, so its Hessian H is constant; gradient descent is
    // stable exactly when η < 2/λ_max, and the slowest direction shrinks by 1 − ηλ_min.
    let h = model.hessian();
    let eig = stability::symmetric_eigenvalues(&h);
    let (lambda_min, lambda_max) = (eig[0], eig[eig.len() - 1]);
    let threshold = stability::max_stable_lr(lambda_max);
    let (best_lr, best_rate) = stability::best_fixed_lr(lambda_min, lambda_max);
    // ANCHOR_END: threshold

    for section in sections {
        match section {
            "experiment" => {
                tables::notes(&mut report, &model, &start, &budget, &runs);
                report.figure("notes_experiment", figures::notes(&runs));
            }
            "threshold" => tables::threshold(
                &mut report,
                &h,
                (lambda_min, lambda_max),
                threshold,
                (best_lr, best_rate),
                &runs,
            ),
            "edge" => edge(&mut report, &args, &model, &start, threshold, lambda_max),
            "sweep" => sweep(&mut report, &args, &model, &start, threshold),
            other => unreachable!("options.rs lists no section {other}"),
        }
    }
    report.finish();
}

/// Section `edge`: runs at 0.9, 0.99, 1.01 and 1.1 times the threshold, and the slider's
/// frames either side of it.
fn edge(
    report: &mut Report,
    args: &Args,
    model: &LinearRegression,
    start: &Array1<f64>,
    threshold: f64,
    lambda_max: f64,
) {
    // ANCHOR: edge
    // Experiment: just below and just above the threshold.
    let sweep_budget = Budget::steps(args.steps("sweep-steps"));
    let edge: Vec<Run> = [0.9, 0.99, 1.01, 1.1]
        .into_iter()
        .map(|f| {
            let lr = f * threshold;
            let mut gd = GradientDescent::new(lr);
            train(
                format!("η={}·2/λ_max", num(f)),
                model,
                &mut gd,
                start.clone(),
                &sweep_budget,
            )
        })
        .collect();
    // ANCHOR_END: edge

    tables::edge(report, &edge, threshold, lambda_max);
    report.figure("edge", figures::edge(&edge));
    figures::slider(report, model, start, &sweep_budget, threshold);
}

/// Section `sweep`: 41 rates from 1e-4 to 1 and the threshold itself.
fn sweep(
    report: &mut Report,
    args: &Args,
    model: &LinearRegression,
    start: &Array1<f64>,
    threshold: f64,
) {
    let sweep_budget = Budget::steps(args.steps("sweep-steps"));

    // ANCHOR: sweep
    // Experiment: a log-spaced sweep of η from 1e-4 to 1, plus the threshold itself.
    let mut lrs: Vec<f64> = (0..=40)
        .map(|i| math::powf(10.0, -4.0 + i as f64 / 10.0))
        .collect();
    lrs.push(threshold);
    lrs.sort_by(f64::total_cmp);
    let sweep = gradient_descent_runs(model, &lrs, start, &sweep_budget);
    // ANCHOR_END: sweep

    tables::sweep(report, &sweep, threshold, sweep_budget.steps);
    report.figure(
        "sweep",
        figures::sweep(&sweep, threshold, sweep_budget.steps),
    );
}
