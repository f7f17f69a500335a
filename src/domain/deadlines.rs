//! Timely-filing and appeal deadlines, each with the arithmetic that produced it.

use std::fmt;

use chrono::{Duration, Months, NaiveDate};

use super::holidays::next_workday;
use super::vocab::ClockStart;

/// A length of time as payer rules state it: days or calendar months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Days(u32),
    Months(u32),
}

impl Period {
    /// Parses `90d`, `12m` or `1y`.
    pub fn parse(text: &str) -> Option<Period> {
        let t = text.trim();
        let unit = t.chars().last()?;
        let n: u32 = t[..t.len() - unit.len_utf8()].parse().ok()?;
        if n == 0 || n > 3650 {
            return None;
        }
        match unit.to_ascii_lowercase() {
            'd' => Some(Period::Days(n)),
            'm' => Some(Period::Months(n)),
            'y' => Some(Period::Months(n * 12)),
            _ => None,
        }
    }

    /// Adds the period; a month step that lands past month end clamps (Feb 29 + 12m = Feb 28).
    pub fn after(self, date: NaiveDate) -> NaiveDate {
        match self {
            Period::Days(n) => date + Duration::days(i64::from(n)),
            Period::Months(n) => date.checked_add_months(Months::new(n)).unwrap_or(NaiveDate::MAX),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Days(n) => write!(f, "{n}d"),
            Period::Months(n) => write!(f, "{n}m"),
        }
    }
}

pub(crate) fn describe(p: Period) -> String {
    match p {
        Period::Days(1) => "1 day".into(),
        Period::Days(n) => format!("{n} days"),
        Period::Months(1) => "1 month".into(),
        Period::Months(n) => format!("{n} months"),
    }
}

/// The deadline rule of one payer and plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineRule {
    pub filing_limit: Period,
    pub appeal_window: Period,
    pub appeal_from: ClockStart,
    /// Days added to the notice date for mailing (Medicare: receipt = notice + 5 days).
    pub mail_days: u32,
    /// Whether a deadline on a weekend or federal holiday moves to the next workday.
    pub roll_forward: bool,
}

/// A computed deadline and the sentence that explains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub date: NaiveDate,
    pub basis: String,
}

pub(crate) fn finish(raw: NaiveDate, roll: bool, mut basis: String) -> Deadline {
    let date = if roll { next_workday(raw) } else { raw };
    if date != raw {
        basis.push_str(&format!("; {raw} is not a workday, rolled to {date} ({})", date.format("%a")));
    }
    Deadline { date, basis }
}

impl DeadlineRule {
    /// Last day to file (or refile) the claim: date of service + filing limit.
    pub fn filing_deadline(&self, service_date: NaiveDate) -> Deadline {
        let raw = self.filing_limit.after(service_date);
        let basis = format!("date of service {service_date} + {} = {raw}", describe(self.filing_limit));
        finish(raw, self.roll_forward, basis)
    }

