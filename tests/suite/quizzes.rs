//! The chapters' quizzes, with answer keys measured by running the experiments they ask
//! about.
//!
//! Each test builds one chapter's questions, marks every choice right or wrong from a run
//! of the library (never by hand), and locks the quiz file with insta. The chapters show
//! these files with mdbook-quiz (`{{#quiz snapshots/quiz-NAME.snap.toml}}`), so when a
//! result changes, its quiz changes with it and this test fails until the change is
//! reviewed. A question whose measurement no longer supports it (no right choice, or two
//! right choices where one is expected) fails here too. The last test writes the same
//! questions as a printable sheet, its answer key and a Moodle (GIFT) export, in the
//! chapters' order, so those cannot drift from the quizzes either.

use crate::common;

use std::fs;
use std::path::Path;

use ndarray::{Array1, array};
use stepsize::analysis::sharpness;
use stepsize::analysis::stability;
use stepsize::math;
use stepsize::optim::clip::{Clip, Clipped};
use stepsize::optim::{GradientDescent, Optimizer};
use stepsize::output::optimizers::{self, Settings};
use stepsize::output::quiz::{self, Chapter, Question, Quiz};
use stepsize::output::table::num;
use stepsize::problems::Problem;
use stepsize::problems::data;
use stepsize::problems::linear_regression::LinearRegression;
use stepsize::problems::minibatch::{MiniBatch, Sampling};
use stepsize::problems::mlp::Mlp;
use stepsize::problems::parabola::Parabola;
use stepsize::problems::quadratic::Quadratic;
use stepsize::problems::rosenbrock::Rosenbrock;
use stepsize::problems::valleys::Valleys;
use stepsize::schedule::{self, ClosedForm, LinearLR, Schedule, StepLR};
use stepsize::train::{Budget, Outcome, Run, Training, gradient_descent_runs, train};

/// Lock `quiz` as `book/snapshots/quiz-<name>.snap.toml`, where `name` is the chapter's
/// file name, and the section's when a chapter asks more than once.
fn lock(name: &str, quiz: Quiz) {
    common::book_snapshots().bind(|| {
        insta::assert_binary_snapshot!(&format!("quiz-{name}.toml"), quiz.to_toml().into_bytes());
    });
}

fn lock_all(quizzes: Vec<(&str, Quiz)>) {
    for (name, quiz) in quizzes {
        lock(name, quiz);
    }
}

/// A number as the prose writes it: the book's format, with a true minus sign.
fn n(x: f64) -> String {
    num(x).replace('-', "−")
}

fn eta(lr: f64) -> String {
    format!("η = {}", n(lr))
}

/// A pick-one question whose choices are factors apart: the one nearest `measured` by
/// ratio is right.
fn nearest_factor(mut q: Question, choices: &[(f64, &str)], measured: f64) -> Question {
    let gap = |o: f64| math::ln(o / measured).abs();
    let right = (0..choices.len())
        .min_by(|&a, &b| gap(choices[a].0).total_cmp(&gap(choices[b].0)))
        .expect("at least one choice");
    for (i, (_, text)) in choices.iter().enumerate() {
        q = q.choice(*text, i == right);
    }
    q
}

#[test]
fn intuition_quiz_is_marked_by_running_the_walkers() {
    lock_all(intuition_quizzes());
}

fn intuition_quizzes() -> Vec<(&'static str, Quiz)> {
    let parabola = Parabola::new(2.0);
    let budget = Budget::steps(50).until_loss_below(1e-6);
    let lrs = [0.01, 0.1, 0.5, 0.9, 1.0, 1.1];
    let walkers = gradient_descent_runs(&parabola, &lrs, &array![0.0], &budget);
    let slow = stability::predicted_steps(0.01, parabola.curvature(), parabola.at(0.0), 1e-6)
        .expect("η = 0.01 converges");
    let mut converge = Question::pick_all(
        "intuition-which-converge",
        "Walkers start at x = 0 on L(x) = (x − 2)² and take at most 50 steps of gradient \
         descent. Which of them get the loss below 10⁻⁶?",
    )
    .in_order();
    for (lr, run) in lrs.iter().zip(&walkers) {
        converge = converge.choice(eta(*lr), matches!(run.outcome, Outcome::Reached { .. }));
    }
    let converge = converge.context(format!(
        "Each step multiplies the distance to 2 by 1 − 2η. At η = 0.01 that factor is 0.98, \
         so the walker needs {slow} steps, not 50. At η = 1 it is −1: the walker jumps \
         between 0 and 4 for ever. Above 1 the distance grows."
    ));

    let valleys = Valleys;
    let run = &gradient_descent_runs(&valleys, &[0.05], &array![3.0], &Budget::steps(200))[0];
    let first = run.history[1].params[0];
    let [left_ridge, right_ridge] = valleys.ridges();
    assert!(
        first < left_ridge,
        "the context says step 1 crosses both ridges"
    );
    let ended = if run.outcome.diverged() {
        "nowhere: it diverges"
    } else {
        valleys.valley_of(run.final_params()[0])
    };
    let mut valley = Question::pick_one(
        "intuition-which-valley",
        "A landscape with three valleys (left, middle, right). A walker starts at x = 3, on \
         the steep outer wall of the right valley, and takes 200 steps with η = 0.05. Where \
         does it end?",
    );
    for place in ["right", "middle", "left", "nowhere: it diverges"] {
        let text = if place.starts_with("nowhere") {
            place.to_string()
        } else {
            format!("in the {place} valley")
        };
        valley = valley.choice(text, place == ended);
    }
    let valley = valley.context(format!(
        "The wall is so steep that the first step is a long one: from 3 to {}, over both \
         ridges (at {} and {}). A learning rate does not only decide how fast a walker \
         goes; it decides which valley it ends in.",
        n(first),
        n(left_ridge),
        n(right_ridge)
    ));
    vec![
        ("intuition-parabola", Quiz::of(converge)),
        ("intuition-valleys", Quiz::of(valley)),
    ]
}

#[test]
fn update_rule_quiz_is_marked_by_taking_the_first_step() {
    lock_all(update_rule_quizzes());
}

