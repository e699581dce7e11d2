//! Chapter "Scaling the learning rate": how the best η moves when the batch grows (the
//! gradient noise scale, SGD's noise scale ηN/B, Adam's square-root rule) and when the
//! network widens (standard parametrization against μP).
//!
//!     cargo run --example scaling
//!     cargo run --example scaling -- --section width --widths 64,128,256 --optimizer adam

mod figures;
mod options;
mod tables;

use ndarray::Array1;
use stepsize::analysis::noise_scale::{self, NoiseScale};
use stepsize::analysis::sweep;
use stepsize::math;
use stepsize::numfmt::num;
use stepsize::optim::per_param::PerParam;
use stepsize::optim::{Adam, GradientDescent, Optimizer};
use stepsize::output::flags::Args;
use stepsize::output::report::Report;
use stepsize::problems::Problem;
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::minibatch::{MiniBatch, Sampling};
use stepsize::problems::mlp::Mlp;
use stepsize::problems::moons;
use stepsize::problems::mup::{self, Parametrization, Rule};
use stepsize::train::{Budget, Run, train};

use options::Choices;

/// Examples in the regression data set (that of "Batch size and normalization").
pub const N: usize = 1024;
/// Steps of every run in section critical: a short horizon, close to the one step that
/// McCandlish et al.'s model describes (the noise scale still grows along it; the section
/// prints how much).
pub const CRITICAL_STEPS: usize = 4;
/// Passes over the data in sections temperature and adam.
pub const EPOCHS: usize = 2;
/// Points of the curve, and full-batch steps of each run, in section width.
pub const POINTS: usize = 64;
pub const WIDTH_STEPS: usize = 50;
/// Section width refines its factor-2 grid into steps of 2^(1/WIDTH_REFINE).
pub const WIDTH_REFINE: u32 = 4;
/// The base width of μP: at this width μP and the standard parametrization coincide.
pub const BASE_WIDTH: usize = 64;

/// Rates per sweep: six a decade over three and a half decades.
pub const GRID_POINTS: usize = 22;

/// The rates a sweep tries (unless --lr gives them): 10^from to 10^(from + 3.5).
fn grid(from: f64) -> Vec<f64> {
    (0..GRID_POINTS)
        .map(|i| math::powf(10.0, from + i as f64 / 6.0))
        .collect()
}

/// A sweep's best rate and its loss, if any rate finished: (η, loss).
pub type Best = Option<(f64, f64)>;
/// One optimizer's best rate for each batch size.
pub type BySize = Vec<(usize, Best)>;
/// One width's sweep under one parametrization: (name, width, [(η, final loss if finite)]).
pub type Curve<'a> = (&'a str, usize, Vec<(f64, Option<f64>)>);

fn main() {
    let args = Args::parse(
        "scaling",
        "the best η against the batch size (noise scale, SGD's ηN/B, Adam's √B) and the width (μP)",
        options::OPTIONS,
    );
    let choices = options::choices(&args);
    let seed = args.seed("seed");
    let mut report = Report::new(&args);
    for section in choices.sections.clone() {
        match section {
            "noise" => noise(&mut report, seed),
            "critical" => critical(&mut report, &choices, seed),
            "temperature" => temperature(&mut report, &choices, seed),
            "adam" => adam(&mut report, &choices, seed),
            "width" => width(&mut report, &choices, seed),
            other => unreachable!("options.rs lists no section {other}"),
        }
    }
    report.finish();
}

// ANCHOR: problems
/// The noisy least squares of "Batch size and normalization": 1024 examples, 4
/// standard-normal features, noise σ = 1.
fn regression(seed: u64) -> LinearRegression {
    LinearRegression::new(data::synthetic_regression(
        N,
        &[2.0, -1.0, 0.5, 1.5],
        0.3,
        1.0,
        seed,
    ))
}

/// The small classifier: 256 points of two moons (noise 0.2), one tanh layer of 16 units.
fn classifier(seed: u64) -> Mlp {
    Mlp::new(moons::two_moons(256, 0.2, seed), 16)
}

/// The regression network of "At the edge of stability": one tanh layer of `width` units
/// fitting 64 points of y = sin(2x) + 0.3x², scored by half the mean squared error.
fn curve_fit(width: usize) -> Mlp {
    Mlp::regression(data::wavy_curve(POINTS), width)
}
// ANCHOR_END: problems

