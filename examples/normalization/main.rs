//! Chapter "Batch size and normalization" (normalization half): features on very different
//! scales, what standardizing does to the Hessian, the stable η and the number of steps,
//! and the same η on raw and standardized data.
//!
//!     cargo run --example normalization
//!     cargo run --example normalization -- --lr 0.3 --steps 500
//!     cargo run --example normalization -- --section paths

mod figures;
mod options;
mod tables;

use ndarray::{Array1, Array2, array};
use stepsize::analysis::stability;
use stepsize::optim::GradientDescent;
use stepsize::output::flags::Args;
use stepsize::output::report::Report;
use stepsize::problems::data::{self, Dataset};
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::logistic::{LogisticRegression, houses_expensive};
use stepsize::problems::standardize::Standardizer;
use stepsize::train::{Budget, Run, train};

fn main() {
    let args = Args::parse(
        "normalization",
        "feature scales, the Hessian's condition number, and the learning rate you can use",
        options::OPTIONS,
    );
    let sections = options::sections(&args);
    let mut report = Report::new(&args);

    // ANCHOR: data
    // Houses: size in square feet (hundreds to thousands) beside the number of bedrooms
    // (1 to 6); the price in $1000 depends on both, plus noise.
    let houses = houses_expensive(400, args.seed("seed"));
    let mut rng = data::rng(args.seed("seed").wrapping_add(1));
    let price: Array1<f64> = houses
        .x
        .rows()
        .into_iter()
        .map(|r| 0.15 * r[0] + 10.0 * r[1] + 20.0 + 15.0 * data::standard_normal(&mut rng))
        .collect();
    let raw = Dataset {
        y: price,
        ..houses.clone()
    };
    let scaled = Standardizer::fit(&raw).transform(&raw);
    // ANCHOR_END: data

    for section in sections {
        match section {
            "regression" => regression(&mut report, &raw, &scaled),
            "same_lr" => same_lr(&mut report, &args, &raw, &scaled),
            "paths" => paths(&mut report, &raw),
            "classifier" => classifier(&mut report, &args, &houses),
            other => unreachable!("options.rs lists no section {other}"),
        }
    }
    report.finish();
}

/// Section regression: the Hessian before and after standardizing, and what it predicts.
fn regression(report: &mut Report, raw: &Dataset, scaled: &Dataset) {
    // ANCHOR: conditioning
    // The Hessian of the mean squared error, before and after standardizing, and what it
    // predicts: the largest stable η, the best fixed η and the steps to a tolerance.
    let analyse = |data: &Dataset| {
        let model = LinearRegression::new(data.clone());
        let eig = stability::symmetric_eigenvalues(&model.hessian());
        let (lmin, lmax) = (eig[0], eig[eig.len() - 1]);
        (model, lmin, lmax)
    };
    // ANCHOR_END: conditioning

    tables::conditioning(report, raw, scaled, analyse);
}

/// Section same_lr: one η on raw and on standardized features.
fn same_lr(report: &mut Report, args: &Args, raw: &Dataset, scaled: &Dataset) {
    // ANCHOR: same_lr
    // One η for both: the tutorial claim that normalized data "works much better with the
    // same learning rate".
    let lr = args.number("lr");
    let budget = Budget::steps(args.steps("steps"));
    let same: Vec<Run> = [("raw", raw), ("standardized", scaled)]
        .into_iter()
        .map(|(label, data)| {
            let model = LinearRegression::new(data.clone());
            train(
                label,
                &model,
                &mut GradientDescent::new(lr),
                Array1::zeros(model.dim()),
                &budget,
            )
        })
        .collect();
    // ANCHOR_END: same_lr

    tables::same_lr(report, lr, &budget, &same);
    report.history("same-lr", &same);
}

/// Section paths: gradient-descent paths over the level sets of the two weights.
fn paths(report: &mut Report, raw: &Dataset) {
    // ANCHOR: paths
    // Level sets and paths in two dimensions: centre everything, so the bias stays 0 and
    // the loss is a function of the two weights only; 40 steps at η = 1/λ_max, half the
    // limit, where the steepest direction settles in one step.
    let centred = centre(raw);
    let standardized = Standardizer::fit(&centred).transform(&centred);
    let paths: Vec<(String, LinearRegression, Run)> =
        [("centred only", centred), ("standardized", standardized)]
            .into_iter()
            .map(|(label, data)| {
                let model = LinearRegression::new(data);
                let eig = stability::symmetric_eigenvalues(&model.hessian());
                let half_limit = 1.0 / eig[eig.len() - 1];
                let run = train(
                    label,
                    &model,
                    &mut GradientDescent::new(half_limit),
                    array![0.0, 0.0, 0.0],
                    &Budget::steps(40),
                );
                (label.to_string(), model, run)
            })
            .collect();
    // ANCHOR_END: paths

    tables::paths(report, &paths);
    let path_runs: Vec<Run> = paths.iter().map(|(_, _, run)| run.clone()).collect();
    report.history("paths", &path_runs);
    report.figure("paths", figures::paths(&paths));
}

/// Section classifier: logistic regression at the same η on raw and standardized houses.
fn classifier(report: &mut Report, args: &Args, houses: &Dataset) {
    let lr = args.number("lr");
    let budget = Budget::steps(args.steps("steps"));
    // ANCHOR: classifier
    // A classifier: logistic regression for "expensive", 300 houses to train on, 100 held
    // out; the standardization is fitted on the training houses only and then applied,
    // unchanged, to the held-out ones.
    let (train_raw, test_raw) = houses.split(300);
    let scaler = Standardizer::fit(&train_raw);
    let (train_std, test_std) = (scaler.transform(&train_raw), scaler.transform(&test_raw));
    let classifiers: Vec<(Run, LogisticRegression, Dataset)> = [
        ("raw", train_raw, test_raw),
        ("standardized", train_std, test_std),
    ]
    .into_iter()
    .map(|(label, train_set, test_set)| {
        let model = LogisticRegression::new(train_set);
        let run = train(
            label,
            &model,
            &mut GradientDescent::new(lr),
            Array1::zeros(model.dim()),
            &budget,
        );
        (run, model, test_set)
    })
    .collect();
    // ANCHOR_END: classifier

    tables::classifier(report, lr, &budget, &scaler, &classifiers);
    let runs: Vec<Run> = classifiers.iter().map(|(r, ..)| r.clone()).collect();
    report.history("classifier", &runs);
    report.figure("classifier", figures::classifier(&runs, lr));
}

/// Subtract the mean from every feature and from the target.
fn centre(data: &Dataset) -> Dataset {
    let means = data
        .x
        .mean_axis(ndarray::Axis(0))
        .expect("the data set is not empty");
    let x: Array2<f64> = &data.x - &means;
    let y_mean = data.y.mean().expect("the data set is not empty");
    Dataset {
        x,
        y: data.y.mapv(|v| v - y_mean),
        feature_names: data.feature_names.clone(),
    }
}
