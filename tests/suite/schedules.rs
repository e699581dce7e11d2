//! The schedules' claims: each follows PyTorch's definition (closed form, edges,
//! defaults, stepping), stays within its bounds, decays monotonically where it should,
//! and `build` checks command-line parameters, naming the offending flag.

use std::f64::consts::PI;
use stepsize::math;
use stepsize::output::flags::FlagError;
use stepsize::output::schedules::{Built, NAMES, Params, build};
use stepsize::schedule::{
    AnnealStrategy, ClosedForm, Constant, CosineAnnealingLR, CosineAnnealingWarmRestarts, CyclicLR,
    CyclicMode, ExponentialLR, InverseSqrt, LinearLR, MultiStepLR, OneCycleLR, PlateauMode,
    PolynomialLR, ReduceLROnPlateau, Schedule, SequentialLR, StepLR, ThresholdMode, trace,
};

use crate::common::assert_close;

/// The rate of a reduce-on-plateau schedule after 0, 1, …, `n` steps, feeding `metric(t)`
/// to step `t`.
fn trace_plateau(
    schedule: &mut ReduceLROnPlateau,
    n: usize,
    metric: impl Fn(usize) -> f64,
) -> Vec<f64> {
    let mut rates = vec![schedule.lr()];
    for t in 0..n {
        schedule.step(metric(t));
        rates.push(schedule.lr());
    }
    rates
}

/// [`trace_plateau`] for a schedule built by name: only reduce-on-plateau reads `metric`.
fn trace_built(schedule: &mut Built, n: usize, metric: impl Fn(usize) -> f64) -> Vec<f64> {
    let mut rates = vec![schedule.lr()];
    for t in 0..n {
        schedule.step(metric(t));
        rates.push(schedule.lr());
    }
    rates
}

fn build_ok(name: &str, lr: f64, steps: usize, p: &Params) -> Built {
    match build(name, lr, steps, p) {
        Ok(schedule) => schedule,
        Err(e) => panic!("{name}: unexpected error {e}"),
    }
}

#[track_caller]
fn build_err(name: &str, lr: f64, p: &Params) -> FlagError {
    match build(name, lr, 100, p) {
        Ok(_) => panic!("{name} with {p:?} must be rejected"),
        Err(e) => e,
    }
}

// ---- each schedule against its closed form ----

#[test]
fn step_lr_multiplies_by_gamma_every_step_size_steps() {
    let s = StepLR {
        lr: 0.1,
        step_size: 20,
        gamma: 0.5,
    };
    assert_eq!(s.lr_at(0), 0.1);
    assert_eq!(s.lr_at(19), 0.1);
    assert_close(s.lr_at(20), 0.05);
    assert_close(s.lr_at(39), 0.05);
    assert_close(s.lr_at(40), 0.025);
    assert_close(s.lr_at(100), 0.1 * 0.5f64.powi(5));
}

#[test]
fn step_lr_defaults_to_pytorch_gamma_of_one_tenth() {
    let s = StepLR::new(0.1, 30);
    assert_eq!(s.gamma, 0.1);
    assert_close(s.lr_at(30), 0.01);
}

#[test]
fn multistep_lr_multiplies_by_gamma_at_each_milestone() {
    let s = MultiStepLR::new(0.05, vec![30, 80]);
    assert_eq!(s.lr_at(0), 0.05);
    assert_eq!(s.lr_at(29), 0.05);
    assert_close(s.lr_at(30), 0.005);
    assert_close(s.lr_at(79), 0.005);
    assert_close(s.lr_at(80), 0.0005);
    assert_close(s.lr_at(1000), 0.0005);
}

#[test]
fn exponential_lr_multiplies_by_gamma_every_step() {
    let s = ExponentialLR {
        lr: 0.1,
        gamma: 0.9,
    };
    assert_eq!(s.lr_at(0), 0.1);
    assert_close(s.lr_at(1), 0.09);
    assert_close(s.lr_at(10), 0.1 * 0.9f64.powi(10));
}

#[test]
fn linear_lr_ramps_from_start_factor_to_end_factor_in_total_iters_then_holds() {
    // PyTorch's defaults: a third of the rate, up to the rate in 5 steps.
    let s = LinearLR::new(0.3);
    assert_close(s.lr_at(0), 0.1);
    assert_close(s.lr_at(2), 0.3 * (1.0 / 3.0 + (2.0 / 3.0) * 2.0 / 5.0));
    assert_close(s.lr_at(4), 0.3 * (1.0 / 3.0 + (2.0 / 3.0) * 4.0 / 5.0));
    assert_close(s.lr_at(5), 0.3);
    assert_close(s.lr_at(500), 0.3);
    // PyTorch's documented example (issue #71544's fixed version): from 0.05,
    // start_factor 0.5 over 4 steps.
    let doc = LinearLR {
        start_factor: 0.5,
        total_iters: 4,
        ..LinearLR::new(0.05)
    };
    for (t, expected) in [0.025, 0.03125, 0.0375, 0.04375, 0.05, 0.05]
        .into_iter()
        .enumerate()
    {
        assert_close(doc.lr_at(t), expected);
    }
}

#[test]
fn linear_lr_decays_when_end_factor_is_below_start_factor() {
    let s = LinearLR {
        lr: 0.1,
        start_factor: 1.0,
        end_factor: 0.1,
        total_iters: 10,
    };
    assert_eq!(s.lr_at(0), 0.1);
    assert_close(s.lr_at(5), 0.055);
    assert_close(s.lr_at(10), 0.01);
    assert_close(s.lr_at(11), 0.01);
}

#[test]
fn polynomial_lr_reaches_zero_at_total_iters_and_stays_there() {
    // PyTorch's defaults: linear to zero in 5 steps.
    let s = PolynomialLR::new(0.1);
    assert_eq!(s.lr_at(0), 0.1);
    assert_close(s.lr_at(1), 0.08);
    assert_close(s.lr_at(4), 0.02);
    assert_eq!(s.lr_at(5), 0.0);
    assert_eq!(s.lr_at(50), 0.0);
    let squared = PolynomialLR {
        lr: 0.1,
        total_iters: 10,
        power: 2.0,
    };
    assert_close(squared.lr_at(5), 0.025);
    assert_eq!(squared.lr_at(10), 0.0);
}

#[test]
fn cosine_annealing_follows_half_a_cosine_to_eta_min_at_t_max() {
    let s = CosineAnnealingLR::new(0.1, 100);
    assert_eq!(s.lr_at(0), 0.1);
    assert_close(s.lr_at(50), 0.05);
    assert_close(s.lr_at(25), 0.05 * (1.0 + math::cos(PI / 4.0)));
    assert!(s.lr_at(100).abs() < 1e-15);
    let floor = CosineAnnealingLR {
        eta_min: 0.01,
        ..CosineAnnealingLR::new(0.1, 100)
    };
    assert_close(floor.lr_at(50), 0.055);
    assert_close(floor.lr_at(100), 0.01);
}

#[test]
fn cosine_annealing_climbs_back_after_t_max_with_period_two_t_max() {
    // PyTorch's behaviour: the formula keeps following the cosine past T_max.
    let s = CosineAnnealingLR::new(0.1, 100);
    assert!(s.lr_at(101) > s.lr_at(100));
    assert_close(s.lr_at(150), 0.05);
    assert_close(s.lr_at(200), 0.1);
    assert!(s.lr_at(300).abs() < 1e-15);
    assert_close(s.lr_at(237), s.lr_at(37));
}

#[test]
fn clamped_cosine_holds_eta_min_from_t_max_on() {
    let free = CosineAnnealingLR::new(0.1, 100);
    let clamped = CosineAnnealingLR {
        clamp: true,
        ..free.clone()
    };
    for t in 0..100 {
        assert_eq!(clamped.lr_at(t), free.lr_at(t), "t = {t}");
    }
    assert_eq!(clamped.lr_at(100), 0.0);
    assert_eq!(clamped.lr_at(150), 0.0);
    assert_eq!(clamped.lr_at(200), 0.0);
    let floor = CosineAnnealingLR {
        eta_min: 0.02,
        ..clamped
    };
    assert_eq!(floor.lr_at(150), 0.02);
}

#[test]
fn cosine_restarts_restart_every_t0_steps_when_t_mult_is_one() {
    let s = CosineAnnealingWarmRestarts::new(0.1, 10);
    for restart in [0, 10, 20, 30, 1000] {
        assert_eq!(s.lr_at(restart), 0.1, "t = {restart}");
    }
    assert_close(s.lr_at(5), 0.05);
    assert_close(s.lr_at(25), 0.05);
    // The last step of a cycle is just above eta_min, which is never reached.
    assert_close(s.lr_at(9), 0.05 * (1.0 + math::cos(0.9 * PI)));
    assert!(s.lr_at(9) > 0.0);
}

