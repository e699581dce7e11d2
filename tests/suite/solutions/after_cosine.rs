//! Solutions to the exercises of "Schedules after cosine" (book/after_cosine.md, anchors
//! `after_exN`): every number the solutions state is computed here and asserted.

use ndarray::array;
use stepsize::optim::ScheduleFree;
use stepsize::problems::quadratic::Quadratic;
use stepsize::train::{Budget, train};

use crate::common::{run_example, scratch};

/// The branch-at-the-end and drop columns of the branches section run with `extra` flags.
fn branch_ends_and_drops(extra: &[&str]) -> (Vec<f64>, Vec<f64>) {
    let dir = scratch(&format!("after-ex1{}", extra.join("")));
    let mut args = vec!["--section", "branches"];
    args.extend(extra);
    let out = run_example("after_cosine", &args, &dir);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    out.stdout
        .lines()
        .filter_map(|l| l.trim_end().strip_suffix('×'))
        .map(|l| {
            let cells: Vec<f64> = l
                .split_whitespace()
                .map(|c| c.parse().expect("a number"))
                .collect();
            (cells[3], cells[4])
        })
        .unzip()
}

#[test]
fn after_cosine_exercise_1_a_cool_down_twice_as_long_ends_lower_from_every_checkpoint() {
    // ANCHOR: after_ex1
    // The same budget (2000 steps) and checkpoints (500, 1000, 1500); cool-downs of 200
    // steps (the default, a tenth of the budget) and 400.
    let (short_ends, short_drops) = branch_ends_and_drops(&[]);
    let (long_ends, long_drops) = branch_ends_and_drops(&["--cool-down", "400"]);
    assert_eq!(short_ends, [0.01536, 0.006206, 0.01168]);
    assert_eq!(long_ends, [0.00319, 0.003473, 0.006512]);
    assert_eq!(short_drops, [5.9, 10.1, 5.8]);
    assert_eq!(long_drops, [19.1, 13.9, 13.1]);
    assert!(short_ends.iter().zip(&long_ends).all(|(s, l)| l < s));
    // ANCHOR_END: after_ex1
}

#[test]
fn after_cosine_exercise_2_at_50_steps_a_warm_up_helps_schedule_free_sgd_mostly_through_the_weighting()
 {
    // ANCHOR: after_ex2
    // The adaptive chapter's bowl from (−5, −2), rate 0.5; `power` is `weight_lr_power`
    // (2 by default: warm-up steps weigh less in the average; 0: every step the same).
    let bowl = Quadratic::d2l();
    let final_loss = |warmup: usize, power: f64, steps: usize| {
        let mut sf = ScheduleFree::sgd(0.5)
            .warmup_steps(warmup)
            .weight_lr_power(power);
        let start = array![-5.0, -2.0];
        train("sf", &bowl, &mut sf, start, &Budget::steps(steps)).final_loss()
    };
    let (with, without) = (final_loss(10, 2.0, 50), final_loss(0, 2.0, 50));
    assert!(with < without, "{with} vs {without}");
    // The warm-up with equal weights: most of the gain is gone.
    let unweighted = final_loss(10, 0.0, 50);
    assert!(with < unweighted && unweighted < without);
    // ANCHOR_END: after_ex2
    let shown = |x: f64| stepsize::numfmt::num(x);
    assert_eq!(
        shown(with),
        "0.001345",
        "the example's table shows this loss"
    );
    assert_eq!(shown(without), "0.007069");
    assert_eq!(shown(unweighted), "0.005321");
    // And the answer depends on the length: at 100 steps the gap nearly closes.
    assert_eq!(shown(final_loss(10, 2.0, 100)), "0.006661");
    assert_eq!(shown(final_loss(0, 2.0, 100)), "0.007134");
}
