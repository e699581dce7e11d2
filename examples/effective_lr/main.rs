//! Chapter "Normalization layers and weight decay": the effective learning rate of weights that
//! feed a normalization layer, and how weight decay sets it.
//!
//!     cargo run --example effective_lr
//!     cargo run --example effective_lr -- --section equilibrium --lr 0.1 --weight-decay 0.1

mod figures;
mod options;
mod tables;

use ndarray::{Array1, s};
use stepsize::analysis::gradcheck::central_differences;
use stepsize::math;
use stepsize::numfmt;
use stepsize::optim::{Adam, Optimizer, Sgd};
use stepsize::output::flags::Args;
use stepsize::output::report::Report;
use stepsize::problems::Problem;
use stepsize::problems::data::Dataset;
use stepsize::problems::moons;
use stepsize::problems::norm_net::{self, Mode, Norm, NormBatches, NormNet};
use stepsize::train::{Budget, Control, Run, Step, Training};

/// Hidden units, examples per mini-batch.
pub const HIDDEN: usize = 8;
pub const BATCH: usize = 32;

fn main() {
    let args = Args::parse(
        "effective_lr",
        "normalization layers and weight decay: the effective learning rate",
        options::OPTIONS,
    );
    let sections = options::sections(&args);
    let seed = args.seed("seed");
    let mut report = Report::new(&args);
    for section in sections {
        match section {
            "layers" => layers(&mut report, seed),
            "range" => range(&mut report, seed),
            "growth" => growth(&mut report, seed),
            "equilibrium" => equilibrium(&mut report, &args, seed),
            "coupled" => coupled(&mut report, seed),
            "eps" => eps(&mut report, seed),
            other => unreachable!("options.rs lists no section {other}"),
        }
    }
    report.finish();
}

/// The two moons: 256 training points and 144 held out.
pub fn moons() -> (Dataset, Dataset) {
    moons::two_moons(400, 0.2, 0).split(256)
}

pub fn norm_named(name: &str) -> Norm {
    match name {
        "none" => Norm::None,
        "layer" => Norm::Layer,
        _ => Norm::Batch,
    }
}

/// One training run and what the chapter measures along it.
pub struct Measured {
    pub run: Run,
    /// ‖w‖ of the first layer's weights (W1, b1) at each recorded row.
    pub norms: Vec<f64>,
    /// The angle in radians between w at the row before and at this row (NaN at row 0).
    pub angles: Vec<f64>,
    /// ‖g‖² of the first layer's share of each row's batch gradient (weight decay not
    /// included).
    pub grad_sq: Vec<f64>,
    /// The whole training set's loss at the end, in training mode.
    pub train_loss: f64,
    /// The held-out accuracy at the end, in evaluation mode.
    pub test_accuracy: f64,
}

impl Measured {
    /// The root mean square of the angular updates over the last `fraction` of the rows.
    pub fn rms_angle_tail(&self, fraction: f64) -> f64 {
        self.rms_angle_tail_up_to(self.angles.len() - 1, fraction)
    }

    /// The same, for the run cut short after `steps` updates.
    pub fn rms_angle_tail_up_to(&self, steps: usize, fraction: f64) -> f64 {
        let n = (steps + 1).min(self.angles.len());
        let from = (n as f64 * (1.0 - fraction)) as usize;
        rms(&self.angles[from.max(1)..n])
    }

    /// The mean of ‖w‖ over the last `fraction` of the rows.
    pub fn mean_norm_tail(&self, fraction: f64) -> f64 {
        let n = self.norms.len();
        let from = (n as f64 * (1.0 - fraction)) as usize;
        mean(&self.norms[from..])
    }

    /// The mean of ‖g‖² over the last `fraction` of the rows.
    pub fn mean_grad_sq_tail(&self, fraction: f64) -> f64 {
        let n = self.grad_sq.len();
        let from = (n as f64 * (1.0 - fraction)) as usize;
        mean(&self.grad_sq[from..])
    }

    /// Columns for `--csv`: ‖w‖ and the angular update at every row.
    pub fn csv(&self) -> Vec<Vec<f64>> {
        self.norms
            .iter()
            .zip(&self.angles)
            .map(|(&n, &a)| vec![n, a])
            .collect()
    }
}

pub fn rms(values: &[f64]) -> f64 {
    (values.iter().map(|v| v * v).sum::<f64>() / values.len().max(1) as f64).sqrt()
}

pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

/// The names of the extra CSV columns.
pub const CSV_COLUMNS: &[&str] = &["first_layer_norm", "first_layer_angle"];

