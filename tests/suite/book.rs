//! The book's pages and the snapshots they show fit together: every include points at a
//! real snapshot or anchor, every snapshot is shown somewhere, and every number the prose
//! states appears in the output that the page includes.

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The chapters listed in SUMMARY.md, as (file name, text).
fn pages() -> Vec<(String, String)> {
    let summary = fs::read_to_string(root().join("book/SUMMARY.md")).unwrap();
    let mut pages = Vec::new();
    for part in summary.split("](").skip(1) {
        let file = part.split(')').next().unwrap().to_string();
        let text = fs::read_to_string(root().join("book").join(&file))
            .unwrap_or_else(|_| panic!("SUMMARY.md lists {file}, which is missing"));
        pages.push((file, text));
    }
    pages
}

/// Every `{{#include PATH}}` or `{{#include PATH:SPEC}}` on a page, and every
/// `{{#rustdoc_include PATH:SPEC}}` (an anchor shown, the rest of the file folded).
fn includes(text: &str) -> Vec<(String, Option<String>)> {
    ["{{#include ", "{{#rustdoc_include "]
        .iter()
        .flat_map(|directive| text.split(directive).skip(1))
        .map(|rest| {
            let inner = rest.split("}}").next().unwrap().trim();
            // Paths are relative to book/: the teaching pages, one folder down, reach the
            // snapshots as ../snapshots/.
            let inner = inner
                .strip_prefix("../snapshots/")
                .map_or(inner.to_string(), |p| format!("snapshots/{p}"));
            match inner.split_once(':') {
                Some((path, spec)) => (path.to_string(), Some(spec.to_string())),
                None => (inner.to_string(), None),
            }
        })
        .collect()
}

/// Every `{{#quiz PATH}}` on a page (mdbook-quiz's quizzes, written by tests/suite/quizzes.rs).
fn quizzes(text: &str) -> Vec<String> {
    text.split("{{#quiz ")
        .skip(1)
        .map(|rest| rest.split("}}").next().unwrap().trim().to_string())
        .collect()
}

/// Every Markdown image target `![...](target)` on a page.
fn images(text: &str) -> Vec<String> {
    text.split("![")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once("](")
                .map(|(_, t)| t.split(')').next().unwrap().to_string())
        })
        .collect()
}

/// Every learning-rate slider on a page, as (image prefix, the rates it lists).
fn sliders(text: &str) -> Vec<(String, String)> {
    let attribute = |tag: &str, name: &str| {
        let start = tag
            .find(&format!("{name}=\""))
            .map(|i| i + name.len() + 2)?;
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_string())
    };
    text.split("<div class=\"lr-slider\"")
        .skip(1)
        .map(|rest| {
            let tag = rest.split('>').next().unwrap_or("");
            (
                attribute(tag, "data-prefix").expect("a slider names its image prefix"),
                attribute(tag, "data-values").expect("a slider lists its rates"),
            )
        })
        .collect()
}

/// The images a slider swaps between: `<prefix>NN.snap.svg`, one per rate.
fn slider_images(prefix: &str, values: &str) -> Vec<String> {
    (0..values.split(',').count())
        .map(|i| format!("{prefix}{i:02}.snap.svg"))
        .collect()
}

/// The number of lines of an insta snapshot's header, up to and including its second `---`.
fn header_lines(snapshot: &str) -> usize {
    let mut dashes = 0;
    for (i, line) in snapshot.lines().enumerate() {
        if line == "---" {
            dashes += 1;
            if dashes == 2 {
                return i + 1;
            }
        }
    }
    panic!("not an insta snapshot")
}

#[test]
fn every_included_snapshot_skips_exactly_its_header() {
    for (page, text) in pages() {
        for (path, spec) in includes(&text) {
            if !path.ends_with(".snap") {
                continue;
            }
            let snapshot = fs::read_to_string(root().join("book").join(&path))
                .unwrap_or_else(|_| panic!("{page}: {path} is missing"));
            let from = header_lines(&snapshot) + 1;
            assert_eq!(
                spec,
                Some(format!("{from}:")),
                "{page}: include {path} as {{{{#include {path}:{from}:}}}}"
            );
        }
    }
}

#[test]
fn every_code_include_names_an_anchor_that_exists() {
    for (page, text) in pages() {
        for (path, spec) in includes(&text) {
            if !path.ends_with(".rs") {
                continue;
            }
            let source = fs::read_to_string(root().join("book").join(&path))
                .unwrap_or_else(|_| panic!("{page}: {path} is missing"));
            let anchor =
                spec.unwrap_or_else(|| panic!("{page}: include {path} by anchor, not whole"));
            assert!(
                source.contains(&format!("// ANCHOR: {anchor}\n")),
                "{page}: {path} has no ANCHOR: {anchor}"
            );
            assert!(
                source.contains(&format!("// ANCHOR_END: {anchor}\n")),
                "{page}: {path} has no ANCHOR_END: {anchor}"
            );
        }
    }
}