fn update_rule_quizzes() -> Vec<(&'static str, Quiz)> {
    let model = LinearRegression::new(data::house_prices());
    let start = array![0.0, 0.0];
    let g = model.gradient(start.view());
    let lr = 0.01;
    let mut gd = GradientDescent::new(lr);
    let mut after = start.clone();
    gd.step(after.view_mut(), g.view());
    let (w, b) = (after[0], after[1]);
    let candidates = [(w, b), (-w, -b), (w / lr, b / lr), (w * lr, b * lr)];
    let mut q = Question::pick_one(
        "update-rule-first-step",
        &format!(
            "House prices against size, the model price = w·size + b, starting at w = b = 0. \
             There the gradient of the loss is ∂L/∂w = {} and ∂L/∂b = {}. Where does one \
             gradient-descent step with η = {} take the parameters?",
            n(g[0]),
            n(g[1]),
            n(lr)
        ),
    );
    for (cw, cb) in candidates {
        q = q.choice(format!("w = {}, b = {}", n(cw), n(cb)), cw == w && cb == b);
    }
    let q = q.context(
        "θ ← θ − η∇L: the gradient is negative (raising w or b would lower the loss), so \
         the step moves both parameters up, by η times the size of each component.",
    );
    vec![("update_rule", Quiz::of(q))]
}

#[test]
fn too_high_too_low_quiz_is_marked_by_the_house_price_runs() {
    lock_all(too_high_too_low_quizzes());
}

fn too_high_too_low_quizzes() -> Vec<(&'static str, Quiz)> {
    let model = LinearRegression::new(data::house_prices());
    let start = array![0.0, 0.0];
    let eig = stability::symmetric_eigenvalues(&model.hessian());
    let threshold = stability::max_stable_lr(eig[eig.len() - 1]);

    // The tutorial experiment: which of its three rates ends lowest?
    let notes_lrs = [0.0001, 0.01, 0.1];
    let notes = gradient_descent_runs(&model, &notes_lrs, &start, &Budget::steps(50));
    let lowest = (0..notes.len())
        .min_by(|&a, &b| notes[a].final_loss().total_cmp(&notes[b].final_loss()))
        .expect("three runs");
    let mut labels = Question::pick_one(
        "too-high-notes-labels",
        "A typical tutorial calls η = 0.0001 too low, η = 0.01 just right and η = 0.1 too high \
         for fitting the house prices (50 epochs of gradient descent from w = b = 0). Which \
         rate ends with the lowest loss?",
    )
    .in_order();
    for (i, lr) in notes_lrs.iter().enumerate() {
        labels = labels.choice(eta(*lr), i == lowest);
    }
    let labels = labels.context(format!(
        "The losses after 50 epochs are {}, {} and {}. The largest stable rate for this data \
         is 2/λₘₐₓ = {}, so η = 0.1 is below it: it is the best of the three, not too high.",
        n(notes[0].final_loss()),
        n(notes[1].final_loss()),
        n(notes[2].final_loss()),
        n(threshold)
    ));

    let lrs = [0.05, 0.1, 0.125, 0.131, 0.14, 0.3];
    let runs = gradient_descent_runs(&model, &lrs, &start, &Budget::steps(200));
    let mut diverge = Question::pick_all(
        "too-high-which-diverge",
        &format!(
            "On the five houses the Hessian's largest eigenvalue λₘₐₓ gives the threshold \
             2/λₘₐₓ = {}. Which of these rates make gradient descent diverge within 200 \
             steps, that is, push the loss past 1000 times its start?",
            n(threshold)
        ),
    )
    .in_order();
    for (lr, run) in lrs.iter().zip(&runs) {
        diverge = diverge.choice(eta(*lr), run.outcome.diverged());
    }
    // When the two rates just above the threshold pass the divergence bound, given time.
    let diverges_at =
        |lr: f64| match gradient_descent_runs(&model, &[lr], &start, &Budget::steps(100_000))[0]
            .outcome
        {
            Outcome::Diverged { step, .. } => step,
            ref other => panic!("η = {lr} is above the threshold but {other}"),
        };
    assert!(
        0.131 > threshold,
        "the context says 0.131 is above the threshold"
    );
    let over = |lr: f64| format!("{:.1}%", (lr / threshold - 1.0) * 100.0);
    let diverge = diverge.context(format!(
        "Every rate above the threshold diverges in the end: along the steepest direction \
         each step multiplies the error by 1 − η·λₘₐₓ, below −1 there. How soon depends on \
         how far above. η = 0.14, {} over, passes the bound at step {}; η = 0.131, only {} \
         over, at step {}, after the 200 steps asked about.",
        over(0.14),
        diverges_at(0.14),
        over(0.131),
        diverges_at(0.131)
    ));

    let parabola = Parabola::new(2.0);
    let to_tolerance = |lr: f64| {
        let budget = Budget::steps(100_000).until_loss_below(1e-6);
        match gradient_descent_runs(&parabola, &[lr], &array![0.0], &budget)[0].outcome {
            Outcome::Reached { step, .. } => step as f64,
            ref other => panic!("η = {lr} did not converge: {other}"),
        }
    };
    let (base, half) = (to_tolerance(0.01), to_tolerance(0.005));
    let low = nearest_factor(
        Question::pick_one(
            "too-low-halve-eta",
            &format!(
                "On L(x) = (x − 2)² from x = 0, η = 0.01 needs {base} steps to get the loss \
                 below 10⁻⁶. About how many does η = 0.005 need?"
            ),
        ),
        &[
            (0.5 * base, "about half as many"),
            (base, "about as many"),
            (2.0 * base, "about twice as many"),
            (4.0 * base, "about four times as many"),
        ],
        half,
    )
    .context(format!(
        "It needs {half}. For small η each step shrinks the error by a fraction of about \
         2η, so the \
         number of steps grows like 1/η: a rate that is too low is slow, not stuck."
    ));
    vec![
        ("too_high_too_low-notes", Quiz::of(labels)),
        ("too_high_too_low-threshold", Quiz::of(diverge)),
        ("too_high_too_low-too_low", Quiz::of(low)),
    ]
}

