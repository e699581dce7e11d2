//! The printed sections of `adaptive`: each public function prints one section (its
//! heading, tables and lines) and records its runs for `--csv`. Formatting only, every
//! number comes from `main.rs`, except the theory section's check, which runs the
//! bisection `main.rs` defines and the two convergence rates it compares with theory, and
//! the properties of the problems printed beside the runs (the gradient at the start, the
//! Hessians' eigenvalues and condition numbers).

use ndarray::{Array1, Array2};
use stepsize::analysis::stability;
use stepsize::math;
use stepsize::optim::Sgd;
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::Problem;
use stepsize::problems::data::Dataset;
use stepsize::problems::mlp::Mlp;
use stepsize::problems::piecewise::PiecewiseBowl;
use stepsize::problems::quadratic::{Quadratic, QuadraticForm};
use stepsize::train::{Budget, Run, train};

/// Plain gradient descent below and above 2/λ_max on the quadratic.
pub fn gd(report: &mut Report, quadratic: &Quadratic, gd: &[Run]) {
    report.section("Gradient descent on 0.1·x1² + 2·x2² from (-5, -2)");
    let eig = quadratic.eigenvalues();
    report.line(format!(
        "Hessian eigenvalues {} and {}: stable for η < 2/λ_max = {}",
        num(eig[0]),
        num(eig[1]),
        num(2.0 / eig[1])
    ));
    report.table(&gd_table(gd));
    report.history("gd", gd);
}

/// Every optimizer on the quadratic.
pub fn trajectories(report: &mut Report, runs: &[Run]) {
    report.section("Six optimizers on the same bowl, 50 steps");
    report.table(&losses(runs, &[5, 10, 20, 50]));
    report.history("quadratic", runs);
}

/// Each adaptive run's first step beside its formula: `predicted` holds the run, the
/// predicted step as a multiple of η, and the formula's text.
pub fn first_step(
    report: &mut Report,
    quadratic: &Quadratic,
    start: &Array1<f64>,
    predicted: &[(&Run, f64, String)],
) {
    report.section("The first step of each adaptive optimizer: bias correction or none");
    let g = quadratic.gradient(start.view());
    report.line(format!(
        "gradient at ({}, {}): ({}, {})",
        num(start[0]),
        num(start[1]),
        num(g[0]),
        num(g[1])
    ));
    let mut table = Table::new(&[
        "optimizer",
        "step 1 per coordinate",
        "predicted",
        "x1 moved",
        "x2 moved",
    ]);
    for (run, times_lr, formula) in predicted {
        let moved = |i: usize| {
            run.history
                .get(1)
                .map_or("-".into(), |r| num((r.params[i] - start[i]).abs()))
        };
        table.row([
            run.label.clone(),
            formula.clone(),
            num(times_lr * run.lr()),
            moved(0),
            moved(1),
        ]);
    }
    report.table(&table);
}