#[test]
fn the_first_listing_of_each_example_on_a_page_unfolds_to_its_whole_file() {
    // `{{#rustdoc_include FILE:ANCHOR}}` shows the anchor and folds the rest of the file
    // behind the listing's eye button. Once per example and page: every copy is in the page,
    // the print page and the search index, folded or not.
    for (page, text) in pages() {
        let mut listed: Vec<String> = Vec::new();
        for (k, part) in text.split("{{#").enumerate().skip(1) {
            let Some((directive, rest)) = part.split_once(' ') else {
                continue;
            };
            let Some(file) = rest
                .split(':')
                .next()
                .filter(|f| f.starts_with("../examples/"))
            else {
                continue;
            };
            let first = !listed.iter().any(|f| f == file);
            let unfolds = directive == "rustdoc_include";
            assert!(
                unfolds == first,
                "{page}: listing {k} of {file}: make the first listing of an example {{{{#rustdoc_include {file}:ANCHOR}}}} and the others {{{{#include …}}}}"
            );
            listed.push(file.to_string());
        }
    }
}

#[test]
fn every_snapshot_is_shown_by_some_page_and_every_image_exists() {
    let mut shown = BTreeSet::new();
    for (page, text) in pages() {
        for (path, _) in includes(&text) {
            shown.insert(path);
        }
        for image in images(&text) {
            assert!(
                root().join("book").join(&image).exists(),
                "{page}: image {image} is missing"
            );
            shown.insert(image);
        }
        for (prefix, values) in sliders(&text) {
            shown.extend(slider_images(&prefix, &values));
        }
        // A download the page links (the quizzes' GIFT export).
        for target in link_targets(&text)
            .into_iter()
            .chain(attribute_values(&text, "href"))
        {
            if let Some(file) = target.strip_prefix("../snapshots/") {
                shown.insert(format!("snapshots/{file}"));
            }
        }
        for quiz in quizzes(&text) {
            assert!(
                root().join("book").join(&quiz).exists(),
                "{page}: quiz {quiz} is missing"
            );
            shown.insert(quiz);
        }
    }
    for entry in fs::read_dir(root().join("book/snapshots")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let path = format!("snapshots/{name}");
        let binary_meta = name.ends_with(".snap")
            && ["svg", "toml", "md", "gift"]
                .iter()
                .any(|ext| Path::new(&root().join("book").join(format!("{path}.{ext}"))).exists());
        if binary_meta {
            continue; // the metadata of a figure, quiz or export; the file itself must be shown
        }
        assert!(
            shown.contains(&path),
            "{path} is locked by a test but no page shows it"
        );
    }
}

#[test]
fn every_example_has_a_chapter_that_names_its_command() {
    let all: String = pages().into_iter().map(|(_, t)| t).collect();
    let mut examples: Vec<String> = fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    examples.sort();
    assert_eq!(examples, {
        let mut e: Vec<String> = common::EXAMPLES.iter().map(|s| s.to_string()).collect();
        e.sort();
        e
    });
    for example in examples {
        assert!(
            all.contains(&format!("cargo run --example {example}")),
            "no chapter shows `cargo run --example {example}`"
        );
    }
}

/// Prose with code blocks and inline code removed (the prose check adds back the inline code
/// that quotes output).
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let mut in_code = false;
        for c in line.chars() {
            if c == '`' {
                in_code = !in_code;
            } else if !in_code {
                out.push(c);
            }
        }
        out.push('\n');
    }
    out
}

/// Every number token of a text, as (first char, one past the last char, the token): a run
/// of digits with an optional decimal part and an optional exponent (`5.701e-29`), not
/// glued to a name (`x2`, `w_1`), a power (`^2`) or a KaTeX group (`{10}`).
fn number_tokens(chars: &[char]) -> Vec<(usize, usize, String)> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit()
            && (i == 0
                || !(chars[i - 1].is_alphanumeric()
                    || chars[i - 1] == '_'
                    || chars[i - 1] == '^'
                    || chars[i - 1] == '{'));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len()
            && (chars[j].is_ascii_digit()
                || (chars[j] == '.' && j + 1 < chars.len() && chars[j + 1].is_ascii_digit()))
        {
            j += 1;
        }
        if j < chars.len()
            && chars[j] == 'e'
            && j + 1 < chars.len()
            && (chars[j + 1].is_ascii_digit() || chars[j + 1] == '-')
        {
            j += 2;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
        }
        tokens.push((i, j, chars[i..j].iter().collect()));
        i = j;
    }
    tokens
}

/// Numbers written with a decimal point or with at least three digits: the kind a chapter
/// quotes from an experiment.
fn quoted_numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    number_tokens(&chars)
        .into_iter()
        .map(|(_, _, number)| number)
        .filter(|n| n.contains('.') || n.chars().filter(|c| c.is_ascii_digit()).count() >= 3)
        .collect()
}

/// Words that, after a whole number, make it a count an experiment measured: "26 steps",
/// "6 rates", "3 seeds".
const COUNT_WORDS: &[&str] = &[
    "steps",
    "epochs",
    "iterations",
    "rates",
    "runs",
    "seeds",
    "cuts",
    "diverge",
    "diverged",
];

/// Words that, before a whole number, make it a position an experiment measured: "step 42",
/// "epoch 7".
const POSITION_WORDS: &[&str] = &["step", "steps", "epoch", "iteration"];

