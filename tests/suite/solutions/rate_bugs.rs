//! Solutions to the exercises of "Learning-rate bugs" (book/rate_bugs.md, anchors
//! `bugs_exN`): every number the solutions state is computed here and asserted.

use ndarray::Array1;
use stepsize::optim::{Adam, Sgd};
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::schedule::CosineAnnealingLR;
use stepsize::train::{Budget, Training};

use crate::common::{run_example, scratch};

/// The rows of the accumulation table the example prints with `--accumulate k`.
fn accumulation_rows(k: &str) -> (String, Vec<String>) {
    let dir = scratch(&format!("bugs-ex1-{k}"));
    let out = run_example(
        "rate_bugs",
        &["--section", "accumulation", "--accumulate", k],
        &dir,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let rows = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("mean over") || l.starts_with("sum over"))
        .map(|l| {
            l.split_once("  ")
                .expect("a table row")
                .1
                .trim()
                .to_string()
        })
        .collect();
    (out.stdout, rows)
}

#[test]
fn rate_bugs_exercise_1_summing_8_micro_batches_makes_the_step_8_times_longer() {
    // ANCHOR: bugs_ex1
    let (text, rows) = accumulation_rows("8");
    assert!(text.contains("first step with the sum, over the first step with the mean: 8\n"));
    assert!(rows[1].ends_with("5 of 5"), "the sum diverges: {}", rows[1]);
    // With one micro-batch there is nothing to sum: all three set-ups are one run.
    let (_, rows) = accumulation_rows("1");
    assert_eq!(rows[0], rows[1]);
    assert_eq!(rows[0], rows[2]);
    // ANCHOR_END: bugs_ex1
}

#[test]
fn rate_bugs_exercise_2_a_cosine_sized_in_epochs_never_ends_exactly_at_its_minimum() {
    // ANCHOR: bugs_ex2
    let cosine = CosineAnnealingLR::new(0.1, 10);
    for batches in 1..=64 {
        let last = cosine.lr_at(10 * batches - 1);
        assert!(last > 2e-3, "{batches} batches: {last}");
        if batches % 2 == 1 {
            // One step before an odd multiple of 10, the nearest the run gets to 0.
            assert!((last - 0.002447).abs() < 5e-7, "{last}");
        }
    }
    // ANCHOR_END: bugs_ex2
}

#[test]
fn rate_bugs_exercise_3_adams_loss_decrease_matches_sgd_at_eta_over_eps_from_eps_1000() {
    // ANCHOR: bugs_ex3
    let model = LinearRegression::new(data::synthetic_regression(
        256,
        &[2.0, -1.0, 0.5, 1.5],
        0.3,
        1.0,
        1,
    ));
    let budget = Budget::steps(300);
    let matches = |eps: f64| {
        let adam =
            Training::new(&model, &budget).run(&mut Adam::new(0.01).eps(eps), Array1::zeros(5));
        let sgd = Training::new(&model, &budget).run(
            &mut Sgd::new(0.01 / eps).momentum(0.9).dampening(0.9),
            Array1::zeros(5),
        );
        // How far each brought the loss down from the same start.
        let start = adam.history[0].loss;
        let (a, s) = (start - adam.final_loss(), start - sgd.final_loss());
        !sgd.outcome.diverged() && (a - s).abs() < 0.01 * s
    };
    let list = [1e-8, 30.0, 100.0, 1000.0, 10000.0];
    let from = list
        .iter()
        .position(|&e| matches(e))
        .expect("some ε matches");
    assert_eq!(list[from], 1000.0);
    assert!(
        list[from..].iter().all(|&e| matches(e)),
        "and every larger ε"
    );
    // ANCHOR_END: bugs_ex3
}
