//! The printed sections of `scaling`: formatting and the small summaries of the sweeps
//! (where the best η bends, the fitted exponent); every run comes from `main.rs`.

use stepsize::analysis::noise_scale::NoiseScale;
use stepsize::math;
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::mup::Rule;

use crate::{BASE_WIDTH, Best, BySize, CRITICAL_STEPS, Curve, EPOCHS, N, POINTS, WIDTH_STEPS};

pub fn noise(report: &mut Report, rows: &[(&str, usize, f64, (NoiseScale, NoiseScale))]) {
    report.section("The gradient noise scale B_noise = tr Σ / ‖G‖², measured two ways");
    report.line("regression: the batch-size chapter's, full-batch descent at η = 0.05; network: width 16 on 256 moons, full batch at η = 0.2");
    report.line("two batch sizes: 2000 batches of 4 and 2000 of 256 (network: of 64), drawn with replacement");
    let mut table = Table::new(&[
        "problem",
        "step",
        "loss (regression: excess)",
        "B_noise, per-example",
        "B_noise, two batch sizes",
        "ratio",
    ]);
    for (name, step, loss, (exact, batches)) in rows {
        table.row([
            name.to_string(),
            step.to_string(),
            num(*loss),
            num(exact.b_noise()),
            num(batches.b_noise()),
            sig(batches.b_noise() / exact.b_noise(), 3),
        ]);
    }
    report.table(&table);
}

/// Where the best η stops growing: the batch size at which it reaches half the largest
/// batch's best η, interpolated on log scales between the two batch sizes around it
/// (McCandlish et al.'s η_max/(1 + B_noise/B) is half of η_max at B = B_noise).
pub fn knee(best: &[(usize, Best)]) -> Option<f64> {
    let points: Vec<(f64, f64)> = best
        .iter()
        .filter_map(|&(b, x)| x.map(|(lr, _)| (b as f64, lr)))
        .collect();
    let half = points.last()?.1 / 2.0;
    let i = points.iter().position(|&(_, lr)| lr >= half)?;
    if i == 0 {
        return Some(points[0].0);
    }
    let ((b0, l0), (b1, l1)) = (points[i - 1], points[i]);
    let t = (math::ln(half) - math::ln(l0)) / (math::ln(l1) - math::ln(l0));
    Some(math::exp(math::ln(b0) + t * (math::ln(b1) - math::ln(b0))))
}

pub fn critical(
    report: &mut Report,
    best: &[(usize, Best)],
    l_star: f64,
    rate: f64,
    predicted: &[f64],
) {
    report.section(&format!(
        "The critical batch size: SGD's best η against B ({CRITICAL_STEPS} steps from θ = 0)"
    ));
    let mut table = Table::new(&["B", "best η", "best η / B", "excess loss at best η"]);
    for &(b, x) in best {
        let (lr, loss) = x.map_or(("-".into(), "-".into()), |(lr, loss)| {
            (sig(lr, 3), num(loss - l_star))
        });
        let per = x.map_or("-".into(), |(lr, _)| sig(lr / b as f64, 3));
        table.row([b.to_string(), lr, per, loss]);
    }
    report.table(&table);
    report.line(format!(
        "measured: the best η reaches half the largest batch's at B ≈ {}",
        knee(best).map_or("-".into(), |b| sig(b, 3))
    ));
    let along: Vec<String> = predicted.iter().map(|&b| num(b)).collect();
    report.line(format!(
        "predicted: B_noise at steps 0 to {} of full-batch descent at η = {}: {}",
        predicted.len() - 1,
        num(rate),
        along.join(", ")
    ));
}

pub fn temperature(report: &mut Report, rows: &[(f64, usize, f64, Option<f64>)]) {
    report.section(&format!(
        "SGD's noise scale g = ηN/B: equal g, equal epochs ({EPOCHS}), N = {N}"
    ));
    let mut table = Table::new(&["g = ηN/B", "B", "η", "steps", "excess loss (mean)"]);
    for &(g, b, lr, loss) in rows {
        table.row([
            num(g),
            b.to_string(),
            num(lr),
            (EPOCHS * N / b).to_string(),
            loss.map_or("diverged".into(), num),
        ]);
    }
    report.table(&table);
}