#[test]
fn cosine_restarts_with_t_mult_two_restart_at_10_30_70() {
    let s = CosineAnnealingWarmRestarts {
        t_mult: 2,
        ..CosineAnnealingWarmRestarts::new(0.1, 10)
    };
    for restart in [0, 10, 30, 70, 150] {
        assert_eq!(s.lr_at(restart), 0.1, "t = {restart}");
        assert!(s.lr_at(restart - restart.min(1)) < 0.1 || restart == 0);
    }
    assert_eq!(s.cycle_position(29), (19, 20));
    assert_eq!(s.cycle_position(30), (0, 40));
    assert_eq!(s.cycle_position(69), (39, 40));
    assert_close(s.lr_at(20), 0.05); // half way through the 20-step cycle
    assert_close(s.lr_at(50), 0.05); // half way through the 40-step cycle
    assert_close(s.lr_at(69), 0.05 * (1.0 + math::cos(39.0 / 40.0 * PI)));
    let floor = CosineAnnealingWarmRestarts { eta_min: 0.01, ..s };
    assert_close(floor.lr_at(20), 0.055);
    assert_eq!(floor.lr_at(30), 0.1);
}

#[test]
fn cosine_restarts_match_pytorch_t_cur_t_i_recurrence() {
    for (t0, t_mult) in [(10, 1), (3, 3), (5, 2), (1, 2), (1, 1)] {
        let s = CosineAnnealingWarmRestarts {
            lr: 0.2,
            t0,
            t_mult,
            eta_min: 0.01,
        };
        // PyTorch's step(): T_cur += 1; if T_cur >= T_i { T_cur %= T_i; T_i *= T_mult }.
        let (mut t_cur, mut t_i) = (0usize, t0);
        let mut stepped = s.clone().stepped();
        for t in 0..2000 {
            let expected =
                0.01 + (0.2 - 0.01) * (1.0 + math::cos(PI * t_cur as f64 / t_i as f64)) / 2.0;
            assert_eq!(
                s.cycle_position(t),
                (t_cur, t_i),
                "t0 {t0}, t_mult {t_mult}, t {t}"
            );
            assert_close(stepped.lr(), expected);
            stepped.step();
            t_cur += 1;
            if t_cur >= t_i {
                t_cur %= t_i;
                t_i *= t_mult;
            }
        }
    }
}

#[test]
fn cyclic_triangular_rises_for_step_size_up_then_falls_for_step_size_down() {
    let s = CyclicLR {
        step_size_up: 4,
        step_size_down: Some(6),
        ..CyclicLR::new(0.01, 0.1)
    };
    assert_eq!(s.lr_at(0), 0.01);
    assert_close(s.lr_at(2), 0.055);
    assert_close(s.lr_at(4), 0.1);
    assert_close(s.lr_at(7), 0.055);
    assert_close(s.lr_at(10), 0.01); // the cycle ends back at base_lr
    assert_close(s.lr_at(14), 0.1);
    assert_close(s.lr_at(1004), 0.1);
    // PyTorch's defaults: 2000 steps up, as many down.
    let default = CyclicLR::new(0.01, 0.1);
    assert_eq!(default.cycle_length(), 4000);
    assert_close(default.lr_at(1000), 0.055);
    assert_close(default.lr_at(2000), 0.1);
    assert_close(default.lr_at(4000), 0.01);
}

#[test]
fn cyclic_triangular2_halves_the_amplitude_every_cycle() {
    let s = CyclicLR {
        step_size_up: 5,
        mode: CyclicMode::Triangular2,
        ..CyclicLR::new(0.01, 0.09)
    };
    assert_close(s.lr_at(5), 0.09);
    assert_close(s.lr_at(10), 0.01);
    assert_close(s.lr_at(15), 0.05);
    assert_close(s.lr_at(25), 0.03);
    assert_close(s.lr_at(35), 0.02);
}

#[test]
fn cyclic_exp_range_scales_the_amplitude_by_gamma_per_iteration() {
    let s = CyclicLR {
        step_size_up: 5,
        mode: CyclicMode::ExpRange,
        gamma: 0.99,
        ..CyclicLR::new(0.01, 0.09)
    };
    assert_close(s.lr_at(5), 0.01 + 0.08 * 0.99f64.powi(5));
    assert_close(s.lr_at(15), 0.01 + 0.08 * 0.99f64.powi(15));
    assert_close(s.lr_at(3), 0.01 + 0.08 * 0.6 * 0.99f64.powi(3));
}

#[test]
fn cyclic_starts_at_base_lr_whatever_the_optimizer_rate() {
    let p = Params {
        base_lr: Some(0.01),
        max_lr: Some(0.1),
        ..Params::default()
    };
    assert_eq!(build_ok("cyclic", 0.05, 100, &p).lr(), 0.01);
    let from_lr = Params {
        max_lr: Some(0.1),
        ..Params::default()
    };
    assert_eq!(build_ok("cyclic", 0.05, 100, &from_lr).lr(), 0.05);
}

#[test]
fn onecycle_starts_at_max_lr_over_div_factor() {
    let s = OneCycleLR::new(0.1, 100);
    assert_close(s.initial_lr(), 0.004);
    assert_close(s.lr_at(0), 0.004);
    let p = Params {
        div_factor: Some(10.0),
        ..Params::default()
    };
    assert_close(build_ok("onecycle", 0.5, 100, &p).lr(), 0.05);
}

#[test]
fn onecycle_peaks_at_max_lr_at_step_pct_start_times_total_minus_one() {
    let s = OneCycleLR::new(0.1, 100);
    assert_close(s.lr_at(29), 0.1);
    assert!(s.lr_at(28) < 0.1 && s.lr_at(30) < 0.1);
    let quarter = OneCycleLR {
        pct_start: 0.25,
        ..OneCycleLR::new(0.1, 200)
    };
    assert_eq!(quarter.lr_at(49), 0.1);
    // Half way up the cosine rise, the rate is half way between the initial rate and the peak.
    let odd = OneCycleLR {
        pct_start: 0.25,
        ..OneCycleLR::new(0.1, 100)
    };
    assert_close(odd.lr_at(12), (0.004 + 0.1) / 2.0);
}

#[test]
fn onecycle_ends_at_initial_over_final_div_factor_and_holds_it() {
    let s = OneCycleLR::new(0.1, 100);
    assert_close(s.min_lr(), 0.004 / 1e4);
    assert_close(s.lr_at(99), 4e-7);
    assert_close(s.lr_at(100), 4e-7);
    assert_close(s.lr_at(300), 4e-7);
    assert!(s.lr_at(98) > s.lr_at(99));
}

#[test]
fn onecycle_linear_anneal_is_linear_between_phase_ends() {
    let s = OneCycleLR {
        pct_start: 0.25,
        anneal_strategy: AnnealStrategy::Linear,
        ..OneCycleLR::new(0.1, 100)
    };
    let (initial, min) = (s.initial_lr(), s.min_lr());
    assert_close(s.lr_at(0), initial);
    assert_close(s.lr_at(12), initial + (0.1 - initial) * 12.0 / 24.0);
    assert_close(s.lr_at(24), 0.1);
    assert_close(s.lr_at(49), 0.1 + (min - 0.1) * 25.0 / 75.0);
    assert_close(s.lr_at(99), min);
    assert_close(s.lr_at(100), min); // PyTorch would extrapolate below min here
}

#[test]
fn onecycle_three_phase_returns_to_initial_then_anneals_to_min() {
    let s = OneCycleLR {
        pct_start: 0.25,
        three_phase: true,
        ..OneCycleLR::new(0.1, 100)
    };
    let (initial, min) = (s.initial_lr(), s.min_lr());
    assert_close(s.lr_at(0), initial);
    assert_close(s.lr_at(24), 0.1);
    assert_close(s.lr_at(36), (0.1 + initial) / 2.0);
    assert_close(s.lr_at(48), initial);
    assert_close(s.lr_at(99), min);
    // The first two phases mirror each other around the peak.
    for k in 0..=24 {
        assert_close(s.lr_at(24 + k), s.lr_at(24 - k));
    }
}

