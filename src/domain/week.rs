//! ISO weeks (Monday to Sunday), the unit of the weekly root-cause review.

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// An ISO 8601 week, held as its Monday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week(NaiveDate);

impl Week {
    /// The week that contains `day`.
    pub fn containing(day: NaiveDate) -> Week {
        Week(day - Duration::days(i64::from(day.weekday().num_days_from_monday())))
    }

    /// The last week that is over by `today`: on a Sunday the current week is not over yet.
    pub fn last_full(today: NaiveDate) -> Week {
        Week::containing(today).prev()
    }

    /// Parses `2026-W47` (also `2026W47` and lower-case `w`).
    pub fn parse(text: &str) -> Result<Week, String> {
        let t = text.trim();
        let bad = || format!("'{t}' is not an ISO week; write it like 2026-W47");
        let (year, week) = t.split_once(['W', 'w']).ok_or_else(bad)?;
        let year: i32 = year.trim_end_matches('-').parse().map_err(|_| bad())?;
        let week: u32 = week.parse().map_err(|_| bad())?;
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)
            .map(Week)
            .ok_or_else(|| format!("{year} has no week {week}"))
    }

    pub fn monday(self) -> NaiveDate {
        self.0
    }

    pub fn sunday(self) -> NaiveDate {
        self.0 + Duration::days(6)
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        day >= self.monday() && day <= self.sunday()
    }

    pub fn prev(self) -> Week {
        self.plus(-1)
    }

    pub fn next(self) -> Week {
        self.plus(1)
    }

    pub fn plus(self, weeks: i64) -> Week {
        Week(self.0 + Duration::weeks(weeks))
    }

    /// Whole weeks from `self` to `later` (negative when `later` is earlier).
    pub fn weeks_until(self, later: Week) -> i64 {
        (later.0 - self.0).num_weeks()
    }

    /// "16-22 Nov 2026", or across months "30 Nov - 6 Dec 2026".
    pub fn span(self) -> String {
        let (a, b) = (self.monday(), self.sunday());
        if a.month() == b.month() {
            format!("{}-{} {}", a.day(), b.day(), b.format("%b %Y"))
        } else if a.year() == b.year() {
            format!("{} - {}", a.format("%-d %b"), b.format("%-d %b %Y"))
        } else {
            format!("{} - {}", a.format("%-d %b %Y"), b.format("%-d %b %Y"))
        }
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.0.iso_week();
        write!(f, "{}-W{:02}", w.year(), w.week())
    }
}

impl serde::Serialize for Week {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weeks_run_monday_to_sunday() {
        let w = Week::containing(d(2026, 11, 22));
        assert_eq!(w.to_string(), "2026-W47");
        assert_eq!((w.monday(), w.sunday()), (d(2026, 11, 16), d(2026, 11, 22)));
        assert_eq!(Week::containing(d(2026, 11, 23)).to_string(), "2026-W48");
        assert!(w.contains(d(2026, 11, 16)) && w.contains(d(2026, 11, 22)));
        assert!(!w.contains(d(2026, 11, 15)) && !w.contains(d(2026, 11, 23)));
    }

    #[test]
    fn the_last_full_week_has_ended() {
        assert_eq!(Week::last_full(d(2026, 11, 23)).to_string(), "2026-W47");
        // On a Sunday the current week is not over yet.
        assert_eq!(Week::last_full(d(2026, 11, 29)).to_string(), "2026-W47");
        assert_eq!(Week::last_full(d(2026, 11, 30)).to_string(), "2026-W48");
    }

    #[test]
    fn iso_years_start_on_the_week_with_the_first_thursday() {
        // 1 Jan 2027 is a Friday: it belongs to 2026-W53.
        assert_eq!(Week::containing(d(2027, 1, 1)).to_string(), "2026-W53");
        assert_eq!(Week::parse("2027-W01").unwrap().monday(), d(2027, 1, 4));
        assert_eq!(Week::parse("2026-W53").unwrap().next().to_string(), "2027-W01");
        assert_eq!(Week::parse("2026-W01").unwrap().monday(), d(2025, 12, 29));
    }

    #[test]
    fn parsing_accepts_the_usual_spellings_and_explains_the_rest() {
        assert_eq!(Week::parse("2026w47").unwrap(), Week::parse("2026-W47").unwrap());
        assert!(Week::parse("2025-W53").unwrap_err().contains("2025 has no week 53"));
        assert!(Week::parse("47").unwrap_err().contains("2026-W47"));
        assert!(Week::parse("2026-W").is_err());
    }

    #[test]
    fn spans_read_as_dates() {
        assert_eq!(Week::parse("2026-W47").unwrap().span(), "16-22 Nov 2026");
        assert_eq!(Week::parse("2026-W49").unwrap().span(), "30 Nov - 6 Dec 2026");
        assert_eq!(Week::parse("2026-W53").unwrap().span(), "28 Dec 2026 - 3 Jan 2027");
        let w = Week::parse("2026-W47").unwrap();
        assert_eq!(w.weeks_until(w.plus(8)), 8);
        assert_eq!(w.plus(-8).weeks_until(w), 8);
    }
}
