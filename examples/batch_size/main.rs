//! Chapter "Batch size and normalization" (batch-size half): gradient noise against the
//! batch size, training at equal epochs and equal steps, and the best and largest stable
//! learning rate for each batch size.
//!
//!     cargo run --example batch_size
//!     cargo run --example batch_size -- --batch-size 2,32 --lr 0.02 --epochs 4
//!     cargo run --example batch_size -- --section sweep

mod figures;
mod options;
mod tables;

use std::cell::RefCell;

use ndarray::Array1;
use stepsize::analysis::stability;
use stepsize::math;
use stepsize::numfmt::num;
use stepsize::optim::GradientDescent;
use stepsize::output::flags::Args;
use stepsize::output::report::Report;
use stepsize::problems::Problem;
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::minibatch::{MiniBatch, Sampling, gradient_noise};
use stepsize::train::{Budget, Run, train};

/// Examples in the data set: batch sizes run from 1 to this.
const N: usize = 1024;

fn main() {
    let args = Args::parse(
        "batch_size",
        "gradient noise, training curves and the best and largest stable η against the batch size",
        options::OPTIONS,
    );
    let sections = options::sections(&args);
    let curve_sizes = options::curve_sizes(&args);
    let mut report = Report::new(&args);
    let epochs = args.steps("epochs");

    // ANCHOR: data
    // Noisy least squares: 1024 examples, 4 standard-normal features, noise σ = 1.
    let model = LinearRegression::new(data::synthetic_regression(
        N,
        &[2.0, -1.0, 0.5, 1.5],
        0.3,
        1.0,
        args.seed("seed"),
    ));
    let best = model
        .least_squares()
        .expect("random features are not collinear");
    let l_star = model.loss(best.view());
    let eig = stability::symmetric_eigenvalues(&model.hessian());
    let full_batch_limit = stability::max_stable_lr(eig[eig.len() - 1]);
    // Every run starts at θ = 0.
    let start = Array1::zeros(model.dim());
    // ANCHOR_END: data

    let setup = Setup {
        model,
        l_star,
        eig,
        full_batch_limit,
        start,
        epochs,
    };
    for section in sections {
        match section {
            "variance" => variance(&mut report, &setup),
            "curves" => curves(&mut report, &setup, args.number("lr"), &curve_sizes),
            "sweep" => sweep(&mut report, &setup),
            other => unreachable!("options.rs lists no section {other}"),
        }
    }
    report.finish();
}

/// The data set and what every section reads of it.
struct Setup {
    model: LinearRegression,
    l_star: f64,
    eig: Vec<f64>,
    full_batch_limit: f64,
    start: Array1<f64>,
    epochs: usize,
}

/// Section variance: the noise of a batch gradient against the batch size.
fn variance(report: &mut Report, setup: &Setup) {
    let Setup { model, start, .. } = setup;
    // ANCHOR: variance
    // The noise of a batch gradient at the start θ = 0: how far, on average, a batch
    // gradient g_B lands from the full gradient g, for each batch size.
    let per_example = gradient_noise(model, start.view(), (0..N).map(|i| vec![i]));
    let draws = 2000;
    let spread = |b: usize, sampling: Sampling| {
        MiniBatch::new(model.clone(), b, sampling, 7).noise(start.view(), draws)
    };
    // ANCHOR_END: variance

    tables::noise(report, per_example, draws, spread);
}

/// Section curves: training curves at one η for a few batch sizes.
fn curves(report: &mut Report, setup: &Setup, lr: f64, curve_sizes: &[usize]) {
    let Setup {
        model,
        start,
        epochs,
        l_star,
        ..
    } = setup;
    // ANCHOR: curves
    // Training curves at one η for a few batch sizes, counted in epochs and in steps.
    let runs: Vec<Run> = curve_sizes
        .iter()
        .map(|&b| {
            let batches = MiniBatch::new(model.clone(), b, Sampling::Shuffled, 0);
            let mut sgd = GradientDescent::new(lr);
            train(
                format!("B={b}"),
                &batches,
                &mut sgd,
                start.clone(),
                &Budget::steps(epochs * N.div_ceil(b)),
            )
        })
        .collect();
    // ANCHOR_END: curves

    tables::curves(report, lr, *epochs, &runs, curve_sizes, *l_star);
    report.history("curves", &runs);
    report.figure("curves", figures::curves(&runs, curve_sizes, *l_star));
}