#[test]
fn inverse_sqrt_warms_up_linearly_to_base_then_decays_as_inverse_sqrt() {
    let s = InverseSqrt { lr: 1.0, warmup: 4 };
    assert_close(s.lr_at(0), 0.25);
    assert_close(s.lr_at(1), 0.5);
    assert_close(s.lr_at(3), 1.0);
    assert_close(s.lr_at(15), 0.5);
    assert_close(s.lr_at(99), 0.2);
    let peak = (0..1000).map(|t| s.lr_at(t)).fold(0.0, f64::max);
    assert_close(peak, 1.0);
}

// ---- reduce on plateau ----

fn plateau(lr: f64) -> ReduceLROnPlateau {
    ReduceLROnPlateau::new(lr)
}

#[test]
fn plateau_cuts_after_patience_plus_one_bad_steps() {
    // The first metric always improves on "nothing yet"; then 11 bad steps with
    // PyTorch's patience of 10: the cut comes at step 12, and again 11 steps later.
    let mut s = plateau(0.1);
    let rates = trace_plateau(&mut s, 30, |_| 1.0);
    assert_eq!(rates[11], 0.1);
    assert_close(rates[12], 0.01);
    assert_close(rates[22], 0.01);
    assert_close(rates[23], 0.001);
    assert_eq!(s.reductions, vec![12, 23]);

    let mut patient = ReduceLROnPlateau {
        patience: 2,
        ..plateau(0.1)
    };
    let rates = trace_plateau(&mut patient, 5, |t| [1.0, 0.5, 0.6, 0.6, 0.6][t]);
    assert_eq!(&rates[..5], &[0.1; 5]);
    assert_close(rates[5], 0.01);
}

#[test]
fn plateau_improvements_reset_the_count_of_bad_steps() {
    let mut s = ReduceLROnPlateau {
        patience: 2,
        ..plateau(0.1)
    };
    // Two bad steps, an improvement, two bad steps: never more than `patience` in a row.
    trace_plateau(&mut s, 6, |t| [1.0, 1.0, 1.0, 0.9, 0.9, 0.9][t]);
    assert_eq!(s.lr, 0.1);
    assert!(s.reductions.is_empty());
    assert_eq!(s.best, Some(0.9));
    assert_eq!(s.num_bad_epochs, 2);
}

#[test]
fn plateau_relative_threshold_in_min_mode_counts_small_improvements_as_bad() {
    let strict = ReduceLROnPlateau {
        patience: 0,
        ..plateau(0.1)
    };
    // 0.99995 improves on 1 by 5e-5, less than the default relative 1e-4: a bad step.
    let mut rel = strict.clone();
    trace_plateau(&mut rel, 2, |t| [1.0, 0.99995][t]);
    assert_eq!(rel.reductions, vec![2]);
    // 0.9998 improves by 2e-4: good.
    let mut enough = strict.clone();
    trace_plateau(&mut enough, 2, |t| [1.0, 0.9998][t]);
    assert!(enough.reductions.is_empty());
    // An absolute threshold of 1e-5 accepts the 5e-5 improvement.
    let mut abs = ReduceLROnPlateau {
        threshold_mode: ThresholdMode::Abs,
        threshold: 1e-5,
        ..strict.clone()
    };
    trace_plateau(&mut abs, 2, |t| [1.0, 0.99995][t]);
    assert!(abs.reductions.is_empty());
    // Relative is relative to the best value: 1e-4 of 1000 is 0.1.
    let mut big = strict;
    trace_plateau(&mut big, 2, |t| [1000.0, 999.95][t]);
    assert_eq!(big.reductions, vec![2]);
}

#[test]
fn plateau_in_max_mode_wants_the_metric_to_rise_by_the_threshold() {
    let max = ReduceLROnPlateau {
        mode: PlateauMode::Max,
        patience: 0,
        threshold: 0.1,
        ..plateau(0.1)
    };
    // Absolute: better means above best + 0.1.
    let abs = ReduceLROnPlateau {
        threshold_mode: ThresholdMode::Abs,
        ..max.clone()
    };
    let mut up_little = abs.clone();
    trace_plateau(&mut up_little, 2, |t| [0.5, 0.55][t]);
    assert_eq!(up_little.reductions, vec![2]);
    let mut up_enough = abs.clone();
    trace_plateau(&mut up_enough, 2, |t| [0.5, 0.65][t]);
    assert!(up_enough.reductions.is_empty());
    let mut down = abs;
    trace_plateau(&mut down, 2, |t| [0.5, 0.1][t]);
    assert_eq!(down.reductions, vec![2]);
    // Relative: better means above best · 1.1.
    let mut rel_little = max.clone();
    trace_plateau(&mut rel_little, 2, |t| [0.5, 0.54][t]);
    assert_eq!(rel_little.reductions, vec![2]);
    let mut rel_enough = max;
    trace_plateau(&mut rel_enough, 2, |t| [0.5, 0.56][t]);
    assert!(rel_enough.reductions.is_empty());
}

#[test]
fn plateau_cooldown_ignores_bad_steps_after_a_cut() {
    let base = ReduceLROnPlateau {
        patience: 0,
        factor: 0.5,
        ..plateau(0.1)
    };
    let mut eager = base.clone();
    trace_plateau(&mut eager, 6, |_| 1.0);
    assert_eq!(eager.reductions, vec![2, 3, 4, 5, 6]);
    let mut cooled = ReduceLROnPlateau {
        cooldown: 2,
        ..base
    };
    let rates = trace_plateau(&mut cooled, 8, |_| 1.0);
    assert_eq!(cooled.reductions, vec![2, 5, 8]);
    assert_close(rates[4], 0.05);
    assert_close(rates[5], 0.025);
}

#[test]
fn plateau_never_cuts_below_min_lr_nor_by_less_than_eps() {
    let mut floored = ReduceLROnPlateau {
        patience: 0,
        min_lr: 0.005,
        ..plateau(0.1)
    };
    let rates = trace_plateau(&mut floored, 10, |_| 1.0);
    assert_close(rates[2], 0.01);
    assert_eq!(rates[3], 0.005);
    assert_eq!(rates[10], 0.005);
    assert_eq!(floored.reductions, vec![2, 3]); // reaching the floor stops the cuts
    let mut tiny = ReduceLROnPlateau {
        patience: 0,
        factor: 0.5,
        ..plateau(1e-8)
    };
    trace_plateau(&mut tiny, 5, |_| 1.0);
    assert_eq!(tiny.lr, 1e-8); // a cut of 5e-9 is below eps = 1e-8
    assert!(tiny.reductions.is_empty());
}

#[test]
fn plateau_records_reductions_at_the_step_counts_of_its_cuts() {
    let mut s = ReduceLROnPlateau {
        patience: 1,
        ..plateau(1.0)
    };
    let metrics = [5.0, 4.0, 4.0, 4.0, 3.0, 3.0, 3.0, 3.0, 2.0];
    let rates = trace_plateau(&mut s, metrics.len(), |t| metrics[t]);
    assert_eq!(s.reductions, vec![4, 7]);
    for &t in &s.reductions {
        assert!(
            rates[t] < rates[t - 1],
            "the rate drops exactly at step {t}"
        );
    }
    let drops: Vec<usize> = (1..rates.len())
        .filter(|&t| rates[t] < rates[t - 1])
        .collect();
    assert_eq!(drops, s.reductions);
}

// ---- sequential ----

#[test]
fn sequential_lr_hands_over_at_exactly_the_milestone() {
    let first = ExponentialLR {
        lr: 0.1,
        gamma: 0.5,
    };
    let second = CosineAnnealingLR::new(0.2, 10);
    let third = StepLR {
        lr: 0.3,
        step_size: 3,
        gamma: 0.5,
    };
    let mut s = SequentialLR::new(
        vec![
            Box::new(first.clone().stepped()),
            Box::new(second.clone().stepped()),
            Box::new(third.clone().stepped()),
        ],
        vec![5, 12],
    );
    // The rates of updates 0 to 30; tracing steps the schedule after each of the 31.
    let rates = trace(&mut s, 31).expect("valid settings");
    for (t, &rate) in rates.iter().enumerate() {
        let expected = match t {
            0..5 => first.lr_at(t),
            5..12 => second.lr_at(t - 5),
            _ => third.lr_at(t - 12),
        };
        assert_close(rate, expected);
    }
    assert_close(rates[4], 0.1 * 0.5f64.powi(4));
    assert_eq!(rates[5], 0.2); // the second schedule's step-0 value
    assert_eq!(rates[12], 0.3); // the third schedule's step-0 value
    assert_eq!(s.active(), 2);
    assert_eq!(s.t(), 31);
}

