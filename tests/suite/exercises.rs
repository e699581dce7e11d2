//! The "Change the code" exercises (exercises/, run with `cargo test --test exercises`):
//! every starter fails its check with "not written yet", and every exercise has its check,
//! its test and its line in the book. That each check passes on the reference solution the
//! instructor edition shows is tested beside that solution, in solutions/, which quotes what
//! the check measured.

use std::fs;
use std::path::Path;

#[path = "../../exercises/checks/mod.rs"]
pub mod checks;

// The starters, exactly as a student finds them: their arguments and imports are unused
// until the todo!() is written.
#[allow(unused_variables, unused_imports)]
#[path = "../../exercises/adaptive_amsgrad.rs"]
mod adaptive_amsgrad;
#[allow(unused_variables, unused_imports)]
#[path = "../../exercises/edge_of_stability_momentum.rs"]
mod edge_of_stability_momentum;
#[allow(unused_variables, unused_imports)]
#[path = "../../exercises/intuition_from_four.rs"]
mod intuition_from_four;
#[allow(unused_variables, unused_imports)]
#[path = "../../exercises/lr_finder_more_points.rs"]
mod lr_finder_more_points;
#[allow(unused_variables, unused_imports)]
#[path = "../../exercises/normalization_in_thousands.rs"]
mod normalization_in_thousands;
#[allow(unused_variables, unused_imports)]
#[path = "../../exercises/normalization_scaler_on_all.rs"]
mod normalization_scaler_on_all;
#[allow(unused_variables, unused_imports)]
#[path = "../../exercises/scaling_two_batch_sizes.rs"]
mod scaling_two_batch_sizes;
#[allow(unused_variables, unused_imports)]
#[path = "../../exercises/schedules_larger_batch.rs"]
mod schedules_larger_batch;
#[allow(unused_variables, unused_imports)]
#[path = "../../exercises/too_high_centred.rs"]
mod too_high_centred;
#[allow(unused_variables, unused_imports)]
#[path = "../../exercises/update_rule_forward_difference.rs"]
mod update_rule_forward_difference;
#[allow(unused_variables, unused_imports)]
#[path = "../../exercises/update_rule_predict_price.rs"]
mod update_rule_predict_price;

/// The check failed on a starter, and said which file to edit.
fn not_written_yet<T>(checked: Result<T, String>, name: &str) {
    match checked {
        Ok(_) => panic!("the check of {name} passes on its starter"),
        Err(message) => assert_eq!(
            message,
            format!(
                "not written yet: edit exercises/{name}.rs (replace the todo!() with your code)"
            )
        ),
    }
}

#[test]
fn the_intuition_from_four_starter_fails_its_check_as_not_written_yet() {
    not_written_yet(
        checks::intuition_from_four::check(intuition_from_four::walkers_from_four),
        "intuition_from_four",
    );
}

#[test]
fn the_update_rule_predict_price_starter_fails_its_check_as_not_written_yet() {
    not_written_yet(
        checks::update_rule_predict_price::check(update_rule_predict_price::predicted_price),
        "update_rule_predict_price",
    );
}

#[test]
fn the_update_rule_forward_difference_starter_fails_its_check_as_not_written_yet() {
    not_written_yet(
        checks::update_rule_forward_difference::check(
            update_rule_forward_difference::forward_differences,
        ),
        "update_rule_forward_difference",
    );
}

#[test]
fn the_too_high_centred_starter_fails_its_check_as_not_written_yet() {
    not_written_yet(
        checks::too_high_centred::check(too_high_centred::centred),
        "too_high_centred",
    );
}

#[test]
fn the_schedules_larger_batch_starter_fails_its_check_as_not_written_yet() {
    not_written_yet(
        checks::schedules_larger_batch::check(schedules_larger_batch::predicted_floor),
        "schedules_larger_batch",
    );
}

#[test]
fn the_adaptive_amsgrad_starter_fails_its_check_as_not_written_yet() {
    not_written_yet(
        checks::adaptive_amsgrad::check(adaptive_amsgrad::amsgrad),
        "adaptive_amsgrad",
    );
}

#[test]
fn the_normalization_scaler_on_all_starter_fails_its_check_as_not_written_yet() {
    not_written_yet(
        checks::normalization_scaler_on_all::check(normalization_scaler_on_all::fit_scaler),
        "normalization_scaler_on_all",
    );
}

#[test]
fn the_lr_finder_more_points_starter_fails_its_check_as_not_written_yet() {
    not_written_yet(
        checks::lr_finder_more_points::check(lr_finder_more_points::training_points),
        "lr_finder_more_points",
    );
}

#[test]
fn the_edge_of_stability_momentum_starter_fails_its_check_as_not_written_yet() {
    not_written_yet(
        checks::edge_of_stability_momentum::check(edge_of_stability_momentum::momentum),
        "edge_of_stability_momentum",
    );
}
#[test]
fn the_normalization_in_thousands_starter_fails_its_check_as_not_written_yet() {
    not_written_yet(
        checks::normalization_in_thousands::check(normalization_in_thousands::in_thousands),
        "normalization_in_thousands",
    );
}
#[test]
fn the_scaling_two_batch_sizes_starter_fails_its_check_as_not_written_yet() {
    not_written_yet(
        checks::scaling_two_batch_sizes::check(scaling_two_batch_sizes::estimate),
        "scaling_two_batch_sizes",
    );
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The starters: every exercises/NAME.rs but the target's main.rs.
fn starter_names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root().join("exercises"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|n| n != "main")
        .collect();
    names.sort();
    names
}