// ANCHOR: train
/// Train the network with `norm` on mini-batches of 32 for `steps` updates, from PyTorch's
/// initialisation with the first layer's weights multiplied by `scale`, and measure the
/// first layer's ‖w‖, its angular update per step and its gradient along the way.
pub fn train(
    label: &str,
    norm: Norm,
    optimizer: &mut dyn Optimizer,
    steps: usize,
    seed: u64,
    scale: f64,
) -> Measured {
    let (train_set, test_set) = moons();
    let net = NormNet::new(train_set, HIDDEN, norm);
    let w = net.first_layer();
    let mut start = net.init(seed);
    start.slice_mut(s![w.clone()]).mapv_inplace(|v| v * scale);
    let batches = NormBatches::new(net, BATCH, seed);
    let mut grad_sq = Vec::new();
    let mut watch = |row: &Step<'_>| {
        let g = row.grad.slice(s![w.clone()]);
        grad_sq.push(g.dot(&g));
        Control::Continue
    };
    let run = Training::new(&batches, &Budget::steps(steps))
        .label(label)
        .observe(&mut watch)
        .run(optimizer, start);
    let params: Vec<_> = run.history.iter().map(|r| r.params.view()).collect();
    let norms = params
        .iter()
        .map(|p| norm_net::norm(*p, w.clone()))
        .collect();
    let mut angles = vec![f64::NAN];
    angles.extend(
        params
            .windows(2)
            .map(|p| norm_net::angle(p[0], p[1], w.clone())),
    );
    let last = run.final_params().view();
    let running = batches.running();
    let net = &batches.net;
    Measured {
        train_loss: net.loss(last),
        test_accuracy: net.accuracy(last, &test_set, Mode::Eval, Some(&running)),
        norms,
        angles,
        grad_sq,
        run,
    }
}
// ANCHOR_END: train

/// The optimizer named by `--optimizer`, at rate η with weight decay λ (PyTorch's
/// `weight_decay`, coupled for SGD and Adam, decoupled for AdamW).
pub fn optimizer(name: &str, lr: f64, weight_decay: f64) -> Box<dyn Optimizer> {
    match name {
        "adam" => Box::new(Adam::new(lr).weight_decay(weight_decay)),
        "adamw" => Box::new(Adam::adamw(lr).weight_decay(weight_decay)),
        _ => Box::new(Sgd::new(lr).weight_decay(weight_decay)),
    }
}

/// Section layers: the exact gradients against finite differences, and scale invariance.
fn layers(report: &mut Report, seed: u64) {
    let (train_set, _) = moons();
    let mut checks = Vec::new();
    let mut invariance = Vec::new();
    for norm in [Norm::None, Norm::Batch, Norm::Layer] {
        let net = NormNet::new(train_set.clone(), HIDDEN, norm);
        let p = net.init(seed);
        let exact = net.gradient(p.view());
        let approx = central_differences(&net, p.view(), 1e-5);
        let largest = exact.iter().fold(0.0_f64, |m, g| m.max(g.abs()));
        let error = (&exact - &approx)
            .iter()
            .fold(0.0_f64, |m, e| m.max(e.abs()));
        checks.push((norm, net.dim(), error / largest));
        // ANCHOR: invariance
        // Scale the first layer's weights and bias (W1, b1) by c: with a norm layer the
        // loss should not change, and the gradient should be orthogonal to w and shrink
        // like 1/c.
        let w = net.first_layer();
        let g1 = exact.slice(s![w.clone()]).to_owned();
        for c in [0.1, 10.0, 1000.0] {
            let mut scaled = p.clone();
            scaled.slice_mut(s![w.clone()]).mapv_inplace(|v| v * c);
            let g = net.gradient(scaled.view());
            let (gw, ww) = (g.slice(s![w.clone()]), scaled.slice(s![w.clone()]));
            let cosine = gw.dot(&ww) / (gw.dot(&gw).sqrt() * ww.dot(&ww).sqrt());
            let shrink = gw.dot(&gw).sqrt() * c / g1.dot(&g1).sqrt();
            let change = net.loss(scaled.view()) - net.loss(p.view());
            invariance.push((norm, c, change, cosine, shrink));
        }
        // ANCHOR_END: invariance
    }
    tables::layers(report, &checks, &invariance);
}

/// The rates of section range.
pub const RANGE_LRS: &[f64] = &[0.1, 0.3, 1.0, 3.0, 10.0, 30.0];
/// Updates per run in section range.
pub const RANGE_STEPS: usize = 200;
/// A run "trains" if its training loss ends below this.
pub const TRAINS_BELOW: f64 = 0.15;

