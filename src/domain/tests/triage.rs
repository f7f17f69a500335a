use chrono::NaiveDate;

use crate::domain::code::{Carc, Rarc};
use crate::domain::money::Cents;
use crate::domain::payer_rules::{ResolvedRule, resolve_rule};
use crate::domain::remit::PayerIdent;
use crate::domain::triage::{TriageInput, triage};
use crate::domain::vocab::{Path, PlanType};
use crate::domain::workflow::WorkKind;
use crate::tables::builtin;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn payer(name: &str, id: Option<&str>) -> PayerIdent {
    PayerIdent { name: name.into(), id: id.map(str::to_string) }
}

fn input<'a>(rule: &'a ResolvedRule, code: &'a str, path: Path) -> TriageInput<'a> {
    TriageInput {
        kind: WorkKind::Denial,
        at_risk: Cents(25_000),
        reason_code: code,
        reason_label: "label",
        default_path: path,
        appealable: true,
        rarc_path: None,
        service_date: Some(d(2026, 9, 14)),
        notice_date: Some(d(2026, 10, 16)),
        rule,
        recoverability: 500,
        write_off_threshold: Cents(2500),
        today: d(2026, 11, 23),
    }
}

#[test]
fn payer_rules_resolve_by_id_name_and_filing_indicator() {
    let t = builtin();
    let r = resolve_rule(&t, &payer("SOME PLAN", Some("60054")), Some("CI"));
    assert_eq!(r.source, "payers.csv: aetna (commercial)");
    let r = resolve_rule(&t, &payer("NORIDIAN JE PART B", None), Some("MB"));
    assert_eq!((r.plan, r.source.as_str()), (PlanType::Medicare, "plan default: medicare"));
    let r = resolve_rule(&t, &payer("CMS MEDICARE", None), None);
    assert_eq!(r.plan, PlanType::Medicare);
    assert!(!r.allows_appeal_of(Carc::new("29").unwrap()));
    // A Medicare Advantage claim from a payer named "... MEDICARE ..." is not Medicare FFS.
    let r = resolve_rule(&t, &payer("HUMANA MEDICARE", None), Some("16"));
    assert_eq!(
        (r.plan, r.source.as_str()),
        (PlanType::MedicareAdvantage, "payers.csv: humana_ma (medicare_advantage)")
    );
    let r = resolve_rule(&t, &payer("UNKNOWN HEALTH", None), None);
    assert_eq!((r.plan, r.source.as_str()), (PlanType::Commercial, "plan default: commercial"));
}

#[test]
fn medicare_denial_gets_120_plus_5_day_appeal_deadline() {
    let t = builtin();
    let rule = resolve_rule(&t, &payer("MEDICARE", None), Some("MB"));
    let tri = triage(&input(&rule, "CO-50", Path::Appeal));
    // 2026-10-16 + 5 = 10-21; + 120 days = 2027-02-18 (Thursday).
    assert_eq!(tri.appeal.as_ref().unwrap().date, d(2027, 2, 18));
    assert_eq!(tri.filing.as_ref().unwrap().date, d(2027, 9, 14));
    assert_eq!(tri.path, Path::Appeal);
    assert_eq!(tri.due, Some(d(2027, 2, 18)));
    assert_eq!(tri.factors.urgency, 1000);
    assert_eq!(tri.priority(), 12_500);
}

#[test]
fn co29_on_medicare_is_closed_as_not_appealable() {
    let t = builtin();
    let rule = resolve_rule(&t, &payer("MEDICARE", None), Some("MB"));
    let carc = Carc::new("29").unwrap();
    let mut i = input(&rule, "CO-29", Path::Appeal);
    i.appealable = rule.allows_appeal_of(carc);
    let tri = triage(&i);
    assert_eq!(tri.path, Path::Close);
    assert!(tri.path_reason.contains("not appealable"), "{}", tri.path_reason);
    assert!(tri.appeal.is_none());
    // The same code on a commercial plan may be appealed with proof of timely filing.
    let rule = resolve_rule(&t, &payer("AETNA", None), Some("CI"));
    let mut i = input(&rule, "CO-29", Path::Appeal);
    i.appealable = rule.allows_appeal_of(carc);
    assert_eq!(triage(&i).path, Path::Appeal);
}

#[test]
fn below_threshold_suggests_close() {
    let t = builtin();
    let rule = resolve_rule(&t, &payer("AETNA", None), Some("CI"));
    let mut i = input(&rule, "CO-97", Path::Fix);
    i.at_risk = Cents(2499);
    let tri = triage(&i);
    assert_eq!(tri.path, Path::Close);
    assert_eq!(tri.path_reason, "$24.99 at risk is below the $25.00 write-off threshold");
    i.at_risk = Cents(2500);
    assert_eq!(triage(&i).path, Path::Fix);
}

#[test]
fn remark_paths_override_the_carc_default() {
    let t = builtin();
    let rule = resolve_rule(&t, &payer("AETNA", None), Some("CI"));
    let mut i = input(&rule, "CO-16", Path::Appeal);
    i.rarc_path = Some((Path::Fix, Rarc::new("MA130").unwrap()));
    let tri = triage(&i);
    assert_eq!(tri.path, Path::Fix);
    assert!(tri.path_reason.starts_with("MA130"), "{}", tri.path_reason);
}

#[test]
fn closed_windows_change_the_path() {
    let t = builtin();
    let rule = resolve_rule(&t, &payer("AETNA", None), Some("CI"));
    // Fix path, filing deadline (DOS + 90d = 2026-06-01) passed, appeal still open: appeal.
    let mut i = input(&rule, "CO-4", Path::Fix);
    i.service_date = Some(d(2026, 3, 3));
    let tri = triage(&i);
    assert_eq!(tri.path, Path::Appeal);
    assert!(tri.path_reason.starts_with("filing deadline passed on 2026-06-01"), "{}", tri.path_reason);
    // Appeal path with the window closed: close, and urgency drops.
    let mut i = input(&rule, "CO-50", Path::Appeal);
    i.notice_date = Some(d(2026, 1, 2));
    let tri = triage(&i);
    assert_eq!(tri.path, Path::Close);
    assert_eq!(tri.path_reason, "appeal window closed on 2026-07-01");
    assert_eq!(tri.factors.urgency, 100);
}

#[test]
fn rejections_work_against_the_filing_deadline() {
    let t = builtin();
    let rule = resolve_rule(&t, &payer("AETNA", None), Some("CI"));
    let mut i = input(&rule, "A7:562:85", Path::Fix);
    i.kind = WorkKind::Rejection;
    i.service_date = Some(d(2026, 9, 1));
    let tri = triage(&i);
    assert!(tri.appeal.is_none());
    assert_eq!(tri.path, Path::Fix);
    // 2026-09-01 + 90 days = 2026-11-30, 7 days left.
    assert_eq!(tri.due, Some(d(2026, 11, 30)));
    assert_eq!(tri.factors.urgency, 2500);
    i.service_date = Some(d(2026, 8, 1));
    assert_eq!(triage(&i).path, Path::Close);
}
