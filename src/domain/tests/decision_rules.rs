use chrono::NaiveDate;

use super::*;
use crate::domain::appeal::AppealStage;
use crate::domain::tables::Choice;
use crate::domain::vocab::{PlanType, RootCause};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn today() -> NaiveDate {
    d("2026-11-23")
}

fn levels() -> Vec<AppealLevel> {
    crate::tables::builtin().appeal_levels
}

fn item() -> ItemStatus<'static> {
    ItemStatus {
        kind: WorkKind::Denial,
        state: WorkState::Open,
        appealable: true,
        appeal_deadline: Some(d("2027-01-15")),
        appeal_last: Some(d("2027-01-15")),
        filing_deadline: Some(d("2027-02-01")),
        filing_last: Some(d("2027-02-01")),
        no_appeal: None,
        forced: false,
        reason_code: "CO-29",
        reason_label: "Filing time limit expired",
        plan: PlanType::Medicare,
        category: RootCause::MedicalNecessity,
        amount: Cents(25_000),
        appeal: None,
    }
}

fn appealed(stage: AppealStage, level: u8) -> ItemStatus<'static> {
    let appeal = AppealStatus { level, stage, missing_required: 0, decided_on: Some(d("2026-11-20")) };
    ItemStatus { state: WorkState::Appealed, appeal: Some(appeal), ..item() }
}

#[test]
fn open_denials_take_every_decision() {
    assert_eq!(can_fix(&item(), today()), Ok(()));
    let next = can_appeal(&item(), &levels(), today()).unwrap();
    assert_eq!((next.level, next.deadline), (1, Some(d("2027-01-15"))));
    assert_eq!(next.name, "Redetermination");
    assert_eq!(can_close(&item()), Ok(()));
}

#[test]
fn refusals_say_why() {
    let ls = levels();
    let not = ItemStatus { appealable: false, ..item() };
    assert_eq!(
        can_appeal(&not, &ls, today()).unwrap_err(),
        "appeal unavailable: CO-29 Filing time limit expired is not appealable on medicare"
    );
    let late = ItemStatus { appeal_deadline: Some(d("2026-11-20")), appeal_last: Some(d("2026-11-20")), ..item() };
    assert_eq!(
        can_appeal(&late, &ls, today()).unwrap_err(),
        "appeal unavailable: the level 1 window closed on 2026-11-20; give a reason to go ahead anyway"
    );
    // Medicare accepts late requests for good cause: with a recorded reason the appeal opens.
    assert!(forceable(&late, |s| can_appeal(s, &ls, today())));
    assert_eq!(can_appeal(&ItemStatus { forced: true, ..late }, &ls, today()).unwrap().level, 1);
    // A plan rule (CO-29 on Medicare, MCPM ch. 1 sec. 70.4) is not lifted by a reason.
    assert!(!forceable(&not, |s| can_appeal(s, &ls, today())));
    let rejection = ItemStatus { kind: WorkKind::Rejection, ..item() };
    assert!(can_appeal(&rejection, &ls, today()).unwrap_err().contains("never reached adjudication"));
    let resubmitted = ItemStatus { state: WorkState::Resubmitted, ..item() };
    assert!(can_fix(&resubmitted, today()).unwrap_err().contains("waiting for the payer"));
    let under = appealed(AppealStage::Submitted, 1);
    assert_eq!(
        can_appeal(&under, &ls, today()).unwrap_err(),
        "appeal unavailable: already under appeal (level 1 is submitted)"
    );
    assert_eq!(can_close(&under), Ok(()), "an appeal can still be abandoned");
    let written_off = ItemStatus { state: WorkState::WrittenOff, ..item() };
    assert_eq!(can_close(&written_off).unwrap_err(), "close unavailable: it is written off");
    assert_eq!(can_fix(&written_off, today()).unwrap_err(), "fix unavailable: it is written off");
}