/// The regression's loss at its minimum, to report excess losses.
fn floor(model: &LinearRegression) -> f64 {
    let best = model
        .least_squares()
        .expect("random features are not collinear");
    model.loss(best.view())
}

fn noise(report: &mut Report, seed: u64) {
    // ANCHOR: noise
    // B_noise = tr Σ / ‖G‖², two ways: from every example's gradient, and from 2000
    // batches of 4 and 2000 of 256 (64 for the network, whose gradients cost more)
    // (McCandlish et al.'s appendix A), at the start and along full-batch gradient
    // descent, on the regression and on the network.
    let model = regression(seed);
    let net = classifier(seed);
    let both = |at: &Array1<f64>, of: &dyn Fn(&Array1<f64>) -> (NoiseScale, NoiseScale)| of(at);
    let on_model = |at: &Array1<f64>| {
        (
            noise_scale::from_examples(&model, at.view()),
            noise_scale::from_two_batch_sizes(&model, at.view(), (4, 256), 2000, 1),
        )
    };
    let on_net = |at: &Array1<f64>| {
        (
            noise_scale::from_examples(&net, at.view()),
            noise_scale::from_two_batch_sizes(&net, at.view(), (4, 64), 2000, 1),
        )
    };
    let model_path = train(
        "regression, full batch",
        &model,
        &mut GradientDescent::new(0.05),
        Array1::zeros(model.dim()),
        &Budget::steps(40),
    );
    let net_path = train(
        "network, full batch",
        &net,
        &mut GradientDescent::new(0.2),
        net.init(seed),
        &Budget::steps(40),
    );
    let l_star = floor(&model);
    let mut rows = Vec::new();
    for step in [0, 10, 20, 30, 40] {
        let r = &model_path.history[step];
        rows.push((
            "regression",
            step,
            r.loss - l_star,
            both(&r.params, &on_model),
        ));
    }
    for step in [0, 10, 20, 40] {
        let r = &net_path.history[step];
        rows.push(("network", step, r.loss, both(&r.params, &on_net)));
    }
    // ANCHOR_END: noise
    tables::noise(report, &rows);
    report.history("noise", &[model_path, net_path]);
}

