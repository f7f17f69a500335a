//! Two desks on one ledger: a decision on an item the other biller changed since this desk
//! showed it is refused with who and when, nothing is written over their work, and the desk
//! shows the item as it is now.

mod common;

use std::sync::Arc;

use overturn::letters::Templates;
use overturn::store::Store;
use overturn::tui::action::Action;
use overturn::tui::app::{App, Status, Tab};
use overturn::tui::io::DeskIo;
use overturn::tui::theme::Theme;
use overturn::tui::{dispatch, start};

fn open(path: &std::path::Path, actor: &str, now: &str) -> (App, DeskIo) {
    let tables = Arc::new(overturn::tables::builtin());
    let store = Store::open(path).unwrap();
    let mut io = DeskIo::new(store, tables.clone(), actor.into(), common::today(), None)
        .with_fixed_now(now)
        .with_letters(Templates::default(), overturn::letters::PracticeProfile::sample());
    let mut app = App::new(common::today(), tables, Theme { color: false }, "overturn.db".into(), false);
    dispatch(&mut app, &mut io, Action::Resize(120, 35));
    start(&mut app, &mut io);
    common::desk::keys(&mut app, &mut io, &[Action::GoTab(Tab::Denials)]);
    (app, io)
}

fn note(app: &mut App, io: &mut DeskIo, text: &str) {
    let mut actions = vec![Action::StartNote];
    actions.extend(text.chars().map(Action::Input));
    actions.push(Action::Confirm);
    common::desk::keys(app, io, &actions);
}

fn events(path: &std::path::Path, id: i64) -> Vec<(String, String)> {
    let store = Store::open(path).unwrap();
    store
        .db()
        .query_map("SELECT actor, coalesce(detail, '') FROM event WHERE work_item_id = ?1 ORDER BY id", &[&id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap()
}

/// A ledger of the fixtures' remits, and Dana's and Sam's desks on it (Denials tab).
fn two_desks() -> (tempfile::TempDir, (App, DeskIo), (App, DeskIo)) {
    let (dir, mut store) = common::ledger();
    for f in ["remits-a.835", "remits-b.835"] {
        assert!(common::import(&mut store, &common::fixture(f)).error.is_none());
    }
    drop(store);
    let path = dir.path().join("t.db");
    let dana = open(&path, "dana", "2026-11-23T16:05:00Z");
    let sam = open(&path, "sam", "2026-11-23T16:06:00Z");
    (dir, dana, sam)
}

#[test]
fn the_second_decision_on_a_changed_item_is_refused_and_shown_anew() {
    let (dir, (mut dana, mut dana_io), (mut sam, mut sam_io)) = two_desks();
    let path = dir.path().join("t.db");
    let id = dana.selected().unwrap().id;
    assert_eq!(sam.selected().unwrap().id, id, "both desks show the same first denial");
    assert!(!sam_io.ledger_changed(), "Sam's desk starts watching for other desks' changes");

    // Dana notes it first; Sam, still looking at the item as it was, notes it too.
    note(&mut dana, &mut dana_io, "called payer");
    note(&mut sam, &mut sam_io, "sent records");
    // An information line, not an error that the reload's next frame would clear.
    let Some(Status::Info(why)) = &sam.status else { panic!("refused: {:?}", sam.status) };
    assert!(why.contains(&format!("item {id} was changed by dana at 2026-11-23T16:05:00Z")), "{why}");
    assert!(why.starts_with("not saved: "), "{why}");
    assert!(sam.dialog.is_none(), "the dialog closes: the item is shown as it is now");
    // The reload shows Dana's change: the change poll does not then replace the line above
    // with "the ledger changed".
    assert!(!sam_io.ledger_changed());
    let shown = common::desk::screen(&sam);
    assert!(shown.contains("was changed by dana"), "{shown}");
    let notes: Vec<(String, String)> = events(&path, id).into_iter().filter(|(who, _)| who != "importer").collect();
    assert_eq!(notes.iter().filter(|(_, d)| d == "sent records").count(), 0, "Sam's note was not saved: {notes:?}");
    assert_eq!(notes.iter().filter(|(_, d)| d == "called payer").count(), 1, "{notes:?}");

    // Sam now sees the item as Dana left it: the same note goes through.
    note(&mut sam, &mut sam_io, "sent records");
    assert!(matches!(&sam.status, Some(Status::Info(s)) if s.contains("done")), "{:?}", sam.status);
    let notes = events(&path, id);
    assert!(notes.contains(&("sam".to_string(), "sent records".to_string())), "{notes:?}");
}

#[test]
fn a_bulk_write_off_of_an_item_changed_meanwhile_writes_off_nothing() {
    let (dir, (mut dana, mut dana_io), (mut sam, mut sam_io)) = two_desks();
    let path = dir.path().join("t.db");
    // Sam lists the small denials to write off; meanwhile Dana notes the first of them.
    common::desk::keys(&mut sam, &mut sam_io, &[Action::StartBulkWriteOff]);
    let small = sam.dialog.as_ref().expect("the fixtures have a denial under $25").ids.clone();
    let first = small[0];
    let row = dana.view().unwrap().rows.iter().position(|r| r.id == first).unwrap();
    common::desk::keys(&mut dana, &mut dana_io, &[Action::Move(overturn::tui::view_state::Move::Down(row))]);
    assert_eq!(dana.selected().unwrap().id, first);
    note(&mut dana, &mut dana_io, "payer reprocessing");
    common::desk::keys(&mut sam, &mut sam_io, &[Action::Confirm]);
    let Some(Status::Info(why)) = &sam.status else { panic!("{:?}", sam.status) };
    assert!(why.starts_with(&format!("not saved: item {first} was changed by dana")), "{why}");
    let store = Store::open(&path).unwrap();
    let written_off: i64 =
        store.db().query_row("SELECT count(*) FROM work_item WHERE state = 'written_off'", &[], |r| r.get(0)).unwrap();
    assert_eq!(written_off, 0, "none of the batch was written off");
}
