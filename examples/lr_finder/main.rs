//! Chapter "Finding a learning rate": grid and random search, the learning-rate range test
//! with fastai's suggestions, the rate that trains fastest against the one that generalizes
//! best, and gradient clipping.
//!
//!     cargo run --example lr_finder
//!     cargo run --example lr_finder -- --start-lr 1e-5 --end-lr 1 --steps 500
//!     cargo run --example lr_finder -- --section range

mod figures;
mod options;
mod tables;

use tables::Scored;

use ndarray::{Array1, array};
use rand::RngExt;
use stepsize::analysis::range_test::RangeTest;
use stepsize::math;
use stepsize::optim::clip::{Clip, Clipped};
use stepsize::optim::{GradientDescent, Sgd};
use stepsize::output::flags::Args;
use stepsize::output::report::Report;
use stepsize::problems::data::{self, Dataset};
use stepsize::problems::mlp::Mlp;
use stepsize::problems::quadratic::Quadratic;
use stepsize::problems::rosenbrock::Rosenbrock;
use stepsize::train::{Budget, Run, gradient_descent_runs, train};

fn main() {
    let args = Args::parse(
        "lr_finder",
        "grid and random search, the range test and its suggestions, generalization, clipping",
        options::OPTIONS,
    );
    let sections = options::sections(&args);
    let (start_lr, end_lr) = options::lr_range(&args);
    let mut report = Report::new(&args);
    let seed = args.seed("seed");

    // ANCHOR: setup
    // A problem that can overfit: 12 noisy points of y = sin(2x) on [−2, 2] to train on,
    // 200 more to validate on, and a network of 32 tanh units (97 parameters).
    let (train_set, val_set) = (
        data::noisy_sine(12, seed),
        data::noisy_sine(200, seed.wrapping_add(1)),
    );
    let net = Mlp::regression(train_set, 32);
    let init = net.init(seed);
    let budget = Budget::steps(args.steps("steps"));
    let validate = |run: &Run| net.loss_on(run.final_params().view(), &val_set);
    // ANCHOR_END: setup

    let setup = Setup {
        net: &net,
        init: &init,
        budget: &budget,
        validate: &validate,
    };
    // Section range compares its suggestions with the grid's best rate.
    let mut grid_best = None;
    for section in sections {
        match section {
            "grid" => grid_best = Some(grid(&mut report, &setup, &val_set)),
            "random" => random(&mut report, &setup, seed),
            "search2d" => search2d(&mut report, seed),
            "range" => {
                let grid_best = grid_best.unwrap_or_else(|| {
                    // Printed without section grid: the grid's best run, which the range
                    // test's table lists, goes in the CSV here.
                    let runs = grid_runs(&setup);
                    let best = tables::scored(&runs, &validate).1;
                    let best_run: Vec<Run> =
                        runs.into_iter().filter(|r| r.lr() == best.0).collect();
                    report.history("grid", &best_run);
                    best
                });
                range(&mut report, &setup, (start_lr, end_lr), grid_best);
            }
            "clipping" => clipping(&mut report),
            other => unreachable!("options.rs lists no section {other}"),
        }
    }
    report.finish();
}

/// What the sections on the network share: the network, its initial weights, the budget
/// of every run, and the validation loss of a run.
struct Setup<'a> {
    net: &'a Mlp,
    init: &'a Array1<f64>,
    budget: &'a Budget,
    validate: &'a dyn Fn(&Run) -> f64,
}

/// The grid search's runs.
fn grid_runs(setup: &Setup) -> Vec<Run> {
    let Setup {
        net, init, budget, ..
    } = *setup;
    // ANCHOR: grid
    // Grid search on a log scale: 7 rates from 0.001 to 1, two per decade, which include
    // the tutorial grid 0.001, 0.01, 0.1, 1.
    let grid: Vec<f64> = (0..=6)
        .map(|i| math::powf(10.0, -3.0 + i as f64 / 2.0))
        .collect();
    let grid_runs = gradient_descent_runs(net, &grid, init, budget);
    // ANCHOR_END: grid
    grid_runs
}

/// Section grid: returns the rate with the lowest validation loss, and its losses.
fn grid(report: &mut Report, setup: &Setup, val_set: &Dataset) -> tables::Scored {
    let grid_runs = grid_runs(setup);
    let (scored, grid_best) = tables::scored(&grid_runs, &setup.validate);
    tables::grid(
        report,
        setup.net,
        val_set,
        setup.budget,
        &grid_runs,
        &scored,
    );
    report.history("grid", &grid_runs);
    report.figure("grid", figures::generalization(&scored));
    grid_best
}

/// Section random: random search over the same range.
fn random(report: &mut Report, setup: &Setup, seed: u64) {
    let Setup {
        net,
        init,
        budget,
        validate,
    } = *setup;
    // ANCHOR: random
    // Random search: 4 rates drawn log-uniformly from the same range.
    let mut rng = data::rng(seed.wrapping_add(2));
    let random: Vec<f64> = (0..4)
        .map(|_| math::powf(10.0, rng.random_range(-3.0..0.0)))
        .collect();
    let random_runs = gradient_descent_runs(net, &random, init, budget);
    // ANCHOR_END: random

    tables::random(report, &random_runs, &validate);
    report.history("random", &random_runs);
}

