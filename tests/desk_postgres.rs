//! The desk on a PostgreSQL ledger: key for key it shows what the same desk shows on the
//! SQLite ledger it was copied from (pages, sorts, filters, detail, decisions and their undo);
//! two billers on one PostgreSQL ledger hear each other's changes, not their own, and the
//! second decision on a changed item is refused naming who changed it. Runs when
//! `OVERTURN_TEST_PG` names a cluster (`.ci/run` starts one).

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::pg::{self, PgDb};
use overturn::letters::Templates;
use overturn::store::Store;
use overturn::store::backend::Backend;
use overturn::store::copy::{self, Ledger};
use overturn::store::pg::PgTarget;
use overturn::tui::action::Action;
use overturn::tui::app::{App, Status, Tab};
use overturn::tui::io::DeskIo;
use overturn::tui::theme::Theme;
use overturn::tui::{dispatch, start};

/// The fixtures' remits, acknowledgements and denials in an SQLite ledger, copied to `db`.
fn ledgers(db: &PgDb) -> (tempfile::TempDir, PathBuf) {
    let (dir, mut store) = common::ledger();
    for f in ["remits-a.835", "remits-b.835", "acks-a.277", "denials.csv"] {
        assert!(common::import(&mut store, &common::fixture(f)).error.is_none());
    }
    drop(store);
    let path = dir.path().join("t.db");
    let from = Ledger::parse(path.to_str().unwrap()).unwrap();
    copy::copy(&from, &Ledger::parse(&db.url).unwrap(), &mut |_| {}).unwrap();
    (dir, path)
}

fn postgres(db: &PgDb) -> Backend {
    Backend::open_postgres(PgTarget::parse(&db.url).unwrap()).unwrap()
}

fn desk(ledger: Backend, actor: &str, now: &str) -> (App, DeskIo) {
    let tables = Arc::new(overturn::tables::builtin());
    let mut io = DeskIo::new(ledger, tables.clone(), actor.into(), common::today(), None)
        .with_fixed_now(now)
        .with_letters(Templates::default(), overturn::letters::PracticeProfile::sample());
    let mut app = App::new(common::today(), tables, Theme { color: false }, "ledger".into(), false);
    dispatch(&mut app, &mut io, Action::Resize(120, 35));
    start(&mut app, &mut io);
    (app, io)
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Input).collect()
}

fn filter(text: &str) -> Vec<Action> {
    let mut a = vec![Action::OpenFilter, Action::ClearFilter];
    a.extend(typed(text));
    a.push(Action::ApplyFilter);
    a
}

/// What a biller does in a session: every tab, every order, filters (a payer and words typed
/// in another case than the ledger's), paging, the detail, decisions and an undo.
fn session() -> Vec<Vec<Action>> {
    let mut steps: Vec<Vec<Action>> = Tab::ALL.iter().map(|t| vec![Action::GoTab(*t)]).collect();
    steps.push(vec![Action::GoTab(Tab::Denials)]);
    for _ in 0..5 {
        steps.push(vec![Action::CycleSort]);
    }
    steps.push(vec![Action::PageDown, Action::PageDown]);
    steps.push(vec![Action::PageUp]);
    steps.push(filter("payer:aetna"));
    steps.push(filter("tester amt:>10"));
    steps.push(filter("cat:eligibility|coding due:<400"));
    steps.push(vec![Action::ToggleAging]);
    steps.push(vec![Action::ToggleAging]);
    steps.push(vec![Action::ClearFilter]);
    steps.push(vec![Action::OpenDetail]);
    steps.push(vec![Action::ScrollDetail(5)]);
    steps.push(vec![Action::CloseOverlay]);
    let mut note = vec![Action::StartNote];
    note.extend(typed("called the payer"));
    note.push(Action::Confirm);
    steps.push(note);
    let mut owner = vec![Action::Move(overturn::tui::view_state::Move::Down(1)), Action::StartOwner];
    owner.extend(typed("Lee"));
    owner.push(Action::Confirm);
    steps.push(owner);
    steps.push(filter("owner:lee"));
    steps.push(vec![Action::ClearFilter]);
    steps.push(vec![Action::StartUndo, Action::Confirm]);
    steps.push(vec![Action::GoTab(Tab::WriteOffs), Action::ToggleWriteOffTotals]);
    steps.push(vec![Action::GoTab(Tab::Rca)]);
    steps
}