#[test]
fn sequential_lr_rejects_milestones_that_do_not_fit_its_schedules() {
    let two = || -> Vec<Box<dyn Schedule>> {
        vec![
            Box::new(Constant { lr: 0.1 }),
            Box::new(Constant { lr: 0.2 }),
        ]
    };
    let errors = [
        SequentialLR::new(two(), vec![]).check().unwrap_err(),
        SequentialLR::new(two(), vec![3, 4]).check().unwrap_err(),
        SequentialLR::new(two(), vec![0]).check().unwrap_err(),
        SequentialLR::new(vec![], vec![]).check().unwrap_err(),
        // A schedule's own bad setting, named as that schedule names it.
        SequentialLR::new(vec![CosineAnnealingLR::new(0.1, 0).boxed()], vec![])
            .check()
            .unwrap_err(),
    ];
    // PyTorch's argument names: SequentialLR(optimizer, schedulers, milestones).
    assert_eq!(
        errors.map(|e| e.setting),
        [
            "milestones",
            "milestones",
            "milestones",
            "schedulers",
            "t_max"
        ]
    );
}

// ---- properties ----

/// Every closed-form schedule, in several configurations, with its stated bounds and a
/// "length" (its horizon, or a cycle).
fn closed_forms() -> Vec<(Box<dyn Schedule>, f64, f64, usize)> {
    let lr = 0.1;
    let onecycle = |anneal_strategy, three_phase| OneCycleLR {
        anneal_strategy,
        three_phase,
        ..OneCycleLR::new(lr, 100)
    };
    let min_lr = OneCycleLR::new(lr, 100).min_lr();
    vec![
        (Box::new(Constant { lr }), lr, lr, 100),
        (Box::new(StepLR::new(lr, 10).stepped()), 0.0, lr, 100),
        (
            Box::new(MultiStepLR::new(lr, vec![20, 50, 70]).stepped()),
            0.0,
            lr,
            100,
        ),
        (
            Box::new(ExponentialLR { lr, gamma: 0.95 }.stepped()),
            0.0,
            lr,
            100,
        ),
        (Box::new(LinearLR::new(lr).stepped()), lr / 3.0, lr, 5),
        (
            Box::new(
                LinearLR {
                    lr,
                    start_factor: 1.0,
                    end_factor: 0.2,
                    total_iters: 50,
                }
                .stepped(),
            ),
            0.2 * lr,
            lr,
            50,
        ),
        (
            Box::new(
                PolynomialLR {
                    lr,
                    total_iters: 60,
                    power: 0.5,
                }
                .stepped(),
            ),
            0.0,
            lr,
            60,
        ),
        (
            Box::new(CosineAnnealingLR::new(lr, 100).stepped()),
            0.0,
            lr,
            100,
        ),
        (
            Box::new(
                CosineAnnealingLR {
                    eta_min: 0.01,
                    clamp: true,
                    ..CosineAnnealingLR::new(lr, 100)
                }
                .stepped(),
            ),
            0.01,
            lr,
            100,
        ),
        (
            Box::new(
                CosineAnnealingWarmRestarts {
                    t_mult: 2,
                    eta_min: 0.01,
                    ..CosineAnnealingWarmRestarts::new(lr, 10)
                }
                .stepped(),
            ),
            0.01,
            lr,
            70,
        ),
        (
            Box::new(
                CyclicLR {
                    step_size_up: 7,
                    step_size_down: Some(13),
                    ..CyclicLR::new(0.01, lr)
                }
                .stepped(),
            ),
            0.01,
            lr,
            20,
        ),
        (
            Box::new(
                CyclicLR {
                    step_size_up: 5,
                    mode: CyclicMode::Triangular2,
                    ..CyclicLR::new(0.01, lr)
                }
                .stepped(),
            ),
            0.01,
            lr,
            10,
        ),
        (
            Box::new(
                CyclicLR {
                    step_size_up: 5,
                    mode: CyclicMode::ExpRange,
                    gamma: 0.98,
                    ..CyclicLR::new(0.01, lr)
                }
                .stepped(),
            ),
            0.01,
            lr,
            10,
        ),
        (
            Box::new(onecycle(AnnealStrategy::Cos, false).stepped()),
            min_lr,
            lr,
            100,
        ),
        (
            Box::new(onecycle(AnnealStrategy::Linear, false).stepped()),
            min_lr,
            lr,
            100,
        ),
        (
            Box::new(onecycle(AnnealStrategy::Cos, true).stepped()),
            min_lr,
            lr,
            100,
        ),
        (
            Box::new(onecycle(AnnealStrategy::Linear, true).stepped()),
            min_lr,
            lr,
            100,
        ),
        (
            Box::new(InverseSqrt { lr, warmup: 10 }.stepped()),
            0.0,
            lr,
            100,
        ),
    ]
}

#[test]
fn every_schedule_stays_within_its_bounds_over_three_times_its_length() {
    let tolerance = 1e-15;
    for (mut s, lo, hi, length) in closed_forms() {
        let name = s.name();
        let rates = trace(s.as_mut(), 3 * length + 1).expect("valid settings");
        for (t, rate) in rates.into_iter().enumerate() {
            assert!(
                rate >= lo - tolerance && rate <= hi + tolerance,
                "{name} at step {t}: {rate} outside [{lo}, {hi}]"
            );
        }
    }
    // Plateau, fed a metric that improves then stalls: between min_lr and its start.
    let mut s = ReduceLROnPlateau {
        patience: 3,
        min_lr: 0.001,
        ..plateau(0.1)
    };
    for rate in trace_plateau(&mut s, 300, |t| 1.0 / (1.0 + t.min(50) as f64)) {
        assert!((0.001..=0.1).contains(&rate), "plateau: {rate}");
    }
    // 0.1 · 0.1 · 0.1 rounds to just above min_lr, and the last cut (to exactly min_lr)
    // is smaller than eps, so it is skipped, as in PyTorch.
    assert_close(s.lr, 0.001);
    assert_eq!(s.reductions.len(), 2);
    // Sequential: within the union of its schedules' bounds.
    let mut s = SequentialLR::new(
        vec![
            Box::new(
                LinearLR {
                    start_factor: 0.1,
                    total_iters: 10,
                    ..LinearLR::new(0.1)
                }
                .stepped(),
            ),
            Box::new(
                CosineAnnealingLR {
                    eta_min: 0.001,
                    clamp: true,
                    ..CosineAnnealingLR::new(0.1, 90)
                }
                .stepped(),
            ),
        ],
        vec![10],
    );
    for rate in trace(&mut s, 301).expect("valid settings") {
        assert!((0.001..=0.1).contains(&rate), "sequential: {rate}");
    }
}

#[test]
fn decaying_schedules_are_monotone_non_increasing() {
    let lr = 0.1;
    let decays: Vec<Box<dyn Schedule>> = vec![
        Box::new(StepLR::new(lr, 7).stepped()),
        Box::new(MultiStepLR::new(lr, vec![10, 11, 40, 90]).stepped()),
        Box::new(ExponentialLR { lr, gamma: 0.97 }.stepped()),
        Box::new(
            PolynomialLR {
                lr,
                total_iters: 100,
                power: 0.5,
            }
            .stepped(),
        ),
        Box::new(
            PolynomialLR {
                lr,
                total_iters: 100,
                power: 1.0,
            }
            .stepped(),
        ),
        Box::new(
            PolynomialLR {
                lr,
                total_iters: 100,
                power: 3.0,
            }
            .stepped(),
        ),
        Box::new(
            CosineAnnealingLR {
                clamp: true,
                ..CosineAnnealingLR::new(lr, 100)
            }
            .stepped(),
        ),
        Box::new(
            CosineAnnealingLR {
                clamp: true,
                eta_min: 0.01,
                ..CosineAnnealingLR::new(lr, 37)
            }
            .stepped(),
        ),
        Box::new(
            LinearLR {
                lr,
                start_factor: 1.0,
                end_factor: 0.05,
                total_iters: 100,
            }
            .stepped(),
        ),
    ];
    for mut s in decays {
        let name = s.name();
        let rates = trace(s.as_mut(), 301).expect("valid settings");
        for t in 1..rates.len() {
            assert!(
                rates[t] <= rates[t - 1],
                "{name} rises at step {t}: {} → {}",
                rates[t - 1],
                rates[t]
            );
        }
        assert!(rates[300] < rates[0], "{name} must decay");
    }
}

