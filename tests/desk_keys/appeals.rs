//! Key flows of the Appeals and Write-offs tabs, the letter editor and bulk write-offs.
//! Included by `desk_keys.rs`, whose coverage check counts these presses too.

use super::*;
use overturn::domain::appeal::{AppealOutcome, AppealStage, AppealTrack, PacketEntry, SubmitMethod};
use overturn::letters::Composed;
use overturn::store::appeals::AppealRecord;
use overturn::store::queue_appeal::AppealBrief;
use overturn::tui::action::AppealDialog;

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn brief(id: i64, stage: AppealStage, missing: u32) -> AppealBrief {
    AppealBrief {
        id,
        level: 1,
        track: AppealTrack::Commercial,
        stage,
        deadline: Some("2027-01-10".parse().unwrap()),
        submitted_on: None,
        method: Some(SubmitMethod::Portal),
        confirmation: None,
        followup_due: None,
        info_due: None,
        outcome_on: Some("2026-11-20".parse().unwrap()),
        missing_required: missing,
        has_letter: false,
    }
}

fn record(id: i64) -> AppealRecord {
    let entry = |item: &str, required| PacketEntry { item: item.into(), label: item.into(), required, done: false };
    let packet = vec![entry("denial_notice", true), entry("clinical_notes", true), entry("receipt", false)];
    let deadline = Some("2027-01-10".parse().unwrap());
    AppealRecord { id, ..AppealRecord::opened(id, 1, AppealTrack::Commercial, today(), deadline, packet) }
}

/// The Appeals tab with three appeals: preparing (2 required items missing), submitted, upheld.
fn appeals_app() -> App {
    let mut a = app(3);
    let stages = [(AppealStage::Preparing, 2), (AppealStage::Submitted, 0), (AppealStage::Upheld, 0)];
    let v = &mut a.views[Tab::Appeals.index()];
    v.rows = (1..=3).map(|i| row(i, "denial", true)).collect();
    for (r, (stage, missing)) in v.rows.iter_mut().zip(stages) {
        r.state = overturn::domain::workflow::WorkState::Appealed;
        r.appeal = Some(brief(r.id, stage, missing));
    }
    v.loaded = true;
    a.tab = Tab::Appeals;
    a
}

fn decide_effect(fx: &[Effect]) -> &Decision {
    match fx {
        [Effect::Decide { decision, .. }] => decision,
        other => panic!("expected one decision, got {other:?}"),
    }
}

pub fn packet_and_submission() {
    let mut a = appeals_app();
    let (_, fx) = press(&mut a, ch('p'));
    assert_eq!(fx, vec![Effect::LoadAppeal { id: 1, purpose: AppealDialog::Packet }]);
    update(&mut a, Action::AppealLoaded { purpose: AppealDialog::Packet, appeal: Box::new(record(1)) });
    press(&mut a, ch(' '));
    press(&mut a, ch(' ')); // Space ticks and moves on
    let (_, fx) = press(&mut a, key(KeyCode::Enter));
    assert_eq!(decide_effect(&fx), &Decision::Packet { done: vec!["denial_notice".into(), "clinical_notes".into()] });
    a.dialog = None;

    // Submitting with required items unticked asks for the override reason.
    let (_, fx) = press(&mut a, ch('S'));
    assert_eq!(fx, vec![Effect::LoadAppeal { id: 1, purpose: AppealDialog::Submit }]);
    update(&mut a, Action::AppealLoaded { purpose: AppealDialog::Submit, appeal: Box::new(record(1)) });
    press(&mut a, key(KeyCode::Down));
    press(&mut a, key(KeyCode::Down)); // mail
    assert_eq!(press(&mut a, key(KeyCode::Enter)).1, vec![]);
    let problem = a.dialog.as_ref().unwrap().problem.clone().unwrap();
    assert!(problem.starts_with("required packet items unticked (denial_notice, clinical_notes)"), "{problem}");
    for _ in 0..3 {
        press(&mut a, key(KeyCode::Tab));
    }
    for c in "sent anyway".chars() {
        press(&mut a, ch(c));
    }
    let (_, fx) = press(&mut a, key(KeyCode::Enter));
    assert_eq!(
        decide_effect(&fx),
        &Decision::Submit {
            method: SubmitMethod::Mail,
            on: today(),
            confirmation: String::new(),
            override_reason: "sent anyway".into()
        }
    );
    a.dialog = None;
    let (act, _) = press(&mut a, ch('O'));
    assert_eq!(act, Action::Refused("outcome unavailable: the appeal has not been submitted yet".into()));
    let (act, _) = press(&mut a, ch('f'));
    assert_eq!(act, Action::Refused("fix unavailable: an appeal is open for it".into()));
}

