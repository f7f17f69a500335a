//! Money as integer cents. Parsing is exact: no floating point anywhere near an amount.

use std::fmt;
use std::ops::{Add, AddAssign, Neg, Sub};

/// An amount of US dollars held as whole cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Cents(pub i64);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    Empty,
    NotANumber,
    TooLarge,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MoneyError::Empty => "amount is empty",
            MoneyError::NotANumber => "amount is not a number",
            MoneyError::TooLarge => "amount is too large",
        })
    }
}

impl std::error::Error for MoneyError {}

impl Cents {
    pub const ZERO: Cents = Cents(0);

    /// Parses an X12 decimal (`R` type): optional sign, digits, optional point and fraction.
    /// More than two decimals are rounded half away from zero.
    pub fn parse_decimal(text: &str) -> Result<Cents, MoneyError> {
        let s = text.trim();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        let (negative, body) = match s.as_bytes()[0] {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (whole, frac) = match body.split_once('.') {
            Some((w, f)) => (w, f),
            None => (body, ""),
        };
        if whole.is_empty() && frac.is_empty() {
            return Err(MoneyError::NotANumber);
        }
        if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyError::NotANumber);
        }
        let whole = whole.trim_start_matches('0');
        if whole.len() > 13 {
            return Err(MoneyError::TooLarge);
        }
        let mut cents: i64 = 0;
        for b in whole.bytes() {
            cents = cents * 10 + i64::from(b - b'0');
        }
        let f = frac.as_bytes();
        let digit = |i: usize| f.get(i).map_or(0, |b| i64::from(b - b'0'));
        cents = cents * 100 + digit(0) * 10 + digit(1);
        if digit(2) >= 5 {
            cents += 1;
        }
        Ok(Cents(if negative { -cents } else { cents }))
    }

    /// Parses a human-entered amount as found in spreadsheets: `$1,234.56`, `1234.5`,
    /// `(12.00)` for a negative. Thousands separators must be well placed.
    pub fn parse_human(text: &str) -> Result<Cents, MoneyError> {
        let mut s = text.trim();
        let mut negative = false;
        if s.starts_with('(') && s.ends_with(')') && s.len() >= 2 {
            negative = true;
            s = &s[1..s.len() - 1];
        }
        if let Some(rest) = s.strip_prefix('-') {
            negative = !negative;
            s = rest;
        }
        s = s.strip_prefix('$').unwrap_or(s).trim();
        let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
        if whole.contains(',') {
            let groups: Vec<&str> = whole.split(',').collect();
            let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
            if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
                return Err(MoneyError::NotANumber);
            }
        }
        let plain: String = whole.chars().filter(|c| *c != ',').collect();
        let joined = if frac.is_empty() && !s.contains('.') { plain } else { format!("{plain}.{frac}") };
        if joined.starts_with(['-', '+']) {
            return Err(MoneyError::NotANumber);
        }
        let value = Cents::parse_decimal(&joined)?;
        Ok(if negative { -value } else { value })
    }

    pub fn cents(self) -> i64 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Plain decimal for machine-readable output: `-1234.50`.
    pub fn to_decimal_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl fmt::Display for Cents {
    /// `$1,234.56` or `-$12.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let abs = self.0.unsigned_abs();
        let dollars = (abs / 100).to_string();
        let mut grouped = String::with_capacity(dollars.len() + dollars.len() / 3);
        for (i, ch) in dollars.chars().enumerate() {
            if i > 0 && (dollars.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        let text = format!("{sign}${grouped}.{:02}", abs % 100);
        f.pad(&text)
    }
}

impl Add for Cents {
    type Output = Cents;
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Cents {
    fn add_assign(&mut self, rhs: Cents) {
        self.0 = self.0.saturating_add(rhs.0);
    }
}

impl Sub for Cents {
    type Output = Cents;
    fn sub(self, rhs: Cents) -> Cents {
        Cents(self.0.saturating_sub(rhs.0))
    }
}

impl Neg for Cents {
    type Output = Cents;
    fn neg(self) -> Cents {
        Cents(-self.0)
    }
}

impl std::iter::Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        iter.fold(Cents::ZERO, |a, b| a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_x12_decimals_exactly() {
        assert_eq!(Cents::parse_decimal("123"), Ok(Cents(12300)));
        assert_eq!(Cents::parse_decimal("123.4"), Ok(Cents(12340)));
        assert_eq!(Cents::parse_decimal("-310"), Ok(Cents(-31000)));
        assert_eq!(Cents::parse_decimal(".5"), Ok(Cents(50)));
        assert_eq!(Cents::parse_decimal("0.005"), Ok(Cents(1)));
        assert_eq!(Cents::parse_decimal("-0.004"), Ok(Cents(0)));
        assert_eq!(Cents::parse_decimal("00000000"), Ok(Cents(0)));
        assert_eq!(Cents::parse_decimal("11130.91"), Ok(Cents(1_113_091)));
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(Cents::parse_decimal(""), Err(MoneyError::Empty));
        assert_eq!(Cents::parse_decimal("XX"), Err(MoneyError::NotANumber));
        assert_eq!(Cents::parse_decimal("1.2.3"), Err(MoneyError::NotANumber));
        assert_eq!(Cents::parse_decimal("-"), Err(MoneyError::NotANumber));
        assert_eq!(Cents::parse_decimal("."), Err(MoneyError::NotANumber));
        assert_eq!(Cents::parse_decimal("12345678901234"), Err(MoneyError::TooLarge));
    }

    #[test]
    fn parses_spreadsheet_amounts() {
        assert_eq!(Cents::parse_human("$1,234.56"), Ok(Cents(123_456)));
        assert_eq!(Cents::parse_human("(12.00)"), Ok(Cents(-1200)));
        assert_eq!(Cents::parse_human("-$5"), Ok(Cents(-500)));
        assert_eq!(Cents::parse_human(" 99.9 "), Ok(Cents(9990)));
        assert!(Cents::parse_human("1,23.00").is_err());
        assert!(Cents::parse_human("12 dollars").is_err());
        assert!(Cents::parse_human("").is_err());
        assert!(Cents::parse_human("--5").is_err());
    }

    #[test]
    fn formats_for_people_and_machines() {
        assert_eq!(Cents(123_456_789).to_string(), "$1,234,567.89");
        assert_eq!(Cents(-1200).to_string(), "-$12.00");
        assert_eq!(Cents(5).to_string(), "$0.05");
        assert_eq!(format!("{:>8}", Cents(100)), "   $1.00");
        assert_eq!(Cents(-123_450).to_decimal_string(), "-1234.50");
        assert_eq!(Cents(7).to_decimal_string(), "0.07");
    }
}
