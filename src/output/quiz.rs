//! Quizzes whose answers are measured, written in mdbook-quiz's TOML format.
//!
//! A chapter asks its reader to predict before it shows an experiment. The questions are
//! built in `tests/suite/quizzes.rs`: each choice is marked right or wrong by running the
//! experiment it is about, and the TOML this module writes is locked as a snapshot that
//! the chapter shows with `{{#quiz snapshots/quiz-NAME.snap.toml}}`. So a quiz's answer
//! key changes, and a test fails, when the code's results change.
//!
//! The same questions also leave the browser: [`sheet`] and [`key`] write a printable quiz
//! sheet and its answer key in Markdown, and [`gift`] writes them for Moodle's question
//! bank (GIFT format); `tests/suite/quizzes.rs` locks all three beside the quizzes.
//!
//! Only mdbook-quiz's multiple-choice questions are written. Their text is Markdown, but
//! the chapters' math renderer does not reach it: write η and x² as plain characters.

use std::fmt::Write;

/// One multiple-choice question.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    id: String,
    prompt: String,
    choices: Vec<(String, bool)>,
    pick_all: bool,
    in_order: bool,
    context: Option<String>,
}

impl Question {
    /// A question with exactly one right choice (shown with radio buttons).
    pub fn pick_one(id: &str, prompt: &str) -> Self {
        Self::new(id, prompt, false)
    }

    /// A question where the reader ticks every right choice (checkboxes). The number of
    /// right choices is not given away: it may be one.
    pub fn pick_all(id: &str, prompt: &str) -> Self {
        Self::new(id, prompt, true)
    }

    fn new(id: &str, prompt: &str, pick_all: bool) -> Self {
        Question {
            id: id.into(),
            prompt: prompt.into(),
            choices: Vec::new(),
            pick_all,
            in_order: false,
            context: None,
        }
    }

    /// Add a choice; `right` is whether it is (one of) the answer(s).
    pub fn choice(mut self, text: impl Into<String>, right: bool) -> Self {
        self.choices.push((text.into(), right));
        self
    }

    /// Show the choices sorted by their text instead of shuffled (for lists of rates,
    /// which read best in order).
    pub fn in_order(mut self) -> Self {
        self.in_order = true;
        self
    }

    /// The explanation shown once the reader has answered.
    pub fn context(mut self, text: impl Into<String>) -> Self {
        self.context = Some(text.into());
        self
    }

    /// The texts of the right choices, in the order they were added.
    pub fn answers(&self) -> Vec<&str> {
        self.choices
            .iter()
            .filter(|(_, right)| *right)
            .map(|(text, _)| text.as_str())
            .collect()
    }

    /// The question's name: mdbook-quiz's id, and the question name in the GIFT export.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The question's text, without the "select every answer" line a pick-all adds.
    pub fn prompt(&self) -> &str {
        &self.prompt
    }

    /// Whether the reader ticks every right choice rather than one.
    pub fn is_pick_all(&self) -> bool {
        self.pick_all
    }

    /// The explanation shown once the reader has answered.
    pub fn explanation(&self) -> Option<&str> {
        self.context.as_deref()
    }

    /// The choices in the order a printed sheet lists them, with whether each is right.
    /// The browser shuffles them; paper needs one fixed order that does not give the key
    /// away (the builders often add the right choice first), so they are sorted by a hash
    /// of the question's id and the choice's text, the same on every machine. Questions
    /// shown in order (lists of rates) keep mdbook-quiz's order: sorted by text.
    pub fn printed_choices(&self) -> Vec<(&str, bool)> {
        let mut choices: Vec<(&str, bool)> = self
            .choices
            .iter()
            .map(|(text, right)| (text.as_str(), *right))
            .collect();
        if self.in_order {
            choices.sort_by(|a, b| a.0.cmp(b.0));
        } else {
            choices.sort_by_key(|(text, _)| fnv1a(&[self.id.as_bytes(), &[0], text.as_bytes()]));
        }
        choices
    }

    /// Why this question cannot be shown, if it cannot.
    fn problem(&self) -> Option<String> {
        let right = self.answers().len();
        let texts: Vec<&str> = self.choices.iter().map(|(t, _)| t.as_str()).collect();
        if right == 0 {
            Some("no choice is right".into())
        } else if right == self.choices.len() {
            Some("every choice is right".into())
        } else if !self.pick_all && right > 1 {
            Some(format!("{right} choices are right in a pick-one question"))
        } else if (1..texts.len()).any(|i| texts[..i].contains(&texts[i])) {
            Some("two choices have the same text".into())
        } else {
            None
        }
    }
}

/// A chapter's questions, in the order the reader meets them.
#[derive(Clone, Debug, PartialEq)]
pub struct Quiz {
    pub questions: Vec<Question>,
}

