//! Aligned plain-text tables. Numbers in them are written by [`crate::numfmt`].
//!
//! A table fits [`WIDTH`] columns, so it reads on a projector and in the book's code boxes
//! without scrolling: a wider one is printed as several tables stacked one under the other,
//! each repeating the key column(s) (the first, unless [`Table::keys`] says more) and
//! taking the next columns in order, as many as fit. Every row keeps its line in every
//! part, so a reader follows a row down by its key.

pub use crate::numfmt::{distinct, num, sig};

/// The widest line, in characters, of a printed table (and of a report's lines).
pub const WIDTH: usize = 100;

/// The environment variable that sets another widest line: `STEPSIZE_WIDTH=1000` prints
/// every table whole and every line unbroken. The comparison with the PyTorch scripts in
/// `python/` (which print unbroken lines) uses it; the book's output never sets it.
pub const WIDTH_VAR: &str = "STEPSIZE_WIDTH";

/// The widest line: [`WIDTH`], or what [`WIDTH_VAR`] asks for (at least 40).
pub fn width() -> usize {
    static CHOSEN: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CHOSEN.get_or_init(|| {
        std::env::var(WIDTH_VAR)
            .ok()
            .and_then(|w| w.trim().parse::<usize>().ok())
            .map_or(WIDTH, |w| w.max(40))
    })
}

/// A table printed with aligned columns: text columns left-aligned, columns whose cells
/// all look numeric right-aligned.
#[derive(Clone, Debug)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// How many leading columns name a row; every part of a stacked table repeats them.
    keys: usize,
}

impl Default for Table {
    fn default() -> Self {
        Table {
            header: Vec::new(),
            rows: Vec::new(),
            keys: 1,
        }
    }
}

impl Table {
    pub fn new<S: AsRef<str>>(header: &[S]) -> Self {
        Table {
            header: header.iter().map(|h| h.as_ref().to_string()).collect(),
            rows: Vec::new(),
            keys: 1,
        }
    }

    /// Repeat the first `n` columns (at least one) in every part of a table too wide for
    /// [`WIDTH`]: those that name a row, such as a schedule and its rate.
    pub fn keys(&mut self, n: usize) -> &mut Self {
        self.keys = n.clamp(1, self.header.len().max(1));
        self
    }

