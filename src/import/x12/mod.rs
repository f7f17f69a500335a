//! The X12 reader shared by every X12 importer.

pub mod envelope;
mod header;
pub mod reader;
pub mod segment;

pub use envelope::{TransactionHandler, TxnContext, walk};
pub use reader::SegmentReader;
pub use segment::{Segment, Separators, X12Error};

use chrono::NaiveDate;

use crate::domain::money::Cents;

/// A required amount: element `n` of `seg`, or an error naming the element.
pub fn money(seg: &Segment<'_>, n: usize, what: &str) -> Result<Cents, X12Error> {
    Cents::parse_decimal(&seg.text(n)).map_err(|e| seg.error(format!("{}{n:02} {what}: {e}", seg.id())))
}

/// An optional amount: blank is zero; anything else must be a number.
pub fn money_or_zero(seg: &Segment<'_>, n: usize, what: &str) -> Result<Cents, X12Error> {
    if seg.text(n).is_empty() { Ok(Cents::ZERO) } else { money(seg, n, what) }
}

/// An amount the standard requires but real files sometimes leave blank: blank is $0.00 with
/// a warning; anything else must be a number.
pub fn amount_or_warn(seg: &Segment<'_>, n: usize, what: &str, warnings: &mut Vec<String>) -> Result<Cents, X12Error> {
    if seg.text(n).is_empty() {
        warnings.push(format!("segment {} ({}): {}{n:02} {what} is empty; taken as 0", seg.number, seg.id(), seg.id()));
        return Ok(Cents::ZERO);
    }
    money(seg, n, what)
}

/// CCYYMMDD, in the years `FIRST_YEAR..=LAST_YEAR`.
pub fn date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let b = t.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // Eight digits read as numbers (chrono's format parser took 4% of the parsing thread).
    let num = |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    NaiveDate::from_ymd_opt(num(0..4) as i32, num(4..6), num(6..8)).and_then(crate::import::plausible)
}

/// A date element that may be blank; a malformed one is reported as a warning and ignored.
pub fn opt_date(seg: &Segment<'_>, n: usize, warnings: &mut Vec<String>) -> Option<NaiveDate> {
    let t = seg.text(n);
    if t.is_empty() {
        return None;
    }
    let d = date(&t);
    if d.is_none() {
        warnings.push(format!(
            "segment {} ({}): {}{n:02} is not a valid CCYYMMDD date in the years 1900-2199; ignored",
            seg.number,
            seg.id(),
            seg.id()
        ));
    }
    d
}

/// A D8 (`20240101`) or RD8 (`20240101-20240105`) date or period.
pub fn period(text: &str) -> (Option<NaiveDate>, Option<NaiveDate>) {
    match text.split_once('-') {
        Some((a, b)) => (date(a), date(b)),
        None => {
            let d = date(text);
            (d, d)
        }
    }
}

#[cfg(test)]
mod tests;
