//! The printed sections of `schedules`: each public function prints one section (its
//! heading, tables and lines) and records its runs for `--csv`. Formatting only, every
//! number comes from `main.rs`, except in the noise-floor, decay and plateau sections,
//! which average or compare seeded SGD runs (`sgd`, at the end of this file) on the
//! problem `main.rs` sets up.

use ndarray::{Array1, Array2};
use stepsize::optim::GradientDescent;
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::Problem;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::minibatch::{MiniBatch, Sampling};
use stepsize::problems::valleys::Valleys;
use stepsize::schedule::{ClosedForm, Constant};
use stepsize::train::{Budget, Run, Training};

use crate::{BATCH, SGD_STEPS};

/// The tutorial's four schedules at a few steps.
pub fn notes(report: &mut Report, curves: &[(String, Vec<f64>)]) {
    report.section("Four schedules from a typical tutorial: η at step t (initial 0.1, 100 steps)");
    report.table(&rates(curves, &[0, 1, 10, 19, 20, 40, 50, 99]));
    for (label, curve) in curves {
        report.lr_history(&format!("notes {label}"), curve);
    }
}

/// Every schedule at a few steps.
pub fn zoo(report: &mut Report, curves: &[(String, Vec<f64>)]) {
    report.section("Every schedule: η at step t (base 0.1, 300 steps)");
    report.table(&rates(curves, &[0, 1, 25, 50, 100, 150, 200, 299]));
    for (label, curve) in curves {
        report.lr_history(&format!("zoo {label}"), curve);
    }
}

/// The noise floor of SGD at constant rates, measured (with and without replacement)
/// against the prediction η·L*·tr H/(2B), and against the same derivation with the η² term
/// kept, (η·L*/B)·Σ λᵢ/(2 − ηλᵢ) over the Hessian's eigenvalues λᵢ.
pub fn noise_floor(
    report: &mut Report,
    model: &LinearRegression,
    held_out: usize,
    best: &Array1<f64>,
    floor_of_data: f64,
    curvatures: &[f64],
    seeds: u64,
) {
    report.section(&format!(
        "The noise floor of SGD at a constant rate (batch {BATCH}, {SGD_STEPS} steps, {seeds} seeds)"
    ));
    report.line(format!(
        "data: {} training examples with {} features (noise σ = 1), {} held out for validation",
        model.data.len(),
        model.data.x.ncols(),
        held_out
    ));
    let trace: f64 = curvatures.iter().sum();
    let lambda_max = curvatures.iter().cloned().fold(0.0, f64::max);
    report.line(format!(
        "minimum loss L* = {}, trace of the Hessian tr H = {}, λ_max = {} (2/λ_max = {}); \
         predicted floor = η·L*·tr H/(2B)",
        num(floor_of_data),
        num(trace),
        num(lambda_max),
        num(2.0 / lambda_max)
    ));
    // Two narrow tables, not one wide one: the first checks the formula, the second holds
    // the refined predictions and the shuffled measurement.
    let mut table = Table::new(&["η", "measured floor", "predicted", "measured/predicted"]);
    let mut more = Table::new(&[
        "η",
        "η² term kept",
        "nothing dropped",
        "shuffled epochs",
        "shuffled/predicted",
    ]);
    for lr in [0.01, 0.02, 0.05, 0.1, 0.2, 0.3] {
        let constant = Constant { lr };
        let measured = mean_tail_excess(
            model,
            &constant,
            Sampling::WithReplacement,
            seeds,
            floor_of_data,
        );
        let shuffled = mean_tail_excess(model, &constant, Sampling::Shuffled, seeds, floor_of_data);
        let predicted = lr * floor_of_data * trace / (2.0 * BATCH as f64);
        let kept = lr * floor_of_data / BATCH as f64
            * curvatures.iter().map(|l| l / (2.0 - lr * l)).sum::<f64>();
        table.row([
            num(lr),
            num(measured),
            num(predicted),
            num(measured / predicted),
        ]);
        more.row([
            num(lr),
            num(kept / predicted),
            num(stationary_excess(model, best, lr) / predicted),
            num(shuffled),
            num(shuffled / predicted),
        ]);
    }
    report.table(&table);
    report.line("");
    report.table(&more);
    report.line(
        "(floor: excess loss L - L* averaged over the last half of the run and over the seeds; \
         \"η² term kept\" and \"nothing dropped\": those predictions over the first-order one)",
    );
}

