//! Chapter 5, "Momentum and adaptive optimizers": what momentum and per-parameter rates
//! do to "the learning rate", on trajectories and numbers.
//!
//!     cargo run --example adaptive
//!     cargo run --example adaptive -- --optimizer adam --lr 0.3 --start -5,-2 --steps 60

mod figures;
mod single_run;
mod tables;

use ndarray::{Array1, array};
use stepsize::analysis::stability;
use stepsize::math;
use stepsize::optim::{Adagrad, Adam, Optimizer, Rmsprop, Sgd};
use stepsize::output::flags::{Args, Kind, Opt};
use stepsize::output::optimizers;
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
fn contenders() -> Vec<(&'static str, Box<dyn Optimizer>)> {
    vec![
        ("SGD η=0.4", Box::new(Sgd::new(0.4))),
        (
            "momentum η=0.1 β=0.9",
            Box::new(Sgd::new(0.1).momentum(0.9)),
        ),
        (
            "Nesterov η=0.1 β=0.9",
            Box::new(Sgd::new(0.1).momentum(0.9).nesterov(true)),
        ),
        ("Adagrad η=0.4", Box::new(Adagrad::new(0.4))),
        ("RMSprop η=0.1", Box::new(Rmsprop::new(0.1))),
        ("Adam η=0.3", Box::new(Adam::new(0.3))),
    ]
}

/// An optimizer with PyTorch's defaults, at the rate given.
type AtRate = fn(f64) -> Box<dyn Optimizer>;

