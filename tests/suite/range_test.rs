//! The range test's and gradient clipping's claims: the rate grows exponentially as in
//! fastai's `LRFinder`, the loss is smoothed as fastai's `AvgSmoothLoss`, the run stops once
//! the smoothed loss passes 4 times its best, the suggestions follow fastai's `minimum`,
//! `steep`, `valley` and `slide`, and clipping follows PyTorch's `clip_grad_norm_` and
//! `clip_grad_value_`.

use ndarray::{Array1, ArrayView1, ArrayViewMut1, array};
use stepsize::analysis::range_test::{RangeResult, RangeTest, Smoother};
use stepsize::analysis::stability::best_fixed_lr;
use stepsize::math;
use stepsize::optim::clip::{Clip, Clipped};
use stepsize::optim::{GradientDescent, Optimizer};
use stepsize::output::optimizers::{Settings, build};
use stepsize::problems::Problem;
use stepsize::problems::quadratic::Quadratic;
use stepsize::problems::rosenbrock::Rosenbrock;
use stepsize::train::{Budget, train};

use crate::common::assert_close;

/// A loss that is `values[k]` after `k` updates, whatever the rate: its one parameter
/// counts the updates (see [`Counter`]).
struct Scripted {
    values: Vec<f64>,
}

impl Problem for Scripted {
    fn param_names(&self) -> Vec<String> {
        vec!["k".into()]
    }

    fn loss(&self, params: ArrayView1<f64>) -> f64 {
        self.values[params[0] as usize]
    }

    fn gradient(&self, _params: ArrayView1<f64>) -> Array1<f64> {
        array![0.0]
    }
}

/// An "optimizer" that adds 1 to the first parameter at every step.
struct Counter {
    lr: f64,
}

impl Optimizer for Counter {
    fn name(&self) -> String {
        "counter".into()
    }

    fn lr(&self) -> f64 {
        self.lr
    }

    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn step(&mut self, mut params: ArrayViewMut1<f64>, _grad: ArrayView1<f64>) {
        params[0] += 1.0;
    }
}

fn scripted_run(test: &RangeTest, values: Vec<f64>) -> RangeResult {
    let mut counter = Counter { lr: 0.5 };
    let result = test.run(&Scripted { values }, &mut counter, array![0.0]);
    assert_eq!(counter.lr, 0.5, "the run puts the optimizer's rate back");
    result
}

#[test]
fn the_defaults_are_fastais() {
    assert_eq!(
        RangeTest::default(),
        RangeTest {
            start_lr: 1e-7,
            end_lr: 10.0,
            num_it: 100,
            stop_div: true,
            beta: 0.98,
            div_factor: 4.0,
        }
    );
}

#[test]
fn the_rate_grows_exponentially_from_start_lr_towards_end_lr() {
    let test = RangeTest::default();
    let ratio = math::powf(1e8_f64, 1.0 / 100.0); // (end/start)^(1/num_it) = 10^0.08
    assert_close(test.lr_at(0), 1e-7);
    for i in 0..99 {
        assert_close(test.lr_at(i + 1) / test.lr_at(i), ratio);
    }
    // fastai's position is train_iter/num_it, so the last of 100 rates is one factor short.
    assert_close(test.lr_at(99), 10.0 / ratio);
    assert_close(test.lr_at(100), 10.0);

    // A run records exactly these rates, one per iteration.
    let no_stop = RangeTest {
        stop_div: false,
        ..RangeTest::default()
    };
    let result = scripted_run(&no_stop, vec![1.0; 101]);
    assert_eq!(result.lrs.len(), 100);
    assert!(!result.stopped_early);
    for (i, &lr) in result.lrs.iter().enumerate() {
        assert_close(lr, no_stop.lr_at(i));
    }
}

#[test]
fn fewer_than_six_iterations_count_as_six_as_in_fastai() {
    let test = RangeTest {
        num_it: 2,
        start_lr: 1e-3,
        end_lr: 1.0,
        ..RangeTest::default()
    };
    assert_eq!(test.iterations(), 6);
    assert_close(test.lr_at(6), 1.0);
    assert_eq!(scripted_run(&test, vec![1.0; 7]).lrs.len(), 6);
}