/// Whole numbers of one or two digits where the prose states a measured count or position:
/// "N of M" as one phrase ("Adam at 6 of 26" needs `6 of 26`), a number before a count word ("9 steps",
/// "4 rates", see COUNT_WORDS), and a number after a position word ("step 42", "epoch 7",
/// see POSITION_WORDS). Other small numbers (the 2 of 2/λ, "chapter 3", "two or 3 times")
/// are definitions or ordinals, not results, and are not checked.
fn counted_numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let tokens = number_tokens(&chars);
    let word_after = |end: usize| -> String {
        let rest: String = chars[end..].iter().take(40).collect();
        let rest = rest.strip_prefix(' ').unwrap_or("");
        rest.split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase()
    };
    let word_before = |start: usize| -> String {
        let head: String = chars[..start].iter().collect();
        let Some(head) = head.strip_suffix(' ') else {
            return String::new();
        };
        head.rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase()
    };
    let mut numbers = Vec::new();
    let whole = |n: &str| n.chars().all(|c| c.is_ascii_digit());
    let of_between = |a: usize, b: usize| chars[a..b].iter().collect::<String>() == " of ";
    for (k, (start, end, number)) in tokens.iter().enumerate() {
        // "N of M" is checked as one phrase, so that "6 of 26" needs `6 of 26` in the output.
        if let Some((next_start, _, next)) = tokens.get(k + 1)
            && whole(number)
            && whole(next)
            && of_between(*end, *next_start)
        {
            numbers.push(format!("{number} of {next}"));
            continue;
        }
        let in_phrase = k > 0 && whole(&tokens[k - 1].2) && of_between(tokens[k - 1].1, *start);
        if number.len() > 2 || !whole(number) || in_phrase {
            continue;
        }
        let counts = COUNT_WORDS.contains(&word_after(*end).as_str());
        let position = POSITION_WORDS.contains(&word_before(*start).as_str());
        if counts || position {
            numbers.push(number.clone());
        }
    }
    numbers
}

/// The numbers of a text the prose check holds to the output: quoted numbers and counts.
fn checked_numbers(text: &str) -> Vec<String> {
    let mut numbers = quoted_numbers(text);
    numbers.extend(counted_numbers(text));
    numbers
}

/// Whether the output shows the number as a whole token: not inside a longer number, so
/// "101" is not found in `0.0101`, "500" not in `250037`, and "5.701" not in `5.701e-29`.
fn shows(output: &str, number: &str) -> bool {
    let bytes = output.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    output.match_indices(number).any(|(i, _)| {
        let end = i + number.len();
        let before_ok = i == 0
            || !(bytes[i - 1].is_ascii_digit()
                || bytes[i - 1] == b'.'
                || (bytes[i - 1] == b'e' && i >= 2 && bytes[i - 2].is_ascii_digit())
                || (bytes[i - 1] == b'-' && i >= 2 && bytes[i - 2] == b'e'));
        let after_ok = !(digit(end)
            || (bytes.get(end) == Some(&b'.') && digit(end + 1))
            || (bytes.get(end) == Some(&b'e')
                && (digit(end + 1) || bytes.get(end + 1) == Some(&b'-'))));
        before_ok && after_ok
    })
}

#[test]
fn numbers_match_whole_tokens_only() {
    assert!(!shows("every 0.0101 s", "101"));
    assert!(!shows("b 250037", "500"));
    assert!(!shows("loss 5.701e-29", "5.701"));
    assert!(!shows("loss 5.701e-29", "29"));
    assert!(shows("loss 5.701e-29.", "5.701e-29"));
    assert!(shows("cut at 101.", "101"));
    assert!(shows("6/26 diverged", "6"));
    assert!(shows("w = -0.5,", "0.5"));
    assert_eq!(
        counted_numbers("Adam at 6 of\n26, after 9 steps and at step 42, with 2/λ in chapter 3"),
        ["6 of 26", "9", "42"]
    );
    assert_eq!(
        quoted_numbers("reaches 5.701e-29, every 101 steps"),
        ["5.701e-29", "101"]
    );
}

/// Numbers a page may state without quoting its output (inputs, definitions, values the
/// page derives in its own text, citations) are declared on the page itself, in an HTML
/// comment that readers do not see: the first line lists the numbers (a line that ends
/// with a comma goes on to the next), the lines after it say why they are given, not
/// measured.
///
/// ```text
/// <!-- numbers given: 6750, 2500, 0.02
/// The data set's sums in the hand computation; exercise 1's rate, a flag value. -->
/// ```
///
/// A page may have several such comments, each with its own reason; the list holds for the
/// whole page. The comment itself is not prose: its reason may use any number.
const GIVEN_MARK: &str = "<!-- numbers given:";