fn main() {
    let args = Args::parse(
        "adaptive",
        "momentum and adaptive optimizers on a quadratic, Rosenbrock's valley and a small network",
        OPTIONS,
    );
    let mut report = Report::new(&args);
    let quadratic = Quadratic::d2l();
    // `--optimizer NAME` runs that one optimizer on the quadratic instead (single_run.rs).
    if let Some(name) = args.maybe_text("optimizer") {
        single_run::run(&mut report, &name, &args, &quadratic);
        report.finish();
        return;
    }
    single_run::require_optimizer_for_its_flags(&args);

    // ANCHOR: gd
    // Dive into Deep Learning's ill-conditioned bowl 0.1·x1² + 2·x2² from (−5, −2): its
    // Hessian has eigenvalues 0.2 and 4, so plain gradient descent needs η < 2/4 = 0.5.
    let start = array![-5.0, -2.0];
    let budget = Budget::steps(20);
    let gd: Vec<Run> = [0.4, 0.6]
        .into_iter()
        .map(|lr| {
            let mut sgd = Sgd::new(lr);
            train(
                format!("SGD η={lr}"),
                &quadratic,
                &mut sgd,
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
    report.table(&tables::gd(&gd));
    report.history("gd", &gd);
    report.figure("gd", figures::gd(&quadratic, &gd));

    // ANCHOR: trajectories
    // Every optimizer from the same start, 50 steps each.
    let budget = Budget::steps(50);
    let runs: Vec<Run> = contenders()
        .into_iter()
        .map(|(label, mut opt)| train(label, &quadratic, opt.as_mut(), start.clone(), &budget))
        .collect();
    // ANCHOR_END: trajectories

    report.section("Six optimizers on the same bowl, 50 steps");
    report.table(&tables::losses(&runs, &[5, 10, 20, 50]));
    report.history("quadratic", &runs);
    report.figure("trajectories", figures::trajectories(&quadratic, &runs));

    // ANCHOR: theory
    // Theory against simulation on the steep direction alone (curvature λ = 4): heavy-ball
    // momentum is stable exactly when 0 < ηλ < 2 + 2β. Bisection finds the edge.
    let steep = Quadratic { coeffs: vec![2.0] };
    let edge = |beta: f64| {
        let momentum = |lr| Box::new(Sgd::new(lr).momentum(beta)) as Box<dyn Optimizer>;
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
    let measured = |lr: f64, beta: f64| {
        let run = train(
            "rate",
            &quadratic,
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

    // ANCHOR: rosenbrock
    // Rosenbrock's valley from (−1.5, 2), 3000 steps each.
    let valley = Rosenbrock::default();
    let budget = Budget::steps(3000);
    let optimizers: Vec<(&str, Box<dyn Optimizer>)> = vec![
        ("SGD η=0.001", Box::new(Sgd::new(0.001))),
        (
            "momentum η=0.0005 β=0.9",
            Box::new(Sgd::new(0.0005).momentum(0.9)),
        ),
        ("Adagrad η=0.5", Box::new(Adagrad::new(0.5))),
        ("RMSprop η=0.01", Box::new(Rmsprop::new(0.01))),
        ("Adam η=0.05", Box::new(Adam::new(0.05))),
    ];
    let rosen_runs: Vec<Run> = optimizers
        .into_iter()
        .map(|(label, mut opt)| train(label, &valley, opt.as_mut(), array![-1.5, 2.0], &budget))
        .collect();
    // ANCHOR_END: rosenbrock

    report.section("Rosenbrock's valley from (-1.5, 2), 3000 steps (minimum 0 at (1, 1))");
    report.table(&tables::losses(&rosen_runs, &[100, 1000, 3000]));
    report.history("rosenbrock", &rosen_runs);
    report.figure("rosenbrock", figures::rosenbrock(&valley, &rosen_runs));

    // ANCHOR: sensitivity
    // Sensitivity: final loss against η over five decades, same start, same budget.
    let grid: Vec<f64> = (0..=25)
        .map(|i| math::powf(10.0, -4.0 + i as f64 / 5.0))
        .collect();
    let methods: [(&str, AtRate); 4] = [
        ("SGD", |lr| Box::new(Sgd::new(lr))),
        ("momentum β=0.9", |lr| Box::new(Sgd::new(lr).momentum(0.9))),
        ("RMSprop", |lr| Box::new(Rmsprop::new(lr))),
        ("Adam", |lr| Box::new(Adam::new(lr))),
    ];
    let sweep = |problem: &dyn Problem,
                 start: &Array1<f64>,
                 steps: usize|
     -> Vec<(String, Vec<(f64, f64)>)> {
        methods
            .iter()
            .map(|(label, optimizer)| {
                let points = grid
                    .iter()
                    .map(|&lr| {
                        let mut opt = optimizer(lr);
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
    let (reaching, diverging) = tables::sensitivity(&on_bowl, &on_valley);
    report.table(&reaching);
    report.line("");
    report.table(&diverging);
    report.figure("sensitivity", figures::sensitivity(&on_bowl, &on_valley));

    // ANCHOR: network
    // A small network: one hidden layer of 16 tanh units on two moons, 150 training and
    // 150 held-out points, 500 full-batch steps with each optimizer.
    let (train_set, val_set) = two_moons(300, 0.2, 3).split(150);
    let net = Mlp::new(train_set, 16);
    let init = net.init(0);
    let budget = Budget::steps(500);
    let optimizers: Vec<(&str, Box<dyn Optimizer>)> = vec![
        ("SGD η=0.5", Box::new(Sgd::new(0.5))),
        (
            "momentum η=0.05 β=0.9",
            Box::new(Sgd::new(0.05).momentum(0.9)),
        ),
        ("Adagrad η=0.1", Box::new(Adagrad::new(0.1))),
        ("RMSprop η=0.01", Box::new(Rmsprop::new(0.01))),
        ("Adam η=0.01", Box::new(Adam::new(0.01))),
        ("AdamW η=0.01", Box::new(Adam::adamw(0.01))),
    ];
    let net_runs: Vec<Run> = optimizers
        .into_iter()
        .map(|(label, mut opt)| train(label, &net, opt.as_mut(), init.clone(), &budget))
        .collect();
    // ANCHOR_END: network

    report.section("A one-hidden-layer network on two moons, 500 full-batch steps");
    report.line(format!(
        "{} training points, {} held out, {} parameters",
        net.data.len(),
        val_set.len(),
        net.dim()
    ));
    report.table(&tables::network(&net, &val_set, &net_runs));
    report.history("network", &net_runs);
    report.figure("network", figures::network(&net_runs));

    // ANCHOR: cost
    // Cost: the state each optimizer keeps, per parameter. It depends only on the
    // configuration, so a freshly built optimizer can tell, before any step.
    let optimizers: Vec<(&str, Box<dyn Optimizer>)> = vec![
        ("SGD", Box::new(Sgd::new(0.01))),
        ("momentum", Box::new(Sgd::new(0.01).momentum(0.9))),
        ("Adagrad", Box::new(Adagrad::new(0.01))),
        ("RMSprop", Box::new(Rmsprop::new(0.01))),
        ("Adam", Box::new(Adam::new(0.01))),
        ("AdamW", Box::new(Adam::adamw(0.01))),
    ];
    let costs: Vec<(&str, usize)> = optimizers
        .into_iter()
        .map(|(label, opt)| (label, opt.state_per_param()))
        .collect();
    // ANCHOR_END: cost

    report.section("Memory: optimizer state per parameter");
    report.table(&tables::cost(&costs));
    report.line("(time per step on a few million parameters: cargo bench --bench optimizer_step)");

    report.finish();
}
