//! Short payments against contracted rates: the known answers of issue 16 (a line underpaid,
//! one paid at the rate, a modifier-specific rate, a date outside the schedule) and the
//! allowed amount's two sources.

use chrono::NaiveDate;

use super::adj;
use crate::domain::code::GroupCode;
use crate::domain::fee_schedule::{AllowedFrom, FeeRate, Tolerance, expected, rate_for, short_lines};
use crate::domain::money::Cents;
use crate::domain::remit::{RemitClaim, ServiceLine};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn rate(procedure: &str, modifier: Option<&str>, dollars: i64, from: &str, to: Option<&str>) -> FeeRate {
    FeeRate {
        id: 0,
        procedure: procedure.into(),
        modifier: modifier.map(str::to_string),
        rate: Cents(dollars * 100),
        from: d(from),
        to: to.map(d),
        schedule: "fees.csv".into(),
    }
}

fn line(procedure: &str, modifiers: &[&str], units: f64, paid: i64, allowed: Option<i64>, day: &str) -> ServiceLine {
    ServiceLine {
        procedure: procedure.into(),
        modifiers: modifiers.iter().map(|m| m.to_string()).collect(),
        units: Some(units),
        charge: Cents(20_000),
        paid: Cents(paid),
        allowed: allowed.map(Cents),
        date_from: Some(d(day)),
        ..ServiceLine::default()
    }
}

fn schedule() -> Vec<FeeRate> {
    vec![
        rate("99213", None, 88, "2026-01-01", Some("2026-12-31")),
        rate("99214", None, 130, "2026-01-01", None),
        rate("97110", None, 30, "2026-01-01", None),
        rate("97110", Some("GP"), 34, "2026-01-01", None),
        rate("99215", None, 180, "2026-07-01", Some("2026-12-31")),
    ]
}

#[test]
fn the_four_lines_of_the_known_answer_remit() {
    let claim = RemitClaim {
        pcn: "KA1".into(),
        lines: vec![
            // 99213 allowed $62.00 against $88.00: $26.00 short.
            line("99213", &[], 1.0, 4960, Some(6200), "2026-09-14"),
            // 99214 at the rate.
            line("99214", &[], 1.0, 10_400, Some(13_000), "2026-09-14"),
            // 97110-GP x 2 units: $34.00 x 2 = $68.00 against $60.00 allowed (the plain rate
            // would have said $60.00 was right).
            line("97110", &["GP"], 2.0, 4800, Some(6000), "2026-09-14"),
            // 99215 before its rate took effect: no expectation.
            line("99215", &[], 1.0, 9000, Some(9000), "2026-06-30"),
        ],
        ..RemitClaim::default()
    };
    let short = short_lines(&claim, &schedule(), Tolerance::default());
    let found: Vec<(usize, i64, i64, i64)> =
        short.iter().map(|s| (s.line, s.expected.0, s.allowed.0, s.short.0)).collect();
    assert_eq!(found, vec![(0, 8800, 6200, 2600), (2, 6800, 6000, 800)]);
    assert_eq!(short[1].rate.modifier.as_deref(), Some("GP"));
    assert_eq!(short[0].arithmetic(), "99213: contracted $88.00 x 1 = $88.00; allowed (AMT*B6) $62.00; short $26.00");
    assert_eq!(short[1].arithmetic(), "97110-GP: contracted $34.00 x 2 = $68.00; allowed (AMT*B6) $60.00; short $8.00");
}

#[test]
fn without_amt_b6_the_allowed_amount_is_paid_plus_patient_responsibility() {
    let mut l = line("99213", &[], 1.0, 5000, None, "2026-03-02");
    l.adjustments = vec![adj(GroupCode::Pr, "2", 1200), adj(GroupCode::Co, "45", 8000)];
    let claim = RemitClaim { lines: vec![l], ..RemitClaim::default() };
    let short = short_lines(&claim, &schedule(), Tolerance::default());
    assert_eq!(short.len(), 1);
    assert_eq!(
        (short[0].allowed, short[0].allowed_from, short[0].short),
        (Cents(6200), AllowedFrom::PaidPlusPatient, Cents(2600))
    );
}

#[test]
fn denied_lines_unknown_codes_and_small_differences_are_not_short_payments() {
    let claim = RemitClaim {
        lines: vec![
            line("99213", &[], 1.0, 0, Some(0), "2026-03-02"), // denied: a denial, not a short pay
            line("99999", &[], 1.0, 100, Some(100), "2026-03-02"), // no rate on file
            line("99213", &[], 1.0, 8750, Some(8750), "2026-03-02"), // $0.50 short: within $1.00
            line("99213", &[], 1.0, 8850, Some(8850), "2027-01-05"), // after the rate's end
        ],
        ..RemitClaim::default()
    };
    assert!(short_lines(&claim, &schedule(), Tolerance::default()).is_empty());
}

#[test]
fn the_tolerance_needs_both_the_dollar_floor_and_the_share() {
    let t = Tolerance::default();
    assert!(!t.exceeded(Cents(100), Cents(5000)), "exactly $1.00 is within");
    assert!(t.exceeded(Cents(101), Cents(5000)), "2% of $50 and over $1");
    assert!(!t.exceeded(Cents(900), Cents(100_000)), "$9 of $1,000 is under 1%");
    assert!(t.exceeded(Cents(1001), Cents(100_000)));
    let loose = Tolerance { min: Cents(0), permille: 0 };
    assert!(loose.exceeded(Cents(1), Cents(100)) && !loose.exceeded(Cents(0), Cents(100)));
}

#[test]
fn a_newer_rate_for_the_same_code_wins_and_units_multiply() {
    let rates = vec![rate("99213", None, 80, "2025-01-01", None), rate("99213", None, 88, "2026-01-01", None)];
    let l = line("99213", &["25"], 1.0, 1, None, "2026-05-01");
    assert_eq!(rate_for(&rates, &l, d("2026-05-01")).map(|r| r.rate), Some(Cents(8800)));
    assert_eq!(rate_for(&rates, &l, d("2025-05-01")).map(|r| r.rate), Some(Cents(8000)));
    assert_eq!(expected(Cents(3333), 1.5), Cents(5000), "$33.33 x 1.5 = $49.995, rounded to the cent");
}
