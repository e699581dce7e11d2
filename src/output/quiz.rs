//! Quizzes whose answers are measured, written in mdbook-quiz's TOML format.
//!
//! A chapter asks its reader to predict before it shows an experiment. The questions are
//! built in `tests/suite/quizzes.rs`: each choice is marked right or wrong by running the
//! experiment it is about, and the TOML this module writes is locked as a snapshot that
//! the chapter shows with `{{#quiz snapshots/quiz-NAME.snap.toml}}`. So a quiz's answer
//! key changes, and a test fails, when the code's results change.
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
}
