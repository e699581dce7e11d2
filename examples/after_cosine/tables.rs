//! The printed sections of `after_cosine`: each public function runs its section's seeded
//! SGD runs with the settings `main.rs` chose, prints its heading and tables, and records
//! seed 0's runs for `--csv`.

use stepsize::analysis::averaging::{Average, Averager};
use stepsize::optim::{Optimizer, ScheduleFree};
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::river::RiverValley;
use stepsize::schedule::{ClosedForm, Constant, CosineAnnealingLR, DecayShape, Wsd};
use stepsize::train::Run;

use crate::{Fresh, PEAK, Setup, gd, mean_excess, sgd};

/// The mean of `values`.
fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// The mean of the second half of a curve.
fn tail_mean(curve: &[f64]) -> f64 {
    mean(&curve[curve.len() / 2..])
}

/// The excess losses of an average's history.
fn average_excess(averager: &Averager, l_star: f64) -> Vec<f64> {
    averager.losses.iter().map(|&(_, l)| l - l_star).collect()
}

/// A constant-rate run of seed `seed` watched by an average of kind `kind`: the run and
/// the excess loss of the average at every step.
fn averaged(setup: &Setup, kind: Average, steps: usize, seed: u64) -> (Run, Vec<f64>) {
    let mut averager = Averager::new(&setup.model, kind);
    let constant = Constant { lr: PEAK };
    let run = sgd(
        setup,
        "constant",
        &mut gd(&constant),
        Some(&constant),
        steps,
        seed,
        Some(&mut averager),
    );
    let excess = average_excess(&averager, setup.l_star);
    (run, excess)
}

/// Constant, 1/t and 1/√t against the constant run's averages, over the seeds.
pub fn robbins_monro(
    report: &mut Report,
    setup: &Setup,
    schedules: &[(&str, Box<dyn ClosedForm>)],
    averages: &[(&str, Average)],
) {
    let n = setup.steps;
    let seeds = &setup.seeds;
    report.section(&format!(
        "Below the noise floor: decay or averaging (SGD, batch {}, {n} steps, {} seeds)",
        crate::BATCH,
        seeds.len()
    ));
    // The floor each seed's constant run hovers at: its mean excess over the second half.
    let floors: Vec<f64> = seeds
        .iter()
        .map(|&seed| {
            let c = Constant { lr: PEAK };
            let run = sgd(setup, "constant", &mut gd(&c), Some(&c), n, seed, None);
            tail_mean(&mean_excess(&[run], setup.l_star))
        })
        .collect();
    let mut table = Table::new(&[
        "run",
        "η at the end",
        "Σ η",
        "Σ η²",
        "excess at the end",
        "below the floor",
    ]);
    for (label, schedule) in schedules {
        let rates: Vec<f64> = (0..n).map(|t| schedule.lr_at(t)).collect();
        let mut finals = Vec::new();
        let mut below = 0;
        for (&seed, &floor) in seeds.iter().zip(&floors) {
            let run = sgd(
                setup,
                label,
                &mut gd(schedule.as_ref()),
                Some(schedule.as_ref()),
                n,
                seed,
                None,
            );
            let excess = run.final_loss() - setup.l_star;
            below += usize::from(excess < floor);
            finals.push(excess);
            if seed == seeds[0] {
                report.history("robbins_monro", &[run]);
            }
        }
        table.row([
            label.to_string(),
            sig(rates[n - 1], 3),
            num(rates.iter().sum::<f64>()),
            num(rates.iter().map(|r| r * r).sum::<f64>()),
            num(mean(&finals)),
            format!("{below} of {}", seeds.len()),
        ]);
    }
    for (label, kind) in averages {
        let mut finals = Vec::new();
        let mut below = 0;
        for (&seed, &floor) in seeds.iter().zip(&floors) {
            let (_, excess) = averaged(setup, *kind, n, seed);
            let last = *excess.last().expect("the run has rows");
            below += usize::from(last < floor);
            finals.push(last);
            if seed == seeds[0] {
                let lrs = vec![PEAK; excess.len()];
                let losses: Vec<f64> = excess.iter().map(|e| e + setup.l_star).collect();
                report.curve(
                    &format!("robbins_monro {label}"),
                    &lrs,
                    &losses,
                    "average of the constant run",
                );
            }
        }
        table.row([
            label.to_string(),
            sig(PEAK, 3),
            num(PEAK * n as f64),
            num(PEAK * PEAK * n as f64),
            num(mean(&finals)),
            format!("{below} of {}", seeds.len()),
        ]);
    }
    report.table(&table);
    report.line(format!(
        "constant-rate floor (excess over the second half, mean of the seeds): {}",
        num(mean(&floors))
    ));
    report.line(
        "(excess: loss L - L* above the least-squares minimum, mean over the seeds; \
         below the floor: seeds whose final excess is under that seed's constant-rate floor)",
    );
}

