//! Chapter 3, "Too high, too low": the source notes' house-price experiment reproduced,
//! the stability threshold 2/λ_max computed from the loss's Hessian, and a sweep of the
//! learning rate across it.
//!
//!     cargo run --example too_high
//!     cargo run --example too_high -- --lr 0.05,0.129,0.131 --steps 200

use ndarray::array;
use stepsize::analysis::stability;
use stepsize::math;
use stepsize::optim::GradientDescent;
use stepsize::output::flags::{Args, Kind, Opt};
use stepsize::output::plot::{self, Chart, Legend, Series, Style};
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::Problem;
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::train::{Budget, Run, gradient_descent_runs, lr_column, train};

const OPTIONS: &[Opt] = &[
    Opt::new(
        "lr",
        Kind::LrList,
        "0.0001,0.01,0.1",
        "learning rates of the house-price runs",
    ),
    Opt::new(
        "steps",
        Kind::Steps,
        "50",
        "full-batch epochs (updates) per run",
    ),
    Opt::new(
        "sweep-steps",
        Kind::Steps,
        "200",
        "updates per run in the sweep across the threshold (42 runs)",
    )
    .at_most(20_000),
];

fn main() {
    let args = Args::parse(
        "too_high",
        "the source notes' house-price experiment, the threshold 2/λ_max, and a sweep across it",
        OPTIONS,
    );
    let mut report = Report::new(&args);

    // ANCHOR: experiment
    // Set-up: the house-price data, mean squared error, and for each learning rate a
    // fresh model starting from w = b = 0, trained with full-batch gradient descent.
    let model = LinearRegression::new(data::house_prices());
    let start = array![0.0, 0.0];
    let budget = Budget::steps(args.steps("steps"));
    let runs = gradient_descent_runs(&model, &args.lrs("lr"), &start, &budget);
    // ANCHOR_END: experiment

    report.section(&format!(
        "The source notes' experiment: {} from w = b = 0",
        plural(budget.steps, "epoch")
    ));
    let mut table = Table::new(&[
        "η",
        "loss at 0",
        "at 10",
        "at 25",
        "at end",
        "w",
        "b",
        "outcome",
    ]);
    for (run, eta) in runs.iter().zip(lr_column(&runs)) {
        let at = |k: usize| run.history.get(k).map_or("-".into(), |r| num(r.loss));
        let last = run.last().expect("w = b = 0 is a finite start");
        table.row([
            eta,
            at(0),
            at(10),
            at(25),
            num(last.loss),
            num(last.params[0]),
            num(last.params[1]),
            run.summary(),
        ]);
    }
    report.table(&table);
    let best = model.least_squares().expect("the sizes are distinct");
    let bound = budget.divergence.bound(model.loss(start.view()));
    report.line(format!(
        "(the best possible loss is {}, at w = {}, b = {}; a run counts as diverged above {}, 1000 times the starting loss)",
        num(model.loss(best.view())),
        num(best[0]),
        num(best[1]),
        num(bound)
    ));
    report.history("notes", &runs);
    let mut chart = plot::loss_curves("The source notes' experiment: loss per epoch", &runs)
        .legend(Legend::MiddleRight);
    chart.x_label = "epoch (one full-batch update each)".into();
    report.figure("notes_experiment", chart.render((800, 480)));

    // ANCHOR: threshold
    // Theory: the loss is quadratic, so its Hessian H is constant; gradient descent is
    // stable exactly when η < 2/λ_max, and the slowest direction shrinks by 1 − ηλ_min.
    let h = model.hessian();
    let eig = stability::symmetric_eigenvalues(&h);
    let (lambda_min, lambda_max) = (eig[0], eig[eig.len() - 1]);
    let threshold = stability::max_stable_lr(lambda_max);
    let (best_lr, best_rate) = stability::best_fixed_lr(lambda_min, lambda_max);
    // ANCHOR_END: threshold

    report.section("The stability threshold from the Hessian");
    report.line(format!(
        "H = (2/n) [[Σx², Σx], [Σx, n]] = [[{}, {}], [{}, {}]]",
        num(h[[0, 0]]),
        num(h[[0, 1]]),
        num(h[[1, 0]]),
        num(h[[1, 1]])
    ));
    report.line(format!(
        "eigenvalues: λ_min = {}, λ_max = {}",
        num(lambda_min),
        num(lambda_max)
    ));
    report.line(format!(
        "condition number κ = λ_max/λ_min = {}",
        num(lambda_max / lambda_min)
    ));
    // For these five houses det H = 2, so λ_min happens to equal 2/λ_max: print it, so
    // nobody mistakes the coincidence for a law.
    report.line(format!(
        "det H = λ_min·λ_max = {}",
        num(lambda_min * lambda_max)
    ));
    report.line(format!("largest stable η = 2/λ_max = {}", num(threshold)));
    report.line(format!(
        "long-run best fixed η = 2/(λ_min + λ_max) = {}, both factors of size (κ-1)/(κ+1) = {}",
        num(best_lr),
        num(best_rate)
    ));
    let mut table = Table::new(&["η", "η/threshold", "1 - η·λ_max", "1 - η·λ_min"]);
    for (run, eta) in runs.iter().zip(lr_column(&runs)) {
        let lr = run.history[0].lr;
        table.row([
            eta,
            num(lr / threshold),
            sig(stability::contraction(lr, lambda_max), 6),
            sig(stability::contraction(lr, lambda_min), 6),
        ]);
    }
    report.table(&table);

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
                &model,
                &mut gd,
                start.clone(),
                &sweep_budget,
            )
        })
        .collect();
    // ANCHOR_END: edge

    report.section("Either side of the threshold");
    let mut table = Table::new(&[
        "η",
        "η/threshold",
        "1 - η·λ_max",
        "w at 1",
        "w at 2",
        "loss at end",
        "outcome",
    ]);
    for run in &edge {
        let lr = run.history[0].lr;
        let w = |k: usize| run.history.get(k).map_or("-".into(), |r| num(r.params[0]));
        table.row([
            num(lr),
            num(lr / threshold),
            num(stability::contraction(lr, lambda_max)),
            w(1),
            w(2),
            num(run.final_loss()),
            run.summary(),
        ]);
    }
    report.table(&table);
    report.history("edge", &edge);
    // The zig-zag of w for the two runs closest to the threshold: one band narrows, one widens.
    let mut w_chart = Chart::new(
        "w against step, just below and just above",
        "step",
        "w (w* = 200)",
    )
    .legend(Legend::UpperLeft)
    .x_range(0.0, 100.0)
    .y_range(-300.0, 1100.0);
    // The widening band first, so the narrowing one stays visible on top of it.
    for (i, run) in edge
        .iter()
        .enumerate()
        .filter(|(i, _)| [1, 2].contains(i))
        .rev()
    {
        let points = run
            .history
            .iter()
            .map(|r| (r.step as f64, r.params[0]))
            .collect();
        w_chart =
            w_chart.series(Series::new(points, plot::color(i), Style::Line).label(&run.label));
    }
    // Headroom above the divergence bound keeps the legend clear of the curves.
    let loss_chart = plot::loss_curves("loss (log scale)", &edge).y_range(0.1, 1e14);
    report.figure(
        "edge",
        plot::grid(
            "Gradient descent either side of 2/λ_max",
            &[w_chart, loss_chart],
            2,
            (460, 380),
        ),
    );

    // For the book's slider: the house-price run at each rate of a log grid that crosses
    // the threshold, the loss and w drawn on fixed axes so the pictures compare.
    let slider: Vec<f64> = (0..=10)
        .map(|i| math::powf(10.0, -3.0 + 0.23 * i as f64))
        .collect();
    let slider_runs = gradient_descent_runs(&model, &slider, &start, &sweep_budget);
    for (i, run) in slider_runs.iter().enumerate() {
        let loss = plot::loss_curves(&run.summary(), std::slice::from_ref(run))
            .legend(Legend::None)
            .x_range(0.0, sweep_budget.steps as f64)
            .y_range(1e-3, 1e9);
        let points = run
            .history
            .iter()
            .map(|r| (r.step as f64, r.params[0]))
            .collect();
        let w = Chart::new("w against step (w* = 200)", "step", "w")
            .x_range(0.0, sweep_budget.steps as f64)
            .y_range(-300.0, 700.0)
            .legend(Legend::None)
            .series(Series::new(points, plot::color(0), Style::Line));
        let title = format!(
            "House prices at {} ({} of 2/λ_max)",
            run.label,
            num(run.history[0].lr / threshold)
        );
        report.figure(
            &format!("slider_{i:02}"),
            plot::grid(&title, &[loss, w], 2, (460, 360)),
        );
    }
    report.line(format!(
        "slider figures for η = {}",
        slider_runs
            .iter()
            .map(|r| r.label.trim_start_matches("η=").to_string())
            .collect::<Vec<_>>()
            .join(",")
    ));

    // ANCHOR: sweep
    // Experiment: a log-spaced sweep of η from 1e-4 to 1, plus the threshold itself.
    let mut lrs: Vec<f64> = (0..=40)
        .map(|i| math::powf(10.0, -4.0 + i as f64 / 10.0))
        .collect();
    lrs.push(threshold);
    lrs.sort_by(f64::total_cmp);
    let sweep = gradient_descent_runs(&model, &lrs, &start, &sweep_budget);
    // ANCHOR_END: sweep

    report.section(&format!(
        "Sweep: loss after {} updates against η",
        sweep_budget.steps
    ));
    let mut table = Table::new(&["η", "η/threshold", "loss at end", "outcome"]);
    // Every half decade, and every run within 30% of the threshold.
    for (run, eta) in sweep.iter().zip(lr_column(&sweep)) {
        let lr = run.history[0].lr;
        let on_grid = lrs_grid_index(lr).is_some_and(|k| k % 5 == 0);
        if !on_grid && (lr / threshold - 1.0).abs() > 0.3 {
            continue;
        }
        table.row([
            eta,
            num(lr / threshold),
            num(run.final_loss()),
            run.summary(),
        ]);
    }
    report.table(&table);
    report.history("sweep", &sweep);
    report.line(format!(
        "({} of {} runs shown; every run is in --csv and the figure)",
        table.len(),
        sweep.len()
    ));
    report.figure(
        "sweep",
        plot::sweep_chart(
            &format!(
                "Loss after {} updates against η (house prices)",
                sweep_budget.steps
            ),
            &sweep,
            threshold,
            "2/λ_max",
        )
        .render((800, 500)),
    );

    report.finish();
}

/// The index k of η = 10^(−4 + k/10) on the sweep's grid, if η lies on it.
fn lrs_grid_index(lr: f64) -> Option<i64> {
    let k = (math::log10(lr) + 4.0) * 10.0;
    ((k - k.round()).abs() < 1e-9).then_some(k.round() as i64)
}

/// "1 epoch", "50 epochs".
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
