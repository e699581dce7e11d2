//! The scaling chapter's claims: the gradient noise scale measured two ways agrees, and μP
//! keeps the network's scale at initialization, and its first update, the same at every
//! width.

use ndarray::Array1;
use stepsize::analysis::noise_scale::{from_examples, from_two_batch_sizes};
use stepsize::optim::per_param::PerParam;
use stepsize::optim::{Adam, GradientDescent, Optimizer};
use stepsize::problems::Problem;
use stepsize::problems::data::synthetic_regression;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::mlp::Mlp;
use stepsize::problems::moons::two_moons;
use stepsize::problems::mup::{self, Parametrization, Rule};

fn rms(values: impl IntoIterator<Item = f64>) -> f64 {
    let (mut total, mut count) = (0.0, 0);
    for v in values {
        total += v * v;
        count += 1;
    }
    (total / count as f64).sqrt()
}

/// The two measurements agree within 10% (batches of 4 and of 256 against every example's
/// gradient): on the batch-size chapter's regression at θ = 0 and at a point near its
/// minimum (10000 batches of each size), and on a network at initialization (2000 of each;
/// width 64 on 256 moons of seed 1, wider than the chapter's width-16 network).
#[test]
fn the_noise_scale_from_two_batch_sizes_agrees_with_the_one_from_per_example_gradients() {
    let model = LinearRegression::new(synthetic_regression(
        1024,
        &[2.0, -1.0, 0.5, 1.5],
        0.3,
        1.0,
        2,
    ));
    let near = model.least_squares().unwrap() * 0.9;
    let net = Mlp::new(two_moons(256, 0.2, 1), 64);
    let net_start = net.init(0);
    #[allow(clippy::type_complexity)]
    let cases: Vec<(&str, Box<dyn Fn(u64) -> (f64, f64)>)> = vec![
        (
            "regression at 0",
            Box::new(|seed| {
                let at = Array1::zeros(5);
                let exact = from_examples(&model, at.view()).b_noise();
                (
                    exact,
                    from_two_batch_sizes(&model, at.view(), (4, 256), 10000, seed).b_noise(),
                )
            }),
        ),
        (
            "regression near the minimum",
            Box::new(|seed| {
                let exact = from_examples(&model, near.view()).b_noise();
                (
                    exact,
                    from_two_batch_sizes(&model, near.view(), (4, 256), 10000, seed).b_noise(),
                )
            }),
        ),
        (
            "network at init",
            Box::new(|seed| {
                let exact = from_examples(&net, net_start.view()).b_noise();
                (
                    exact,
                    from_two_batch_sizes(&net, net_start.view(), (4, 256), 2000, seed).b_noise(),
                )
            }),
        ),
    ];
    for (name, measure) in &cases {
        for seed in 0..3 {
            let (exact, estimate) = measure(seed);
            eprintln!("{name} {seed}: {exact} {estimate}");
            assert!(
                (estimate / exact - 1.0).abs() < 0.10,
                "{name}, seed {seed}: per-example {exact}, two batch sizes {estimate}"
            );
        }
    }
}

/// μP (base width 64): the hidden activations' RMS at initialization is the same at widths
/// 64 to 1024 (within 3% of width 1024's), and one step of SGD or Adam at one base rate
/// moves the logits by the same amount at every width (within 15% of width 1024's, the
/// mean over 4 initializations); under SP the move grows with the width (by more than 8×
/// from 64 to 1024).
#[test]
fn mup_keeps_activations_and_the_first_update_the_same_size_at_every_width() {
    let data = two_moons(256, 0.2, 1);
    let one_step = |param: Parametrization, k: usize, rule: Rule, seed: u64| {
        let net = Mlp::new(data.clone(), k);
        let theta = mup::init(&net, param, seed);
        let hidden = rms(net.hidden_activations(theta.view(), &data.x));
        let before = net.logits(theta.view(), &data.x);
        let mut next = theta.clone();
        let c = mup::lr_multipliers(&net, param, rule);
        let mut opt: Box<dyn Optimizer> = match rule {
            Rule::Sgd => Box::new(PerParam::new(GradientDescent::new(1.0), 0.1, c)),
            Rule::Adam => Box::new(PerParam::new(Adam::new(1.0), 0.01, c)),
        };
        let g = net.gradient(theta.view());
        opt.step(next.view_mut(), g.view());
        let after = net.logits(next.view(), &data.x);
        (hidden, rms((&after - &before).iter().copied()))
    };
    // Averaged over 4 initializations: one draw of a finite network fluctuates.
    let move_of_logits = |param: Parametrization, k: usize, rule: Rule| {
        let (mut h, mut dz) = (0.0, 0.0);
        for seed in 0..4 {
            let (a, b) = one_step(param, k, rule, seed);
            h += a / 4.0;
            dz += b / 4.0;
        }
        (h, dz)
    };
    let mup = Parametrization::Mup { base: 64 };
    for rule in [Rule::Sgd, Rule::Adam] {
        let (h0, dz0) = move_of_logits(mup, 1024, rule);
        for k in [64, 128, 256, 512] {
            let (h, dz) = move_of_logits(mup, k, rule);
            assert!(
                (h / h0 - 1.0).abs() < 0.03,
                "{rule:?} width {k}: RMS h {h} against {h0}"
            );
            assert!(
                (dz / dz0 - 1.0).abs() < 0.15,
                "{rule:?} width {k}: Δz {dz} against {dz0}"
            );
        }
        let (_, sp64) = move_of_logits(Parametrization::Standard, 64, rule);
        let (_, sp1024) = move_of_logits(Parametrization::Standard, 1024, rule);
        assert!(
            sp1024 / sp64 > 8.0,
            "{rule:?}: SP moves {sp64} at 64, {sp1024} at 1024"
        );
    }
}