#[test]
fn an_upheld_appeal_opens_the_next_level_with_its_own_window() {
    let ls = levels();
    // Medicare level 2 (QIC): decision 2026-11-20 + 5 mail days + 180 days = 2027-05-24 (Mon).
    let next = can_appeal(&appealed(AppealStage::Upheld, 1), &ls, today()).unwrap();
    assert_eq!((next.level, next.deadline), (2, Some(d("2027-05-24"))));
    assert!(next.basis.unwrap().starts_with("level 1 decided 2026-11-20 + 5 mail days"));
    // ALJ needs $200 in controversy for requests filed in 2026 (CMS-4209-N, 90 FR 55869).
    let small = ItemStatus { amount: Cents(19_500), ..appealed(AppealStage::Upheld, 2) };
    let e = can_appeal(&small, &ls, today()).unwrap_err();
    assert!(e.contains("needs at least $200.00 in controversy for requests filed in 2026"), "{e}");
    // ... and $190 for requests filed in 2025.
    assert!(can_appeal(&small, &ls, d("2025-12-31")).is_ok());
    let exhausted = appealed(AppealStage::Upheld, 5);
    assert!(can_appeal(&exhausted, &ls, today()).unwrap_err().contains("appeals exhausted"));
    // A commercial level 2 window that has passed: 2026-09-01 + 60 days = Sat 10-31 (no roll is
    // published for commercial plans).
    let old =
        AppealStatus { level: 1, stage: AppealStage::Upheld, missing_required: 0, decided_on: Some(d("2026-09-01")) };
    let commercial = ItemStatus { plan: PlanType::Commercial, appeal: Some(old), ..appealed(AppealStage::Upheld, 1) };
    assert_eq!(
        can_appeal(&commercial, &ls, today()).unwrap_err(),
        "appeal unavailable: the level 2 window closed on 2026-10-31; give a reason to go ahead anyway"
    );
}

#[test]
fn submission_needs_the_required_packet_or_an_override() {
    let mut s = appealed(AppealStage::Preparing, 1);
    s.appeal.as_mut().unwrap().missing_required = 2;
    assert_eq!(
        can_submit(&s, false).unwrap_err(),
        "submit: 2 required packet items are unticked; tick them or give an override reason"
    );
    assert_eq!(can_submit(&s, true), Ok(()));
    assert!(can_submit(&appealed(AppealStage::Submitted, 1), true).unwrap_err().contains("level 1 is submitted"));
    assert_eq!(can_submit(&appealed(AppealStage::InfoRequested, 1), false), Ok(()));
    assert!(can_submit(&item(), true).unwrap_err().contains("no appeal is open"));
}

#[test]
fn outcomes_and_follow_ups_wait_for_the_submission() {
    let preparing = appealed(AppealStage::Preparing, 1);
    assert!(can_record_outcome(&preparing).unwrap_err().contains("not been submitted"));
    assert!(can_follow_up(&preparing).unwrap_err().contains("not been submitted"));
    assert_eq!(can_record_outcome(&appealed(AppealStage::Submitted, 1)), Ok(()));
    assert_eq!(can_follow_up(&appealed(AppealStage::InfoRequested, 1)), Ok(()));
    assert!(can_prepare(&appealed(AppealStage::Upheld, 1), "packet").unwrap_err().contains("level 1 is upheld"));
}

#[test]
fn write_off_policy_keeps_below_threshold_for_small_items() {
    let below =
        Choice { code: BELOW_THRESHOLD.into(), label: "Below the write-off threshold".into(), needs_note: false };
    let other = Choice { code: "other".into(), label: "Other".into(), needs_note: true };
    let threshold = Cents(2_500);
    assert_eq!(can_write_off_as(Some(&below), "", Cents(2_499), threshold), Ok(()));
    let big = can_write_off_as(Some(&below), "", Cents(4_000), threshold).unwrap_err();
    assert!(big.contains("applies under $25.00; this item has $40.00"), "{big}");
    assert_eq!(can_write_off_as(Some(&other), " ", Cents(1), threshold).unwrap_err(), "close: 'Other' needs a note");
    assert_eq!(can_write_off_as(Some(&other), "gone", Cents(9_000), threshold), Ok(()));
    assert!(can_write_off_as(None, "", Cents(1), threshold).is_err());
}

#[test]
fn a_write_off_reopens_only_while_its_window_is_open() {
    let ls = levels();
    let w = ItemStatus { state: WorkState::WrittenOff, ..item() };
    assert_eq!(can_reopen(&w, &ls, today()), Ok(()));
    let late = ItemStatus {
        appeal_deadline: Some(d("2026-11-01")),
        appeal_last: Some(d("2026-11-01")),
        filing_deadline: Some(d("2026-10-30")),
        filing_last: Some(d("2026-10-30")),
        ..w
    };
    assert_eq!(
        can_reopen(&late, &ls, today()).unwrap_err(),
        "reopen unavailable: the appeal window closed on 2026-11-01; give a reason to go ahead anyway"
    );
    assert_eq!(can_reopen(&ItemStatus { forced: true, ..late }, &ls, today()), Ok(()));
    // Not appealable, but it can still be corrected and refiled until its filing deadline.
    let fixable = ItemStatus { appealable: false, appeal_deadline: None, appeal_last: None, ..w };
    assert_eq!(can_reopen(&fixable, &ls, today()), Ok(()));
    let neither = ItemStatus { filing_deadline: Some(d("2026-06-01")), filing_last: Some(d("2026-06-01")), ..fixable };
    assert_eq!(
        can_reopen(&neither, &ls, today()).unwrap_err(),
        "reopen unavailable: the filing window closed on 2026-06-01; give a reason to go ahead anyway"
    );
    let rejection = ItemStatus {
        kind: WorkKind::Rejection,
        filing_deadline: Some(d("2026-11-22")),
        filing_last: Some(d("2026-11-22")),
        ..w
    };
    assert!(can_reopen(&rejection, &ls, today()).unwrap_err().contains("the filing window closed on 2026-11-22"));
    assert!(can_reopen(&item(), &ls, today()).unwrap_err().contains("only written-off items"));
}

