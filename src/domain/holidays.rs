//! US federal holidays (5 U.S.C. 6103) with their observed dates, for deadline roll-forward.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The `n`th (1-based) `weekday` of a month.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n as u8)
}

fn last_weekday(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    nth_weekday(year, month, weekday, 5).or_else(|| nth_weekday(year, month, weekday, 4))
}

/// A fixed-date holiday falling on Saturday is observed on Friday, on Sunday on Monday.
fn observed(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => date - Duration::days(1),
        Weekday::Sun => date + Duration::days(1),
        _ => date,
    }
}

/// The observed federal holidays of a year (Juneteenth from 2021 on).
pub fn federal_holidays(year: i32) -> Vec<NaiveDate> {
    let fixed = |m, d| NaiveDate::from_ymd_opt(year, m, d).map(observed);
    let mut days = vec![
        fixed(1, 1),
        nth_weekday(year, 1, Weekday::Mon, 3),
        nth_weekday(year, 2, Weekday::Mon, 3),
        last_weekday(year, 5, Weekday::Mon),
        fixed(7, 4),
        nth_weekday(year, 9, Weekday::Mon, 1),
        nth_weekday(year, 10, Weekday::Mon, 2),
        fixed(11, 11),
        nth_weekday(year, 11, Weekday::Thu, 4),
        fixed(12, 25),
    ];
    if year >= 2021 {
        days.push(fixed(6, 19));
    }
    days.into_iter().flatten().collect()
}

pub fn is_federal_holiday(date: NaiveDate) -> bool {
    // New Year's Day of the next year can be observed on Dec 31 of this one.
    federal_holidays(date.year()).contains(&date)
        || (date.month() == 12 && date.day() == 31 && federal_holidays(date.year() + 1).contains(&date))
}

pub fn is_workday(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_federal_holiday(date)
}

/// The date itself when it is a workday, else the next workday.
pub fn next_workday(date: NaiveDate) -> NaiveDate {
    let mut d = date;
    while !is_workday(d) {
        d += Duration::days(1);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn knows_2026_holidays() {
        let h = federal_holidays(2026);
        for day in [
            d(2026, 1, 1),
            d(2026, 1, 19),
            d(2026, 2, 16),
            d(2026, 5, 25),
            d(2026, 6, 19),
            d(2026, 7, 3), // July 4 is a Saturday
            d(2026, 9, 7),
            d(2026, 10, 12),
            d(2026, 11, 11),
            d(2026, 11, 26),
            d(2026, 12, 25),
        ] {
            assert!(h.contains(&day), "{day} missing");
        }
        assert_eq!(h.len(), 11);
    }

    #[test]
    fn new_year_on_saturday_is_observed_the_friday_before() {
        // 2022-01-01 was a Saturday: observed Friday 2021-12-31.
        assert!(is_federal_holiday(d(2021, 12, 31)));
        assert!(!is_workday(d(2021, 12, 31)));
    }

    #[test]
    fn rolls_to_next_workday() {
        assert_eq!(next_workday(d(2026, 11, 21)), d(2026, 11, 23)); // Sat -> Mon
        assert_eq!(next_workday(d(2026, 11, 26)), d(2026, 11, 27)); // Thanksgiving -> Fri
        assert_eq!(next_workday(d(2026, 12, 24)), d(2026, 12, 24)); // ordinary Thursday
        assert_eq!(next_workday(d(2026, 12, 25)), d(2026, 12, 28)); // Christmas Fri -> Mon
        assert_eq!(next_workday(d(2027, 1, 16)), d(2027, 1, 19)); // Sat, Sun, MLK Mon -> Tue
    }
}
