//! Chapter 2, "The update rule": gradient descent on the house-price data, one update at a
//! time, with the gradient checked against finite differences.
//!
//!     cargo run --example update_rule
//!     cargo run --example update_rule -- --lr 0.05 --steps 100

mod figures;
mod tables;

use ndarray::array;
use stepsize::analysis::gradcheck::{central_differences, relative_error};
use stepsize::optim::GradientDescent;
use stepsize::output::flags::{Args, Kind, Opt};
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::Problem;
use stepsize::problems::data::{self, Dataset};
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::train::{Budget, train};

const OPTIONS: &[Opt] = &[
    Opt::new(
        "lr",
        Kind::Lr,
        "0.01",
        "learning rate for the house-price run",
    ),
    Opt::new("steps", Kind::Steps, "50", "updates in the house-price run"),
    Opt::new(
        "seed",
        Kind::Seed,
        "7",
        "seed for the random points of the gradient check",
    ),
];

fn main() {
    let args = Args::parse(
        "update_rule",
        "gradient descent on the house-price data, step by step, with a gradient check",
        OPTIONS,
    );
    let mut report = Report::new(&args);

    // ANCHOR: data
    // Set-up: five houses, size in 1000 sq ft and price in $1000; the model is
    // price ≈ w · size + b, scored by the mean squared error.
    let houses = data::house_prices();
    let model = LinearRegression::new(houses.clone());
    // ANCHOR_END: data

    report.section("The house-price data");
    report.table(&tables::houses(&houses));

    // ANCHOR: updates
    // Experiment: gradient descent from w = b = 0, the way PyTorch's SGD would do it.
    let lr = args.number("lr");
    let steps = args.steps("steps");
    let mut gd = GradientDescent::new(lr);
    let run = train(
        format!("η={}", num(lr)),
        &model,
        &mut gd,
        array![0.0, 0.0],
        &Budget::steps(steps),
    );
    // ANCHOR_END: updates

    report.section(&format!(
        "Gradient descent from w = b = 0 with η = {}",
        num(lr)
    ));
    report.table(&tables::updates(&run, &model, lr));
    report.line(run.summary());
    let best = model.least_squares().expect("the sizes are distinct");
    report.line(format!(
        "the exact least-squares fit: w = {}, b = {}, loss {}",
        num(best[0]),
        num(best[1]),
        num(model.loss(best.view()))
    ));
    report.history("houses", std::slice::from_ref(&run));

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
    for p in &points {
        let exact = model.gradient(p.view());
        let numeric = central_differences(&model, p.view(), 1e-4);
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

    report.section("The five-point tutorial example after 1000 epochs");
    report.table(&tables::notes(&tutorial_run, &small, &exact));
    report.history("notes", std::slice::from_ref(&tutorial_run));

    let fits = figures::fit_lines(&houses, &model, &run, &[0, 1, 2, 5, 10, steps]);
    report.figure("fits", fits.render((800, 500)));
    report.finish();
}