#[test]
fn schedules_quiz_is_marked_by_stepping_the_schedules() {
    lock_all(schedules_quizzes());
}

fn schedules_quizzes() -> Vec<(&'static str, Quiz)> {
    let mut s = StepLR::new(0.1, 100).stepped();
    for _ in 0..100 {
        s.step();
    }
    let after = s.lr();
    let mut step = Question::pick_one(
        "schedules-steplr-step",
        "PyTorch's StepLR with step_size = 100 and its default gamma = 0.1, on a base rate of \
         0.1. After 100 calls of scheduler.step(), which rate does the next optimizer.step() \
         use?",
    )
    .in_order();
    for lr in [0.1, 0.01, 0.001] {
        step = step.choice(eta(lr), (after / lr - 1.0).abs() < 1e-9);
    }
    let step = step.context(
        "After t calls the rate is 0.1 · 0.1^floor(t/100): the first cut happens at the 100th call, \
         so updates 0 to 99 use 0.1 and update 100 uses 0.01.",
    );

    // Warm-up on the three valleys, as in the chapter.
    let valleys = Valleys;
    let budget = Budget::steps(300);
    let mut at_once = schedule::Constant { lr: 0.07 };
    let mut warmed = LinearLR::new(0.07)
        .start_factor(0.01)
        .end_factor(1.0)
        .total_iters(50)
        .stepped();
    let run = |s: &mut dyn Schedule| {
        Training::new(&valleys, &budget)
            .label("warm-up")
            .schedule(s)
            .run(&mut GradientDescent::new(0.07), array![3.0])
    };
    let (cold, warm) = (run(&mut at_once), run(&mut warmed));
    let (cold_blows_up, warm_blows_up) = (cold.outcome.diverged(), warm.outcome.diverged());
    let wall = valleys.curvature(3.0);
    let landed = warm.history[50].params[0];
    assert!(
        2.0 / valleys.curvature(landed) > 0.07,
        "the context says 0.07 is stable where the warm-up ends"
    );
    let warmup = Question::pick_one(
        "schedules-warm-up",
        "The three valleys again, from x = 3 on the steep wall, at a peak rate of η = 0.07: \
         once at that rate from the first step, once after a linear warm-up from 1% of it \
         over 50 steps. What happens in 300 steps?",
    )
    .choice(
        "Both diverge: the peak rate is the problem",
        cold_blows_up && warm_blows_up,
    )
    .choice(
        "Without warm-up it diverges; with warm-up it settles in a valley",
        cold_blows_up && !warm_blows_up,
    )
    .choice(
        "Both settle: the warm-up makes no difference",
        !cold_blows_up && !warm_blows_up,
    )
    .choice(
        "Without warm-up it settles; with warm-up it diverges",
        !cold_blows_up && warm_blows_up,
    )
    .context(format!(
        "On the wall the curvature is {}, so only rates below {} are stable there. Warm-up \
         takes small steps while the walker is on the wall; when the rate reaches 0.07, at \
         step 50, the walker is at x = {} in the {} valley, where 2/curvature is {}.",
        n(wall),
        n(2.0 / wall),
        n(landed),
        valleys.valley_of(landed),
        n(2.0 / valleys.curvature(landed))
    ));
    vec![
        ("schedules-steplr", Quiz::of(step)),
        ("schedules-warmup", Quiz::of(warmup)),
    ]
}

#[test]
fn adaptive_quiz_is_marked_by_the_bowl_runs() {
    lock_all(adaptive_quizzes());
}

fn adaptive_quizzes() -> Vec<(&'static str, Quiz)> {
    let bowl = Quadratic::d2l();
    let start = array![-5.0, -2.0];
    let lrs = [0.1, 0.4, 0.49, 0.51, 0.6];
    let runs = gradient_descent_runs(&bowl, &lrs, &start, &Budget::steps(200));
    let mut diverge = Question::pick_all(
        "adaptive-bowl-diverge",
        "Plain gradient descent on the bowl L = 0.1·x₁² + 2·x₂² from (−5, −2), 200 steps. \
         Which rates diverge?",
    )
    .in_order();
    for (lr, run) in lrs.iter().zip(&runs) {
        diverge = diverge.choice(eta(*lr), run.outcome.diverged());
    }
    let eig = bowl.eigenvalues();
    let diverge = diverge.context(format!(
        "The Hessian is diag({}, {}): the steep direction x₂ sets the limit 2/{} = {}, \
         even though x₁ alone would tolerate rates up to {}.",
        n(eig[0]),
        n(eig[1]),
        n(eig[1]),
        n(2.0 / eig[1]),
        n(2.0 / eig[0])
    ));

    let steep = Quadratic { coeffs: vec![2.0] }; // curvature λ = 4
    let momentum = |lr| {
        let settings = Settings {
            momentum: Some(0.9),
            ..Settings::default()
        };
        optimizers::build("momentum", lr, &settings).expect("valid settings")
    };
    let budget = Budget::steps(5000).diverge_above(1e30);
    let edge = stability::measured_edge(&steep, momentum, &array![1.0], &budget, 0.01, 2.0, 40);
    let limit = nearest_factor(
        Question::pick_one(
            "adaptive-momentum-limit",
            "PyTorch's SGD with momentum = 0.9 (and no dampening, the default), along a \
             direction of curvature λ = 4. Plain gradient descent is stable there up to \
             η = 2/λ = 0.5. Up to which rate is momentum stable?",
        ),
        &[
            (0.05, "about 0.05, ten times lower"),
            (0.5, "0.5, the same as without momentum"),
            (0.95, "about 0.95, nearly twice as high"),
            (5.0, "about 5, ten times as high"),
        ],
        edge,
    )
    .context(format!(
        "Bisection on the simulation finds {}. The theory says 0 < ηλ < 2 + 2β, here \
         η < 3.8/4 = 0.95: momentum raises the limit, by up to a factor of 2 as β → 1.",
        n(edge)
    ));

    let mut adam = optimizers::build("adam", 0.3, &Settings::default()).expect("Adam");
    let g = bowl.gradient(start.view());
    let mut after = start.clone();
    adam.step(after.view_mut(), g.view());
    let moved = &after - &start;
    let same = |a: f64, b: f64| (moved[0] - a).abs() < 1e-6 && (moved[1] - b).abs() < 1e-6;
    let candidates = [(0.3, 0.3), (-g[0] * 0.3, -g[1] * 0.3), (0.03, 0.03)];
    let mut first = Question::pick_one(
        "adaptive-adam-first-step",
        &format!(
            "Adam with PyTorch's defaults and η = 0.3 takes its first step on the bowl \
             L = 0.1·x₁² + 2·x₂², from (−5, −2), where the gradient is ({}, {}). How far \
             does each coordinate move?",
            n(g[0]),
            n(g[1])
        ),
    );
    for (a, b) in candidates {
        first = first.choice(format!("x₁ by {}, x₂ by {}", n(a), n(b)), same(a, b));
    }
    let first = first.context(
        "After bias correction Adam's first step is η·g/(|g| + ε): the gradient's size \
         cancels, and every coordinate moves by almost exactly η, downhill.",
    );
    vec![
        ("adaptive-bowl", Quiz::of(diverge)),
        ("adaptive-adam", Quiz::of(first)),
        ("adaptive-momentum", Quiz::of(limit)),
    ]
}

