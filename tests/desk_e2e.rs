//! End to end: a ledger from the fixtures, worked from the keyboard: three denials (a fix, an
//! appeal, a close with a reason) and a rejection; the ledger and its audit trail checked.

mod common;

use std::sync::Arc;

use overturn::tui::app::{App, Tab};
use overturn::tui::io::DeskIo;
use overturn::tui::keymap::action_for;
use overturn::tui::theme::Theme;
use overturn::tui::{dispatch, start};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App, io: &mut DeskIo, code: KeyCode) {
    let action =
        action_for(app, &KeyEvent::new(code, KeyModifiers::NONE)).unwrap_or_else(|| panic!("{code:?} did nothing"));
    dispatch(app, io, action);
}

fn type_text(app: &mut App, io: &mut DeskIo, text: &str) {
    for c in text.chars() {
        press(app, io, KeyCode::Char(c));
    }
}

/// Moves the cursor to the row of `pcn` in the current tab.
fn select(app: &mut App, io: &mut DeskIo, pcn: &str) {
    press(app, io, KeyCode::Home);
    for _ in 0..50 {
        if app.selected().is_some_and(|r| r.pcn == pcn) {
            return;
        }
        press(app, io, KeyCode::Down);
    }
    panic!("{pcn} not in {:?}", app.tab);
}