#[test]
fn smoothing_is_an_exponential_moving_average_with_bias_correction() {
    // β = 0.98 on 1, 2, 3 by hand: m₁ = 0.02, m₂ = 0.98·0.02 + 0.02·2 = 0.0596,
    // m₃ = 0.98·0.0596 + 0.02·3 = 0.118408, each divided by 1 − 0.98^k.
    let expected = [0.02 / 0.02, 0.0596 / 0.0396, 0.118408 / 0.058808];
    let mut smoother = Smoother::new(0.98);
    for (x, e) in [1.0, 2.0, 3.0].into_iter().zip(expected) {
        assert_close(smoother.add(x), e);
    }
    assert_close(expected[1], 149.0 / 99.0);

    // The run records the raw losses and exactly these smoothed values.
    let result = scripted_run(&RangeTest::default(), (1..=101).map(f64::from).collect());
    assert_eq!(&result.losses[..3], &[1.0, 2.0, 3.0]);
    for (s, e) in result.smoothed.iter().zip(expected) {
        assert_close(*s, e);
    }
}

#[test]
fn the_run_stops_once_the_smoothed_loss_exceeds_4_times_its_best() {
    // Ten losses of 1, then 5, 5, 5, …: the raw loss passes 4 × best at once, but the
    // smoothed loss of the first k values (k > 10) is [u (1 − b) + 5 (1 − u)] / (1 − u b)
    // with b = 0.98^10 and u = 0.98^(k−10), above 4 once u < 1/(4 − 3b) = 0.6457, that is
    // k − 10 ≥ 22: the 32nd value, index 31.
    let mut values = vec![1.0; 10];
    values.resize(101, 5.0);
    let result = scripted_run(&RangeTest::default(), values);
    assert!(result.stopped_early);
    assert_eq!(result.smoothed.len(), 32);
    let best = result
        .smoothed
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min);
    assert_close(best, 1.0);
    assert!(result.smoothed[31] > 4.0 * best);
    assert!(result.smoothed[30] <= 4.0 * best);
    assert!(
        result.losses[10] > 4.0 * best,
        "the raw loss passed 4× long before"
    );

    // Without stop_div the run goes on to the end.
    let mut values = vec![1.0; 10];
    values.resize(101, 5.0);
    let no_stop = RangeTest {
        stop_div: false,
        ..RangeTest::default()
    };
    let result = scripted_run(&no_stop, values);
    assert!(!result.stopped_early);
    assert_eq!(result.smoothed.len(), 100);
}

#[test]
fn the_run_stops_at_a_non_finite_loss() {
    let mut values = vec![1.0; 20];
    values.push(f64::NAN);
    values.resize(101, 1.0);
    let result = scripted_run(&RangeTest::default(), values);
    assert!(result.stopped_early);
    assert_eq!(result.losses.len(), 21);
    assert!(result.smoothed[20].is_nan());
    // The suggestions read the curve up to the NaN.
    assert_eq!(result.trimmed(0, 0).smoothed.len(), 20);
}

/// Rates 1e-4, 10^-3.5, …, 1 (half a decade apart) with a hand-made loss curve: flat,
/// falling fastest between 10^-2.5 and 10^-2, lowest at 10^-1, then blowing up.
fn hand_made() -> RangeResult {
    let lrs: Vec<f64> = (0..9)
        .map(|i| math::powf(10_f64, -4.0 + 0.5 * f64::from(i)))
        .collect();
    let smoothed = vec![5.0, 5.0, 4.8, 4.0, 2.0, 1.0, 0.5, 2.0, 9.0];
    RangeResult {
        lrs,
        losses: smoothed.clone(),
        smoothed,
        stopped_early: true,
    }
}

#[test]
fn minimum_is_the_rate_at_the_lowest_smoothed_loss_over_10() {
    assert_close(hand_made().minimum().unwrap(), 0.1 / 10.0);
}

