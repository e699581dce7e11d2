//! The classroom's set-up files outside the book (the devcontainer a student opens in a
//! cloud environment when the install on their laptop fails), the lesson plan's clock, and
//! the book's two editions (scripts/build-book.sh): what the student edition leaves out is
//! marked in the sources.

use std::fs;
use std::path::Path;

/// A JSON value, as far as these checks need one.
#[derive(Debug, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            Json::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// A strict JSON reader (RFC 8259, no comments and no trailing commas, which some
/// devcontainer tools accept but `python3 -m json.tool` does not): the value, or where it
/// stops being JSON.
fn parse_json(text: &str) -> Result<Json, String> {
    let mut p = Reader {
        s: text.as_bytes(),
        i: 0,
    };
    let value = p.value()?;
    p.space();
    if p.i != p.s.len() {
        return Err(format!("text after the value at byte {}", p.i));
    }
    Ok(value)
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn space(&mut self) {
        while self.i < self.s.len() && b" \t\r\n".contains(&self.s[self.i]) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Result<(), String> {
        self.space();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!("expected {:?} at byte {}", c as char, self.i))
        }
    }

    fn value(&mut self) -> Result<Json, String> {
        self.space();
        let rest = &self.s[self.i..];
        for (word, value) in [
            ("null", Json::Null),
            ("true", Json::Bool(true)),
            ("false", Json::Bool(false)),
        ] {
            if rest.starts_with(word.as_bytes()) {
                self.i += word.len();
                return Ok(value);
            }
        }
        match rest.first() {
            Some(b'"') => self.string().map(Json::Text),
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.space();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Json::List(items));
                }
                loop {
                    items.push(self.value()?);
                    self.space();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::List(items));
                        }
                        _ => return Err(format!("expected , or ] at byte {}", self.i)),
                    }
                }
            }
            Some(b'{') => {
                self.i += 1;
                let mut fields = Vec::new();
                self.space();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Json::Object(fields));
                }
                loop {
                    self.space();
                    let key = self.string()?;
                    self.eat(b':')?;
                    fields.push((key, self.value()?));
                    self.space();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Object(fields));
                        }
                        _ => return Err(format!("expected , or }} at byte {}", self.i)),
                    }
                }
            }
            Some(c) if *c == b'-' || c.is_ascii_digit() => {
                let start = self.i;
                while self.i < self.s.len() && b"+-.eE0123456789".contains(&self.s[self.i]) {
                    self.i += 1;
                }
                let number = std::str::from_utf8(&self.s[start..self.i]).expect("ASCII");
                number
                    .parse()
                    .map(Json::Number)
                    .map_err(|_| format!("bad number {number:?} at byte {start}"))
            }
            _ => Err(format!("no JSON value at byte {}", self.i)),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.eat(b'"')?;
        let mut out = Vec::new();
        loop {
            match self.s.get(self.i) {
                None => return Err("unterminated string".into()),
                Some(b'"') => {
                    self.i += 1;
                    return String::from_utf8(out).map_err(|e| e.to_string());
                }
                Some(b'\\') => {
                    let escaped = match self.s.get(self.i + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'n') => '\n',
                        Some(b't') => '\t',
                        Some(b'r') => '\r',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        _ => return Err(format!("unsupported escape at byte {}", self.i)),
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(escaped.encode_utf8(&mut buf).as_bytes());
                    self.i += 2;
                }
                Some(c) if *c < 0x20 => {
                    return Err(format!("control character at byte {}", self.i));
                }
                Some(c) => {
                    out.push(*c);
                    self.i += 1;
                }
            }
        }
    }
}

