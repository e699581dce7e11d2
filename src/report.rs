//! What an example prints and writes: sections of text, tables, CSV history and figures.
//!
//! An example adds to a [`Report`] as it goes and calls [`Report::finish`] at the end, so
//! bad input or a failed computation never leaves half-written figures behind, and a
//! reader piping `--csv` into `head` gets no panic.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::cli::Args;
use crate::table::{Table, num};
use crate::train::Run;

/// The prefix of a section heading line in the printed output.
pub const SECTION_PREFIX: &str = "=== ";

/// Collects an example's output and writes it all at the end.
#[derive(Debug)]
pub struct Report {
    csv: bool,
    out: PathBuf,
    text: String,
    csv_text: String,
    csv_columns: Option<Vec<String>>,
    figures: Vec<(String, String)>,
}

impl Report {
    pub fn new(args: &Args) -> Self {
        Report {
            csv: args.csv,
            out: args.out.clone(),
            text: String::new(),
            csv_text: String::new(),
            csv_columns: None,
            figures: Vec::new(),
        }
    }

    /// Start a section: a heading line `=== title ===`, preceded by a blank line.
    pub fn section(&mut self, title: &str) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text += &format!("{SECTION_PREFIX}{title} ===\n");
    }

    /// A line of text (not printed with `--csv`).
    pub fn line(&mut self, line: impl AsRef<str>) {
        self.text += line.as_ref();
        self.text.push('\n');
    }

    /// A table (not printed with `--csv`).
    pub fn table(&mut self, table: &Table) {
        self.text += &table.render();
    }

    /// Record runs for `--csv`. Every run in one report must share its parameter names,
    /// so that the CSV has one header.
    pub fn history(&mut self, runs: &[Run]) {
        for run in runs {
            let columns: Vec<String> = ["run", "step", "lr", "loss"]
                .into_iter()
                .map(String::from)
                .chain(run.param_names.iter().cloned())
                .collect();
            match &self.csv_columns {
                None => {
                    self.csv_text += &(columns.join(",") + "\n");
                    self.csv_columns = Some(columns);
                }
                Some(existing) => assert_eq!(
                    existing, &columns,
                    "all runs in one CSV must have the same parameters"
                ),
            }
            if !self.csv {
                continue; // the rows are only formatted when they will be printed
            }
            for r in &run.history {
                let mut cells = vec![
                    csv_cell(&run.label),
                    r.step.to_string(),
                    r.lr.to_string(),
                    r.loss.to_string(),
                ];
                cells.extend(r.params.iter().map(f64::to_string));
                self.csv_text += &(cells.join(",") + "\n");
            }
        }
    }

    /// A figure, written as `<out>/<name>.svg` when the report finishes.
    pub fn figure(&mut self, name: &str, svg: String) {
        self.figures.push((format!("{name}.svg"), svg));
    }

    /// Write the figures, then print the text (or the CSV). Exits with a one-line error
    /// if a figure cannot be written.
    pub fn finish(mut self) {
        if let Err(e) = self.write_figures() {
            eprintln!("error: cannot write figures to {}: {e}", self.out.display());
            std::process::exit(1);
        }
        let note = self.figure_note();
        let printed = if self.csv {
            if !note.is_empty() {
                eprint!("{note}");
            }
            self.csv_text
        } else {
            self.text += &note;
            self.text
        };
        let mut stdout = io::stdout().lock();
        match stdout
            .write_all(printed.as_bytes())
            .and_then(|_| stdout.flush())
        {
            Ok(()) => {}
            // `cargo run --example x -- --csv | head` closes the pipe early: not an error.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
            Err(e) => {
                eprintln!("error: cannot print the output: {e}");
                std::process::exit(1);
            }
        }
    }

    fn figure_note(&self) -> String {
        if self.figures.is_empty() {
            return String::new();
        }
        let names: Vec<&str> = self.figures.iter().map(|(n, _)| n.as_str()).collect();
        format!(
            "\nFigures written to {}/: {}\n",
            self.out.display(),
            names.join(", ")
        )
    }

    fn write_figures(&self) -> io::Result<()> {
        if self.figures.is_empty() {
            return Ok(());
        }
        fs::create_dir_all(&self.out)?;
        for (name, svg) in &self.figures {
            write_atomically(&self.out.join(name), svg.as_bytes())?;
        }
        Ok(())
    }
}

/// Write to a temporary file beside `path`, then rename: an interrupted run never leaves a
/// truncated figure in place of a good one.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension("svg.tmp");
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path)
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The standard summary of several runs: one row each with η, the final loss and
/// parameters, and how the run ended.
pub fn summary_table(runs: &[Run]) -> Table {
    let mut header = vec!["η".to_string(), "last step".into(), "loss".into()];
    if let Some(first) = runs.first() {
        header.extend(first.param_names.iter().cloned());
    }
    header.push("outcome".into());
    let mut table = Table::new(&header);
    for run in runs {
        let first = run.history.first();
        let last = run.last();
        let mut cells = vec![
            first.map_or("-".into(), |r| num(r.lr)),
            last.map_or("-".into(), |r| r.step.to_string()),
            last.map_or("-".into(), |r| num(r.loss)),
        ];
        for i in 0..run.param_names.len() {
            cells.push(last.map_or("-".into(), |r| num(r.params[i])));
        }
        cells.push(run.summary());
        table.row(cells);
    }
    table
}