#[test]
fn batch_normalization_quiz_is_marked_by_measuring_curvature_and_noise() {
    lock_all(batch_normalization_quizzes());
}

fn batch_normalization_quizzes() -> Vec<(&'static str, Quiz)> {
    let plain = data::synthetic_regression(1000, &[1.0], 0.5, 0.3, 1);
    let mut scaled = plain.clone();
    scaled.x.mapv_inplace(|v| 100.0 * v);
    let lambda_max = |d: data::Dataset| {
        let eig = stability::symmetric_eigenvalues(&LinearRegression::new(d).hessian());
        eig[eig.len() - 1]
    };
    let (before, after) = (lambda_max(plain), lambda_max(scaled));
    // The largest stable rate is 2/λₘₐₓ, so it changes by before/after.
    let ratio = before / after;
    let scale = nearest_factor(
        Question::pick_one(
            "normalization-feature-scale",
            "A linear model y ≈ w·x + b, fitted by least squares, on a standard-normal \
             feature x (mean 0, typical size 1). Change the unit of x so that every value is \
             100 times larger. What happens to the largest stable rate, 2/λₘₐₓ?",
        ),
        &[
            (1.0, "nothing: the data is the same"),
            (0.01, "about 100 times smaller"),
            (1e-4, "about 10 000 times smaller"),
            (100.0, "about 100 times larger"),
        ],
        ratio,
    )
    .context(format!(
        "λₘₐₓ goes from {} to {}, so 2/λₘₐₓ falls by a factor of {}. The curvature along w \
         is twice the mean of x², and every x² is now 100² = 10 000 times larger.",
        n(before),
        n(after),
        n(1.0 / ratio)
    ));

    // The chapter's data: 1024 noisy examples with 4 features (seed 2).
    let model = LinearRegression::new(data::synthetic_regression(
        1024,
        &[2.0, -1.0, 0.5, 1.5],
        0.3,
        1.0,
        2,
    ));
    let start = Array1::zeros(model.dim());
    let noise = |b: usize| {
        MiniBatch::new(model.clone(), b, Sampling::WithReplacement, 7).noise(start.view(), 2000)
    };
    let falls = noise(16) / noise(64);
    let batch = nearest_factor(
        Question::pick_one(
            "batch-size-noise",
            "Batches drawn with replacement. Go from B = 16 to B = 64 examples per batch. By \
             what factor does the squared distance between the batch gradient and the \
             full gradient fall, on average?",
        ),
        &[
            (1.0, "it does not fall"),
            (2.0, "about 2 (like 1/√B)"),
            (4.0, "about 4 (like 1/B)"),
            (16.0, "about 16 (like 1/B²)"),
        ],
        falls,
    )
    .context(format!(
        "It falls {} times. The squared distance is a variance, and the variance of a mean \
         of B independent draws is σ²/B; its square root, the typical distance, falls like \
         1/√B.",
        n(falls)
    ));
    vec![
        ("batch_normalization-scale", Quiz::of(scale)),
        ("batch_normalization-noise", Quiz::of(batch)),
    ]
}

#[test]
fn lr_finder_quiz_is_marked_by_the_clipping_runs() {
    lock_all(lr_finder_quizzes());
}

fn lr_finder_quizzes() -> Vec<(&'static str, Quiz)> {
    let valley = Rosenbrock::default();
    let start = array![-1.5, 2.0];
    let budget = Budget::steps(2000);
    let plain = train(
        "plain",
        &valley,
        &mut GradientDescent::new(0.01),
        start.clone(),
        &budget,
    );
    let mut clipped = Clipped::new(Box::new(GradientDescent::new(0.01)), Clip::Norm(10.0));
    let with_clip = train("clipped", &valley, &mut clipped, start, &budget);
    assert!(plain.outcome.diverged(), "the premise: {}", plain.outcome);
    let (from, to) = (with_clip.history[0].loss, with_clip.final_loss());
    let slowly = !with_clip.outcome.diverged() && to < from && to > 1e-3;
    let q = Question::pick_one(
        "lr-finder-clipping",
        &format!(
            "Rosenbrock's valley, L(x, y) = (1 − x)² + 100(y − x²)², from (−1.5, 2), where \
             the loss is {}. Gradient descent at η = 0.01 diverges within a few steps. Now \
             clip the gradient's norm to 10 before each step, and run 2000 steps. What \
             happens?",
            n(from)
        ),
    )
    .choice(
        "It still diverges, only later",
        with_clip.outcome.diverged(),
    )
    .choice(
        format!(
            "It trains, slowly: the loss falls from {} but stays above 0.001",
            n(from)
        ),
        slowly,
    )
    .choice(
        "It converges to the minimum at (1, 1): the loss ends below 0.001",
        !with_clip.outcome.diverged() && to <= 1e-3,
    )
    .context(format!(
        "The loss ends at {}. Clipping caps every step at η·10 = 0.1 long, so the first \
         steps on the steep wall can no longer throw the point out of the valley; but the \
         rate is still a poor one for the valley floor.",
        n(to)
    ));
    vec![("lr_finder", Quiz::of(q))]
}