/// Section sweep: the best and the largest stable η for each batch size, and the noise
/// scale along a full-batch run.
fn sweep(report: &mut Report, setup: &Setup) {
    let Setup {
        model,
        start,
        epochs,
        l_star,
        eig,
        full_batch_limit,
    } = setup;
    let (epochs, l_star, full_batch_limit) = (*epochs, *l_star, *full_batch_limit);
    // ANCHOR: sweep
    // For each batch size: the best η after a fixed number of epochs (on a grid from 1e-4,
    // low enough that no batch size's best sits at its lower edge), and the largest η that
    // does not blow up within 300 steps.
    let sizes = [1, 4, 16, 64, 256, 1024];
    let grid: Vec<f64> = (0..=30)
        .map(|i| math::powf(10.0, -4.0 + i as f64 / 6.0))
        .collect();
    let fine: Vec<f64> = (0..=24)
        .map(|i| math::powf(10.0, -2.0 + i as f64 / 12.0))
        .collect();
    let swept = RefCell::new(Vec::new()); // every run, for --csv
    let run_at = |b: usize, lr: f64, steps: usize| {
        let batches = MiniBatch::new(model.clone(), b, Sampling::Shuffled, 0);
        let run = train(
            format!("B={b} η={} {steps} steps", num(lr)),
            &batches,
            &mut GradientDescent::new(lr),
            start.clone(),
            &Budget::steps(steps),
        );
        swept.borrow_mut().push(run.clone());
        run
    };
    let results: Vec<(usize, f64, f64, f64)> = sizes
        .iter()
        .map(|&b| {
            let (best_lr, best_loss) = grid
                .iter()
                .map(|&lr| (lr, run_at(b, lr, epochs * N / b)))
                .filter(|(_, run)| !run.outcome.diverged())
                .map(|(lr, run)| (lr, run.final_loss() - l_star))
                .min_by(|a, c| a.1.total_cmp(&c.1))
                .expect("the smallest rate never diverges");
            let largest_stable = fine
                .iter()
                .copied()
                .filter(|&lr| {
                    let run = run_at(b, lr, 300);
                    run.loss_fell()
                })
                .fold(0.0, f64::max);
            (b, best_lr, best_loss, largest_stable)
        })
        .collect();
    // ANCHOR_END: sweep

    tables::sweep(report, &results, epochs, full_batch_limit, eig, &grid);
    report.history("sweep", &swept.into_inner());

    // ANCHOR: noise_scale
    // McCandlish et al.'s simple noise scale, B_simple = σ²/|∇L|² with σ² = E‖g_i − g‖² the
    // spread of one example's gradient (tr Σ in their notation): their estimate of the critical batch size, along a
    // full-batch run at a tenth of the long-run best rate, so that the loss falls slowly.
    let rate = 0.1 * stability::best_fixed_lr(eig[0], eig[eig.len() - 1]).0;
    let path = train(
        "full batch",
        model,
        &mut GradientDescent::new(rate),
        Array1::zeros(model.dim()),
        &Budget::steps(50),
    );
    let noise_scale: Vec<(usize, f64, f64)> = [0, 10, 20, 30, 40, 50]
        .iter()
        .map(|&step| {
            let at = path.history[step].params.view();
            let g = model.gradient(at);
            let trace = gradient_noise(model, at, (0..N).map(|i| vec![i]));
            (step, model.loss(at) - l_star, trace / g.dot(&g))
        })
        .collect();
    // ANCHOR_END: noise_scale

    tables::noise_scale(report, &noise_scale, rate);
    report.history("noise scale", std::slice::from_ref(&path));
    report.figure("scaling", figures::scaling(&results, full_batch_limit));
}
