//! The printed sections of `lr_finder`: formatting, plus the short confirmation run of
//! each range-test suggestion; every other number comes from `main.rs`.

use ndarray::Array1;
use stepsize::analysis::range_test::{RangeResult, RangeTest, Suggestions};
use stepsize::optim::GradientDescent;
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::data::Dataset;
use stepsize::problems::mlp::Mlp;
use stepsize::train::{Budget, Run, train};

/// A rate with its training and validation loss (NaN when the run diverged).
pub type Scored = (f64, f64, f64);

/// Training and validation loss of a run, NaN for both when it diverged.
fn losses(run: &Run, validate: &impl Fn(&Run) -> f64) -> (f64, f64) {
    if run.outcome.diverged() {
        (f64::NAN, f64::NAN)
    } else {
        (run.final_loss(), validate(run))
    }
}

/// Every grid rate's losses, and the rate with the lowest validation loss.
pub fn scored(grid_runs: &[Run], validate: &impl Fn(&Run) -> f64) -> (Vec<Scored>, Scored) {
    let scored: Vec<Scored> = grid_runs
        .iter()
        .map(|run| {
            let (train_loss, val_loss) = losses(run, validate);
            (run.lr(), train_loss, val_loss)
        })
        .collect();
    let best = best_by(&scored, |s| s.2);
    (scored, best)
}

/// The scored rate lowest by `pick` (its training or its validation loss).
fn best_by(scored: &[Scored], pick: fn(&Scored) -> f64) -> Scored {
    *scored
        .iter()
        .filter(|s| pick(s).is_finite())
        .min_by(|a, b| pick(a).total_cmp(&pick(b)))
        .expect("some rate trains")
}

/// The grid search's section, from each run and its losses (`scored`).
pub fn grid(
    report: &mut Report,
    net: &Mlp,
    val_set: &Dataset,
    budget: &Budget,
    grid_runs: &[Run],
    scored: &[Scored],
) {
    report.section(&format!(
        "Grid search: full-batch gradient descent, {} steps",
        budget.steps
    ));
    report.line(format!(
        "{} training points, {} validation points, {} parameters",
        net.data.len(),
        val_set.len(),
        net.dim()
    ));
    let mut table = Table::new(&["η", "train loss", "validation loss", "outcome"]);
    for (run, &(lr, train_loss, val_loss)) in grid_runs.iter().zip(scored) {
        table.row([sig(lr, 3), num(train_loss), num(val_loss), run.summary()]);
    }
    report.table(&table);
    let (fast_lr, _, fast_val) = best_by(scored, |s| s.1);
    let (gen_lr, gen_train, _) = best_by(scored, |s| s.2);
    report.line(format!(
        "lowest training loss at η = {} (validation {});\nlowest validation loss at η = {} (training {})",
        sig(fast_lr, 3),
        num(fast_val),
        sig(gen_lr, 3),
        num(gen_train)
    ));
}

/// The random search's section: training and validation loss, and how each run ended.
pub fn random(report: &mut Report, random_runs: &[Run], validate: &impl Fn(&Run) -> f64) {
    report.section("Random search: 4 rates drawn log-uniformly from 0.001 to 1");
    let mut table = Table::new(&["η", "train loss", "validation loss", "outcome"]);
    for run in random_runs {
        let (t, v) = losses(run, validate);
        table.row([sig(run.lr(), 3), num(t), num(v), run.summary()]);
    }
    report.table(&table);
}

/// How the range test ended, in the words of its heading (and of its CSV rows).
pub fn range_test_ending(result: &RangeResult) -> String {
    if result.stopped_early {
        "stopped early when the loss blew up".into()
    } else {
        "ran to the end".into()
    }
}

