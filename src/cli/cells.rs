//! One value of a CSV or JSON row, typed: CSV writes it as Excel reads it (ISO dates, plain
//! decimals, text guarded against formulas), JSON as what it is (numbers as numbers, `null` for
//! nothing, `true`/`false`).

use chrono::NaiveDate;
use serde_json::Value;

use crate::domain::money::Cents;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Free text from the ledger (guarded in CSV); empty is `null` in JSON.
    Text(String),
    /// A code or word of ours (`denial`, `open`, `CO-50`): never guarded, empty is `null`.
    Word(String),
    Int(Option<i64>),
    Money(Option<Cents>),
    /// A number with three decimals kept as thousandths (urgency, recoverability).
    Permille(u32),
    Date(Option<NaiveDate>),
    Flag(bool),
}

/// Text cells starting with = + - @ (or a tab/CR) would be read by Excel as a formula.
pub fn guard(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

impl Cell {
    pub fn text(s: Option<&str>) -> Cell {
        Cell::Text(s.unwrap_or("").to_string())
    }

    pub fn csv(&self) -> String {
        match self {
            Cell::Text(s) => guard(s),
            Cell::Word(s) => s.clone(),
            Cell::Int(n) => n.map(|n| n.to_string()).unwrap_or_default(),
            Cell::Money(c) => c.map(|c| c.to_decimal_string()).unwrap_or_default(),
            Cell::Permille(p) => format!("{}.{:03}", p / 1000, p % 1000),
            // A date past year 9999 would print as +10000-..., which Excel reads as a formula.
            Cell::Date(d) => d.map(|d| guard(&d.to_string())).unwrap_or_default(),
            Cell::Flag(b) => if *b { "yes" } else { "no" }.to_string(),
        }
    }

    pub fn json(&self) -> Value {
        let text = |s: &str| if s.is_empty() { Value::Null } else { Value::String(s.to_string()) };
        match self {
            Cell::Text(s) | Cell::Word(s) => text(s),
            Cell::Int(n) => n.map_or(Value::Null, Value::from),
            Cell::Money(c) => c.map_or(Value::Null, |c| number(c.cents() as f64 / 100.0)),
            Cell::Permille(p) => number(f64::from(*p) / 1000.0),
            Cell::Date(d) => d.map_or(Value::Null, |d| Value::String(d.to_string())),
            Cell::Flag(b) => Value::Bool(*b),
        }
    }
}

fn number(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

/// Rows as JSON lines (`json`) or as CSV for Excel (UTF-8 with BOM, the header first).
pub fn write_rows(
    out: &mut dyn std::io::Write,
    header: &[&str],
    rows: impl Iterator<Item = Vec<Cell>>,
    json: bool,
) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    if json {
        for cells in rows {
            writeln!(out, "{}", object(header, &cells)).map_err(io)?;
        }
        return Ok(());
    }
    out.write_all("\u{feff}".as_bytes()).map_err(io)?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header).map_err(|e| e.to_string())?;
    for cells in rows {
        w.write_record(cells.iter().map(Cell::csv)).map_err(|e| e.to_string())?;
    }
    w.flush().map_err(io)
}

/// One JSON object from column names and cells.
pub fn object(names: &[&str], cells: &[Cell]) -> Value {
    Value::Object(names.iter().zip(cells).map(|(n, c)| (n.to_string(), c.json())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_and_json_spell_each_kind() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 23);
        let cells = [
            Cell::Text("=HYPERLINK(1)".into()),
            Cell::Word("open".into()),
            Cell::Int(Some(-3)),
            Cell::Money(Some(Cents(12345))),
            Cell::Permille(1250),
            Cell::Date(date),
            Cell::Flag(true),
            Cell::Text(String::new()),
            Cell::Int(None),
            Cell::Money(None),
        ];
        let csv: Vec<String> = cells.iter().map(Cell::csv).collect();
        assert_eq!(csv, ["'=HYPERLINK(1)", "open", "-3", "123.45", "1.250", "2026-11-23", "yes", "", "", ""]);
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        assert_eq!(
            object(&names, &cells).to_string(),
            r#"{"a":"=HYPERLINK(1)","b":"open","c":-3,"d":123.45,"e":1.25,"f":"2026-11-23","g":true,"h":null,"i":null,"j":null}"#
        );
        let far = NaiveDate::from_ymd_opt(10000, 6, 28);
        assert_eq!(Cell::Date(far).csv(), "'+10000-06-28");
    }
}
