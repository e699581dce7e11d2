//! What an example prints and writes: sections of text, tables, CSV history and figures.
//!
//! An example adds to a [`Report`] as it goes and calls [`Report::finish`] at the end, so
//! bad input or a failed computation never leaves half-written figures behind, and a
//! reader piping `--csv` into `head` gets no panic.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::numfmt::exact;
use crate::output::flags::Args;
use crate::output::table::{Table, width};
use crate::output::{exit_with, fail, note, print_out};
use crate::train::{Record, Run};

/// The prefix of a section heading line in the printed output.
pub const SECTION_PREFIX: &str = "=== ";

/// One CSV row: a schedule printed on its own has a rate but no loss or parameters.
#[derive(Clone, Debug)]
struct CsvRow {
    step: usize,
    lr: f64,
    loss: Option<f64>,
    params: Vec<f64>,
}

impl From<&Record> for CsvRow {
    fn from(r: &Record) -> Self {
        CsvRow {
            step: r.step,
            lr: r.lr,
            loss: Some(r.loss),
            params: r.params.to_vec(),
        }
    }
}

/// One run of the CSV: its label, parameter names, rows, and how it ended (written in the
/// `outcome` cell of its last row; empty for a schedule printed on its own).
#[derive(Clone, Debug)]
struct CsvRun {
    label: String,
    params: Vec<String>,
    rows: Vec<CsvRow>,
    outcome: String,
}

/// Collects an example's output and writes it all at the end.
#[derive(Debug)]
pub struct Report {
    csv: bool,
    out: PathBuf,
    text: String,
    /// `--csv` only: every recorded run as (experiment and run label, parameter names, rows,
    /// how the run ended).
    csv_runs: Vec<CsvRun>,
    figures: Vec<(String, String)>,
}

