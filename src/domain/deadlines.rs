//! Timely-filing and appeal deadlines, each with the arithmetic that produced it.
//!
//! Published windows often disagree (a payer's manual against a secondary source, a federal
//! maximum against a state's usual limit). Every window therefore has two dates: the earliest
//! published one ("aim by"), which drives urgency and the DUE column, and the latest published
//! one ("last possible"), after which the window is gone. Only a passed last-possible date
//! closes a door; where no source publishes an outer limit the door is never closed on a date.

use std::fmt::{self, Write};

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
            Period::Days(n) => date.checked_add_signed(Duration::days(i64::from(n))).unwrap_or(NaiveDate::MAX),
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
    Described(p).to_string()
}

/// A period in words ("1 day", "12 months"), written where it is wanted.
struct Described(Period);

impl fmt::Display for Described {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Period::Days(1) => f.write_str("1 day"),
            Period::Days(n) => write!(f, "{n} days"),
            Period::Months(1) => f.write_str("1 month"),
            Period::Months(n) => write!(f, "{n} months"),
        }
    }
}

/// A window as the published sources give it: the earliest published length and the latest
/// one (`None`: no source publishes an outer limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub aim: Period,
    pub last: Option<Period>,
}

impl Window {
    /// A window every source agrees on.
    pub const fn exact(p: Period) -> Window {
        Window { aim: p, last: Some(p) }
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.last {
            Some(l) if l == self.aim => write!(f, "{}", self.aim),
            Some(l) => write!(f, "{}-{l}", self.aim),
            None => write!(f, "{}-?", self.aim),
        }
    }
}

/// The deadline rule of one payer and plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineRule {
    /// From the date of service to the last day to file.
    pub filing: Window,
    /// From the notice (plus mail days) or the date of service to the last day to appeal.
    pub appeal: Window,
    pub appeal_from: ClockStart,
    /// Days added to the notice date for mailing (Medicare: receipt = notice + 5 days).
    pub mail_days: u32,
    /// Whether a deadline on a weekend or federal holiday moves to the next workday (only
    /// where the rule publishes it: Medicare).
    pub roll_forward: bool,
    /// Medicare: a processed claim with a clerical error is corrected by reopening within this
    /// period of the initial determination (42 CFR 405.980(b)(1)), not by a new claim.
    pub reopening: Option<Period>,
}

/// A computed deadline: the date to aim for, the last possible date (`None`: no outer limit is
/// published), and the sentence that explains both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub date: NaiveDate,
    pub last: Option<NaiveDate>,
    pub basis: String,
}

impl Deadline {
    /// A deadline whose sources agree (aim = last).
    pub fn exact(date: NaiveDate, basis: String) -> Deadline {
        Deadline { date, last: Some(date), basis }
    }

    /// True once the last possible date has passed: the door is closed.
    pub fn closed(&self, today: NaiveDate) -> bool {
        self.last.is_some_and(|l| l < today)
    }

    /// True when the sources disagree or publish no outer limit.
    pub fn uncertain(&self) -> bool {
        self.last != Some(self.date)
    }
}

fn roll(raw: NaiveDate, roll: bool, basis: &mut String) -> NaiveDate {
    let date = if roll { next_workday(raw) } else { raw };
    if date != raw {
        let _ = write!(basis, " ({raw} is not a workday: rolled to {date}, {})", date.format("%a"));
    }
    date
}

/// One date after `start` by `p`, rolled when the rule says so.
pub(crate) fn finish(raw: NaiveDate, roll_forward: bool, mut basis: String) -> Deadline {
    let date = roll(raw, roll_forward, &mut basis);
    Deadline::exact(date, basis)
}

/// Both dates of `window` after `start`; `what` names the start ("date of service 2026-07-15").
fn span(start: NaiveDate, what: String, window: Window, roll_forward: bool) -> Deadline {
    // One buffer written in place: a deadline is worked out for every denied claim imported.
    let mut basis = what;
    basis.reserve(120);
    let aim_raw = window.aim.after(start);
    let _ = write!(basis, " + {} = {aim_raw}", Described(window.aim));
    let date = roll(aim_raw, roll_forward, &mut basis);
    let last = match window.last {
        Some(l) if l == window.aim => Some(date),
        Some(l) => {
            let raw = l.after(start).max(aim_raw);
            let _ = write!(basis, " to aim by; + {} = {raw}", Described(l));
            let last = roll(raw, roll_forward, &mut basis);
            basis.push_str(" at the latest");
            Some(last)
        }
        None => {
            basis.push_str(" to aim by; no later limit is published");
            None
        }
    };
    Deadline { date, last, basis }
}

impl DeadlineRule {
    /// Last day to file (or refile) the claim: date of service + filing limit.
    pub fn filing_deadline(&self, service_date: NaiveDate) -> Deadline {
        span(service_date, format!("date of service {service_date}"), self.filing, self.roll_forward)
    }

    /// Last day to appeal: from the notice (plus mail days) or the date of service.
    pub fn appeal_deadline(&self, notice: Option<NaiveDate>, service_date: Option<NaiveDate>) -> Option<Deadline> {
        let (start, what) = match self.appeal_from {
            ClockStart::Remit => (notice?, "remit notice"),
            ClockStart::Service => (service_date?, "date of service"),
        };
        let mut from = start;
        let mut what = format!("{what} {start}");
        if self.mail_days > 0 && self.appeal_from == ClockStart::Remit {
            from = start + Duration::days(i64::from(self.mail_days));
            let _ = write!(what, " + {} mail days = receipt {from};", self.mail_days);
        }
        Some(span(from, what, self.appeal, self.roll_forward))
    }

    /// Medicare: the last day to reopen the initial determination of `notice` for a clerical
    /// error (one year, 42 CFR 405.980(b)(1)); `None` where the plan has no reopening.
    pub fn reopening_deadline(&self, notice: Option<NaiveDate>) -> Option<Deadline> {
        let (p, notice) = (self.reopening?, notice?);
        let raw = p.after(notice);
        let basis = format!("initial determination {notice} + {} = {raw} to reopen", describe(p));
        Some(finish(raw, self.roll_forward, basis))
    }
}

#[cfg(test)]
#[path = "tests/deadlines.rs"]
mod tests;
