//! The printed sections of `rate_bugs`: formatting, plus what is read off the runs (averages
//! over seeds, the largest step, the largest loss after a resume); every run comes from
//! `main.rs`.

use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::train::Run;

use crate::{BATCH, SEEDS};

/// The rate each run used for update `t`, or `-` past its end.
fn rate(run: &Run, t: usize) -> String {
    run.history.get(t).map_or("-".into(), |r| num(r.lr))
}

/// How a run ended, in a table cell.
fn outcome(run: &Run) -> String {
    run.summary()
}

/// Section `order`: the rates each order of calls used, and the loss they reached.
pub fn order(report: &mut Report, runs: &[Run], l_star: f64) {
    report.section("Scheduler before optimizer: which rate each update uses");
    report.line("LinearLR warm-up from 10% of η = 0.3 over 5 steps, full-batch least squares");
    let mut table = Table::new(&["update", &runs[0].label, &runs[1].label]);
    for t in 0..7 {
        table.row([t.to_string(), rate(&runs[0], t), rate(&runs[1], t)]);
    }
    report.table(&table);
    let first = runs[0].history[0].lr;
    let skipped = !runs[1].history.iter().any(|r| r.lr == first);
    report.line(format!(
        "the scheduler-first loop {} the first rate, {}",
        if skipped { "never uses" } else { "uses" },
        num(first)
    ));
    for run in runs {
        report.line(format!(
            "{}: loss after {} updates {}, {} above the minimum",
            run.label,
            run.history.len() - 1,
            num(run.final_loss()),
            num(run.final_loss() - l_star)
        ));
    }
}

/// Section `units`: each schedule's rate at telling steps, and where the runs ended.
pub fn units(
    report: &mut Report,
    results: &[(Vec<Run>, f64)],
    total_steps: &[Option<usize>],
    steps: usize,
) {
    report.section("Steps or epochs: a schedule sized in epochs, stepped per batch");
    report.line(format!(
        "mini-batch SGD, peak rate 0.1, {} epochs of {} batches = {steps} steps",
        crate::EPOCHS,
        crate::EXAMPLES / BATCH
    ));
    // Two tables, so that each fits 100 columns: the rates, then the ends.
    let mut rates = Table::new(&[
        "schedule",
        "η at step 5",
        "η at step 10",
        "η at step 20",
        "η at last step",
    ]);
    let mut ends = Table::new(&["schedule", "excess loss at end", "PyTorch"]);
    for ((runs, excess), total) in results.iter().zip(total_steps) {
        let run = &runs[0];
        let pytorch = match total {
            Some(t) if *t < steps => format!("ValueError at call {} of step()", t + 1),
            _ => "same".into(),
        };
        rates.row([
            run.label.clone(),
            rate(run, 5),
            rate(run, 10),
            rate(run, 20),
            rate(run, steps - 1),
        ]);
        ends.row([run.label.clone(), num(*excess), pytorch]);
    }
    report.table(&rates);
    report.line(format!("excess loss averaged over {SEEDS} seeds:"));
    report.table(&ends);
}

/// Section `warmup`: the first rates of each warm-up, and what the walker did.
pub fn warmup(report: &mut Report, runs: &[Run]) {
    report.section("Warm-up that starts at zero");
    report.line("three valleys from x = 3, peak rate 0.07, 300 steps; W = warm-up length");
    let mut table = Table::new(&["warm-up", "η₀", "η₁", "η₂", "x after update 0", "outcome"]);
    for run in runs {
        let x1 = run.history.get(1).map_or("-".into(), |r| num(r.params[0]));
        table.row([
            run.label.clone(),
            rate(run, 0),
            rate(run, 1),
            rate(run, 2),
            x1,
            outcome(run),
        ]);
    }
    report.table(&table);
}