/// Momentum's stability limits, predicted against found by bisection (`edge(β, nesterov)`,
/// the largest stable η on the steep direction λ = 4), then the best rates of gradient
/// descent and heavy-ball momentum, predicted against measured.
pub fn theory(
    report: &mut Report,
    edge: &dyn Fn(f64, bool) -> f64,
    quadratic: &Quadratic,
    start: &Array1<f64>,
) {
    report
        .section("Momentum's stability limit: theory against bisection on the simulation (λ = 4)");
    report.line("The largest stable ηλ:");
    let mut table = Table::new(&[
        "β",
        "heavy ball: 2 + 2β",
        "bisection",
        "Nesterov: (2 + 2β)/(1 + 2β)",
        "bisection",
        "largest relative gap",
    ]);
    for beta in [0.0, 0.5, 0.9, 0.99] {
        let heavy = (2.0 + 2.0 * beta, edge(beta, false) * 4.0);
        let nesterov = (
            (2.0 + 2.0 * beta) / (1.0 + 2.0 * beta),
            edge(beta, true) * 4.0,
        );
        let off = |(predicted, found): (f64, f64)| (found - predicted).abs() / predicted;
        table.row([
            num(beta),
            num(heavy.0),
            sig(heavy.1, 6),
            num(nesterov.0),
            sig(nesterov.1, 6),
            num(off(heavy).max(off(nesterov))),
        ]);
    }
    report.table(&table);
    let eig = quadratic.eigenvalues();
    let (lmin, lmax) = (eig[0], eig[eig.len() - 1]);
    let kappa = lmax / lmin;
    let gd_lr = 2.0 / (lmin + lmax);
    let gd_rate = (kappa - 1.0) / (kappa + 1.0);
    let hb_lr = (2.0 / (lmax.sqrt() + lmin.sqrt())).powi(2);
    let hb_beta = ((kappa.sqrt() - 1.0) / (kappa.sqrt() + 1.0)).powi(2);
    let hb_rate = (kappa.sqrt() - 1.0) / (kappa.sqrt() + 1.0);
    let measured = |lr: f64, beta: f64| {
        let run = train(
            "rate",
            quadratic,
            &mut Sgd::new(lr).momentum(beta),
            start.clone(),
            &Budget::steps(400).diverge_above(1e30),
        );
        // The error norm's decay per step between steps 200 and 400; the loss is the
        // squared error, hence the square root.
        math::powf(run.history[400].loss / run.history[200].loss, 1.0 / 400.0)
    };
    let mut table = Table::new(&["method", "η", "β", "predicted rate", "measured rate"]);
    table.row([
        "gradient descent, best η".to_string(),
        sig(gd_lr, 4),
        "0".into(),
        sig(gd_rate, 4),
        sig(measured(gd_lr, 0.0), 4),
    ]);
    table.row([
        "heavy-ball momentum, best η and β".to_string(),
        sig(hb_lr, 4),
        sig(hb_beta, 4),
        sig(hb_rate, 4),
        sig(measured(hb_lr, hb_beta), 4),
    ]);
    report.table(&table);
    report.line(format!(
        "κ = λ_max/λ_min = {}: (κ-1)/(κ+1) for gradient descent, (√κ-1)/(√κ+1) with momentum",
        num(kappa)
    ));
}

/// Heavy ball and Nesterov on a strongly convex function that is not a quadratic: the loss
/// along the way and the last positions, where a cycle shows.
pub fn beyond(report: &mut Report, runs: &[Run]) {
    report.section("Beyond quadratics: Lessard, Recht and Packard's function from x = 3.3");
    let (lo, hi) = PiecewiseBowl::CURVATURES;
    report.line(format!("L(x) = {}", PiecewiseBowl::FORMULA));
    report.line(format!(
        "curvature between λ_min = {} and λ_max = {}, κ = {}; minimum 0 at x = 0",
        num(lo),
        num(hi),
        num(hi / lo)
    ));
    report.table(&losses(runs, &[10, 100, 300]));
    for run in runs {
        let n = run.history.len();
        let last: Vec<String> = run.history[n.saturating_sub(4)..]
            .iter()
            .map(|r| num(r.params[0]))
            .collect();
        report.line(format!(
            "{}: x at the last steps {}",
            run.label,
            last.join(", ")
        ));
    }
    report.history("beyond", runs);
}

/// Every optimizer in Rosenbrock's valley.
pub fn rosenbrock(report: &mut Report, runs: &[Run]) {
    report.section("Rosenbrock's valley from (-1.5, 2), 3000 steps (minimum 0 at (1, 1))");
    report.table(&losses(runs, &[100, 1000, 3000]));
    report.history("rosenbrock", runs);
}

