//! The tables of `effective_lr`: formatting only, every number comes from `main.rs`.

use stepsize::numfmt::{num, sig};
use stepsize::output::report::Report;
use stepsize::output::table::Table;
use stepsize::problems::norm_net::Norm;

use crate::{Measured, TAIL, TRAINS_BELOW, predicted_angle};

/// The gradient checks and the scale-invariance table.
pub fn layers(
    report: &mut Report,
    checks: &[(Norm, usize, f64)],
    scaled: &[(Norm, f64, f64, f64, f64)],
) {
    report.section("Exact gradients against central differences (h = 1e-5)");
    let mut t = Table::new(&[
        "norm layer",
        "parameters",
        "largest |exact − differences| / largest |g|",
    ]);
    for (norm, dim, error) in checks {
        t.row([norm.name().to_string(), dim.to_string(), sig(*error, 2)]);
    }
    report.table(&t);
    report.section("Scaling the first layer's weights w = (W1, b1) by c");
    let mut t = Table::new(&[
        "norm layer",
        "c",
        "L(c w) − L(w)",
        "cos(g, w)",
        "c ‖g(c w)‖ / ‖g(w)‖",
    ]);
    for (norm, c, change, cosine, shrink) in scaled {
        t.row([
            norm.name().to_string(),
            num(*c),
            sig(*change, 2),
            sig(*cosine, 2),
            num(*shrink),
        ]);
    }
    report.table(&t);
    report.line("(ε = 1e-5 in the norm layers, as PyTorch's default; g is the gradient with");
    report.line("respect to w on the whole training set)");
}

/// The final training loss of each norm layer at each rate, and the range that trains.
pub fn range(report: &mut Report, results: &[Measured]) {
    let rates = crate::RANGE_LRS;
    report.section(&format!(
        "SGD, {} updates on batches of {}: training loss at the end",
        crate::RANGE_STEPS,
        crate::BATCH
    ));
    let mut t = Table::new(&["η", "none", "batch", "layer"]);
    for (i, &lr) in rates.iter().enumerate() {
        let cell = |k: usize| {
            let m = &results[k * rates.len() + i];
            if m.run.outcome.diverged() {
                "diverged".to_string()
            } else {
                num(m.train_loss)
            }
        };
        t.row([num(lr), cell(0), cell(1), cell(2)]);
    }
    report.table(&t);
    let mut t = Table::new(&[
        "norm layer",
        "rates that train (loss < 0.15)",
        "test accuracy at best η",
    ]);
    for (k, norm) in ["none", "batch", "layer"].iter().enumerate() {
        let runs = &results[k * rates.len()..(k + 1) * rates.len()];
        let trains: Vec<String> = runs
            .iter()
            .zip(rates)
            .filter(|(m, _)| !m.run.outcome.diverged() && m.train_loss < TRAINS_BELOW)
            .map(|(_, &lr)| num(lr))
            .collect();
        let best = runs
            .iter()
            .filter(|m| m.train_loss.is_finite())
            .min_by(|a, b| a.train_loss.total_cmp(&b.train_loss));
        let span = match (trains.first(), trains.last()) {
            (Some(a), Some(b)) if a == b => a.clone(),
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => "none".into(),
        };
        t.row([
            norm.to_string(),
            span,
            best.map_or("-".into(), |m| num(m.test_accuracy)),
        ]);
    }
    report.table(&t);
}

/// ‖w‖, the effective rate and the angular update along the runs without and with decay.
pub fn growth(report: &mut Report, runs: &[Measured], pythagoras: f64, tangent: f64) {
    report.section(&format!(
        "BatchNorm network, SGD η = {}: without and with weight decay",
        crate::GROWTH_LR
    ));
    let lr = crate::GROWTH_LR;
    let mut t = Table::new(&[
        "step",
        "‖w‖, λ=0",
        "η/‖w‖², λ=0",
        "angle, λ=0",
        "‖w‖, λ=0.01",
        "η/‖w‖², λ=0.01",
        "angle, λ=0.01",
    ]);
    for step in [0, 1, 50, 150, 300, 600] {
        let mut cells = vec![step.to_string()];
        for m in runs {
            let n = m.norms[step];
            // The RMS angular update over the 50 steps up to this one (the step alone is noisy).
            let from = step.saturating_sub(49).max(1);
            let angle = if step == 0 {
                "-".to_string()
            } else {
                num(crate::rms(&m.angles[from..=step]))
            };
            cells.extend([num(n), num(lr / (n * n)), angle]);
        }
        t.row(cells);
    }
    report.table(&t);
    report.line("(angle: root mean square of the angular update, in radians, over the 50");
    report.line("steps up to that step)");
    report.line(format!(
        "Without decay, over every step: ‖w'‖² = ‖w‖² + η²‖g‖² within {} (relative),",
        sig(pythagoras, 3)
    ));
    report.line(format!(
        "and the angle = arctan(η‖g‖/‖w‖) within {}.",
        sig(tangent, 3)
    ));
    report.line(format!(
        "With λ = {}: predicted equilibrium angle arccos(1 − ηλ) = {}.",
        crate::GROWTH_DECAY,
        num(predicted_angle(lr, crate::GROWTH_DECAY))
    ));
}

