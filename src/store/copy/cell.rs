//! One value of a ledger row, the same on both back ends: its encoding in PostgreSQL's COPY
//! text format (both ways) and its part of a table's checksum.

use sha2::{Digest, Sha256};

/// A column's type as the schema declares it (SQLite's INTEGER, REAL, TEXT).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    Int,
    Real,
    Text,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl From<crate::store::db::Value> for Cell {
    fn from(v: crate::store::db::Value) -> Cell {
        use crate::store::db::Value;
        match v {
            Value::Null => Cell::Null,
            Value::Int(n) => Cell::Int(n),
            Value::Real(x) => Cell::Real(x),
            Value::Text(s) => Cell::Text(s),
        }
    }
}

impl Cell {
    /// Appends the value in COPY's text format: `\N` for NULL, backslash escapes in text.
    pub fn write_copy_text(&self, out: &mut String) {
        match self {
            Cell::Null => out.push_str("\\N"),
            Cell::Int(n) => out.push_str(&n.to_string()),
            Cell::Real(x) => out.push_str(&real_text(*x)),
            Cell::Text(s) => {
                for ch in s.chars() {
                    match ch {
                        '\\' => out.push_str("\\\\"),
                        '\t' => out.push_str("\\t"),
                        '\n' => out.push_str("\\n"),
                        '\r' => out.push_str("\\r"),
                        c => out.push(c),
                    }
                }
            }
        }
    }

    /// Reads one field of COPY's text output as a value of `ty`.
    pub fn from_copy_text(field: &str, ty: ColType) -> Result<Cell, String> {
        if field == "\\N" {
            return Ok(Cell::Null);
        }
        let text = unescape(field)?;
        match ty {
            ColType::Text => Ok(Cell::Text(text)),
            ColType::Int => text.parse().map(Cell::Int).map_err(|_| format!("'{text}' is not an integer")),
            ColType::Real => parse_real(&text).map(Cell::Real).ok_or_else(|| format!("'{text}' is not a number")),
        }
    }

    /// Feeds the value into a checksum: a tag, then the value's bytes (lengths included, so
    /// no two different rows hash the same bytes).
    pub fn hash_into(&self, hasher: &mut Sha256) {
        match self {
            Cell::Null => hasher.update([0u8]),
            Cell::Int(n) => {
                hasher.update([1u8]);
                hasher.update(n.to_le_bytes());
            }
            Cell::Real(x) => {
                hasher.update([2u8]);
                hasher.update(x.to_bits().to_le_bytes());
            }
            Cell::Text(s) => {
                hasher.update([3u8]);
                hasher.update((s.len() as u64).to_le_bytes());
                hasher.update(s.as_bytes());
            }
        }
    }
}

fn real_text(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "Infinity".into() } else { "-Infinity".into() }
    } else {
        // Rust prints the shortest text that reads back to the same number, never an exponent.
        format!("{x}")
    }
}

fn parse_real(text: &str) -> Option<f64> {
    match text {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => text.parse().ok(),
    }
}

/// Undoes COPY's text escapes (`\\`, `\t`, `\n`, `\r`, `\b`, `\f`, `\v`, octal and `\x` hex).
fn unescape(field: &str) -> Result<String, String> {
    if !field.contains('\\') {
        return Ok(field.to_string());
    }
    let mut bytes = Vec::with_capacity(field.len());
    let raw = field.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] != b'\\' || i + 1 == raw.len() {
            bytes.push(raw[i]);
            i += 1;
            continue;
        }
        let next = raw[i + 1];
        i += 2;
        match next {
            b't' => bytes.push(b'\t'),
            b'n' => bytes.push(b'\n'),
            b'r' => bytes.push(b'\r'),
            b'b' => bytes.push(8),
            b'f' => bytes.push(12),
            b'v' => bytes.push(11),
            b'0'..=b'7' => {
                let mut value = u32::from(next - b'0');
                for _ in 0..2 {
                    match raw.get(i) {
                        Some(d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                bytes.push(value as u8);
            }
            b'x' => {
                let digits: Vec<u8> = raw[i..].iter().take(2).take_while(|d| d.is_ascii_hexdigit()).copied().collect();
                let text = std::str::from_utf8(&digits).unwrap_or("");
                let value = u8::from_str_radix(text, 16).map_err(|_| "a \\x escape without hex digits".to_string())?;
                bytes.push(value);
                i += digits.len();
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).map_err(|_| "text that is not UTF-8".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_reads_back_from_its_copy_text() {
        let values = [
            (Cell::Null, ColType::Text),
            (Cell::Int(-9_007_199_254_740_993), ColType::Int),
            (Cell::Real(2.5), ColType::Real),
            (Cell::Real(0.1 + 0.2), ColType::Real),
            (Cell::Real(1e-7), ColType::Real),
            (Cell::Text("tab\there\nnew line\r\\ back \\N é".into()), ColType::Text),
            (Cell::Text("\\N".into()), ColType::Text),
            (Cell::Text(String::new()), ColType::Text),
        ];
        for (cell, ty) in values {
            let mut text = String::new();
            cell.write_copy_text(&mut text);
            assert!(!text.contains('\t') && !text.contains('\n'), "{text:?} would split a row");
            assert_eq!(Cell::from_copy_text(&text, ty).unwrap(), cell, "{text:?}");
        }
    }

    #[test]
    fn server_escapes_and_spellings_are_read() {
        assert_eq!(
            Cell::from_copy_text("a\\bb\\fc\\vd", ColType::Text).unwrap(),
            Cell::Text("a\u{8}b\u{c}c\u{b}d".into())
        );
        assert_eq!(Cell::from_copy_text("\\101\\x42", ColType::Text).unwrap(), Cell::Text("AB".into()));
        assert_eq!(Cell::from_copy_text("1e+20", ColType::Real).unwrap(), Cell::Real(1e20));
        assert_eq!(Cell::from_copy_text("-Infinity", ColType::Real).unwrap(), Cell::Real(f64::NEG_INFINITY));
        assert!(Cell::from_copy_text("12x", ColType::Int).unwrap_err().contains("not an integer"));
    }

    #[test]
    fn checksums_tell_values_apart() {
        let digest = |cells: &[Cell]| {
            let mut h = Sha256::new();
            cells.iter().for_each(|c| c.hash_into(&mut h));
            h.finalize()
        };
        assert_ne!(
            digest(&[Cell::Text("ab".into()), Cell::Text("c".into())]),
            digest(&[Cell::Text("a".into()), Cell::Text("bc".into())])
        );
        assert_ne!(digest(&[Cell::Null]), digest(&[Cell::Text(String::new())]));
        assert_ne!(digest(&[Cell::Int(1)]), digest(&[Cell::Real(1.0)]));
        assert_eq!(digest(&[Cell::Int(7), Cell::Null]), digest(&[Cell::Int(7), Cell::Null]));
    }
}