/// The stationary excess loss of SGD with replacement at rate `lr` on least squares,
/// with nothing dropped: the covariance Σ of θ − θ* obeys, exactly,
/// Σ ← Σ − η(HΣ + ΣH) + η²(1 − 1/B)·HΣH + (η²/B)·mean(HᵢΣHᵢ) + (η²/B)·G,
/// where Hᵢ = 2x̃ᵢx̃ᵢᵀ is one example's Hessian and G the covariance of the examples'
/// gradients at θ*. The mean(HᵢΣHᵢ) term is the noise that depends on θ: a batch's
/// gradient at θ is its gradient at θ* plus H_B(θ − θ*). Iterated to its fixed point;
/// the excess loss is ½ tr(HΣ), exact for a quadratic loss.
fn stationary_excess(model: &LinearRegression, best: &Array1<f64>, lr: f64) -> f64 {
    let n = model.data.len();
    let d = model.dim();
    let rows: Vec<Array1<f64>> = (0..n)
        .map(|i| {
            let mut x = Array1::ones(d);
            x.slice_mut(ndarray::s![..d - 1])
                .assign(&model.data.x.row(i));
            x
        })
        .collect();
    let residuals = model.predict(best.view()) - &model.data.y;
    let h = model.hessian();
    let mut g = Array2::<f64>::zeros((d, d));
    for (x, r) in rows.iter().zip(&residuals) {
        let gi = x * (2.0 * r);
        g += &outer(&gi, &gi);
    }
    g /= n as f64;
    let b = BATCH as f64;
    let mut sigma = Array2::<f64>::zeros((d, d));
    for _ in 0..200_000 {
        let hs = h.dot(&sigma);
        let mut per_example = Array2::<f64>::zeros((d, d));
        for x in &rows {
            let q = x.dot(&sigma.dot(x));
            per_example.scaled_add(4.0 * q, &outer(x, x));
        }
        per_example /= n as f64;
        let next = &sigma - &((&hs + &hs.t()) * lr)
            + &(hs.dot(&h) * (lr * lr * (1.0 - 1.0 / b)))
            + &(per_example * (lr * lr / b))
            + &(&g * (lr * lr / b));
        let change = (&next - &sigma).iter().map(|v| v.abs()).fold(0.0, f64::max);
        let size = next.iter().map(|v| v.abs()).fold(0.0, f64::max);
        sigma = next;
        if !size.is_finite() || change <= 1e-12 * size {
            break;
        }
    }
    0.5 * (0..d).map(|i| h.row(i).dot(&sigma.column(i))).sum::<f64>()
}

fn outer(a: &Array1<f64>, b: &Array1<f64>) -> Array2<f64> {
    Array2::from_shape_fn((a.len(), b.len()), |(i, j)| a[i] * b[j])
}

/// Each contender's final excess loss, averaged over the seeds; returns each one's mean
/// excess-loss curve, for the figure.
pub fn decay(
    report: &mut Report,
    model: &LinearRegression,
    contenders: &[(&str, Box<dyn ClosedForm>)],
    floor_of_data: f64,
    seeds: u64,
) -> Vec<(String, Vec<f64>)> {
    report.section(&format!(
        "Final excess loss by schedule (peak η 0.1, {SGD_STEPS} steps, mean of {seeds} seeds)"
    ));
    let mut table = Table::new(&[
        "schedule",
        "η at end",
        "excess loss at end",
        "vs constant 0.1",
    ]);
    let mut curves: Vec<(String, Vec<f64>)> = Vec::new();
    let mut reference = f64::NAN;
    for (label, schedule) in contenders {
        let runs: Vec<Run> = (0..seeds)
            .map(|seed| sgd(model, schedule.as_ref(), Sampling::WithReplacement, seed))
            .collect();
        let curve = mean_excess_curve(&runs, floor_of_data);
        // The end of a noisy run: the mean over its last 50 steps.
        let end: f64 = curve[curve.len() - 50..].iter().sum::<f64>() / 50.0;
        if reference.is_nan() {
            reference = end;
        }
        let final_lr = runs[0].last().map_or(f64::NAN, |r| r.lr);
        table.row([
            label.to_string(),
            sig(final_lr, 3),
            num(end),
            format!("{}×", sig(end / reference, 2)),
        ]);
        curves.push((label.to_string(), curve));
        report.history(&format!("decay {label}"), &runs);
    }
    report.table(&table);
    curves
}

/// Reduce-on-plateau's cuts and its final validation loss against a constant rate's;
/// returns the steps of the cuts, for the figure.
pub fn plateau(
    report: &mut Report,
    model: &LinearRegression,
    plateau_run: &Run,
    validation: &LinearRegression,
) -> Vec<usize> {
    report.section(
        "Reduce-on-plateau on the validation loss (factor 0.5, patience 100 steps, min η 0.001)",
    );
    let cuts: Vec<usize> = plateau_run
        .history
        .windows(2)
        .filter(|w| w[1].lr < w[0].lr)
        .map(|w| w[1].step)
        .collect();
    report.table(&cuts_table(plateau_run, &cuts, validation));
    let constant_val = validation.loss(
        sgd(model, &Constant { lr: 0.1 }, Sampling::WithReplacement, 0)
            .final_params()
            .view(),
    );
    report.line(format!(
        "final validation loss: {} with the cuts, {} at a constant 0.1",
        num(validation.loss(plateau_run.final_params().view())),
        num(constant_val)
    ));
    report.history("plateau", std::slice::from_ref(plateau_run));
    cuts
}