#[test]
fn edge_of_stability_quiz_is_marked_by_tracking_the_sharpness() {
    lock_all(edge_of_stability_quizzes());
}

fn edge_of_stability_quizzes() -> Vec<(&'static str, Quiz)> {
    let net = Mlp::regression(data::wavy_curve(64), 32);
    let lr = 0.35;
    let run: Run = gradient_descent_runs(&net, &[lr], &net.init(0), &Budget::steps(2000))
        .pop()
        .expect("one run");
    let track = sharpness::along(&net, &run, 5, 1e-4);
    let late = &track[track.len() / 2..];
    let mean = late.iter().map(|p| p.1).sum::<f64>() / late.len() as f64;
    let edge = 2.0 / lr;
    let held = !run.outcome.diverged() && (mean / edge - 1.0).abs() < 0.05;
    let trained = run.final_loss() < 0.01 * run.history[0].loss;
    let rises = run
        .history
        .windows(2)
        .filter(|w| w[1].loss > w[0].loss)
        .count();
    let q = Question::pick_one(
        "edge-of-stability-what-happens",
        &format!(
            "Full-batch gradient descent on a small network with η = {}, so 2/η = {}. At the \
             start the sharpness (the Hessian's largest eigenvalue) is already {}, above \
             2/η: the quadratic theory says the run is unstable. What happens over 2000 \
             steps?",
            n(lr),
            n(edge),
            n(track[0].1)
        ),
    )
    .choice(
        "It diverges within a few steps, as the quadratic theory predicts",
        run.outcome.diverged(),
    )
    .choice(
        "The sharpness drops to about 2/η and hovers there, and the loss still falls",
        held && trained,
    )
    .choice(
        "The sharpness drops far below 2/η, and the loss falls smoothly",
        !run.outcome.diverged() && mean < 0.8 * edge && rises == 0,
    )
    .choice(
        "The sharpness keeps growing, and the loss stops falling",
        !run.outcome.diverged() && mean > 1.05 * edge && !trained,
    )
    .context(format!(
        "Over the second half the sharpness averages {}, against 2/η = {}. The loss rises \
         on {} of the 2000 steps, yet ends at {}, from {}: the run keeps itself at the edge \
         of stability.",
        n(mean),
        n(edge),
        rises,
        n(run.final_loss()),
        n(run.history[0].loss)
    ));
    vec![("edge_of_stability", Quiz::of(q))]
}

// ---------------------------------------------------------------------------------------
// The same questions out of the browser: a printed sheet, its key, and Moodle's GIFT.

/// Every chapter that asks questions, in the book's order (book/SUMMARY.md), with its
/// questions in the order its page shows them (`{{#quiz snapshots/quiz-NAME.snap.toml}}`).
/// The questions are built and marked afresh, exactly as the tests above lock them.
fn chapters() -> Vec<Chapter> {
    let mut built: Vec<(&str, Quiz)> = [
        intuition_quizzes(),
        update_rule_quizzes(),
        too_high_too_low_quizzes(),
        schedules_quizzes(),
        adaptive_quizzes(),
        after_cosine_quizzes(),
        batch_normalization_quizzes(),
        effective_lr_quizzes(),
        scaling_quizzes(),
        lr_finder_quizzes(),
        edge_of_stability_quizzes(),
        rate_bugs_quizzes(),
    ]
    .concat();
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("book");
    let summary = fs::read_to_string(book.join("SUMMARY.md")).expect("book/SUMMARY.md");
    let mut chapters = Vec::new();
    for line in summary.lines() {
        let Some((title, rest)) = line
            .trim_start()
            .strip_prefix("- [")
            .and_then(|l| l.split_once("]("))
        else {
            continue;
        };
        let file = rest.split(')').next().expect("a link target");
        let page = fs::read_to_string(book.join(file)).expect("a page SUMMARY.md lists");
        let mut questions = Vec::new();
        for directive in page.split("{{#quiz snapshots/quiz-").skip(1) {
            let name = directive.split(".snap.toml}}").next().expect("a quiz file");
            let at = built
                .iter()
                .position(|(n, _)| *n == name)
                .unwrap_or_else(|| panic!("{file} shows quiz-{name}, which no test builds"));
            questions.extend(built.remove(at).1.questions);
        }
        if !questions.is_empty() {
            chapters.push(Chapter {
                title: title.to_string(),
                questions,
            });
        }
    }
    let unshown: Vec<&str> = built.iter().map(|(n, _)| *n).collect();
    assert!(unshown.is_empty(), "no page shows the quizzes {unshown:?}");
    chapters
}

/// Lock an export as `book/snapshots/<name>`, with insta's `.snap` before the extension.
fn lock_export(name: &str, text: &str) {
    common::book_snapshots().bind(|| {
        insta::assert_binary_snapshot!(name, text.as_bytes().to_vec());
    });
}

/// A question as read back from GIFT: its name, its text, each choice with its weight in
/// percent (100 for `=`, 0 for a bare `~`), and the general feedback.
#[derive(Debug)]
struct GiftQuestion {
    name: String,
    text: String,
    choices: Vec<(String, f64)>,
    feedback: Option<String>,
}

/// GIFT text with its escapes undone: `\n` is a line break, `\X` is X.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n') => out.push('\n'),
                Some(next) => out.push(next),
                None => panic!("a lone backslash at the end of {text:?}"),
            },
            (c, false) => out.push(c),
        }
    }
    out
}

/// The byte offsets of the unescaped occurrences of `c` in `text`.
fn unescaped(text: &str, c: char) -> Vec<usize> {
    let mut found = Vec::new();
    let mut escaped = false;
    for (i, ch) in text.char_indices() {
        if escaped {
            escaped = false;
        } else if ch == '\\' {
            escaped = true;
        } else if ch == c {
            found.push(i);
        }
    }
    found
}

