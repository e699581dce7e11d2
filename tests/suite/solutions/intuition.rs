//! Solutions to the exercises of "Intuition: how big a step?" (book/intuition.md): every
//! number and verdict the solutions state is computed here with the library.

use ndarray::array;
use stepsize::analysis::stability;
use stepsize::optim::GradientDescent;
use stepsize::output::table::num;
use stepsize::problems::parabola::Parabola;
use stepsize::problems::quadratic::Quadratic;
use stepsize::problems::valleys::Valleys;
use stepsize::train::{Budget, Outcome, Run, gradient_descent_runs, train};

use crate::exercises::checks::intuition_from_four;

/// The chapter's parabola experiment: (x − 2)² from x = 0, 50 steps, tolerance 1e-6.
fn parabola_walkers(lrs: &[f64], start: f64) -> Vec<Run> {
    let budget = Budget::steps(50).until_loss_below(1e-6);
    gradient_descent_runs(&Parabola::new(2.0), lrs, &array![start], &budget)
}

#[test]
fn exercise_1_eta_0_6_converges_0_95_is_still_going_1_bounces_and_1_05_diverges_at_step_37() {
    let runs = parabola_walkers(&[0.6, 0.95, 1.0, 1.05], 0.0);
    let factors: Vec<String> = [0.6, 0.95, 1.0, 1.05]
        .iter()
        .map(|lr| num(1.0 - 2.0 * lr))
        .collect();
    assert_eq!(factors, ["-0.2", "-0.9", "-1", "-1.1"]);

    assert_eq!(
        runs[0].outcome,
        Outcome::Reached {
            step: 5,
            tolerance: 1e-6
        }
    );
    // |−0.9| < 1: converging, but 4·0.81^k < 1e-6 needs 73 steps, more than 50.
    assert_eq!(runs[1].outcome, Outcome::Completed { steps: 50 });
    assert_eq!(stability::predicted_steps(0.95, 2.0, 4.0, 1e-6), Some(73));
    assert_eq!(num(runs[1].final_loss()), "0.0001062");
    // |−1.1| > 1: the loss grows by 1.21 per step and passes 4000 at step 37.
    assert!(
        matches!(runs[3].outcome, Outcome::Diverged { step: 37, .. }),
        "{}",
        runs[3].outcome
    );
    assert_eq!(num(runs[3].final_loss()), "4625");
    let h = &runs[3].history;
    assert_eq!(num(h[11].loss / h[10].loss), "1.21");
}

#[test]
fn exercise_1_eta_1_bounces_between_0_and_4_with_loss_4_for_ever() {
    let runs = parabola_walkers(&[1.0], 0.0);
    let run = &runs[0];
    assert_eq!(run.outcome, Outcome::Completed { steps: 50 });
    for record in &run.history {
        let expected = if record.step % 2 == 0 { 0.0 } else { 4.0 };
        assert_eq!(record.params[0], expected, "step {}", record.step);
        // The loss never moves: neither below the tolerance nor above 4000.
        assert_eq!(record.loss, 4.0);
    }
}

#[test]
fn exercise_2_from_2_6_the_walkers_end_right_right_middle_middle() {
    let v = Valleys;
    assert_eq!(num(v.slope(2.6)), "29.51");
    let lrs = [0.01, 0.03, 0.05, 0.07];
    let runs = gradient_descent_runs(&v, &lrs, &array![2.6], &Budget::steps(200));
    let first: Vec<String> = runs.iter().map(|r| num(r.history[1].params[0])).collect();
    assert_eq!(first, ["2.305", "1.715", "1.125", "0.5346"]);
    // The first step is exactly 2.6 − η·L'(2.6).
    for (run, lr) in runs.iter().zip(lrs) {
        assert!((run.history[1].params[0] - (2.6 - lr * v.slope(2.6))).abs() < 1e-12);
    }
    let valleys: Vec<&str> = runs
        .iter()
        .map(|r| {
            assert!(!r.outcome.diverged(), "{}", r.outcome);
            v.valley_of(r.final_params()[0])
        })
        .collect();
    assert_eq!(valleys, ["right", "right", "middle", "middle"]);
    // η = 0.05 lands just left of the ridge between the middle and right valleys.
    assert_eq!(num(v.ridges()[1]), "1.21");
}

// ANCHOR: intuition_ex3
/// The chapter's walkers, started at x = 4: in examples/intuition/main.rs the start is the
/// `&array![0.0]` passed to `gradient_descent_runs`.
pub fn walkers_from_four(parabola: &Parabola, lrs: &[f64], budget: &Budget) -> Vec<Run> {
    gradient_descent_runs(parabola, lrs, &array![4.0], budget)
}
// ANCHOR_END: intuition_ex3

#[test]
fn exercise_3_a_walker_from_4_needs_exactly_as_many_steps_as_one_from_0() {
    // The check compares every walker from 4 with the one from 0 and with the formula.
    let from_four = intuition_from_four::check(walkers_from_four).expect("the solution passes");
    // The walk from 4 is the mirror image of the walk from 0: x ↦ 4 − x.
    let from_zero = parabola_walkers(&[0.01, 0.1, 0.5, 0.9, 1.1], 0.0);
    for (a, b) in from_zero.iter().zip(&from_four) {
        for (ra, rb) in a.history.iter().zip(&b.history) {
            assert!((rb.params[0] - (4.0 - ra.params[0])).abs() < 1e-9);
        }
    }
    let steps: Vec<String> = from_four.iter().map(Run::summary).collect();
    assert_eq!(
        steps,
        [
            "ran all 50 steps",
            "reached loss < 1e-6 at step 35",
            "reached loss < 1e-6 at step 1",
            "reached loss < 1e-6 at step 35",
            "diverged at step 19: loss 4083 > 4000",
        ]
    );
}

#[test]
fn exercise_4_one_over_a_lands_in_one_step_and_two_over_a_is_the_limit() {
    let budget = Budget::steps(2000).until_loss_below(1e-12);
    for a in [0.5, 2.0, 8.0] {
        // (a/2)·x², minimum at 0, curvature a.
        let bowl = Quadratic {
            coeffs: vec![a / 2.0],
        };
        let walk = |lr: f64| {
            let mut gd = GradientDescent::new(lr);
            train("walk", &bowl, &mut gd, array![1.0], &budget).outcome
        };
        assert_eq!(
            walk(1.0 / a),
            Outcome::Reached {
                step: 1,
                tolerance: 1e-12
            },
            "a = {a}"
        );
        assert!(matches!(walk(1.99 / a), Outcome::Reached { .. }), "a = {a}");
        assert_eq!(walk(2.0 / a), Outcome::Completed { steps: 2000 }, "a = {a}");
        assert!(walk(2.01 / a).diverged(), "a = {a}");
    }
}