#[test]
fn a_fix_after_the_filing_windows_last_date_asks_for_a_reason() {
    // 42 CFR 424.44: a claim after the filing limit is denied; good cause exists, so the fix can
    // go ahead with the biller's recorded reason.
    let late = ItemStatus { filing_deadline: Some(d("2018-03-14")), filing_last: Some(d("2019-03-14")), ..item() };
    let e = can_fix(&late, today()).unwrap_err();
    assert!(e.contains("the filing window closed on 2019-03-14, 2811 days ago; give a reason"), "{e}");
    assert_eq!(can_fix(&ItemStatus { forced: true, ..late }, today()), Ok(()));
    // An aim date passed with no published last date: no refusal on a guess.
    let aim_only = ItemStatus { filing_deadline: Some(d("2026-01-01")), filing_last: None, ..item() };
    assert_eq!(can_fix(&aim_only, today()), Ok(()));
}

#[test]
fn each_write_off_reason_must_be_true_of_the_item() {
    use crate::domain::writeoff_rules::reason_applies;
    let t = Cents(2500);
    let ls = levels();
    let open = ItemStatus { reason_code: "CO-50", category: RootCause::MedicalNecessity, ..item() };
    let ok = |code: &str, s: &ItemStatus<'_>| reason_applies(code, s, t, &ls, today());
    // Below the threshold: only under it.
    assert!(ok("below_threshold", &open).unwrap_err().contains("applies under $25.00; this item has $250.00"));
    assert_eq!(ok("below_threshold", &ItemStatus { amount: Cents(2400), ..open }), Ok(()));
    // Timely filing: the window's last possible date passed, or the payer says so (CARC 29).
    let e = ok("timely_filing", &open).unwrap_err();
    assert!(e.contains("the filing window is open until 2027-02-01 (70 days)"), "{e}");
    let passed = ItemStatus { filing_deadline: Some(d("2026-01-01")), filing_last: Some(d("2026-06-01")), ..open };
    assert_eq!(ok("timely_filing", &passed), Ok(()));
    assert_eq!(ok("timely_filing", &ItemStatus { reason_code: "CO-29", ..open }), Ok(()));
    let guess = ItemStatus { filing_deadline: Some(d("2026-01-01")), filing_last: None, ..open };
    assert!(ok("timely_filing", &guess).unwrap_err().contains("no last possible date is published"));
    // Appeals exhausted: only after an unfavourable decision with no level left.
    assert!(ok("appeal_exhausted", &open).unwrap_err().contains("no appeal was made"));
    assert!(ok("appeal_exhausted", &appealed(AppealStage::Submitted, 1)).unwrap_err().contains("still open"));
    let upheld = appealed(AppealStage::Upheld, 1);
    assert!(ok("appeal_exhausted", &upheld).unwrap_err().contains("level 2"), "the QIC level is left");
    let last = ItemStatus { amount: Cents(100), ..appealed(AppealStage::Upheld, 2) };
    assert_eq!(ok("appeal_exhausted", &last), Ok(()), "under the ALJ amount in controversy: nothing left");
    // The others follow the denial's own root cause or group.
    assert!(ok("duplicate_paid", &open).is_err());
    assert_eq!(ok("duplicate_paid", &ItemStatus { category: RootCause::Duplicate, ..open }), Ok(()));
    assert!(ok("patient_responsibility", &open).is_err());
    assert_eq!(ok("patient_responsibility", &ItemStatus { reason_code: "PR-96", ..open }), Ok(()));
    assert_eq!(ok("non_covered", &open), Ok(()));
    assert!(ok("non_covered", &ItemStatus { category: RootCause::ClaimData, ..open }).is_err());
    assert_eq!(ok("other", &open), Ok(()));
}