/// Section range: plain SGD at the same rates with and without a norm layer.
fn range(report: &mut Report, seed: u64) {
    let mut results = Vec::new();
    for norm in [Norm::None, Norm::Batch, Norm::Layer] {
        for &lr in RANGE_LRS {
            let label = format!("{} η={lr}", norm.name());
            results.push(train(
                &label,
                norm,
                &mut Sgd::new(lr),
                RANGE_STEPS,
                seed,
                1.0,
            ));
        }
    }
    tables::range(report, &results);
    history(report, "range", &results);
}

/// The rate and decay of section growth.
pub const GROWTH_LR: f64 = 1.0;
pub const GROWTH_DECAY: f64 = 0.01;
pub const GROWTH_STEPS: usize = 600;

/// Section growth: without weight decay ‖w‖ grows and the effective rate η/‖w‖² falls.
fn growth(report: &mut Report, seed: u64) {
    // ANCHOR: growth
    // The same BatchNorm network and SGD rate, without and with weight decay.
    let runs = vec![
        train(
            "λ=0",
            Norm::Batch,
            &mut Sgd::new(GROWTH_LR),
            GROWTH_STEPS,
            seed,
            1.0,
        ),
        train(
            &format!("λ={GROWTH_DECAY}"),
            Norm::Batch,
            &mut Sgd::new(GROWTH_LR).weight_decay(GROWTH_DECAY),
            GROWTH_STEPS,
            seed,
            1.0,
        ),
    ];
    // ANCHOR_END: growth
    // Without decay and with g ⟂ w, every step is a right triangle: ‖w'‖² = ‖w‖² + η²‖g‖²
    // and tan θ = η‖g‖/‖w‖. The largest relative misfit of each over the run:
    let free = &runs[0];
    let mut pythagoras: f64 = 0.0;
    let mut tangent: f64 = 0.0;
    for t in 1..free.norms.len() {
        let (before, after) = (free.norms[t - 1], free.norms[t]);
        let step_sq = GROWTH_LR * GROWTH_LR * free.grad_sq[t - 1];
        pythagoras = pythagoras.max(((after * after) / (before * before + step_sq) - 1.0).abs());
        let predicted = math::atan(step_sq.sqrt() / before);
        tangent = tangent.max((free.angles[t] / predicted - 1.0).abs());
    }
    tables::growth(report, &runs, pythagoras, tangent);
    report.figure("growth", figures::growth(&runs));
    history(report, "growth", &runs);
}

/// SGD's predicted equilibrium angular update with coupled weight decay: arccos(1 − ηλ).
pub fn predicted_angle(lr: f64, weight_decay: f64) -> f64 {
    math::acos(1.0 - lr * weight_decay)
}

/// The fraction of each run, at its end, over which the equilibrium is measured.
pub const TAIL: f64 = 0.5;

/// Section equilibrium: weight decay sets ‖w‖, and with it the angular update.
fn equilibrium(report: &mut Report, args: &Args, seed: u64) {
    let name = args.maybe_text("optimizer").unwrap_or_else(|| "sgd".into());
    let norm = norm_named(&args.maybe_text("norm").unwrap_or_else(|| "batch".into()));
    let steps = args.steps("steps");
    let mut results = Vec::new();
    let mut pairs = Vec::new();
    for &lr in &args.lrs("lr") {
        for &wd in &args.lrs("weight-decay") {
            let label = format!("η={} λ={}", numfmt::num(lr), numfmt::num(wd));
            let mut opt = optimizer(&name, lr, wd);
            results.push(train(&label, norm, opt.as_mut(), steps, seed, 1.0));
            pairs.push((lr, wd));
        }
    }
    // The prediction assumes SGD and weights that a norm layer makes scale-invariant.
    let predicted = name == "sgd" && norm != Norm::None;
    tables::equilibrium(report, &name, norm, steps, predicted, &pairs, &results);
    report.figure(
        "equilibrium",
        figures::equilibrium(&pairs, &results, predicted),
    );
    history(report, "equilibrium", &results);
}

/// Kosson et al.'s (2024) equilibrium angular update for AdamW, from their random-walk
/// model of one neuron: √(2ηλ(1 − β₁)/(1 + β₁)) (their code's `adamw_etar_func`).
pub fn adamw_predicted_angle(lr: f64, weight_decay: f64, beta1: f64) -> f64 {
    (2.0 * lr * weight_decay * (1.0 - beta1) / (1.0 + beta1)).sqrt()
}

/// The setting of the hand-computed first steps: p = 2, gradient 0.5, η = λ = 0.1.
pub const HAND: (f64, f64, f64, f64) = (2.0, 0.5, 0.1, 0.1);