impl Report {
    /// A report for these arguments. An `--out` that cannot be a folder (it, or a folder
    /// above it, is a file) is bad input, reported at once (exit code 2). The folder itself
    /// is only created when a figure is written, so a section that draws none needs no
    /// writable folder.
    pub fn new(args: &Args) -> Self {
        if let Err(why) = check_folder(&args.out) {
            fail(format!("error: --out: {why} (see --help)"));
        }
        Report {
            csv: args.csv,
            out: args.out.clone(),
            text: String::new(),
            csv_runs: Vec::new(),
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

    /// A line of text (not printed with `--csv`). A line wider than [`width()`] is broken at
    /// spaces, its continuation indented two spaces more, so it fits a projector as the
    /// tables do; every word stays whole.
    pub fn line(&mut self, line: impl AsRef<str>) {
        for line in line.as_ref().split('\n') {
            for part in fit(line, width()) {
                self.text += &part;
                self.text.push('\n');
            }
        }
    }

    /// A table (not printed with `--csv`).
    pub fn table(&mut self, table: &Table) {
        self.text += &table.render();
    }

    /// Record runs for `--csv` under the name of their experiment: the CSV's `run` column
    /// reads `<experiment> <run label>`, e.g. `sweep η=0.1`.
    pub fn history(&mut self, experiment: &str, runs: &[Run]) {
        if !self.csv {
            return; // rows are only kept when they will be printed
        }
        for run in runs {
            self.csv_runs.push(CsvRun {
                label: format!("{experiment} {}", run.label),
                params: run.param_names.clone(),
                rows: run.history.iter().map(CsvRow::from).collect(),
                outcome: run.summary(),
            });
        }
    }

    /// [`Report::history`] with more columns after the parameters: `columns` names them,
    /// and `values[r][i]` holds run r's values at its row i (a row without them leaves the
    /// cells empty), e.g. a layer's weight norm along a run.
    pub fn history_with(
        &mut self,
        experiment: &str,
        runs: &[Run],
        columns: &[&str],
        values: &[Vec<Vec<f64>>],
    ) {
        if !self.csv {
            return;
        }
        for (r, run) in runs.iter().enumerate() {
            let mut params = run.param_names.clone();
            params.extend(columns.iter().map(|c| c.to_string()));
            let rows = run
                .history
                .iter()
                .enumerate()
                .map(|(i, record)| {
                    let mut row = CsvRow::from(record);
                    let extra = values.get(r).and_then(|v| v.get(i));
                    row.params.extend(
                        (0..columns.len())
                            .map(|c| extra.and_then(|e| e.get(c)).copied().unwrap_or(f64::NAN)),
                    );
                    row
                })
                .collect();
            self.csv_runs.push(CsvRun {
                label: format!("{experiment} {}", run.label),
                params,
                rows,
                outcome: run.summary(),
            });
        }
    }

    /// Record a curve that is not a [`Run`] for `--csv`: at each step a rate and a loss,
    /// no parameters, and `outcome` on the last row (e.g. the range test's raw and
    /// smoothed loss).
    pub fn curve(&mut self, label: &str, lrs: &[f64], losses: &[f64], outcome: &str) {
        if !self.csv {
            return;
        }
        let rows = lrs
            .iter()
            .zip(losses)
            .enumerate()
            .map(|(step, (&lr, &loss))| CsvRow {
                step,
                lr,
                loss: Some(loss),
                params: Vec::new(),
            })
            .collect();
        self.csv_runs.push(CsvRun {
            label: label.to_string(),
            params: Vec::new(),
            rows,
            outcome: outcome.to_string(),
        });
    }

    /// Record a learning-rate schedule on its own for `--csv`: `step` and `lr`, with the
    /// loss and parameter cells empty.
    pub fn lr_history(&mut self, label: &str, lrs: &[f64]) {
        if !self.csv {
            return;
        }
        let rows = lrs
            .iter()
            .enumerate()
            .map(|(step, &lr)| CsvRow {
                step,
                lr,
                loss: None,
                params: Vec::new(),
            })
            .collect();
        self.csv_runs.push(CsvRun {
            label: label.to_string(),
            params: Vec::new(),
            rows,
            outcome: String::new(),
        });
    }

    /// A figure, written as `<out>/<name>.svg` when the report finishes. A second figure
    /// of the same name replaces the first, so each file is written and named once.
    pub fn figure(&mut self, name: &str, svg: String) {
        let file = format!("{name}.svg");
        self.figures.retain(|(f, _)| *f != file);
        self.figures.push((file, svg));
    }

    /// The frames of one of the book's learning-rate sliders, as (rate, figure) pairs:
    /// figure `slider_NN` for the NN-th rate, then the line naming the rates, which the
    /// page's slider lists too (tests/suite/book.rs checks that they agree).
    pub fn slider(&mut self, frames: impl IntoIterator<Item = (String, String)>) {
        let mut rates = Vec::new();
        for (i, (rate, svg)) in frames.into_iter().enumerate() {
            self.figure(&format!("slider_{i:02}"), svg);
            rates.push(rate);
        }
        // The rates are one list without spaces, as the page's slider gives them: a long
        // list breaks after a comma, its continuation indented.
        let mut lines = vec![String::from("slider figures for η = ")];
        for (i, rate) in rates.iter().enumerate() {
            let comma = if i + 1 < rates.len() { "," } else { "" };
            let last = lines.last_mut().expect("one line at least");
            if i > 0 && last.chars().count() + rate.chars().count() + comma.len() > width() {
                lines.push(String::from("  "));
            }
            *lines.last_mut().expect("one line at least") += &format!("{rate}{comma}");
        }
        for line in lines {
            self.text += &line;
            self.text.push('\n');
        }
    }

    /// Write the figures, then print the text (or the CSV). Exits with a one-line error and
    /// code 2, as for any bad flag, if a figure cannot be written (`--out` names a folder
    /// that cannot be made or written).
    pub fn finish(self) {
        if let Err(e) = self.write_figures() {
            let line = format!("error: cannot write figures to {}: {e}", self.out.display());
            exit_with(2, &line);
        }
        let figures = self.figure_note();
        let printed = if self.csv {
            note(&figures);
            self.csv_text()
        } else {
            self.text + &figures
        };
        // `cargo run --example x -- --csv | head` closes the pipe early: not an error.
        print_out(&printed);
    }

    /// The CSV of every recorded run: `run,step,lr,loss,outcome`, then one column per
    /// parameter name in order of first appearance, empty where a run has no such
    /// parameter. `outcome` is empty but on a run's last row, where it says how the run
    /// ended (`ran all 300 steps`, `diverged at step 4: loss 1.7e4 > 1000`): a diverged
    /// run's rows stop at its last finite one, and this cell tells why.
    fn csv_text(&self) -> String {
        let mut names: Vec<&str> = Vec::new();
        for run in &self.csv_runs {
            for p in &run.params {
                if !names.contains(&p.as_str()) {
                    names.push(p);
                }
            }
        }
        let mut out = String::from("run,step,lr,loss,outcome");
        for name in &names {
            out.push(',');
            out += &csv_cell(name);
        }
        out.push('\n');
        for run in &self.csv_runs {
            let column_of: Vec<Option<usize>> = names
                .iter()
                .map(|n| run.params.iter().position(|p| p == n))
                .collect();
            for (i, r) in run.rows.iter().enumerate() {
                let last = i + 1 == run.rows.len();
                let mut cells = vec![
                    csv_cell(&run.label),
                    r.step.to_string(),
                    csv_number(r.lr),
                    r.loss.map_or(String::new(), csv_number),
                    if last {
                        csv_cell(&run.outcome)
                    } else {
                        String::new()
                    },
                ];
                cells.extend(column_of.iter().map(|i| {
                    i.and_then(|i| r.params.get(i))
                        .map_or(String::new(), |&p| csv_number(p))
                }));
                out += &cells.join(",");
                out.push('\n');
            }
            // A run that never started (a setting out of range) has no rows: one row with
            // its label and outcome still says so.
            if run.rows.is_empty() {
                out += &format!("{},,,,{}", csv_cell(&run.label), csv_cell(&run.outcome));
                out += &",".repeat(names.len());
                out.push('\n');
            }
        }
        out
    }

    fn figure_note(&self) -> String {
        if self.figures.is_empty() {
            return String::new();
        }
        let names: Vec<&str> = self.figures.iter().map(|(n, _)| n.as_str()).collect();
        // `join("")` ends the folder with exactly one separator, however `--out` was typed.
        // The names go on indented lines within the help's width, so the note fits a
        // projector and the book's code boxes on a phone as well as any table does.
        let mut note = format!("\nFigures written to {}:\n", self.out.join("").display());
        for line in super::flags::wrap(&names.join(", "), super::flags::HELP_WIDTH - 2) {
            note += &format!("  {line}\n");
        }
        note
    }

    /// Write every figure to a temporary file first and only then rename them all into
    /// place, so a failure leaves the previous set of figures as it was.
    fn write_figures(&self) -> io::Result<()> {
        if self.figures.is_empty() {
            return Ok(());
        }
        fs::create_dir_all(&self.out)?;
        let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
        for (name, svg) in &self.figures {
            // The process id keeps two runs writing into one folder apart.
            let tmp = self.out.join(format!(".{name}.{}.tmp", std::process::id()));
            if let Err(e) = fs::write(&tmp, svg.as_bytes()) {
                let _ = fs::remove_file(&tmp);
                for (tmp, _) in &written {
                    let _ = fs::remove_file(tmp);
                }
                return Err(e);
            }
            written.push((tmp, self.out.join(name)));
        }
        for (tmp, path) in &written {
            fs::rename(tmp, path)?;
        }
        Ok(())
    }
}

/// `line` in lines of at most `width` characters, broken at spaces: the continuation lines
/// are indented two spaces more than the first. A word longer than the width stays whole.
fn fit(line: &str, width: usize) -> Vec<String> {
    if line.chars().count() <= width {
        return vec![line.to_string()];
    }
    let body = line.trim_start_matches(' ');
    let indent = " ".repeat(line.len() - body.len());
    let more = format!("{indent}  ");
    let mut out = Vec::new();
    let mut current = indent.clone();
    for word in body.split(' ') {
        let fresh = current.len() == indent.len() || current == more;
        if !fresh && current.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::replace(&mut current, more.clone()));
        } else if !fresh {
            current.push(' ');
        }
        current += word;
    }
    out.push(current);
    out
}

/// Make sure `out` can be a folder: neither it nor any folder above it is a file. Nothing
/// is created here.
fn check_folder(out: &Path) -> Result<(), String> {
    match out.ancestors().find(|a| a.exists()) {
        Some(existing) if !existing.is_dir() => {
            Err(format!("{} is a file, not a folder", existing.display()))
        }
        _ => Ok(()),
    }
}

/// A number in a CSV cell: exact and short (`1e308`, not 309 digits), empty when it is
/// not finite, so no cell reads `NaN` or `inf`.
fn csv_number(x: f64) -> String {
    if x.is_finite() {
        exact(x)
    } else {
        String::new()
    }
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_fits_is_kept_as_it_is() {
        assert_eq!(fit("  a  b", 10), ["  a  b"]);
    }

    #[test]
    fn a_long_line_breaks_at_spaces_and_indents_its_continuation() {
        assert_eq!(
            fit("one two three four five", 10),
            ["one two", "  three", "  four", "  five"]
        );
        assert_eq!(fit("  one two three", 9), ["  one two", "    three"]);
    }

    #[test]
    fn a_word_wider_than_the_line_stays_whole() {
        assert_eq!(fit("a abcdefghijkl b", 5), ["a", "  abcdefghijkl", "  b"]);
    }
}