/// The least-squares slope of ln η against ln B: the exponent a of η ∝ B^a.
pub fn exponent(best: &[(usize, Best)]) -> Option<f64> {
    let points: Vec<(f64, f64)> = best
        .iter()
        .filter_map(|&(b, x)| x.map(|(lr, _)| (math::ln(b as f64), math::ln(lr))))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    let (mx, my) = (
        points.iter().map(|p| p.0).sum::<f64>() / n,
        points.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let sxx: f64 = points.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

pub fn adam(report: &mut Report, results: &[(&str, BySize)]) {
    report.section(&format!(
        "The best η against B for SGD and Adam ({EPOCHS} epochs, shuffled batches)"
    ));
    let mut header = vec!["B".to_string()];
    for (name, _) in results {
        header.push(format!("{name}: best η"));
        header.push("× first".into());
        header.push("excess loss".into());
    }
    header.push("√(B/first)".into());
    header.push("B/first".into());
    let mut table = Table::new(&header);
    let sizes: Vec<usize> = results
        .first()
        .map(|r| r.1.iter().map(|x| x.0).collect())
        .unwrap_or_default();
    for (i, &b) in sizes.iter().enumerate() {
        let mut row = vec![b.to_string()];
        for (_, best) in results {
            let first = best[0].1.map(|x| x.0);
            match best[i].1 {
                Some((lr, loss)) => {
                    row.push(sig(lr, 3));
                    row.push(first.map_or("-".into(), |f| sig(lr / f, 3)));
                    row.push(num(loss));
                }
                None => row.extend(["-".to_string(), "-".into(), "-".into()]),
            }
        }
        let ratio = b as f64 / sizes[0] as f64;
        row.push(sig(ratio.sqrt(), 3));
        row.push(sig(ratio, 3));
        table.row(row);
    }
    report.table(&table);
    for (name, best) in results {
        report.line(format!(
            "{name}: best η ∝ B^a with fitted a = {} (linear rule: 1, square-root rule: 0.5)",
            exponent(best).map_or("-".into(), |a| sig(a, 2))
        ));
    }
}

pub fn width(report: &mut Report, curves: &[Curve], rule: Rule) {
    let optimizer = match rule {
        Rule::Sgd => "SGD",
        Rule::Adam => "Adam",
    };
    report.section(&format!(
        "The best η against width, standard parametrization and μP (base width {BASE_WIDTH}; {optimizer}, {WIDTH_STEPS} full-batch steps, {POINTS} points of a curve)"
    ));
    let mut table = Table::new(&[
        "parametrization",
        "width",
        "best η",
        "× first width's",
        "loss at best η",
        "rates that diverged",
    ]);
    for (name, k, points) in curves {
        let best = points
            .iter()
            .filter_map(|&(lr, l)| l.map(|l| (lr, l)))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        let first = curves
            .iter()
            .find(|c| c.0 == *name)
            .and_then(|c| {
                c.2.iter()
                    .filter_map(|&(lr, l)| l.map(|l| (lr, l)))
                    .min_by(|a, b| a.1.total_cmp(&b.1))
            })
            .map(|x| x.0);
        let diverged = points.iter().filter(|p| p.1.is_none()).count();
        table.row([
            if *name == "mup" {
                "μP".to_string()
            } else {
                name.to_string()
            },
            k.to_string(),
            best.map_or("-".into(), |b| sig(b.0, 3)),
            best.zip(first).map_or("-".into(), |(b, f)| sig(b.0 / f, 3)),
            best.map_or("-".into(), |b| num(b.1)),
            format!("{diverged} of {}", points.len()),
        ]);
    }
    report.table(&table);
}
