use crate::domain::acknowledge::{StatusOutcome, assess_status};
use crate::domain::code::{EntityCode, StatusCode, StcCategory};
use crate::domain::money::Cents;
use crate::domain::remit::{ClaimStatusRecord, PayerIdent, PersonName, StatusDetail, StatusSource};
use crate::domain::vocab::RootCause;
use crate::tables::builtin;

fn status(cat: &str, code: Option<&str>, entity: Option<&str>) -> StatusDetail {
    StatusDetail {
        category: StcCategory::new(cat).unwrap(),
        code: code.and_then(StatusCode::new),
        entity: entity.and_then(EntityCode::new),
    }
}

fn record(source: StatusSource, statuses: Vec<StatusDetail>) -> ClaimStatusRecord {
    ClaimStatusRecord {
        source,
        pcn: "PCN9".into(),
        payer_claim_no: None,
        payer: PayerIdent::default(),
        patient: PersonName::default(),
        member_id: None,
        provider_npi: None,
        provider_name: None,
        service_from: None,
        service_to: None,
        status_date: None,
        charge: Cents(19914),
        statuses,
    }
}

fn rejected(rec: &ClaimStatusRecord) -> crate::domain::acknowledge::RejectionFinding {
    match assess_status(rec, &builtin()) {
        Some(StatusOutcome::Rejected(r)) => r,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[test]
fn each_rejection_category_creates_work() {
    for cat in ["A3", "A4", "A6", "A7", "A8"] {
        let rec = record(StatusSource::Ack277Ca, vec![status(cat, Some("21"), None)]);
        assert_eq!(rejected(&rec).status.category.as_str(), cat);
    }
}

#[test]
fn entity_decides_the_root_cause_of_entity_codes() {
    let rec = record(StatusSource::Ack277Ca, vec![status("A7", Some("562"), Some("85"))]);
    let r = rejected(&rec);
    assert_eq!(r.category, RootCause::ClaimData);
    assert_eq!(r.reason_code(), "A7:562:85");
    let rec = record(StatusSource::Ack277Ca, vec![status("A7", Some("145"), Some("IL"))]);
    assert_eq!(rejected(&rec).category, RootCause::Eligibility);
    let rec = record(StatusSource::Ack277Ca, vec![status("A6", Some("33"), None)]);
    assert_eq!(rejected(&rec).category, RootCause::Eligibility);
}

#[test]
fn unknown_status_codes_default_to_claim_data() {
    let rec = record(StatusSource::Ack277Ca, vec![status("A3", Some("9999"), None)]);
    assert_eq!(rejected(&rec).category, RootCause::ClaimData);
}

#[test]
fn accepted_categories_accept_and_status_responses_only_inform() {
    let t = builtin();
    let rec = record(StatusSource::Ack277Ca, vec![status("A2", Some("20"), None)]);
    assert!(matches!(assess_status(&rec, &t), Some(StatusOutcome::Accepted(_))));
    // A rejection anywhere among the statuses wins over an acceptance.
    let rec = record(StatusSource::Ack277Ca, vec![status("A1", Some("19"), None), status("A7", Some("21"), None)]);
    assert!(matches!(assess_status(&rec, &t), Some(StatusOutcome::Rejected(_))));
    // A 277 status response never creates work, even with a rejection category.
    let rec = record(StatusSource::Status277, vec![status("A7", Some("21"), None)]);
    assert!(matches!(assess_status(&rec, &t), Some(StatusOutcome::Informational(_))));
    let rec = record(StatusSource::Ack277Ca, vec![status("P1", None, None)]);
    assert!(matches!(assess_status(&rec, &t), Some(StatusOutcome::Informational(_))));
    assert_eq!(assess_status(&record(StatusSource::Ack277Ca, vec![]), &t), None);
}

#[test]
fn receipts_are_not_acceptances() {
    // domain.md (277CA): A2 accepted and A5 split upon acceptance are acceptances; A0
    // (forwarded) and A1 (received) are receipts only: they resolve no rejection.
    let t = builtin();
    for cat in ["A2", "A5"] {
        let rec = record(StatusSource::Ack277Ca, vec![status(cat, Some("20"), None)]);
        assert!(matches!(assess_status(&rec, &t), Some(StatusOutcome::Accepted(_))), "{cat}");
    }
    for cat in ["A0", "A1"] {
        let rec = record(StatusSource::Ack277Ca, vec![status(cat, Some("19"), None)]);
        assert!(matches!(assess_status(&rec, &t), Some(StatusOutcome::Informational(_))), "{cat}");
    }
    // A receipt followed by an acceptance for the same claim: accepted.
    let rec = record(StatusSource::Ack277Ca, vec![status("A1", Some("19"), None), status("A2", Some("20"), None)]);
    assert!(matches!(assess_status(&rec, &t), Some(StatusOutcome::Accepted(_))));
}