pub fn outcome_follow_up_and_next_level() {
    let mut a = appeals_app();
    press(&mut a, ch('j'));
    press(&mut a, ch('O'));
    assert_eq!(press(&mut a, key(KeyCode::Enter)).1, vec![], "no amount is assumed for an overturn");
    assert_eq!(a.dialog.as_ref().unwrap().problem.as_deref(), Some("Amount paid: '' is not an amount"));
    press(&mut a, key(KeyCode::Down));
    press(&mut a, key(KeyCode::Down)); // upheld
    let (_, fx) = press(&mut a, key(KeyCode::Enter));
    let want = Decision::Outcome {
        outcome: AppealOutcome::Upheld,
        on: today(),
        paid: Cents::ZERO,
        info_due: None,
        note: String::new(),
    };
    assert_eq!(decide_effect(&fx), &want);
    a.dialog = None;
    press(&mut a, ch('F'));
    assert!(
        matches!(&a.dialog.as_ref().unwrap().kind, Kind::FollowUp { next } if next.starts_with("2026-12-07 (14 days"))
    );
    let (_, fx) = press(&mut a, key(KeyCode::Enter));
    assert_eq!(decide_effect(&fx), &Decision::FollowUp { note: String::new() });
    a.dialog = None;
    // The upheld appeal offers level 2, 60 days from its decision (Sat 2027-01-19 -> Tue 01-19).
    press(&mut a, ch('j'));
    press(&mut a, ch('a'));
    let kind = &a.dialog.as_ref().unwrap().kind;
    assert!(matches!(kind, Kind::Appeal { level, .. } if level == "level 2: Second-level appeal"), "{kind:?}");
}

pub fn the_letter_editor() {
    let mut a = appeals_app();
    let (_, fx) = press(&mut a, ch('L'));
    assert_eq!(fx, vec![Effect::LoadLetter { id: 1, fresh: false }]);
    let composed =
        Composed { text: "Dear reviewer,\n".into(), saved: false, level: Some(1), data: sample(), packet: Vec::new() };
    update(&mut a, Action::LetterLoaded { id: 1, composed: Box::new(composed), fresh: false });
    assert_eq!(overturn::tui::keymap::scope(&a), overturn::tui::keymap::Scope::Letter);
    for c in "Hi ".chars() {
        assert_eq!(press(&mut a, ch(c)).0, Action::LetterKey(ch(c)));
    }
    let (_, fx) = press(&mut a, ctrl('s'));
    assert_eq!(decide_effect(&fx), &Decision::Letter { text: "Hi Dear reviewer,\n".into() });
    update(&mut a, Action::Decided { summary: "letter saved".into(), applied: vec![] });
    assert!(!a.letter.as_ref().unwrap().unsaved());
    // The saved letter is not replaced by the template without asking.
    let (_, fx) = press(&mut a, ctrl('r'));
    assert_eq!(fx, vec![]);
    assert!(matches!(&a.status, Some(Status::Error(e)) if e.starts_with("this letter is the saved one: Ctrl-R again")));
    let (_, fx) = press(&mut a, ctrl('r'));
    assert_eq!(fx, vec![Effect::LoadLetter { id: 1, fresh: true }]);
    let fresh = Composed {
        text: "From the template\n".into(),
        saved: false,
        level: Some(1),
        data: sample(),
        packet: Vec::new(),
    };
    update(&mut a, Action::LetterLoaded { id: 1, composed: Box::new(fresh), fresh: true });
    // An untouched rendering starts over at once; an edited one asks again.
    assert_eq!(press(&mut a, ctrl('r')).1, vec![Effect::LoadLetter { id: 1, fresh: true }]);
    press(&mut a, ch('x'));
    assert_eq!(press(&mut a, ctrl('r')).1, vec![]);
    assert!(matches!(&a.status, Some(Status::Error(e)) if e.starts_with("this letter is edited: Ctrl-R again")));
    press(&mut a, key(KeyCode::Backspace));
    press(&mut a, key(KeyCode::Esc));
    assert!(a.letter.is_some(), "unsaved changes are not dropped by one Esc");
    assert!(matches!(&a.status, Some(Status::Error(e)) if e.starts_with("unsaved changes")));
    press(&mut a, key(KeyCode::Esc));
    assert!(a.letter.is_none());
}