/// Section `warmup`: each warm-up from 0 against the same warm-up from η/W one update
/// earlier.
pub fn warmup_delay(report: &mut Report, runs: &[Run]) {
    report.line("each run from 0 against the run from η/W one update earlier:");
    let mut table = Table::new(&[
        "W",
        "largest |x(t + 1) from 0 − x(t) from η/W|",
        "final x, both",
    ]);
    for pair in runs.chunks(2) {
        let (zero, fix) = (&pair[0], &pair[1]);
        let gap = fix
            .history
            .iter()
            .zip(zero.history.iter().skip(1))
            .map(|(a, b)| (b.params[0] - a.params[0]).abs())
            .fold(0.0, f64::max);
        let last = |r: &Run| num(r.final_params()[0]);
        let w = zero
            .label
            .split(',')
            .next()
            .unwrap_or("")
            .trim_start_matches("W=");
        let finals = if last(zero) == last(fix) {
            last(zero)
        } else {
            format!("{} and {}", last(zero), last(fix))
        };
        table.row([w.to_string(), num(gap), finals]);
    }
    report.table(&table);
}

/// Section `accumulation`: where each set-up ended.
pub fn accumulation(report: &mut Report, results: &[(Vec<Run>, f64)], k: usize, ratio: f64) {
    report.section("Gradient accumulation: sum or mean, steps or micro-steps");
    report.line(format!(
        "k = {k} micro-batch{} of {BATCH} per step, 200 SGD steps, cosine from η = 0.3",
        if k == 1 { "" } else { "es" }
    ));
    report.line(format!("excess loss averaged over {SEEDS} seeds"));
    report.line(format!(
        "first step with the sum, over the first step with the mean: {}",
        sig(ratio, 6)
    ));
    let mut table = Table::new(&[
        "set-up",
        "η at last step",
        "excess loss at end",
        "seeds diverged",
    ]);
    for (runs, excess) in results {
        let run = &runs[0];
        let diverged = runs.iter().filter(|r| r.outcome.diverged()).count();
        let last = if run.outcome.diverged() {
            "-".into()
        } else {
            rate(run, run.history.len() - 2)
        };
        table.row([
            run.label.clone(),
            last,
            num(*excess),
            format!("{diverged} of {SEEDS}"),
        ]);
    }
    report.table(&table);
}

/// Section `reduction`: the first step with each reduction, and where the runs ended.
pub fn reduction(
    report: &mut Report,
    results: &[(Vec<Run>, f64)],
    first: &[(&str, f64, f64, f64)],
) {
    report.section("Sum or mean: reduction='sum' and the rate");
    report.line(format!(
        "batches of {BATCH}; SGD at η = 0.2, Adam at η = 0.05; the first step on one batch:"
    ));
    let mut steps = Table::new(&[
        "optimizer",
        "step, mean",
        "step, sum",
        "sum / mean",
        "difference / mean step",
    ]);
    for &(name, mean, sum, diff) in first {
        steps.row([
            name.to_string(),
            num(mean),
            num(sum),
            sig(sum / mean, 6),
            num(diff),
        ]);
    }
    report.table(&steps);
    report.line(format!(
        "300 steps, excess loss averaged over {SEEDS} seeds:"
    ));
    let mut table = Table::new(&["run", "excess loss at end", "seeds diverged"]);
    for (runs, excess) in results {
        let diverged = runs.iter().filter(|r| r.outcome.diverged()).count();
        table.row([
            runs[0].label.clone(),
            num(*excess),
            format!("{diverged} of {SEEDS}"),
        ]);
    }
    report.table(&table);
}

/// The largest change of one parameter in one update, over the run.
pub fn largest_step(run: &Run) -> f64 {
    run.history
        .windows(2)
        .flat_map(|w| (&w[1].params - &w[0].params).to_vec())
        .fold(0.0, |m: f64, d| m.max(d.abs()))
}

/// Section `eps`: Adam with each ε, beside SGD at η/ε.
pub fn eps(report: &mut Report, adam: &[Run], sgd: &[Run], epsilons: &[String], l_star: f64) {
    report.section("Adam's ε: too large, too small");
    report
        .line("full-batch least squares, Adam at η = 0.01 for 300 steps; losses above the minimum");
    let mut table = Table::new(&[
        "ε",
        "Adam: loss at end",
        "largest step / η",
        "SGD at η/ε: loss at end",
        "Adam outcome",
    ]);
    for ((a, s), e) in adam.iter().zip(sgd).zip(epsilons) {
        let sgd_end = if s.history.is_empty() {
            // A tiny ε makes η/ε overflow: no such SGD can run.
            "not run: η/ε overflows".into()
        } else if s.outcome.diverged() {
            "diverged".into()
        } else {
            num(s.final_loss() - l_star)
        };
        table.row([
            e.clone(),
            num(a.final_loss() - l_star),
            sig(largest_step(a) / 0.01, 3),
            sgd_end,
            outcome(a),
        ]);
    }
    report.table(&table);
}