#[test]
fn json_reader_accepts_json_and_refuses_comments_and_trailing_commas() {
    assert_eq!(
        parse_json(r#"{"a": [1, -2.5e3, true, null], "b": "x\"y"}"#)
            .unwrap()
            .get("b"),
        Some(&Json::Text("x\"y".into()))
    );
    assert!(parse_json("{\"a\": 1,}").is_err());
    assert!(parse_json("{\"a\": 1} // note").is_err());
    assert!(parse_json("[1, 2").is_err());
}

#[test]
fn the_devcontainer_is_json_on_the_rust_image_and_builds_the_examples_with_a_new_enough_rust() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = fs::read_to_string(root.join(".devcontainer/devcontainer.json")).unwrap();
    let config = parse_json(&text).unwrap_or_else(|e| panic!("devcontainer.json: {e}"));
    let image = config.get("image").and_then(Json::text).expect("an image");
    assert!(
        image.starts_with("mcr.microsoft.com/devcontainers/rust:"),
        "the official Rust devcontainer image, not {image}"
    );
    // The image's tag is the image's version, not Rust's, and its default toolchain may be
    // a fixed older release: an image built before Rust 1.88 (the crate's rust-version)
    // would fail, so the container installs the newest stable Rust and makes it the default
    // before it builds.
    let setup = config
        .get("postCreateCommand")
        .and_then(Json::text)
        .expect("a postCreateCommand");
    let update = setup.find("rustup update stable").expect("updates Rust");
    let default = setup
        .find("rustup default stable")
        .expect("uses the new Rust");
    let build = setup
        .find("cargo build --examples")
        .expect("builds the examples");
    assert!(
        update < default && default < build,
        "Rust is updated and made the default before the build: {setup}"
    );
    let opened = config
        .get("customizations")
        .and_then(|c| c.get("codespaces"))
        .and_then(|c| c.get("openFiles"));
    if let Some(Json::List(files)) = opened {
        for file in files {
            let file = file.text().expect("a path");
            assert!(
                root.join(file).exists(),
                "Codespaces opens {file}, which is missing"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// The lesson plan's clock: a 60-minute core with its slack stated, 15-minute modules, and
// every vote, discussion and board derivation given its time.

/// A section of the lesson plan whose heading ends in "(N minutes)": its heading, N, the
/// rows (minutes, what) of its budget table (`| min | what |`), and its text.
struct Timed {
    heading: String,
    minutes: u32,
    budget: Vec<(u32, String)>,
    text: String,
}

fn lesson_plan() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("book/teaching/lesson_plan.md"))
        .unwrap()
}

/// The minutes a heading gives in its last parenthesis: "… (12 minutes)".
fn heading_minutes(heading: &str) -> Option<u32> {
    let inside = heading.strip_suffix(" minutes)")?.rsplit('(').next()?;
    inside.parse().ok()
}

/// The rows of the first table of a text whose first cell is a whole number.
fn table_rows(text: &str) -> Vec<(u32, Vec<String>)> {
    text.lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| {
            let cells: Vec<String> = l
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect();
            Some((cells[0].parse().ok()?, cells[1..].to_vec()))
        })
        .collect()
}

fn timed_sections(plan: &str) -> Vec<Timed> {
    plan.split("\n## ")
        .skip(1)
        .filter_map(|section| {
            let (heading, text) = section.split_once('\n')?;
            let minutes = heading_minutes(heading)?;
            let budget = table_rows(text)
                .into_iter()
                .map(|(m, cells)| (m, cells.join(" ")))
                .collect();
            Some(Timed {
                heading: heading.to_string(),
                minutes,
                budget,
                text: text.to_string(),
            })
        })
        .collect()
}

#[test]
fn the_lesson_plans_core_fills_sixty_minutes_with_its_slack_stated() {
    let plan = lesson_plan();
    let glance = plan
        .split("\n## The core at a glance\n")
        .nth(1)
        .expect("a section \"The core at a glance\"");
    let glance = glance.split("\n## ").next().unwrap();
    let rows = table_rows(glance);
    let total: u32 = rows.iter().map(|(m, _)| m).sum();
    assert_eq!(
        total, 60,
        "the core's rows add up to {total} minutes, not 60"
    );
    let slack = rows
        .iter()
        .find(|(_, cells)| cells[0] == "Slack")
        .expect("the core states its slack as a row");
    assert!(slack.0 >= 5, "the core keeps at least 5 minutes of slack");
    let sum = rows
        .iter()
        .map(|(m, _)| m.to_string())
        .collect::<Vec<_>>()
        .join(" + ");
    assert!(
        glance.contains(&format!("Total: {sum} = 60 minutes.")),
        "the core table should end with: Total: {sum} = 60 minutes."
    );
    // Every numbered segment has its own section, with the minutes the table gives it.
    let sections = timed_sections(&plan);
    let segments: Vec<&(u32, Vec<String>)> = rows
        .iter()
        .filter(|(_, c)| c[0].starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    for (minutes, cells) in &segments {
        let section = sections
            .iter()
            .find(|s| s.heading.starts_with(&format!("{} (", cells[0])))
            .unwrap_or_else(|| panic!("no section \"## {} ({minutes} minutes)\"", cells[0]));
        assert_eq!(section.minutes, *minutes, "{}", section.heading);
    }
    let numbered = sections
        .iter()
        .filter(|s| s.heading.starts_with(|c: char| c.is_ascii_digit()))
        .count();
    assert_eq!(
        numbered,
        segments.len(),
        "every core segment is in the table"
    );
}

#[test]
fn every_module_of_the_lesson_plan_takes_fifteen_minutes() {
    let sections = timed_sections(&lesson_plan());
    let modules: Vec<&Timed> = sections
        .iter()
        .filter(|s| s.heading.starts_with("Module "))
        .collect();
    assert!(!modules.is_empty(), "the plan has modules");
    for module in modules {
        assert_eq!(module.minutes, 15, "{}", module.heading);
    }
}

/// The chapters a table of the lesson plan links, row by row: (first cell, page), for the
/// rows whose first cell passes `keep`.
fn linked_chapters(table: &str, keep: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    table
        .lines()
        .filter(|l| l.starts_with('|'))
        .filter_map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            let first = cells.first()?;
            let page = cells
                .iter()
                .find_map(|c| c.split("](../").nth(1))?
                .split(')')
                .next()?;
            keep(first).then(|| (first.to_string(), page.to_string()))
        })
        .collect()
}

