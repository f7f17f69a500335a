use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Medicare fee-for-service: filing 12 months (42 CFR 424.44), redetermination 120 days from
/// receipt, receipt = notice + 5 days (42 CFR 405.942), weekend/holiday roll (Noridian).
fn medicare() -> DeadlineRule {
    DeadlineRule {
        filing: Window::exact(Period::Months(12)),
        appeal: Window::exact(Period::Days(120)),
        appeal_from: ClockStart::Remit,
        mail_days: 5,
        roll_forward: true,
        reopening: Some(Period::Months(12)),
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
    assert_eq!(dl.last, Some(d(2026, 7, 6)), "Medicare's window is certain");
    assert!(!dl.uncertain());
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
    // 42 CFR 424.44(a): 12 months from 2024-02-29 is 2025-02-28 (a Friday).
    let dl = medicare().filing_deadline(d(2024, 2, 29));
    assert_eq!(dl.date, d(2025, 2, 28));
    // Day counts cross the leap day: 2024-02-01 + 30 days = 2024-03-02 (Sat) -> Mon 03-04.
    let rule = DeadlineRule { filing: Window::exact(Period::Days(30)), ..medicare() };
    assert_eq!(rule.filing_deadline(d(2024, 2, 1)).date, d(2024, 3, 4));
}

#[test]
fn without_roll_forward_weekend_dates_stand() {
    let rule =
        DeadlineRule { roll_forward: false, mail_days: 0, appeal: Window::exact(Period::Days(180)), ..medicare() };
    let dl = rule.appeal_deadline(Some(d(2026, 1, 1)), None).unwrap();
    assert_eq!(dl.date, d(2026, 6, 30));
    // 2026-01-03 + 180 days = 2026-07-02 (Thursday).
    let dl = rule.appeal_deadline(Some(d(2026, 1, 3)), None).unwrap();
    assert_eq!(dl.date, d(2026, 7, 2));
    // 2026-01-05 + 180 = 2026-07-04, a Saturday and a holiday: no roll without a published rule.
    let dl = rule.appeal_deadline(Some(d(2026, 1, 5)), None).unwrap();
    assert_eq!(dl.date, d(2026, 7, 4));
}

#[test]
fn appeal_from_service_date_ignores_mail_days() {
    let rule =
        DeadlineRule { appeal_from: ClockStart::Service, appeal: Window::exact(Period::Months(12)), ..medicare() };
    let dl = rule.appeal_deadline(Some(d(2026, 5, 1)), Some(d(2026, 2, 2))).unwrap();
    assert_eq!(dl.date, d(2027, 2, 2));
    assert!(!dl.basis.contains("mail"));
    assert!(rule.appeal_deadline(Some(d(2026, 5, 1)), None).is_none());
}

#[test]
fn conflicting_sources_give_an_aim_date_and_a_last_date() {
    // Medicaid: states commonly allow 90 days; the federal maximum is 12 months from the date
    // of service (42 CFR 447.45(d)(1)).
    let rule = DeadlineRule { filing: Window { aim: Period::Days(90), last: Some(Period::Months(12)) }, ..medicare() };
    let rule = DeadlineRule { roll_forward: false, ..rule };
    let dl = rule.filing_deadline(d(2026, 7, 15));
    assert_eq!(dl.date, d(2026, 10, 13));
    assert_eq!(dl.last, Some(d(2027, 7, 15)));
    assert!(dl.uncertain());
    assert!(!dl.closed(d(2026, 11, 30)), "the aim date passed, the last date has not");
    assert!(dl.closed(d(2027, 7, 16)));
    assert!(dl.basis.contains("= 2026-10-13 to aim by; + 12 months = 2027-07-15 at the latest"), "{}", dl.basis);
}

#[test]
fn a_window_without_a_published_outer_limit_never_closes() {
    let rule = DeadlineRule { appeal: Window { aim: Period::Days(60), last: None }, mail_days: 0, ..medicare() };
    let rule = DeadlineRule { roll_forward: false, ..rule };
    let dl = rule.appeal_deadline(Some(d(2026, 1, 2)), None).unwrap();
    assert_eq!(dl.date, d(2026, 3, 3));
    assert_eq!(dl.last, None);
    assert!(!dl.closed(d(2030, 1, 1)));
    assert!(dl.basis.contains("no later limit is published"), "{}", dl.basis);
}

#[test]
fn medicare_reopening_is_one_year_from_the_initial_determination() {
    // 42 CFR 405.980(b)(1): reopening for any reason within one year of the initial
    // determination. Notice 2026-10-05 + 12 months = 2027-10-05 (Tuesday).
    let dl = medicare().reopening_deadline(Some(d(2026, 10, 5))).unwrap();
    assert_eq!((dl.date, dl.last), (d(2027, 10, 5), Some(d(2027, 10, 5))));
    let commercial = DeadlineRule { reopening: None, ..medicare() };
    assert!(commercial.reopening_deadline(Some(d(2026, 10, 5))).is_none());
}

#[test]
fn window_text_shows_both_periods() {
    assert_eq!(Window::exact(Period::Days(120)).to_string(), "120d");
    assert_eq!(Window { aim: Period::Days(90), last: Some(Period::Months(12)) }.to_string(), "90d-12m");
    assert_eq!(Window { aim: Period::Days(60), last: None }.to_string(), "60d-?");
}
