//! The tables of `adaptive`: formatting only, every number comes from `main.rs`.

use stepsize::output::table::{Table, num, sig};
use stepsize::problems::data::Dataset;
use stepsize::problems::mlp::Mlp;
use stepsize::train::Run;

/// Gradient descent's x2 over the first steps, and how each run ended.
pub fn gd(gd: &[Run]) -> Table {
    let mut table = Table::new(&[
        "run",
        "x2 at 1",
        "x2 at 2",
        "x2 at 3",
        "x1 at 20",
        "x2 at end",
        "outcome",
    ]);
    for run in gd {
        let x = |k: usize, i: usize| run.history.get(k).map_or("-".into(), |r| num(r.params[i]));
        table.row([
            run.label.clone(),
            x(1, 1),
            x(2, 1),
            x(3, 1),
            x(20, 0),
            num(run.final_params()[1]),
            run.summary(),
        ]);
    }
    table
}

/// How many rates reach the target on each problem, and how many diverged.
pub fn sensitivity(
    on_bowl: &[(String, Vec<(f64, f64)>)],
    on_valley: &[(String, Vec<(f64, f64)>)],
) -> (Table, Table) {
    let mut table = Table::new(&[
        "method",
        "bowl: rates reaching 1e-6",
        "lowest … highest",
        "valley: rates reaching 1e-3",
        "lowest … highest",
    ]);
    let diverged = |points: &[(f64, f64)]| {
        points
            .iter()
            .filter(|(_, l)| l.is_nan())
            .count()
            .to_string()
    };
    let mut blowups = Table::new(&[
        "method",
        "bowl: rates that diverged",
        "valley: rates that diverged",
    ]);
    for ((label, bowl), (_, val)) in on_bowl.iter().zip(on_valley) {
        let (b, bd) = window(bowl, 1e-6);
        let (v, vd) = window(val, 1e-3);
        table.row([label.clone(), b, bd, v, vd]);
        blowups.row([label.clone(), diverged(bowl), diverged(val)]);
    }
    (table, blowups)
}

/// Training and held-out loss and accuracy of each network run.
pub fn network(net: &Mlp, val_set: &Dataset, net_runs: &[Run]) -> Table {
    let mut table = Table::new(&[
        "optimizer",
        "train loss",
        "train accuracy",
        "held-out loss",
        "held-out accuracy",
    ]);
    for run in net_runs {
        let p = run.final_params();
        table.row([
            run.label.clone(),
            num(run.final_loss()),
            num(net.accuracy(p.view(), &net.data)),
            num(net.loss_on(p.view(), val_set)),
            num(net.accuracy(p.view(), val_set)),
        ]);
    }
    table
}

/// The state each optimizer keeps, per parameter and for ten million parameters.
pub fn cost(costs: &[(&str, usize)]) -> Table {
    let mut table = Table::new(&[
        "optimizer",
        "numbers per parameter",
        "bytes per parameter",
        "for 10 million parameters",
    ]);
    for &(label, n) in costs {
        table.row([
            label.to_string(),
            n.to_string(),
            (8 * n).to_string(),
            format!("{} MB", 8 * n * 10),
        ]);
    }
    table
}

/// Loss at chosen steps, and how each run ended.
pub fn losses(runs: &[Run], steps: &[usize]) -> Table {
    let mut header = vec!["optimizer".to_string()];
    header.extend(steps.iter().map(|k| format!("loss at {k}")));
    header.push("outcome".into());
    let mut table = Table::new(&header);
    for run in runs {
        let mut row = vec![run.label.clone()];
        row.extend(
            steps
                .iter()
                .map(|&k| run.history.get(k).map_or("-".into(), |r| num(r.loss))),
        );
        row.push(run.summary());
        table.row(row);
    }
    table
}

/// How many rates of a sweep reach `target`, and the lowest and highest of them (the good
/// rates need not be contiguous: the count is the honest measure).
fn window(points: &[(f64, f64)], target: f64) -> (String, String) {
    let good: Vec<f64> = points
        .iter()
        .filter(|(_, loss)| *loss < target)
        .map(|(lr, _)| *lr)
        .collect();
    let count = format!("{} of {}", good.len(), points.len());
    match (good.first(), good.last()) {
        (Some(lo), Some(hi)) => (count, format!("{} … {}", sig(*lo, 2), sig(*hi, 2))),
        _ => (count, "-".into()),
    }
}
