//! Small text helpers shared by the widgets.

use chrono::NaiveDate;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::domain::money::Cents;

/// Cuts to `n` terminal columns (a CJK character takes two, a combining mark none), marking
/// the cut with `~`.
pub fn cut(s: &str, n: usize) -> String {
    if s.width() <= n {
        return s.to_string();
    }
    if n == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > n - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('~');
    out
}

/// Columns `s` takes on a terminal.
pub fn width(s: &str) -> usize {
    s.width()
}

/// `$950`, `$2.9k`, `$1.2M`: for tab titles.
pub fn compact(c: Cents) -> String {
    let cents = c.cents();
    let sign = if cents < 0 { "-" } else { "" };
    let a = cents.unsigned_abs();
    // Tenths of the unit, rounded half up, in integers.
    let tenths = |unit: u64| (a + unit / 20) / (unit / 10);
    if a >= 100_000_000 {
        let t = tenths(100_000_000);
        format!("{sign}${}.{}M", t / 10, t % 10)
    } else if a >= 100_000 {
        let t = tenths(100_000);
        format!("{sign}${}.{}k", t / 10, t % 10)
    } else {
        format!("{sign}${}", (a + 50) / 100)
    }
}

/// `12d`, or `3y` once days run into the thousands (old files): fits a narrow column.
pub fn span(n: i64) -> String {
    if n.abs() >= 1000 { format!("{}y", n / 365) } else { format!("{n}d") }
}

/// Days to a deadline with marks that survive monochrome: `!!-3d` overdue, `!5d` within a week.
pub fn days_left(due: Option<NaiveDate>, today: NaiveDate) -> (String, Urgency) {
    match due {
        None => ("-".into(), Urgency::None),
        Some(d) => {
            let n = (d - today).num_days();
            if n < 0 {
                (format!("!!{}", span(n)), Urgency::Overdue)
            } else if n <= 7 {
                (format!("!{n}d"), Urgency::Soon)
            } else {
                (span(n), Urgency::None)
            }
        }
    }
}

/// A rejection's 24-hour SLA from the day it was rejected.
pub fn sla(opened: Option<NaiveDate>, today: NaiveDate) -> (String, Urgency) {
    let Some(o) = opened else {
        return ("-".into(), Urgency::None);
    };
    match (today - o).num_days() {
        0 => ("24h".into(), Urgency::Soon),
        1 => ("!due".into(), Urgency::Soon),
        n => (format!("!!{}", span(n - 1)), Urgency::Overdue),
    }
}

/// Rows `lines` take when wrapped at `width` (an estimate: word wrap may add a few).
pub fn wrapped_rows(lines: &[ratatui::text::Line<'_>], width: u16) -> usize {
    let w = usize::from(width).max(1);
    lines.iter().map(|l| l.width().max(1).div_ceil(w)).sum()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    None,
    Soon,
    Overdue,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn marks_survive_without_colour() {
        let today = d("2026-11-23");
        assert_eq!(days_left(Some(d("2026-11-20")), today), ("!!-3d".into(), Urgency::Overdue));
        assert_eq!(days_left(Some(d("2026-11-30")), today), ("!7d".into(), Urgency::Soon));
        assert_eq!(days_left(Some(d("2026-12-01")), today), ("8d".into(), Urgency::None));
        assert_eq!(sla(Some(today), today).0, "24h");
        assert_eq!(sla(Some(d("2026-11-22")), today).0, "!due");
        assert_eq!(sla(Some(d("2026-11-19")), today), ("!!3d".into(), Urgency::Overdue));
        assert_eq!(sla(Some(d("2011-03-11")), today).0, "!!15y");
        assert_eq!(days_left(Some(d("2009-05-01")), today).0, "!!-17y");
        assert_eq!(days_left(Some(d("2029-11-23")), today).0, "3y");
        assert_eq!(compact(Cents(290_500)), "$2.9k");
        assert_eq!(compact(Cents(295_000)), "$3.0k");
        assert_eq!(compact(Cents(99_949)), "$999");
        assert_eq!(compact(Cents(123_456_789)), "$1.2M");
        assert_eq!(compact(Cents(5_696_400)), "$57.0k");
        assert_eq!(cut("BLUE CROSS BLUE SHIELD", 10), "BLUE CROS~");
    }
}

#[cfg(test)]
mod width_tests {
    use super::cut;

    #[test]
    fn cuts_by_terminal_columns() {
        assert_eq!(cut("SMITH, JANE", 8), "SMITH, ~");
        assert_eq!(cut("山田太郎", 5), "山田~", "two columns each");
        assert_eq!(cut("José", 4), "José");
        assert_eq!(cut("ab", 0), "");
    }
}
