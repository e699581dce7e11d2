//! The printed sections of `scaling`: formatting and the small summaries of the sweeps
//! (where the best η bends, the fitted exponent); every run comes from `main.rs`.

use stepsize::analysis::noise_scale::NoiseScale;
use stepsize::analysis::sweep;
use stepsize::math;
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num, sig};
use stepsize::problems::mup::Rule;

use crate::{
    BASE_WIDTH, Best, BySize, CRITICAL_STEPS, Curve, EPOCHS, N, POINTS, WIDTH_REFINE, WIDTH_STEPS,
};

pub fn noise(report: &mut Report, rows: &[(&str, usize, f64, (NoiseScale, NoiseScale))]) {
    report.section("The gradient noise scale B_noise = tr Σ / ‖G‖², measured two ways");
    report.line("regression: the batch-size chapter's, full-batch descent at η = 0.05;");
    report.line("network: width 16 on 256 moons, full batch at η = 0.2");
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
    // McCandlish et al.'s η_max / (1 + B_noise/B), with η_max the largest batch's best rate
    // and B_noise at θ = 0: no parameter is fitted.
    let eta_max = rate;
    let b_noise = predicted.first().copied().unwrap_or(f64::NAN);
    report.line(format!(
        "predicted: η_max / (1 + B_noise/B) with η_max = {} (the largest batch's best)\nand B_noise = {} (at θ = 0)",
        num(eta_max),
        num(b_noise)
    ));
    let grid_step = math::ln(10.0) / 6.0;
    let mut table = Table::new(&[
        "B",
        "best η",
        "predicted η",
        "measured / predicted",
        "grid steps apart",
        "best η / B",
        "excess loss at best η",
    ]);
    for &(b, x) in best {
        let predicted_lr = eta_max / (1.0 + b_noise / b as f64);
        let (lr, ratio, steps, per, loss) = match x {
            Some((lr, loss)) => (
                sig(lr, 3),
                sig(lr / predicted_lr, 3),
                sig(math::ln(lr / predicted_lr) / grid_step, 2),
                sig(lr / b as f64, 3),
                num(loss - l_star),
            ),
            None => ("-".into(), "-".into(), "-".into(), "-".into(), "-".into()),
        };
        table.row([
            b.to_string(),
            lr,
            sig(predicted_lr, 3),
            ratio,
            steps,
            per,
            loss,
        ]);
    }
    report.table(&table);
    report.line(
        "grid steps apart: ln(measured / predicted) in units of the grid's step 10^(1/6) ≈ 1.47",
    );
    let along: Vec<String> = predicted.iter().map(|&b| num(b)).collect();
    report.line(format!(
        "B_noise at steps 0 to {} of full-batch descent at η = {}: {}",
        predicted.len() - 1,
        num(rate),
        along.join(", ")
    ));
}

/// One row of section temperature: (g, B, η, mean excess loss, full-batch excess loss).
pub type TemperatureRow = (f64, usize, f64, Option<f64>, Option<f64>);

pub fn temperature(report: &mut Report, rows: &[TemperatureRow]) {
    report.section(&format!(
        "SGD's noise scale g = ηN/B: equal g, equal epochs ({EPOCHS}), N = {N}"
    ));
    let mut table = Table::new(&[
        "g = ηN/B",
        "B",
        "η",
        "steps",
        "excess loss (mean)",
        "full batch, same η and steps",
    ]);
    for &(g, b, lr, loss, noiseless) in rows {
        table.row([
            num(g),
            b.to_string(),
            num(lr),
            (EPOCHS * N / b).to_string(),
            loss.map_or("diverged".into(), num),
            noiseless.map_or("diverged".into(), num),
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
    // One table per optimizer, each with the two rules beside it, so that it fits 100
    // columns.
    let sizes: Vec<usize> = results
        .first()
        .map(|r| r.1.iter().map(|x| x.0).collect())
        .unwrap_or_default();
    for (k, (name, best)) in results.iter().enumerate() {
        if k > 0 {
            report.line("");
        }
        let mut table = Table::new(&[
            "B".to_string(),
            format!("{name}: best η"),
            "× first".into(),
            "exponent".into(),
            "excess loss".into(),
            "√(B/first)".into(),
            "B/first".into(),
        ]);
        let first = best[0].1.map(|x| x.0);
        for (i, &b) in sizes.iter().enumerate() {
            let mut row = vec![b.to_string()];
            match best[i].1 {
                Some((lr, loss)) => {
                    row.push(sig(lr, 3));
                    row.push(first.map_or("-".into(), |f| sig(lr / f, 3)));
                    // ln(η/η_first) / ln(B/B_first): the a of η ∝ B^a from the first size.
                    let a = first
                        .filter(|_| i > 0)
                        .map(|f| math::ln(lr / f) / math::ln(b as f64 / sizes[0] as f64));
                    row.push(a.map_or("-".into(), |a| sig(a, 2)));
                    row.push(num(loss));
                }
                None => row.extend(["-".to_string(), "-".into(), "-".into(), "-".into()]),
            }
            let ratio = b as f64 / sizes[0] as f64;
            row.push(sig(ratio.sqrt(), 3));
            row.push(sig(ratio, 3));
            table.row(row);
        }
        report.table(&table);
    }
    report.line("exponent: a of best η ∝ B^a from the first batch size to this one");
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
        "The best η against width, standard parametrization and μP (base width {BASE_WIDTH})"
    ));
    report.line(format!(
        "{optimizer}, {WIDTH_STEPS} full-batch steps, {POINTS} points of a curve"
    ));
    report.line(format!(
        "rates: factors of 2, then factors of 2^(1/{WIDTH_REFINE}) up to twice the best and the largest stable rate,"
    ));
    report.line("and one below the best");
    let mut table = Table::new(&[
        "parametrization",
        "width",
        "best η",
        "× first width's",
        "loss at best η",
        "largest stable η",
        "diverged",
    ]);
    for (name, k, points) in curves {
        let best = sweep::best(points);
        let first = curves
            .iter()
            .find(|c| c.0 == *name)
            .and_then(|c| sweep::best(&c.2))
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
            sweep::largest_stable(points).map_or("-".into(), |s| sig(s, 3)),
            format!("{diverged} of {}", points.len()),
        ]);
    }
    report.table(&table);
}
