//! Chapter "Schedules after cosine": averaging below the constant-rate floor, cool-downs
//! that share the constant phase bit for bit, and the averages themselves.

use ndarray::{Array1, array};
use stepsize::analysis::averaging::{Average, Averager};
use stepsize::optim::GradientDescent;
use stepsize::problems::Problem;
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::minibatch::{MiniBatch, Sampling};
use stepsize::problems::quadratic::Quadratic;
use stepsize::schedule::{ClosedForm, Constant, Wsd};
use stepsize::train::{Budget, Run, Training};

/// The schedules chapter's noisy least squares and its minimum loss.
fn noisy() -> (LinearRegression, f64) {
    let (train_set, _) =
        data::synthetic_regression(512, &[2.0, -1.0, 0.5, 1.5], 0.3, 1.0, 1).split(256);
    let model = LinearRegression::new(train_set);
    let best = model.least_squares().expect("not collinear");
    let l_star = model.loss(best.view());
    (model, l_star)
}

/// SGD with batches of 8 at the rates of `schedule`, seed `seed`, watched by `averager`.
fn run(
    model: &LinearRegression,
    schedule: &dyn ClosedForm,
    steps: usize,
    seed: u64,
    averager: Option<&mut Averager>,
) -> Run {
    let batches = MiniBatch::new(model.clone(), 8, Sampling::WithReplacement, seed);
    let mut stepped = schedule.stepped();
    let mut training = Training::new(&batches, &Budget::steps(steps)).schedule(&mut stepped);
    if let Some(a) = averager {
        training = training.observe(a);
    }
    training.run(
        &mut GradientDescent::new(schedule.lr_at(0)),
        Array1::zeros(model.dim()),
    )
}

#[test]
fn averaging_the_constant_rate_run_ends_below_its_noise_floor_on_every_seed() {
    let (model, l_star) = noisy();
    let constant = Constant { lr: 0.1 };
    for seed in 0..5 {
        let mut averager = Averager::new(&model, Average::Uniform { from: 1000 });
        let run = run(&model, &constant, 2000, seed, Some(&mut averager));
        let tail = &run.history[1000..];
        let floor = tail.iter().map(|r| r.loss - l_star).sum::<f64>() / tail.len() as f64;
        let averaged = averager.final_loss() - l_star;
        assert!(
            averaged < floor / 10.0,
            "seed {seed}: average {averaged} vs floor {floor}"
        );
    }
}

#[test]
fn a_wsd_cool_down_shares_the_constant_phase_bit_for_bit_and_then_drops() {
    let (model, l_star) = noisy();
    let constant = Constant { lr: 0.1 };
    let main = run(&model, &constant, 1200, 3, None);
    let branch = run(&model, &Wsd::new(0.1, 1200, 200), 1200, 3, None);
    assert_eq!(branch.history[..=1000], main.history[..=1000]);
    assert_ne!(branch.history[1002], main.history[1002]);
    assert!(branch.final_loss() - l_star < (main.final_loss() - l_star) / 2.0);
}

#[test]
fn the_uniform_average_is_the_mean_of_the_iterates_from_its_start_and_the_ema_weights_them_geometrically()
 {
    // Gradient descent at 0.1 on 0.1·x1² + 2·x2²: the iterates are known, the averages
    // are checked against them.
    let bowl = Quadratic::d2l();
    let mut uniform = Averager::new(&bowl, Average::Uniform { from: 2 });
    let mut ema = Averager::new(&bowl, Average::Ema { decay: 0.5 });
    let run = Training::new(&bowl, &Budget::steps(4))
        .observe(&mut uniform)
        .observe(&mut ema)
        .run(&mut GradientDescent::new(0.1), array![-5.0, -2.0]);
    let p: Vec<&Array1<f64>> = run.history.iter().map(|r| &r.params).collect();
    let mean = (p[2] + p[3] + p[4]) / 3.0;
    let got = uniform.mean().unwrap();
    assert!(
        (got - &mean).iter().all(|d| d.abs() < 1e-15),
        "{got} vs {mean}"
    );
    let mut expected = p[0].clone();
    for q in &p[1..] {
        expected = &expected * 0.5 + *q * 0.5;
    }
    assert_eq!(ema.mean().unwrap(), &expected);
    assert_eq!(uniform.losses.len(), 5);
    assert_eq!(ema.final_loss(), bowl.loss(expected.view()));
}

#[test]
fn in_the_river_valley_the_cool_down_removes_the_noise_across_and_keeps_the_way_along() {
    use stepsize::problems::river::RiverValley;
    let run_with = |schedule: &dyn ClosedForm| {
        let valley = RiverValley::new(0);
        Training::new(&valley, &Budget::steps(2000))
            .schedule(&mut schedule.stepped())
            .run(&mut GradientDescent::new(0.1), array![8.0, 2.0])
    };
    let constant = run_with(&Constant { lr: 0.1 });
    let wsd = run_with(&Wsd::new(0.1, 2000, 400));
    let valley = RiverValley::new(0);
    // Across: mean over the last 100 rows (it is noisy); along: the last row.
    let across = |run: &Run| {
        run.history[1901..]
            .iter()
            .map(|r| valley.across(r.params.view()))
            .sum::<f64>()
            / 100.0
    };
    let along = |run: &Run| valley.along(run.final_params().view());
    assert!(across(&wsd) < across(&constant) / 10.0);
    assert!(along(&wsd) < along(&constant) * 1.1);
    assert!(wsd.final_loss() < constant.final_loss());
}