#[test]
fn steep_is_the_left_rate_of_the_steepest_fall_against_log_lr() {
    // Drops 0, 0.2, 0.8, 2, 1, 0.5 per half decade: steepest from 10^-2.5 to 10^-2.
    assert_close(hand_made().steep().unwrap(), math::powf(10_f64, -2.5));

    // The slope is per unit of ln η, not per entry: the larger drop (3 → 1.5) is spread
    // over a decade, the smaller (1.5 → 0.6) over a factor 2, and is steeper.
    let uneven = RangeResult {
        lrs: vec![1e-3, 1e-2, 2e-2, 1e-1],
        losses: vec![3.0, 1.5, 0.6, 0.5],
        smoothed: vec![3.0, 1.5, 0.6, 0.5],
        stopped_early: false,
    };
    assert_close(uneven.steep().unwrap(), 1e-2);
}

#[test]
fn valley_follows_fastais_index_arithmetic() {
    // The longest strictly decreasing run is 5, 4, 3, 2, 1 (entries 3 to 7): fastai takes
    // max_end = 7, max_start = 7 − 5 = 2, sections = 5/3, and the index 2 + 1 + 0 = 3.
    let lrs: Vec<f64> = (0..10).map(|i| 10_f64.powi(i - 6)).collect();
    let smoothed = vec![5.0, 5.0, 5.0, 5.0, 4.0, 3.0, 2.0, 1.0, 2.0, 6.0];
    let curve = RangeResult {
        lrs: lrs.clone(),
        losses: smoothed.clone(),
        smoothed,
        stopped_early: false,
    };
    assert_eq!(curve.valley(), Some(lrs[3]));

    // A curve that never falls: fastai's max_start and max_end stay 0, the first rate.
    let rising = RangeResult {
        smoothed: (0..10).map(f64::from).collect(),
        ..curve
    };
    assert_eq!(rising.valley(), Some(lrs[0]));
}

#[test]
fn slide_follows_fastais_interval_slide_rule() {
    let lrs: Vec<f64> = (0..20).map(|i| 1e-3 * 1.5_f64.powi(i)).collect();
    let curve = |smoothed: Vec<f64>| RangeResult {
        lrs: lrs.clone(),
        losses: smoothed.clone(),
        smoothed,
        stopped_early: false,
    };
    // A straight line: the gradients agree at once, so the first window's left end,
    // 15 entries before the last.
    let line = curve((0..20).map(|i| 10.0 - 0.1 * f64::from(i)).collect());
    assert_eq!(line.slide(), Some(lrs[4]));
    // A parabola: np.gradient is 2i inside, so the ends always differ by 30: the first rate.
    let parabola = curve((0..20).map(|i| f64::from(i * i)).collect());
    assert_eq!(parabola.slide(), Some(lrs[0]));
    // 15 entries or fewer: no window fits (fastai raises an IndexError).
    assert_eq!(curve((0..15).map(f64::from).collect()).slide(), None);
}

#[test]
fn on_the_d2l_bowl_minimum_steep_and_slide_land_within_10x_of_the_best_rate_but_valley_does_not() {
    let bowl = Quadratic::d2l();
    let eig = bowl.eigenvalues();
    let (best, _) = best_fixed_lr(eig[0], eig[1]);
    assert_close(best, 2.0 / 4.2);

    let test = RangeTest::default();
    let mut sgd = build("sgd", 0.1, &Settings::default()).unwrap();
    let result = test.run(&bowl, sgd.as_mut(), array![-5.0, -2.0]);
    assert!(result.stopped_early, "the loss blows up past η = 2/λ_max");
    let s = test.suggest(&result);
    for (name, lr) in [
        ("minimum", s.minimum),
        ("steep", s.steep),
        ("slide", s.slide),
    ] {
        let ratio = lr.unwrap() / best;
        assert!(
            (0.1..10.0).contains(&ratio),
            "{name} = {lr:?}, {ratio} × the best rate"
        );
    }
    // The full-batch loss falls (by a hair) from the very first step, so the longest
    // strictly decreasing run spans the whole window and valley picks its middle in
    // iterations, four decades too low. fastai's valley relies on a noisy flat start.
    let ratio = s.valley.unwrap() / best;
    assert!(ratio < 0.01, "valley at {ratio} × the best rate");
}

