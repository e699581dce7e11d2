//! Chapter "Normalization and weight decay": the normalization layers' gradients, scale
//! invariance, the SGD equilibrium of the angular update, and Adam's two weight decays
//! against PyTorch's definitions.

use ndarray::{Array1, s};
use stepsize::analysis::gradcheck::central_differences;
use stepsize::math;
use stepsize::optim::{Adam, Optimizer, Sgd};
use stepsize::problems::Problem;
use stepsize::problems::moons;
use stepsize::problems::norm_net::{self, Mode, Norm, NormBatches, NormNet, RunningStats};
use stepsize::train::{Budget, Control, Step, Training};

fn net(norm: Norm) -> NormNet {
    NormNet::new(moons::two_moons(400, 0.2, 0).split(256).0, 8, norm)
}

#[test]
fn batch_and_layer_norm_gradients_match_central_differences() {
    for norm in [Norm::None, Norm::Batch, Norm::Layer] {
        let net = net(norm);
        for seed in 0..3 {
            let p = net.init(seed);
            let exact = net.gradient(p.view());
            let approx = central_differences(&net, p.view(), 1e-5);
            let largest = exact.iter().fold(0.0_f64, |m, g| m.max(g.abs()));
            let error = (&exact - &approx)
                .iter()
                .fold(0.0_f64, |m, e| m.max(e.abs()));
            assert!(
                error < 1e-7 * largest,
                "{norm:?} seed {seed}: {error} against {largest}"
            );
        }
    }
}

#[test]
fn with_eps_zero_the_loss_is_scale_invariant_and_the_gradient_orthogonal_to_w() {
    for norm in [Norm::Batch, Norm::Layer] {
        let mut net = net(norm);
        net.eps = 0.0;
        let p = net.init(1);
        let w = net.first_layer();
        let g1 = net.gradient(p.view());
        let g1 = g1.slice(s![w.clone()]);
        for c in [0.01, 0.5, 3.0, 1000.0] {
            let mut q = p.clone();
            q.slice_mut(s![w.clone()]).mapv_inplace(|v| v * c);
            let (l0, l1) = (net.loss(p.view()), net.loss(q.view()));
            assert!((l1 - l0).abs() < 1e-13, "{norm:?} c={c}: {l0} → {l1}");
            let g = net.gradient(q.view());
            let (gw, ww) = (g.slice(s![w.clone()]), q.slice(s![w.clone()]));
            let cosine = gw.dot(&ww) / (gw.dot(&gw).sqrt() * ww.dot(&ww).sqrt());
            assert!(cosine.abs() < 1e-12, "{norm:?} c={c}: cos(g, w) = {cosine}");
            // ‖g(c w)‖ = ‖g(w)‖ / c.
            let ratio = gw.dot(&gw).sqrt() * c / g1.dot(&g1).sqrt();
            assert!((ratio - 1.0).abs() < 1e-9, "{norm:?} c={c}: {ratio}");
        }
    }
}

#[test]
fn batchnorm_running_statistics_follow_pytorch_momentum_and_unbiased_variance() {
    let mut r = RunningStats::new(2);
    // A batch of m = 4 with means (1, 2) and biased variances (2, 0.5).
    r.update(
        &Array1::from(vec![1.0, 2.0]),
        &Array1::from(vec![2.0, 0.5]),
        4,
    );
    // mean: 0.9·0 + 0.1·μ; var: 0.9·1 + 0.1·σ²·4/3.
    assert_eq!(r.mean.to_vec(), vec![0.1, 0.2]);
    assert!((r.var[0] - (0.9 + 0.1 * 2.0 * 4.0 / 3.0)).abs() < 1e-15);
    assert!((r.var[1] - (0.9 + 0.1 * 0.5 * 4.0 / 3.0)).abs() < 1e-15);
    // Evaluation mode with running mean 0 and variance 1 is the network without
    // normalization but for the affine layer (γ = 1, β = 0) and √(1 + ε).
    let mut bn = net(Norm::Batch);
    bn.eps = 0.0;
    let p = bn.init(2);
    let plain = net(Norm::None);
    let k = 8;
    let w = bn.first_layer().end;
    let mut q: Vec<f64> = p.slice(s![..w]).to_vec();
    q.extend(p.slice(s![w + 2 * k..]).iter());
    let fresh = RunningStats::new(k);
    let eval = bn.loss_on(p.view(), &bn.data, Mode::Eval, Some(&fresh));
    assert!((eval - plain.loss(Array1::from(q).view())).abs() < 1e-14);
}