#[test]
fn the_desk_on_postgresql_shows_what_it_shows_on_sqlite() {
    let Some(db) = pg::database("the_desk_on_postgresql_shows_what_it_shows_on_sqlite") else { return };
    let (_dir, path) = ledgers(&db);
    let now = "2026-11-23T16:05:00Z";
    let (mut lite, mut lite_io) = desk(Backend::Sqlite(Store::open(&path).unwrap()), "dana", now);
    let (mut pg, mut pg_io) = desk(postgres(&db), "dana", now);
    assert_eq!(common::desk::screen(&pg), common::desk::screen(&lite), "the first screen");
    for (i, step) in session().into_iter().enumerate() {
        common::desk::keys(&mut lite, &mut lite_io, &step);
        common::desk::keys(&mut pg, &mut pg_io, &step);
        let shown = common::desk::screen(&pg);
        assert_eq!(shown, common::desk::screen(&lite), "step {i}: {step:?}");
        assert!(!matches!(pg.status, Some(Status::Error(_))), "step {i}: {:?}", pg.status);
    }
    // The decisions landed in PostgreSQL, with their events, as in SQLite; there the events
    // name the role the desk connected as (the server's word for who it is), not config's name.
    let role = pg_io.backend().role().unwrap();
    let events = |db: overturn::store::db::Conn<'_>, actor: &str| -> Vec<String> {
        db.query_map("SELECT action FROM event WHERE actor = ?1 ORDER BY id", &[&actor], |r| r.get(0)).unwrap()
    };
    let on_pg = events(pg_io.backend().db(), &role);
    assert!(on_pg.len() >= 3, "note, owner and undo recorded: {on_pg:?}");
    assert_eq!(on_pg, events(lite_io.backend().db(), "dana"));
}

fn note(app: &mut App, io: &mut DeskIo, text: &str) {
    let mut actions = vec![Action::StartNote];
    actions.extend(typed(text));
    actions.push(Action::Confirm);
    common::desk::keys(app, io, &actions);
}

#[test]
fn two_billers_on_postgresql_hear_each_other_and_never_overwrite() {
    let pid = std::process::id();
    let (dana_role, sam_role, pat_role) = (format!("dana_{pid}"), format!("sam_{pid}"), format!("pat_{pid}"));
    let _roles = pg::Roles(vec![dana_role.clone(), sam_role.clone(), pat_role.clone()]);
    let Some(db) = pg::database("two_billers_on_postgresql_hear_each_other_and_never_overwrite") else { return };
    let (_dir, _path) = ledgers(&db);
    // Each biller connects as their own role, given a biller's rights by the ledger's owner.
    let mut admin_client = db.client();
    let admin: String = admin_client.query_one("SELECT current_user::text", &[]).unwrap().get(0);
    use overturn::store::pg::grants::{Rights, grant};
    for (role, rights) in [(&dana_role, Rights::Biller), (&sam_role, Rights::Biller), (&pat_role, Rights::Owner)] {
        admin_client.batch_execute(&format!("CREATE ROLE {role} LOGIN")).unwrap();
        grant(&mut admin_client, role, rights).unwrap();
    }
    let connect =
        |role: &str| Backend::open_postgres(PgTarget::parse(&pg::as_role(&db.url, &admin, role)).unwrap()).unwrap();
    let (mut dana, mut dana_io) = desk(connect(&dana_role), "Dana", "2026-11-23T16:05:00Z");
    let (mut sam, mut sam_io) = desk(connect(&sam_role), "Sam", "2026-11-23T16:06:00Z");
    for (app, io) in [(&mut dana, &mut dana_io), (&mut sam, &mut sam_io)] {
        common::desk::keys(app, io, &[Action::GoTab(Tab::Denials)]);
        io.ledger_changed();
    }
    let id = dana.selected().unwrap().id;
    assert_eq!(sam.selected().unwrap().id, id);
    assert!(!sam_io.ledger_changed() && !dana_io.ledger_changed(), "nothing changed yet");

    note(&mut dana, &mut dana_io, "called payer");
    assert!(!dana_io.ledger_changed(), "Dana's own decision is not news to Dana's desk");
    assert!(sam_io.ledger_changed(), "Sam's desk hears Dana's decision (LISTEN/NOTIFY)");
    assert!(!sam_io.ledger_changed(), "once");

    // Sam, still looking at the item as it was, notes it too: refused, naming Dana.
    note(&mut sam, &mut sam_io, "sent records");
    let Some(Status::Info(why)) = &sam.status else { panic!("refused: {:?}", sam.status) };
    // The refusal names Dana's role: who changed it is the server's word, not a config name.
    assert!(why.contains(&format!("item {id} was changed by {dana_role} at 2026-11-23T16:05:00Z")), "{why}");
    let notes: Vec<String> = postgres(&db)
        .db()
        .query_map(
            "SELECT coalesce(detail, '') FROM event WHERE work_item_id = ?1 AND actor = ?2",
            &[&id, &sam_role],
            |r| r.get(0),
        )
        .unwrap();
    assert!(notes.is_empty(), "nothing of Sam's was written: {notes:?}");
    // Sam's desk reloaded the item as it is now: a second try is saved.
    note(&mut sam, &mut sam_io, "sent records");
    assert!(!matches!(sam.status, Some(Status::Info(ref s)) if s.starts_with("not saved")), "{:?}", sam.status);
    assert!(dana_io.ledger_changed(), "and Dana's desk hears it");

    // The practice owner's desk reads the same queue; its decision keys say why they are off
    // (the server would refuse the change anyway) and the RCA's prevention key stays on.
    let owner = connect(&pat_role);
    let why = owner.cannot_decide().expect("an owner's role may not decide");
    assert!(why.contains(&pat_role) && why.contains("--as biller"), "{why}");
    assert!(connect(&dana_role).cannot_decide().is_none(), "a biller decides");
    let (mut pat, mut pat_io) = desk(owner, "Pat", "2026-11-23T16:07:00Z");
    pat.read_only = Some(why.clone());
    common::desk::keys(&mut pat, &mut pat_io, &[Action::GoTab(Tab::Denials)]);
    assert_eq!(pat.selected().unwrap().id, id);
    for key in ['n', 'o', 'c', 'f', 'a'] {
        let key = ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char(key));
        let action = overturn::tui::keymap::action_for(&pat, &key);
        assert_eq!(action, Some(Action::Refused(why.clone())), "{key:?}");
    }
}