/// A small GIFT reader for the subset the export writes: `::name::[markdown]text { … }`,
/// one question per block of lines, `//` comments, and `=`, `~`, `~%w%` and `####` answers.
fn read_gift(gift: &str) -> Vec<GiftQuestion> {
    let mut questions = Vec::new();
    for block in gift.split("\n\n") {
        let block: String = block
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        if block.trim().is_empty() {
            continue;
        }
        let rest = block.strip_prefix("::").expect("a question name");
        let end = unescaped(rest, ':')
            .windows(2)
            .find(|w| w[1] == w[0] + 1)
            .expect("the name ends with ::")[0];
        let name = unescape(&rest[..end]);
        let rest = rest[end + 2..]
            .strip_prefix("[markdown]")
            .expect("Markdown text");
        let open = unescaped(rest, '{')[0];
        let close = *unescaped(rest, '}').last().expect("a closing brace");
        assert_eq!(
            rest[close + 1..].trim(),
            "",
            "{name}: text after the answers"
        );
        let text = unescape(rest[..open].trim_end());
        let answers = &rest[open + 1..close];
        let (answers, feedback) = match answers.split_once("####") {
            Some((a, f)) => (a, Some(unescape(f.trim()))),
            None => (answers, None),
        };
        let mut starts: Vec<usize> = unescaped(answers, '=');
        starts.extend(unescaped(answers, '~'));
        starts.sort_unstable();
        let mut choices = Vec::new();
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(answers.len());
            let body = &answers[start + 1..end];
            let (weight, body) = if answers[start..].starts_with('=') {
                (100.0, body)
            } else if let Some(weighted) = body.strip_prefix('%') {
                let (w, b) = weighted.split_once('%').expect("a weight ends with %");
                (w.parse::<f64>().expect("a weight is a number"), b)
            } else {
                (0.0, body)
            };
            choices.push((unescape(body.trim()), weight));
        }
        questions.push(GiftQuestion {
            name,
            text,
            choices,
            feedback,
        });
    }
    questions
}

#[test]
fn the_quiz_sheet_key_and_moodle_export_carry_every_question_and_its_measured_answer() {
    let chapters = chapters();
    let (sheet, key, gift) = (
        quiz::sheet(&chapters),
        quiz::key(&chapters),
        quiz::gift(&chapters),
    );
    let questions: Vec<&Question> = chapters.iter().flat_map(|c| &c.questions).collect();

    // The sheet asks every question with all its choices, and answers none of them.
    for q in &questions {
        assert!(sheet.contains(q.prompt()), "the sheet lacks {}", q.id());
        for (text, _) in q.printed_choices() {
            assert!(
                sheet.contains(&format!(
                    "<li>{}</li>",
                    text.replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;")
                )),
                "the sheet lacks the choice {text:?} of {}",
                q.id()
            );
        }
        if let Some(why) = q.explanation() {
            assert!(!sheet.contains(why), "the sheet explains {}", q.id());
            assert!(key.contains(why), "the key does not explain {}", q.id());
        }
    }

    // The GIFT export reads back to the same questions, choices and answers.
    let read = read_gift(&gift);
    assert_eq!(
        read.len(),
        questions.len(),
        "one GIFT question per question"
    );
    for (back, q) in read.iter().zip(&questions) {
        assert_eq!(back.name, q.id());
        let text = back
            .text
            .strip_suffix("\n\n*Select every answer that applies.*")
            .filter(|_| q.is_pick_all())
            .unwrap_or(&back.text);
        assert_eq!(text, q.prompt(), "{}", q.id());
        assert_eq!(back.feedback.as_deref(), q.explanation(), "{}", q.id());
        let choices: Vec<(&str, bool)> = back
            .choices
            .iter()
            .map(|(t, w)| (t.as_str(), *w > 0.0))
            .collect();
        assert_eq!(choices, q.printed_choices(), "{}", q.id());
        // Right choices share the full mark; in a pick-all question wrong ones take it back.
        let right: f64 = back.choices.iter().map(|(_, w)| w.max(0.0)).sum();
        let wrong: f64 = back.choices.iter().map(|(_, w)| w.min(0.0)).sum();
        assert!(
            (right - 100.0).abs() < 1e-3,
            "{}: right choices sum to {right}",
            q.id()
        );
        let expected_wrong = if q.is_pick_all() { -100.0 } else { 0.0 };
        assert!(
            (wrong - expected_wrong).abs() < 1e-3,
            "{}: wrong choices sum to {wrong}",
            q.id()
        );
    }

    lock_export("quizzes-sheet.md", &sheet);
    lock_export("quizzes-key.md", &key);
    lock_export("quizzes.gift", &gift);
}

#[test]
fn effective_lr_quiz_is_marked_by_training_the_batchnorm_network() {
    lock_all(effective_lr_quizzes());
}

/// SGD on the chapter's BatchNorm network (8 units, batches of 32, seed 0): the first
/// layer's ‖w‖ at the start and the end, and the root mean square of its angular update
/// over the second half of the run.
fn batchnorm_sgd(lr: f64, weight_decay: f64, steps: usize) -> (f64, f64, f64) {
    use stepsize::problems::moons;
    use stepsize::problems::norm_net::{self, Norm, NormBatches, NormNet};
    let net = NormNet::new(moons::two_moons(400, 0.2, 0).split(256).0, 8, Norm::Batch);
    let w = net.first_layer();
    let start = net.init(0);
    let batches = NormBatches::new(net, 32, 0);
    let run = Training::new(&batches, &Budget::steps(steps)).run(
        &mut stepsize::optim::Sgd::new(lr).weight_decay(weight_decay),
        start,
    );
    let h = &run.history;
    let half = h.len() / 2;
    let squares: f64 = (half..h.len())
        .map(|t| {
            let a = norm_net::angle(h[t - 1].params.view(), h[t].params.view(), w.clone());
            a * a
        })
        .sum();
    let rms = (squares / (h.len() - half) as f64).sqrt();
    let norm = |i: usize| norm_net::norm(h[i].params.view(), w.clone());
    (norm(0), norm(h.len() - 1), rms)
}

