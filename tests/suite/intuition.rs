//! The claims of "Intuition: how big a step?": gradient descent on (x − 2)² converges
//! exactly when 0 < η < 1, the closed form predicts its step count, bisection on the
//! simulation finds that edge, and the step size picks the valley.

use ndarray::array;
use stepsize::analysis::gradcheck::{central_differences, relative_error};
use stepsize::analysis::stability::{gradient_descent_edge, predicted_steps};
use stepsize::optim::GradientDescent;
use stepsize::problems::Problem;
use stepsize::problems::parabola::Parabola;
use stepsize::problems::valleys::Valleys;
use stepsize::train::{Budget, Outcome, train};

fn walk(lr: f64, budget: &Budget) -> Outcome {
    let mut gd = GradientDescent::new(lr);
    train("walk", &Parabola::new(2.0), &mut gd, array![0.0], budget).outcome
}

#[test]
fn gradient_descent_on_the_parabola_converges_exactly_when_lr_is_below_one() {
    let budget = Budget::steps(50_000)
        .until_loss_below(1e-10)
        .diverge_above(1e6);
    let mut lrs: Vec<f64> = (1..=200).map(|i| i as f64 * 0.01).collect();
    lrs.extend([0.999, 1.001, 1e-3]);
    for lr in lrs {
        let outcome = walk(lr, &budget);
        if lr < 1.0 {
            assert!(
                matches!(outcome, Outcome::Reached { .. }),
                "η = {lr}: {outcome}"
            );
        } else if lr > 1.0 {
            assert!(outcome.diverged(), "η = {lr}: {outcome}");
        } else {
            // η = 1: the walker bounces between 0 and 4 for ever, neither converging nor diverging.
            assert_eq!(outcome, Outcome::Completed { steps: 50_000 }, "η = 1");
        }
    }
}

#[test]
fn the_closed_form_predicts_the_exact_step_count_on_the_parabola() {
    let budget = Budget::steps(100_000).until_loss_below(1e-6);
    for lr in [
        0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.9, 0.95,
    ] {
        let predicted = predicted_steps(lr, 2.0, 4.0, 1e-6).expect("η < 1 converges");
        assert_eq!(
            walk(lr, &budget),
            Outcome::Reached {
                step: predicted as usize,
                tolerance: 1e-6
            },
            "η = {lr}"
        );
    }
    assert_eq!(predicted_steps(1.0, 2.0, 4.0, 1e-6), None);
    assert_eq!(predicted_steps(1.1, 2.0, 4.0, 1e-6), None);
}

#[test]
fn lr_and_its_mirror_one_minus_lr_converge_equally_fast() {
    let budget = Budget::steps(10_000).until_loss_below(1e-6);
    for lr in [0.1, 0.2, 0.3, 0.45] {
        assert_eq!(
            walk(lr, &budget),
            walk(1.0 - lr, &budget),
            "η = {lr} and {}",
            1.0 - lr
        );
    }
}

#[test]
fn the_tilt_makes_the_left_valley_deepest_and_the_right_shallowest() {
    let v = Valleys;
    let [left, middle, right] = v.minima();
    assert!(left < -1.5 && middle.abs() < 0.5 && right > 1.5);
    assert!(v.at(left) < v.at(middle) && v.at(middle) < v.at(right));
    for m in [left, middle, right] {
        assert!(v.slope(m).abs() < 1e-12 && v.curvature(m) > 0.0);
    }
}

#[test]
fn the_step_size_decides_the_valley_from_x_equals_3() {
    let v = Valleys;
    let budget = Budget::steps(200).diverge_above(1e6);
    for (lr, expected) in [
        (0.01, Some("right")),
        (0.03, Some("middle")),
        (0.05, Some("left")),
        (0.07, None),
    ] {
        let mut gd = GradientDescent::new(lr);
        let run = train("walk", &v, &mut gd, array![3.0], &budget);
        let valley = (!run.outcome.diverged()).then(|| v.valley_of(run.final_params()[0]));
        assert_eq!(valley, expected, "η = {lr}");
        if expected.is_some() {
            assert!(
                v.slope(run.final_params()[0]).abs() < 1e-6,
                "η = {lr} settled"
            );
        }
    }
}

#[test]
fn the_one_dimensional_gradients_match_finite_differences() {
    let problems: [&dyn Problem; 2] = [&Parabola::new(2.0), &Valleys];
    for problem in problems {
        for x in [-2.5, -1.0, 0.0, 0.3, 1.7, 3.0] {
            let exact = problem.gradient(array![x].view());
            let numeric = central_differences(problem, array![x].view(), 1e-5);
            assert!(
                relative_error(exact[0], numeric[0]) < 1e-7,
                "x = {x}: {exact} vs {numeric}"
            );
        }
    }
}

#[test]
fn the_edge_measured_by_bisection_on_the_parabola_is_lr_one() {
    let parabola = Parabola::new(2.0);
    let start = array![0.0];
    let budget = Budget::steps(200).diverge_above(1e30);
    let run = |lr| {
        let mut gd = GradientDescent::new(lr);
        train("run", &parabola, &mut gd, start.clone(), &budget)
    };
    assert!(run(0.99).loss_fell());
    // At η = 1 the iterate bounces between 0 and 4 for ever: the loss never falls.
    assert!(!run(1.0).loss_fell());
    assert!(!run(1.5).loss_fell() && run(1.5).outcome.diverged());
    let edge = gradient_descent_edge(&parabola, &start, &budget, 0.1, 10.0, 60);
    assert!((edge - 1.0).abs() < 1e-6, "{edge}");
}

#[test]
fn a_small_step_ends_in_the_valley_whose_basin_holds_the_start_not_the_nearest() {
    let v = Valleys;
    let floors = v.minima();
    let small_steps = |from: f64| {
        let mut gd = GradientDescent::new(0.001);
        let run = train("walk", &v, &mut gd, array![from], &Budget::steps(5000));
        run.final_params()[0]
    };
    // From x = 1 the right floor is the nearest, yet the start lies in the middle basin.
    let nearest = |x: f64| {
        (0..3)
            .min_by(|&a, &b| (floors[a] - x).abs().total_cmp(&(floors[b] - x).abs()))
            .unwrap()
    };
    assert_eq!(nearest(1.0), 2, "the right floor is the nearest to x = 1");
    assert_eq!(v.valley_of(1.0), "middle");
    let end = small_steps(1.0);
    assert_eq!(v.valley_of(end), "middle");
    assert!(
        (end - floors[1]).abs() < 1e-6,
        "settled on the middle floor: {end}"
    );
    // Everywhere on the picture, away from the ridges, small steps stay in the start's basin.
    let ridges = v.ridges();
    for i in -29..=29 {
        let from = i as f64 / 10.0;
        if ridges.iter().any(|r| (r - from).abs() < 0.01) {
            continue;
        }
        assert_eq!(
            v.valley_of(small_steps(from)),
            v.valley_of(from),
            "from x = {from}"
        );
    }
}
