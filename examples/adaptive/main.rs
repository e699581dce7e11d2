//! Chapter "Momentum and adaptive optimizers": what momentum and per-parameter rates do to
//! "the learning rate", on trajectories and numbers.
//!
//!     cargo run --example adaptive
//!     cargo run --example adaptive -- --optimizer adam --lr 0.3 --start -5,-2 --steps 60
//!     cargo run --example adaptive -- --section rotated

mod figures;
mod single_run;
mod tables;

use ndarray::{Array1, array};
use stepsize::analysis::stability;
use stepsize::math;
use stepsize::optim::{Adagrad, Adam, Optimizer, Rmsprop, Sgd};
use stepsize::output::flags::Args;
use stepsize::output::report::Report;
use stepsize::problems::Problem;
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::mlp::Mlp;
use stepsize::problems::moons::two_moons;
use stepsize::problems::piecewise::PiecewiseBowl;
use stepsize::problems::quadratic::{Quadratic, QuadraticForm, rotation};
use stepsize::problems::rosenbrock::Rosenbrock;
use stepsize::train::{Budget, Run, train};

/// The chapter's settings for each optimizer on the quadratic: PyTorch's defaults except
/// the rate, a good one for each except AdaGrad, which gets SGD's 0.4 and is too slow with
/// it (the sweep on the turned bowl finds its good rates, 1 to 10).
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
        single_run::OPTIONS,
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
    let sections = single_run::sections(&args);
    // The start of every run on the bowl (section gd says why it is hard).
    let start = array![-5.0, -2.0];
    // Section first_step reads the first steps of section trajectories' runs.
    let mut bowl_runs: Option<Vec<Run>> = None;
    for section in sections {
        match section {
            "gd" => gd(&mut report, &quadratic),
            "trajectories" => {
                let runs = trajectories(&quadratic, &start);
                tables::trajectories(&mut report, &runs);
                report.figure("trajectories", figures::trajectories(&quadratic, &runs));
                bowl_runs = Some(runs);
            }
            "first_step" => {
                let runs = bowl_runs.take().unwrap_or_else(|| {
                    // Printed without section trajectories: its runs go in the CSV here.
                    let runs = trajectories(&quadratic, &start);
                    report.history("quadratic", &runs);
                    runs
                });
                first_step(&mut report, &quadratic, &start, &runs);
            }
            "theory" => theory(&mut report, &quadratic, &start),
            "beyond" => beyond(&mut report),
            "rosenbrock" => rosenbrock(&mut report),
            "sensitivity" => sensitivity(&mut report, &quadratic, &start),
            "rotated" => rotated(&mut report, &quadratic, &start),
            "network" => network(&mut report),
            "cost" => cost(&mut report),
            other => unreachable!("single_run.rs lists no section {other}"),
        }
    }
    report.finish();
}

/// Section gd: plain gradient descent below and above 2/λ_max on the bowl.
fn gd(report: &mut Report, quadratic: &Quadratic) {
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
                quadratic,
                &mut sgd,
                start.clone(),
                &budget,
            )
        })
        .collect();
    // ANCHOR_END: gd

    tables::gd(report, quadratic, &gd);
    report.figure("gd", figures::gd(quadratic, &gd));
}

/// Section trajectories: every optimizer on the bowl, 50 steps.
fn trajectories(quadratic: &Quadratic, start: &Array1<f64>) -> Vec<Run> {
    // ANCHOR: trajectories
    // Every optimizer from the same start, 50 steps each.
    let budget = Budget::steps(50);
    let runs: Vec<Run> = contenders()
        .into_iter()
        .map(|(label, mut opt)| train(label, quadratic, opt.as_mut(), start.clone(), &budget))
        .collect();
    // ANCHOR_END: trajectories
    runs
}