#[test]
fn a_morning_at_the_desk() {
    let (_g, mut store) = common::ledger();
    for f in ["remits-a.835", "acks-a.277"] {
        assert!(common::import(&mut store, &common::fixture(f)).error.is_none());
    }
    let tables = Arc::new(overturn::tables::builtin());
    let mut io =
        DeskIo::new(store, tables.clone(), "dana".into(), common::today(), None).with_fixed_now("2026-11-23T16:05:00Z");
    let mut app = App::new(common::today(), tables, Theme { color: false }, "t.db".into(), false);
    dispatch(&mut app, &mut io, overturn::tui::action::Action::Resize(120, 35));
    start(&mut app, &mut io);
    assert_eq!(app.tab, Tab::Rejections, "rejections first: they have a 24-hour SLA");

    // The rejection: fix the billing provider NPI and resubmit.
    select(&mut app, &mut io, "R1");
    press(&mut app, &mut io, KeyCode::Char('f'));
    // A7:562:85 names the billing provider's NPI: the dialog opens with it ticked.
    let d = app.dialog.as_ref().unwrap();
    let overturn::tui::dialog::Kind::Fix { fields, .. } = &d.kind else { panic!() };
    let ticked: Vec<&str> = fields.iter().filter(|(_, on)| *on).map(|(c, _)| c.code.as_str()).collect();
    assert_eq!((ticked, fields[d.cursor].0.code.as_str()), (vec!["billing_npi"], "billing_npi"));
    press(&mut app, &mut io, KeyCode::Enter);
    assert!(app.dialog.is_none(), "{:?}", app.dialog);

    // Denial 1: CO-16 with MA130: fix the member ID.
    press(&mut app, &mut io, KeyCode::Char('2'));
    select(&mut app, &mut io, "A104");
    press(&mut app, &mut io, KeyCode::Char('f'));
    press(&mut app, &mut io, KeyCode::Char(' ')); // Member ID
    press(&mut app, &mut io, KeyCode::Tab);
    type_text(&mut app, &mut io, "new card scanned");
    press(&mut app, &mut io, KeyCode::Enter);

    // Denial 2: CO-29 on Aetna: appeal with proof of timely filing.
    select(&mut app, &mut io, "A105");
    press(&mut app, &mut io, KeyCode::Char('a'));
    press(&mut app, &mut io, KeyCode::Tab);
    type_text(&mut app, &mut io, "clearinghouse receipt attached");
    press(&mut app, &mut io, KeyCode::Enter);
    assert_eq!(app.totals[Tab::Appeals.index()].count, 1);

    // Denial 3: the $15 CO-97 line: close below the threshold.
    select(&mut app, &mut io, "A101");
    press(&mut app, &mut io, KeyCode::Char('c'));
    press(&mut app, &mut io, KeyCode::Enter); // first reason: below the write-off threshold
    assert_eq!(app.totals[Tab::WriteOffs.index()].count, 1);

    // Assign the remaining work.
    select(&mut app, &mut io, "A102");
    press(&mut app, &mut io, KeyCode::Char('o'));
    type_text(&mut app, &mut io, "lee");
    press(&mut app, &mut io, KeyCode::Enter);

    let store = io.sqlite().unwrap();
    let state = |pcn: &str| {
        common::text(store, &format!(
        "SELECT w.state || ' ' || w.queue || ' ' || coalesce(w.decided_path, '-') || ' ' || coalesce(w.close_reason, '-') || ' ' || coalesce(w.owner, '-')
         FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = '{pcn}'"))
    };
    assert_eq!(state("R1"), "resubmitted waiting fix - -");
    assert_eq!(state("A104"), "resubmitted waiting fix - -");
    assert_eq!(state("A105"), "appealed appeals appeal - -");
    assert_eq!(state("A101"), "written_off write-offs close below_threshold -");
    assert_eq!(state("A102"), "open denials - - lee");
    assert_eq!(
        common::text(store, "SELECT level || ' ' || deadline || ' ' || state FROM appeal"),
        "1 2027-04-30 preparing"
    );

    // The audit trail: who, when, what, before and after.
    let events = |pcn: &str| {
        common::text(
            store,
            &format!(
        "SELECT group_concat(e.action || '@' || e.actor, ' ') FROM event e JOIN work_item w ON w.id = e.work_item_id
         JOIN claim c ON c.id = w.claim_id WHERE c.pcn = '{pcn}' ORDER BY e.id"),
        )
    };
    assert_eq!(events("R1"), "created@tester fix@dana");
    assert_eq!(events("A104"), "created@tester fix@dana");
    assert_eq!(events("A105"), "created@tester appeal@dana");
    assert_eq!(events("A101"), "created@tester close@dana");
    assert_eq!(events("A102"), "created@tester assign@dana");
    let fix = common::text(
        store,
        "SELECT at || ' | ' || before_state || ' | ' || after_state || ' | ' || detail FROM event e JOIN work_item w ON w.id = e.work_item_id JOIN claim c ON c.id = w.claim_id WHERE c.pcn = 'A104' AND e.action = 'fix'",
    );
    assert!(fix.starts_with("2026-11-23T16:05:00Z | {\"state\":\"open\""), "{fix}");
    assert!(fix.contains("| {\"state\":\"resubmitted\""), "{fix}");
    // A104 carries MA130 ("submit a new claim"): the instruction follows the remark (issue 9).
    assert!(fix.ends_with("corrected: Member ID / subscriber ID; submit a new claim (frequency code 1) (MA130): the payer holds no processed claim to replace; note: new card scanned"), "{fix}");
    let rejection_fix = common::text(store, "SELECT detail FROM event WHERE action = 'fix' ORDER BY id LIMIT 1");
    assert!(
        rejection_fix.contains("Billing provider NPI or taxonomy; submit a new claim (frequency code 1)"),
        "{rejection_fix}"
    );
    let appeal = common::text(store, "SELECT detail FROM event WHERE action = 'appeal'");
    assert_eq!(
        appeal,
        "level 1 appeal (First-level appeal) opened; deadline 2027-04-30; note: clearinghouse receipt attached"
    );
    let close = common::text(store, "SELECT detail FROM event WHERE action = 'close'");
    assert_eq!(close, "written off $15.00: Below the write-off threshold (rework costs more)");

    // Undo the close from the keyboard: the item comes back, the history keeps both.
    press(&mut app, &mut io, KeyCode::Char('u'));
    press(&mut app, &mut io, KeyCode::Enter);
    let store = io.sqlite().unwrap();
    assert_eq!(
        common::text(
            store,
            "SELECT w.state || ' ' || w.queue FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = 'A102'"
        ),
        "open denials"
    );
    assert_eq!(
        common::text(
            store,
            "SELECT coalesce(w.owner, '-') FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = 'A102'"
        ),
        "-",
        "the owner assignment was the last decision"
    );
    assert_eq!(common::scalar(store, "SELECT count(*) FROM event WHERE action = 'undo'"), 1);
}
