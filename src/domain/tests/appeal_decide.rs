//! The appeal state machine as pure rules (no ledger): submission schedules the follow-up by
//! method (14 days after a portal, 30 after mail; domain notes), outcomes move money and offer
//! the next level on the Medicare ladder (42 CFR 405.1100 ff.), the item's working date follows.

use chrono::NaiveDate;

use crate::domain::appeal::{
    AppealContext, AppealOutcome, AppealRecord, AppealStage, AppealTrack, FollowUpDays, PacketEntry, SubmitMethod,
    decide,
};
use crate::domain::decision::Decision;
use crate::domain::money::Cents;
use crate::domain::workflow::{Snapshot, WorkState};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn appeal() -> AppealRecord {
    let packet = vec![
        PacketEntry { item: "notice".into(), label: "Denial notice".into(), required: true, done: false },
        PacketEntry { item: "notes".into(), label: "Clinical notes".into(), required: true, done: false },
    ];
    AppealRecord::opened(7, 1, AppealTrack::Medicare, d("2026-11-01"), Some(d("2027-02-28")), packet)
}

fn item() -> Snapshot {
    Snapshot {
        state: WorkState::Appealed,
        owner: None,
        decided_path: Some("appeal".into()),
        decided_on: Some("2026-11-01".into()),
        close_reason: None,
        close_note: None,
        closed_on: None,
        due_date: None,
        amount_cents: 50_000,
        recovered_cents: 0,
        appeal_id: Some(1),
        worked: true,
    }
}

#[test]
fn the_appeal_state_machine_needs_no_ledger() {
    let levels = crate::tables::builtin().appeal_levels;
    let cx = AppealContext { today: d("2026-11-23"), levels: &levels, followup: FollowUpDays::default() };
    let ticked = decide(&appeal(), &Decision::Packet { done: vec!["notice".into()] }, &cx, item()).unwrap();
    assert_eq!(ticked.detail, "packet: ticked Denial notice; 1 required item missing");
    let submit = Decision::Submit {
        method: SubmitMethod::Mail,
        on: d("2026-11-23"),
        confirmation: " 9912 ".into(),
        override_reason: "notes to follow".into(),
    };
    let sent = decide(&ticked.appeal, &submit, &cx, ticked.after).unwrap();
    assert_eq!(sent.appeal.stage, AppealStage::Submitted);
    assert_eq!(sent.appeal.followup_due, Some(d("2026-12-23")), "mail: 30 days");
    assert_eq!(sent.appeal.confirmation.as_deref(), Some("9912"));
    assert!(sent.detail.ends_with("packet override (notes to follow): missing Clinical notes"), "{}", sent.detail);
    assert_eq!(sent.after.due_date.as_deref(), Some("2026-12-23"), "the item is worked against the follow-up");
    // A partial payment: the rest stays at risk and level 2 (QIC) is offered with its deadline.
    let partial = Decision::Outcome {
        outcome: AppealOutcome::Partial,
        on: d("2026-12-10"),
        paid: Cents(20_000),
        info_due: None,
        note: String::new(),
    };
    let decided = decide(&sent.appeal, &partial, &cx, sent.after.clone()).unwrap();
    assert_eq!((decided.after.amount_cents, decided.after.recovered_cents), (30_000, 20_000));
    assert!(decided.detail.contains("partly overturned on 2026-12-10: paid $200.00, $300.00 still denied"));
    // 42 CFR 405.962: 180 days from receipt of the redetermination (decision + 5 days' mail):
    // 2026-12-15 + 180 = 2027-06-13, a Sunday, rolled to Monday on the Medicare track.
    assert!(decided.detail.contains("next: level 2 by 2027-06-14"), "{}", decided.detail);
    // Overturned in full closes the item's window on the day.
    let won = Decision::Outcome {
        outcome: AppealOutcome::Overturned,
        on: d("2026-12-10"),
        paid: Cents(50_000),
        info_due: None,
        note: "thanks".into(),
    };
    let closed = decide(&sent.appeal, &won, &cx, sent.after).unwrap();
    assert_eq!(closed.after.closed_on.as_deref(), Some("2026-11-23"));
    assert!(closed.detail.ends_with("; note: thanks"));
    // Not an appeal decision: said so, nothing assumed.
    assert!(decide(&appeal(), &Decision::Note { text: "x".into() }, &cx, item()).is_err());
}