/// Section first_step: the first step of each adaptive run of section trajectories
/// (`runs`), against its formula.
fn first_step(report: &mut Report, quadratic: &Quadratic, start: &Array1<f64>, runs: &[Run]) {
    // ANCHOR: first_step
    // The first step of each adaptive run above, against its formula. Adam divides by
    // 1 − β^t, so its first step is η·sign(g). RMSprop has no such correction: its v starts
    // at 0 and is (1 − α)g² after one step, so the step is η/√(1 − α) per coordinate.
    // Adagrad's sum starts at 0 too (initial_accumulator_value=0), but a sum needs no
    // correction: s = g², and the step is η·sign(g).
    let alpha = Rmsprop::new(0.1).alpha;
    let first_step = |label: &str| runs.iter().find(|r| r.label.starts_with(label));
    let predicted: Vec<(&Run, f64, String)> = [
        ("Adagrad", 1.0, "η".to_string()),
        (
            "RMSprop",
            1.0 / (1.0 - alpha).sqrt(),
            format!("η/√(1-α), α = {alpha}"),
        ),
        ("Adam", 1.0, "η".to_string()),
    ]
    .into_iter()
    .filter_map(|(label, times_lr, formula)| Some((first_step(label)?, times_lr, formula)))
    .collect();
    // ANCHOR_END: first_step

    tables::first_step(report, quadratic, start, &predicted);
}

/// Section theory: momentum's stability limit, theory against bisection.
fn theory(report: &mut Report, quadratic: &Quadratic, start: &Array1<f64>) {
    // ANCHOR: theory
    // Theory against simulation on the steep direction alone (curvature λ = 4): heavy-ball
    // momentum is stable exactly when 0 < ηλ < 2 + 2β, PyTorch's Nesterov momentum when
    // 0 < ηλ < (2 + 2β)/(1 + 2β). Bisection finds each edge.
    let steep = Quadratic { coeffs: vec![2.0] };
    let edge = |beta: f64, nesterov: bool| {
        let momentum = |lr| {
            // PyTorch refuses nesterov=True without momentum; at β = 0 both are plain SGD.
            Box::new(Sgd::new(lr).momentum(beta).nesterov(nesterov && beta > 0.0))
                as Box<dyn Optimizer>
        };
        let budget = Budget::steps(3000).diverge_above(1e30);
        stability::measured_edge(&steep, momentum, &array![1.0], &budget, 0.01, 2.0, 40)
    };
    // ANCHOR_END: theory

    tables::theory(report, &edge, quadratic, start);
}

/// Section beyond: heavy ball and Nesterov on a function that is not quadratic.
fn beyond(report: &mut Report) {
    // ANCHOR: beyond
    // Beyond quadratics: Lessard, Recht and Packard's strongly convex function with
    // curvatures between λ_min = 1 and λ_max = 25 (κ = 25). Heavy ball with the tuning that is
    // best on every quadratic with those curvatures, against Nesterov's method with η = 1/λ_max and
    // β = (√κ − 1)/(√κ + 1), both from x = 3.3.
    let piecewise = PiecewiseBowl;
    let (m, l) = PiecewiseBowl::CURVATURES;
    let kappa: f64 = l / m;
    let polyak_lr = 4.0 / (l.sqrt() + m.sqrt()).powi(2);
    let polyak_beta = ((kappa.sqrt() - 1.0) / (kappa.sqrt() + 1.0)).powi(2);
    let nesterov_beta = (kappa.sqrt() - 1.0) / (kappa.sqrt() + 1.0);
    let budget = Budget::steps(300);
    let beyond: Vec<Run> = [
        (
            "heavy ball, Polyak's η and β",
            Sgd::new(polyak_lr).momentum(polyak_beta),
        ),
        (
            "Nesterov, η = 1/λ_max",
            Sgd::new(1.0 / l).momentum(nesterov_beta).nesterov(true),
        ),
    ]
    .into_iter()
    .map(|(label, mut opt)| train(label, &piecewise, &mut opt, array![3.3], &budget))
    .collect();
    // ANCHOR_END: beyond

    tables::beyond(report, &beyond);
}

/// Section rosenbrock: five optimizers in Rosenbrock's valley.
fn rosenbrock(report: &mut Report) {
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

    tables::rosenbrock(report, &rosen_runs);
    report.figure("rosenbrock", figures::rosenbrock(&valley, &rosen_runs));
}

