//! Chapter 5, "Momentum and adaptive optimizers": what momentum and per-parameter rates
//! do to "the learning rate", on trajectories and numbers.
//!
//!     cargo run --example adaptive
//!     cargo run --example adaptive -- --optimizer adam --lr 0.3 --start -5,-2 --steps 60

use ndarray::{Array1, array};
use stepsize::analysis::stability;
use stepsize::math;
use stepsize::optim::Optimizer;
use stepsize::output::flags::{Args, Kind, Opt};
use stepsize::output::optimizers::{self, Settings};
use stepsize::output::plot::{self, Chart, Legend, Series, Style};
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::Problem;
use stepsize::problems::mlp::Mlp;
use stepsize::problems::moons::two_moons;
use stepsize::problems::quadratic::Quadratic;
use stepsize::problems::rosenbrock::Rosenbrock;
use stepsize::train::{Budget, Run, train};

const OPTIONS: &[Opt] = &[
    Opt::new(
        "optimizer",
        Kind::MaybeChoice(optimizers::NAMES),
        "",
        "run this one optimizer on the quadratic instead of the chapter's experiments",
    ),
    Opt::new("lr", Kind::Lr, "0.1", "learning rate for --optimizer"),
    Opt::new("steps", Kind::Steps, "50", "steps for --optimizer").at_most(100_000),
    Opt::new(
        "start",
        Kind::MaybeNumbers,
        "",
        "starting point x1,x2 for --optimizer [default: -5,-2]",
    ),
    Opt::new("momentum", Kind::MaybeNumber, "", "SGD/RMSprop momentum"),
    Opt::new("dampening", Kind::MaybeNumber, "", "SGD dampening"),
    Opt::new("alpha", Kind::MaybeNumber, "", "RMSprop smoothing constant"),
    Opt::new(
        "eps",
        Kind::MaybeNumber,
        "",
        "term added to the denominator (Adagrad, RMSprop, Adam)",
    ),
    Opt::new(
        "beta1",
        Kind::MaybeNumber,
        "",
        "Adam/AdamW first-moment decay",
    ),
    Opt::new(
        "beta2",
        Kind::MaybeNumber,
        "",
        "Adam/AdamW second-moment decay",
    ),
    Opt::new(
        "weight-decay",
        Kind::MaybeNumber,
        "",
        "L2 penalty (decoupled for AdamW)",
    ),
    Opt::new(
        "lr-decay",
        Kind::MaybeNumber,
        "",
        "Adagrad learning-rate decay",
    ),
    Opt::new(
        "amsgrad",
        Kind::Flag,
        "",
        "Adam/AdamW: use the maximum of past second moments",
    ),
    Opt::new(
        "centered",
        Kind::Flag,
        "",
        "RMSprop: normalise by the variance, not the raw second moment",
    ),
];

/// The chapter's settings for each optimizer on the quadratic: PyTorch's defaults except
/// the rate, chosen to be a good one for each.
fn contenders() -> Vec<(&'static str, &'static str, f64, Settings)> {
    let s = Settings::default;
    vec![
        ("SGD η=0.4", "sgd", 0.4, s()),
        ("momentum η=0.1 β=0.9", "momentum", 0.1, s()),
        ("Nesterov η=0.1 β=0.9", "nesterov", 0.1, s()),
        ("Adagrad η=0.4", "adagrad", 0.4, s()),
        ("RMSprop η=0.1", "rmsprop", 0.1, s()),
        ("Adam η=0.3", "adam", 0.3, s()),
    ]
}