fn effective_lr_quizzes() -> Vec<(&'static str, Quiz)> {
    // Growth: SGD without weight decay on weights before a BatchNorm layer.
    let (start, end, _) = batchnorm_sgd(1.0, 0.0, 600);
    let growth = Question::pick_one(
        "effective-lr-growth",
        "The first layer of a network feeds a BatchNorm layer. You train it with plain SGD \
         at a fixed η = 1, with no weight decay, for 600 steps. What happens to the norm \
         ‖w‖ of that layer's weights?",
    )
    .choice("It grows", end > 1.05 * start)
    .choice(
        "It stays where it started",
        (end / start - 1.0).abs() <= 0.05,
    )
    .choice("It shrinks", end < 0.95 * start)
    .context(format!(
        "The gradient is orthogonal to w, so the step and w are the two legs of a right triangle: \
         ‖w‖² grows by η²‖g‖² each step. Here ‖w‖ went from {} to {}, and the effective \
         rate η/‖w‖² fell with it.",
        n(start),
        n(end)
    ));

    // Equilibrium: the same ηλ, different η and λ.
    let (_, _, a) = batchnorm_sgd(0.3, 0.03, 800);
    let (_, _, b) = batchnorm_sgd(0.9, 0.01, 800);
    let equilibrium = nearest_factor(
        Question::pick_one(
            "effective-lr-equilibrium",
            "Two runs of SGD with weight decay train the same BatchNorm network: one with \
             η = 0.3 and λ = 0.03, the other with η = 0.9 and λ = 0.01. Once ‖w‖ has \
             settled, how does the angular update per step of the second run compare with \
             the first's?",
        ),
        &[
            (1.0, "About the same"),
            (3f64.sqrt(), "About √3 times larger"),
            (3.0, "About 3 times larger"),
        ],
        b / a,
    )
    .context(format!(
        "Both have ηλ = 0.009, and the angular update settles near arccos(1 − ηλ) = {}: \
         measured {} and {}. The larger η only makes ‖w‖ larger.",
        n(math::acos(1.0 - 0.009)),
        n(a),
        n(b)
    ));

    // AdamW's decay per step, from a zero gradient.
    let decay = |lr: f64| {
        let mut opt = stepsize::optim::Adam::adamw(lr).weight_decay(0.01);
        let mut p = Array1::from_elem(1, 1.0);
        opt.step(p.view_mut(), Array1::zeros(1).view());
        1.0 - p[0]
    };
    let ratio = decay(2e-3) / decay(1e-3);
    let adamw = nearest_factor(
        Question::pick_one(
            "effective-lr-adamw",
            "In PyTorch, `AdamW(params, lr=1e-3, weight_decay=0.01)` is changed to \
             `lr=2e-3`, with the same weight_decay. How much do the weights now shrink \
             per step from the decay?",
        ),
        &[
            (1.0, "The same: weight_decay is unchanged"),
            (2.0, "Twice as much"),
            (0.5, "Half as much"),
        ],
        ratio,
    )
    .context(format!(
        "AdamW multiplies the weights by 1 − lr·weight_decay before its step: the shrink \
         per step is lr·weight_decay, {} times larger here. Changing η changes the \
         regularization too; its timescale is 1/(ηλ) steps.",
        n(ratio)
    ));
    vec![
        ("effective_lr-growth", Quiz::of(growth)),
        ("effective_lr-equilibrium", Quiz::of(equilibrium)),
        ("effective_lr-adamw", Quiz::of(adamw)),
    ]
}

#[test]
fn rate_bugs_quiz_is_marked_by_stepping_and_by_first_steps() {
    lock_all(rate_bugs_quizzes());
}

fn rate_bugs_quizzes() -> Vec<(&'static str, Quiz)> {
    // Scheduler first: the warm-up of the chapter, stepped once before the first update.
    let warmup = LinearLR::new(0.3).start_factor(0.1).total_iters(5);
    let wrong = schedule::Stepped {
        schedule: warmup.clone(),
        t: 1,
    };
    let used = wrong.lr();
    let mut order = Question::pick_one(
        "rate-bugs-order",
        "A LinearLR warm-up from 10% of η = 0.3 over 5 steps, so the rates are meant to \
         be 0.03, 0.084, 0.138, … The loop calls scheduler.step() before \
         optimizer.step(). Which rate does the first update use?",
    )
    .in_order();
    for lr in [0.03, 0.084, 0.3] {
        order = order.choice(eta(lr), (used - lr).abs() < 1e-12);
    }
    let order = order.context(format!(
        "The first call of scheduler.step() moves the rate to its value after one step, {}, \
         before any update has used {}. Every later rate also comes one update early.",
        n(used),
        n(warmup.lr_at(0))
    ));

    // Sum or mean: the first step of each optimizer on one batch of 8.
    let model = LinearRegression::new(data::synthetic_regression(
        256,
        &[2.0, -1.0, 0.5, 1.5],
        0.3,
        1.0,
        1,
    ));
    let batch = MiniBatch::new(model.clone(), 8, Sampling::Shuffled, 0).next_batch();
    let mean = model.gradient_on(Array1::zeros(5).view(), &batch);
    let sum = &mean * 8.0;
    let length = |optimizer: &mut dyn Optimizer, grad: &Array1<f64>| {
        let mut p: Array1<f64> = Array1::zeros(5);
        optimizer.step(p.view_mut(), grad.view());
        p.dot(&p).sqrt()
    };
    let sgd = length(&mut GradientDescent::new(0.2), &sum)
        / length(&mut GradientDescent::new(0.2), &mean);
    let adam = length(&mut stepsize::optim::Adam::new(0.05), &sum)
        / length(&mut stepsize::optim::Adam::new(0.05), &mean);
    let eight = |r: f64| (r - 8.0).abs() < 1e-9;
    let same = |r: f64| (r - 1.0).abs() < 1e-6;
    let reduction = Question::pick_one(
        "rate-bugs-reduction",
        "A training loop changes its loss from `reduction='mean'` to `reduction='sum'`, with \
         batches of 8 and the same learning rate. What happens to the first step of SGD, \
         and to the first step of Adam?",
    )
    .choice("Both become 8 times longer", eight(sgd) && eight(adam))
    .choice(
        "SGD's becomes 8 times longer; Adam's stays the same",
        eight(sgd) && same(adam),
    )
    .choice("Both stay the same", same(sgd) && same(adam))
    .choice(
        "Adam's becomes 8 times longer; SGD's stays the same",
        same(sgd) && eight(adam),
    )
    .context(format!(
        "The summed loss has 8 times the gradient. SGD's step is η times the gradient: {} \
         times longer. Adam divides its momentum by the root of the squared gradient's \
         average, so the factor cancels except against ε: the ratio is {}.",
        n(sgd),
        n(adam)
    ));
    vec![
        ("rate_bugs-order", Quiz::of(order)),
        ("rate_bugs-reduction", Quiz::of(reduction)),
    ]
}