/// Gradient descent's x2 over the first steps, and how each run ended.
fn gd_table(gd: &[Run]) -> Table {
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

/// The sensitivity sweeps: how many rates reach the target on each problem, and how many
/// diverged.
pub fn sensitivity(
    report: &mut Report,
    on_bowl: &[(String, Vec<(f64, f64)>)],
    on_valley: &[(String, Vec<(f64, f64)>)],
) {
    report.section("Sensitivity: how many of 26 rates from 1e-4 to 10 reach the target");
    let (reaching, diverging) = sensitivity_tables(on_bowl, on_valley);
    report.table(&reaching);
    report.line("");
    report.table(&diverging);
}

/// How many rates reach the target on each problem, and how many diverged.
fn sensitivity_tables(
    on_bowl: &[(String, Vec<(f64, f64)>)],
    on_valley: &[(String, Vec<(f64, f64)>)],
) -> (Table, Table) {
    let mut table = Table::new(&[
        "method",
        "bowl: reaching 1e-6",
        "lowest … highest",
        "valley: reaching 1e-3",
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

/// The sweeps on the bowl and on the same bowl turned by 45°: for each method, how many
/// rates reach 1e-6 and the lowest final loss of any rate.
pub fn rotated(
    report: &mut Report,
    rotated: &QuadraticForm,
    start: &Array1<f64>,
    aligned: &[(String, Vec<(f64, f64)>)],
    turned: &[(String, Vec<(f64, f64)>)],
) {
    report.section("The same bowl turned by 45°: 26 rates from 1e-4 to 10, 100 steps");
    let h = &rotated.hessian;
    let eig = stability::symmetric_eigenvalues(h);
    report.line(format!(
        "turned: L = ½ xᵀHx with H = [[{}, {}], [{}, {}]], eigenvalues {} and {},",
        num(h[[0, 0]]),
        num(h[[0, 1]]),
        num(h[[1, 0]]),
        num(h[[1, 1]]),
        num(eig[0]),
        num(eig[1]),
    ));
    report.line(format!(
        "from ({}, {}) (loss {})",
        num(start[0]),
        num(start[1]),
        num(rotated.loss(start.view())),
    ));
    let mut table = Table::new(&[
        "method",
        "aligned: reaching 1e-6",
        "from … to",
        "best loss",
        "turned: reaching 1e-6",
        "best loss",
    ]);
    let best = |points: &[(f64, f64)]| {
        let lowest = points
            .iter()
            .map(|(_, l)| *l)
            .filter(|l| l.is_finite())
            .fold(f64::INFINITY, f64::min);
        num(lowest)
    };
    for ((label, a), (_, t)) in aligned.iter().zip(turned) {
        table.row([
            label.clone(),
            window(a, 1e-6).0,
            window(a, 1e-6).1,
            best(a),
            window(t, 1e-6).0,
            best(t),
        ]);
    }
    report.table(&table);
}

/// The drawn paths on both bowls: their losses along the way.
pub fn rotated_paths(report: &mut Report, paths: &[Run]) {
    report.line("");
    report.table(&losses(paths, &[5, 10, 20, 50]));
    report.history("rotated", paths);
}

/// What the best fixed per-coordinate rescaling makes of each Hessian's condition number.
pub fn rescaling(
    report: &mut Report,
    aligned: &Quadratic,
    rotated: &QuadraticForm,
    house: &Array2<f64>,
) {
    report.line("");
    let diagonal = Array2::from_diag(&Array1::from_iter(aligned.coeffs.iter().map(|a| 2.0 * a)));
    let mut table = Table::new(&[
        "Hessian",
        "off-diagonal",
        "κ",
        "κ after rescaling each coordinate",
    ]);
    for (name, h) in [
        ("bowl 0.1·x1² + 2·x2²", &diagonal),
        ("bowl turned by 45°", &rotated.hessian),
        ("house prices (chapter 3)", house),
    ] {
        table.row([
            name.to_string(),
            num(h[[0, 1]]),
            num(stability::condition_number(h)),
            num(stability::rescaled_condition_number(h)),
        ]);
    }
    report.table(&table);
}

/// The network runs: the data's size, then each run's training and held-out results.
pub fn network(report: &mut Report, net: &Mlp, val_set: &Dataset, net_runs: &[Run]) {
    report.section("A one-hidden-layer network on two moons, 500 full-batch steps");
    report.line(format!(
        "{} training points, {} held out, {} parameters",
        net.data.len(),
        val_set.len(),
        net.dim()
    ));
    report.table(&network_table(net, val_set, net_runs));
    report.history("network", net_runs);
}

/// Training and held-out loss and accuracy of each network run.
fn network_table(net: &Mlp, val_set: &Dataset, net_runs: &[Run]) -> Table {
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

/// The memory each optimizer needs, and where to find the time per step.
pub fn cost(report: &mut Report, costs: &[(&str, usize)]) {
    report.section("Memory: optimizer state per parameter");
    report.table(&cost_table(costs));
    report.line("(time per step on a few million parameters: cargo bench --bench optimizer_step)");
}

/// The state each optimizer keeps, per parameter and for ten million parameters.
fn cost_table(costs: &[(&str, usize)]) -> Table {
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
fn losses(runs: &[Run], steps: &[usize]) -> Table {
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
        // Three digits: the grid's rates are 10^(k/5), and 0.398 must not read as 0.4.
        (Some(lo), Some(hi)) => (count, format!("{} … {}", sig(*lo, 3), sig(*hi, 3))),
        _ => (count, "-".into()),
    }
}
