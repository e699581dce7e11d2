//! The optimizers' claims: each update is PyTorch's, step by step, checked against values
//! computed by hand from the definitions (the arithmetic is written out below, never taken
//! from the implementation); their memory is what they report; the learning rate can change
//! between steps; and bad command-line settings are reported by name.

use ndarray::{Array1, array};
use stepsize::optim::Optimizer;
use stepsize::optim::adagrad::Adagrad;
use stepsize::optim::adam::Adam;
use stepsize::optim::rmsprop::Rmsprop;
use stepsize::optim::sgd::Sgd;
use stepsize::output::flags::FlagError;
use stepsize::output::optimizers::{NAMES, Settings, build, settings_of};

use crate::common::close_above;

/// One step of `opt` on `params` with gradient `grad`.
fn step(opt: &mut dyn Optimizer, params: &mut Array1<f64>, grad: &[f64]) {
    opt.step(params.view_mut(), Array1::from(grad.to_vec()).view());
}

/// `actual` equals `expected` up to rounding (the hand computation may order operations
/// differently from the implementation).
#[track_caller]
fn assert_close(actual: &Array1<f64>, expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "{actual} vs {expected:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert!(
            close_above(*a, *e, 1e-13, 1.0),
            "{actual} vs {expected:?}: {a} differs from {e} by {}",
            a - e
        );
    }
}