#[test]
fn clipping_by_norm_follows_pytorchs_formula() {
    // ‖(3, 4)‖ = 5 > 1: scaled by 1/(5 + 1e-6).
    let clipped = Clip::Norm(1.0).apply(array![3.0, 4.0].view());
    assert_close(clipped[0], 3.0 / (5.0 + 1e-6));
    assert_close(clipped[1], 4.0 / (5.0 + 1e-6));
    // Below the bound, untouched.
    assert_eq!(
        Clip::Norm(1.0).apply(array![0.3, 0.4].view()),
        array![0.3, 0.4]
    );
    // At the bound, PyTorch's 1e-6 still scales by a hair.
    assert_close(
        Clip::Norm(5.0).apply(array![3.0, 4.0].view())[0],
        3.0 * 5.0 / (5.0 + 1e-6),
    );

    // As an optimizer: the step uses the clipped gradient, and only clipped steps count.
    let mut opt = Clipped::new(Box::new(GradientDescent::new(1.0)), Clip::Norm(1.0));
    assert_eq!(opt.name(), "gd+clip");
    let mut params = array![0.0, 0.0];
    opt.step(params.view_mut(), array![0.3, 0.4].view());
    assert_eq!(params, array![-0.3, -0.4]);
    assert_eq!(opt.clipped_steps, 0);
    opt.set_lr(2.0);
    assert_eq!(opt.lr(), 2.0);
    opt.step(params.view_mut(), array![30.0, 40.0].view());
    assert_close(params[0], -0.3 - 2.0 * 30.0 / (50.0 + 1e-6));
    assert_close(params[1], -0.4 - 2.0 * 40.0 / (50.0 + 1e-6));
    assert_eq!(opt.clipped_steps, 1);
}

#[test]
fn clipping_by_value_clamps_each_entry() {
    assert_eq!(
        Clip::Value(1.0).apply(array![-3.0, 0.5, 2.0, -1.0].view()),
        array![-1.0, 0.5, 1.0, -1.0]
    );
    let mut opt = Clipped::new(Box::new(GradientDescent::new(0.5)), Clip::Value(1.0));
    let mut params = array![0.0, 0.0];
    opt.step(params.view_mut(), array![0.2, -0.4].view());
    assert_eq!(opt.clipped_steps, 0);
    opt.step(params.view_mut(), array![4.0, -0.4].view());
    assert_eq!(params, array![-0.1 - 0.5, 0.2 + 0.2]);
    assert_eq!(opt.clipped_steps, 1);
}

#[test]
fn clipping_the_norm_turns_a_diverging_rosenbrock_run_into_one_that_trains() {
    let rosenbrock = Rosenbrock::default();
    let start = array![-1.5, 2.0];
    let lr = 3e-3;
    let budget = Budget::steps(5000);

    let mut plain = build("sgd", lr, &Settings::default()).unwrap();
    let run = train("plain", &rosenbrock, plain.as_mut(), start.clone(), &budget);
    assert!(run.outcome.diverged(), "{}", run.summary());

    let inner = build("sgd", lr, &Settings::default()).unwrap();
    let mut clipped = Clipped::new(inner, Clip::Norm(1.0));
    let run = train("clipped", &rosenbrock, &mut clipped, start, &budget);
    assert!(!run.outcome.diverged(), "{}", run.summary());
    assert!(run.final_loss() < 0.01, "final loss {}", run.final_loss());
    assert!(clipped.clipped_steps > 0);
}