/// `schedule` stepped `t` times has the rate `lr_at(t)`, for `t` up to 3·`length`.
#[track_caller]
fn assert_steps_follow_closed_form<C: ClosedForm + Clone>(schedule: C, length: usize) {
    let mut stepped = schedule.clone().stepped();
    for t in 0..=3 * length {
        assert_eq!(stepped.t, t);
        assert_eq!(
            stepped.lr(),
            schedule.lr_at(t),
            "{} at step {t}",
            schedule.name()
        );
        stepped.step();
    }
}

#[test]
fn stepping_a_closed_form_gives_its_value_at_the_step_count() {
    assert_steps_follow_closed_form(StepLR::new(0.1, 10), 100);
    assert_steps_follow_closed_form(MultiStepLR::new(0.1, vec![20, 50]), 100);
    assert_steps_follow_closed_form(
        ExponentialLR {
            lr: 0.1,
            gamma: 0.9,
        },
        100,
    );
    assert_steps_follow_closed_form(LinearLR::new(0.1), 5);
    assert_steps_follow_closed_form(PolynomialLR::new(0.1), 5);
    assert_steps_follow_closed_form(CosineAnnealingLR::new(0.1, 50), 50);
    assert_steps_follow_closed_form(
        CosineAnnealingWarmRestarts {
            t_mult: 2,
            ..CosineAnnealingWarmRestarts::new(0.1, 5)
        },
        35,
    );
    assert_steps_follow_closed_form(
        CyclicLR {
            step_size_up: 4,
            ..CyclicLR::new(0.01, 0.1)
        },
        8,
    );
    assert_steps_follow_closed_form(OneCycleLR::new(0.1, 50), 50);
    assert_steps_follow_closed_form(
        InverseSqrt {
            lr: 0.1,
            warmup: 10,
        },
        100,
    );
}

#[test]
fn every_schedule_but_cyclic_and_onecycle_starts_at_the_base_rate() {
    let p = Params {
        max_lr: Some(0.5),
        ..Params::default()
    };
    for &name in NAMES {
        let s = build_ok(name, 0.1, 100, &p);
        match name {
            "cyclic" => assert_eq!(s.lr(), 0.1), // base_lr, which defaults to lr
            "onecycle" => assert_close(s.lr(), 0.5 / 25.0),
            "linear" => assert_close(s.lr(), 0.1 / 3.0),
            "inverse-sqrt" => assert_close(s.lr(), 0.1 / 10.0),
            _ => assert_eq!(s.lr(), 0.1, "{name}"),
        }
    }
}

// ---- build ----

#[test]
fn build_knows_every_name_and_the_schedule_reports_it() {
    let p = Params {
        max_lr: Some(1.0),
        ..Params::default()
    };
    for &name in NAMES {
        assert_eq!(build_ok(name, 0.1, 100, &p).name(), name);
    }
}

#[test]
fn build_keeps_pytorch_defaults_where_pytorch_has_them() {
    let none = Params::default();
    let with = |p: Params| p;
    // StepLR gamma 0.1.
    let rates = trace_built(
        &mut build_ok(
            "step",
            0.1,
            100,
            &with(Params {
                step_size: Some(10),
                ..none.clone()
            }),
        ),
        10,
        |_| 0.0,
    );
    assert_close(rates[10], 0.01);
    // LinearLR 1/3 → 1 in 5; PolynomialLR to zero in 5, whatever the run length.
    let rates = trace_built(&mut build_ok("linear", 0.3, 1000, &none), 5, |_| 0.0);
    assert_close(rates[0], 0.1);
    assert_close(rates[5], 0.3);
    let rates = trace_built(&mut build_ok("polynomial", 0.1, 1000, &none), 5, |_| 0.0);
    assert_eq!(rates[5], 0.0);
    // CyclicLR 2000 steps up.
    let cyclic = Params {
        max_lr: Some(0.2),
        ..none.clone()
    };
    let rates = trace_built(&mut build_ok("cyclic", 0.1, 100, &cyclic), 2000, |_| 0.0);
    assert_close(rates[1000], 0.15);
    assert_close(rates[2000], 0.2);
    // OneCycleLR 25 and 1e4, peak at 0.3 of the run, max_lr = lr.
    let rates = trace_built(&mut build_ok("onecycle", 0.1, 100, &none), 99, |_| 0.0);
    assert_close(rates[0], 0.004);
    assert_close(rates[29], 0.1);
    assert_close(rates[99], 4e-7);
    // ReduceLROnPlateau patience 10, factor 0.1.
    let rates = trace_built(&mut build_ok("plateau", 0.1, 100, &none), 12, |_| 1.0);
    assert_eq!(rates[11], 0.1);
    assert_close(rates[12], 0.01);
}

#[test]
fn build_derives_required_lengths_from_the_run_length() {
    let none = Params::default();
    let run = |name: &str, steps: usize| {
        trace_built(&mut build_ok(name, 0.1, steps, &none), 3 * steps, |_| 1.0)
    };
    // step_size = steps/3.
    let rates = run("step", 90);
    assert_eq!(rates[29], 0.1);
    assert_close(rates[30], 0.01);
    // milestones = [steps/2, 3·steps/4].
    let rates = run("multistep", 100);
    assert_eq!(rates[49], 0.1);
    assert_close(rates[50], 0.01);
    assert_close(rates[75], 0.001);
    // gamma = 0.01^(1/steps): a hundredth after the run.
    assert_close(run("exponential", 100)[100], 0.001);
    // t_max = steps.
    let rates = run("cosine", 100);
    assert_close(rates[50], 0.05);
    assert!(rates[100].abs() < 1e-15);
    // t0 = steps/4.
    let rates = run("cosine-restarts", 100);
    assert!(rates[24] < 0.1);
    assert_eq!(rates[25], 0.1);
    // total_steps = steps.
    let rates = run("onecycle", 200);
    assert_close(rates[59], 0.1);
    assert_close(rates[199], 4e-7);
    // warmup = steps/10.
    let rates = run("inverse-sqrt", 100);
    assert_close(rates[9], 0.1);
    assert!(rates[8] < 0.1 && rates[10] < 0.1);
    // Tiny runs still get valid lengths.
    for &name in NAMES.iter().filter(|&&n| n != "cyclic") {
        build_ok(name, 0.1, 0, &none);
        build_ok(name, 0.1, 1, &none);
    }
}

#[test]
fn build_passes_command_line_parameters_through() {
    let p = Params {
        t_max: Some(10),
        eta_min: Some(0.01),
        clamp: true,
        ..Params::default()
    };
    let rates = trace_built(&mut build_ok("cosine", 0.1, 100, &p), 30, |_| 0.0);
    assert_close(rates[5], 0.055);
    assert_eq!(rates[20], 0.01);
    let p = Params {
        t0: Some(10),
        t_mult: Some(2),
        ..Params::default()
    };
    let rates = trace_built(&mut build_ok("cosine-restarts", 0.1, 100, &p), 70, |_| 0.0);
    for restart in [10, 30, 70] {
        assert_eq!(rates[restart], 0.1);
    }
    let p = Params {
        mode: Some("max".into()),
        patience: Some(0),
        factor: Some(0.5),
        ..Params::default()
    };
    let rates = trace_built(&mut build_ok("plateau", 0.1, 100, &p), 2, |t| [0.5, 0.1][t]);
    assert_close(rates[2], 0.05);
    let p = Params {
        max_lr: Some(0.3),
        step_size_up: Some(2),
        step_size_down: Some(4),
        mode: Some("triangular2".into()),
        ..Params::default()
    };
    let rates = trace_built(&mut build_ok("cyclic", 0.1, 100, &p), 8, |_| 0.0);
    assert_close(rates[2], 0.3);
    assert_close(rates[6], 0.1);
    assert_close(rates[8], 0.2);
}

#[test]
fn build_rejects_an_unknown_schedule_listing_the_known_names() {
    let e = build_err("cosin", 0.1, &Params::default());
    assert_eq!(e.flag, "schedule");
    for &name in NAMES {
        assert!(e.message.contains(name), "{e}");
    }
    assert!(e.to_string().starts_with("--schedule: "));
}

#[test]
fn build_rejects_gamma_outside_zero_one_naming_the_flag() {
    for name in ["step", "multistep", "exponential", "cyclic"] {
        for gamma in [-0.5, 0.0, 1.5, f64::NAN] {
            let p = Params {
                gamma: Some(gamma),
                max_lr: Some(1.0),
                ..Params::default()
            };
            assert_eq!(build_err(name, 0.1, &p).flag, "gamma", "{name} {gamma}");
        }
    }
    let p = Params {
        gamma: Some(-0.5),
        ..Params::default()
    };
    assert_eq!(
        build_err("step", 0.1, &p).to_string(),
        "--gamma: must be in (0, 1], got -0.5"
    );
}

