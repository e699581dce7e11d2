//! Chapter "The update rule": gradient descent on the house-price data, one update at a
//! time, with the gradient checked against finite differences.
//!
//!     cargo run --example update_rule
//!     cargo run --example update_rule -- --lr 0.05 --steps 100
//!     cargo run --example update_rule -- --section updates --lr 0.02 --steps 1

mod figures;
mod options;
mod tables;

use ndarray::array;
use stepsize::optim::GradientDescent;
use stepsize::output::flags::Args;
use stepsize::output::report::Report;
use stepsize::output::table::num;
use stepsize::problems::data::{self, Dataset};
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::train::{Budget, train};

fn main() {
    let args = Args::parse(
        "update_rule",
        "gradient descent on the house-price data, step by step, with a gradient check",
        options::OPTIONS,
    );
    let sections = args.sections(options::SECTIONS, options::SECTION_FLAGS);
    let mut report = Report::new(&args);

    // ANCHOR: data
    // Set-up: five houses, size in 1000 sq ft and price in $1000; the model is
    // price ≈ w · size + b, scored by the mean squared error.
    let houses = data::house_prices();
    let model = LinearRegression::new(houses.clone());
    // ANCHOR_END: data

    for section in sections {
        match section {
            "data" => tables::houses(&mut report, &houses),
            "updates" => updates(&mut report, &args, &houses, &model),
            "gradcheck" => gradcheck(&mut report, &args, &model),
            "notes" => notes(&mut report),
            other => unreachable!("options.rs lists no section {other}"),
        }
    }
    report.finish();
}

/// Section `updates`: the first updates of gradient descent, and the fitted lines drawn.
fn updates(report: &mut Report, args: &Args, houses: &Dataset, model: &LinearRegression) {
    // ANCHOR: updates
    // Experiment: gradient descent from w = b = 0, the way PyTorch's SGD would do it.
    let lr = args.number("lr");
    let steps = args.steps("steps");
    let mut gd = GradientDescent::new(lr);
    let run = train(
        format!("η={}", num(lr)),
        model,
        &mut gd,
        array![0.0, 0.0],
        &Budget::steps(steps),
    );
    // ANCHOR_END: updates

    tables::updates(report, &run, model, lr);
    report.history("houses", std::slice::from_ref(&run));
    let fits = figures::fit_lines(houses, model, &run, &[0, 1, 2, 5, 10, steps]);
    report.figure("fits", fits.render((600, 420)));
}

/// Section `gradcheck`: the analytic gradient against central differences.
fn gradcheck(report: &mut Report, args: &Args, model: &LinearRegression) {
    // ANCHOR: gradcheck
    // Check: the analytic gradient against central differences, at the start and at
    // random points (seeded, so the table is the same on every machine).
    let mut rng = data::rng(args.seed("seed"));
    let mut points = vec![array![0.0, 0.0], array![27.0, 10.0]];
    for _ in 0..2 {
        points.push(array![
            300.0 * data::standard_normal(&mut rng),
            300.0 * data::standard_normal(&mut rng)
        ]);
    }
    // ANCHOR_END: gradcheck

    tables::gradcheck(report, model, &points);
}

/// Section `notes`: the five-point example of many tutorials, against the exact fit.
fn notes(report: &mut Report) {
    // ANCHOR: notes
    // A common tutorial example: five points, η = 0.01, 1000 epochs from zero.
    let points5 = Dataset {
        x: array![[1.0], [2.0], [3.0], [4.0], [5.0]],
        y: array![2.0, 4.0, 5.0, 4.0, 5.0],
        feature_names: vec!["x".into()],
    };
    let small = LinearRegression::new(points5);
    let mut gd = GradientDescent::new(0.01);
    let tutorial_run = train(
        "η=0.01",
        &small,
        &mut gd,
        array![0.0, 0.0],
        &Budget::steps(1000),
    );
    let exact = small
        .least_squares()
        .expect("the five x values are distinct");
    // ANCHOR_END: notes

    tables::notes(report, &tutorial_run, &small, &exact);
    report.history("notes", std::slice::from_ref(&tutorial_run));
}