#[test]
fn every_chapter_after_the_core_has_one_module_with_its_own_section() {
    // "One module per further chapter": every chapter SUMMARY.md lists that the core's
    // table does not teach is in the modules table once, and each module has a section.
    let plan = lesson_plan();
    let core = plan
        .split("\n## The core at a glance\n")
        .nth(1)
        .and_then(|t| t.split("\n**The modules**").next())
        .expect("the core's table, then the modules'");
    let core: Vec<String> = linked_chapters(core, |_| true)
        .into_iter()
        .map(|(_, page)| page)
        .collect();
    let modules = linked_chapters(&plan, |first| {
        first.len() > 3 && first.as_bytes()[1] == b'.' && first.as_bytes()[0].is_ascii_uppercase()
    });
    let summary =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("book/SUMMARY.md")).unwrap();
    let chapters: Vec<(&str, &str)> = summary
        .lines()
        .filter_map(|l| l.strip_prefix("- ["))
        .filter_map(|l| l.split_once("]("))
        .map(|(title, rest)| (title, rest.split(')').next().unwrap()))
        .filter(|(_, page)| !page.starts_with("teaching/"))
        .collect();
    assert!(core.len() >= 3, "the core teaches chapters: {core:?}");
    for (title, page) in chapters
        .iter()
        .filter(|(_, p)| !core.iter().any(|c| c == p))
    {
        let rows: Vec<&(String, String)> = modules.iter().filter(|(_, p)| p == page).collect();
        assert_eq!(
            rows.len(),
            1,
            "{page} ({title}) needs one row in the modules table"
        );
        // The row "A. The update rule by hand" has the section "## Module A: The update …".
        let heading = format!("Module {}", rows[0].0.replacen(". ", ": ", 1));
        assert!(
            plan.contains(&format!("\n## {heading} (")),
            "{title}: no section \"## {heading} (15 minutes)\""
        );
    }
    for (first, page) in &modules {
        assert!(
            chapters.iter().any(|(_, p)| p == page),
            "module {first} teaches {page}, which SUMMARY.md does not list"
        );
    }
}

/// The quiz sheet's questions as (number, name): the answer key prints each number with the
/// question's name, which is also its name in the GIFT export (tests/suite/quizzes.rs
/// writes the sheet, the key and the export from the same list).
fn quiz_sheet_names() -> Vec<(u32, String)> {
    let key = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("book/snapshots/quizzes-key.snap.md"),
    )
    .unwrap();
    key.lines()
        .filter_map(|l| {
            let (number, rest) = l.strip_prefix("**")?.split_once('.')?;
            let name = rest.split("<small>(`").nth(1)?.split('`').next()?;
            Some((number.parse().ok()?, name.to_string()))
        })
        .collect()
}

