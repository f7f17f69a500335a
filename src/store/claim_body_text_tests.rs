//! The packed text reads back exactly what was written, whatever the values hold.

use std::borrow::Cow;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::{decode, encode};
use crate::store::claim_body::{BodyAdjustment, BodyLine, BodyRemark, ClaimBody};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, d).unwrap()
}

fn adj(g: &'static str, c: &'static str, m: i64) -> BodyAdjustment<'static> {
    BodyAdjustment { group: Cow::Borrowed(g), carc: Cow::Borrowed(c), amount: m, quantity: None }
}

fn paid_line() -> BodyLine<'static> {
    BodyLine {
        qualifier: Some("HC".into()),
        procedure: Some("99203".into()),
        modifiers: None,
        revenue_code: None,
        units: Some(1.0),
        charge: 18000,
        paid: 8064,
        allowed: Some(10080),
        from: Some(day(28)),
        to: Some(day(28)),
        control_no: Some("PC42000000011".into()),
        adjustments: vec![adj("CO", "45", 7920), adj("PR", "2", 2016)],
        remarks: Vec::new(),
    }
}

#[test]
fn a_paid_line_packs_to_a_few_short_records_less_than_half_its_json() {
    let body = ClaimBody { lines: vec![paid_line()], ..Default::default() };
    let packed = encode(&body);
    assert_eq!(packed, "P1\nL|HC|99203|||1|18000|8064|10080|20260928|=|PC42000000011\na|CO|45|7920|\na|PR|2|2016|");
    let json = serde_json::to_string(&body).unwrap();
    assert!(packed.len() * 2 < json.len(), "{} against {}", packed.len(), json.len());
    assert_eq!(decode(&packed).unwrap(), body);
}

#[test]
fn separators_escapes_and_empty_texts_in_values_survive() {
    let mut line = paid_line();
    line.procedure = Some("A|B\\C\nD\re".into());
    line.revenue_code = Some("".into());
    line.modifiers = Some("25 59".into());
    line.to = Some(day(30));
    line.units = Some(2.5);
    line.remarks = vec![BodyRemark { source: "LQ".into(), code: "N|519".into() }];
    let body = ClaimBody {
        adjustments: vec![BodyAdjustment { quantity: Some(-1.25), ..adj("OA", "", -500) }],
        remarks: vec![BodyRemark { source: "MOA".into(), code: "\\e".into() }],
        lines: vec![line, BodyLine { from: None, to: Some(day(1)), ..paid_line() }],
    };
    let packed = encode(&body);
    assert_eq!(packed.lines().count(), 1 + 1 + 1 + 1 + 2 + 1 + 1 + 2, "{packed}");
    assert_eq!(decode(&packed).unwrap(), body);
}

#[test]
fn a_damaged_document_is_an_error_not_a_guess() {
    for bad in [
        "",
        "P2\nL|",
        "P1\na|CO|45|1|",
        "P1\nL|HC",
        "P1\nA|CO|45|x|",
        "P1\nX|1",
        "P1\nR|\\q|1",
        "P1\nL|||||||1||2026|||",
    ] {
        assert!(decode(bad).is_err(), "{bad:?} read as {:?}", decode(bad));
    }
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[A-Z0-9|\\\\\n\r =e]{1,8}", any::<String>()]
}

fn opt_text() -> impl Strategy<Value = Option<Cow<'static, str>>> {
    proptest::option::of(text().prop_map(Cow::Owned))
}

fn date() -> impl Strategy<Value = Option<NaiveDate>> {
    proptest::option::of((1u32..=28).prop_map(day))
}

fn adjustment() -> impl Strategy<Value = BodyAdjustment<'static>> {
    (text(), text(), any::<i64>(), proptest::option::of(-1e6f64..1e6)).prop_map(|(g, c, amount, quantity)| {
        BodyAdjustment { group: Cow::Owned(g), carc: Cow::Owned(c), amount, quantity }
    })
}

fn remark() -> impl Strategy<Value = BodyRemark<'static>> {
    (text(), text()).prop_map(|(s, c)| BodyRemark { source: Cow::Owned(s), code: Cow::Owned(c) })
}

fn line() -> impl Strategy<Value = BodyLine<'static>> {
    let texts = (opt_text(), opt_text(), opt_text(), opt_text(), opt_text());
    let amounts = (proptest::option::of(0f64..1e4), any::<i64>(), any::<i64>(), proptest::option::of(any::<i64>()));
    let lists =
        (date(), date(), proptest::collection::vec(adjustment(), 0..3), proptest::collection::vec(remark(), 0..2));
    (texts, amounts, lists).prop_map(|((q, p, md, rv, n), (units, charge, paid, allowed), (from, to, a, r))| BodyLine {
        qualifier: q,
        procedure: p,
        modifiers: md,
        revenue_code: rv,
        units,
        charge,
        paid,
        allowed,
        from,
        to,
        control_no: n,
        adjustments: a,
        remarks: r,
    })
}

proptest! {
    #[test]
    fn any_document_reads_back_as_written(
        adjustments in proptest::collection::vec(adjustment(), 0..3),
        remarks in proptest::collection::vec(remark(), 0..3),
        lines in proptest::collection::vec(line(), 0..4),
    ) {
        let body = ClaimBody { adjustments, remarks, lines };
        prop_assert_eq!(decode(&encode(&body)).unwrap(), body);
    }
}

#[test]
fn numbers_and_dates_are_written_as_the_formatter_writes_them() {
    for n in [0, 7, -7, 10, 99_999, -120_000, i64::MAX, i64::MIN] {
        let mut out = String::new();
        super::put_int(&mut out, n);
        assert_eq!(out, n.to_string());
    }
    for n in
        [0.0, -0.0, 1.0, 3.0, -2.0, 0.5, 1.25, -0.75, 1e14, 1e15, 1e16, 123456.0, f64::MAX, f64::NAN, f64::INFINITY]
    {
        let mut out = String::new();
        super::put_num(&mut out, Some(n));
        assert_eq!(out, n.to_string(), "{n}");
    }
    let dates = [(2026, 1, 2), (1999, 12, 31), (1, 3, 4), (0, 1, 1), (9999, 12, 31), (10_000, 1, 1), (-5, 6, 7)];
    for (y, m, d) in dates {
        let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let mut out = String::new();
        super::put_date(&mut out, Some(date));
        assert_eq!(out, date.format("%Y%m%d").to_string(), "{date}");
    }
}