fn error(name: &str, lr: f64, s: &Settings) -> FlagError {
    match build(name, lr, s) {
        Ok(opt) => panic!(
            "{name} with lr {lr} and {s:?} was accepted as {}",
            opt.name()
        ),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------------------------
// SGD

#[test]
fn plain_sgd_steps_by_minus_lr_times_the_gradient() {
    let mut opt = Sgd::new(0.1);
    let mut p = array![1.0, -2.0];
    step(&mut opt, &mut p, &[0.5, -1.5]);
    // θ − η g = [1 − 0.1·0.5, −2 − 0.1·(−1.5)]
    assert_close(&p, &[1.0 - 0.05, -2.0 + 0.15]);
    step(&mut opt, &mut p, &[-1.0, 0.0]);
    assert_close(&p, &[0.95 + 0.1, -1.85]);
}

#[test]
fn sgd_momentum_first_stores_the_raw_gradient_then_dampens_the_new_gradients_share() {
    // μ = 0.9, τ = 0.5: b₁ = g₁ (no dampening on the first step, as PyTorch),
    // then b ← 0.9 b + (1 − 0.5) g, θ ← θ − 0.1 b.
    let mut opt = Sgd::new(0.1).momentum(0.9).dampening(0.5);
    let mut p = array![1.0, -1.0];

    step(&mut opt, &mut p, &[1.0, 2.0]);
    // b₁ = [1, 2]; θ₁ = [1 − 0.1·1, −1 − 0.1·2]
    let b1 = [1.0, 2.0];
    let p1 = [1.0 - 0.1 * b1[0], -1.0 - 0.1 * b1[1]];
    assert_close(&p, &p1);

    let g2 = [0.5, -1.0];
    step(&mut opt, &mut p, &g2);
    // b₂ = 0.9 b₁ + (1 − 0.5) g₂ = [0.9 + 0.25, 1.8 − 0.5] = [1.15, 1.3]
    let b2 = [
        0.9 * b1[0] + (1.0 - 0.5) * g2[0],
        0.9 * b1[1] + (1.0 - 0.5) * g2[1],
    ];
    let p2 = [p1[0] - 0.1 * b2[0], p1[1] - 0.1 * b2[1]];
    assert_close(&p, &p2);
    assert_close(&p, &[0.785, -1.33]);

    step(&mut opt, &mut p, &[0.0, 0.0]);
    // No gradient: the velocity alone moves θ, b₃ = 0.9 b₂ = [1.035, 1.17].
    let b3 = [0.9 * b2[0], 0.9 * b2[1]];
    assert_close(&p, &[p2[0] - 0.1 * b3[0], p2[1] - 0.1 * b3[1]]);
}

#[test]
fn nesterov_steps_along_the_gradient_plus_momentum_times_the_velocity() {
    // μ = 0.9: b ← 0.9 b + g (b₁ = g₁), θ ← θ − 0.1 (g + 0.9 b).
    let mut opt = Sgd::new(0.1).momentum(0.9).nesterov(true);
    let mut p = array![1.0, 2.0];

    step(&mut opt, &mut p, &[1.0, -1.0]);
    // b₁ = g₁, so the step is 0.1 (1 + 0.9) g₁ = 0.19 g₁.
    let b1 = [1.0, -1.0];
    let p1 = [
        1.0 - 0.1 * (1.0 + 0.9 * b1[0]),
        2.0 - 0.1 * (-1.0 + 0.9 * b1[1]),
    ];
    assert_close(&p, &p1);
    assert_close(&p, &[0.81, 2.19]);

    step(&mut opt, &mut p, &[0.5, 0.5]);
    // b₂ = 0.9 b₁ + g₂ = [1.4, −0.4]; step 0.1 (g₂ + 0.9 b₂) = 0.1 [1.76, 0.14].
    let b2 = [0.9 * b1[0] + 0.5, 0.9 * b1[1] + 0.5];
    let p2 = [
        p1[0] - 0.1 * (0.5 + 0.9 * b2[0]),
        p1[1] - 0.1 * (0.5 + 0.9 * b2[1]),
    ];
    assert_close(&p, &p2);
    assert_close(&p, &[0.81 - 0.176, 2.19 - 0.014]);
}

#[test]
fn sgd_weight_decay_adds_lambda_theta_to_the_gradient_before_the_momentum() {
    // Plain SGD, λ = 0.01: a zero gradient still shrinks θ by η λ θ.
    let mut opt = Sgd::new(0.1).weight_decay(0.01);
    let mut p = array![2.0, -4.0];
    step(&mut opt, &mut p, &[0.0, 0.0]);
    // g = 0 + 0.01 θ = [0.02, −0.04]
    assert_close(&p, &[2.0 - 0.1 * 0.02, -4.0 + 0.1 * 0.04]);
    step(&mut opt, &mut p, &[1.0, 0.0]);
    // g = [1 + 0.01·1.998, 0.01·(−3.996)]
    assert_close(
        &p,
        &[
            1.998 - 0.1 * (1.0 + 0.01 * 1.998),
            -3.996 - 0.1 * (0.01 * -3.996),
        ],
    );

    // With momentum 0.9 and λ = 0.1 the decay term goes into the velocity.
    let mut opt = Sgd::new(0.1).momentum(0.9).weight_decay(0.1);
    let mut p = array![1.0];
    step(&mut opt, &mut p, &[0.0]);
    // g₁ = 0.1·1 = 0.1 = b₁; θ₁ = 1 − 0.1·0.1 = 0.99
    assert_close(&p, &[0.99]);
    step(&mut opt, &mut p, &[0.0]);
    // g₂ = 0.1·0.99 = 0.099; b₂ = 0.9·0.1 + 0.099 = 0.189; θ₂ = 0.99 − 0.0189
    assert_close(&p, &[0.99 - 0.1 * (0.9 * 0.1 + 0.1 * 0.99)]);
}

#[test]
fn changing_lr_rescales_the_whole_momentum_step_not_only_the_new_gradient() {
    // PyTorch's form θ ← θ − η b: η multiplies the accumulated velocity at step time.
    let mut opt = Sgd::new(0.1).momentum(0.9);
    let mut p = array![0.0];
    step(&mut opt, &mut p, &[1.0]);
    assert_close(&p, &[-0.1]);
    opt.set_lr(0.01);
    assert_eq!(opt.lr(), 0.01);
    step(&mut opt, &mut p, &[1.0]);
    // b₂ = 0.9·1 + 1 = 1.9, all of it scaled by the new η: −0.1 − 0.01·1.9.
    // (The textbook form v ← 0.9 v + η g would give −0.1 − (0.09 + 0.01) = −0.2.)
    assert_close(&p, &[-0.1 - 0.01 * 1.9]);
}

// ---------------------------------------------------------------------------------------
// Adagrad

#[test]
fn adagrad_first_step_moves_each_parameter_by_lr_times_the_sign_of_its_gradient() {
    // s = g², so the step is γ g / (|g| + ε) ≈ γ sign(g), whatever the gradient's scale.
    let mut opt = Adagrad::new(0.01);
    let mut p = array![0.0, 0.0, 0.0];
    step(&mut opt, &mut p, &[1e-3, -50.0, 3.0]);
    assert_close(
        &p,
        &[
            -0.01 * 1e-3 / (1e-3 + 1e-10),
            0.01 * 50.0 / (50.0 + 1e-10),
            -0.01 * 3.0 / (3.0 + 1e-10),
        ],
    );
    for (moved, sign) in p.iter().zip([-1.0, 1.0, -1.0]) {
        assert!((moved - 0.01 * sign).abs() < 0.01 * 1e-6, "{p}");
    }
}

#[test]
fn adagrad_with_lr_decay_initial_accumulator_and_weight_decay() {
    // γ = 0.1, lr_decay η = 0.5, λ = 0.1, s₀ = 1, ε = 1e-10.
    let mut opt = Adagrad::new(0.1)
        .lr_decay(0.5)
        .weight_decay(0.1)
        .initial_accumulator_value(1.0);
    let mut p = array![1.0, -2.0];
    let eps = 1e-10;

    step(&mut opt, &mut p, &[1.0, 2.0]);
    // t = 1: γ̃ = 0.1 / (1 + 0·0.5) = 0.1 (the decay starts at the second step).
    // g = [1 + 0.1·1, 2 + 0.1·(−2)] = [1.1, 1.8]; s = 1 + g² = [2.21, 4.24].
    let g1 = [1.1, 1.8];
    let s1: [f64; 2] = [1.0 + 1.1 * 1.1, 1.0 + 1.8 * 1.8];
    let p1 = [
        1.0 - 0.1 * g1[0] / (s1[0].sqrt() + eps),
        -2.0 - 0.1 * g1[1] / (s1[1].sqrt() + eps),
    ];
    assert_close(&p, &p1);

    step(&mut opt, &mut p, &[0.0, -1.0]);
    // t = 2: γ̃ = 0.1 / (1 + 1·0.5) = 0.1/1.5; g = [0 + 0.1 θ₁, −1 + 0.1 θ₁]; s += g².
    let clr = 0.1 / 1.5;
    let g2 = [0.1 * p1[0], -1.0 + 0.1 * p1[1]];
    let s2 = [s1[0] + g2[0] * g2[0], s1[1] + g2[1] * g2[1]];
    let p2 = [
        p1[0] - clr * g2[0] / (s2[0].sqrt() + eps),
        p1[1] - clr * g2[1] / (s2[1].sqrt() + eps),
    ];
    assert_close(&p, &p2);

    step(&mut opt, &mut p, &[0.0, 0.0]);
    // t = 3: γ̃ = 0.1 / (1 + 2·0.5) = 0.05; only the weight decay pushes.
    let g3 = [0.1 * p2[0], 0.1 * p2[1]];
    let s3 = [s2[0] + g3[0] * g3[0], s2[1] + g3[1] * g3[1]];
    assert_close(
        &p,
        &[
            p2[0] - 0.05 * g3[0] / (s3[0].sqrt() + eps),
            p2[1] - 0.05 * g3[1] / (s3[1].sqrt() + eps),
        ],
    );
}

// ---------------------------------------------------------------------------------------
// RMSprop

#[test]
fn rmsprop_first_step_is_ten_times_lr_at_alpha_0_99() {
    // Defaults α = 0.99, ε = 1e-8: v₁ = 0.01 g², so |Δθ| = η |g| / (0.1 |g| + ε) ≈ 10 η.
    let mut opt = Rmsprop::new(0.01);
    let mut p = array![0.0, 0.0];
    step(&mut opt, &mut p, &[1.0, -2.0]);
    let v1: [f64; 2] = [0.01 * 1.0, 0.01 * 4.0];
    let p1 = [
        -0.01 * 1.0 / (v1[0].sqrt() + 1e-8),
        0.01 * 2.0 / (v1[1].sqrt() + 1e-8),
    ];
    assert_close(&p, &p1);
    assert!(
        (p[0] + 0.1).abs() < 1e-7 && (p[1] - 0.1).abs() < 1e-7,
        "{p}"
    );

    step(&mut opt, &mut p, &[1.0, 0.0]);
    // v₂ = 0.99 v₁ + 0.01 g₂² = [0.0099 + 0.01, 0.0396]; the second coordinate has g = 0.
    let v2: [f64; 2] = [0.99 * v1[0] + 0.01 * 1.0, 0.99 * v1[1]];
    assert_close(
        &p,
        &[p1[0] - 0.01 * 1.0 / (v2[0].sqrt() + 1e-8), p1[1] - 0.0],
    );
}

#[test]
fn centered_rmsprop_divides_by_the_root_of_the_variance_plus_eps() {
    // α = 0.5 and a large ε = 0.1 so that where ε goes shows: √(v − ḡ²) + ε, not √(v − ḡ² + ε).
    let mut opt = Rmsprop::new(0.01).alpha(0.5).eps(0.1).centered(true);
    let mut p = array![0.0, 0.0];

    step(&mut opt, &mut p, &[2.0, 1.0]);
    // v = 0.5 g² = [2, 0.5]; ḡ = 0.5 g = [1, 0.5]; ṽ = v − ḡ² = [2 − 1, 0.5 − 0.25] = [1, 0.25]
    let p1 = [-0.01 * 2.0 / (1.0 + 0.1), -0.01 * 1.0 / (0.5 + 0.1)];
    assert_close(&p, &p1);

    step(&mut opt, &mut p, &[-2.0, 1.0]);
    // v = 0.5 v + 0.5 g² = [1 + 2, 0.25 + 0.5] = [3, 0.75]
    // ḡ = 0.5 ḡ + 0.5 g = [0.5 − 1, 0.25 + 0.5] = [−0.5, 0.75]
    // ṽ = [3 − 0.25, 0.75 − 0.5625] = [2.75, 0.1875]
    let p2 = [
        p1[0] - 0.01 * -2.0 / (2.75f64.sqrt() + 0.1),
        p1[1] - 0.01 * 1.0 / (0.1875f64.sqrt() + 0.1),
    ];
    assert_close(&p, &p2);
    // ε inside the root would have given a different step.
    let inside = p1[0] - 0.01 * -2.0 / (2.75f64 + 0.1).sqrt();
    assert!((p[0] - inside).abs() > 1e-4);
}

#[test]
fn rmsprop_momentum_accumulates_the_normalized_gradient() {
    // α = 0.9, μ = 0.5: b ← 0.5 b + g / (√v + ε), θ ← θ − η b.
    let mut opt = Rmsprop::new(0.01).alpha(0.9).momentum(0.5);
    let mut p = array![1.0];

    step(&mut opt, &mut p, &[3.0]);
    // v₁ = 0.1·9 = 0.9; b₁ = 3 / (√0.9 + ε)
    let b1 = 3.0 / (0.9f64.sqrt() + 1e-8);
    let p1 = 1.0 - 0.01 * b1;
    assert_close(&p, &[p1]);

    step(&mut opt, &mut p, &[-1.0]);
    // v₂ = 0.9·0.9 + 0.1·1 = 0.91; b₂ = 0.5 b₁ − 1 / (√0.91 + ε)
    let b2 = 0.5 * b1 + -1.0 / ((0.9 * 0.9 + 0.1 * 1.0f64).sqrt() + 1e-8);
    let p2 = p1 - 0.01 * b2;
    assert_close(&p, &[p2]);

    step(&mut opt, &mut p, &[0.0]);
    // v₃ = 0.9·0.91; no gradient: b₃ = 0.5 b₂ keeps moving θ.
    assert_close(&p, &[p2 - 0.01 * (0.5 * b2)]);
}

#[test]
fn rmsprop_with_every_option_centered_momentum_and_weight_decay() {
    // α = 0.5, ε = 0.1, μ = 0.5, λ = 0.1, η = 0.01.
    let mut opt = Rmsprop::new(0.01)
        .alpha(0.5)
        .eps(0.1)
        .momentum(0.5)
        .weight_decay(0.1)
        .centered(true);
    let mut p = array![10.0];

    step(&mut opt, &mut p, &[1.0]);
    // g = 1 + 0.1·10 = 2; v = 0.5·4 = 2; ḡ = 0.5·2 = 1; ṽ = 2 − 1 = 1;
    // b = 2 / (1 + 0.1); θ = 10 − 0.01 b
    let b1 = 2.0 / (1.0 + 0.1);
    let p1 = 10.0 - 0.01 * b1;
    assert_close(&p, &[p1]);

    step(&mut opt, &mut p, &[-3.0]);
    // g = −3 + 0.1 θ₁; v = 0.5·2 + 0.5 g²; ḡ = 0.5·1 + 0.5 g; b = 0.5 b₁ + g / (√(v − ḡ²) + 0.1)
    let g2 = -3.0 + 0.1 * p1;
    let v2 = 0.5 * 2.0 + 0.5 * g2 * g2;
    let a2 = 0.5 * 1.0 + 0.5 * g2;
    let b2 = 0.5 * b1 + g2 / ((v2 - a2 * a2).sqrt() + 0.1);
    assert_close(&p, &[p1 - 0.01 * b2]);
}

// ---------------------------------------------------------------------------------------
// Adam and AdamW

#[test]
fn adam_first_step_moves_each_parameter_by_lr_times_the_sign_of_its_gradient() {
    // Bias correction: m̂₁ = g, v̂₁ = g², so Δθ = −η g / (|g| + ε) ≈ −η sign(g).
    let mut opt = Adam::new(0.001);
    let mut p = array![1.0, -1.0, 0.0];
    step(&mut opt, &mut p, &[1e-3, -50.0, 3.0]);
    assert_close(
        &p,
        &[
            1.0 - 0.001 * 1e-3 / (1e-3 + 1e-8),
            -1.0 + 0.001 * 50.0 / (50.0 + 1e-8),
            -0.001 * 3.0 / (3.0 + 1e-8),
        ],
    );
    for (moved, expected) in p.iter().zip([1.0 - 0.001, -1.0 + 0.001, -0.001]) {
        assert!((moved - expected).abs() < 0.001 * 1e-4, "{p}");
    }
}

#[test]
fn adam_divides_both_moments_by_their_bias_correction() {
    // η = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
    let mut opt = Adam::new(0.1);
    let mut p = array![0.0, 0.0];

    step(&mut opt, &mut p, &[1.0, -2.0]);
    // m₁ = 0.1 g, v₁ = 0.001 g²; m̂ = m₁ / (1 − 0.9) = g; v̂ = v₁ / (1 − 0.999) = g².
    let p1 = [-0.1 * 1.0 / (1.0 + 1e-8), 0.1 * 2.0 / (2.0 + 1e-8)];
    assert_close(&p, &p1);

    step(&mut opt, &mut p, &[0.0, 1.0]);
    // m₂ = 0.9 m₁ + 0.1 g₂; v₂ = 0.999 v₁ + 0.001 g₂²
    // m̂ = m₂ / (1 − 0.9²) = m₂ / 0.19; v̂ = v₂ / (1 − 0.999²) = v₂ / 0.001999
    let m2 = [0.9 * 0.1 * 1.0, 0.9 * 0.1 * -2.0 + 0.1 * 1.0];
    let v2: [f64; 2] = [0.999 * 0.001 * 1.0, 0.999 * 0.001 * 4.0 + 0.001 * 1.0];
    let (bc1, bc2): (f64, f64) = (1.0 - 0.9 * 0.9, 1.0 - 0.999 * 0.999);
    let p2 = [
        p1[0] - 0.1 * (m2[0] / bc1) / ((v2[0] / bc2).sqrt() + 1e-8),
        p1[1] - 0.1 * (m2[1] / bc1) / ((v2[1] / bc2).sqrt() + 1e-8),
    ];
    assert_close(&p, &p2);

    step(&mut opt, &mut p, &[0.0, 0.0]);
    // t = 3: m₃ = 0.9 m₂, v₃ = 0.999 v₂, corrections 1 − 0.9³ and 1 − 0.999³.
    let (bc1, bc2) = (1.0 - 0.9 * 0.9 * 0.9, 1.0 - 0.999 * 0.999 * 0.999);
    let (m3, v3): ([f64; 2], [f64; 2]) =
        ([0.9 * m2[0], 0.9 * m2[1]], [0.999 * v2[0], 0.999 * v2[1]]);
    assert_close(
        &p,
        &[
            p2[0] - 0.1 * (m3[0] / bc1) / ((v3[0] / bc2).sqrt() + 1e-8),
            p2[1] - 0.1 * (m3[1] / bc1) / ((v3[1] / bc2).sqrt() + 1e-8),
        ],
    );
}

#[test]
fn amsgrad_divides_by_the_running_maximum_of_the_uncorrected_second_moment() {
    // β₁ = β₂ = 0.5 so that v falls quickly: g = 2 then 0.5 then 0.
    let lr = 0.1;
    let mut ams = Adam::new(lr).betas(0.5, 0.5).amsgrad(true);
    let mut adam = Adam::new(lr).betas(0.5, 0.5);
    let (mut p, mut q) = (array![0.0], array![0.0]);

    step(&mut ams, &mut p, &[2.0]);
    step(&mut adam, &mut q, &[2.0]);
    // m₁ = 1, v₁ = 2 = v_max; m̂ = 1/0.5 = 2, v̂ = 2/0.5 = 4: both take −0.1·2/(2 + ε).
    let p1 = -lr * 2.0 / (2.0 + 1e-8);
    assert_close(&p, &[p1]);
    assert_close(&q, &[p1]);

    step(&mut ams, &mut p, &[0.5]);
    step(&mut adam, &mut q, &[0.5]);
    // m₂ = 0.5 + 0.25 = 0.75, m̂ = 0.75/(1 − 0.25) = 1.
    // v₂ = 0.5·2 + 0.5·0.25 = 1.125 < v_max = 2, so AMSGrad keeps 2:
    //   v̂_max = 2/(1 − 0.25) = 8/3, while Adam uses v̂ = 1.125/0.75 = 1.5.
    let p2 = p1 - lr * 1.0 / ((2.0f64 / 0.75).sqrt() + 1e-8);
    assert_close(&p, &[p2]);
    assert_close(&q, &[p1 - lr * 1.0 / (1.5f64.sqrt() + 1e-8)]);
    // Older PyTorch docs wrote the maximum of the corrected v̂ (max(4, 1.5) = 4); the code,
    // the current docs and this crate take the maximum before correcting.
    let corrected_max = p1 - lr * 1.0 / (4.0f64.sqrt() + 1e-8);
    assert!((p[0] - corrected_max).abs() > 1e-3);

    step(&mut ams, &mut p, &[0.0]);
    // m₃ = 0.375, m̂ = 0.375/(1 − 0.125); v₃ = 0.5625, v_max still 2: v̂_max = 2/0.875.
    assert_close(
        &p,
        &[p2 - lr * (0.375 / 0.875) / ((2.0f64 / 0.875).sqrt() + 1e-8)],
    );
}

#[test]
fn adam_weight_decay_goes_through_the_moments_while_adamw_shrinks_the_parameters() {
    // η = 0.1, λ = 0.1, default betas and ε, same start and gradients.
    let mut adam = Adam::new(0.1).weight_decay(0.1);
    let mut adamw = Adam::adamw(0.1).weight_decay(0.1);
    let (mut p, mut q) = (array![1.0, -2.0], array![1.0, -2.0]);

    step(&mut adam, &mut p, &[0.5, 0.5]);
    step(&mut adamw, &mut q, &[0.5, 0.5]);
    // Adam (L2): g = [0.5 + 0.1·1, 0.5 + 0.1·(−2)] = [0.6, 0.3]; first step −η g/(|g| + ε).
    let p1 = [
        1.0 - 0.1 * 0.6 / (0.6 + 1e-8),
        -2.0 - 0.1 * 0.3 / (0.3 + 1e-8),
    ];
    assert_close(&p, &p1);
    // AdamW: θ ← θ (1 − 0.1·0.1) = [0.99, −1.98], then −η g/(|g| + ε) with g = 0.5.
    let q1 = [
        0.99 - 0.1 * 0.5 / (0.5 + 1e-8),
        -1.98 - 0.1 * 0.5 / (0.5 + 1e-8),
    ];
    assert_close(&q, &q1);
    assert!((p[1] - q[1]).abs() > 1e-3, "{p} vs {q}");

    step(&mut adam, &mut p, &[-0.5, 0.5]);
    step(&mut adamw, &mut q, &[-0.5, 0.5]);
    let (bc1, bc2) = (1.0 - 0.9 * 0.9, 1.0 - 0.999 * 0.999);
    // Adam: g₂ = g + 0.1 θ₁; m₂ = 0.9·0.1 g₁ + 0.1 g₂; v₂ = 0.999·0.001 g₁² + 0.001 g₂².
    let g1 = [0.6, 0.3];
    let g2 = [-0.5 + 0.1 * p1[0], 0.5 + 0.1 * p1[1]];
    let adam_step = |i: usize| {
        let m2: f64 = 0.9 * 0.1 * g1[i] + 0.1 * g2[i];
        let v2: f64 = 0.999 * 0.001 * g1[i] * g1[i] + 0.001 * g2[i] * g2[i];
        0.1 * (m2 / bc1) / ((v2 / bc2).sqrt() + 1e-8)
    };
    assert_close(&p, &[p1[0] - adam_step(0), p1[1] - adam_step(1)]);
    // AdamW: θ ← 0.99 θ₁, then the moments of the raw gradients 0.5 and then ∓0.5.
    let raw = [[0.5, -0.5], [0.5, 0.5]];
    let adamw_step = |i: usize| {
        let m2: f64 = 0.9 * 0.1 * raw[i][0] + 0.1 * raw[i][1];
        let v2: f64 = 0.999 * 0.001 * 0.25 + 0.001 * 0.25;
        0.1 * (m2 / bc1) / ((v2 / bc2).sqrt() + 1e-8)
    };
    assert_close(
        &q,
        &[0.99 * q1[0] - adamw_step(0), 0.99 * q1[1] - adamw_step(1)],
    );
}

#[test]
fn adamw_defaults_to_weight_decay_0_01_and_adam_to_none() {
    // A zero gradient leaves m = v = 0, so only the decay moves θ: 1 − 0.1·0.01 for AdamW.
    let mut adamw = build("adamw", 0.1, &Settings::default()).unwrap();
    let mut adam = build("adam", 0.1, &Settings::default()).unwrap();
    let (mut p, mut q) = (array![1.0], array![1.0]);
    step(adamw.as_mut(), &mut p, &[0.0]);
    step(adam.as_mut(), &mut q, &[0.0]);
    assert_eq!(p, array![1.0 - 0.1 * 0.01]);
    assert_eq!(q, array![1.0]);
}

// ---------------------------------------------------------------------------------------
// Every optimizer

#[test]
fn state_per_param_counts_the_buffers_of_the_chosen_options() {
    let cases: Vec<(Box<dyn Optimizer>, usize)> = vec![
        (Box::new(Sgd::new(0.1)), 0),
        (Box::new(Sgd::new(0.1).weight_decay(0.1)), 0),
        (Box::new(Sgd::new(0.1).momentum(0.9)), 1),
        (Box::new(Sgd::new(0.1).momentum(0.9).dampening(0.5)), 1),
        (Box::new(Sgd::new(0.1).momentum(0.9).nesterov(true)), 1),
        (Box::new(Adagrad::new(0.1)), 1),
        (Box::new(Adagrad::new(0.1).lr_decay(0.1)), 1),
        (Box::new(Rmsprop::new(0.1)), 1),
        (Box::new(Rmsprop::new(0.1).centered(true)), 2),
        (Box::new(Rmsprop::new(0.1).momentum(0.9)), 2),
        (Box::new(Rmsprop::new(0.1).momentum(0.9).centered(true)), 3),
        (Box::new(Adam::new(0.1)), 2),
        (Box::new(Adam::new(0.1).amsgrad(true)), 3),
        (Box::new(Adam::adamw(0.1)), 2),
        (Box::new(Adam::adamw(0.1).amsgrad(true)), 3),
    ];
    for (mut opt, expected) in cases {
        assert_eq!(opt.state_per_param(), expected, "{}", opt.name());
        // The same after the buffers exist.
        let mut p = array![1.0, 2.0, 3.0];
        step(opt.as_mut(), &mut p, &[0.1, 0.2, 0.3]);
        assert_eq!(opt.state_per_param(), expected, "{}", opt.name());
    }

    let s = Settings::default();
    let expected = [0, 1, 1, 1, 1, 2, 2, 1, 2];
    for (name, expected) in NAMES.iter().zip(expected) {
        assert_eq!(build(name, 0.1, &s).unwrap().state_per_param(), expected);
    }
    let all = Settings {
        momentum: Some(0.5),
        centered: true,
        ..Settings::default()
    };
    assert_eq!(build("rmsprop", 0.1, &all).unwrap().state_per_param(), 3);
    let ams = Settings {
        amsgrad: true,
        ..Settings::default()
    };
    assert_eq!(build("adam", 0.1, &ams).unwrap().state_per_param(), 3);
    assert_eq!(build("adamw", 0.1, &ams).unwrap().state_per_param(), 3);
}

#[test]
fn every_optimizer_is_named_as_build_calls_it() {
    for name in NAMES {
        assert_eq!(
            build(name, 0.1, &Settings::default()).unwrap().name(),
            *name
        );
    }
}

#[test]
fn every_optimizers_step_is_proportional_to_the_lr_set_just_before_it() {
    // Same first step; before the second, one run keeps η = 0.1, one sets 0.2, one sets 0.
    // The state (velocity, sums, moments) does not depend on η, so the second displacement
    // doubles, or vanishes.
    let grads = [[0.3, -1.0, 2.0], [-0.5, 0.25, 1.0]];
    // Schedule-free optimizers also move y towards z, whatever η: not proportional.
    for name in NAMES.iter().filter(|n| !n.ends_with("schedule-free")) {
        let mut runs = [0.1, 0.2, 0.0].map(|lr_after| {
            let mut opt = build(name, 0.1, &Settings::default()).unwrap();
            let mut p = array![1.0, -1.0, 0.5];
            step(opt.as_mut(), &mut p, &grads[0]);
            opt.set_lr(lr_after);
            assert_eq!(opt.lr(), lr_after);
            let before = p.clone();
            step(opt.as_mut(), &mut p, &grads[1]);
            &p - &before
        });
        let [same, double, zero] = &mut runs;
        assert!(same.iter().all(|d| d.abs() > 1e-6), "{name}: {same}");
        assert_close(double, &same.mapv(|d| 2.0 * d).to_vec());
        assert_eq!(zero, &Array1::<f64>::zeros(3), "{name}");
    }
}

#[test]
fn optimizers_are_built_before_knowing_the_parameter_count() {
    for name in NAMES {
        for n in [1, 5] {
            let mut opt = build(name, 0.1, &Settings::default()).unwrap();
            let mut p = Array1::<f64>::ones(n);
            for _ in 0..3 {
                step(opt.as_mut(), &mut p, &vec![1.0; n]);
            }
            assert!(p.iter().all(|x| x.is_finite() && *x < 1.0), "{name}: {p}");
        }
    }
}

#[test]
fn strided_parameter_views_take_the_same_steps_as_contiguous_ones() {
    // The parameters as a column of a matrix (stride 2) and the gradient as every other
    // entry of a vector: the slow path must agree exactly with the contiguous fast path.
    let all = Settings {
        momentum: Some(0.5),
        centered: true,
        amsgrad: true,
        ..Settings::default()
    };
    for name in NAMES {
        let mut s = Settings::default();
        for setting in ["momentum", "centered", "amsgrad"] {
            if settings_of(name).contains(&setting) {
                set(&mut s, setting, &all);
            }
        }
        let mut contiguous = build(name, 0.1, &s).unwrap();
        let mut strided = build(name, 0.1, &s).unwrap();
        let mut p = array![1.0, -2.0, 0.5];
        let mut matrix = array![[1.0, 9.0], [-2.0, 9.0], [0.5, 9.0]];
        for g in [[0.3, -1.0, 2.0], [-0.5, 0.25, 1.0], [0.0, 1.0, -1.0]] {
            contiguous.step(p.view_mut(), Array1::from(g.to_vec()).view());
            let spread = array![g[0], 7.0, g[1], 7.0, g[2], 7.0];
            strided.step(matrix.column_mut(0), spread.slice(ndarray::s![..;2]));
        }
        assert_eq!(matrix.column(0), p, "{name}");
        assert_eq!(matrix.column(1), array![9.0, 9.0, 9.0], "{name}");
    }
}

#[test]
#[should_panic(expected = "state is for 2 parameters, not 3")]
fn an_optimizer_refuses_parameters_of_another_length_than_its_state() {
    let mut opt = Adam::new(0.1);
    step(&mut opt, &mut array![1.0, 2.0], &[1.0, 1.0]);
    step(&mut opt, &mut array![1.0, 2.0, 3.0], &[1.0, 1.0, 1.0]);
}

#[test]
fn build_uses_pytorchs_defaults() {
    // Each name against its struct with PyTorch's defaults spelled out, over three steps.
    let expected: Vec<(&str, Box<dyn Optimizer>)> = vec![
        (
            "sgd",
            Box::new(
                Sgd::new(0.05)
                    .momentum(0.0)
                    .dampening(0.0)
                    .weight_decay(0.0),
            ),
        ),
        ("momentum", Box::new(Sgd::new(0.05).momentum(0.9))),
        (
            "nesterov",
            Box::new(Sgd::new(0.05).momentum(0.9).nesterov(true)),
        ),
        (
            "adagrad",
            Box::new(
                Adagrad::new(0.05)
                    .lr_decay(0.0)
                    .weight_decay(0.0)
                    .initial_accumulator_value(0.0)
                    .eps(1e-10),
            ),
        ),
        (
            "rmsprop",
            Box::new(
                Rmsprop::new(0.05)
                    .alpha(0.99)
                    .eps(1e-8)
                    .weight_decay(0.0)
                    .momentum(0.0)
                    .centered(false),
            ),
        ),
        (
            "adam",
            Box::new(
                Adam::new(0.05)
                    .betas(0.9, 0.999)
                    .eps(1e-8)
                    .weight_decay(0.0)
                    .amsgrad(false),
            ),
        ),
        (
            "adamw",
            Box::new(
                Adam::new(0.05)
                    .betas(0.9, 0.999)
                    .eps(1e-8)
                    .weight_decay(0.01)
                    .amsgrad(false)
                    .decoupled_weight_decay(true),
            ),
        ),
    ];
    for (name, mut reference) in expected {
        let mut built = build(name, 0.05, &Settings::default()).unwrap();
        let (mut p, mut q) = (array![1.0, -2.0], array![1.0, -2.0]);
        for g in [[1.0, 0.5], [-0.25, 2.0], [0.0, 1e-3]] {
            step(built.as_mut(), &mut p, &g);
            step(reference.as_mut(), &mut q, &g);
        }
        assert_eq!(p, q, "{name}");
    }
}

// ---------------------------------------------------------------------------------------
// build: settings and errors

#[test]
fn build_passes_the_settings_on() {
    // Nesterov with μ = 0.5 given on the command line, one step: Δ = −η (1 + 0.5) g.
    let s = Settings {
        momentum: Some(0.5),
        weight_decay: Some(0.0),
        ..Settings::default()
    };
    let mut opt = build("nesterov", 0.1, &s).unwrap();
    let mut p = array![0.0];
    step(opt.as_mut(), &mut p, &[1.0]);
    assert_close(&p, &[-0.1 * (1.0 + 0.5 * 1.0)]);

    // Adam with β₁ = 0.5, β₂ = 0.75, ε = 0.5 (big, to show): first step −η g/(|g| + 0.5).
    let s = Settings {
        beta1: Some(0.5),
        beta2: Some(0.75),
        eps: Some(0.5),
        ..Settings::default()
    };
    let mut opt = build("adam", 0.1, &s).unwrap();
    let mut p = array![0.0];
    step(opt.as_mut(), &mut p, &[2.0]);
    assert_close(&p, &[-0.1 * 2.0 / (2.0 + 0.5)]);
    // Second step with g = 0: m = 0.5·0.5·2 = 0.5, v = 0.75·0.25·4 = 0.75.
    step(opt.as_mut(), &mut p, &[0.0]);
    let (m2, v2): (f64, f64) = (0.5 * (0.5 * 2.0), 0.75 * (0.25 * 4.0));
    assert_close(
        &p,
        &[-0.1 * 2.0 / 2.5 - 0.1 * (m2 / 0.75) / ((v2 / (1.0 - 0.5625)).sqrt() + 0.5)],
    );

    // Adagrad with lr decay 1: the second step uses γ/2.
    let s = Settings {
        lr_decay: Some(1.0),
        ..Settings::default()
    };
    let mut opt = build("adagrad", 0.1, &s).unwrap();
    let mut p = array![0.0];
    step(opt.as_mut(), &mut p, &[1.0]);
    step(opt.as_mut(), &mut p, &[1.0]);
    // s = 1 then 2: −0.1·1/(1 + ε) − 0.05·1/(√2 + ε)
    assert_close(&p, &[-0.1 / (1.0 + 1e-10) - 0.05 / (2.0f64.sqrt() + 1e-10)]);
}

#[test]
fn build_accepts_every_setting_an_optimizer_reads_and_rejects_every_other() {
    let every = Settings {
        momentum: Some(0.5),
        dampening: Some(0.0),
        alpha: Some(0.9),
        eps: Some(1e-6),
        beta1: Some(0.8),
        beta2: Some(0.99),
        weight_decay: Some(0.1),
        amsgrad: true,
        centered: true,
        lr_decay: Some(0.1),
        warmup_steps: Some(5),
    };
    assert_eq!(every.given().len(), 11);
    for name in NAMES {
        let reads = settings_of(name);
        assert!(!reads.is_empty(), "{name}");
        // Exactly the settings it reads, all at once: accepted.
        let mut s = Settings::default();
        for setting in &reads {
            set(&mut s, setting, &every);
        }
        assert!(build(name, 0.1, &s).is_ok(), "{name} with {s:?}");
        // One more it does not read: rejected, naming that setting.
        for setting in every.given() {
            if reads.contains(&setting) {
                continue;
            }
            let mut t = s.clone();
            set(&mut t, setting, &every);
            let e = error(name, 0.1, &t);
            assert_eq!(e.flag, setting, "{name}: {e}");
            assert!(
                e.message
                    .starts_with(&format!("the {name} optimizer does not use it")),
                "{e}"
            );
        }
    }
    assert!(settings_of("adamax").is_empty());
}

/// Copy `setting` (a command-line name) from `from` into `s`.
fn set(s: &mut Settings, setting: &str, from: &Settings) {
    match setting {
        "momentum" => s.momentum = from.momentum,
        "dampening" => s.dampening = from.dampening,
        "alpha" => s.alpha = from.alpha,
        "eps" => s.eps = from.eps,
        "beta1" => s.beta1 = from.beta1,
        "beta2" => s.beta2 = from.beta2,
        "weight-decay" => s.weight_decay = from.weight_decay,
        "amsgrad" => s.amsgrad = from.amsgrad,
        "centered" => s.centered = from.centered,
        "lr-decay" => s.lr_decay = from.lr_decay,
        "warmup-steps" => s.warmup_steps = from.warmup_steps,
        other => panic!("no setting {other}"),
    }
}

#[test]
fn build_errors_name_the_setting() {
    let none = Settings::default();
    let with = |f: fn(&mut Settings)| {
        let mut s = Settings::default();
        f(&mut s);
        s
    };

    let e = error("adamax", 0.1, &none);
    assert_eq!(e.flag, "optimizer");
    assert!(
        e.to_string()
            .starts_with("--optimizer: unknown optimizer \"adamax\""),
        "{e}"
    );

    for lr in [0.0, -0.1, f64::NAN, f64::INFINITY] {
        assert_eq!(error("sgd", lr, &none).flag, "lr", "{lr}");
    }
    assert_eq!(
        error("sgd", 0.0, &none).to_string(),
        "--lr: must be a finite number greater than 0, got 0"
    );

    assert_eq!(
        error("adam", 0.1, &with(|s| s.beta1 = Some(1.5))).to_string(),
        "--beta1: must be in [0, 1), got 1.5"
    );
    assert_eq!(
        error("adamw", 0.1, &with(|s| s.beta2 = Some(1.0))).to_string(),
        "--beta2: must be in [0, 1), got 1"
    );
    assert_eq!(
        error("adam", 0.1, &with(|s| s.beta1 = Some(-0.1))).flag,
        "beta1"
    );
    assert_eq!(
        error("rmsprop", 0.1, &with(|s| s.alpha = Some(1.0))).to_string(),
        "--alpha: must be in [0, 1), got 1"
    );
    assert_eq!(
        error("momentum", 0.1, &with(|s| s.momentum = Some(-0.5))).to_string(),
        "--momentum: must be in [0, 1), got -0.5"
    );
    assert_eq!(
        error("rmsprop", 0.1, &with(|s| s.momentum = Some(1.0))).flag,
        "momentum"
    );
    assert_eq!(
        error("momentum", 0.1, &with(|s| s.dampening = Some(1.5))).to_string(),
        "--dampening: must be in [0, 1], got 1.5"
    );
    assert_eq!(
        error("adagrad", 0.1, &with(|s| s.eps = Some(-1e-8))).to_string(),
        "--eps: must be a finite number ≥ 0, got -0.00000001"
    );
    assert_eq!(
        error("sgd", 0.1, &with(|s| s.weight_decay = Some(-0.1))).to_string(),
        "--weight-decay: must be a finite number ≥ 0, got -0.1"
    );
    assert_eq!(
        error("adagrad", 0.1, &with(|s| s.lr_decay = Some(f64::NAN))).flag,
        "lr-decay"
    );

    // Nesterov needs momentum > 0 and dampening 0, naming whichever is wrong.
    let e = error("nesterov", 0.1, &with(|s| s.momentum = Some(0.0)));
    assert_eq!(e.flag, "momentum");
    assert!(
        e.to_string()
            .starts_with("--momentum: Nesterov needs momentum > 0 and dampening 0"),
        "{e}"
    );
    let e = error("nesterov", 0.1, &with(|s| s.dampening = Some(0.5)));
    assert_eq!(e.flag, "dampening");
    assert!(
        e.message
            .starts_with("Nesterov needs momentum > 0 and dampening 0"),
        "{e}"
    );

    // Settings the optimizer would ignore.
    assert_eq!(
        error("sgd", 0.1, &with(|s| s.amsgrad = true)).to_string(),
        "--amsgrad: the sgd optimizer does not use it (it takes --momentum, --dampening, --weight-decay)"
    );
    let e = error("adam", 0.1, &with(|s| s.centered = true));
    assert_eq!(e.flag, "centered");
    assert!(
        e.message.starts_with("the adam optimizer does not use it"),
        "{e}"
    );
    assert_eq!(
        error("sgd", 0.1, &with(|s| s.beta1 = Some(0.9))).flag,
        "beta1"
    );
    // Dampening without momentum would be ignored too.
    let e = error("sgd", 0.1, &with(|s| s.dampening = Some(0.5)));
    assert_eq!(e.flag, "dampening");
    assert!(e.message.contains("no effect without momentum"), "{e}");
}

// ---------------------------------------------------------------------------------------
// Typed configuration: the setters only set; check() names the first bad setting.

#[test]
fn every_optimizer_configs_check_rejects_each_out_of_range_setting_naming_it() {
    use stepsize::ConfigError;
    #[track_caller]
    fn rejects(result: Result<(), ConfigError>, setting: &str, message: &str) {
        let e = result.expect_err(setting);
        assert_eq!(e.setting, setting, "{e}");
        assert!(e.message.starts_with(message), "{e}");
    }
    let below_one = "must be in [0, 1)";
    let non_negative = "must be a finite number ≥ 0";
    let positive = "must be a finite number greater than 0";
    for lr in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        rejects(Sgd::new(lr).check(), "lr", positive);
        rejects(Adagrad::new(lr).check(), "lr", positive);
        rejects(Rmsprop::new(lr).check(), "lr", positive);
        rejects(Adam::new(lr).check(), "lr", positive);
    }
    // SGD.
    assert!(Sgd::new(0.1).momentum(0.9).nesterov(true).check().is_ok());
    rejects(Sgd::new(0.1).momentum(-0.1).check(), "momentum", below_one);
    rejects(Sgd::new(0.1).momentum(1.0).check(), "momentum", below_one);
    rejects(
        Sgd::new(0.1).dampening(1.5).check(),
        "dampening",
        "must be in [0, 1]",
    );
    rejects(
        Sgd::new(0.1).weight_decay(-1.0).check(),
        "weight_decay",
        non_negative,
    );
    rejects(
        Sgd::new(0.1).nesterov(true).check(),
        "momentum",
        "Nesterov needs",
    );
    let damped = Sgd::new(0.1).momentum(0.9).dampening(0.5).nesterov(true);
    rejects(damped.check(), "dampening", "Nesterov needs");
    // Adagrad.
    rejects(
        Adagrad::new(0.1).lr_decay(-1.0).check(),
        "lr_decay",
        non_negative,
    );
    rejects(
        Adagrad::new(0.1).weight_decay(f64::NAN).check(),
        "weight_decay",
        non_negative,
    );
    let start = Adagrad::new(0.1).initial_accumulator_value(-1.0);
    rejects(start.check(), "initial_accumulator_value", non_negative);
    rejects(Adagrad::new(0.1).eps(-1e-10).check(), "eps", non_negative);
    // RMSprop.
    rejects(Rmsprop::new(0.1).alpha(1.0).check(), "alpha", below_one);
    rejects(
        Rmsprop::new(0.1).eps(f64::INFINITY).check(),
        "eps",
        non_negative,
    );
    rejects(
        Rmsprop::new(0.1).weight_decay(-0.1).check(),
        "weight_decay",
        non_negative,
    );
    rejects(
        Rmsprop::new(0.1).momentum(-0.5).check(),
        "momentum",
        below_one,
    );
    // Adam and AdamW.
    rejects(Adam::new(0.1).betas(1.0, 0.999).check(), "beta1", below_one);
    rejects(
        Adam::adamw(0.1).betas(0.9, -0.1).check(),
        "beta2",
        below_one,
    );
    rejects(Adam::new(0.1).eps(-1.0).check(), "eps", non_negative);
    rejects(
        Adam::adamw(0.1).weight_decay(-0.01).check(),
        "weight_decay",
        non_negative,
    );
    // The trait reports the same, for an optimizer behind a pointer.
    let boxed: Box<dyn Optimizer> = Box::new(Adam::new(0.1).betas(1.5, 0.999));
    rejects(boxed.check(), "beta1", below_one);
}

#[test]
fn the_setters_never_panic_whatever_the_value() {
    let _ = Sgd::new(-1.0)
        .nesterov(true)
        .momentum(-5.0)
        .dampening(f64::NAN)
        .weight_decay(-1.0);
    let _ = Adagrad::new(0.0)
        .lr_decay(-1.0)
        .eps(-1.0)
        .initial_accumulator_value(-1.0);
    let _ = Rmsprop::new(0.1)
        .alpha(7.0)
        .momentum(-1.0)
        .eps(-1.0)
        .weight_decay(-1.0);
    let _ = Adam::new(0.1).betas(2.0, -2.0).eps(-1.0).weight_decay(-1.0);
}

#[test]
fn the_command_line_reports_a_configs_check_by_its_flag() {
    // The one validation path: build() says what check() says, with the flag's name.
    let s = Settings {
        weight_decay: Some(-0.1),
        ..Settings::default()
    };
    let core = Adam::new(0.1).weight_decay(-0.1).check().unwrap_err();
    assert_eq!(
        core.to_string(),
        "weight_decay: must be a finite number ≥ 0, got -0.1"
    );
    assert_eq!(
        error("adam", 0.1, &s).to_string(),
        "--weight-decay: must be a finite number ≥ 0, got -0.1"
    );
}

#[test]
fn the_settings_the_command_line_accepts_are_each_optimizers_own_list() {
    // Each optimizer lists its settings (PyTorch's names); the command line reads those
    // that have a flag, in that order: both betas set Adam's `betas`, and Adagrad's
    // initial accumulator value and SGD's Nesterov switch have no flag.
    assert_eq!(Adam::SETTINGS[0], "betas");
    assert_eq!(
        settings_of("adamw"),
        ["beta1", "beta2", "eps", "weight-decay", "amsgrad"]
    );
    assert!(Adagrad::SETTINGS.contains(&"initial_accumulator_value"));
    assert_eq!(settings_of("adagrad"), ["lr-decay", "weight-decay", "eps"]);
    assert!(Sgd::SETTINGS.contains(&"nesterov"));
    assert_eq!(
        settings_of("nesterov"),
        ["momentum", "dampening", "weight-decay"]
    );
    assert_eq!(
        settings_of("rmsprop"),
        ["alpha", "eps", "weight-decay", "momentum", "centered"]
    );
}

// ---------------------------------------------------------------------------------------
// Schedule-free SGD and AdamW against hand-computed steps of the reference definitions

#[test]
fn schedule_free_sgd_takes_the_reference_implementations_first_three_steps() {
    use stepsize::optim::ScheduleFree;
    // γ = 0.5, β = 0.9, no warm-up: every weight is γ², so c = 1, 1/2, 1/3 and x is the
    // plain mean of z₁, z₂, z₃. One parameter from 1, gradients 2, 1, 4.
    let mut sf = ScheduleFree::sgd(0.5).momentum(0.9);
    let mut y = array![1.0];
    // Step 1: c = 1, so y ← z + γ(0.9·0 − 1)g = 1 − 1 = 0; z = 1 − 0.5·2 = 0; x = z₁ = 0.
    step(&mut sf, &mut y, &[2.0]);
    assert_close(&y, &[0.0]);
    assert_close(&sf.average(y.view()), &[0.0]);
    // Step 2: c = 1/2: y ← (0 + 0)/2 + 0.5(0.9·0.5 − 1)·1 = −0.275; z = 0 − 0.5 = −0.5;
    // x = (z₁ + z₂)/2 = −0.25, and indeed y = 0.1 z + 0.9 x = −0.05 − 0.225.
    step(&mut sf, &mut y, &[1.0]);
    assert_close(&y, &[-0.275]);
    assert_close(&sf.average(y.view()), &[-0.25]);
    // Step 3: c = 1/3: z = −0.5 − 2 = −2.5; x = (0 − 0.5 − 2.5)/3 = −1;
    // y = 0.1·(−2.5) + 0.9·(−1) = −1.15.
    step(&mut sf, &mut y, &[4.0]);
    assert_close(&y, &[-1.15]);
    assert_close(&sf.average(y.view()), &[-1.0]);
}

#[test]
fn schedule_free_warmup_weighs_the_average_by_the_squared_largest_rate_so_far() {
    use stepsize::optim::ScheduleFree;
    // Warm-up over 2 steps: γ₀ = 0.5, γ₁ = 1 (then 1). Weights γ_max²: 0.25, 1, 1, so
    // c₁ = 1, c₂ = 1/1.25 = 0.8, c₃ = 1/2.25. Gradient 1 at every step, from 0, β = 0.5.
    let mut sf = ScheduleFree::sgd(1.0).momentum(0.5).warmup_steps(2);
    let mut y = array![0.0];
    step(&mut sf, &mut y, &[1.0]);
    // z₁ = −0.5, x₁ = z₁.
    assert_close(&sf.average(y.view()), &[-0.5]);
    step(&mut sf, &mut y, &[1.0]);
    // z₂ = −1.5, x₂ = 0.2·x₁ + 0.8·z₂ = −0.1 − 1.2 = −1.3.
    assert_close(&sf.average(y.view()), &[-1.3]);
    step(&mut sf, &mut y, &[1.0]);
    // z₃ = −2.5, x₃ = (1.25·x₂ + 1·z₃)/2.25 = (−1.625 − 2.5)/2.25.
    let x3 = (-1.625 - 2.5) / 2.25;
    assert_close(&sf.average(y.view()), &[x3]);
    assert_close(&y, &[0.5 * -2.5 + 0.5 * x3]);
}

#[test]
fn schedule_free_adamw_takes_the_first_two_steps_of_schedulefree_1_4_1() {
    use stepsize::optim::ScheduleFree;
    // The expected values are those of schedulefree 1.4.1's AdamWScheduleFree.step
    // (non-foreach branch), transcribed line by line into NumPy and run in f64:
    // lr = 0.5·sched, bias correction dividing v, weight decay added at y.
    // Settings: lr 0.5, betas (0.8, 0.99), ε 1e-8, λ 0.1, warm-up 2; from y = 1,
    // gradients 2 then −1.
    let mut sf = ScheduleFree::adamw(0.5)
        .betas(0.8, 0.99)
        .eps(1e-8)
        .weight_decay(0.1)
        .warmup_steps(2);
    let mut y = array![1.0];
    step(&mut sf, &mut y, &[2.0]);
    // k = 0: γ = 0.25 (no bias factor), c = 1; v = 0.04, v/(1 − 0.99) = 4, so
    // d = 2/(2 + ε) + 0.1·1 and z = x = y = 1 − 0.25·d.
    assert_close(&y, &[0.72500000125]);
    assert_close(&sf.average(y.view()), &[0.72500000125]);
    step(&mut sf, &mut y, &[-1.0]);
    // k = 1: γ = 0.5, weights 0.25², 0.5², so c = 0.8; v = 0.0496, divided by
    // 1 − 0.99² = 0.0199; d = −1/(√(0.0496/0.0199) + ε) + 0.1·0.725 = −0.56091…;
    // z = 1.00545557…, x = 0.2·z₁ + 0.8·z₂, y = 0.2·z + 0.8·x.
    // (The pre-1.3 form, the rate times √(1 − β₂ᵏ⁺¹), would give x = 1.0241750118956885.)
    assert_close(&sf.average(y.view()), &[0.9493644572191476]);
    assert_close(&y, &[0.960582680017605]);
}

#[test]
fn schedule_free_adamw_without_warm_up_averages_its_z_steps_with_equal_weights() {
    use stepsize::optim::ScheduleFree;
    // Since schedulefree 1.3 the rate carries no bias factor, so with no warm-up every
    // weight is lr² and x is the plain mean of the z's. z is read back from y = 0.1z + 0.9x.
    let mut sf = ScheduleFree::adamw(0.1);
    let mut y = array![1.0];
    let mut zs = Vec::new();
    for g in [2.0, -1.0, 0.5, 3.0] {
        step(&mut sf, &mut y, &[g]);
        let x = sf.average(y.view())[0];
        zs.push((y[0] - 0.9 * x) / 0.1);
        let mean = zs.iter().sum::<f64>() / zs.len() as f64;
        assert!((x - mean).abs() < 1e-12, "x {x} vs mean of z {mean}");
    }
}

#[test]
fn a_schedule_free_run_records_the_averaged_point_and_its_loss() {
    use stepsize::optim::ScheduleFree;
    use stepsize::problems::Problem;
    use stepsize::problems::quadratic::Quadratic;
    use stepsize::train::{Budget, train};
    let bowl = Quadratic::d2l();
    let run = train(
        "sf",
        &bowl,
        &mut ScheduleFree::sgd(0.1),
        array![-5.0, -2.0],
        &Budget::steps(20),
    );
    // Replay by hand: y takes the gradient, x is what the history shows.
    let mut sf = ScheduleFree::sgd(0.1);
    let mut y = array![-5.0, -2.0];
    for row in &run.history {
        let x = sf.average(y.view());
        assert_eq!(row.params, x);
        assert_eq!(row.loss, bowl.loss(x.view()));
        let g = bowl.gradient(y.view());
        sf.step(y.view_mut(), g.view());
    }
}