/// Section `eps`: how far each run's loss fell, Adam against SGD at η/ε.
pub fn eps_decrease(
    report: &mut Report,
    adam: &[Run],
    sgd: &[Run],
    epsilons: &[String],
    l_star: f64,
) {
    let start = adam.first().map_or(f64::NAN, |r| r.history[0].loss);
    report.line(format!(
        "the loss at the start is {} above the minimum; how far each run brought it down:",
        num(start - l_star)
    ));
    let mut table = Table::new(&["ε", "Adam: decrease", "SGD at η/ε: decrease", "Adam / SGD"]);
    for ((a, s), e) in adam.iter().zip(sgd).zip(epsilons) {
        // A run that diverged, or that never ran (η/ε overflowed), fell by no number.
        let fell = |r: &Run| {
            if r.outcome.diverged() || r.history.is_empty() {
                f64::NAN
            } else {
                start - r.final_loss()
            }
        };
        table.row([
            e.clone(),
            num(fell(a)),
            num(fell(s)),
            sig(fell(a) / fell(s), 3),
        ]);
    }
    report.table(&table);
}

/// Section `eps`: Adam's longest step when the gradient grows after a quiet stretch.
pub fn eps_growth(report: &mut Report, (ratio, at): (f64, usize)) {
    report.line(format!(
        "one parameter, gradient 0.001 for {} updates then 1: Adam's longest step {} η, at update {at}",
        crate::QUIET_STEPS,
        sig(ratio, 3)
    ));
}

/// Section `eps`, third part: the weight of the feature in thousands, against its best.
pub fn eps_small_weight(
    report: &mut Report,
    runs: &[(f64, Run, Run)],
    names: &[String],
    best: f64,
    l_star: f64,
) {
    let start = runs.first().map_or(f64::NAN, |(_, r, _)| r.history[0].loss);
    report.line(format!(
        "loss at the start {} above the minimum; the best weight of the feature in thousands is {}",
        num(start - l_star),
        num(best)
    ));
    let mut table = Table::new(&[
        "ε",
        "64 bits: its weight at end",
        "16 bits: its weight at end",
    ]);
    for ((_, full, half), name) in runs.iter().zip(names) {
        let weight = |r: &Run| {
            if r.outcome.diverged() {
                "-".to_string()
            } else {
                num(r.final_params()[crate::SMALL_FEATURE])
            }
        };
        table.row([name.clone(), weight(full), weight(half)]);
    }
    report.table(&table);
}

/// Section `resume`: the rate after the resume, the spike, and where each run ended.
pub fn resume(report: &mut Report, results: &[(Vec<Run>, f64)], l_star: f64) {
    report.section("Resuming from a checkpoint without the schedule or the optimizer");
    report.line(format!(
        "Adam on batches of 8, warm-up then cosine from η = 0.05 over 400 steps, resumed at step {}",
        crate::RESUME_AT
    ));
    report.line(format!("excess losses averaged over {SEEDS} seeds"));
    let at = crate::RESUME_AT;
    let mean =
        |runs: &[Run], f: &dyn Fn(&Run) -> f64| runs.iter().map(f).sum::<f64>() / runs.len() as f64;
    let mut table = Table::new(&[
        "set-up",
        "η at resume",
        "excess at resume",
        "largest excess, next 50 steps",
        "excess at end",
    ]);
    for (runs, excess) in results {
        let run = &runs[0];
        let spike = |r: &Run| {
            r.history[at + 1..=at + 50]
                .iter()
                .map(|row| row.loss - l_star)
                .fold(f64::NEG_INFINITY, f64::max)
        };
        table.row([
            run.label.clone(),
            rate(run, at),
            num(mean(runs, &|r| r.history[at].loss - l_star)),
            num(mean(runs, &spike)),
            num(*excess),
        ]);
    }
    report.table(&table);
}