#[test]
fn a_desk_on_postgresql_remembers_each_billers_view_apart() {
    let Some(db) = pg::database("a_desk_on_postgresql_remembers_each_billers_view_apart") else { return };
    let (_dir, path) = ledgers(&db);
    let (mut dana, mut dana_io) = desk(postgres(&db), "dana", "2026-11-23T16:05:00Z");
    common::desk::keys(&mut dana, &mut dana_io, &[Action::GoTab(Tab::Appeals), Action::CycleSort]);
    dana_io.remember(&dana.remembered());
    let saved = overturn::store::desk_state::load(postgres(&db).db()).unwrap();
    assert!(saved.iter().any(|(k, v)| k == "tab" && v.to_lowercase().contains("appeals")), "{saved:?}");
    // The keys carry the connected role, so another role's desk keeps its own.
    let ledger = postgres(&db);
    let role: String = ledger.db().query_row("SELECT session_user::text", &[], |r| r.get(0)).unwrap();
    let keys: Vec<String> = ledger.db().query_map("SELECT key FROM desk_state", &[], |r| r.get(0)).unwrap();
    assert!(!keys.is_empty() && keys.iter().all(|k| k.starts_with(&format!("{role}/"))), "{keys:?}");
    // Another role's remembered view is not this desk's.
    ledger.db().execute("INSERT INTO desk_state (key, value) VALUES ('sam/tab', 'Denials')", &[]).unwrap();
    let mine = overturn::store::desk_state::load(ledger.db()).unwrap();
    assert_eq!(mine, saved, "sam's keys are not read by this role's desk");
    // An SQLite ledger keeps its keys bare (one biller per file), as before.
    let lite = Store::open(Path::new(&path)).unwrap();
    assert!(overturn::store::desk_state::load(lite.db()).unwrap().iter().all(|(k, _)| !k.contains('/')));
}

