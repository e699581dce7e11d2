//! Aligned plain-text tables. Numbers in them are written by [`crate::numfmt`].

pub use crate::numfmt::{distinct, num, sig};

/// A table printed with aligned columns: text columns left-aligned, columns whose cells
/// all look numeric right-aligned.
#[derive(Clone, Debug, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new<S: AsRef<str>>(header: &[S]) -> Self {
        Table {
            header: header.iter().map(|h| h.as_ref().to_string()).collect(),
            rows: Vec::new(),
        }
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

    /// The table as lines of text, ending in a newline.
    pub fn render(&self) -> String {
        let columns = self.header.len();
        let width = |s: &str| s.chars().count();
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                self.rows
                    .iter()
                    .map(|r| width(&r[c]))
                    .chain([width(&self.header[c])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let numeric: Vec<bool> = (0..columns)
            .map(|c| !self.rows.is_empty() && self.rows.iter().all(|r| looks_numeric(&r[c])))
            .collect();
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    let pad = " ".repeat(widths[c] - width(cell));
                    if numeric[c] {
                        format!("{pad}{cell}")
                    } else {
                        format!("{cell}{pad}")
                    }
                })
                .collect();
            padded.join("  ").trim_end().to_string() + "\n"
        };
        let mut out = line(&self.header);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        out += &(rule.join("  ") + "\n");
        for row in &self.rows {
            out += &line(row);
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
}