// ANCHOR: sensitivity
// Sensitivity: final loss against η over five decades, same start, same budget.
const METHODS: [(&str, AtRate); 4] = [
    ("SGD", |lr| Box::new(Sgd::new(lr))),
    ("momentum β=0.9", |lr| Box::new(Sgd::new(lr).momentum(0.9))),
    ("RMSprop", |lr| Box::new(Rmsprop::new(lr))),
    ("Adam", |lr| Box::new(Adam::new(lr))),
];

/// Each method's final loss at each of 26 rates from 1e-4 to 10.
fn sweep(
    methods: &[(&str, AtRate)],
    problem: &dyn Problem,
    start: &Array1<f64>,
    steps: usize,
) -> Vec<(String, Vec<(f64, f64)>)> {
    let grid: Vec<f64> = (0..=25)
        .map(|i| math::powf(10.0, -4.0 + i as f64 / 5.0))
        .collect();
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
}

/// Section sensitivity: every method swept on the bowl and in Rosenbrock's valley.
fn sensitivity(report: &mut Report, quadratic: &Quadratic, start: &Array1<f64>) {
    let valley = Rosenbrock::default();
    let on_bowl = sweep(&METHODS, quadratic, start, 100);
    let on_valley = sweep(&METHODS, &valley, &array![-1.5, 2.0], 3000);
    // ANCHOR_END: sensitivity

    tables::sensitivity(report, &on_bowl, &on_valley);
    report.figure("sensitivity", figures::sensitivity(&on_bowl, &on_valley));
}

/// Section rotated: the sensitivity sweep on the bowl and on the same bowl turned by 45°.
fn rotated(report: &mut Report, quadratic: &Quadratic, start: &Array1<f64>) {
    // ANCHOR: rotated
    // The same bowl turned by 45°: the same eigenvalues 0.2 and 4, but the flat and steep
    // directions are now the diagonals, so every coordinate feels both curvatures. The
    // start turns with it, so plain gradient descent sees the same problem as before.
    let turn = std::f64::consts::FRAC_PI_4;
    let rotated = QuadraticForm::rotated(quadratic, turn);
    let rotated_start = rotation(turn).dot(start);
    let five: [(&str, AtRate); 5] = [
        METHODS[0],
        METHODS[1],
        METHODS[2],
        METHODS[3],
        ("Adagrad", |lr| Box::new(Adagrad::new(lr))),
    ];
    let aligned = sweep(&five, quadratic, start, 100);
    let turned = sweep(&five, &rotated, &rotated_start, 100);

    // The paths behind those counts: SGD at η = 0.4 and RMSprop at η = 0.1 (the chapter's
    // trajectories), 50 steps on each bowl.
    let budget = Budget::steps(50);
    let mut paths: Vec<Run> = Vec::new();
    for (bowl, from, name) in [
        (quadratic as &dyn Problem, start, "aligned"),
        (&rotated, &rotated_start, "turned"),
    ] {
        let mut sgd = Sgd::new(0.4);
        let mut rmsprop = Rmsprop::new(0.1);
        paths.push(train(
            format!("SGD η=0.4, {name}"),
            bowl,
            &mut sgd,
            from.clone(),
            &budget,
        ));
        paths.push(train(
            format!("RMSprop η=0.1, {name}"),
            bowl,
            &mut rmsprop,
            from.clone(),
            &budget,
        ));
    }
    // ANCHOR_END: rotated

    let house = LinearRegression::new(data::house_prices());
    tables::rotated(report, &rotated, &rotated_start, &aligned, &turned);
    tables::rotated_paths(report, &paths);
    tables::rescaling(report, quadratic, &rotated, &house.hessian());
    report.figure("rotated", figures::rotated(quadratic, &rotated, &paths));
}

/// Section network: six optimizers on a small network.
fn network(report: &mut Report) {
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

    tables::network(report, &net, &val_set, &net_runs);
    report.figure("network", figures::network(&net_runs));
}

/// Section cost: the state each optimizer keeps.
fn cost(report: &mut Report) {
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

    tables::cost(report, &costs);
}