/// Cool-downs branched from one constant run: the drop each one gives.
pub fn branches(
    report: &mut Report,
    setup: &Setup,
    checkpoints: &[usize],
    cool: usize,
    branch: &dyn Fn(usize) -> Wsd,
) -> Vec<(String, Vec<f64>)> {
    let n = setup.steps;
    let seeds = &setup.seeds;
    report.section(&format!(
        "Cool-downs branched from one constant-rate run (η {}, linear to 0 over {cool} steps, {} seeds)",
        num(PEAK),
        seeds.len()
    ));
    let constant = Constant { lr: PEAK };
    let mains: Vec<Run> = seeds
        .iter()
        .map(|&s| {
            sgd(
                setup,
                "constant",
                &mut gd(&constant),
                Some(&constant),
                n,
                s,
                None,
            )
        })
        .collect();
    report.history("branches", &mains[..1]);
    let mut curves = vec![("constant".to_string(), mean_excess(&mains, setup.l_star))];
    let mut table = Table::new(&[
        "branch at",
        "excess there",
        "constant at the end of the cool-down",
        "branch at the end",
        "drop",
    ]);
    let mut shared = 0;
    let mut compared = 0;
    for &at in checkpoints {
        let schedule = branch(at);
        let runs: Vec<Run> = seeds
            .iter()
            .map(|&s| {
                let label = format!("cool-down from {at}");
                sgd(
                    setup,
                    &label,
                    &mut gd(&schedule),
                    Some(&schedule),
                    at + cool,
                    s,
                    None,
                )
            })
            .collect();
        for (b, m) in runs.iter().zip(&mains) {
            compared += 1;
            shared += usize::from(b.history[..=at] == m.history[..=at]);
        }
        report.history("branches", &runs[..1]);
        let end = at + cool;
        let excess_at = |runs: &[Run], t: usize| {
            mean(
                &runs
                    .iter()
                    .map(|r| r.history[t].loss - setup.l_star)
                    .collect::<Vec<_>>(),
            )
        };
        let there = excess_at(&mains, at);
        let constant_end = excess_at(&mains, end.min(n));
        let branch_end = excess_at(&runs, end);
        table.row([
            at.to_string(),
            num(there),
            num(constant_end),
            num(branch_end),
            format!("{}×", sig(constant_end / branch_end, 3)),
        ]);
        curves.push((
            format!("cool-down from {at}"),
            mean_excess(&runs, setup.l_star),
        ));
    }
    report.table(&table);
    report.line(format!(
        "constant phase shared bit for bit (every row up to the checkpoint): {shared} of {compared} branches"
    ));
    report.line("(excess: L - L*, mean over the seeds; drop: constant over branch, at the end of the cool-down)");
    curves
}

