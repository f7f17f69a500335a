use chrono::NaiveDate;

use crate::domain::code::{Carc, Rarc};
use crate::domain::money::Cents;
use crate::domain::payer_rules::{ResolvedRule, resolve_rule};
use crate::domain::remarks::RemarkRules;
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
        remarks: RemarkRules::default(),
        patient_liable: false,
        hard: false,
        institutional: false,
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
    assert_eq!((r.plan, r.source.as_str()), (PlanType::Medicare, "payers.csv: noridian_je (medicare)"));
    assert_eq!(r.because, "filing indicator MB (medicare) and the name contains 'NORIDIAN'");
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
    // 42 CFR 405.942: 2026-10-16 + 5 = 10-21; + 120 days = 2027-02-18 (Thursday).
    assert_eq!(tri.appeal.as_ref().unwrap().date, d(2027, 2, 18));
    assert_eq!(tri.appeal.as_ref().unwrap().last, Some(d(2027, 2, 18)));
    // A processed Part B claim is corrected by reopening within 1 year of the initial
    // determination (42 CFR 405.980(b)(1)): 2026-10-16 + 12 months = 2027-10-16 (Saturday),
    // rolled to Monday 2027-10-18.
    assert_eq!(tri.filing.as_ref().unwrap().date, d(2027, 10, 18));
    assert_eq!(tri.resubmit, crate::domain::vocab::Resubmit::Reopening);
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
    let ma130 = Rarc::new("MA130").unwrap();
    i.remarks = RemarkRules { path: Some((Path::Fix, ma130)), no_appeal: Some(ma130), resubmit: None };
    let tri = triage(&i);
    assert_eq!(tri.path, Path::Fix);
    assert!(tri.path_reason.starts_with("MA130"), "{}", tri.path_reason);
}

#[test]
fn closed_windows_change_the_path() {
    let t = builtin();
    let rule = resolve_rule(&t, &payer("AETNA", None), Some("CI"));
    // Fix path: Aetna's refile window (DOS 2026-03-03 + 90 days = 06-01 aim, + 180 days =
    // 08-30 at the latest, Seed 003) closed; the appeal is still open: appeal.
    let mut i = input(&rule, "CO-4", Path::Fix);
    i.service_date = Some(d(2026, 3, 3));
    let tri = triage(&i);
    assert_eq!(tri.path, Path::Appeal);
    assert_eq!(tri.path_reason, "refile window closed on 2026-08-30; appeal instead");
    // Only its aim date passed (DOS 2026-07-01: aim 09-29, last 12-28): still a fix, late.
    i.service_date = Some(d(2026, 7, 1));
    let tri = triage(&i);
    assert_eq!(tri.path, Path::Fix);
    assert!(
        tri.path_reason.contains("refile aim date 2026-09-29 passed; open until 2026-12-28"),
        "{}",
        tri.path_reason
    );
    assert_eq!(tri.factors.urgency, crate::domain::priority::URGENCY_LATE);
    // Appeal path with the appeal window closed but the refile window open: correct instead.
    let mut i = input(&rule, "CO-50", Path::Appeal);
    i.notice_date = Some(d(2026, 1, 2));
    assert_eq!(triage(&i).path_reason, "appeal window closed on 2026-07-01; correct and resubmit instead");
    // Both closed (DOS 2025-12-01 + 180 days = 2026-05-30): close, and urgency drops.
    i.service_date = Some(d(2025, 12, 1));
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
    // Aim passed (2026-10-30) but Aetna takes claims up to 180 days (2027-01-28): fix, late.
    i.service_date = Some(d(2026, 8, 1));
    let tri = triage(&i);
    assert_eq!(tri.path, Path::Fix);
    assert_eq!(tri.last, Some(d(2027, 1, 28)));
    // Past the last date too (2026-01-02 + 180 days = 2026-07-01): close.
    i.service_date = Some(d(2026, 1, 2));
    let tri = triage(&i);
    assert_eq!(tri.path, Path::Close);
    assert_eq!(tri.path_reason, "filing window closed on 2026-07-01: the claim can no longer be filed");
}

/// A claim the payer never answered is followed up whatever its dollars and dates: never a
/// write-off suggestion (its submission is the proof of timely filing), never an appeal.
#[test]
fn a_claim_with_no_answer_is_followed_up_never_closed() {
    let t = builtin();
    let rule = resolve_rule(&t, &payer("AETNA", Some("60054")), Some("CI"));
    let no_answer = |service: NaiveDate, at_risk: i64| {
        let mut i = input(&rule, "NO-REMIT", Path::Fix);
        i.kind = WorkKind::NoResponse;
        i.reason_label = "accepted 2026-01-10; no remit 40 days after submission";
        i.appealable = false;
        i.notice_date = None;
        i.service_date = Some(service);
        i.at_risk = Cents(at_risk);
        triage(&i)
    };
    // Within Aetna's 90-day filing limit (payers.csv: aim 2027-01-18 from 2026-10-20).
    let open = no_answer(d(2026, 10, 20), 31_000);
    assert_eq!((open.path, open.due, open.appeal), (Path::Fix, Some(d(2027, 1, 18)), None));
    assert!(open.path_reason.starts_with("accepted 2026-01-10; no remit 40 days after submission: call the payer"));
    // Below the write-off threshold, and past even the last possible filing date: still a follow-up.
    let late = no_answer(d(2025, 1, 10), 900);
    assert_eq!(late.path, Path::Fix);
    assert!(late.path_reason.contains("the filing window closed on 2025-07-09"), "{}", late.path_reason);
    assert!(late.path_reason.contains("proof of timely filing"), "{}", late.path_reason);
}