impl Quiz {
    /// A quiz of one question: a prediction asked just before the experiment shows it.
    pub fn of(question: Question) -> Self {
        Quiz {
            questions: vec![question],
        }
    }

    /// The quiz in mdbook-quiz's TOML format.
    ///
    /// # Panics
    /// If a question has no right choice, no wrong one, more than one right choice in a
    /// pick-one question, or two choices with the same text: the measurement behind the
    /// question no longer supports it, and the question must be rewritten.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(
            "# Written by tests/suite/quizzes.rs, which marks each choice by running the experiment;\n\
             # edit the questions there, not here.\n",
        );
        for q in &self.questions {
            if let Some(problem) = q.problem() {
                panic!("quiz question {}: {problem}", q.id);
            }
            let distractors: Vec<&str> = q
                .choices
                .iter()
                .filter(|(_, right)| !*right)
                .map(|(text, _)| text.as_str())
                .collect();
            let answers = q.answers();
            out.push_str("\n[[questions]]\n");
            let _ = writeln!(out, "id = {}", string(&q.id));
            out.push_str("type = \"MultipleChoice\"\n");
            let prompt = if q.pick_all {
                format!("{}\n\n*Select every answer that applies.*", q.prompt)
            } else {
                q.prompt.clone()
            };
            let _ = writeln!(out, "prompt.prompt = {}", string(&prompt));
            let _ = writeln!(out, "prompt.distractors = {}", list(&distractors));
            if q.in_order {
                out.push_str("prompt.sortAnswers = true\n");
            }
            let answer = if q.pick_all {
                list(&answers)
            } else {
                string(answers[0])
            };
            let _ = writeln!(out, "answer.answer = {answer}");
            if let Some(context) = &q.context {
                let _ = writeln!(out, "context = {}", string(context));
            }
        }
        out
    }
}

/// A TOML basic string: quoted, with backslashes, quotes and control characters escaped.
fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|t| string(t)).collect();
    format!("[{}]", items.join(", "))
}

/// One chapter's questions for the printed sheet, its key and the GIFT export: the
/// chapter's title and its questions in the order the chapter asks them.
#[derive(Clone, Debug, PartialEq)]
pub struct Chapter {
    pub title: String,
    pub questions: Vec<Question>,
}

/// Every question of `chapters`, numbered from 1 across the book, with its chapter's title.
fn numbered(chapters: &[Chapter]) -> Vec<(usize, &str, &Question)> {
    let mut out = Vec::new();
    for chapter in chapters {
        for q in &chapter.questions {
            if let Some(problem) = q.problem() {
                panic!("quiz question {}: {problem}", q.id);
            }
            out.push((out.len() + 1, chapter.title.as_str(), q));
        }
    }
    out
}

/// The letter of the `i`-th printed choice: A, B, C, …
fn letter(i: usize) -> char {
    char::from(b'A' + u8::try_from(i).expect("fewer than 26 choices"))
}

/// Text for an HTML block, where Markdown is not read: `&`, `<` and `>` escaped.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A printable quiz sheet in Markdown: every question with its lettered choices, and no
/// answers. A heading per chapter; questions numbered across the book as in [`key`].
pub fn sheet(chapters: &[Chapter]) -> String {
    let mut out = String::new();
    let mut last = "";
    for (number, title, q) in numbered(chapters) {
        if title != last {
            let _ = writeln!(out, "## {title}\n");
            last = title;
        }
        let how = if q.pick_all {
            "Tick every answer that applies."
        } else {
            "Tick one answer."
        };
        let _ = writeln!(out, "**{number}.** {} *{how}*\n", q.prompt);
        out.push_str("<ol type=\"A\" class=\"quiz-choices\">\n");
        for (text, _) in q.printed_choices() {
            let _ = writeln!(out, "<li>{}</li>", html(text));
        }
        out.push_str("</ol>\n\n");
    }
    out
}

/// The answer key of [`sheet`] in Markdown: each question's right letters and choices, and
/// the explanation the book shows once a reader has answered.
pub fn key(chapters: &[Chapter]) -> String {
    let mut out = String::new();
    let mut last = "";
    for (number, title, q) in numbered(chapters) {
        if title != last {
            let _ = writeln!(out, "## {title}\n");
            last = title;
        }
        let right: Vec<(char, &str)> = q
            .printed_choices()
            .into_iter()
            .enumerate()
            .filter(|(_, (_, right))| *right)
            .map(|(i, (text, _))| (letter(i), text))
            .collect();
        let letters: Vec<String> = right.iter().map(|(l, _)| l.to_string()).collect();
        let texts: Vec<&str> = right.iter().map(|(_, t)| *t).collect();
        let _ = writeln!(
            out,
            "**{number}. {}**: {}. <small>(`{}`)</small>\n",
            letters.join(", "),
            texts.join("; "),
            q.id
        );
        if let Some(context) = &q.context {
            let _ = writeln!(out, "{context}\n");
        }
    }
    out
}

