//! Another Overturn writing (an import) never freezes the desk or loses a decision: the
//! decision waits, the desk says so and stays responsive, and it is saved once the ledger is
//! free (or dropped when the biller presses Esc).

mod common;

use std::sync::Arc;
use std::time::Duration;

use overturn::tui::app::App;
use overturn::tui::io::DeskIo;
use overturn::tui::keymap::action_for;
use overturn::tui::theme::Theme;
use overturn::tui::{dispatch, retry_waiting, start};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App, io: &mut DeskIo, code: KeyCode) {
    let action =
        action_for(app, &KeyEvent::new(code, KeyModifiers::NONE)).unwrap_or_else(|| panic!("{code:?} did nothing"));
    dispatch(app, io, action);
}

fn events(conn: &rusqlite::Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM event", [], |r| r.get(0)).unwrap()
}

/// A desk on a ledger with one rejection (R1), with the fix dialog filled in but not confirmed;
/// and a second connection to the same file, as another Overturn would have.
fn desk_and_other() -> (tempfile::TempDir, App, DeskIo, rusqlite::Connection) {
    let (g, mut store) = common::ledger();
    assert!(common::import(&mut store, &common::fixture("acks-a.277")).error.is_none());
    store.set_busy_wait(Duration::from_millis(50)).unwrap();
    let tables = Arc::new(overturn::tables::builtin());
    let mut io =
        DeskIo::new(store, tables.clone(), "dana".into(), common::today(), None).with_fixed_now("2026-11-23T16:05:00Z");
    let mut app = App::new(common::today(), tables, Theme { color: false }, "t.db".into(), false);
    dispatch(&mut app, &mut io, overturn::tui::action::Action::Resize(120, 35));
    start(&mut app, &mut io);
    assert_eq!(app.selected().map(|r| r.pcn.as_str()), Some("R1"));
    press(&mut app, &mut io, KeyCode::Char('f')); // the billing NPI (562:85) comes ticked
    let other = rusqlite::Connection::open(g.path().join("t.db")).unwrap();
    (g, app, io, other)
}

#[test]
fn a_decision_waits_for_an_import_and_is_saved_when_the_ledger_is_free() {
    let (_g, mut app, mut io, other) = desk_and_other();
    let before = events(&other);
    other.execute_batch("BEGIN IMMEDIATE").unwrap(); // an import holds the write lock
    press(&mut app, &mut io, KeyCode::Enter);
    assert!(app.waiting.is_some(), "the decision waits instead of failing");
    assert!(app.dialog.is_some(), "the dialog stays open with what it is waiting for");
    let screen = common::desk::screen(&app);
    assert!(screen.contains("ledger busy (another import is writing)"), "{screen}");
    // The desk stays responsive meanwhile: moving works, a second Enter does not decide twice.
    press(&mut app, &mut io, KeyCode::Enter);
    let mut later = Vec::new();
    retry_waiting(&mut app, &mut io, &mut later);
    assert!(app.waiting.is_some(), "still locked: still waiting");
    other.execute_batch("COMMIT").unwrap(); // the import is done
    retry_waiting(&mut app, &mut io, &mut later);
    assert!(app.waiting.is_none() && app.dialog.is_none(), "saved, dialog closed");
    assert_eq!(events(&other), before + 1, "exactly one decision event");
    let screen = common::desk::screen(&app);
    assert!(screen.contains("done (u undoes)"), "{screen}");
}

#[test]
fn esc_drops_a_waiting_decision_and_nothing_is_written() {
    let (_g, mut app, mut io, other) = desk_and_other();
    let before = events(&other);
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    press(&mut app, &mut io, KeyCode::Enter);
    assert!(app.waiting.is_some());
    press(&mut app, &mut io, KeyCode::Esc);
    assert!(app.waiting.is_none() && app.dialog.is_none());
    other.execute_batch("COMMIT").unwrap();
    let mut later = Vec::new();
    retry_waiting(&mut app, &mut io, &mut later);
    assert_eq!(events(&other), before, "nothing was saved");
    assert!(common::desk::screen(&app).contains("not saved"));
}

#[test]
fn the_desk_notices_an_import_and_remembers_its_view() {
    let (g, mut app, mut io, other) = desk_and_other();
    assert!(!io.ledger_changed(), "nothing new yet");
    other.execute_batch("UPDATE work_item SET owner = 'lee'").unwrap(); // another process commits
    assert!(io.ledger_changed(), "seen once");
    assert!(!io.ledger_changed(), "and only once");
    dispatch(&mut app, &mut io, overturn::tui::action::Action::LedgerChanged);
    assert!(common::desk::screen(&app).contains("the ledger changed (an import or another desk): r reloads"));
    // What the desk showed is kept for the next run, per ledger.
    press(&mut app, &mut io, KeyCode::Esc);
    press(&mut app, &mut io, KeyCode::Char('2'));
    press(&mut app, &mut io, KeyCode::Char('s'));
    io.remember(&app.remembered());
    let pairs = overturn::store::desk_state::load(io.sqlite().unwrap().conn()).unwrap();
    let mut next =
        App::new(common::today(), Arc::new(overturn::tables::builtin()), Theme { color: false }, "t".into(), false);
    next.restore(&pairs);
    assert_eq!(next.tab, overturn::tui::app::Tab::Denials);
    assert_eq!(next.views[1].sort, overturn::store::queue::QueueSort::Amount);
    drop(g);
}
