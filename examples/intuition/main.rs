//! Chapter 1, "Intuition": walkers descending a parabola with different step sizes, and
//! walkers on a landscape with three valleys.
//!
//!     cargo run --example intuition
//!     cargo run --example intuition -- --lr 0.3,0.7 --steps 20

use ndarray::array;
use stepsize::analysis::stability;
use stepsize::output::flags::{Args, Kind, Opt};
use stepsize::output::plot::{self, Chart};
use stepsize::output::report::Report;
use stepsize::output::table::{Table, num};
use stepsize::problems::parabola::Parabola;
use stepsize::problems::valleys::Valleys;
use stepsize::train::{Budget, Run, gradient_descent_runs, lr_column};

const OPTIONS: &[Opt] = &[
    Opt::new(
        "lr",
        Kind::LrList,
        "0.01,0.1,0.5,0.9,1.1",
        "learning rates of the walkers on the parabola",
    ),
    Opt::new(
        "steps",
        Kind::Steps,
        "50",
        "most steps each parabola walker takes",
    ),
    Opt::new(
        "valley-lr",
        Kind::LrList,
        "0.01,0.03,0.05,0.07",
        "learning rates of the walkers in the valleys",
    ),
    Opt::new(
        "valley-steps",
        Kind::Steps,
        "200",
        "steps each valley walker takes",
    ),
    Opt::new(
        "start",
        Kind::Between(-5.0, 5.0),
        "3",
        "where the valley walkers start",
    ),
];

