//! Chapter 6, "Batch size and normalization" (normalization half): features on very
//! different scales, what standardizing does to the Hessian, the stable η and the number
//! of steps, and the same η on raw and standardized data.
//!
//!     cargo run --example normalization
//!     cargo run --example normalization -- --lr 0.3 --steps 500

mod figures;
mod tables;

use ndarray::{Array1, Array2, array};
use stepsize::analysis::stability;
use stepsize::math;
use stepsize::optim::GradientDescent;
use stepsize::output::flags::{Args, Kind, Opt};
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::Problem;
use stepsize::problems::data::{self, Dataset};
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::logistic::{LogisticRegression, houses_expensive};
use stepsize::problems::standardize::Standardizer;
use stepsize::train::{Budget, Outcome, Run, train};

const OPTIONS: &[Opt] = &[
    Opt::new(
        "lr",
        Kind::Lr,
        "0.1",
        "the one η tried on raw and on standardized features",
    ),
    Opt::new(
        "steps",
        Kind::Steps,
        "300",
        "updates for the same-η comparison and the classifier",
    )
    .at_most(20_000),
    Opt::new("seed", Kind::Seed, "5", "seed of the synthetic houses"),
];

fn main() {
    let args = Args::parse(
        "normalization",
        "feature scales, the Hessian's condition number, and the learning rate you can use",
        OPTIONS,
    );
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

    report.section("Linear regression on raw and on standardized features");
    report.line(format!(
        "{} houses; size from {} to {} sq ft, bedrooms from {} to {}",
        raw.len(),
        num(raw.x.column(0).fold(f64::INFINITY, |a, &b| a.min(b))),
        num(raw.x.column(0).fold(f64::NEG_INFINITY, |a, &b| a.max(b))),
        num(raw.x.column(1).fold(f64::INFINITY, |a, &b| a.min(b))),
        num(raw.x.column(1).fold(f64::NEG_INFINITY, |a, &b| a.max(b)))
    ));
    let mut table = Table::new(&[
        "features",
        "λ_min",
        "λ_max",
        "κ",
        "2/λ_max",
        "bisection",
        "best η",
        "steps predicted",
        "steps measured",
    ]);
    for (label, data) in [("raw", &raw), ("standardized", &scaled)] {
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
            sig(best_lr, 3),
            sig(predicted.ceil(), 3),
            measured,
        ]);
    }
    report.table(&table);
    report.line("(steps: until the excess loss is a millionth of its start, at each one's best fixed η; bisection: largest η whose loss falls over 500 steps)");

    // ANCHOR: same_lr
    // One η for both: the tutorial claim that normalized data "works much better with the
    // same learning rate".
    let lr = args.number("lr");
    let budget = Budget::steps(args.steps("steps"));
    let same: Vec<Run> = [("raw", &raw), ("standardized", &scaled)]
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

    report.section(&format!(
        "The same η = {} on both, {} steps",
        num(lr),
        budget.steps
    ));
    report.table(&tables::same_lr(&same));
    report.history("same-lr", &same);

    // ANCHOR: paths
    // Level sets and paths in two dimensions: centre everything, so the bias stays 0 and
    // the loss is a function of the two weights only; 40 steps at η = 1/λ_max, half the
    // limit, where the steepest direction settles in one step.
    let centred = centre(&raw);
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

    report.section("Gradient-descent paths on the two weights, 40 steps at η = 1/λ_max");
    report.table(&tables::paths(&paths));
    report.figure("paths", figures::paths(&paths));

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
    report.table(&tables::classifier(&classifiers));
    let runs: Vec<Run> = classifiers.iter().map(|(r, ..)| r.clone()).collect();
    report.history("classifier", &runs);
    report.figure("classifier", figures::classifier(&runs, lr));
    report.finish();
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