/// Every method on one budget: the excess at a quarter, half and all of it.
pub fn budget(
    report: &mut Report,
    setup: &Setup,
    schedules: &[(&str, Box<dyn ClosedForm>)],
    schedule_free: &[Fresh],
) -> Vec<(String, Vec<f64>)> {
    let n = setup.steps;
    let seeds = &setup.seeds;
    report.section(&format!(
        "One budget of {n} steps: final excess loss of each method (mean of {} seeds)",
        seeds.len()
    ));
    let mut table = Table::new(&["method", "t = n/4", "t = n/2", "t = n", "vs constant"]);
    let mut curves = Vec::new();
    let mut rows: Vec<(String, Vec<f64>)> = Vec::new();
    for (label, schedule) in schedules {
        let runs: Vec<Run> = seeds
            .iter()
            .map(|&s| {
                sgd(
                    setup,
                    label,
                    &mut gd(schedule.as_ref()),
                    Some(schedule.as_ref()),
                    n,
                    s,
                    None,
                )
            })
            .collect();
        report.history("budget", &runs[..1]);
        rows.push((label.to_string(), mean_excess(&runs, setup.l_star)));
    }
    for (label, kind) in [
        (
            "constant, Polyak–Ruppert (2nd half)",
            Average::Uniform { from: n / 2 },
        ),
        ("constant, EMA 0.999", Average::Ema { decay: 0.999 }),
    ] {
        let curves: Vec<Vec<f64>> = seeds
            .iter()
            .map(|&s| averaged(setup, kind, n, s).1)
            .collect();
        let len = curves.iter().map(Vec::len).min().unwrap_or(0);
        let curve = (0..len)
            .map(|t| mean(&curves.iter().map(|c| c[t]).collect::<Vec<_>>()))
            .collect();
        rows.push((label.to_string(), curve));
    }
    for (label, make) in schedule_free {
        let runs: Vec<Run> = seeds
            .iter()
            .map(|&s| {
                let mut optimizer = make();
                sgd(
                    setup,
                    label,
                    &mut optimizer as &mut dyn Optimizer,
                    None,
                    n,
                    s,
                    None,
                )
            })
            .collect();
        report.history("budget", &runs[..1]);
        rows.push((label.to_string(), mean_excess(&runs, setup.l_star)));
    }
    let constant_end = rows[0].1[n];
    for (label, curve) in &rows {
        let at = |t: usize| curve.get(t).map_or("-".to_string(), |&v| num(v));
        table.row([
            label.clone(),
            at(n / 4),
            at(n / 2),
            at(n),
            curve
                .get(n)
                .map_or("-".into(), |&v| format!("{}×", sig(v / constant_end, 3))),
        ]);
        if [
            "constant",
            "cosine to 0",
            "WSD linear to 0",
            "constant, Polyak–Ruppert (2nd half)",
            "schedule-free SGD 0.1",
        ]
        .contains(&label.as_str())
        {
            curves.push((label.clone(), curve.clone()));
        }
    }
    report.table(&table);
    report.line("(excess: L - L* at the evaluated point, mean over the seeds; for schedule-free runs, their averaged point x)");
    curves
}

/// The budget doubled after the fact: what each method has to redo.
pub fn extended(
    report: &mut Report,
    setup: &Setup,
    cosine: (&dyn ClosedForm, &dyn ClosedForm),
    wsd: (&dyn ClosedForm, &dyn ClosedForm),
) {
    let n = setup.steps;
    let long = 2 * n;
    let seeds = &setup.seeds;
    report.section(&format!(
        "Stopped at n = {n} or extended to 2n = {long}: excess loss (mean of {} seeds)",
        seeds.len()
    ));
    let mut table = Table::new(&["method", "at n", "at 2n", "to go on from n to 2n"]);
    let mean_at = |runs: &[Run], t: usize| {
        mean(
            &runs
                .iter()
                .map(|r| r.history[t].loss - setup.l_star)
                .collect::<Vec<_>>(),
        )
    };
    let runs_of = |label: &str, schedule: &dyn ClosedForm, steps: usize| -> Vec<Run> {
        seeds
            .iter()
            .map(|&s| {
                sgd(
                    setup,
                    label,
                    &mut gd(schedule),
                    Some(schedule),
                    steps,
                    s,
                    None,
                )
            })
            .collect()
    };
    // Cosine planned for n, run on past n (PyTorch's cosine climbs back), and rerun for 2n.
    let planned = runs_of("cosine for n, run on", cosine.0, long);
    let rerun = runs_of("cosine for 2n", cosine.1, long);
    table.row([
        "cosine for n, run on".into(),
        num(mean_at(&planned, n)),
        num(mean_at(&planned, long)),
        "nothing; its rate climbs back to the peak".into(),
    ]);
    table.row([
        "cosine for 2n".into(),
        "-".into(),
        num(mean_at(&rerun, long)),
        "a new run from step 0".into(),
    ]);
    let wsd_n = runs_of("WSD for n", wsd.0, n);
    let wsd_2n = runs_of("WSD for 2n", wsd.1, long);
    table.row([
        "WSD".into(),
        num(mean_at(&wsd_n, n)),
        num(mean_at(&wsd_2n, long)),
        "a cool-down branched from the constant run".into(),
    ]);
    let averaged_runs: Vec<Vec<f64>> = seeds
        .iter()
        .map(|&s| averaged(setup, Average::Uniform { from: n / 2 }, long, s).1)
        .collect();
    table.row([
        "constant, Polyak–Ruppert from n/2".into(),
        num(mean(
            &averaged_runs.iter().map(|c| c[n]).collect::<Vec<_>>(),
        )),
        num(mean(
            &averaged_runs.iter().map(|c| c[long]).collect::<Vec<_>>(),
        )),
        "nothing: the same run goes on".into(),
    ]);
    let free: Vec<Run> = seeds
        .iter()
        .map(|&s| {
            sgd(
                setup,
                "schedule-free SGD",
                &mut ScheduleFree::sgd(PEAK),
                None,
                long,
                s,
                None,
            )
        })
        .collect();
    table.row([
        "schedule-free SGD 0.1".into(),
        num(mean_at(&free, n)),
        num(mean_at(&free, long)),
        "nothing: the same run goes on".into(),
    ]);
    report.history(
        "extended",
        &[&planned[..1], &rerun[..1], &wsd_2n[..1], &free[..1]].concat(),
    );
    report.table(&table);
}