/// Adam on the bowl with and without warm-up: the loss after 20 and 100 steps, and the
/// largest loss along the way.
pub fn warmup_adam(report: &mut Report, runs: &[(f64, usize, Run)]) {
    report
        .line("Adam on the bowl 0.1·x1² + 2·x2² from (−5, −2), warm-up from 1% of the peak rate:");
    let mut table = Table::new(&[
        "peak η",
        "warm-up steps",
        "loss at step 20",
        "loss at step 100",
        "largest loss",
    ]);
    for (lr, warmup_steps, run) in runs {
        let at = |step: usize| {
            run.history
                .iter()
                .find(|r| r.step == step)
                .map_or(f64::NAN, |r| r.loss)
        };
        let largest = run.history.iter().map(|r| r.loss).fold(0.0, f64::max);
        table.row([
            num(*lr),
            warmup_steps.to_string(),
            num(at(20)),
            num(at(100)),
            num(largest),
        ]);
        report.history("warm-up adam", std::slice::from_ref(run));
    }
    report.table(&table);
}

/// Warm-up against none on the three valleys, with 2/curvature where it matters.
pub fn warmup(report: &mut Report, no_warmup: &Run, warmup: &Run, valleys: &Valleys) {
    report.section("Warm-up: peak η 0.07 on the three valleys from x = 3");
    report.table(&warmup_table(&[no_warmup, warmup], valleys));
    let floor = valleys.minima()[2];
    report.line(format!(
        "2/curvature: {} on the wall at x = 3, {} at the floor of the right valley (x = {})",
        num(2.0 / valleys.curvature(3.0)),
        num(2.0 / valleys.curvature(floor)),
        num(floor)
    ));
    report.history("warmup", &[no_warmup.clone(), warmup.clone()]);
}

/// η of each named curve at the chosen steps.
fn rates(curves: &[(String, Vec<f64>)], steps: &[usize]) -> Table {
    let mut header = vec!["schedule".to_string()];
    header.extend(steps.iter().map(|t| format!("t={t}")));
    let mut table = Table::new(&header);
    for (label, curve) in curves {
        let mut row = vec![label.clone()];
        row.extend(
            steps
                .iter()
                .map(|&t| curve.get(t).map_or("-".into(), |&v| sig(v, 3))),
        );
        table.row(row);
    }
    table
}

/// Each cut of reduce-on-plateau: when, to what rate, and the validation loss there.
fn cuts_table(plateau_run: &Run, cuts: &[usize], validation: &LinearRegression) -> Table {
    let mut table = Table::new(&["cut at step", "η after", "validation loss"]);
    for &step in cuts {
        let r = &plateau_run.history[step];
        table.row([
            step.to_string(),
            sig(r.lr, 3),
            num(validation.loss(r.params.view())),
        ]);
    }
    table
}

/// Where each warm-up run ended, and in which valley.
fn warmup_table(runs: &[&Run], valleys: &Valleys) -> Table {
    let mut table = Table::new(&["run", "curvature at start", "final x", "valley", "outcome"]);
    for run in runs {
        let x = run.final_params()[0];
        let valley = if run.outcome.diverged() {
            "-"
        } else {
            valleys.valley_of(x)
        };
        table.row([
            run.label.clone(),
            num(valleys.curvature(3.0)),
            num(x),
            valley.to_string(),
            run.summary(),
        ]);
    }
    table
}

/// One SGD run from zero with a schedule.
fn sgd(model: &LinearRegression, schedule: &dyn ClosedForm, sampling: Sampling, seed: u64) -> Run {
    let batches = MiniBatch::new(model.clone(), BATCH, sampling, seed);
    Training::new(&batches, &Budget::steps(SGD_STEPS))
        .label(format!("seed {seed}"))
        .schedule(&mut schedule.stepped())
        .run(
            &mut GradientDescent::new(schedule.lr_at(0)),
            Array1::zeros(model.dim()),
        )
}

/// The excess loss L − L* at each step, averaged over runs.
fn mean_excess_curve(runs: &[Run], l_star: f64) -> Vec<f64> {
    let len = runs.iter().map(|r| r.history.len()).min().unwrap_or(0);
    (0..len)
        .map(|t| runs.iter().map(|r| r.history[t].loss - l_star).sum::<f64>() / runs.len() as f64)
        .collect()
}

/// The noise floor: the mean excess loss over the second half of the runs.
fn mean_tail_excess(
    model: &LinearRegression,
    schedule: &dyn ClosedForm,
    sampling: Sampling,
    seeds: u64,
    l_star: f64,
) -> f64 {
    let runs: Vec<Run> = (0..seeds)
        .map(|seed| sgd(model, schedule, sampling, seed))
        .collect();
    let curve = mean_excess_curve(&runs, l_star);
    let tail = &curve[curve.len() / 2..];
    tail.iter().sum::<f64>() / tail.len() as f64
}