/// Grid against random search with the same budget: for each search, the (grid, random)
/// best losses of every repetition.
pub fn two_hyperparameters(report: &mut Report, searches: &[(&str, Vec<(f64, f64)>)]) {
    let repetitions = searches.first().map_or(0, |s| s.1.len());
    report.section(&format!(
        "Grid against random search, 9 runs each, {repetitions} repetitions"
    ));
    report.line("momentum SGD on 0.1·x1² + 2·x2², 50 steps");
    let mut table = Table::new(&[
        "searched",
        "grid: median best loss",
        "random: median best loss",
        "random found the lower loss",
    ]);
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let n = v.len();
        (v[(n - 1) / 2] + v[n / 2]) / 2.0
    };
    for (name, pairs) in searches {
        let better = pairs.iter().filter(|(g, r)| r < g).count();
        table.row([
            name.to_string(),
            num(median(pairs.iter().map(|p| p.0).collect())),
            num(median(pairs.iter().map(|p| p.1).collect())),
            format!("{better} of {repetitions}"),
        ]);
    }
    report.table(&table);
}

/// The range test's heading: how far it ran, and fastai's settings.
pub fn range_test(report: &mut Report, finder: &RangeTest, result: &RangeResult) {
    report.section(&format!(
        "The range test: {} steps from {} to {}, {}",
        result.lrs.len(),
        num(finder.start_lr),
        num(finder.end_lr),
        range_test_ending(result)
    ));
    report.line(format!(
        "(fastai's settings: {} steps planned, smoothing β = {},\nstop when the smoothed loss passes {} × its best)",
        finder.num_it, finder.beta, finder.div_factor
    ));
}

/// fastai's four suggestions by name, in the order the table lists them.
pub fn picks(suggestions: &Suggestions) -> Vec<(&'static str, Option<f64>)> {
    vec![
        ("valley", suggestions.valley),
        ("slide", suggestions.slide),
        ("minimum/10", suggestions.minimum),
        ("steep", suggestions.steep),
    ]
}

/// Each suggestion trained for the full budget from the same start, beside the grid's
/// best rate by validation loss; returns those runs.
pub fn suggestions(
    report: &mut Report,
    picks: &[(&str, Option<f64>)],
    net: &Mlp,
    init: &Array1<f64>,
    budget: &Budget,
    validate: &impl Fn(&Run) -> f64,
    grid_best: Scored,
) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut table = Table::new(&[
        "suggestion",
        "η",
        "train loss",
        "validation loss",
        "outcome",
    ]);
    for (name, lr) in picks {
        match lr {
            Some(lr) => {
                let run = train(
                    format!("{name} η={}", sig(*lr, 3)),
                    net,
                    &mut GradientDescent::new(*lr),
                    init.clone(),
                    budget,
                );
                let (t, v) = losses(&run, validate);
                table.row([name.to_string(), sig(*lr, 3), num(t), num(v), run.summary()]);
                runs.push(run);
            }
            None => {
                table.row([
                    name.to_string(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "no suggestion".into(),
                ]);
            }
        }
    }
    let (gen_lr, gen_train, gen_val) = grid_best;
    table.row([
        "grid's best (validation)".to_string(),
        sig(gen_lr, 3),
        num(gen_train),
        num(gen_val),
        "from the grid search".into(),
    ]);
    report.table(&table);
    runs
}

/// The clipping section: where each run ended, and how many of its steps were clipped.
pub fn clipping(
    report: &mut Report,
    lr: f64,
    budget: &Budget,
    runs: &[Run],
    clipped_steps: &[usize],
) {
    report.section(&format!(
        "Gradient clipping in Rosenbrock's valley at η = {lr}, {} steps",
        budget.steps
    ));
    let mut table = Table::new(&["run", "loss at end", "steps clipped", "outcome"]);
    for (run, clipped_steps) in runs.iter().zip(clipped_steps) {
        table.row([
            run.label.clone(),
            num(run.final_loss()),
            clipped_steps.to_string(),
            run.summary(),
        ]);
    }
    report.table(&table);
}