    /// Add a row; it must have one cell per header column.
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) -> &mut Self {
        let row: Vec<String> = cells.into_iter().map(Into::into).collect();
        assert_eq!(
            row.len(),
            self.header.len(),
            "a table row needs one cell per column"
        );
        self.rows.push(row);
        self
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as lines of text, ending in a newline, at most [`WIDTH`] characters wide
    /// (see [`Table::render_within`]).
    pub fn render(&self) -> String {
        self.render_within(width())
    }

    /// The table as lines of at most `width` characters: the whole table if it fits, or
    /// else parts stacked one under the other with a blank line between them, each the key
    /// columns followed by as many of the next columns as fit. A key and one column wider
    /// than `width` still make a part of their own: a cell is never cut.
    pub fn render_within(&self, width: usize) -> String {
        let columns = self.header.len();
        let chars = |s: &str| s.chars().count();
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                self.rows
                    .iter()
                    .map(|r| chars(&r[c]))
                    .chain([chars(&self.header[c])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let numeric: Vec<bool> = (0..columns)
            .map(|c| !self.rows.is_empty() && self.rows.iter().all(|r| looks_numeric(&r[c])))
            .collect();
        let keys = self.keys.min(columns);
        // Each column after the first adds two spaces of gap.
        let span = |cols: &[usize]| {
            cols.iter().map(|&c| widths[c]).sum::<usize>() + 2 * cols.len().saturating_sub(1)
        };
        let mut parts: Vec<Vec<usize>> = Vec::new();
        if span(&(0..columns).collect::<Vec<_>>()) <= width || keys == columns {
            parts.push((0..columns).collect());
        } else {
            let mut part: Vec<usize> = (0..keys).collect();
            for c in keys..columns {
                let mut wider = part.clone();
                wider.push(c);
                if part.len() > keys && span(&wider) > width {
                    parts.push(std::mem::replace(&mut part, (0..keys).collect()));
                    part.push(c);
                } else {
                    part = wider;
                }
            }
            parts.push(part);
        }
        let line = |cells: &[String], cols: &[usize]| {
            let padded: Vec<String> = cols
                .iter()
                .map(|&c| {
                    let cell = &cells[c];
                    let pad = " ".repeat(widths[c] - chars(cell));
                    if numeric[c] {
                        format!("{pad}{cell}")
                    } else {
                        format!("{cell}{pad}")
                    }
                })
                .collect();
            padded.join("  ").trim_end().to_string() + "\n"
        };
        let mut out = String::new();
        for (i, cols) in parts.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out += &line(&self.header, cols);
            let rule: Vec<String> = cols.iter().map(|&c| "-".repeat(widths[c])).collect();
            out += &(rule.join("  ") + "\n");
            for row in &self.rows {
                out += &line(row, cols);
            }
        }
        out
    }
}

fn looks_numeric(cell: &str) -> bool {
    let cell = cell.trim();
    cell == "-"
        || cell == "inf"
        || cell == "NaN"
        || cell == "never"
        || cell
            .trim_start_matches(['-', '+', '≈'])
            .parse::<f64>()
            .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_columns_are_right_aligned() {
        let mut t = Table::new(&["run", "loss"]);
        t.row(["a", "1.5"]).row(["long name", "100"]);
        assert_eq!(
            t.render(),
            "run        loss\n---------  ----\na           1.5\nlong name   100\n"
        );
    }

    fn wide() -> Table {
        let mut t = Table::new(&["η", "loss", "w", "outcome"]);
        t.row(["0.1", "1.5", "3", "ran all steps"])
            .row(["10", "-", "-", "diverged at step 2"]);
        t
    }

    fn longest_line(text: &str) -> usize {
        text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
    }

    #[test]
    fn a_table_that_fits_prints_whole() {
        assert_eq!(wide().render_within(80), wide().render());
        assert_eq!(longest_line(&wide().render()), 32);
    }

    #[test]
    fn a_wide_table_is_stacked_in_parts_that_repeat_the_key_column() {
        assert_eq!(
            wide().render_within(20),
            "  η  loss  w\n---  ----  -\n0.1   1.5  3\n 10     -  -\n\n\
             \x20 η  outcome\n---  ------------------\n0.1  ran all steps\n 10  diverged at step 2\n"
        );
    }

    #[test]
    fn a_stacked_table_keeps_each_column_aligned_as_in_the_whole_table() {
        // The key column is numeric in the whole table, hence right-aligned in every part.
        let text = wide().render_within(20);
        assert!(text.lines().all(|l| l.chars().count() <= 23));
        let parts: Vec<&str> = text.split("\n\n").collect();
        assert_eq!(parts.len(), 2);
        for part in parts {
            assert_eq!(
                part.lines().count(),
                4,
                "header, rule and both rows:\n{part}"
            );
        }
    }

    #[test]
    fn every_part_repeats_as_many_key_columns_as_asked() {
        let mut t = Table::new(&["schedule", "η", "a", "b", "c"]);
        t.keys(2);
        t.row(["cosine", "0.1", "1111111", "2222222", "3333333"]);
        let text = t.render_within(31);
        let headers: Vec<&str> = text
            .split("\n\n")
            .map(|p| p.lines().next().unwrap())
            .collect();
        assert_eq!(
            headers,
            ["schedule    η        a        b", "schedule    η        c"],
            "{text}"
        );
        assert!(longest_line(&text) <= 31, "{text}");
    }

    #[test]
    fn a_column_wider_than_the_width_gets_a_part_of_its_own_uncut() {
        let mut t = Table::new(&["k", "a", "long"]);
        t.row(["x", "1", &"y".repeat(40)]);
        let text = t.render_within(20);
        assert_eq!(text.split("\n\n").count(), 2);
        assert!(text.contains(&"y".repeat(40)));
    }

    #[test]
    fn default_width_is_the_projectors_hundred_columns() {
        let mut t = Table::new(&["key", "a", "b"]);
        t.row(["k", &"1".repeat(60), &"2".repeat(60)]);
        let text = t.render();
        assert_eq!(text.split("\n\n").count(), 2);
        assert!(longest_line(&text) <= WIDTH);
    }
}
