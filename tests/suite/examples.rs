//! The book shows exactly what the examples print and draw.
//!
//! Each test runs one example with its default flags, as a reader would, splits its
//! printed output into sections (the `=== title ===` lines) and locks each section and
//! each figure with insta. The snapshots live in `book/snapshots/`, and the chapters
//! include those very files: when the code's output changes, these tests fail until the
//! change is reviewed (`cargo insta review`), and then the book changes with it.

use crate::common;

use std::fs;

use stepsize::output::report::SECTION_PREFIX;

fn check_example(example: &str, sections: &[&str]) {
    let dir = common::scratch(&format!("snapshots-{example}"));
    let out = common::run_example(example, &[], &dir);
    assert_eq!(out.code, Some(0), "{example} failed: {}", out.stderr);
    assert_eq!(out.stderr, "", "{example} wrote to stderr");

    let mut parts: Vec<String> = Vec::new();
    for line in out.stdout.split_inclusive('\n') {
        if line.starts_with(SECTION_PREFIX) || parts.is_empty() {
            parts.push(String::new());
        }
        parts
            .last_mut()
            .expect("a part was just pushed")
            .push_str(line);
    }
    assert_eq!(
        parts.len(),
        sections.len(),
        "{example} printed {} sections, the test names {}",
        parts.len(),
        sections.len()
    );

    let figure_dir = dir.join(stepsize::output::flags::default_out(example));
    let mut figures: Vec<_> = fs::read_dir(&figure_dir)
        .expect("the example wrote its figures")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    figures.sort();

    common::book_snapshots().bind(|| {
        for (name, text) in sections.iter().zip(&parts) {
            // A section ends with the blank line that separates it from the next one;
            // the book shows each section on its own, so that line is not part of it.
            let text = text
                .strip_suffix("\n\n")
                .map_or(text.clone(), |t| format!("{t}\n"));
            insta::assert_snapshot!(format!("{example}-{name}"), text);
        }
        for path in &figures {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("figure names are UTF-8");
            assert_eq!(
                path.extension().and_then(|e| e.to_str()),
                Some("svg"),
                "{path:?} is not an SVG"
            );
            insta::assert_binary_snapshot!(
                &format!("{example}-fig-{stem}.svg"),
                fs::read(path).expect("read figure")
            );
        }
    });
}

#[test]
fn intuition_output_and_figures_are_what_the_book_shows() {
    check_example("intuition", &["parabola", "valleys"]);
}

#[test]
fn update_rule_output_and_figures_are_what_the_book_shows() {
    check_example("update_rule", &["data", "updates", "gradcheck", "notes"]);
}

#[test]
fn too_high_output_and_figures_are_what_the_book_shows() {
    check_example("too_high", &["experiment", "threshold", "edge", "sweep"]);
}

#[test]
fn too_low_output_and_figures_are_what_the_book_shows() {
    check_example("too_low", &["parabola", "house"]);
}

#[test]
fn schedules_output_and_figures_are_what_the_book_shows() {
    check_example(
        "schedules",
        &["notes", "zoo", "noise", "decay", "plateau", "warmup"],
    );
}

#[test]
fn adaptive_output_and_figures_are_what_the_book_shows() {
    check_example(
        "adaptive",
        &[
            "gd",
            "trajectories",
            "first_step",
            "theory",
            "beyond",
            "rosenbrock",
            "sensitivity",
            "rotated",
            "network",
            "cost",
        ],
    );
}

#[test]
fn normalization_output_and_figures_are_what_the_book_shows() {
    check_example(
        "normalization",
        &["regression", "same_lr", "paths", "classifier"],
    );
}

#[test]
fn batch_size_output_and_figures_are_what_the_book_shows() {
    check_example("batch_size", &["variance", "curves", "sweep"]);
}

#[test]
fn scaling_output_and_figures_are_what_the_book_shows() {
    check_example(
        "scaling",
        &["noise", "critical", "temperature", "adam", "width"],
    );
}

#[test]
fn edge_of_stability_output_and_figures_are_what_the_book_shows() {
    check_example("edge_of_stability", &["sharpness", "power", "exact"]);
}

#[test]
fn lr_finder_output_and_figures_are_what_the_book_shows() {
    check_example(
        "lr_finder",
        &["grid", "random", "search2d", "range", "clipping"],
    );
}

#[test]
fn effective_lr_output_and_figures_are_what_the_book_shows() {
    check_example(
        "effective_lr",
        &[
            "gradcheck",
            "scaling",
            "range",
            "growth",
            "equilibrium",
            "hand",
            "coupled",
            "eps",
        ],
    );
}

#[test]
fn rate_bugs_output_and_figures_are_what_the_book_shows() {
    check_example(
        "rate_bugs",
        &[
            "order",
            "units",
            "warmup",
            "accumulation",
            "resume",
            "reduction",
            "devices",
            "groups",
            "eps",
        ],
    );
}

#[test]
fn after_cosine_output_and_figures_are_what_the_book_shows() {
    check_example(
        "after_cosine",
        &["robbins_monro", "branches", "river", "budget", "extended"],
    );
}

/// On a 390-px phone the book's text column is 350 px wide (measured in Chromium), and a
/// figure is scaled down to it: its smallest text must still be 9 px or more.
#[test]
fn every_figure_text_stays_legible_on_a_phone() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("book/snapshots");
    let number_after = |text: &str, key: &str| -> Vec<f64> {
        text.split(key)
            .skip(1)
            .filter_map(|rest| rest.split('"').next()?.parse().ok())
            .collect()
    };
    let mut checked = 0;
    for entry in fs::read_dir(&dir).expect("the snapshots directory") {
        let path = entry.expect("a directory entry").path();
        if !path.to_string_lossy().ends_with(".snap.svg") {
            continue;
        }
        let svg = fs::read_to_string(&path).expect("read figure");
        let width = number_after(&svg, "<svg width=\"")[0];
        let smallest = number_after(&svg, "font-size=\"")
            .into_iter()
            .fold(f64::INFINITY, f64::min);
        let on_phone = smallest * (350.0 / width).min(1.0);
        assert!(
            on_phone >= 9.0,
            "{path:?}: its smallest text is {on_phone:.1} px on a phone"
        );
        checked += 1;
    }
    assert!(checked > 40, "only {checked} figures found");
}