/// The numbers a page declares as given, or what is wrong with a declaration.
fn given_numbers(text: &str) -> Result<Vec<String>, String> {
    let mut numbers = Vec::new();
    for rest in text.split(GIVEN_MARK).skip(1) {
        let comment = rest
            .split_once("-->")
            .ok_or_else(|| format!("`{GIVEN_MARK}` is never closed with -->"))?
            .0;
        // The list may go on over lines that end with a comma.
        let mut lines = comment.split('\n');
        let mut list = String::new();
        for line in lines.by_ref() {
            list += line;
            if !line.trim_end().ends_with(',') {
                break;
            }
        }
        let reason: String = lines.collect();
        if reason.trim().is_empty() {
            return Err(format!(
                "`{GIVEN_MARK}{list}` gives no reason: say on the next line why these numbers are given, not measured"
            ));
        }
        for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let chars: Vec<char> = item.chars().collect();
            // One number token, or an "N of M" phrase (counted_numbers).
            let whole_token =
                matches!(number_tokens(&chars).as_slice(), [(0, end, _)] if *end == chars.len());
            let phrase = item
                .split_once(" of ")
                .is_some_and(|(a, b)| [a, b].iter().all(|n| n.chars().all(|c| c.is_ascii_digit())));
            if !(whole_token || phrase) {
                return Err(format!(
                    "`{GIVEN_MARK}{list}`: {item:?} is not a number; list numbers on the first line, separated by commas, and the reason after it"
                ));
            }
            numbers.push(item.to_string());
        }
    }
    Ok(numbers)
}

/// A page's text without its declarations of given numbers.
fn without_given_lists(text: &str) -> String {
    let mut parts = text.split(GIVEN_MARK);
    let mut out = parts.next().unwrap_or("").to_string();
    for rest in parts {
        out += rest.split_once("-->").map_or("", |(_, after)| after);
    }
    out
}

/// Before a merge moved them to the pages, the given numbers lived here, page by page. An
/// entry left here by an older branch still counts, but
/// `given_numbers_are_declared_on_their_pages_not_in_the_test_suite` fails and prints the
/// comment to paste into the page.
const GIVEN: &[(&str, &[&str])] = &[];

/// Words that, after a number on a teaching page, make it classroom logistics (a length of
/// time, a class size), which no experiment measures: "120 minutes", "60 students".
const LOGISTICS_AFTER: &[&str] = &[
    "minute", "minutes", "min", "hour", "hours", "student", "students",
];

/// Words that, before a number on a teaching page, make it logistics: "room 204".
const LOGISTICS_BEFORE: &[&str] = &["room", "rooms"];

/// The text with the numbers that need no declaration blanked out: a citation's year
/// ("Goyal et al. (2017)", "et al. 2020", "(2015, 2017)", "(Bach, 2020)") on every page, and on the
/// teaching pages (`teaching/…`) times and class sizes (LOGISTICS_AFTER, LOGISTICS_BEFORE).
fn without_free_numbers(page: &str, text: &str) -> String {
    let mut chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let word_after = |chars: &[char], end: usize| -> String {
        let rest: String = chars[end..].iter().take(40).collect();
        let rest = rest.strip_prefix(' ').unwrap_or(&rest);
        rest.split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase()
    };
    let before = |chars: &[char], start: usize| -> String {
        chars[start.saturating_sub(12)..start]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_lowercase()
    };
    let teaching = page.starts_with("teaching/");
    let tokens = number_tokens(&chars);
    let mut free = Vec::new();
    let mut previous_year: Option<usize> = None;
    for (start, end, number) in &tokens {
        let head = before(&chars, *start);
        let year = number.len() == 4
            && number.chars().all(|c| c.is_ascii_digit())
            && (1900..2100).contains(&number.parse::<u32>().unwrap_or(0));
        // A second year of one citation: "(2015, 2017)".
        let after_year = previous_year
            .is_some_and(|e| chars[e..*start].iter().collect::<String>().trim() == ",");
        let citation = year
            && (head.ends_with('(')
                || head.ends_with("al.")
                || head.ends_with("al.,")
                || after_year
                || chars.get(*end) == Some(&')'));
        previous_year = citation.then_some(*end);
        let logistics = teaching
            && (LOGISTICS_AFTER.contains(&word_after(&chars, *end).as_str())
                || LOGISTICS_BEFORE
                    .iter()
                    .any(|w| head.rsplit(' ').next() == Some(*w)));
        if citation || logistics {
            free.push((*start, *end));
        }
    }
    for (start, end) in free {
        for c in &mut chars[start..end] {
            *c = '#';
        }
    }
    chars.into_iter().collect()
}

/// The numbers a page states that neither its included output shows nor the page declares
/// given: the prose, and its inline code outside folded solutions and notes (a command,
/// `cargo …` or `--flags`, is an input). The teaching pages' code spans quote the whole
/// book and are checked by every_output_the_teaching_pages_quote_is_in_some_locked_snapshot.
fn unexplained_numbers(page: &str, text: &str, output: &str) -> Result<Vec<String>, String> {
    let mut given = given_numbers(text)?;
    given.extend(
        GIVEN
            .iter()
            .filter(|(p, _)| *p == page)
            .flat_map(|(_, g)| g.iter().map(|n| n.to_string())),
    );
    let text = without_given_lists(text);
    let unfolded: String = text
        .split("<details>")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once("</details>").map_or("", |(_, rest)| rest)
            }
        })
        .collect();
    let quoted: String = code_spans(&unfolded)
        .into_iter()
        .filter(|s| !page.starts_with("teaching/") && !s.contains("cargo") && !s.contains("--"))
        .map(|s| s + "\n")
        .collect();
    let stated = without_free_numbers(page, &format!("{}\n{quoted}", prose(&text)));
    Ok(checked_numbers(&stated)
        .into_iter()
        .filter(|n| !(shows(output, n) || given.contains(n)))
        .collect())
}