/// SGD with coupled weight decay on the BatchNorm network, on batches of 32: the root mean
/// square of the first layer's angular update over the second half of the run.
fn sgd_equilibrium(lr: f64, weight_decay: f64, steps: usize) -> (f64, f64, f64) {
    let net = net(Norm::Batch);
    let w = net.first_layer();
    let start = net.init(0);
    let batches = NormBatches::new(net, 32, 0);
    let mut grad_sq = Vec::new();
    let mut watch = |row: &Step<'_>| {
        let g = row.grad.slice(s![w.clone()]);
        grad_sq.push(g.dot(&g));
        Control::Continue
    };
    let run = Training::new(&batches, &Budget::steps(steps))
        .observe(&mut watch)
        .run(&mut Sgd::new(lr).weight_decay(weight_decay), start);
    let h = &run.history;
    let half = h.len() / 2;
    let angles: Vec<f64> = (half..h.len())
        .map(|t| norm_net::angle(h[t - 1].params.view(), h[t].params.view(), w.clone()))
        .collect();
    let rms = (angles.iter().map(|a| a * a).sum::<f64>() / angles.len() as f64).sqrt();
    let norm = h[half..]
        .iter()
        .map(|r| norm_net::norm(r.params.view(), w.clone()))
        .sum::<f64>()
        / (h.len() - half) as f64;
    let mean_g = grad_sq[half..].iter().sum::<f64>() / (grad_sq.len() - half) as f64;
    (rms, norm, mean_g)
}

#[test]
fn sgd_equilibrium_angular_update_is_arccos_one_minus_eta_lambda_within_ten_percent() {
    for (lr, wd) in [(0.3, 0.01), (0.3, 0.03), (0.9, 0.01), (0.9, 0.03)] {
        let (angle, norm, mean_g) = sgd_equilibrium(lr, wd, 800);
        let predicted = math::acos(1.0 - lr * wd);
        assert!(
            (angle / predicted - 1.0).abs() < 0.1,
            "η={lr} λ={wd}: {angle} against {predicted}"
        );
        // And ‖w‖² (1 − (1 − ηλ)²) = η² ⟨‖g‖²⟩.
        let e = lr * wd;
        let predicted_norm = lr * (mean_g / (e * (2.0 - e))).sqrt();
        assert!(
            (norm / predicted_norm - 1.0).abs() < 0.1,
            "η={lr} λ={wd}: {norm} against {predicted_norm}"
        );
    }
}

#[test]
fn same_eta_lambda_gives_the_same_angular_update_but_a_different_norm() {
    let (a, na, _) = sgd_equilibrium(0.3, 0.03, 800);
    let (b, nb, _) = sgd_equilibrium(0.9, 0.01, 800);
    assert!((a / b - 1.0).abs() < 0.02, "{a} against {b}");
    assert!(nb / na > 1.5, "‖w‖ {na} and {nb}");
}

/// One step of an optimizer from θ = 2 with gradient 0.5.
fn first_step(opt: &mut dyn Optimizer) -> f64 {
    let mut p = Array1::from_elem(1, 2.0);
    opt.step(p.view_mut(), Array1::from_elem(1, 0.5).view());
    p[0]
}