/// Section `resume`: the largest rate a resumed run used after the checkpoint, and when.
pub fn resume_peak(report: &mut Report, run: &Run) {
    let at = crate::RESUME_AT;
    let (step, peak) = run.history[at..run.history.len() - 1]
        .iter()
        .map(|r| (r.step, r.lr))
        .fold(
            (at, 0.0),
            |best, (t, lr)| if lr > best.1 { (t, lr) } else { best },
        );
    report.line(format!(
        "{}: the rate is {} at step {at}, {} at step {step}, {} at step {}",
        run.label,
        rate(run, at),
        num(peak),
        rate(run, step + 1),
        step + 1
    ));
}

/// Section `devices`: each set-up's rate, steps and final excess loss.
pub fn devices(report: &mut Report, results: &[(Vec<Run>, f64)], n: usize) {
    report.section("Data parallel: the rate tuned on one device, used on several");
    report.line(format!(
        "SGD, 10 epochs, batches of {BATCH} per device, n = {}; excess loss averaged over {SEEDS} seeds",
        devices_named(n)
    ));
    let mut table = Table::new(&[
        "set-up",
        "global batch",
        "peak η",
        "steps",
        "excess loss at end",
        "seeds diverged",
    ]);
    for (runs, excess) in results {
        let run = &runs[0];
        let diverged = runs.iter().filter(|r| r.outcome.diverged()).count();
        let peak = run.history.iter().map(|r| r.lr).fold(0.0, f64::max);
        let label = run.label.clone();
        let global = if label.starts_with("1 device,") {
            BATCH
        } else {
            BATCH * n
        };
        table.row([
            label,
            global.min(crate::EXAMPLES).to_string(),
            num(peak),
            (run.history.len() - 1).to_string(),
            num(*excess),
            format!("{diverged} of {SEEDS}"),
        ]);
    }
    report.table(&table);
}

/// `n` devices in words: `1 device`, `8 devices`.
pub fn devices_named(n: usize) -> String {
    format!("{n} device{}", if n == 1 { "" } else { "s" })
}

/// Section `groups`: accuracy on the new task and on the old one, by the backbone's rate.
pub fn groups(report: &mut Report, runs: &[Run], scores: &[(f64, f64)], before: f64) {
    report.section("Different rates for different parts: fine-tuning a pretrained network");
    report.line(format!(
        "pretrained on two moons: test accuracy {}",
        num(before)
    ));
    report.line(
        "fine-tuned on the mirrored moons (40 points) with a new head, 200 steps of Adam at η = 0.05",
    );
    let mut table = Table::new(&[
        "backbone rate",
        "new task: train loss",
        "new task: test accuracy",
        "old task: test accuracy",
    ]);
    for (run, &(new, old)) in runs.iter().zip(scores) {
        table.row([run.label.clone(), num(run.final_loss()), num(new), num(old)]);
    }
    report.table(&table);
}

/// Section `eps`, second part: Adam with its state in 64 and in 16 bits.
pub fn eps_half(report: &mut Report, runs: &[(f64, Run, Run)], names: &[String], l_star: f64) {
    report.line("");
    report.line("the last feature in thousands; Adam's state in 64 bits and in 16 bits;");
    report.line("losses at the end, above the minimum:");
    let mut table = Table::new(&[
        "ε",
        "ε in 16 bits",
        "64 bits: loss",
        "16 bits: loss",
        "16 bits: outcome",
    ]);
    for ((e, full, half), name) in runs.iter().zip(names) {
        let end = |r: &Run| {
            if r.outcome.diverged() {
                "-".to_string()
            } else {
                num(r.final_loss() - l_star)
            }
        };
        // Past 65504, the largest half-precision number, ε becomes infinite.
        let e16 = crate::to_half(*e);
        table.row([
            name.clone(),
            if e16.is_finite() {
                num(e16)
            } else {
                "overflows".into()
            },
            end(full),
            end(half),
            outcome(half),
        ]);
    }
    report.table(&table);
}