/// The river valley: each run's loss split into across and along, half-way and at the end.
pub fn river(report: &mut Report, runs: &[Run], valley: &RiverValley) {
    let n = runs[0].history.len() - 1;
    report.section(&format!(
        "Why the drop happens: a river valley, loss split across and along ({n} steps, one seed)"
    ));
    let window = (n / 20).max(1);
    let mut table = Table::new(&[
        "run",
        "across at n/2",
        "along at n/2",
        "across at n",
        "along at n",
        "loss at n",
    ]);
    for run in runs {
        // Across is noisy: its mean over the window of rows that ends at t.
        let across = |t: usize| {
            let rows = &run.history[t + 1 - window.min(t + 1)..=t];
            num(mean(
                &rows
                    .iter()
                    .map(|r| valley.across(r.params.view()))
                    .collect::<Vec<_>>(),
            ))
        };
        let along = |t: usize| num(valley.along(run.history[t].params.view()));
        table.row([
            run.label.clone(),
            across(n / 2),
            along(n / 2),
            across(n),
            along(n),
            num(run.final_loss()),
        ]);
    }
    report.table(&table);
    report.line(format!(
        "(across: 5·x2², the height up the banks, mean of the {window} rows up to that step; \
         along: 0.001·x1², the way left down the river)"
    ));
    report.history("river", runs);
}

/// Cosine, WSD and schedule-free SGD at each peak rate: the mean final excess, and the
/// best rate of each.
pub fn tuned(report: &mut Report, setup: &Setup, peaks: &[f64], decay: usize) {
    let n = setup.steps;
    let final_excess = |make: &dyn Fn(u64) -> Run| {
        mean(
            &setup
                .seeds
                .iter()
                .map(|&s| make(s).final_loss() - setup.l_star)
                .collect::<Vec<_>>(),
        )
    };
    let mut header = vec!["tuned".to_string()];
    header.extend(peaks.iter().map(|p| format!("η = {}", num(*p))));
    header.push("best η".into());
    let mut table = Table::new(&header);
    for method in ["cosine to 0", "WSD 1-sqrt to 0", "schedule-free SGD"] {
        let results: Vec<f64> = peaks
            .iter()
            .map(|&peak| {
                final_excess(&|seed| match method {
                    "cosine to 0" => {
                        let c = CosineAnnealingLR::new(peak, n);
                        sgd(setup, method, &mut gd(&c), Some(&c), n, seed, None)
                    }
                    "WSD 1-sqrt to 0" => {
                        let w = Wsd::new(peak, n, decay).decay_shape(DecayShape::Sqrt);
                        sgd(setup, method, &mut gd(&w), Some(&w), n, seed, None)
                    }
                    _ => sgd(
                        setup,
                        method,
                        &mut ScheduleFree::sgd(peak),
                        None,
                        n,
                        seed,
                        None,
                    ),
                })
            })
            .collect();
        let best = (0..peaks.len())
            .min_by(|&a, &b| results[a].total_cmp(&results[b]))
            .expect("at least one peak");
        let mut row = vec![method.to_string()];
        row.extend(results.iter().map(|&r| num(r)));
        row.push(num(peaks[best]));
        table.row(row);
    }
    report.table(&table);
    report.line("(final excess loss, mean over the seeds, at each peak rate)");
}
