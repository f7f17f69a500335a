//! The packed text of a claim's document: a record per line of text, fields split by `|`,
//! written for every claim a remit brings (most of a ledger's bytes), so it is terse: about
//! half the size of the same document as JSON. Ledgers written before keep their JSON
//! documents; [`decode`] reads both (a JSON document starts with `{`).
//!
//! ```text
//! P1                                      the format and its version
//! A|group|carc|cents|quantity             a claim adjustment
//! R|source|code                           a claim remark
//! L|qual|proc|mods|rev|units|charge|paid|allowed|from|to|control   a service line
//! a|group|carc|cents|quantity             an adjustment of the line above
//! r|source|code                           a remark of the line above
//! ```
//!
//! Dates are `YYYYMMDD`; a line's `to` is `=` when it is its `from`. An empty field is an
//! absent value; `\e` is a present empty text. `\`, `|` and a line break inside a value are
//! written `\\`, `\p` and `\n`, so a value never splits a field or a record.

use std::borrow::Cow;
use std::fmt::Write;

use chrono::NaiveDate;

use super::claim_body::{BodyAdjustment, BodyLine, BodyRemark, ClaimBody};

const VERSION: &str = "P1";

fn put(out: &mut String, s: &str) {
    if s.is_empty() {
        out.push_str("\\e");
        return;
    }
    // Nearly every value has nothing to escape: copied whole.
    if !s.bytes().any(|b| matches!(b, b'\\' | b'|' | b'\n' | b'\r')) {
        out.push_str(s);
        return;
    }
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\p"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn put_opt(out: &mut String, s: Option<&str>) {
    if let Some(s) = s {
        put(out, s);
    }
}

fn put_num(out: &mut String, n: Option<f64>) {
    match n {
        // A whole number of units, nearly always, is written as `{n}` writes it without the
        // float formatter (a negative zero keeps its sign the formatter's way).
        Some(n) if n.fract() == 0.0 && n.abs() < 1e15 && !(n == 0.0 && n.is_sign_negative()) => put_int(out, n as i64),
        Some(n) => {
            let _ = write!(out, "{n}");
        }
        None => {}
    }
}

/// `n` in decimal, as `{n}` writes it, without the formatting machinery (a tenth of the
/// parsing thread's work went to formatting these documents' numbers and dates).
fn put_int(out: &mut String, n: i64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        out.push('-');
    }
    out.extend(digits[at..].iter().map(|&b| char::from(b)));
}

fn put_date(out: &mut String, d: Option<NaiveDate>) {
    use chrono::Datelike;
    let Some(d) = d else { return };
    if !(0..=9999).contains(&d.year()) {
        let _ = write!(out, "{}", d.format("%Y%m%d"));
        return;
    }
    let n = (d.year() as u32) * 10_000 + d.month() * 100 + d.day();
    let mut digits = [b'0'; 8];
    let mut rest = n;
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    out.extend(digits.iter().map(|&b| char::from(b)));
}

fn adjustment(out: &mut String, tag: char, a: &BodyAdjustment<'_>) {
    out.push('\n');
    out.push(tag);
    out.push('|');
    put(out, &a.group);
    out.push('|');
    put(out, &a.carc);
    out.push('|');
    put_int(out, a.amount);
    out.push('|');
    put_num(out, a.quantity);
}

fn remark(out: &mut String, tag: char, r: &BodyRemark<'_>) {
    out.push('\n');
    out.push(tag);
    out.push('|');
    put(out, &r.source);
    out.push('|');
    put(out, &r.code);
}

/// The document as packed text.
pub fn encode(body: &ClaimBody<'_>) -> String {
    let mut out = String::with_capacity(64 + 96 * body.lines.len());
    out.push_str(VERSION);
    body.adjustments.iter().for_each(|a| adjustment(&mut out, 'A', a));
    body.remarks.iter().for_each(|r| remark(&mut out, 'R', r));
    for l in &body.lines {
        out.push_str("\nL|");
        put_opt(&mut out, l.qualifier.as_deref());
        out.push('|');
        put_opt(&mut out, l.procedure.as_deref());
        out.push('|');
        put_opt(&mut out, l.modifiers.as_deref());
        out.push('|');
        put_opt(&mut out, l.revenue_code.as_deref());
        out.push('|');
        put_num(&mut out, l.units);
        out.push('|');
        put_int(&mut out, l.charge);
        out.push('|');
        put_int(&mut out, l.paid);
        out.push('|');
        if let Some(allowed) = l.allowed {
            put_int(&mut out, allowed);
        }
        out.push('|');
        put_date(&mut out, l.from);
        out.push('|');
        match l.to {
            Some(t) if Some(t) == l.from => out.push('='),
            to => put_date(&mut out, to),
        }
        out.push('|');
        put_opt(&mut out, l.control_no.as_deref());
        l.adjustments.iter().for_each(|a| adjustment(&mut out, 'a', a));
        l.remarks.iter().for_each(|r| remark(&mut out, 'r', r));
    }
    out
}