/// Every "question N of the quiz sheet" a page cites, with the name in backticks that must
/// follow it ("question 18 of the quiz sheet (`scaling-width`)"), or None if it has none.
fn quiz_sheet_citations(text: &str) -> Vec<(u32, Option<String>)> {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = flat.to_lowercase();
    let mut found = Vec::new();
    for (at, _) in lower.match_indices("question ") {
        let rest = &flat[at + "question ".len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let Some(rest) = rest[digits.len()..].strip_prefix(" of the quiz sheet") else {
            continue;
        };
        let name = rest
            .trim_start_matches([' ', '(', ','])
            .strip_prefix('`')
            .and_then(|r| r.split('`').next())
            .map(String::from);
        found.push((digits.parse().expect("a question number"), name));
    }
    found
}

#[test]
fn quiz_sheet_citations_need_the_name_of_the_question_they_mean() {
    assert_eq!(
        quiz_sheet_citations(
            "Question 18 of the quiz\nsheet (`scaling-width`); question 4 of the quiz sheet."
        ),
        [(18, Some("scaling-width".to_string())), (4, None)]
    );
}

#[test]
fn every_quiz_sheet_question_a_page_cites_is_the_question_it_names() {
    // A chapter added before the end of the book renumbers the questions after it; the
    // name beside each number catches the shift.
    let names = quiz_sheet_names();
    assert!(names.len() >= 20, "the key lists every question: {names:?}");
    let mut failures = Vec::new();
    let mut cited = 0;
    for (path, text) in book_markdown()
        .into_iter()
        .filter(|(p, _)| !p.contains("/snapshots/"))
    {
        for (number, name) in quiz_sheet_citations(&text) {
            cited += 1;
            let actual = names.iter().find(|(n, _)| *n == number).map(|(_, q)| q);
            match (name, actual) {
                (_, None) => {
                    failures.push(format!("{path}: the quiz sheet has no question {number}"))
                }
                (None, Some(q)) => failures.push(format!(
                    "{path}: question {number} of the quiz sheet needs its name: (`{q}`)"
                )),
                (Some(name), Some(q)) if name != *q => {
                    let right = names.iter().find(|(_, n)| *n == name).map(|(n, _)| *n);
                    failures.push(format!(
                        "{path}: question {number} of the quiz sheet is `{q}`, not `{name}` (question {right:?})"
                    ));
                }
                _ => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        cited >= 10,
        "the lesson plan cites the quiz sheet's questions"
    );
}

#[test]
fn every_segment_and_module_budgets_exactly_its_minutes() {
    for section in timed_sections(&lesson_plan()) {
        let sum: u32 = section.budget.iter().map(|(m, _)| m).sum();
        assert_eq!(
            sum, section.minutes,
            "{}: its budget table adds up to {sum}",
            section.heading
        );
    }
}

#[test]
fn every_vote_discussion_and_board_derivation_in_the_plan_has_its_minutes_budgeted() {
    // A vote of 60 students takes 1–2 minutes: each is budgeted 2, and the text asks as many
    // votes as the budget counts; so with discussions and board work.
    for section in timed_sections(&lesson_plan()) {
        let heading = &section.heading;
        let votes: Vec<u32> = section
            .budget
            .iter()
            .filter(|(_, what)| what.starts_with("Vote"))
            .map(|(m, _)| *m)
            .collect();
        assert!(
            votes.iter().all(|m| *m >= 2),
            "{heading}: a vote is budgeted 2 minutes"
        );
        assert_eq!(
            section.text.matches("(vote, 2 minutes)").count(),
            votes.len(),
            "{heading}: the text asks a different number of votes than the budget counts"
        );
        for (label, row) in [("**Board (", "Board"), ("**Discussion (", "Discussion")] {
            for rest in section.text.split(label).skip(1) {
                let minutes: u32 = rest
                    .split(' ')
                    .next()
                    .and_then(|m| m.parse().ok())
                    .unwrap_or_else(|| panic!("{heading}: {label}N minutes)"));
                assert!(
                    section
                        .budget
                        .iter()
                        .any(|(m, what)| what.starts_with(row) && *m == minutes),
                    "{heading}: {row} takes {minutes} minutes in the text but not in the budget"
                );
            }
        }
    }
}

/// Every Markdown file under book/ (pages and the snapshots they include), as (path, text).
fn book_markdown() -> Vec<(String, String)> {
    fn walk(dir: &Path, found: &mut Vec<(String, String)>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "md") {
                let text = fs::read_to_string(&path).unwrap();
                found.push((path.display().to_string(), text));
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("book"),
        &mut found,
    );
    found.sort();
    found
}

const OPEN: &str = "<!-- instructor -->";
const CLOSE: &str = "<!-- /instructor -->";

/// For each line of a page, whether it lies inside an instructor block (markers included),
/// or the first problem with the page's markers. Lines inside code fences are never markers.
fn instructor_lines(text: &str) -> Result<Vec<bool>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let blank = |k: Option<usize>| {
        k.and_then(|k| lines.get(k))
            .is_none_or(|l| l.trim().is_empty())
    };
    let mut inside = Vec::with_capacity(lines.len());
    let (mut open, mut fence) = (None, false);
    for (k, line) in lines.iter().enumerate() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
        }
        let marker = !fence && (line.trim() == OPEN || line.trim() == CLOSE);
        let squeezed: String = line.to_lowercase().split_whitespace().collect();
        if !fence && !marker && squeezed.contains("instructor-->") {
            return Err(format!(
                "line {}: {line:?} looks like a marker but is not one: the student edition would keep the block",
                k + 1
            ));
        }
        if marker {
            if *line != line.trim() {
                return Err(format!(
                    "line {}: a marker starts at the margin, alone on its line",
                    k + 1
                ));
            }
            if !blank(k.checked_sub(1)) || !blank(Some(k + 1)) {
                return Err(format!(
                    "line {}: a marker needs a blank line before and after it (else it is not a block of its own on the page)",
                    k + 1
                ));
            }
            match (open, *line == OPEN) {
                (Some(start), true) => {
                    return Err(format!(
                        "line {}: a block opens inside the block opened on line {start}",
                        k + 1
                    ));
                }
                (None, false) => {
                    return Err(format!("line {}: a block closes that never opened", k + 1));
                }
                (None, true) => open = Some(k + 1),
                (Some(_), false) => {
                    inside.push(true);
                    open = None;
                    continue;
                }
            }
        }
        inside.push(open.is_some());
    }
    match open {
        Some(start) => Err(format!("the block opened on line {start} never closes")),
        None => Ok(inside),
    }
}