/// The measured equilibrium against the predictions, one row per (η, λ).
pub fn equilibrium(
    report: &mut Report,
    name: &str,
    norm: Norm,
    steps: usize,
    sgd: bool,
    pairs: &[(f64, f64)],
    results: &[Measured],
) {
    report.section(&format!(
        "Equilibrium: {name}, {} norm, {steps} updates, measured over the last half",
        norm.name()
    ));
    let mut t = Table::new(&[
        "η",
        "λ",
        "ηλ",
        "angle",
        "arccos(1 − ηλ)",
        "√(2ηλ)",
        "‖w‖",
        "predicted ‖w‖",
        "loss",
        "test acc.",
    ]);
    for ((lr, wd), m) in pairs.iter().zip(results) {
        let diverged = m.run.outcome.diverged();
        let product = lr * wd;
        // ‖w‖² (1 − (1 − ηλ)²) = η² ⟨‖g‖²⟩ in the steady state (SGD, coupled decay).
        let predicted_norm = if sgd {
            lr * (m.mean_grad_sq_tail(TAIL) / (product * (2.0 - product))).sqrt()
        } else {
            f64::NAN
        };
        let or_dash = |x: f64| if diverged { "-".to_string() } else { num(x) };
        t.row([
            num(*lr),
            num(*wd),
            num(product),
            or_dash(m.rms_angle_tail(TAIL)),
            if sgd {
                num(predicted_angle(*lr, *wd))
            } else {
                "-".into()
            },
            num((2.0 * product).sqrt()),
            or_dash(m.mean_norm_tail(TAIL)),
            if diverged {
                "-".into()
            } else {
                num(predicted_norm)
            },
            or_dash(m.train_loss),
            or_dash(m.test_accuracy),
        ]);
    }
    report.table(&t);
    report.line("(angle: root mean square of the angular update of w = (W1, b1) per step, in");
    report.line("radians; ‖w‖: its mean; predicted ‖w‖ from the measured ⟨‖g‖²⟩; the predictions");
    report.line("hold for SGD on weights before a norm layer only)");
    // Runs with the same ηλ but different η: the norms differ, the effective rates less.
    // In equilibrium ‖w‖⁴ = η⟨‖g₁‖²⟩/(λ(2 − ηλ)), so ‖w‖ goes like (η/λ)^(1/4).
    for (i, ((lr_a, wd_a), a)) in pairs.iter().zip(results).enumerate() {
        for ((lr_b, wd_b), b) in pairs.iter().zip(results).skip(i + 1) {
            let same = ((lr_a * wd_a) / (lr_b * wd_b) - 1.0).abs() < 1e-9 && lr_a != lr_b;
            if !same || a.run.outcome.diverged() || b.run.outcome.diverged() {
                continue;
            }
            let (na, nb) = (a.mean_norm_tail(TAIL), b.mean_norm_tail(TAIL));
            report.line(format!(
                "Same ηλ, η={} λ={} against η={} λ={}: ‖w‖ ratio {} ((η/λ)^(1/4) ratio {}),",
                num(*lr_b),
                num(*wd_b),
                num(*lr_a),
                num(*wd_a),
                num(nb / na),
                num(stepsize::math::powf((lr_b / wd_b) / (lr_a / wd_a), 0.25))
            ));
            report.line(format!(
                "  η/‖w‖² {} against {}.",
                num(lr_b / (nb * nb)),
                num(lr_a / (na * na))
            ));
        }
    }
    for m in results.iter().filter(|m| m.run.outcome.diverged()) {
        report.line(format!("{}: {}", m.run.label, m.run.summary()));
    }
}