pub fn write_offs_tab() {
    let mut a = app(2);
    let v = &mut a.views[Tab::WriteOffs.index()];
    v.rows = vec![row(1, "denial", true), row(2, "denial", true)];
    for r in &mut v.rows {
        r.state = overturn::domain::workflow::WorkState::WrittenOff;
        r.close_reason = Some("non_covered".into());
    }
    v.rows[1].appeal_deadline = Some("2026-11-01".parse().unwrap());
    v.rows[1].appeal_last = Some("2026-11-01".parse().unwrap());
    v.rows[1].filing_deadline = Some("2026-10-30".parse().unwrap());
    v.rows[1].filing_last = Some("2026-10-30".parse().unwrap());
    v.loaded = true;
    a.tab = Tab::WriteOffs;
    press(&mut a, ch('R'));
    assert!(
        matches!(&a.dialog.as_ref().unwrap().kind, Kind::Reopen { reason, .. } if reason.starts_with("Non-covered"))
    );
    let (_, fx) = press(&mut a, key(KeyCode::Enter));
    assert_eq!(decide_effect(&fx), &Decision::Reopen { note: String::new(), force: String::new() });
    a.dialog = None;
    press(&mut a, ch('j'));
    // Past every last possible date: the dialog says so and asks for the reason to go ahead.
    press(&mut a, ch('R'));
    assert!(matches!(&a.dialog.as_ref().unwrap().kind, Kind::Reopen { refused: Some(why), .. }
            if why == "reopen unavailable: the appeal window closed on 2026-11-01; give a reason to go ahead anyway"));
    press(&mut a, key(KeyCode::Enter));
    let problem = a.dialog.as_ref().and_then(|d| d.problem.clone()).unwrap_or_default();
    assert!(problem.starts_with("Reason to go ahead anyway: type it first"), "{problem}");
    for c in "good cause".chars() {
        press(&mut a, ch(c));
    }
    let (_, fx) = press(&mut a, key(KeyCode::Enter));
    assert_eq!(decide_effect(&fx), &Decision::Reopen { note: String::new(), force: "good cause".into() });
    a.dialog = None;
    let (_, fx) = press(&mut a, ch('T'));
    assert!(matches!(&fx[..], [Effect::LoadWriteOffTotals { .. }]));
    update(&mut a, Action::WriteOffTotalsLoaded(Default::default()));
    assert!(a.writeoff_totals.is_some());
    press(&mut a, key(KeyCode::Esc));
    assert!(a.writeoff_totals.is_none(), "Esc closes the totals");
    let (act, _) = press(&mut a, ch('W'));
    assert!(matches!(act, Action::Refused(w) if w.contains("Rejections and Denials")));
}