/// The best rate of a sweep: the one with the lowest mean final loss over seeds, among
/// rates none of whose runs diverged. Also returns every (rate, mean final loss).
fn best_of(points: &[(f64, Option<f64>)]) -> Best {
    points
        .iter()
        .filter_map(|&(lr, loss)| loss.map(|l| (lr, l)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// The mean final loss of runs over `seeds` batch orders, or None if any diverged.
fn mean_final(runs: &[Run]) -> Option<f64> {
    if runs.iter().any(|r| r.outcome.diverged()) {
        return None;
    }
    Some(runs.iter().map(Run::final_loss).sum::<f64>() / runs.len() as f64)
}

fn critical(report: &mut Report, choices: &Choices, seed: u64) {
    // ANCHOR: critical
    // SGD from θ = 0 for a few steps with batches drawn with replacement: for each batch
    // size, the rate whose mean final loss over the seeds is lowest.
    let model = regression(seed);
    let sizes = choices.critical_sizes();
    let rates = choices.lrs.clone().unwrap_or(grid(-3.0));
    let mut all = Vec::new();
    let best: BySize = sizes
        .iter()
        .map(|&b| {
            let points: Vec<(f64, Option<f64>)> = rates
                .iter()
                .map(|&lr| {
                    let runs: Vec<Run> = (0..choices.seeds)
                        .map(|s| {
                            let batches =
                                MiniBatch::new(model.clone(), b, Sampling::WithReplacement, s);
                            train(
                                format!("B={b} η={} seed {s}", num(lr)),
                                &batches,
                                &mut GradientDescent::new(lr),
                                Array1::zeros(model.dim()),
                                &Budget::steps(CRITICAL_STEPS),
                            )
                        })
                        .collect();
                    let mean = mean_final(&runs);
                    all.extend(runs);
                    (lr, mean)
                })
                .collect();
            (b, best_of(&points))
        })
        .collect();
    // The prediction: B_noise at each step of full-batch descent at the largest batch's
    // best rate (it grows as the loss falls).
    let last_rate = best.last().and_then(|(_, b)| *b).map_or(0.1, |(lr, _)| lr);
    let path = train(
        "full batch",
        &model,
        &mut GradientDescent::new(last_rate),
        Array1::zeros(model.dim()),
        &Budget::steps(CRITICAL_STEPS),
    );
    let predicted: Vec<f64> = path
        .history
        .iter()
        .map(|r| noise_scale::from_examples(&model, r.params.view()).b_noise())
        .collect();
    // ANCHOR_END: critical
    tables::critical(report, &best, floor(&model), last_rate, &predicted);
    report.history("critical", &all);
    report.history("critical prediction", &[path]);
}

fn temperature(report: &mut Report, choices: &Choices, seed: u64) {
    // ANCHOR: temperature
    // Smith and Le's noise scale g = ηN/B: pairs (B, η) with the same g, trained for the
    // same number of epochs on shuffled batches.
    let model = regression(seed);
    let l_star = floor(&model);
    let mut all = Vec::new();
    let mut rows = Vec::new();
    for g in [0.5, 2.0] {
        for b in [1, 4, 16, 64, 256, 512] {
            let lr = g * b as f64 / N as f64;
            let runs: Vec<Run> = (0..choices.seeds)
                .map(|s| {
                    train(
                        format!("g={g} B={b} η={} seed {s}", num(lr)),
                        &MiniBatch::new(model.clone(), b, Sampling::Shuffled, s),
                        &mut GradientDescent::new(lr),
                        Array1::zeros(model.dim()),
                        &Budget::steps(EPOCHS * N / b),
                    )
                })
                .collect();
            // The same η and number of steps with the full gradient: what the runs would
            // reach with no noise at all.
            let exact = train(
                format!("g={g} B={b} η={} full batch", num(lr)),
                &model,
                &mut GradientDescent::new(lr),
                Array1::zeros(model.dim()),
                &Budget::steps(EPOCHS * N / b),
            );
            let noiseless = (!exact.outcome.diverged()).then(|| exact.final_loss() - l_star);
            rows.push((g, b, lr, mean_final(&runs).map(|l| l - l_star), noiseless));
            all.extend(runs);
            all.push(exact);
        }
    }
    // ANCHOR_END: temperature
    tables::temperature(report, &rows);
    report.history("temperature", &all);
}

fn adam(report: &mut Report, choices: &Choices, seed: u64) {
    // ANCHOR: adam
    // The best rate for each batch size at a fixed number of epochs, for SGD and for Adam
    // (PyTorch's defaults: β = (0.9, 0.999), ε = 1e-8), shuffled batches.
    let model = regression(seed);
    let l_star = floor(&model);
    let sizes = choices.adam_sizes();
    // Each optimizer's sweep keeps its runs for the CSV; the two sweeps run side by side.
    let sweep = |optimizer: &str| -> (BySize, Vec<Run>) {
        let mut all = Vec::new();
        let rates = choices.lrs.clone().unwrap_or(match optimizer {
            "adam" => grid(-4.0),
            _ => grid(-3.0),
        });
        let by_size = sizes
            .iter()
            .map(|&b| {
                let points: Vec<(f64, Option<f64>)> = rates
                    .iter()
                    .map(|&lr| {
                        let runs: Vec<Run> = (0..choices.seeds)
                            .map(|s| {
                                let mut opt: Box<dyn Optimizer> = match optimizer {
                                    "adam" => Box::new(Adam::new(lr)),
                                    _ => Box::new(GradientDescent::new(lr)),
                                };
                                train(
                                    format!("{optimizer} B={b} η={} seed {s}", num(lr)),
                                    &MiniBatch::new(model.clone(), b, Sampling::Shuffled, s),
                                    opt.as_mut(),
                                    Array1::zeros(model.dim()),
                                    &Budget::steps(EPOCHS * N.div_ceil(b)),
                                )
                            })
                            .collect();
                        let mean = mean_final(&runs).map(|l| l - l_star);
                        all.extend(runs);
                        (lr, mean)
                    })
                    .collect();
                (b, best_of(&points))
            })
            .collect();
        (by_size, all)
    };
    let optimizers: Vec<&str> = match &choices.optimizer {
        Some(one) => vec![one.as_str()],
        None => vec!["sgd", "adam"],
    };
    let swept = sweep::in_parallel(&optimizers, |&o| sweep(o));
    let mut results: Vec<(&str, BySize)> = Vec::new();
    let mut all: Vec<Run> = Vec::new();
    for (&o, (by_size, runs)) in optimizers.iter().zip(swept) {
        results.push((o, by_size));
        all.extend(runs);
    }
    // ANCHOR_END: adam
    tables::adam(report, &results);
    report.history("adam", &all);
    report.figure("batch", figures::batch(&results));
}

/// One run of the network at width `k` under `param`, full batch, with per-layer rates.
fn network_run(net: &Mlp, param: Parametrization, rule: Rule, lr: f64, seed: u64) -> Run {
    // ANCHOR: mup_run
    let start = mup::init(net, param, seed);
    let multipliers = mup::lr_multipliers(net, param, rule);
    let mut opt: Box<dyn Optimizer> = match rule {
        Rule::Sgd => Box::new(PerParam::new(GradientDescent::new(1.0), lr, multipliers)),
        Rule::Adam => Box::new(PerParam::new(Adam::new(1.0), lr, multipliers)),
    };
    train(
        format!("width {} η={}", net.hidden, num(lr)),
        net,
        opt.as_mut(),
        start,
        &Budget::steps(WIDTH_STEPS),
    )
    // ANCHOR_END: mup_run
}

fn width(report: &mut Report, choices: &Choices, seed: u64) {
    // ANCHOR: width
    // The same network at several widths, under the standard parametrization and under
    // μP: the final training loss against η for each width.
    let rule = match choices.optimizer.as_deref() {
        Some("adam") => Rule::Adam,
        _ => Rule::Sgd,
    };
    let rates = choices.lrs.clone().unwrap_or_else(|| match rule {
        Rule::Sgd => (0..12).map(|i| math::powf(2.0, i as f64 - 8.0)).collect(),
        Rule::Adam => (0..12).map(|i| math::powf(2.0, i as f64 - 11.0)).collect(),
    });
    let params: Vec<(&str, Parametrization)> = [
        ("standard", Parametrization::Standard),
        ("mup", Parametrization::Mup { base: BASE_WIDTH }),
    ]
    .into_iter()
    .filter(|(name, _)| choices.param.as_deref().is_none_or(|p| p == *name))
    .collect();
    // One sweep per (parametrization, width): each trains its own networks, so they run
    // side by side (the widest dominate the time), and the report reads them in order.
    let sweep_at = |param: Parametrization, k: usize| {
        let net = curve_fit(k);
        let mut runs = Vec::new();
        let mut run_at = |lr: f64| {
            let run = network_run(&net, param, rule, lr, seed);
            let point = (lr, (!run.outcome.diverged()).then(|| run.final_loss()));
            runs.push((lr, run));
            point
        };
        let mut points: Vec<(f64, Option<f64>)> = rates.iter().map(|&lr| run_at(lr)).collect();
        // On the factor-2 grid the best rate is often the largest stable one: refine by
        // factors of 2^(1/4) above the best and above the largest stable rate.
        if choices.lrs.is_none() {
            let finer = sweep::refinement(&points, 2.0, WIDTH_REFINE);
            points.extend(finer.into_iter().map(&mut run_at));
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        (runs, points)
    };
    let jobs: Vec<(&str, Parametrization, usize)> = params
        .iter()
        .flat_map(|&(name, param)| choices.widths.iter().map(move |&k| (name, param, k)))
        .collect();
    let swept = sweep::in_parallel(&jobs, |&(_, param, k)| sweep_at(param, k));
    let mut curves: Vec<Curve> = Vec::new();
    for (&(name, _, k), (runs, points)) in jobs.iter().zip(swept) {
        for (lr, run) in &runs {
            let losses: Vec<f64> = run.history.iter().map(|r| r.loss).collect();
            let label = format!("width {name} {}", run.label);
            report.curve(&label, &vec![*lr; losses.len()], &losses, &run.summary());
        }
        curves.push((name, k, points));
    }
    // ANCHOR_END: width
    tables::width(report, &curves, rule);
    report.figure("width", figures::width(&curves, rule));
}
