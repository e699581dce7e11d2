//! Solutions to the exercises of "Normalization layers and weight decay"
//! (book/effective_lr.md, anchors `elr_exN`): every number the solutions state is computed
//! here and asserted.

use ndarray::Array1;
use stepsize::math;
use stepsize::optim::{Adam, Optimizer};

use crate::common::{run_example, scratch};

/// The cells of the first row of the equilibrium table for these extra arguments.
fn equilibrium_row(name: &str, extra: &[&str]) -> Vec<String> {
    let dir = scratch(name);
    let mut args = vec!["--section", "equilibrium"];
    args.extend(extra);
    let out = run_example("effective_lr", &args, &dir);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let line = out
        .stdout
        .lines()
        .nth(3)
        .expect("the table's first row")
        .to_string();
    line.split_whitespace().map(str::to_string).collect()
}

// ANCHOR: elr_ex1
#[test]
fn exercise_1_the_same_eta_lambda_turns_by_the_same_angle_at_a_smaller_norm() {
    // Columns: η, λ, ηλ, angle, arccos(1 − ηλ), √(2ηλ), ‖w‖, predicted ‖w‖, loss, test acc.
    let row = equilibrium_row("elr-ex1", &["--lr", "0.1", "--weight-decay", "0.09"]);
    assert_eq!(row[2], "0.009");
    assert_eq!(row[4], "0.1343");
    let angle: f64 = row[3].parse().unwrap();
    assert!(
        (angle / math::acos(1.0 - 0.009) - 1.0).abs() < 0.1,
        "{angle}"
    );
    assert_eq!(
        (row[3].as_str(), row[6].as_str(), row[8].as_str()),
        ("0.129", "0.2891", "0.3528")
    );
    // The runs with ηλ = 0.009 in the chapter settle at ‖w‖ = 0.6363 and 1.147.
    assert!(row[6].parse::<f64>().unwrap() < 0.6363);
}
// ANCHOR_END: elr_ex1

// ANCHOR: elr_ex2
/// Steps until AdamW's decay alone, from a zero gradient, has shrunk a weight by e.
fn steps_to_shrink_by_e(lr: f64) -> usize {
    let mut opt = Adam::adamw(lr).weight_decay(0.01);
    let mut p = Array1::from_elem(1, 1.0);
    let mut t = 0;
    while p[0] > 1.0 / math::exp(1.0) {
        opt.step(p.view_mut(), Array1::zeros(1).view());
        t += 1;
    }
    t
}

#[test]
fn exercise_2_adamw_decays_on_a_timescale_of_one_over_lr_times_weight_decay() {
    // (1 − ηλ)^t ≤ 1/e once t ≥ −1/ln(1 − ηλ) ≈ (1/(ηλ))(1 − ηλ/2).
    let slow = steps_to_shrink_by_e(1e-3);
    let fast = steps_to_shrink_by_e(1e-2);
    assert_eq!((slow, fast), (100_000, 10_000));
}
// ANCHOR_END: elr_ex2

// ANCHOR: elr_ex3
#[test]
fn exercise_3_without_a_norm_layer_the_angle_does_not_settle_at_the_prediction() {
    let row = equilibrium_row(
        "elr-ex3",
        &["--norm", "none", "--lr", "0.9", "--weight-decay", "0.01"],
    );
    assert_eq!(row[3], "0.06657");
    assert_eq!(row[4], "-", "no prediction is printed without a norm layer");
    let angle: f64 = row[3].parse().unwrap();
    assert!(angle < 0.6 * math::acos(1.0 - 0.009), "{angle}");
}
// ANCHOR_END: elr_ex3