/// Text escaped for GIFT: a backslash before each of `~ = # { } :` and before a backslash,
/// and line breaks written as `\n` (a blank line ends a question).
pub fn gift_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// A GIFT weight: a percentage with at most five decimals, as Moodle writes 100/3.
fn weight(percent: f64) -> String {
    let text = format!("{percent:.5}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Every question of `chapters` in Moodle's GIFT format, for a question bank's import.
///
/// A pick-one question lists its right choice with `=` and the others with `~`. A
/// pick-all question becomes Moodle's multiple-answer question: each right choice is worth
/// 100/k percent of the mark (k right choices) and each wrong one takes away 100/m percent
/// (m wrong ones), so ticking everything earns nothing. Choices are in the printed sheet's
/// order, and the book's explanation is the general feedback (`####`). Text is Markdown.
pub fn gift(chapters: &[Chapter]) -> String {
    let mut out = String::from(
        "// Written by tests/suite/quizzes.rs from the book's quizzes, whose answers it marks\n\
         // by running the experiments. Import in Moodle: Question bank, Import, GIFT format.\n",
    );
    let mut last = "";
    for (_, title, q) in numbered(chapters) {
        if title != last {
            let _ = writeln!(out, "\n// {title}");
            last = title;
        }
        let prompt = if q.pick_all {
            format!("{}\n\n*Select every answer that applies.*", q.prompt)
        } else {
            q.prompt.clone()
        };
        let _ = writeln!(
            out,
            "\n::{}::[markdown]{} {{",
            gift_escape(&q.id),
            gift_escape(&prompt)
        );
        let right = q.answers().len() as f64;
        let wrong = q.choices.len() as f64 - right;
        for (text, is_right) in q.printed_choices() {
            let mark = match (q.pick_all, is_right) {
                (false, true) => "=".to_string(),
                (false, false) => "~".to_string(),
                (true, true) => format!("~%{}%", weight(100.0 / right)),
                (true, false) => format!("~%-{}%", weight(100.0 / wrong)),
            };
            let _ = writeln!(out, "\t{mark}{}", gift_escape(text));
        }
        if let Some(context) = &q.context {
            let _ = writeln!(out, "\t####{}", gift_escape(context));
        }
        out.push_str("}\n");
    }
    out
}

/// FNV-1a, 64 bits, over the concatenated `parts`: a fixed, portable hash.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in parts.iter().flat_map(|p| p.iter()) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_quotes_backslashes_and_newlines() {
        assert_eq!(string("a \"b\" \\ c\nd"), r#""a \"b\" \\ c\nd""#);
    }

    #[test]
    fn a_pick_one_question_writes_its_answer_as_a_string_and_a_pick_all_as_a_list() {
        let quiz = Quiz {
            questions: vec![
                Question::pick_one("one", "Which?")
                    .choice("a", true)
                    .choice("b", false),
                Question::pick_all("all", "Which?")
                    .choice("a", true)
                    .choice("b", false)
                    .in_order(),
            ],
        };
        let toml = quiz.to_toml();
        assert!(toml.contains("answer.answer = \"a\"\n"), "{toml}");
        assert!(toml.contains("answer.answer = [\"a\"]\n"), "{toml}");
        assert_eq!(toml.matches("prompt.sortAnswers = true").count(), 1);
    }

    #[test]
    #[should_panic(expected = "quiz question q: 2 choices are right in a pick-one question")]
    fn a_pick_one_question_with_two_right_choices_is_refused() {
        let q = Question::pick_one("q", "Which?")
            .choice("a", true)
            .choice("b", true)
            .choice("c", false);
        Quiz { questions: vec![q] }.to_toml();
    }

    #[test]
    #[should_panic(expected = "every choice is right")]
    fn a_question_without_a_wrong_choice_is_refused() {
        let q = Question::pick_all("q", "Which?").choice("a", true);
        Quiz { questions: vec![q] }.to_toml();
    }

    #[test]
    fn gift_escapes_its_special_characters() {
        assert_eq!(
            gift_escape("η = 0.1: {a} ~b #c \\ d\ne"),
            "η \\= 0.1\\: \\{a\\} \\~b \\#c \\\\ d\\ne"
        );
    }

    #[test]
    fn gift_weights_a_pick_all_question_so_that_ticking_everything_earns_nothing() {
        let q = Question::pick_all("q", "Which?")
            .choice("a", true)
            .choice("b", true)
            .choice("c", true)
            .choice("d", false)
            .in_order();
        let gift = gift(&[Chapter {
            title: "T".into(),
            questions: vec![q],
        }]);
        assert_eq!(gift.matches("~%33.33333%").count(), 3, "{gift}");
        assert!(gift.contains("\t~%-100%d\n"), "{gift}");
    }
}
