//! The training loop's claims: one loop with a small builder serves fixed rates,
//! schedules, reduce-on-plateau and observers; it checks the settings once before the
//! first update; `Run::lr()` is the rate a run started with; and a long budget does not
//! reserve its whole history up front.

use ndarray::{ArrayView1, array};
use stepsize::optim::{GradientDescent, Sgd};
use stepsize::problems::Problem;
use stepsize::problems::quadratic::Quadratic;
use stepsize::schedule::{self, ClosedForm, CosineAnnealingLR, ReduceLROnPlateau, StepLR};
use stepsize::train::{Budget, Control, Outcome, Step, Training, train};

fn bowl() -> Quadratic {
    Quadratic {
        coeffs: vec![0.1, 2.0],
    }
}

#[test]
fn run_lr_is_the_rate_the_run_started_with() {
    let fixed = train(
        "fixed",
        &bowl(),
        &mut GradientDescent::new(0.3),
        array![-5.0, -2.0],
        &Budget::steps(10),
    );
    assert_eq!(fixed.lr(), 0.3);
    assert_eq!(fixed.lr(), fixed.history[0].lr);
    // With a schedule, the schedule's step-0 rate, whatever the optimizer was given.
    let mut cosine = CosineAnnealingLR::new(0.2, 10).stepped();
    let scheduled = Training::new(&bowl(), &Budget::steps(10))
        .schedule(&mut cosine)
        .run(&mut GradientDescent::new(99.0), array![-5.0, -2.0]);
    assert_eq!(scheduled.lr(), 0.2);
    assert!(scheduled.history[5].lr < 0.2);
    // A run that recorded no row has no rate.
    let never = train(
        "never",
        &bowl(),
        &mut GradientDescent::new(0.1),
        array![f64::NAN, 0.0],
        &Budget::steps(10),
    );
    assert!(never.history.is_empty());
    assert!(never.lr().is_nan());
}

#[test]
fn a_scheduled_run_uses_the_schedules_rate_for_each_update_as_pytorch_does() {
    let config = StepLR::new(0.1, 3).gamma(0.5);
    let mut stepped = config.clone().stepped();
    let run = Training::new(&bowl(), &Budget::steps(12))
        .label("step")
        .schedule(&mut stepped)
        .run(&mut GradientDescent::new(0.1), array![-5.0, -2.0]);
    assert_eq!(run.label, "step");
    for r in &run.history {
        assert_eq!(r.lr, config.lr_at(r.step), "step {}", r.step);
    }
    // And the rates the schedule alone gives, stepped the same way.
    let rates = schedule::trace(&mut config.stepped(), 13).unwrap();
    let used: Vec<f64> = run.history.iter().map(|r| r.lr).collect();
    assert_eq!(used, rates);
}

#[test]
fn only_the_plateau_path_passes_a_metric_and_the_loop_drives_it_after_each_update() {
    // The metric is read at the new parameters after every update: here the first
    // coordinate, which never improves on its first value, so the rate is cut after
    // patience + 1 = 3 bad steps, and again 3 steps later.
    let flat = Quadratic { coeffs: vec![0.0] };
    let mut seen = Vec::new();
    let metric = |p: ArrayView1<f64>| p[0];
    let mut plateau = ReduceLROnPlateau::new(0.1).patience(2).factor(0.5);
    let run = Training::new(&flat, &Budget::steps(8))
        .plateau(&mut plateau, &metric)
        .observe(&mut |row: &Step<'_>| {
            seen.push(row.lr);
            Control::Continue
        })
        .run(&mut GradientDescent::new(0.1), array![1.0]);
    // By hand: metric 1 at every step; step 1 sets best, steps 2-4 are bad, the cut makes
    // update 4 the first at 0.05; three more bad steps cut to 0.025 from update 7.
    let expected = [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025];
    let used: Vec<f64> = run.history.iter().map(|r| r.lr).collect();
    assert_eq!(used, expected);
    assert_eq!(seen, expected);
    assert_eq!(plateau.reductions, [4, 7]);
}

#[test]
fn an_observer_sees_every_row_before_its_update_and_can_stop_the_run() {
    let mut steps = Vec::new();
    let run = Training::new(&bowl(), &Budget::steps(100))
        .observe(&mut |row: &Step<'_>| {
            steps.push(row.step);
            assert!(row.is_finite());
            assert_eq!(row.grad_norm, row.grad.dot(&row.grad).sqrt());
            if row.step == 7 {
                Control::Stop
            } else {
                Control::Continue
            }
        })
        .run(&mut GradientDescent::new(0.1), array![-5.0, -2.0]);
    assert_eq!(steps, (0..=7).collect::<Vec<_>>());
    assert_eq!(run.outcome, Outcome::Stopped { step: 7 });
    assert_eq!(run.history.len(), 7, "the stopping row is not recorded");
    assert_eq!(run.summary(), "stopped at step 7");
}

#[test]
fn a_run_with_a_setting_out_of_range_is_not_run_and_names_the_setting() {
    let start = array![-5.0, -2.0];
    let run = train(
        "bad",
        &bowl(),
        &mut Sgd::new(0.1).momentum(-0.5),
        start.clone(),
        &Budget::steps(10),
    );
    let Outcome::Invalid(e) = &run.outcome else {
        panic!("{:?}", run.outcome)
    };
    assert_eq!(e.setting, "momentum");
    assert!(run.history.is_empty());
    assert_eq!(
        run.summary(),
        "not run: momentum: must be in [0, 1), got -0.5"
    );
    // The schedule is checked too.
    let mut bad = StepLR::new(0.1, 0).stepped();
    let run = Training::new(&bowl(), &Budget::steps(10))
        .schedule(&mut bad)
        .run(&mut GradientDescent::new(0.1), start);
    assert!(matches!(&run.outcome, Outcome::Invalid(e) if e.setting == "step_size"));
}

#[test]
fn a_long_budget_does_not_reserve_its_whole_history_up_front() {
    // A million steps that end at once: the history holds a handful of rows and has not
    // reserved room for a million (gigabytes with many rates of a large problem).
    let run = Training::new(&bowl(), &Budget::steps(1_000_000).until_loss_below(1e3))
        .run(&mut GradientDescent::new(0.1), array![-5.0, -2.0]);
    assert_eq!(run.history.len(), 1);
    assert!(run.history.capacity() <= 4097, "{}", run.history.capacity());
    // A run longer than the reservation still records every row.
    let run = train(
        "long",
        &bowl(),
        &mut GradientDescent::new(0.01),
        array![-5.0, -2.0],
        &Budget::steps(5000),
    );
    assert_eq!(run.history.len(), 5001);
    assert_eq!(bowl().loss(run.final_params().view()), run.final_loss());
}