/// The range test as it was written before it became the shared training loop with an
/// observer: its own loop, kept here as the reference.
fn former_range_test(
    test: &RangeTest,
    problem: &dyn Problem,
    optimizer: &mut dyn Optimizer,
    start: Array1<f64>,
) -> RangeResult {
    let n = test.iterations();
    let original_lr = optimizer.lr();
    let mut params = start;
    let mut smoother = Smoother::new(test.beta);
    let mut best = f64::INFINITY;
    let mut result = RangeResult {
        lrs: Vec::new(),
        losses: Vec::new(),
        smoothed: Vec::new(),
        stopped_early: false,
    };
    for i in 0..n {
        optimizer.set_lr(test.lr_at(i));
        let loss = problem.loss(params.view());
        let smooth = smoother.add(loss);
        result.lrs.push(optimizer.lr());
        result.losses.push(loss);
        result.smoothed.push(smooth);
        if smooth < best {
            best = smooth;
        }
        let diverged = !smooth.is_finite() || smooth > test.div_factor * best;
        if test.stop_div && diverged {
            result.stopped_early = i + 1 < n;
            break;
        }
        let grad = problem.gradient(params.view());
        optimizer.step(params.view_mut(), grad.view());
    }
    optimizer.set_lr(original_lr);
    result
}

#[test]
fn the_range_test_through_the_shared_loop_gives_exactly_the_former_numbers() {
    // The two-moons network of "Momentum and adaptive optimizers" and the bowl, with plain
    // and momentum SGD, stopped early and run to the end: every rate, loss and smoothed
    // loss is bit for bit the same.
    use stepsize::optim::{GradientDescent, Sgd};
    use stepsize::problems::mlp::Mlp;
    use stepsize::problems::moons::two_moons;
    let (train_set, _) = two_moons(300, 0.2, 3).split(150);
    let net = Mlp::new(train_set, 16);
    let bowl = Quadratic::d2l();
    let cases: Vec<(&dyn Problem, Array1<f64>, RangeTest)> = vec![
        (&net, net.init(0), RangeTest::default()),
        (
            &net,
            net.init(1),
            RangeTest {
                start_lr: 1e-4,
                end_lr: 1.0,
                num_it: 50,
                ..RangeTest::default()
            },
        ),
        (&bowl, array![-5.0, -2.0], RangeTest::default()),
        (
            &bowl,
            array![-5.0, -2.0],
            RangeTest {
                stop_div: false,
                end_lr: 0.4,
                ..RangeTest::default()
            },
        ),
    ];
    for (problem, start, test) in cases {
        for momentum in [0.0, 0.9] {
            let now = test.run(
                problem,
                &mut Sgd::new(1.0).momentum(momentum),
                start.clone(),
            );
            let before = former_range_test(
                &test,
                problem,
                &mut Sgd::new(1.0).momentum(momentum),
                start.clone(),
            );
            assert_eq!(now, before, "{test:?}, momentum {momentum}");
        }
        let now = test.run(problem, &mut GradientDescent::new(1.0), start.clone());
        assert!(!now.lrs.is_empty());
    }
}

#[test]
fn with_nine_runs_a_grid_beats_random_draws_for_eta_alone_and_random_draws_edge_ahead_for_eta_and_momentum()
 {
    // The book's seed and two others: the pattern is not one draw's luck. Each output
    // counts, over 100 repetitions, how often random search found the lower loss.
    let dir = crate::common::scratch("grid-against-random");
    for seed in ["4", "1", "2"] {
        let out = crate::common::run_example(
            "lr_finder",
            &["--seed", seed, "--steps", "10", "--out", "figures"],
            &dir,
        );
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        let wins = |searched: &str| -> usize {
            let line = out
                .stdout
                .lines()
                .find(|l| l.starts_with(searched))
                .unwrap_or_else(|| panic!("no row {searched:?}: {}", out.stdout));
            let count = line
                .trim_end()
                .strip_suffix(" of 100")
                .expect("a count of 100");
            count.rsplit(' ').next().unwrap().parse().unwrap()
        };
        let (one, two) = (wins("η only (β = 0)"), wins("η and β"));
        assert!(one < 40, "seed {seed}: random won {one} of 100 for η alone");
        assert!(two > 50, "seed {seed}: random won {two} of 100 for η and β");
    }
}