/// The snapshots a page includes, as one text.
fn included_output(text: &str) -> String {
    let mut output = String::new();
    for (path, _) in includes(text) {
        if path.ends_with(".snap") {
            output += &fs::read_to_string(root().join("book").join(&path)).unwrap();
        }
    }
    output
}

/// Every number the prose states (quoted_numbers and counted_numbers, in the text and in
/// inline code that is not a command or inside a folded solution) is a whole number token of
/// the output the page includes (shows), or a setting, definition or derivation the page
/// declares in a `<!-- numbers given: … -->` comment (given_numbers).
#[test]
fn every_number_in_the_prose_appears_in_the_output_it_describes() {
    // The claims page includes no output: each claim's numbers are checked against the
    // sections it links to (every_number_a_claim_states_is_in_the_output_of_its_sections).
    let mut failures = Vec::new();
    for (page, text) in pages().into_iter().filter(|(p, _)| p != CLAIMS) {
        match unexplained_numbers(&page, &text, &included_output(&text)) {
            Err(e) => failures.push(format!("{page}: {e}")),
            Ok(numbers) => failures.extend(numbers.into_iter().map(|n| format!(
                "{page} states {n}, which none of its included output shows; quote the output, or if it is given, not measured, declare it on the page:\n    <!-- numbers given: {n}\n    why it is given (a setting, a definition, a derivation, a citation). -->"
            ))),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A chapter page for the tests of the check itself: one measured number in its output.
const A_CHAPTER: &str = "# A chapter\n\n```text\n{{#include snapshots/x.snap:5:}}\n```\n\nThe loss ends at 0.0421 after 26 steps.\n";
const ITS_OUTPUT: &str = "loss 0.0421 after 26 steps";

#[test]
fn a_number_a_chapter_states_that_its_output_does_not_show_fails_the_check() {
    let page = format!("{A_CHAPTER}A rate of 0.37 also works, and 1200 minutes later 34 steps.\n");
    assert_eq!(
        unexplained_numbers("a.md", &page, ITS_OUTPUT).unwrap(),
        ["0.37", "1200", "34"]
    );
    assert!(
        unexplained_numbers("a.md", A_CHAPTER, ITS_OUTPUT)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_number_the_page_declares_given_with_a_reason_passes_and_only_that_number() {
    let page = format!(
        "{A_CHAPTER}A rate of 0.37 also works, and 0.38 too.\n\n<!-- numbers given: 0.37\nExercise 2 asks about η = 0.37, a flag value; 9.99 here is not checked. -->\n"
    );
    assert_eq!(
        unexplained_numbers("a.md", &page, ITS_OUTPUT).unwrap(),
        ["0.38"]
    );
}

#[test]
fn a_declaration_without_a_reason_or_with_a_word_for_a_number_is_refused() {
    let bare = format!("{A_CHAPTER}<!-- numbers given: 0.37 -->\n");
    assert!(
        unexplained_numbers("a.md", &bare, ITS_OUTPUT)
            .unwrap_err()
            .contains("gives no reason")
    );
    let word = format!("{A_CHAPTER}<!-- numbers given: 0.37, about 1\nbecause. -->\n");
    assert!(
        unexplained_numbers("a.md", &word, ITS_OUTPUT)
            .unwrap_err()
            .contains("is not a number")
    );
    let open = format!("{A_CHAPTER}<!-- numbers given: 0.37\nbecause.\n");
    assert!(
        unexplained_numbers("a.md", &open, ITS_OUTPUT)
            .unwrap_err()
            .contains("never closed")
    );
}

#[test]
fn citation_years_need_no_declaration_but_other_years_do() {
    let page = format!(
        "{A_CHAPTER}Goyal et al. (2017) and Smith (2015, 2017), as in Cohen et al. 2021, Defazio et al., 2024 and (Bach, 2020). A 2019 laptop, and 1200 more.\n"
    );
    assert_eq!(
        unexplained_numbers("a.md", &page, ITS_OUTPUT).unwrap(),
        ["2019", "1200"]
    );
}

#[test]
fn teaching_pages_state_times_and_class_sizes_freely_and_chapters_do_not() {
    let text = "A class of 120 students meets for 120 minutes (or 105 min) in room 204; 0.37 still counts.\n";
    assert_eq!(
        unexplained_numbers("teaching/plan.md", text, "").unwrap(),
        ["0.37"]
    );
    assert_eq!(
        unexplained_numbers("a.md", text, "").unwrap(),
        ["120", "120", "105", "204", "0.37"]
    );
}

#[test]
fn given_numbers_are_declared_on_their_pages_not_in_the_test_suite() {
    let moves: Vec<String> = GIVEN
        .iter()
        .map(|(page, numbers)| {
            format!(
                "book/{page}: move its GIVEN entry from tests/suite/book.rs to the page, with the entry's comment as the reason:\n    <!-- numbers given: {}\n    why they are given, not measured. -->",
                numbers.join(", ")
            )
        })
        .collect();
    assert!(moves.is_empty(), "{}", moves.join("\n"));
}

#[test]
fn every_number_a_page_declares_given_is_one_it_states() {
    // A stale declaration would let a later, wrong number through unseen.
    let mut failures = Vec::new();
    for (page, text) in pages() {
        let given = given_numbers(&text).unwrap_or_default();
        let bare = without_given_lists(&text);
        let mut stated = checked_numbers(&without_free_numbers(&page, &prose(&bare)));
        for span in code_spans(&bare) {
            stated.extend(checked_numbers(&span));
        }
        for number in given {
            if !stated.contains(&number) {
                failures.push(format!(
                    "{page} declares {number} given but never states it where the check reads (or only as a citation year or logistics); remove it from its `{GIVEN_MARK}` list"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_slider_lists_the_rates_its_figures_were_drawn_at() {
    let mut found = 0;
    for (page, text) in pages() {
        let mut output = String::new();
        for (path, _) in includes(&text) {
            if path.ends_with(".snap") {
                output += &fs::read_to_string(root().join("book").join(&path)).unwrap();
            }
        }
        // A long list of rates is printed broken after a comma, its continuation indented.
        let output = output.replace(",\n  ", ",");
        for (prefix, values) in sliders(&text) {
            found += 1;
            assert!(
                output.contains(&format!("slider figures for η = {values}")),
                "{page}: the slider lists η = {values}, which the example's output does not"
            );
            for image in slider_images(&prefix, &values) {
                assert!(
                    root().join("book").join(&image).exists(),
                    "{page}: {image} is missing"
                );
            }
        }
    }
    assert!(
        found >= 2,
        "the intuition and too-high chapters have sliders"
    );
}

/// Inline code spans of a page, outside fenced blocks.
fn code_spans(text: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if !in_fence {
            spans.extend(line.split('`').skip(1).step_by(2).map(String::from));
        }
    }
    spans
}

#[test]
fn every_output_the_teaching_pages_quote_is_in_some_locked_snapshot() {
    // The lesson plan and handout quote outputs from all over the book in code spans; a
    // command (cargo …, --flags) is an input, not a quote.
    let mut all_output = String::new();
    for entry in fs::read_dir(root().join("book/snapshots")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "snap") {
            all_output += &fs::read_to_string(path).unwrap();
        }
    }
    let mut failures = Vec::new();
    for (page, text) in pages()
        .into_iter()
        .filter(|(p, _)| p.starts_with("teaching/"))
    {
        let mut given = given_numbers(&text).unwrap_or_default();
        given.extend(
            GIVEN
                .iter()
                .filter(|(p, _)| *p == page)
                .flat_map(|(_, g)| g.iter().map(|n| n.to_string())),
        );
        for span in code_spans(&without_given_lists(&text))
            .into_iter()
            .filter(|s| !s.contains("cargo") && !s.contains("--"))
        {
            for number in checked_numbers(&span) {
                if !(shows(&all_output, &number) || given.contains(&number)) {
                    failures.push(format!("{page} quotes `{span}`: {number} is in no snapshot; quote the output, or declare it on the page in `{GIVEN_MARK} {number}` with its reason on the next line"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Lower-case text with every run of whitespace (line breaks included) made one space.
fn flat(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[test]
fn no_page_refers_to_notes_a_reader_of_the_book_has_never_seen() {
    // The pages, the output and quizzes they show, and the README: a claim is quoted as a
    // claim ("a common tutorial rule of thumb: …"), never as "the notes say".
    let mut texts = pages();
    for entry in fs::read_dir(root().join("book/snapshots")).unwrap() {
        let path = entry.unwrap().path();
        texts.push((
            path.display().to_string(),
            fs::read_to_string(&path).unwrap(),
        ));
    }
    texts.push((
        "README.md".into(),
        fs::read_to_string(root().join("README.md")).unwrap(),
    ));
    for (name, text) in texts {
        let text = flat(&text).replace("&apos;", "'");
        for phrase in ["source notes", "the notes", "notes'", "these notes"] {
            assert!(
                !text.contains(phrase),
                "{name} says \"{phrase}\": quote the claim itself, which the reader can see"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Repository links, the "Run it" boxes, and the claims page.

/// Every value of the attribute `name="…"` in a text.
fn attribute_values(text: &str, name: &str) -> Vec<String> {
    let key = format!("{name}=\"");
    text.split(key.as_str())
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

/// The Markdown link targets `](target)` of a text.
fn link_targets(text: &str) -> Vec<String> {
    text.split("](")
        .skip(1)
        .map(|rest| rest.split(')').next().unwrap().to_string())
        .collect()
}

/// The ids mdBook 0.5 gives a page's headings, in order: the heading's text, lower-cased,
/// with spaces made `-` and everything but letters, digits, `-` and `_` dropped, and `-1`,
/// `-2`, … appended to repeats.
fn heading_ids(text: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if in_fence || !line.starts_with('#') {
            continue;
        }
        // The text a reader sees: no Markdown marks, and a link's text without its target.
        let mut heading = line.trim_start_matches('#').trim().replace(['`', '*'], "");
        while let Some(start) = heading.find("](") {
            let end = heading[start..]
                .find(')')
                .map_or(heading.len(), |e| start + e + 1);
            heading.replace_range(start..end, "");
        }
        let id: String = heading
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c),
                c if c.is_whitespace() => Some('-'),
                _ => None,
            })
            .collect();
        let mut unique = id.clone();
        let mut n = 0;
        while ids.contains(&unique) {
            n += 1;
            unique = format!("{id}-{n}");
        }
        ids.push(unique);
    }
    ids
}

#[test]
fn heading_ids_follow_mdbook() {
    let page = "# A title\n## 1. A rate of 0.1 overshoots\n## What to notice\n```\n# not a heading\n```\n## What to notice\n### Too low: the steps grow like 1/η\n## `code`'s [link](x.md) text\n";
    assert_eq!(
        heading_ids(page),
        [
            "a-title",
            "1-a-rate-of-01-overshoots",
            "what-to-notice",
            "what-to-notice-1",
            "too-low-the-steps-grow-like-1η",
            "codes-link-text",
        ]
    );
}

#[test]
fn every_repository_file_a_page_names_exists() {
    // Pages name repository files as <a class="repo-file" data-path="…">, which
    // book/repository.js turns into links where the book knows its repository's address.
    let mut named = 0;
    for (page, text) in pages() {
        for path in attribute_values(&text, "data-path") {
            named += 1;
            assert!(
                root().join(&path).exists(),
                "{page} names {path}, which is not in the repository"
            );
        }
    }
    assert!(named >= 10, "the Run it boxes and the claims name files");
}

#[test]
fn every_repository_file_a_page_names_is_a_repository_link() {
    // A reader of the published book sees the pages, not the repository: a file or folder
    // of the repository is named as a link to it (<a class="repo-file" …>), not as bare code.
    for (page, text) in pages() {
        for span in code_spans(&text) {
            // Under target/ is what a run writes, never a repository file.
            let path_like = !span.contains(char::is_whitespace)
                && (span.contains('/') || span.contains('.'))
                && !span.starts_with('.')
                && !span.starts_with("target/");
            assert!(
                !(path_like && root().join(&span).exists()),
                "{page} names `{span}` as code: write <a class=\"repo-file\" data-path=\"{span}\"><code>{span}</code></a>"
            );
        }
    }
}

#[test]
fn every_run_it_box_links_the_source_of_each_example_it_runs() {
    for (page, text) in pages() {
        let shows_an_example = text.contains("{{#include ../examples/")
            || text.contains("{{#rustdoc_include ../examples/");
        let start = text.find("> **Run it:**");
        assert_eq!(
            shows_an_example,
            start.is_some(),
            "{page}: a chapter that shows an example's code starts with a Run it box"
        );
        let Some(start) = start else { continue };
        let rest = &text[start..];
        let end = rest.find("\n\n").unwrap_or(rest.len());
        let run_it = &rest[..end];
        let mut examples: Vec<&str> = run_it
            .split("cargo run --example ")
            .skip(1)
            .map(|r| r.split([' ', '`']).next().unwrap())
            .collect();
        examples.dedup();
        assert!(!examples.is_empty(), "{page}: the Run it box runs nothing");
        for example in examples {
            // An example is examples/NAME.rs or, with modules beside it, examples/NAME/main.rs.
            let single = format!("examples/{example}.rs");
            let path = if root().join(&single).exists() {
                single
            } else {
                format!("examples/{example}/main.rs")
            };
            assert!(
                run_it.contains(&format!("<a class=\"repo-file\" data-path=\"{path}\">")),
                "{page}: the Run it box runs {example} but does not link {path}"
            );
        }
    }
}

const CLAIMS: &str = "claims.md";
const VERDICTS: [&str; 3] = ["holds", "holds with conditions", "does not hold"];

/// A claim of the claims page: its heading, its text, and its verdict.
struct Claim {
    heading: String,
    body: String,
    verdict: String,
}

/// The claims page's introduction (with its table), and its claims, one per `## ` section.
fn claims() -> (String, Vec<Claim>) {
    let text = fs::read_to_string(root().join("book").join(CLAIMS)).unwrap();
    let mut sections = text.split("\n## ");
    let intro = sections.next().unwrap().to_string();
    let claims = sections
        .map(|section| {
            let (heading, body) = section.split_once('\n').unwrap();
            let verdict = body
                .split("**Verdict: ")
                .nth(1)
                .unwrap_or_else(|| panic!("claim \"{heading}\" states no **Verdict: …**"))
                .split("**")
                .next()
                .unwrap()
                .trim_end_matches(['.', ',', ':'])
                .to_string();
            Claim {
                heading: heading.to_string(),
                body: body.to_string(),
                verdict,
            }
        })
        .collect();
    (intro, claims)
}

/// The test functions a claim names, each with the file after it that holds it:
/// `` `name` `` … `data-path="tests/file.rs"`.
fn named_tests(body: &str) -> Vec<(String, String)> {
    let spans = body.split('`').collect::<Vec<_>>();
    let mut tests = Vec::new();
    let mut offset = 0;
    for (i, span) in spans.iter().enumerate() {
        let is_test_name = i % 2 == 1
            && span.contains('_')
            && span
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if is_test_name {
            let file = attribute_values(&body[offset..], "data-path")
                .into_iter()
                .find(|p| p.starts_with("tests/"))
                .unwrap_or_else(|| panic!("no tests/ file named after `{span}`"));
            tests.push((span.to_string(), file));
        }
        offset += span.len() + 1;
    }
    tests
}

#[test]
fn every_claim_quotes_the_claim_and_gives_a_verdict() {
    let (_, claims) = claims();
    assert!(
        claims.len() >= 15,
        "the tutorials' claims, one section each"
    );
    for claim in &claims {
        let heading = &claim.heading;
        assert!(
            claim.body.lines().any(|l| l.starts_with("> ")),
            "claim \"{heading}\" quotes no claim (a > quote)"
        );
        assert!(
            VERDICTS.contains(&claim.verdict.as_str()),
            "claim \"{heading}\": verdict \"{}\" is none of {VERDICTS:?}",
            claim.verdict
        );
    }
}

#[test]
fn every_claim_links_a_section_that_exists() {
    let pages = pages();
    let ids = |page: &str| -> Vec<String> {
        let (_, text) = pages
            .iter()
            .find(|(p, _)| p == page)
            .unwrap_or_else(|| panic!("{CLAIMS} links {page}, which is not in SUMMARY.md"));
        heading_ids(text)
    };
    let text = fs::read_to_string(root().join("book").join(CLAIMS)).unwrap();
    // Every link of the page, in the table and in the claims, reaches a heading.
    for target in link_targets(&text) {
        let (page, anchor) = target.split_once('#').unwrap_or((&target, ""));
        let page = if page.is_empty() { CLAIMS } else { page };
        assert!(
            !anchor.is_empty() || page.starts_with("http"),
            "{CLAIMS} links {target}: link the section, not the page"
        );
        assert!(
            ids(page).iter().any(|id| id == anchor),
            "{CLAIMS} links {target}, but {page} has no heading with the id {anchor}"
        );
    }
    let (_, claims) = claims();
    for claim in &claims {
        let sections = link_targets(&claim.body)
            .into_iter()
            .filter(|t| t.contains(".md#"))
            .count();
        assert!(
            sections > 0,
            "claim \"{}\" links no section that measures it",
            claim.heading
        );
    }
}

#[test]
fn every_claim_names_tests_that_exist() {
    let (_, claims) = claims();
    for claim in &claims {
        let tests = named_tests(&claim.body);
        assert!(
            !tests.is_empty(),
            "claim \"{}\" names no test",
            claim.heading
        );
        for (name, file) in tests {
            let source = fs::read_to_string(root().join(&file))
                .unwrap_or_else(|_| panic!("claim \"{}\": {file} is missing", claim.heading));
            assert!(
                source.contains(&format!("#[test]\nfn {name}(")),
                "claim \"{}\" names the test {name}, which {file} does not have",
                claim.heading
            );
        }
    }
}

#[test]
fn every_number_a_claim_states_is_in_the_output_of_its_sections() {
    let pages = pages();
    let claims_page = fs::read_to_string(root().join("book").join(CLAIMS)).unwrap();
    let mut given = given_numbers(&claims_page).unwrap();
    given.extend(
        GIVEN
            .iter()
            .filter(|(p, _)| *p == CLAIMS)
            .flat_map(|(_, g)| g.iter().map(|n| n.to_string())),
    );
    let (_, claims) = claims();
    let mut failures = Vec::new();
    for claim in &claims {
        let mut output = String::new();
        for target in link_targets(&claim.body) {
            let Some((page, _)) = target.split_once(".md#") else {
                continue;
            };
            let (_, text) = pages
                .iter()
                .find(|(p, _)| *p == format!("{page}.md"))
                .unwrap();
            for (path, _) in includes(text) {
                if path.ends_with(".snap") {
                    output += &fs::read_to_string(root().join("book").join(&path)).unwrap();
                }
            }
        }
        let text = format!("{}\n{}", claim.heading, claim.body);
        let stated = without_free_numbers(CLAIMS, &prose(&without_given_lists(&text)));
        for number in checked_numbers(&stated) {
            if !(shows(&output, &number) || given.contains(&number)) {
                failures.push(format!(
                    "claim \"{}\" states {number}, which the output of the sections it links does not show",
                    claim.heading
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_claims_table_lists_every_claim_with_its_verdict_and_counts_them() {
    let (intro, claims) = claims();
    let rows: Vec<&str> = intro
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains("](#"))
        .collect();
    assert_eq!(rows.len(), claims.len(), "one table row per claim");
    // The page's headings: its title, then one per claim.
    let ids = heading_ids(&fs::read_to_string(root().join("book").join(CLAIMS)).unwrap());
    for (i, (row, claim)) in rows.iter().zip(&claims).enumerate() {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert_eq!(
            link_targets(cells[2])[0],
            format!("#{}", ids[1 + i]),
            "row {row} should link claim {} (\"{}\"), in the page's order",
            i + 1,
            claim.heading
        );
        assert_eq!(cells[3], claim.verdict, "row {row}: the verdict differs");
    }
    let count = |v: &str| claims.iter().filter(|c| c.verdict == v).count();
    let summary = format!(
        "Of the {} claims, {} hold, {} hold with conditions, and {} do not hold.",
        claims.len(),
        count("holds"),
        count("holds with conditions"),
        count("does not hold")
    );
    assert!(
        flat(&intro).contains(&flat(&summary)),
        "{CLAIMS} should say: {summary}"
    );
}