/// Why a packed document could not be read (the caller names the claim).
type Bad = String;

fn text(field: &str) -> Result<Cow<'static, str>, Bad> {
    if field == "\\e" {
        return Ok(Cow::Borrowed(""));
    }
    if !field.contains('\\') {
        return Ok(Cow::Owned(field.to_string()));
    }
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next() {
            Some('\\') => '\\',
            Some('p') => '|',
            Some('n') => '\n',
            Some('r') => '\r',
            other => return Err(format!("unknown escape \\{}", other.map_or(String::new(), String::from))),
        });
    }
    Ok(Cow::Owned(out))
}

fn opt_text(field: &str) -> Result<Option<Cow<'static, str>>, Bad> {
    if field.is_empty() { Ok(None) } else { text(field).map(Some) }
}

fn num<T: std::str::FromStr>(field: &str, what: &str) -> Result<T, Bad> {
    field.parse().map_err(|_| format!("{what} {field:?} is not a number"))
}

fn opt_num<T: std::str::FromStr>(field: &str, what: &str) -> Result<Option<T>, Bad> {
    if field.is_empty() { Ok(None) } else { num(field, what).map(Some) }
}

fn date(field: &str) -> Result<Option<NaiveDate>, Bad> {
    if field.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(field, "%Y%m%d").map(Some).map_err(|_| format!("date {field:?} is not YYYYMMDD"))
}

fn fields(record: &str, n: usize) -> Result<Vec<&str>, Bad> {
    let f: Vec<&str> = record.split('|').collect();
    if f.len() != n {
        return Err(format!("a {} record has {} fields, not {n}", &f[0], f.len()));
    }
    Ok(f)
}

fn read_adjustment(record: &str) -> Result<BodyAdjustment<'static>, Bad> {
    let f = fields(record, 5)?;
    Ok(BodyAdjustment {
        group: text(f[1])?,
        carc: text(f[2])?,
        amount: num(f[3], "amount")?,
        quantity: opt_num(f[4], "quantity")?,
    })
}

fn read_remark(record: &str) -> Result<BodyRemark<'static>, Bad> {
    let f = fields(record, 3)?;
    Ok(BodyRemark { source: text(f[1])?, code: text(f[2])? })
}

fn read_line(record: &str) -> Result<BodyLine<'static>, Bad> {
    let f = fields(record, 12)?;
    let from = date(f[9])?;
    Ok(BodyLine {
        qualifier: opt_text(f[1])?,
        procedure: opt_text(f[2])?,
        modifiers: opt_text(f[3])?,
        revenue_code: opt_text(f[4])?,
        units: opt_num(f[5], "units")?,
        charge: num(f[6], "charge")?,
        paid: num(f[7], "paid")?,
        allowed: opt_num(f[8], "allowed")?,
        from,
        to: if f[10] == "=" { from } else { date(f[10])? },
        control_no: opt_text(f[11])?,
        adjustments: Vec::new(),
        remarks: Vec::new(),
    })
}

/// Reads a packed document (see the module's description).
pub fn decode(doc: &str) -> Result<ClaimBody<'static>, Bad> {
    let mut records = doc.split('\n');
    if records.next() != Some(VERSION) {
        return Err("not a packed document of a known version".into());
    }
    let mut body = ClaimBody::default();
    for record in records {
        match (record.as_bytes().first(), body.lines.last_mut()) {
            (Some(b'A'), _) => body.adjustments.push(read_adjustment(record)?),
            (Some(b'R'), _) => body.remarks.push(read_remark(record)?),
            (Some(b'L'), _) => body.lines.push(read_line(record)?),
            (Some(b'a'), Some(line)) => line.adjustments.push(read_adjustment(record)?),
            (Some(b'r'), Some(line)) => line.remarks.push(read_remark(record)?),
            _ => return Err(format!("unexpected record {:?}", record.chars().take(2).collect::<String>())),
        }
    }
    Ok(body)
}

#[cfg(test)]
#[path = "claim_body_text_tests.rs"]
mod tests;