#[test]
fn adam_weight_decay_is_l2_inside_the_denominator_and_adamw_decays_by_lr_times_weight_decay() {
    let (theta, g, lr, wd, eps): (f64, f64, f64, f64, f64) = (2.0, 0.5, 0.1, 0.1, 1e-8);
    // torch.optim.SGD(lr, weight_decay): θ − lr·(g + wd·θ).
    assert!(
        (first_step(&mut Sgd::new(lr).weight_decay(wd)) - (theta - lr * (g + wd * theta))).abs()
            < 1e-15
    );
    // torch.optim.Adam(lr, weight_decay): g' = g + wd·θ; at step 1, m̂ = g', √v̂ = |g'|.
    let gd = g + wd * theta;
    let adam_l2 = theta - lr * gd / (gd.abs() + eps);
    assert!((first_step(&mut Adam::new(lr).weight_decay(wd)) - adam_l2).abs() < 1e-15);
    // torch.optim.AdamW(lr, weight_decay): θ·(1 − lr·wd), then the Adam step on g alone.
    let adamw = theta * (1.0 - lr * wd) - lr * g / (g.abs() + eps);
    assert!((first_step(&mut Adam::adamw(lr).weight_decay(wd)) - adamw).abs() < 1e-15);
    // The decay moves Adam's first step by less than 1e-9; AdamW's by lr·wd·θ = 0.02.
    let plain = first_step(&mut Adam::new(lr));
    assert!((plain - adam_l2).abs() < 1e-9);
    assert!((plain - adamw - lr * wd * theta).abs() < 1e-12);
}

#[test]
fn adamw_decay_per_step_is_lr_times_weight_decay_so_changing_lr_changes_the_decay() {
    // With a zero gradient AdamW only decays: θ_t = θ_0 (1 − ηλ)^t, for any η.
    for lr in [0.001, 0.01] {
        let mut opt = Adam::adamw(lr).weight_decay(0.1);
        let mut p = Array1::from_elem(1, 1.0);
        for _ in 0..100 {
            opt.step(p.view_mut(), Array1::zeros(1).view());
        }
        let expected = math::powf(1.0 - lr * 0.1, 100.0);
        assert!(
            (p[0] / expected - 1.0).abs() < 1e-12,
            "η={lr}: {} against {expected}",
            p[0]
        );
    }
}

/// AdamW on the BatchNorm network (weight_decay = 0.1, η = 0.01): the root mean square of
/// the first layer's angular update over the second half of the first `steps` updates.
fn adamw_angle(lr: f64, weight_decay: f64, steps: &[usize]) -> Vec<f64> {
    let net = net(Norm::Batch);
    let w = net.first_layer();
    let start = net.init(0);
    let batches = NormBatches::new(net, 32, 0);
    let last = *steps.iter().max().expect("a step count");
    let run = Training::new(&batches, &Budget::steps(last))
        .run(&mut Adam::adamw(lr).weight_decay(weight_decay), start);
    let h = &run.history;
    steps
        .iter()
        .map(|&n| {
            // The example's tail: the last half of the n + 1 rows, from row ⌊(n + 1)/2⌋ = ⌈n/2⌉.
            let from = n.div_ceil(2);
            let squares: f64 = (from.max(1)..=n)
                .map(|t| {
                    let a = norm_net::angle(h[t - 1].params.view(), h[t].params.view(), w.clone());
                    a * a
                })
                .sum();
            (squares / (n + 1 - from.max(1)) as f64).sqrt()
        })
        .collect()
}

#[test]
fn kosson_adamw_prediction_is_sqrt_2_eta_lambda_1_minus_beta1_over_1_plus_beta1_and_approached_over_several_timescales()
 {
    // Kosson et al.'s (2024) code, epfml/REQ adamw_etar_func: (2·lr·wd·(1−β₁)/(1+β₁))^0.5.
    let predicted = |lr: f64, wd: f64| (2.0 * lr * wd * (1.0 - 0.9) / 1.9).sqrt();
    assert!((predicted(0.01, 0.1) - 0.010_26).abs() < 5e-6);
    assert!((predicted(0.03, 0.1) - 0.017_77).abs() < 5e-6);
    // After 600 steps (0.6/(ηλ)) the angle is about half the prediction; after 4000 steps
    // (4/(ηλ)) it is within 15% of it, and it grows in between.
    let a = adamw_angle(0.01, 0.1, &[600, 1500, 4000]);
    let p = predicted(0.01, 0.1);
    assert!(a[0] < 0.6 * p && a[0] > 0.4 * p, "{a:?} against {p}");
    assert!(a[0] < a[1] && a[1] < a[2], "{a:?}");
    assert!((a[2] / p - 1.0).abs() < 0.15, "{a:?} against {p}");
}
