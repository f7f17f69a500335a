use super::{adj, claim, lq};
use crate::domain::classify::{DenialFinding, classify_claim};
use crate::domain::code::GroupCode::{Co, Oa, Pr};
use crate::domain::money::Cents;
use crate::domain::remit::RemitClaim;
use crate::domain::tables::Tables;
use crate::domain::vocab::{Path, RootCause, Team};
use crate::tables::builtin;

/// The claim's one denied part, if any (these claims never split).
fn one(c: &RemitClaim, t: &Tables) -> Option<DenialFinding> {
    let mut parts = classify_claim(c, t).parts;
    assert!(parts.len() <= 1, "expected at most one part, got {parts:?}");
    parts.pop()
}

#[test]
fn paid_claim_with_fee_schedule_and_cost_share_is_not_a_denial() {
    let t = builtin();
    let c = claim("1", 20000, 12000, vec![adj(Co, "45", 5000), adj(Pr, "2", 3000)]);
    assert_eq!(one(&c, &t), None);
}

#[test]
fn co45_and_pr_alone_never_make_a_denial_even_at_zero_paid() {
    let t = builtin();
    let c = claim("1", 10000, 0, vec![adj(Co, "45", 4000), adj(Pr, "1", 6000)]);
    assert_eq!(one(&c, &t), None);
}

#[test]
fn clp02_4_is_a_denial_with_the_adjustment_as_root_cause() {
    let t = builtin();
    let c = claim("4", 15000, 0, vec![adj(Co, "197", 15000)]);
    let f = one(&c, &t).unwrap();
    assert_eq!(f.at_risk, Cents(15000));
    assert_eq!(f.reason_code(), "CO-197");
    assert_eq!(f.category, RootCause::Authorization);
    assert_eq!(f.team, Team::PriorAuth);
    assert!(f.full);
}

#[test]
fn creative_denial_processed_as_primary_with_nothing_paid() {
    let t = builtin();
    let c = claim("1", 8000, 0, vec![adj(Co, "27", 8000)]);
    let f = one(&c, &t).expect("CLP02=1, $0 paid, CO-27: a denial");
    assert_eq!(f.category, RootCause::Eligibility);
    assert_eq!(f.at_risk, Cents(8000));
}

#[test]
fn denied_without_any_adjustment_risks_the_unpaid_balance() {
    let t = builtin();
    let mut c = claim("4", 9000, 0, vec![]);
    c.patient_resp = Cents(1000);
    let f = one(&c, &t).unwrap();
    assert_eq!(f.at_risk, Cents(8000));
    assert_eq!(f.reason_code(), "CLP02-4");
    assert_eq!(f.category, RootCause::Unknown);
}

#[test]
fn line_level_denial_on_a_paid_claim_is_a_partial_denial() {
    let t = builtin();
    let mut c = claim("1", 30000, 10000, vec![adj(Co, "45", 5000)]);
    let mut denied_line = c.lines[0].clone();
    denied_line.procedure = "36415".into();
    denied_line.paid = Cents(0);
    denied_line.adjustments = vec![adj(Co, "97", 1500)];
    denied_line.remarks = vec![lq("M15")];
    c.lines.push(denied_line);
    let f = one(&c, &t).unwrap();
    assert_eq!(f.at_risk, Cents(1500));
    assert_eq!(f.category, RootCause::Bundling);
    assert_eq!(f.rarcs.first().map(|r| r.as_str()), Some("M15"));
    assert!(!f.full);
}

#[test]
fn reversals_are_never_denials() {
    let t = builtin();
    let c = claim("22", -31000, -21000, vec![adj(Co, "18", 10000)]);
    assert_eq!(one(&c, &t), None);
}

#[test]
fn carc_16_takes_its_root_cause_from_the_remark() {
    let t = builtin();
    let mut c = claim("4", 5000, 0, vec![adj(Co, "16", 5000)]);
    c.lines[0].remarks = vec![lq("N706")];
    let f = one(&c, &t).unwrap();
    assert_eq!(f.category, RootCause::MissingDocumentation);
    assert_eq!(f.team, Team::ClinicalDocs);

    let mut c = claim("4", 5000, 0, vec![adj(Co, "16", 5000)]);
    c.lines[0].remarks = vec![lq("MA130"), lq("N290")];
    let f = one(&c, &t).unwrap();
    assert_eq!(f.category, RootCause::ClaimData);
    assert_eq!(f.remarks.path.map(|(p, r)| (p, r.to_string())), Some((Path::Fix, "MA130".to_string())));
    assert_eq!(f.remarks.no_appeal.map(|r| r.to_string()), Some("MA130".to_string()));

    // Without a remark, CARC 16 keeps the table's category.
    let c = claim("4", 5000, 0, vec![adj(Co, "16", 5000)]);
    assert_eq!(one(&c, &t).unwrap().category, RootCause::Coding);
}

#[test]
fn a_specific_carc_is_not_overridden_by_a_remark() {
    let t = builtin();
    let mut c = claim("4", 5000, 0, vec![adj(Co, "197", 5000)]);
    c.lines[0].remarks = vec![lq("N706")];
    assert_eq!(one(&c, &t).unwrap().category, RootCause::Authorization);
}

#[test]
fn the_largest_denied_adjustment_is_primary_and_ties_keep_file_order() {
    let t = builtin();
    let c = claim("4", 10000, 0, vec![adj(Co, "4", 3000), adj(Co, "197", 7000)]);
    assert_eq!(one(&c, &t).unwrap().reason_code(), "CO-197");
    let c = claim("4", 10000, 0, vec![adj(Co, "4", 5000), adj(Co, "197", 5000)]);
    assert_eq!(one(&c, &t).unwrap().reason_code(), "CO-4");
}

#[test]
fn unknown_codes_still_classify_as_unknown() {
    let t = builtin();
    let c = claim("1", 4000, 0, vec![adj(Oa, "Z99", 4000)]);
    let f = one(&c, &t).expect("an unknown code on a line paid nothing is a denial flagged for review");
    assert_eq!(f.category, RootCause::Unknown);
    assert_eq!(f.reason_code(), "OA-Z99");
    // Issue 9: whatever its group, on a line paid nothing it is reviewed.
    let c = claim("1", 4000, 0, vec![adj(Pr, "Z99", 4000)]);
    assert_eq!(one(&c, &t).map(|f| f.category), Some(RootCause::Unknown));
}

#[test]
fn claim_level_and_line_level_adjustments_both_count() {
    let t = builtin();
    let mut c = claim("4", 10000, 0, vec![adj(Co, "50", 6000)]);
    c.adjustments = vec![adj(Co, "50", 4000)];
    assert_eq!(one(&c, &t).unwrap().at_risk, Cents(10000));
}