/// Section search2d: grid against random search, on one hyperparameter and on two.
fn search2d(report: &mut Report, seed: u64) {
    // ANCHOR: two_hyperparameters
    // Grid against random search with the same budget of 9 runs, on a problem cheap
    // enough to repeat it 100 times: SGD with momentum on the bowl 0.1·x1² + 2·x2², 50
    // steps from (-5, -2), scored by the loss at the end (a diverged run scores ∞).
    // η ranges over [0.001, 1] on a log scale, β over [0, 0.99].
    //   η only (β = 0): 9 grid rates against 9 log-uniform draws;
    //   η and β: a 3 × 3 grid against 9 draws of both.
    // Where a grid's points fall is luck too, so each repetition shifts the whole grid by a
    // random fraction of its spacing; random search draws afresh.
    let bowl = Quadratic::d2l();
    let score = |lr: f64, beta: f64| {
        let mut sgd = Sgd::new(lr).momentum(beta);
        let run = train("", &bowl, &mut sgd, array![-5.0, -2.0], &Budget::steps(50));
        if run.outcome.diverged() {
            f64::INFINITY
        } else {
            run.final_loss()
        }
    };
    let best = |points: Vec<(f64, f64)>| {
        points
            .into_iter()
            .map(|(lr, beta)| score(lr, beta))
            .fold(f64::INFINITY, f64::min)
    };
    // u in [0, 1) to a rate and a momentum.
    let eta = |u: f64| math::powf(10.0, -3.0 + 3.0 * u);
    let beta = |u: f64| 0.99 * u;
    let (mut eta_only, mut both) = (Vec::new(), Vec::new());
    for repetition in 0..100 {
        let mut rng = data::rng(seed.wrapping_add(100 + repetition));
        let (shift_1, shift_2): (f64, f64) = (rng.random(), rng.random());
        let grid_1 = (0..9).map(|i| (eta((i as f64 + shift_1) / 9.0), 0.0));
        let grid_2 = (0..9).map(|k| {
            let (i, j) = ((k / 3) as f64, (k % 3) as f64);
            (eta((i + shift_1) / 3.0), beta((j + shift_2) / 3.0))
        });
        let random_1 = (0..9).map(|_| (eta(rng.random()), 0.0)).collect();
        let random_2 = (0..9)
            .map(|_| (eta(rng.random()), beta(rng.random())))
            .collect();
        eta_only.push((best(grid_1.collect()), best(random_1)));
        both.push((best(grid_2.collect()), best(random_2)));
    }
    let searches = [("η only (β = 0)", eta_only), ("η and β", both)];
    // ANCHOR_END: two_hyperparameters

    tables::two_hyperparameters(report, &searches);
}

/// Section range: the range test, its suggestions and a full run at each.
fn range(report: &mut Report, setup: &Setup, (start_lr, end_lr): (f64, f64), grid_best: Scored) {
    let Setup {
        net,
        init,
        budget,
        validate,
    } = *setup;
    // ANCHOR: range
    // The learning-rate range test: one short run whose rate grows exponentially from
    // --start-lr to --end-lr, stopped when the smoothed loss passes 4 times its best.
    let finder = RangeTest {
        start_lr,
        end_lr,
        ..RangeTest::default()
    };
    let result = finder.run(net, &mut GradientDescent::new(start_lr), init.clone());
    let suggestions = finder.suggest(&result);
    // ANCHOR_END: range

    tables::range_test(report, &finder, &result);
    let ending = tables::range_test_ending(&result);
    report.curve("range test loss", &result.lrs, &result.losses, &ending);
    report.curve(
        "range test smoothed loss",
        &result.lrs,
        &result.smoothed,
        &ending,
    );
    let picks = tables::picks(&suggestions);
    let suggestion_runs =
        tables::suggestions(report, &picks, net, init, budget, &validate, grid_best);
    report.history("suggestion", &suggestion_runs);
    report.figure("range_test", figures::range_test(&result, &picks));
}

/// Section clipping: gradient clipping in Rosenbrock's valley.
fn clipping(report: &mut Report) {
    // ANCHOR: clipping
    // Gradient clipping: plain gradient descent in Rosenbrock's valley at a rate that
    // diverges, then the same rate with the gradient's norm clipped to 10.
    let valley = Rosenbrock::default();
    let lr = 0.01;
    let start = array![-1.5, 2.0];
    let clip_budget = Budget::steps(2000);
    let plain = train(
        "no clipping",
        &valley,
        &mut GradientDescent::new(lr),
        start.clone(),
        &clip_budget,
    );
    let mut clipped = Clipped::new(Box::new(GradientDescent::new(lr)), Clip::Norm(10.0));
    let with_norm = train(
        "clip norm 10",
        &valley,
        &mut clipped,
        start.clone(),
        &clip_budget,
    );
    let mut by_value = Clipped::new(Box::new(GradientDescent::new(lr)), Clip::Value(5.0));
    let with_value = train(
        "clip value 5",
        &valley,
        &mut by_value,
        start.clone(),
        &clip_budget,
    );
    // ANCHOR_END: clipping

    let runs = [plain, with_norm, with_value];
    let clipped_steps = [0, clipped.clipped_steps, by_value.clipped_steps];
    tables::clipping(report, lr, &clip_budget, &runs, &clipped_steps);
    report.history("clipping", &runs);
    report.figure("clipping", figures::clipping(&runs, lr));
}