#[test]
fn build_rejects_zero_lengths() {
    let zero = |f: fn(&mut Params)| {
        let mut p = Params {
            max_lr: Some(1.0),
            ..Params::default()
        };
        f(&mut p);
        p
    };
    let cases: [(&str, Params, &str); 8] = [
        ("step", zero(|p| p.step_size = Some(0)), "step-size"),
        ("cosine", zero(|p| p.t_max = Some(0)), "t-max"),
        ("cosine-restarts", zero(|p| p.t0 = Some(0)), "t0"),
        (
            "polynomial",
            zero(|p| p.total_iters = Some(0)),
            "total-iters",
        ),
        ("onecycle", zero(|p| p.total_steps = Some(0)), "total-steps"),
        ("cyclic", zero(|p| p.step_size_up = Some(0)), "step-size-up"),
        (
            "cyclic",
            zero(|p| p.step_size_down = Some(0)),
            "step-size-down",
        ),
        ("inverse-sqrt", zero(|p| p.warmup = Some(0)), "warmup"),
    ];
    for (name, p, param) in cases {
        let e = build_err(name, 0.1, &p);
        assert_eq!(e.flag, param);
        assert_eq!(
            e.to_string(),
            format!("--{param}: must be at least 1, got 0")
        );
    }
}

#[test]
fn build_errors_name_the_flag_the_rule_and_the_value() {
    let cases = [
        (
            "step",
            -1.0,
            Params::default(),
            "--lr: must be positive, got -1",
        ),
        (
            "polynomial",
            0.1,
            Params {
                power: Some(-0.5),
                ..Params::default()
            },
            "--power: must be non-negative, got -0.5",
        ),
        (
            "onecycle",
            0.1,
            Params {
                total_steps: Some(100),
                div_factor: Some(0.5),
                ..Params::default()
            },
            "--div-factor: must be at least 1, got 0.5",
        ),
        (
            "exponential",
            0.1,
            Params {
                gamma: Some(1.5),
                ..Params::default()
            },
            "--gamma: must be in (0, 1], got 1.5",
        ),
    ];
    for (name, lr, p, message) in cases {
        assert_eq!(build_err(name, lr, &p).to_string(), message);
    }
}

#[test]
fn build_rejects_t_mult_below_one() {
    let p = Params {
        t_mult: Some(0),
        ..Params::default()
    };
    assert_eq!(build_err("cosine-restarts", 0.1, &p).flag, "t-mult");
}

#[test]
fn build_rejects_a_floor_above_the_top() {
    let eta = Params {
        eta_min: Some(0.2),
        ..Params::default()
    };
    assert_eq!(build_err("cosine", 0.1, &eta).flag, "eta-min");
    assert_eq!(build_err("cosine-restarts", 0.1, &eta).flag, "eta-min");
    let min_lr = Params {
        min_lr: Some(0.2),
        ..Params::default()
    };
    assert_eq!(build_err("plateau", 0.1, &min_lr).flag, "min-lr");
    for max_lr in [0.1, 0.05] {
        let p = Params {
            max_lr: Some(max_lr),
            ..Params::default()
        };
        assert_eq!(build_err("cyclic", 0.1, &p).flag, "max-lr");
    }
    let p = Params {
        base_lr: Some(0.5),
        max_lr: Some(0.3),
        ..Params::default()
    };
    let e = build_err("cyclic", 0.1, &p);
    assert_eq!(
        e.to_string(),
        "--max-lr: must be above the base rate 0.5, got 0.3"
    );
}

#[test]
fn build_requires_max_lr_for_cyclic() {
    let e = build_err("cyclic", 0.1, &Params::default());
    assert_eq!(e.flag, "max-lr");
    assert!(e.message.contains("required"), "{e}");
}

#[test]
fn build_rejects_factors_outside_pytorch_ranges() {
    for (name, set, param) in [
        (
            "linear",
            Params {
                start_factor: Some(0.0),
                ..Params::default()
            },
            "start-factor",
        ),
        (
            "linear",
            Params {
                start_factor: Some(1.5),
                ..Params::default()
            },
            "start-factor",
        ),
        (
            "linear",
            Params {
                end_factor: Some(-0.1),
                ..Params::default()
            },
            "end-factor",
        ),
        (
            "linear",
            Params {
                end_factor: Some(1.5),
                ..Params::default()
            },
            "end-factor",
        ),
        (
            "plateau",
            Params {
                factor: Some(1.0),
                ..Params::default()
            },
            "factor",
        ),
        (
            "plateau",
            Params {
                factor: Some(0.0),
                ..Params::default()
            },
            "factor",
        ),
        (
            "onecycle",
            Params {
                div_factor: Some(0.5),
                ..Params::default()
            },
            "div-factor",
        ),
        (
            "onecycle",
            Params {
                final_div_factor: Some(0.0),
                ..Params::default()
            },
            "final-div-factor",
        ),
    ] {
        assert_eq!(build_err(name, 0.1, &set).flag, param, "{set:?}");
    }
    // PyTorch allows an end factor of 0 (decay to nothing).
    let p = Params {
        end_factor: Some(0.0),
        start_factor: Some(1.0),
        ..Params::default()
    };
    build_ok("linear", 0.1, 100, &p);
}

#[test]
fn build_rejects_pct_start_outside_zero_one() {
    for pct in [-0.1, 1.1] {
        let p = Params {
            pct_start: Some(pct),
            ..Params::default()
        };
        assert_eq!(build_err("onecycle", 0.1, &p).flag, "pct-start");
    }
    let three = Params {
        pct_start: Some(0.6),
        three_phase: true,
        ..Params::default()
    };
    assert_eq!(build_err("onecycle", 0.1, &three).flag, "pct-start");
    for pct in [0.0, 1.0] {
        let p = Params {
            pct_start: Some(pct),
            ..Params::default()
        };
        build_ok("onecycle", 0.1, 100, &p);
    }
}

#[test]
fn build_rejects_unsorted_milestones() {
    for milestones in [vec![50, 30], vec![30, 30]] {
        let p = Params {
            milestones: Some(milestones),
            ..Params::default()
        };
        let e = build_err("multistep", 0.1, &p);
        assert_eq!(e.flag, "milestones");
    }
}

#[test]
fn build_rejects_unknown_mode_strings() {
    let mode = |m: &str| Params {
        mode: Some(m.into()),
        max_lr: Some(1.0),
        ..Params::default()
    };
    assert_eq!(build_err("cyclic", 0.1, &mode("min")).flag, "mode");
    assert_eq!(build_err("plateau", 0.1, &mode("triangular")).flag, "mode");
    let e = build_err("plateau", 0.1, &mode("minimum"));
    assert_eq!(
        e.to_string(),
        "--mode: must be one of min, max, got \"minimum\""
    );
    let anneal = Params {
        anneal_strategy: Some("cosine".into()),
        ..Params::default()
    };
    assert_eq!(build_err("onecycle", 0.1, &anneal).flag, "anneal-strategy");
    let threshold = Params {
        threshold_mode: Some("relative".into()),
        ..Params::default()
    };
    assert_eq!(build_err("plateau", 0.1, &threshold).flag, "threshold-mode");
}

#[test]
fn build_rejects_negative_values() {
    let cases = [
        (
            "cosine",
            Params {
                eta_min: Some(-0.01),
                ..Params::default()
            },
            "eta-min",
        ),
        (
            "plateau",
            Params {
                min_lr: Some(-0.01),
                ..Params::default()
            },
            "min-lr",
        ),
        (
            "plateau",
            Params {
                threshold: Some(-1e-4),
                ..Params::default()
            },
            "threshold",
        ),
        (
            "polynomial",
            Params {
                power: Some(-1.0),
                ..Params::default()
            },
            "power",
        ),
        (
            "onecycle",
            Params {
                max_lr: Some(-1.0),
                ..Params::default()
            },
            "max-lr",
        ),
        (
            "cyclic",
            Params {
                base_lr: Some(-0.1),
                max_lr: Some(1.0),
                ..Params::default()
            },
            "base-lr",
        ),
        ("constant", Params::default(), "lr"),
    ];
    for (name, p, param) in cases {
        let lr = if param == "lr" { -0.1 } else { 0.1 };
        assert_eq!(build_err(name, lr, &p).flag, param, "{name}");
    }
}