#[test]
fn after_cosine_quiz_is_marked_by_a_cool_down_branched_from_a_constant_run() {
    lock_all(after_cosine_quizzes());
}

fn after_cosine_quizzes() -> Vec<(&'static str, Quiz)> {
    use stepsize::schedule::{Constant, Wsd};
    // The chapter's noisy least squares, SGD with batches of 8, seeds 0 to 4.
    let (train_set, _) =
        data::synthetic_regression(512, &[2.0, -1.0, 0.5, 1.5], 0.3, 1.0, 1).split(256);
    let model = LinearRegression::new(train_set);
    let best = model.least_squares().expect("not collinear");
    let l_star = model.loss(best.view());
    let excess_at_1200 = |schedule: &dyn ClosedForm| {
        (0..5)
            .map(|seed| {
                let batches = MiniBatch::new(model.clone(), 8, Sampling::WithReplacement, seed);
                let run = Training::new(&batches, &Budget::steps(1200))
                    .schedule(&mut schedule.stepped())
                    .run(&mut GradientDescent::new(0.1), Array1::zeros(5));
                run.final_loss() - l_star
            })
            .sum::<f64>()
            / 5.0
    };
    let constant = excess_at_1200(&Constant { lr: 0.1 });
    let branch = excess_at_1200(&Wsd::new(0.1, 1200, 200));
    let q = Question::pick_one(
        "after-cosine-cooldown",
        "SGD at a constant η = 0.1 on the noisy least squares. At step 1000 a copy of the \
         run starts a linear cool-down of the rate to 0 over 200 steps. At step 1200, how \
         far above the minimum is the cool-down's loss, compared with the constant run's?",
    );
    let q = nearest_factor(
        q,
        &[
            (1.0, "About the same: the rate only changed for 200 steps"),
            (0.5, "About half"),
            (0.1, "About a tenth"),
            (2.0, "Higher: a smaller rate makes less progress"),
        ],
        branch / constant,
    )
    .context(format!(
        "Averaged over 5 seeds, the constant run is {} above the minimum at step 1200 and \
         the cool-down {}: {} times lower. The constant rate keeps the loss at its noise \
         floor; the cool-down takes the noise away.",
        n(constant),
        n(branch),
        n(constant / branch)
    ));
    vec![("after_cosine", Quiz::of(q))]
}

#[test]
fn scaling_quiz_is_marked_by_sweeping_the_rate_at_two_widths() {
    lock_all(scaling_quizzes());
}

fn scaling_quizzes() -> Vec<(&'static str, Quiz)> {
    use stepsize::analysis::sweep;
    use stepsize::optim::per_param::PerParam;
    use stepsize::problems::mup::{self, Parametrization, Rule};
    // The example's width section, standard parametrization, SGD: 50 full-batch steps on
    // the 64-point curve, rates 2^−8 to 2^3, refined by factors of 2^(1/4).
    let rates: Vec<f64> = (0..12).map(|i| math::powf(2.0, i as f64 - 8.0)).collect();
    let best = |k: usize| {
        let net = Mlp::regression(data::wavy_curve(64), k);
        let param = Parametrization::Standard;
        let at = |lr: f64| {
            let run = train(
                "sp",
                &net,
                &mut PerParam::new(
                    GradientDescent::new(1.0),
                    lr,
                    mup::lr_multipliers(&net, param, Rule::Sgd),
                ),
                mup::init(&net, param, 2),
                &Budget::steps(50),
            );
            (lr, (!run.outcome.diverged()).then(|| run.final_loss()))
        };
        let mut points: Vec<sweep::Point> = rates.iter().map(|&lr| at(lr)).collect();
        let finer = sweep::refinement(&points, 2.0, 4);
        points.extend(finer.into_iter().map(at));
        sweep::best(&points).expect("a stable rate").0
    };
    let (narrow, wide) = (best(64), best(1024));
    let q = Question::pick_one(
        "scaling-width",
        &format!(
            "Under PyTorch's standard parametrization, the best SGD rate for the small \
             curve-fitting network at width 64 is {}. You make the hidden layer 16 times \
             wider (1024 units) and sweep again. Where is the best rate now?",
            eta(narrow)
        ),
    )
    .in_order();
    let q = nearest_factor(
        q,
        &[
            (narrow * 16.0, "About 16 times larger"),
            (narrow * 4.0, "About 4 times larger"),
            (narrow, "About the same"),
            (narrow / 4.0, "About 4 times smaller"),
            (narrow / 16.0, "About 16 times smaller"),
        ],
        wide,
    )
    .context(format!(
        "At width 1024 the best rate is {}, {} times smaller (rates tried in steps of \
         2^(1/4) around the best). The output is a sum over the hidden units, so one step of \
         SGD moves it about width times as far: the rate has to shrink with the width. μP's \
         per-layer rates undo this.",
        eta(wide),
        n(narrow / wide)
    ));
    vec![("scaling-width", Quiz::of(q))]
}