/// Section coupled: Adam's `weight_decay` against AdamW's.
fn coupled(report: &mut Report, seed: u64) {
    // ANCHOR: hand
    // One parameter p = 2 whose loss has gradient 0.5 there; one step with η = λ = 0.1.
    let (start, grad, lr, wd) = HAND;
    let first_step = |opt: &mut dyn Optimizer| {
        let mut p = Array1::from_elem(1, start);
        opt.step(p.view_mut(), Array1::from_elem(1, grad).view());
        p[0]
    };
    let hand = [
        (
            "SGD(lr, weight_decay)",
            first_step(&mut Sgd::new(lr).weight_decay(wd)),
        ),
        ("Adam(lr)", first_step(&mut Adam::new(lr))),
        (
            "Adam(lr, weight_decay)",
            first_step(&mut Adam::new(lr).weight_decay(wd)),
        ),
        (
            "AdamW(lr, weight_decay)",
            first_step(&mut Adam::adamw(lr).weight_decay(wd)),
        ),
    ];
    // ANCHOR_END: hand
    // ANCHOR: coupled
    // The BatchNorm network with Adam's L2 decay and with AdamW's, at the same η and λ.
    let mut results = Vec::new();
    let mut settings = Vec::new();
    for &lr in COUPLED_LRS {
        for name in ["adam", "adamw"] {
            let label = format!("{name} η={lr}");
            let mut opt = optimizer(name, lr, COUPLED_DECAY);
            results.push(train(
                &label,
                Norm::Batch,
                opt.as_mut(),
                COUPLED_STEPS,
                seed,
                1.0,
            ));
            settings.push((name, lr));
        }
    }
    // ANCHOR_END: coupled
    // The first AdamW run continued to 4/(ηλ) steps, to see how far its angle gets toward
    // the prediction once the run is longer than the decay's timescale.
    let mut long = optimizer("adamw", COUPLED_LRS[0], COUPLED_DECAY);
    let long = train(
        "adamw long",
        Norm::Batch,
        long.as_mut(),
        COUPLED_LONG_STEPS,
        seed,
        1.0,
    );
    tables::coupled(report, &hand, &settings, &results, &long);
    history(report, "coupled", &results);
}

pub const COUPLED_LRS: &[f64] = &[0.01, 0.03];
pub const COUPLED_DECAY: f64 = 0.1;
pub const COUPLED_STEPS: usize = 600;
/// The length of the long AdamW run, and where its angle is read.
pub const COUPLED_LONG_STEPS: usize = 4000;
pub const COUPLED_LONG_READS: &[usize] = &[600, 1500, 4000];

pub const EPS_LR: f64 = 0.01;
pub const EPS_STEPS: usize = 300;
pub const EPS_SCALES: &[f64] = &[1.0, 100.0];
pub const EPS_VALUES: &[f64] = &[1e-8, 0.1];

/// Section eps: Adam's ε against the size of the gradients of normalized weights.
fn eps(report: &mut Report, seed: u64) {
    // ANCHOR: eps
    // Adam (no weight decay) on the BatchNorm network, its first layer started at PyTorch's
    // scale and 100 times larger (the same function, gradients 100 times smaller), with
    // the default ε and a larger one; and plain SGD (no momentum) at η/ε for the larger ε.
    let mut results = Vec::new();
    let mut settings = Vec::new();
    for &scale in EPS_SCALES {
        for &eps in EPS_VALUES {
            let label = format!("Adam ε={} scale {}", numfmt::num(eps), numfmt::num(scale));
            let mut adam = Adam::new(EPS_LR).eps(eps);
            results.push(train(
                &label,
                Norm::Batch,
                &mut adam,
                EPS_STEPS,
                seed,
                scale,
            ));
            settings.push(("Adam", scale, eps));
        }
        let eps = EPS_VALUES[1];
        let label = format!(
            "SGD at η/ε with ε={} scale {}",
            numfmt::num(eps),
            numfmt::num(scale)
        );
        let mut sgd = Sgd::new(EPS_LR / eps);
        results.push(train(&label, Norm::Batch, &mut sgd, EPS_STEPS, seed, scale));
        settings.push(("plain SGD at η/ε", scale, eps));
    }
    // ANCHOR_END: eps
    tables::eps(report, &settings, &results);
    history(report, "eps", &results);
}

fn history(report: &mut Report, experiment: &str, results: &[Measured]) {
    let runs: Vec<Run> = results.iter().map(|m| m.run.clone()).collect();
    let columns: Vec<Vec<Vec<f64>>> = results.iter().map(Measured::csv).collect();
    report.history_with(experiment, &runs, CSV_COLUMNS, &columns);
}
