//! Pick lists the desk offers: write-off reasons and the fields a fix can correct.

use super::csv_rows::{TableError, read_table};
use super::parse::Parsed;
use crate::domain::tables::Choice;

/// A pick list: `code,label[,needs_note]`.
fn choices(file: &str, text: &str, with_note: bool) -> Parsed<Vec<Choice>> {
    let columns: &[&str] = if with_note { &["code", "label", "needs_note"] } else { &["code", "label"] };
    let t = read_table(file, text, columns)?;
    let mut out: Vec<Choice> = Vec::new();
    for r in &t.rows {
        let code = r.required("code")?.to_string();
        if out.iter().any(|c| c.code == code) {
            return Err(r.error("code", format!("{code} is listed twice")));
        }
        let needs_note = if with_note { r.yes_no("needs_note")? } else { false };
        out.push(Choice { code, label: r.required("label")?.to_string(), needs_note });
    }
    if out.is_empty() {
        return Err(TableError { file: file.into(), line: None, column: None, reason: "has no rows".into() });
    }
    Ok((t.version, out))
}

pub fn writeoff_reasons(file: &str, text: &str) -> Parsed<Vec<Choice>> {
    choices(file, text, true)
}

pub fn fix_fields(file: &str, text: &str) -> Parsed<Vec<Choice>> {
    choices(file, text, false)
}