/// Waits (up to ten seconds) for the desk to hear about its connection as its terminal loop
/// would, handing what it hears to the app; the last thing heard.
fn connection_news(app: &mut App, io: &mut DeskIo, until: &Action) -> Vec<Action> {
    let mut heard = Vec::new();
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(10) {
        if let Some(news) = io.connection() {
            dispatch(app, io, news.clone());
            heard.push(news.clone());
            if &news == until {
                break;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    heard
}

#[test]
fn a_desk_whose_connection_the_server_drops_connects_again_and_loses_nothing() {
    let Some(db) = pg::database("a_desk_whose_connection_the_server_drops_connects_again_and_loses_nothing") else {
        return;
    };
    let (_dir, _path) = ledgers(&db);
    let (mut app, mut io) = desk(postgres(&db), "Dana", "2026-11-23T16:05:00Z");
    common::desk::keys(&mut app, &mut io, &[Action::GoTab(Tab::Denials)]);
    let id = app.selected().unwrap().id;
    assert_eq!(io.connection(), None, "connected");

    // The server ends the desk's session (an administrator, a restart would too).
    let mut admin = db.client();
    let ended: i64 = admin
        .query_one(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = $1 AND pid <> pg_backend_pid()) t",
            &[&db.name()],
        )
        .unwrap()
        .get(0);
    assert_eq!(ended, 1, "the desk's one connection");
    // The next key that reads the ledger fails and says so; the desk does not stop.
    common::desk::keys(&mut app, &mut io, &[Action::CycleSort]);
    assert!(matches!(app.status, Some(Status::Error(_))), "{:?}", app.status);
    // The terminal loop hears that the connection is lost, then that it is back.
    let heard = connection_news(&mut app, &mut io, &Action::Reconnected);
    assert_eq!(
        heard,
        vec![
            Action::Failed("not connected to the ledger's server; reconnecting (nothing was done)".into()),
            Action::Reconnected
        ],
    );
    let Some(Status::Info(said)) = &app.status else { panic!("{:?}", app.status) };
    assert!(said.starts_with("reconnected to the ledger's server: r reloads"), "{said}");

    // Keys work again, a decision is saved with its event, and other desks' changes are heard.
    common::desk::keys(&mut app, &mut io, &[Action::Refresh, Action::GoTab(Tab::Denials)]);
    assert!(!matches!(app.status, Some(Status::Error(_))), "{:?}", app.status);
    assert_eq!(app.selected().unwrap().id, id);
    note(&mut app, &mut io, "called payer after the outage");
    let saved: i64 = postgres(&db)
        .db()
        .query_row(
            "SELECT count(*) FROM event WHERE work_item_id = ?1 AND detail LIKE '%after the outage%'",
            &[&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(saved, 1);
    assert!(!io.ledger_changed(), "its own note is not news");
    let (mut sam, mut sam_io) = desk(postgres(&db), "Sam", "2026-11-23T16:06:00Z");
    common::desk::keys(&mut sam, &mut sam_io, &[Action::GoTab(Tab::Denials)]);
    note(&mut sam, &mut sam_io, "sent records");
    assert!(io.ledger_changed(), "the desk listens again after reconnecting");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, .. proptest::prelude::ProptestConfig::default() })]

    /// Random key sequences (decisions, undo, letters, filters, resizes and pastes among them)
    /// on the SQLite ledger and on its copy on PostgreSQL, in lockstep: the same screen after
    /// every input.
    #[test]
    fn random_keys_show_the_same_desk_on_both(inputs in proptest::collection::vec(common::desk::input(), 1..60)) {
        let Some(db) = pg::database("random_keys_show_the_same_desk_on_both") else { return Ok(()) };
        let (_dir, path) = ledgers(&db);
        let now = "2026-11-23T16:05:00Z";
        // Events on PostgreSQL name the role the desk connected as: the SQLite desk's biller
        // goes by that name too.
        let (mut pg, mut pg_io) = desk(postgres(&db), "dana", now);
        let role = pg_io.backend().role().unwrap();
        let (mut lite, mut lite_io) = desk(Backend::Sqlite(Store::open(&path).unwrap()), &role, now);
        for (i, input) in inputs.into_iter().enumerate() {
            let action = common::desk::action_of(&lite, input.clone());
            proptest::prop_assert_eq!(&common::desk::action_of(&pg, input), &action, "the same key means the same");
            let Some(action) = action else { continue };
            dispatch(&mut lite, &mut lite_io, action.clone());
            dispatch(&mut pg, &mut pg_io, action.clone());
            proptest::prop_assert_eq!(common::desk::screen(&pg), common::desk::screen(&lite), "input {}: {:?}", i, action);
        }
    }
}