#[test]
fn every_starter_says_what_to_write_and_has_its_check_its_test_and_its_line_in_the_book() {
    let read = |p: &str| fs::read_to_string(root().join(p)).unwrap();
    let target = read("exercises/main.rs");
    let suite = read("tests/suite/exercises.rs");
    let book: String = fs::read_dir(root().join("book"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    let names = starter_names();
    assert!(names.len() >= 9, "{names:?}");
    for name in &names {
        let starter = read(&format!("exercises/{name}.rs"));
        let command = format!("cargo test --test exercises -- {name}");
        let head: String = starter
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .collect();
        assert!(
            head.contains(&command),
            "{name}.rs: its opening comment names `{command}`"
        );
        assert_eq!(
            starter.matches("todo!(").count(),
            1,
            "{name}.rs: one todo!() to write"
        );
        assert!(
            root().join(format!("exercises/checks/{name}.rs")).exists(),
            "{name}: no check"
        );
        assert!(
            target.contains(&format!("\nfn {name}() {{")),
            "exercises/main.rs: no test {name}"
        );
        assert!(
            suite.contains(&format!(
                "fn the_{name}_starter_fails_its_check_as_not_written_yet()"
            )),
            "{name}: no test that its starter fails"
        );
        assert!(
            book.contains(&format!("data-path=\"exercises/{name}.rs\"")) && book.contains(&command),
            "{name}: no page links its starter with `{command}`"
        );
    }
}

/// getting_started.md promises a starter file for every exercise marked **Change the code**;
/// the label is also how a reader tells those exercises apart, so no other exercise links one.
#[test]
fn an_exercise_links_a_starter_exactly_when_it_is_marked_change_the_code() {
    let numbered = |l: &str| {
        l.split_once(". ")
            .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
    };
    let mut found = 0;
    let mut dirs = vec![root().join("book")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                if !numbered(line) {
                    continue;
                }
                // The item runs until the next numbered line or a blank line.
                let item = lines[i + 1..]
                    .iter()
                    .take_while(|l| !l.is_empty() && !numbered(l))
                    .fold(line.to_string(), |item, l| item + "\n" + l);
                let marked = line.contains(". **Change the code");
                let links = item.contains("data-path=\"exercises/");
                found += usize::from(marked);
                assert!(
                    marked == links,
                    "{}: {}:\n{item}",
                    path.display(),
                    if marked {
                        "a \"Change the code\" exercise without its starter file"
                    } else {
                        "an exercise with a starter file not marked \"Change the code\""
                    }
                );
            }
        }
    }
    assert_eq!(found, starter_names().len());
}

/// The example left as it was is a wrong answer: each check says so, and what it expected,
/// on one line with numbers as the book prints them (no `Some(…)`, no 17-digit floats).
/// (The network exercises, lr_finder_more_points and edge_of_stability_momentum, train for
/// seconds; their checks reject a wrong answer by the same comparisons.)
#[test]
fn every_quick_check_rejects_the_example_left_unchanged_and_says_what_it_expected() {
    use ndarray::array;
    use stepsize::analysis::gradcheck::central_differences;
    use stepsize::optim::Adam;
    use stepsize::problems::standardize::Standardizer;
    use stepsize::train::gradient_descent_runs;

    let rejected = |checked: Result<(), String>, says: &str| match checked {
        Ok(()) => panic!("a wrong answer passes; expected a message with {says:?}"),
        Err(message) => {
            assert!(message.contains(says), "{message}");
            let digits = message
                .split(|c: char| !c.is_ascii_digit())
                .map(str::len)
                .max();
            assert!(
                !message.contains('\n')
                    && !message.contains("Some(")
                    && !message.contains("None")
                    && digits < Some(8),
                "not one line of numbers as the book prints them: {message}"
            );
        }
    };
    rejected(
        checks::intuition_from_four::check(|p, lrs, b| {
            gradient_descent_runs(p, lrs, &array![0.0], b)
        })
        .map(drop),
        "η = 0.01: expected the walker to start at x = 4; it starts at 0",
    );
    rejected(
        checks::update_rule_predict_price::check(|run| run.final_params()[0] * 2.8).map(drop),
        "so the model predicts w · 2.8 + b =",
    );
    rejected(
        checks::update_rule_forward_difference::check(central_differences),
        "your estimate equals the central difference",
    );
    rejected(
        checks::too_high_centred::check(|houses| houses).map(drop),
        "centred sizes add up to 0",
    );
    // Centred but twice as spread: the sum is 0, the Hessian is not diag(1, 2).
    rejected(
        checks::too_high_centred::check(|mut houses| {
            let mean = houses.x.mean().unwrap();
            houses.x.mapv_inplace(|v| 2.0 * (v - mean));
            houses
        })
        .map(drop),
        "expected the Hessian [[1, 0], [0, 2]]; got [[4, 0], [0, 2]]",
    );
    rejected(
        checks::schedules_larger_batch::check(|lr, l_star, trace, _| lr * l_star * trace / 16.0)
            .map(drop),
        "your prediction changes by a factor 1",
    );
    rejected(
        checks::scaling_two_batch_sizes::check(|model, start| {
            stepsize::analysis::noise_scale::from_examples(model, start)
        })
        .map(drop),
        "estimate it from batch gradients only",
    );
    rejected(
        checks::adaptive_amsgrad::check(Adam::new).map(drop),
        "never leaves Adam's path",
    );
    rejected(
        checks::normalization_in_thousands::check(|houses| houses).map(drop),
        "expected column 0 divided by 1000",
    );
    rejected(
        checks::normalization_scaler_on_all::check(|train, _| Standardizer::fit(train)).map(drop),
        "a scaler fitted on all 400 houses has means",
    );
}