/// The hand-computed first steps and the coupled-against-decoupled runs.
pub fn coupled(
    report: &mut Report,
    hand: &[(&str, f64)],
    settings: &[(&str, f64)],
    results: &[Measured],
    long: &Measured,
) {
    let (start, grad, lr, wd) = crate::HAND;
    report.section(&format!(
        "One step from p = {start}, gradient {grad}, lr = {lr}, weight_decay = {wd}"
    ));
    let mut t = Table::new(&["PyTorch", "p after the step", "decay's share of the change"]);
    let plain = hand
        .iter()
        .find(|(n, _)| *n == "Adam(lr)")
        .map_or(f64::NAN, |h| h.1);
    for (name, after) in hand {
        let share = match *name {
            "SGD(lr, weight_decay)" => num(lr * wd * start),
            "Adam(lr)" => "0".into(),
            _ => sig(plain - after, 3),
        };
        t.row([name.to_string(), sig(*after, 10), share]);
    }
    report.table(&t);
    let decay = crate::COUPLED_DECAY;
    let beta1 = 0.9;
    report.section(&format!(
        "BatchNorm network, weight_decay = {decay}, {} updates: Adam (L2) against AdamW",
        crate::COUPLED_STEPS
    ));
    let mut t = Table::new(&[
        "optimizer",
        "η",
        "1/(ηλ)",
        "steps·ηλ",
        "angle",
        "predicted",
        "ratio",
        "‖w‖ at end",
        "loss",
        "test acc.",
    ]);
    for ((name, lr), m) in settings.iter().zip(results) {
        let product = lr * decay;
        let last = m.norms.last().copied().unwrap_or(f64::NAN);
        let angle = m.rms_angle_tail(TAIL);
        let (predicted, ratio) = if *name == "adamw" {
            let p = crate::adamw_predicted_angle(*lr, decay, beta1);
            (num(p), num(angle / p))
        } else {
            ("-".into(), "-".into())
        };
        t.row([
            name.to_string(),
            num(*lr),
            num(1.0 / product),
            num(crate::COUPLED_STEPS as f64 * product),
            num(angle),
            predicted,
            ratio,
            num(last),
            num(m.train_loss),
            num(m.test_accuracy),
        ]);
    }
    report.table(&t);
    let first = &results[0];
    report.line("(angle: root mean square over the last half; predicted: Kosson et al.'s");
    report.line(format!(
        "√(2ηλ(1 − β₁)/(1 + β₁)) with β₁ = {beta1}, for AdamW; ratio: angle / predicted)"
    ));
    report.line(format!(
        "At step 0: ‖w‖ = {}, λ‖w‖ = {}, ‖g‖ = {} (the first layer's batch gradient).",
        num(first.norms[0]),
        num(decay * first.norms[0]),
        num(first.grad_sq[0].sqrt())
    ));
    let lr = crate::COUPLED_LRS[0];
    let predicted = crate::adamw_predicted_angle(lr, decay, beta1);
    report.line(format!(
        "AdamW η = {lr} run on to {} steps: angle over the last half of the first",
        crate::COUPLED_LONG_STEPS
    ));
    let reads: Vec<String> = crate::COUPLED_LONG_READS
        .iter()
        .map(|&s| {
            let a = long.rms_angle_tail_up_to(s, TAIL);
            format!(
                "{s} steps ({}/(ηλ)): {} ({} of {})",
                num(s as f64 * lr * decay),
                num(a),
                num(a / predicted),
                num(predicted)
            )
        })
        .collect();
    for r in reads {
        report.line(format!("  {r}"));
    }
}

/// Adam's ε against the gradient's size.
pub fn eps(report: &mut Report, settings: &[(&str, f64, f64)], results: &[Measured]) {
    report.section(&format!(
        "Adam η = {} (no weight decay), BatchNorm network, {} updates",
        crate::EPS_LR,
        crate::EPS_STEPS
    ));
    let mut t = Table::new(&[
        "optimizer",
        "w scaled by",
        "ε",
        "first ‖g‖",
        "angle",
        "loss",
    ]);
    for ((name, scale, eps), m) in settings.iter().zip(results) {
        let diverged = m.run.outcome.diverged();
        t.row([
            name.to_string(),
            num(*scale),
            num(*eps),
            num(m.grad_sq[0].sqrt()),
            if diverged {
                "-".into()
            } else {
                num(crate::rms(&m.angles[1..]))
            },
            if diverged {
                "diverged".into()
            } else {
                num(m.train_loss)
            },
        ]);
    }
    report.table(&t);
    report.line("(‖g‖: the first layer's batch gradient at step 0; angle: root mean square of");
    report.line("the angular update over the run)");
}
