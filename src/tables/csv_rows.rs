//! Reading one table file: `#` comment lines (one of them `# version: X`), a header that must
//! name exactly the expected columns, then rows. Every error names file, line and column.

use std::fmt;
use std::rc::Rc;

use crate::domain::code::ShortCode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<String>,
    pub reason: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, " line {l}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for TableError {}

/// One data row, with the context needed for error messages.
pub struct Row<'a> {
    file: &'a str,
    line: u64,
    columns: Rc<[String]>,
    record: csv::StringRecord,
}

impl Row<'_> {
    pub fn error(&self, column: &str, reason: impl Into<String>) -> TableError {
        TableError {
            file: self.file.to_string(),
            line: Some(self.line),
            column: Some(column.to_string()),
            reason: reason.into(),
        }
    }

    /// The trimmed text of a column (empty string when blank, or when an optional column is
    /// absent from the file).
    pub fn text(&self, column: &str) -> &str {
        let i = self.columns.iter().position(|c| c == column);
        i.and_then(|i| self.record.get(i)).unwrap_or("").trim()
    }

    pub fn opt_text(&self, column: &str) -> Option<String> {
        let t = self.text(column);
        (!t.is_empty()).then(|| t.to_string())
    }

    pub fn required(&self, column: &str) -> Result<&str, TableError> {
        let t = self.text(column);
        if t.is_empty() { Err(self.error(column, "is empty")) } else { Ok(t) }
    }

    pub fn yes_no(&self, column: &str) -> Result<bool, TableError> {
        match self.text(column).to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" => Ok(true),
            "no" | "n" | "false" => Ok(false),
            other => Err(self.error(column, format!("'{other}' is not yes or no"))),
        }
    }

    /// Parses a column with `parse`, naming the accepted values on failure.
    pub fn parsed<T>(&self, column: &str, parse: impl Fn(&str) -> Option<T>, expected: &str) -> Result<T, TableError> {
        let t = self.required(column)?;
        parse(t).ok_or_else(|| self.error(column, format!("'{t}' is not valid (expected {expected})")))
    }

    /// Like [`Row::parsed`] but a blank cell is `None`.
    pub fn opt_parsed<T>(
        &self,
        column: &str,
        parse: impl Fn(&str) -> Option<T>,
        expected: &str,
    ) -> Result<Option<T>, TableError> {
        if self.text(column).is_empty() { Ok(None) } else { self.parsed(column, parse, expected).map(Some) }
    }

    pub fn code(&self, column: &str) -> Result<ShortCode, TableError> {
        self.parsed(column, ShortCode::new, "1-8 letters or digits")
    }
}

/// The names of an enum's values, for error messages.
pub fn one_of(names: impl Iterator<Item = &'static str>) -> String {
    let v: Vec<&str> = names.collect();
    format!("one of: {}", v.join(", "))
}

/// Parsed table: its version and its rows.
pub struct TableText<'a> {
    pub version: String,
    pub rows: Vec<Row<'a>>,
}

pub fn read_table<'a>(file: &'a str, text: &str, columns: &[&str]) -> Result<TableText<'a>, TableError> {
    read_table_with(file, text, columns, &[])
}

/// Like [`read_table`], but the header may end with some of the `optional` columns (in that
/// order): tables that gained columns still read in their older shape.
pub fn read_table_with<'a>(
    file: &'a str,
    text: &str,
    columns: &[&str],
    optional: &[&str],
) -> Result<TableText<'a>, TableError> {
    let whole = |reason: String| TableError { file: file.to_string(), line: None, column: None, reason };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let version = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.trim_start_matches('#').trim().strip_prefix("version:").map(|v| v.trim().to_string()))
        .unwrap_or_else(|| "unversioned".to_string());
    let mut reader = csv::ReaderBuilder::new().comment(Some(b'#')).flexible(false).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| whole(format!("cannot read the header: {e}")))?.clone();
    let got: Vec<&str> = header.iter().map(str::trim).collect();
    let extra = got.get(columns.len()..).unwrap_or(&[]);
    let mut rest = optional.iter();
    if !got.starts_with(columns) || !extra.iter().all(|c| rest.any(|o| o == c)) {
        let more =
            if optional.is_empty() { String::new() } else { format!(" (optionally then {})", optional.join(",")) };
        return Err(whole(format!("header must be '{}'{more}, found '{}'", columns.join(","), got.join(","))));
    }
    let columns: Rc<[String]> = got.iter().map(|c| c.to_string()).collect();
    let mut rows = Vec::new();
    for rec in reader.records() {
        let record = rec.map_err(|e| {
            let line = e.position().map(|p| p.line());
            TableError { file: file.to_string(), line, column: None, reason: format!("malformed row: {e}") }
        })?;
        let line = record.position().map_or(0, |p| p.line());
        rows.push(Row { file, line, columns: columns.clone(), record });
    }
    Ok(TableText { version, rows })
}