pub fn small_write_offs_in_bulk() {
    use overturn::store::decisions::Seen;
    let mut a = app(3);
    let (_, fx) = press(&mut a, ch('W'));
    assert!(matches!(&fx[..], [Effect::LoadBulkCandidates { tab: Tab::Denials, .. }]));
    update(&mut a, Action::BulkCandidates(vec![]));
    assert_eq!(a.status, Some(Status::Info("nothing open under $25.00 in this view to write off".into())));
    let target =
        |id, cents, version| overturn::tui::view_state::Target { id, amount: Cents(cents), version: Some(version) };
    update(&mut a, Action::BulkCandidates(vec![target(1, 1_000, 0), target(3, 2_400, 2)]));
    assert_eq!(a.dialog.as_ref().unwrap().scope(), "2 items, $34.00");
    let (_, fx) = press(&mut a, key(KeyCode::Enter));
    // Written off as listed: the versions go with the decision (a change meanwhile refuses it).
    let listed = vec![Seen { id: 1, version: 0 }, Seen { id: 3, version: 2 }];
    assert!(matches!(&fx[..], [Effect::Decide { ids, seen, decision: Decision::Close { reason, .. }, .. }]
        if ids == &vec![1, 3] && seen == &listed && reason == "below_threshold"));
}

fn sample() -> overturn::letters::LetterData {
    overturn::letters::LetterData::sample(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
}

/// x and X write the letter or the packet as a PDF; without the practice's details the desk
/// asks for them, checks them, saves them and carries on with what the key was for.
pub fn paper_from_the_desk() {
    use overturn::tui::effect::PaperJob;
    use overturn::tui::keymap::{Scope, scope};
    let mut a = appeals_app();
    assert_eq!(press(&mut a, ch('x')).1, vec![Effect::WritePdf { id: 1, packet: false }]);
    assert_eq!(press(&mut a, ch('X')).1, vec![Effect::WritePdf { id: 1, packet: true }]);
    update(&mut a, Action::PdfWritten("wrote packet-1-level1.pdf in /letters".into()));
    assert!(matches!(&a.status, Some(Status::Info(s)) if s == "wrote packet-1-level1.pdf in /letters"));

    let missing = vec!["name", "address", "phone", "npi", "tin", "fax"];
    update(&mut a, Action::PracticeNeeded { missing, id: 1, job: PaperJob::PacketPdf });
    assert_eq!(scope(&a), Scope::DialogText);
    assert_eq!(press(&mut a, key(KeyCode::Enter)).1, vec![]);
    assert_eq!(a_problem(&a), "Practice name: type it first (payers need it on an appeal)");
    for (text, last) in [
        ("Harbor Clinic", false),
        ("9 Pier St | Bath, ME 04530", false),
        ("(207) 555-0100", false),
        ("1234567890", false),
        ("98-7654321", true),
    ] {
        text.chars().for_each(|c| {
            press(&mut a, ch(c));
        });
        if !last {
            press(&mut a, key(KeyCode::Tab));
        }
    }
    assert_eq!(press(&mut a, key(KeyCode::Enter)).1, vec![]);
    assert!(a_problem(&a).starts_with("Billing NPI: '1234567890' is not an NPI"), "{}", a_problem(&a));
    // Back to the NPI (fax, then round to the first field), retype it.
    for _ in 0..5 {
        press(&mut a, key(KeyCode::Tab));
    }
    press(&mut a, ctrl('u'));
    "1234567893".chars().for_each(|c| {
        press(&mut a, ch(c));
    });
    let (_, fx) = press(&mut a, key(KeyCode::Enter));
    let values = vec![
        ("name", "Harbor Clinic".to_string()),
        ("address", "9 Pier St\nBath, ME 04530".to_string()),
        ("phone", "(207) 555-0100".to_string()),
        ("npi", "1234567893".to_string()),
        ("tin", "98-7654321".to_string()),
    ];
    assert_eq!(fx, vec![Effect::SavePractice { values, then: Some((1, PaperJob::PacketPdf)) }]);
    let fx = update(&mut a, Action::PracticeSaved { summary: "saved".into(), then: Some((1, PaperJob::PacketPdf)) });
    assert_eq!(fx, vec![Effect::WritePdf { id: 1, packet: true }], "then the packet it was asked for");
    assert!(a.dialog.is_none());
}

fn a_problem(a: &App) -> String {
    a.dialog.as_ref().and_then(|d| d.problem.clone()).unwrap_or_default()
}