fn main() {
    let args = Args::parse(
        "adaptive",
        "momentum and adaptive optimizers on a quadratic, Rosenbrock's valley and a small network",
        OPTIONS,
    );
    let mut report = Report::new(&args);
    let settings = settings_from(&args);
    let quadratic = Quadratic::d2l();
    if let Some(name) = args.maybe_text("optimizer") {
        let start = args.maybe_numbers("start").unwrap_or(vec![-5.0, -2.0]);
        if start.len() != 2 {
            eprintln!(
                "error: --start: needs two numbers x1,x2, got {} (see --help)",
                start.len()
            );
            std::process::exit(2);
        }
        let mut opt = build_or_exit(&name, args.number("lr"), &settings);
        let run = train(
            &name,
            &quadratic,
            opt.as_mut(),
            Array1::from(start),
            &Budget::steps(args.steps("steps")),
        );
        report.section(&format!("{name} on 0.1·x1² + 2·x2²"));
        report.table(&path_table(&run, 25));
        report.line(run.summary());
        report.history("quadratic", std::slice::from_ref(&run));
        // The drawn box grows to take in the start, wherever the reader put it.
        let first = &run.history[0].params;
        let grow = |(lo, hi): (f64, f64), v: f64| (lo.min(v * 1.1 - 0.5), hi.max(v * 1.1 + 0.5));
        let (xr, yr) = (grow((-5.5, 2.5), first[0]), grow((-3.0, 3.0), first[1]));
        let title = format!("{name}, η = {}: {}", num(args.number("lr")), run.summary());
        let levels = [0.1, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 64.0, 256.0];
        let chart = plot::paths_over_contours(
            &title,
            |x, y| quadratic.at(&[x, y]),
            xr,
            yr,
            &levels,
            std::slice::from_ref(&run),
            0,
        );
        report.figure(&name, chart.render((760, 460)));
        report.finish();
        return;
    }
    let single_run: Vec<&str> = OPTIONS
        .iter()
        .map(|o| o.name)
        .filter(|n| *n != "optimizer")
        .collect();
    args.require_with("optimizer", &single_run);

    // ANCHOR: gd
    // Dive into Deep Learning's ill-conditioned bowl 0.1·x1² + 2·x2² from (−5, −2): its
    // Hessian has eigenvalues 0.2 and 4, so plain gradient descent needs η < 2/4 = 0.5.
    let start = array![-5.0, -2.0];
    let budget = Budget::steps(20);
    let gd: Vec<Run> = [0.4, 0.6]
        .into_iter()
        .map(|lr| {
            let mut sgd = optimizers::build("sgd", lr, &Settings::default()).expect("valid");
            train(
                format!("SGD η={lr}"),
                &quadratic,
                sgd.as_mut(),
                start.clone(),
                &budget,
            )
        })
        .collect();
    // ANCHOR_END: gd

    report.section("Gradient descent on 0.1·x1² + 2·x2² from (-5, -2)");
    let eig = quadratic.eigenvalues();
    report.line(format!(
        "Hessian eigenvalues {} and {}: stable for η < 2/λ_max = {}",
        num(eig[0]),
        num(eig[1]),
        num(2.0 / eig[1])
    ));
    let mut table = Table::new(&[
        "run",
        "x2 at 1",
        "x2 at 2",
        "x2 at 3",
        "x1 at 20",
        "x2 at end",
        "outcome",
    ]);
    for run in &gd {
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
    report.table(&table);
    report.history("gd", &gd);
    let chart = paths_on_quadratic(
        "Gradient descent: η = 0.4 converges, η = 0.6 diverges along x2",
        &quadratic,
        &gd,
        0,
    );
    report.figure("gd", chart.render((760, 460)));

    // ANCHOR: trajectories
    // Every optimizer from the same start, 50 steps each.
    let budget = Budget::steps(50);
    let runs: Vec<Run> = contenders()
        .into_iter()
        .map(|(label, name, lr, s)| {
            let mut opt =
                optimizers::build(name, lr, &s).expect("the chapter's settings are valid");
            train(label, &quadratic, opt.as_mut(), start.clone(), &budget)
        })
        .collect();
    // ANCHOR_END: trajectories

    report.section("Six optimizers on the same bowl, 50 steps");
    report.table(&final_table(&runs, &[5, 10, 20, 50]));
    report.history("quadratic", &runs);
    let panels: Vec<Chart> = runs
        .iter()
        .enumerate()
        .map(|(i, run)| {
            paths_on_quadratic(&run.label, &quadratic, std::slice::from_ref(run), i)
                .legend(Legend::None)
        })
        .collect();
    report.figure(
        "trajectories",
        plot::grid(
            "Six optimizers on 0.1·x1² + 2·x2², 50 steps from (-5, -2)",
            &panels,
            2,
            (430, 290),
        ),
    );

    // ANCHOR: theory
    // Theory against simulation on the steep direction alone (curvature λ = 4): heavy-ball
    // momentum is stable exactly when 0 < ηλ < 2 + 2β. Bisection finds the edge.
    let steep = Quadratic { coeffs: vec![2.0] };
    let edge = |beta: f64| {
        let momentum = |lr| {
            let settings = Settings {
                momentum: Some(beta),
                ..Settings::default()
            };
            optimizers::build("momentum", lr, &settings).expect("valid")
        };
        let budget = Budget::steps(3000).diverge_above(1e30);
        stability::measured_edge(&steep, momentum, &array![1.0], &budget, 0.01, 2.0, 40)
    };
    // ANCHOR_END: theory

    report
        .section("Momentum's stability limit: theory against bisection on the simulation (λ = 4)");
    let mut table = Table::new(&[
        "β",
        "predicted max ηλ = 2 + 2β",
        "bisection",
        "relative difference",
    ]);
    for beta in [0.0, 0.5, 0.9, 0.99] {
        let found = edge(beta) * 4.0;
        let predicted = 2.0 + 2.0 * beta;
        table.row([
            num(beta),
            num(predicted),
            sig(found, 6),
            num((found - predicted).abs() / predicted),
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
    let measured = |name: &str, lr: f64, beta: f64| {
        let mut opt = optimizers::build(
            name,
            lr,
            &Settings {
                momentum: (beta > 0.0).then_some(beta),
                ..Settings::default()
            },
        )
        .expect("valid");
        let run = train(
            "rate",
            &quadratic,
            opt.as_mut(),
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
        sig(measured("sgd", gd_lr, 0.0), 4),
    ]);
    table.row([
        "heavy-ball momentum, best η and β".to_string(),
        sig(hb_lr, 4),
        sig(hb_beta, 4),
        sig(hb_rate, 4),
        sig(measured("momentum", hb_lr, hb_beta), 4),
    ]);
    report.table(&table);
    report.line(format!(
        "κ = λ_max/λ_min = {}: (κ-1)/(κ+1) for gradient descent, (√κ-1)/(√κ+1) with momentum",
        num(kappa)
    ));

    // ANCHOR: rosenbrock
    // Rosenbrock's valley from (−1.5, 2), 3000 steps each.
    let valley = Rosenbrock::default();
    let budget = Budget::steps(3000);
    let rosen_runs: Vec<Run> = [
        ("SGD η=0.001", "sgd", 0.001),
        ("momentum η=0.0005 β=0.9", "momentum", 0.0005),
        ("Adagrad η=0.5", "adagrad", 0.5),
        ("RMSprop η=0.01", "rmsprop", 0.01),
        ("Adam η=0.05", "adam", 0.05),
    ]
    .into_iter()
    .map(|(label, name, lr)| {
        let mut opt = optimizers::build(name, lr, &Settings::default()).expect("valid");
        train(label, &valley, opt.as_mut(), array![-1.5, 2.0], &budget)
    })
    .collect();
    // ANCHOR_END: rosenbrock

    report.section("Rosenbrock's valley from (-1.5, 2), 3000 steps (minimum 0 at (1, 1))");
    report.table(&final_table(&rosen_runs, &[100, 1000, 3000]));
    report.history("rosenbrock", &rosen_runs);
    report.figure(
        "rosenbrock",
        paths_on_rosenbrock(&valley, &rosen_runs).render((760, 560)),
    );

    // ANCHOR: sensitivity
    // Sensitivity: final loss against η over five decades, same start, same budget.
    let grid: Vec<f64> = (0..=25)
        .map(|i| math::powf(10.0, -4.0 + i as f64 / 5.0))
        .collect();
    let methods = [
        ("SGD", "sgd"),
        ("momentum β=0.9", "momentum"),
        ("RMSprop", "rmsprop"),
        ("Adam", "adam"),
    ];
    let sweep = |problem: &dyn Problem,
                 start: &Array1<f64>,
                 steps: usize|
     -> Vec<(String, Vec<(f64, f64)>)> {
        methods
            .iter()
            .map(|(label, name)| {
                let points = grid
                    .iter()
                    .map(|&lr| {
                        let mut opt =
                            optimizers::build(name, lr, &Settings::default()).expect("valid");
                        let run = train(
                            "sweep",
                            problem,
                            opt.as_mut(),
                            start.clone(),
                            &Budget::steps(steps),
                        );
                        (
                            lr,
                            // NaN marks a diverged run: counted apart, a gap in the figure.
                            if run.outcome.diverged() {
                                f64::NAN
                            } else {
                                run.final_loss()
                            },
                        )
                    })
                    .collect();
                (label.to_string(), points)
            })
            .collect()
    };
    let on_bowl = sweep(&quadratic, &start, 100);
    let on_valley = sweep(&valley, &array![-1.5, 2.0], 3000);
    // ANCHOR_END: sensitivity

    report.section("Sensitivity: how many of 26 rates from 1e-4 to 10 reach the target");
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
    for ((label, bowl), (_, val)) in on_bowl.iter().zip(&on_valley) {
        let (b, bd) = window(bowl, 1e-6);
        let (v, vd) = window(val, 1e-3);
        table.row([label.clone(), b, bd, v, vd]);
        blowups.row([label.clone(), diverged(bowl), diverged(val)]);
    }
    report.table(&table);
    report.line("");
    report.table(&blowups);
    report.figure(
        "sensitivity",
        plot::grid(
            "Final loss against η (diverged runs not drawn)",
            &[
                sensitivity_chart("bowl, 100 steps", &on_bowl),
                sensitivity_chart("Rosenbrock, 3000 steps", &on_valley),
            ],
            2,
            (460, 380),
        ),
    );

    // ANCHOR: network
    // A small network: one hidden layer of 16 tanh units on two moons, 150 training and
    // 150 held-out points, 500 full-batch steps with each optimizer.
    let (train_set, val_set) = two_moons(300, 0.2, 3).split(150);
    let net = Mlp::new(train_set, 16);
    let init = net.init(0);
    let budget = Budget::steps(500);
    let net_runs: Vec<Run> = [
        ("SGD η=0.5", "sgd", 0.5),
        ("momentum η=0.05 β=0.9", "momentum", 0.05),
        ("Adagrad η=0.1", "adagrad", 0.1),
        ("RMSprop η=0.01", "rmsprop", 0.01),
        ("Adam η=0.01", "adam", 0.01),
        ("AdamW η=0.01", "adamw", 0.01),
    ]
    .into_iter()
    .map(|(label, name, lr)| {
        let mut opt = optimizers::build(name, lr, &Settings::default()).expect("valid");
        train(label, &net, opt.as_mut(), init.clone(), &budget)
    })
    .collect();
    // ANCHOR_END: network

    report.section("A one-hidden-layer network on two moons, 500 full-batch steps");
    report.line(format!(
        "{} training points, {} held out, {} parameters",
        net.data.len(),
        val_set.len(),
        net.dim()
    ));
    let mut table = Table::new(&[
        "optimizer",
        "train loss",
        "train accuracy",
        "held-out loss",
        "held-out accuracy",
    ]);
    for run in &net_runs {
        let p = run.final_params();
        table.row([
            run.label.clone(),
            num(run.final_loss()),
            num(net.accuracy(p.view(), &net.data)),
            num(net.loss_on(p.view(), &val_set)),
            num(net.accuracy(p.view(), &val_set)),
        ]);
    }
    report.table(&table);
    report.history("network", &net_runs);
    let mut chart =
        plot::loss_curves("Training loss on two moons", &net_runs).legend(Legend::UpperRight);
    // The losses span one decade: a linear axis shows them better than a log one.
    chart.y_scale = plot::Scale::Linear;
    chart.y_label = "training loss".into();
    report.figure("network", chart.render((800, 460)));

    // ANCHOR: cost
    // Cost: the state each optimizer keeps, per parameter.
    let costs: Vec<(&str, Box<dyn Optimizer>)> = [
        ("SGD", "sgd"),
        ("momentum", "momentum"),
        ("Adagrad", "adagrad"),
        ("RMSprop", "rmsprop"),
        ("Adam", "adam"),
        ("AdamW", "adamw"),
    ]
    .into_iter()
    .map(|(label, name)| {
        let mut opt = optimizers::build(name, 0.01, &Settings::default()).expect("valid");
        opt.step(Array1::zeros(4).view_mut(), Array1::ones(4).view()); // state is allocated on the first step
        (label, opt)
    })
    .collect();
    // ANCHOR_END: cost

    report.section("Memory: optimizer state per parameter");
    let mut table = Table::new(&[
        "optimizer",
        "numbers per parameter",
        "bytes per parameter",
        "for 10 million parameters",
    ]);
    for (label, opt) in &costs {
        let n = opt.state_per_param();
        table.row([
            label.to_string(),
            n.to_string(),
            (8 * n).to_string(),
            format!("{} MB", 8 * n * 10),
        ]);
    }
    report.table(&table);
    report.line("(time per step on a few million parameters: cargo bench --bench optimizer_step)");

    report.finish();
}

/// The optimizer settings given on the command line.
fn settings_from(args: &Args) -> Settings {
    Settings {
        momentum: args.maybe_number("momentum"),
        dampening: args.maybe_number("dampening"),
        alpha: args.maybe_number("alpha"),
        eps: args.maybe_number("eps"),
        beta1: args.maybe_number("beta1"),
        beta2: args.maybe_number("beta2"),
        weight_decay: args.maybe_number("weight-decay"),
        lr_decay: args.maybe_number("lr-decay"),
        amsgrad: args.flag("amsgrad"),
        centered: args.flag("centered"),
    }
}

/// Build an optimizer from the command line; bad settings are bad input (exit code 2).
fn build_or_exit(name: &str, lr: f64, settings: &Settings) -> Box<dyn Optimizer> {
    optimizers::build(name, lr, settings).unwrap_or_else(|e| {
        eprintln!("error: {e} (see --help)");
        std::process::exit(2);
    })
}

/// A run's iterates, every step of a short run, a sample of a long one.
fn path_table(run: &Run, rows: usize) -> Table {
    let every = run.history.len().div_ceil(rows).max(1);
    let mut table = Table::new(&["step", "η", "x1", "x2", "loss"]);
    for (k, r) in run
        .history
        .iter()
        .enumerate()
        .filter(|(k, _)| k % every == 0 || k + 1 == run.history.len())
    {
        table.row([
            k.to_string(),
            num(r.lr),
            num(r.params[0]),
            num(r.params[1]),
            num(r.loss),
        ]);
    }
    table
}

/// Loss at chosen steps, and how each run ended.
fn final_table(runs: &[Run], steps: &[usize]) -> Table {
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

fn paths_on_quadratic(title: &str, q: &Quadratic, runs: &[Run], first_color: usize) -> Chart {
    let levels = [0.1, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];
    plot::paths_over_contours(
        title,
        |x, y| q.at(&[x, y]),
        (-5.5, 2.5),
        (-3.0, 3.0),
        &levels,
        runs,
        first_color,
    )
}

fn paths_on_rosenbrock(valley: &Rosenbrock, runs: &[Run]) -> Chart {
    let levels: Vec<f64> = (0..8)
        .map(|i| math::powf(10.0, -1.0 + 0.5 * i as f64))
        .collect();
    plot::paths_over_contours(
        "Five optimizers in Rosenbrock's valley",
        |x, y| valley.at(x, y),
        (-2.0, 2.0),
        (-1.0, 3.0),
        &levels,
        runs,
        0,
    )
    .legend(Legend::LowerRight)
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

/// Final loss against η; losses below 1e-16 (down to exactly 0) are drawn at 1e-16.
fn sensitivity_chart(title: &str, curves: &[(String, Vec<(f64, f64)>)]) -> Chart {
    let mut chart = Chart::new(
        title,
        "η (log scale)",
        "final loss (log scale, floor 1e-16)",
    )
    .log_x()
    .log_y()
    .y_range(1e-17, 1e4)
    .legend(Legend::UpperRight);
    for (i, (label, points)) in curves.iter().enumerate() {
        let finite: Vec<(f64, f64)> = points
            .iter()
            .map(|&(lr, l)| (lr, if l.is_nan() { l } else { l.max(1e-16) }))
            .collect();
        chart = chart
            .series(Series::new(finite, plot::color(i), Style::LineDots).label(label.as_str()));
    }
    chart
}