    /// Last day to appeal: from the notice (plus mail days) or the date of service.
    pub fn appeal_deadline(&self, notice: Option<NaiveDate>, service_date: Option<NaiveDate>) -> Option<Deadline> {
        let (start, what) = match self.appeal_from {
            ClockStart::Remit => (notice?, "remit notice"),
            ClockStart::Service => (service_date?, "date of service"),
        };
        let mut basis = format!("{what} {start}");
        let mut from = start;
        if self.mail_days > 0 && self.appeal_from == ClockStart::Remit {
            from = start + Duration::days(i64::from(self.mail_days));
            basis.push_str(&format!(" + {} mail days = receipt {from}", self.mail_days));
        }
        let raw = self.appeal_window.after(from);
        basis.push_str(&format!("; + {} = {raw}", describe(self.appeal_window)));
        Some(finish(raw, self.roll_forward, basis))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn medicare() -> DeadlineRule {
        DeadlineRule {
            filing_limit: Period::Months(12),
            appeal_window: Period::Days(120),
            appeal_from: ClockStart::Remit,
            mail_days: 5,
            roll_forward: true,
        }
    }

    #[test]
    fn parses_periods() {
        assert_eq!(Period::parse("90d"), Some(Period::Days(90)));
        assert_eq!(Period::parse("12m"), Some(Period::Months(12)));
        assert_eq!(Period::parse("1y"), Some(Period::Months(12)));
        assert_eq!(Period::parse("0d"), None);
        assert_eq!(Period::parse("d"), None);
        assert_eq!(Period::parse("90"), None);
        assert_eq!(Period::parse(""), None);
        assert_eq!(Period::parse("12w"), None);
        assert_eq!(Period::parse("9é"), None);
        assert_eq!(Period::parse("é"), None);
    }

    #[test]
    fn medicare_appeal_is_notice_plus_five_mail_days_plus_120() {
        // Notice Mon 2026-03-02 -> receipt 2026-03-07 -> +120 days = 2026-07-05 (Sunday),
        // and Mon 2026-07-06 is a workday (July 4 observed on Fri 07-03).
        let dl = medicare().appeal_deadline(Some(d(2026, 3, 2)), None).unwrap();
        assert_eq!(dl.date, d(2026, 7, 6));
        assert!(dl.basis.contains("+ 5 mail days = receipt 2026-03-07"), "{}", dl.basis);
        assert!(dl.basis.contains("rolled to 2026-07-06"), "{}", dl.basis);
    }

    #[test]
    fn weekday_deadline_does_not_roll() {
        // Notice 2026-01-05 + 5 = 01-10; + 120 = 2026-05-10 (Sunday) -> Mon 05-11.
        let dl = medicare().appeal_deadline(Some(d(2026, 1, 5)), None).unwrap();
        assert_eq!(dl.date, d(2026, 5, 11));
        // Notice 2026-01-06 + 5 + 120 = 2026-05-11 (Monday): stays.
        let dl = medicare().appeal_deadline(Some(d(2026, 1, 6)), None).unwrap();
        assert_eq!(dl.date, d(2026, 5, 11));
        assert!(!dl.basis.contains("rolled"));
    }

    #[test]
    fn deadline_on_a_holiday_rolls_past_it() {
        // Filing 12 months from 2025-12-25 lands on Christmas 2026 (Fri) -> Mon 2026-12-28.
        let dl = medicare().filing_deadline(d(2025, 12, 25));
        assert_eq!(dl.date, d(2026, 12, 28));
    }

    #[test]
    fn leap_day_service_date() {
        // 12 months from 2024-02-29 clamps to 2025-02-28 (a Friday).
        let dl = medicare().filing_deadline(d(2024, 2, 29));
        assert_eq!(dl.date, d(2025, 2, 28));
        // Day counts cross the leap day: 2024-02-01 + 30 days = 2024-03-02 (Sat) -> Mon 03-04.
        let rule = DeadlineRule { filing_limit: Period::Days(30), ..medicare() };
        assert_eq!(rule.filing_deadline(d(2024, 2, 1)).date, d(2024, 3, 4));
    }

    #[test]
    fn without_roll_forward_weekend_dates_stand() {
        let rule = DeadlineRule { roll_forward: false, mail_days: 0, appeal_window: Period::Days(180), ..medicare() };
        let dl = rule.appeal_deadline(Some(d(2026, 1, 1)), None).unwrap();
        assert_eq!(dl.date, d(2026, 6, 30));
        let dl = rule.appeal_deadline(Some(d(2026, 1, 3)), None).unwrap();
        assert_eq!(dl.date, d(2026, 7, 2));
    }

    #[test]
    fn appeal_from_service_date_ignores_mail_days() {
        let rule = DeadlineRule { appeal_from: ClockStart::Service, appeal_window: Period::Months(12), ..medicare() };
        let dl = rule.appeal_deadline(Some(d(2026, 5, 1)), Some(d(2026, 2, 2))).unwrap();
        assert_eq!(dl.date, d(2027, 2, 2));
        assert!(!dl.basis.contains("mail"));
        assert!(rule.appeal_deadline(Some(d(2026, 5, 1)), None).is_none());
    }
}