/// The pages SUMMARY.md marks as the instructor's: the student edition leaves them out.
fn instructor_pages() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let summary = fs::read_to_string(root.join("book/SUMMARY.md")).unwrap();
    summary
        .lines()
        .filter_map(|line| {
            let (title, rest) = line.split_once("](")?;
            let page = rest.split(')').next()?;
            title
                .trim_end()
                .ends_with("(instructor)")
                .then(|| page.to_string())
        })
        .collect()
}

#[test]
fn instructor_blocks_pair_up_without_nesting_on_every_page() {
    let mut failures = Vec::new();
    let mut blocks = 0;
    for (path, text) in book_markdown() {
        match instructor_lines(&text) {
            Ok(_) => blocks += text.lines().filter(|l| *l == OPEN).count(),
            Err(e) => failures.push(format!("{path}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(blocks > 0, "no instructor blocks at all");
    // The markers are unit-tested on made-up pages too.
    let page = |body: &str| instructor_lines(body).map(|v| v.iter().filter(|b| **b).count());
    assert_eq!(
        page("a\n\n<!-- instructor -->\n\nb\n\n<!-- /instructor -->\n\nc"),
        Ok(5)
    );
    assert!(page("<!-- instructor -->\n\n<!-- instructor -->\n\n<!-- /instructor -->").is_err());
    assert!(page("<!-- /instructor -->").is_err());
    assert!(page("<!-- instructor -->\n\nb").is_err());
    assert!(page("a\n<!-- instructor -->\n\nb\n\n<!-- /instructor -->").is_err());
    assert!(page("<!--instructor-->\n\nb").is_err());
    assert_eq!(page("```\n<!-- instructor -->\n```"), Ok(0));
}

#[test]
fn every_solution_and_speaker_note_sits_in_an_instructor_block() {
    let instructor = instructor_pages();
    let student = |path: &str| {
        !instructor
            .iter()
            .any(|p| path.ends_with(&format!("book/{p}")))
    };
    let folded = ["solution", "speaker notes", "answer", "exit ticket", "key"];
    let mut failures = Vec::new();
    let mut checked = 0;
    for (path, text) in book_markdown().into_iter().filter(|(p, _)| student(p)) {
        let inside = instructor_lines(&text).unwrap_or_default();
        // The sections "Solutions" and "Speaker notes": their headings and all they fold.
        let instructors = |line: &str| {
            let lower = line.to_lowercase();
            lower.contains("solution") || lower.contains("speaker notes")
        };
        let mut in_instructors_section = false;
        for (k, line) in text.lines().enumerate() {
            let hidden = inside.get(k).copied().unwrap_or(false);
            if line.starts_with("## ") {
                in_instructors_section = instructors(line);
            }
            let heading = line.starts_with('#') && instructors(line);
            let summary = line.contains("<summary>") && {
                let lower = line.to_lowercase();
                folded.iter().any(|w| lower.contains(w))
            };
            let in_section = in_instructors_section && line.contains("<details>");
            if heading || summary || in_section {
                checked += 1;
                if !hidden {
                    failures.push(format!(
                        "{path}:{}: {line:?} is outside an instructor block: students would see it",
                        k + 1
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 0, "no solutions or speaker notes found");
}

#[test]
fn the_lesson_plan_the_offline_classroom_and_the_quiz_key_are_instructor_pages() {
    let pages = instructor_pages();
    for page in [
        "teaching/lesson_plan.md",
        "teaching/offline.md",
        "teaching/quiz_key.md",
    ] {
        assert!(
            pages.iter().any(|p| p == page),
            "{page}'s title in SUMMARY.md must end in (instructor): {pages:?}"
        );
    }
}