// ---- typed configuration: setters only set, check() names the bad setting ----

#[test]
fn every_schedule_configs_check_rejects_each_out_of_range_setting_naming_it() {
    use stepsize::ConfigError;
    #[track_caller]
    fn rejects(result: Result<(), ConfigError>, setting: &str) {
        let e = result.expect_err(setting);
        assert_eq!(e.setting, setting, "{e}");
        assert!(e.message.starts_with("must"), "{e}");
    }
    let cases: Vec<(Result<(), ConfigError>, &str)> = vec![
        (Constant { lr: 0.0 }.check(), "lr"),
        (StepLR::new(-0.1, 10).check(), "lr"),
        (StepLR::new(0.1, 0).check(), "step_size"),
        (StepLR::new(0.1, 10).gamma(1.5).check(), "gamma"),
        (MultiStepLR::new(0.1, vec![50, 20]).check(), "milestones"),
        (
            MultiStepLR::new(0.1, vec![20, 50]).gamma(0.0).check(),
            "gamma",
        ),
        (ExponentialLR::new(0.1, 0.0).check(), "gamma"),
        (ExponentialLR::new(f64::NAN, 0.9).check(), "lr"),
        (LinearLR::new(0.1).start_factor(0.0).check(), "start_factor"),
        (LinearLR::new(0.1).end_factor(1.5).check(), "end_factor"),
        (LinearLR::new(0.1).total_iters(0).check(), "total_iters"),
        (PolynomialLR::new(0.1).total_iters(0).check(), "total_iters"),
        (PolynomialLR::new(0.1).power(-1.0).check(), "power"),
        (CosineAnnealingLR::new(0.1, 0).check(), "t_max"),
        (
            CosineAnnealingLR::new(0.1, 10).eta_min(0.2).check(),
            "eta_min",
        ),
        (
            CosineAnnealingLR::new(0.1, 10).eta_min(-0.1).check(),
            "eta_min",
        ),
        (CosineAnnealingWarmRestarts::new(0.1, 0).check(), "t0"),
        (
            CosineAnnealingWarmRestarts::new(0.1, 10).t_mult(0).check(),
            "t_mult",
        ),
        (
            CosineAnnealingWarmRestarts::new(0.1, 10)
                .eta_min(0.5)
                .check(),
            "eta_min",
        ),
        (CyclicLR::new(0.0, 0.1).check(), "base_lr"),
        (CyclicLR::new(0.1, 0.05).check(), "max_lr"),
        (
            CyclicLR::new(0.01, 0.1).step_size_up(0).check(),
            "step_size_up",
        ),
        (
            CyclicLR::new(0.01, 0.1).step_size_down(Some(0)).check(),
            "step_size_down",
        ),
        (CyclicLR::new(0.01, 0.1).gamma(0.0).check(), "gamma"),
        (OneCycleLR::new(0.0, 100).check(), "max_lr"),
        (OneCycleLR::new(0.1, 0).check(), "total_steps"),
        (
            OneCycleLR::new(0.1, 100).pct_start(1.5).check(),
            "pct_start",
        ),
        (
            OneCycleLR::new(0.1, 100)
                .pct_start(0.6)
                .three_phase(true)
                .check(),
            "pct_start",
        ),
        (
            OneCycleLR::new(0.1, 100).div_factor(0.5).check(),
            "div_factor",
        ),
        (
            OneCycleLR::new(0.1, 100).final_div_factor(0.5).check(),
            "final_div_factor",
        ),
        (InverseSqrt::new(0.1, 0).check(), "warmup"),
        (ReduceLROnPlateau::new(0.0).check(), "lr"),
        (ReduceLROnPlateau::new(0.1).factor(1.0).check(), "factor"),
        (
            ReduceLROnPlateau::new(0.1).threshold(-1.0).check(),
            "threshold",
        ),
        (ReduceLROnPlateau::new(0.1).min_lr(0.5).check(), "min_lr"),
        (ReduceLROnPlateau::new(0.1).eps(-1.0).check(), "eps"),
    ];
    for (result, setting) in cases {
        rejects(result, setting);
    }
    // A schedule made steppable reports the same, and so does tracing it.
    let mut bad = CosineAnnealingLR::new(0.1, 0).stepped();
    rejects(bad.check(), "t_max");
    rejects(trace(&mut bad, 10).map(|_| ()), "t_max");
}

#[test]
fn the_schedule_setters_never_panic_whatever_the_value() {
    let _ = StepLR::new(-1.0, 0).gamma(f64::NAN);
    let _ = LinearLR::new(0.1)
        .start_factor(-3.0)
        .end_factor(9.0)
        .total_iters(0);
    let _ = CyclicLR::new(0.5, 0.1).step_size_up(0).gamma(-1.0);
    let _ = OneCycleLR::new(-1.0, 0).pct_start(7.0).div_factor(0.0);
    let _ = ReduceLROnPlateau::new(0.1)
        .factor(2.0)
        .min_lr(1.0)
        .eps(-1.0);
    let _ = SequentialLR::new(vec![], vec![0, 0]);
}

/// Give the setting called `flag` some valid-looking value in `p`.
fn give(p: &mut Params, flag: &str) {
    match flag {
        "step-size" => p.step_size = Some(10),
        "gamma" => p.gamma = Some(0.5),
        "milestones" => p.milestones = Some(vec![10, 20]),
        "t-max" => p.t_max = Some(10),
        "eta-min" => p.eta_min = Some(0.001),
        "clamp" => p.clamp = true,
        "t0" => p.t0 = Some(10),
        "t-mult" => p.t_mult = Some(2),
        "start-factor" => p.start_factor = Some(0.5),
        "end-factor" => p.end_factor = Some(1.0),
        "total-iters" => p.total_iters = Some(10),
        "power" => p.power = Some(2.0),
        "max-lr" => p.max_lr = Some(0.5),
        "base-lr" => p.base_lr = Some(0.01),
        "step-size-up" => p.step_size_up = Some(10),
        "step-size-down" => p.step_size_down = Some(10),
        "mode" => p.mode = Some("max".into()),
        "pct-start" => p.pct_start = Some(0.25),
        "anneal-strategy" => p.anneal_strategy = Some("linear".into()),
        "div-factor" => p.div_factor = Some(10.0),
        "final-div-factor" => p.final_div_factor = Some(100.0),
        "three-phase" => p.three_phase = true,
        "total-steps" => p.total_steps = Some(100),
        "factor" => p.factor = Some(0.5),
        "patience" => p.patience = Some(3),
        "threshold" => p.threshold = Some(0.01),
        "threshold-mode" => p.threshold_mode = Some("abs".into()),
        "cooldown" => p.cooldown = Some(2),
        "min-lr" => p.min_lr = Some(0.001),
        "warmup" => p.warmup = Some(10),
        "warmup-steps" => p.warmup_steps = Some(10),
        "decay-steps" => p.decay_steps = Some(20),
        "decay-shape" => p.decay_shape = Some("sqrt".into()),
        other => panic!("no setting {other}"),
    }
}

/// Every flag [`Params`] has.
const EVERY_FLAG: [&str; 33] = [
    "step-size",
    "gamma",
    "milestones",
    "t-max",
    "eta-min",
    "clamp",
    "t0",
    "t-mult",
    "start-factor",
    "end-factor",
    "total-iters",
    "power",
    "max-lr",
    "base-lr",
    "step-size-up",
    "step-size-down",
    "mode",
    "pct-start",
    "anneal-strategy",
    "div-factor",
    "final-div-factor",
    "three-phase",
    "total-steps",
    "factor",
    "patience",
    "threshold",
    "threshold-mode",
    "cooldown",
    "min-lr",
    "warmup",
    "warmup-steps",
    "decay-steps",
    "decay-shape",
];