fn main() {
    let args = Args::parse(
        "intuition",
        "walkers descending (x − 2)² and a three-valley landscape with different step sizes",
        OPTIONS,
    );
    let mut report = Report::new(&args);

    // ANCHOR: parabola
    // Set-up: L(x) = (x − 2)², every walker starts at x = 0 (loss 4).
    let parabola = Parabola::new(2.0);
    let budget = Budget::steps(args.steps("steps")).until_loss_below(1e-6);

    // Experiment: one walker per learning rate, each doing x ← x − η·2(x − 2).
    let walkers = gradient_descent_runs(&parabola, &args.lrs("lr"), &array![0.0], &budget);
    // ANCHOR_END: parabola

    report.section("Walkers on L(x) = (x − 2)² from x = 0");
    report.table(&first_steps(&walkers, 4));
    report.line("");
    // Theory beside measurement: the error x − 2 is multiplied by 1 − 2η at every step,
    // so the loss after k steps is 4·(1 − 2η)^(2k).
    let mut table = Table::new(&[
        "η",
        "1 - 2η",
        "predicted steps",
        "last step",
        "loss",
        "outcome",
    ]);
    for (run, eta) in walkers.iter().zip(lr_column(&walkers)) {
        let lr = run.history[0].lr;
        let last = run.last().expect("every walker starts at a finite point");
        let predicted =
            stability::predicted_steps(lr, parabola.curvature(), parabola.at(0.0), 1e-6)
                .map_or("never".to_string(), |k| k.to_string());
        table.row([
            eta,
            num(1.0 - 2.0 * lr),
            predicted,
            last.step.to_string(),
            num(last.loss),
            run.summary(),
        ]);
    }
    report.table(&table);
    report.line(format!(
        "(a run counts as diverged once its loss exceeds {}, 1000 times the starting loss)",
        num(budget.divergence.bound(parabola.at(0.0)))
    ));
    report.history("parabola", &walkers);

    let mut panels: Vec<Chart> = walkers
        .iter()
        .enumerate()
        .map(|(i, run)| {
            let title = format!("{}: {}", run.label, short_outcome(run));
            plot::walk_on_curve(
                &title,
                |x| parabola.at(x),
                (-1.5, 5.5),
                None,
                run,
                plot::color(i),
            )
        })
        .collect();
    panels
        .push(plot::loss_curves("loss of every walker", &walkers).legend(plot::Legend::LowerLeft));
    report.figure(
        "parabola_walks",
        plot::grid(
            "Gradient descent on (x − 2)² from x = 0",
            &panels,
            2,
            (430, 310),
        ),
    );

    // For the book's slider: one figure per rate on a log grid, the same walk each time.
    let slider = stepsize::output::plot::SLIDER_LRS;
    let slider_runs = gradient_descent_runs(&parabola, slider, &array![0.0], &budget);
    for (i, run) in slider_runs.iter().enumerate() {
        let title = format!("{}: {}", run.label, short_outcome(run));
        let walk = plot::walk_on_curve(
            &title,
            |x| parabola.at(x),
            (-1.5, 5.5),
            None,
            run,
            plot::color(0),
        );
        let loss = plot::loss_curves("loss", std::slice::from_ref(run))
            .legend(plot::Legend::None)
            .x_range(0.0, 50.0)
            .y_range(1e-8, 1e7);
        report.figure(
            &format!("slider_{i:02}"),
            plot::grid(
                "Gradient descent on (x − 2)² from x = 0",
                &[walk, loss],
                2,
                (430, 310),
            ),
        );
    }
    report.line(format!(
        "slider figures for η = {}",
        slider.iter().map(|&v| num(v)).collect::<Vec<_>>().join(",")
    ));

    // ANCHOR: valleys
    // Set-up: three valleys; every walker starts at the same point on the right slope.
    let valleys = Valleys;
    let start = args.number("start");
    let budget = Budget::steps(args.steps("valley-steps"));

    // Experiment: same start, same landscape, only the step size differs.
    let valley_walkers =
        gradient_descent_runs(&valleys, &args.lrs("valley-lr"), &array![start], &budget);
    // ANCHOR_END: valleys

    report.section(&format!("Walkers in three valleys from x = {}", num(start)));
    let mut table = Table::new(&[
        "η",
        "x after step 1",
        "final x",
        "loss",
        "valley",
        "outcome",
    ]);
    for (run, eta) in valley_walkers.iter().zip(lr_column(&valley_walkers)) {
        let last = run.last().expect("--start keeps the walkers' start finite");
        let valley = if run.outcome.diverged() {
            "-"
        } else {
            valleys.valley_of(last.params[0])
        };
        table.row([
            eta,
            run.history.get(1).map_or("-".into(), |r| num(r.params[0])),
            num(last.params[0]),
            num(last.loss),
            valley.to_string(),
            run.summary(),
        ]);
    }
    report.table(&table);
    let minima = valleys.minima();
    report.line(format!(
        "valley floors: left x = {} (loss {}), middle x = {} (loss {}), right x = {} (loss {})",
        num(minima[0]),
        num(valleys.at(minima[0])),
        num(minima[1]),
        num(valleys.at(minima[1])),
        num(minima[2]),
        num(valleys.at(minima[2])),
    ));
    report.history("valleys", &valley_walkers);

    let mut panels: Vec<Chart> = valley_walkers
        .iter()
        .enumerate()
        .map(|(i, run)| {
            let title = match run.last() {
                Some(r) if !run.outcome.diverged() => {
                    format!(
                        "{}: ends in the {} valley",
                        run.label,
                        valleys.valley_of(r.params[0])
                    )
                }
                _ => format!("{}: diverged, off the frame", run.label),
            };
            plot::walk_on_curve(
                &title,
                |x| valleys.at(x),
                (-2.7, 3.2),
                Some((-1.0, 3.0)),
                run,
                plot::color(i),
            )
        })
        .collect();
    panels.push(
        plot::positions(
            "x against step (first 40 steps)",
            &valley_walkers,
            (-2.7, 4.6),
        )
        .x_range(0.0, 40.0)
        .legend(plot::Legend::UpperRight),
    );
    report.figure(
        "valley_walks",
        plot::grid(
            &format!(
                "L(x) = x²(x² − 4)²/8 + 0.3x; every walker starts at x = {} (L = {}, above the frame)",
                num(start),
                num(valleys.at(start))
            ),
            &panels,
            2,
            (430, 310),
        ),
    );

    report.finish();
}

/// The first `n` positions of every walker, side by side.
fn first_steps(runs: &[Run], n: usize) -> Table {
    let mut header = vec!["step".to_string()];
    header.extend(runs.iter().map(|r| format!("x ({})", r.label)));
    let mut table = Table::new(&header);
    for step in 0..=n {
        let mut row = vec![step.to_string()];
        row.extend(runs.iter().map(|r| {
            r.history
                .get(step)
                .map_or("-".into(), |rec| num(rec.params[0]))
        }));
        table.row(row);
    }
    table
}

fn short_outcome(run: &Run) -> String {
    use stepsize::train::Outcome;
    match &run.outcome {
        Outcome::Reached { step, .. } => format!("converged, step {step}"),
        Outcome::Completed { steps } => format!("still going after {steps}"),
        Outcome::Diverged { step, .. } => format!("diverged, step {step}"),
    }
}