#[test]
fn the_command_line_cannot_give_a_setting_a_schedule_does_not_read_and_the_error_names_it() {
    use stepsize::output::schedules::{reject_unused, settings_of};
    let mut all = Params::default();
    for flag in EVERY_FLAG {
        give(&mut all, flag);
    }
    assert_eq!(all.given(), EVERY_FLAG, "the list above is every flag");
    for &name in NAMES {
        let reads = settings_of(name);
        for flag in EVERY_FLAG {
            let mut p = Params::default();
            give(&mut p, flag);
            let verdict = reject_unused(name, &p);
            if reads.contains(&flag) {
                assert!(verdict.is_ok(), "{name} reads --{flag}");
            } else {
                let e = verdict.expect_err(flag);
                assert_eq!(e.flag, flag, "{name}: {e}");
                assert!(
                    e.message
                        .starts_with(&format!("the {name} schedule does not use it")),
                    "{e}"
                );
            }
        }
        // Everything it reads, all at once, builds.
        let mut p = Params {
            max_lr: Some(0.5),
            ..Params::default()
        };
        for flag in &reads {
            give(&mut p, flag);
        }
        if name == "cyclic" {
            p.mode = Some("triangular2".into());
        }
        if let Err(e) = build(name, 0.1, 100, &p) {
            panic!("{name} with every setting it reads: {e}");
        }
    }
    // What a schedule reads is its own list of settings, with flags for names.
    assert_eq!(settings_of("cosine"), ["t-max", "eta-min", "clamp"]);
    assert_eq!(CosineAnnealingLR::SETTINGS, ["t_max", "eta_min", "clamp"]);
    assert!(settings_of("constant").is_empty());
    // Reduce-on-plateau's eps has no flag, so the command line cannot give it.
    assert!(ReduceLROnPlateau::SETTINGS.contains(&"eps"));
    assert!(!settings_of("plateau").contains(&"eps"));
}

#[test]
fn the_command_line_reports_a_schedules_check_by_its_flag() {
    // The one validation path: build() says what check() says, with the flag's name.
    let core = CosineAnnealingLR::new(0.1, 0).check().unwrap_err();
    assert_eq!(core.to_string(), "t_max: must be at least 1, got 0");
    let p = Params {
        t_max: Some(0),
        ..Params::default()
    };
    assert_eq!(
        build_err("cosine", 0.1, &p).to_string(),
        "--t-max: must be at least 1, got 0"
    );
}

/// The noise floor of constant-rate SGD (batch 8, 2000 steps, 5 seeds) on the chapter's
/// noisy least squares, over the first-order prediction η·L*·tr H/(2B): with replacement
/// and with shuffled epochs.
fn noise_floor_ratios(lr: f64) -> (f64, f64) {
    use ndarray::Array1;
    use stepsize::optim::GradientDescent;
    use stepsize::problems::Problem;
    use stepsize::problems::data::synthetic_regression;
    use stepsize::problems::linear_regression::LinearRegression;
    use stepsize::problems::minibatch::{MiniBatch, Sampling};
    use stepsize::train::{Budget, Training};
    let (train_set, _) = synthetic_regression(512, &[2.0, -1.0, 0.5, 1.5], 0.3, 1.0, 1).split(256);
    let model = LinearRegression::new(train_set);
    let best = model.least_squares().unwrap();
    let l_star = model.loss(best.view());
    let h = model.hessian();
    let trace: f64 = (0..h.nrows()).map(|i| h[[i, i]]).sum();
    let predicted = lr * l_star * trace / 16.0;
    let floor = |sampling| {
        let tails: Vec<f64> = (0..5)
            .map(|seed| {
                let batches = MiniBatch::new(model.clone(), 8, sampling, seed);
                let run = Training::new(&batches, &Budget::steps(2000))
                    .run(&mut GradientDescent::new(lr), Array1::zeros(model.dim()));
                let tail = &run.history[run.history.len() / 2..];
                tail.iter().map(|r| r.loss - l_star).sum::<f64>() / tail.len() as f64
            })
            .collect();
        tails.iter().sum::<f64>() / 5.0
    };
    (
        floor(Sampling::WithReplacement) / predicted,
        floor(Sampling::Shuffled) / predicted,
    )
}

#[test]
fn the_first_order_noise_floor_holds_at_small_rates_only_and_bounds_shuffled_epochs_only_up_to_0_1()
{
    // With replacement: within 10% up to η = 0.05, then the measured floor pulls away.
    for lr in [0.01, 0.02, 0.05] {
        let (with, _) = noise_floor_ratios(lr);
        assert!((with - 1.0).abs() < 0.1, "η = {lr}: {with}");
    }
    let mut last = 0.0;
    for (lr, at_least) in [(0.1, 1.15), (0.2, 1.5), (0.3, 2.1)] {
        let (with, shuffled) = noise_floor_ratios(lr);
        assert!(with > at_least && with > last, "η = {lr}: {with}");
        last = with;
        // Shuffled epochs sit below the formula up to 0.1, above it from 0.2.
        if lr <= 0.1 {
            assert!(shuffled < 1.0, "η = {lr}: {shuffled}");
        } else {
            assert!(shuffled > 1.3, "η = {lr}: {shuffled}");
        }
    }
    assert!(noise_floor_ratios(0.01).1 < 0.25);
}

#[test]
fn adam_on_the_bowl_never_rises_above_its_start_with_or_without_warm_up() {
    // Warm-up has nothing to prevent here: bias correction makes Adam's first step η long
    // in each coordinate, and the loss never exceeds its start, even at η = 3.
    use ndarray::array;
    use stepsize::optim::Adam;
    use stepsize::problems::quadratic::Quadratic;
    use stepsize::train::{Budget, Training};
    let bowl = Quadratic::d2l();
    for lr in [0.1, 1.0, 3.0] {
        for warmup in [0, 20] {
            let mut at_once = Constant { lr };
            let mut warmed = LinearLR::new(lr)
                .start_factor(0.01)
                .end_factor(1.0)
                .total_iters(warmup.max(1))
                .stepped();
            let schedule: &mut dyn Schedule = if warmup == 0 {
                &mut at_once
            } else {
                &mut warmed
            };
            let run = Training::new(&bowl, &Budget::steps(100))
                .schedule(schedule)
                .run(&mut Adam::new(lr), array![-5.0, -2.0]);
            let start = run.history[0].loss;
            assert!(
                run.history.iter().all(|r| r.loss <= start),
                "η = {lr}, warm-up {warmup}"
            );
            assert!(
                run.final_loss() < 1e-3 * start,
                "η = {lr}, warm-up {warmup}"
            );
        }
    }
}

// Warm-up, stable, decay.

#[test]
fn wsd_matches_its_closed_form_at_the_phase_boundaries_and_the_last_step() {
    use std::f64::consts::PI;
    use stepsize::math;
    use stepsize::schedule::{DecayShape, Wsd};
    // T = 100, W = 10, D = 20: warm-up 0..9, stable 10..79, decay 80..100.
    for shape in [DecayShape::Linear, DecayShape::Cosine, DecayShape::Sqrt] {
        let s = Wsd::new(0.1, 100, 20)
            .warmup_steps(10)
            .decay_shape(shape)
            .eta_min(0.01);
        assert_eq!(s.check(), Ok(()));
        assert_eq!(s.lr_at(0), 0.1 * 1.0 / 10.0);
        assert_eq!(s.lr_at(9), 0.1);
        assert_eq!(s.lr_at(10), 0.1);
        assert_eq!(s.lr_at(79), 0.1);
        assert_eq!(s.lr_at(80), 0.1, "the decay starts at the stable rate");
        let last = s.lr_at(99);
        let expected = match shape {
            DecayShape::Linear => 0.01 + 0.09 * (1.0 - 0.95),
            DecayShape::Cosine => 0.01 + 0.09 * (1.0 + math::cos(PI * 0.95)) / 2.0,
            DecayShape::Sqrt => 0.01 + 0.09 * (1.0 - 0.95f64.sqrt()),
        };
        assert!((last - expected).abs() < 1e-15, "{shape:?}: {last}");
        assert_eq!(s.lr_at(100), 0.01);
        assert_eq!(s.lr_at(1000), 0.01);
    }
    // Half-way through the decay.
    let s = Wsd::new(1.0, 100, 20);
    assert_eq!(s.lr_at(90), 0.5);
    assert_eq!(
        s.decay_shape(DecayShape::Sqrt).lr_at(90),
        1.0 - 0.5f64.sqrt()
    );
}

#[test]
fn wsd_rejects_phases_longer_than_the_run() {
    use stepsize::schedule::Wsd;
    assert_eq!(
        Wsd::new(0.1, 10, 0).check().unwrap_err().setting,
        "decay_steps"
    );
    assert_eq!(
        Wsd::new(0.1, 10, 11).check().unwrap_err().setting,
        "decay_steps"
    );
    let err = Wsd::new(0.1, 10, 5).warmup_steps(6).check().unwrap_err();
    assert_eq!(err.setting, "warmup_steps");
    assert_eq!(Wsd::new(0.1, 10, 5).warmup_steps(5).check(), Ok(()));
    assert_eq!(
        Wsd::new(0.1, 10, 5)
            .eta_min(0.2)
            .check()
            .unwrap_err()
            .setting,
        "eta_min"
    );
}
