//! Claims the payer never answered become no-response work after their waits (7 days for the
//! 277CA acceptance, 30 for the remit), once, in the No answer queue; a follow-up moves the
//! item's date; the answer resolves it; the root-cause rollups never count it.

mod common;

use chrono::NaiveDate;
use overturn::domain::decision::Decision;
use overturn::domain::money::Cents;
use overturn::ledger::{Sweep, open_silent};
use overturn::store::backend::Backend;
use overturn::store::decisions::{DecisionContext, decide_in};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn sweep(ledger: &mut Backend, today: &str) -> u64 {
    let tables = overturn::tables::builtin();
    let s = Sweep {
        tables: &tables,
        today: d(today),
        threshold: Cents(2500),
        actor: "tester",
        now: "2026-11-23T15:00:00Z",
    };
    ledger.transaction(|db| open_silent(db, &s)).unwrap()
}

type Item = (String, String, String, String, i64, Option<String>);

/// (claim, reason, state, queue, amount, due date) of every no-response item.
fn items(ledger: &Backend) -> Vec<Item> {
    let sql = "SELECT c.pcn, w.reason_code, w.state, w.queue, w.amount_cents, w.due_date
         FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE w.kind = 'no_response' ORDER BY w.id";
    ledger.db().query_map(sql, &[], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))).unwrap()
}

fn text(ledger: &Backend, sql: &str) -> String {
    common::value(ledger.db(), sql)
}

/// Runs `test` on each back end with the claim inventory imported: U1 paid on 2026-11-02; R1
/// rejected and R2 accepted on 2026-11-10; N9 never answered.
fn with_the_inventory(name: &str, test: impl Fn(&mut Backend)) {
    for mut engine in common::engines(name) {
        for f in ["submitted.837", "underpaid.835", "acks-a.277"] {
            let r = common::import_into(&mut engine.ledger, &common::fixture(f), &common::settings());
            assert!(r.error.is_none(), "{f}");
        }
        test(&mut engine.ledger);
    }
}

fn open(pcn: &str, code: &str, cents: i64, due: &str) -> Item {
    (pcn.into(), code.into(), "open".into(), "unanswered".into(), cents, Some(due.into()))
}

#[test]
fn silent_claims_become_work_after_their_waits_not_before_and_only_once() {
    with_the_inventory("silent_claims_become_work_after_their_waits_not_before_and_only_once", |store| {
        // Sent 2026-11-01: 7 days without an acknowledgement is not yet overdue, 8 is.
        assert_eq!(sweep(store, "2026-11-08"), 0);
        assert_eq!(items(store), vec![]);
        assert_eq!(sweep(store, "2026-11-09"), 1);
        // N9 ($310, Aetna, date of service 2026-10-20) races Aetna's 90-day filing limit.
        assert_eq!(items(store), vec![open("N9", "NO-ACK", 31_000, "2027-01-18")]);
        assert_eq!(sweep(store, "2026-11-09"), 0, "a second sweep opens nothing");
        // R2 was accepted on 2026-11-10 and waits 30 days from submission for its remit.
        assert_eq!(sweep(store, "2026-12-01"), 0);
        assert_eq!(sweep(store, "2026-12-02"), 1);
        let all = items(store);
        assert_eq!(all[1], open("R2", "NO-REMIT", 15_000, "2027-02-04"));
        // U1 (paid) and R1 (rejected: a rejection item of its own) never become no-response work.
        assert_eq!(all.len(), 2);
        let sql = "SELECT items, amount_cents FROM queue_total WHERE queue = 'unanswered'";
        let totals: (i64, i64) = store.db().query_row(sql, &[], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        assert_eq!(totals, (2, 46_000));
        // The item names the wait, the deadline rule and the follow-up; it is never closed on a guess.
        let reason = text(store, "SELECT path_reason FROM work_item WHERE reason_code = 'NO-ACK'");
        assert!(reason.starts_with("no 277CA acceptance 8 days after submission: check the clearinghouse"), "{reason}");
        let sql = "SELECT suggested_path, appealable FROM work_item WHERE reason_code = 'NO-ACK'";
        let (path, appealable): (String, bool) =
            store.db().query_row(sql, &[], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        assert_eq!((path.as_str(), appealable), ("fix", false));
    });
}

#[test]
fn the_root_cause_rollups_leave_no_response_items_out() {
    with_the_inventory("the_root_cause_rollups_leave_no_response_items_out", |store| {
        let rollups = |s: &Backend| {
            ["slice_week", "queue_week", "category_day"].map(|t| {
                let sql = format!("SELECT coalesce(sum(items), 0) * 1000003 + count(*) FROM {t} WHERE items <> 0");
                common::value::<i64>(s.db(), &sql)
            })
        };
        let before = rollups(store);
        assert_eq!(sweep(store, "2026-12-02"), 2);
        assert_eq!(rollups(store), before, "the RCA rollups do not move");
        // A rebuild from the items agrees with what the triggers kept (the rebuild is SQLite's;
        // engines_alike holds PostgreSQL's rollups to SQLite's).
        if let Backend::Sqlite(lite) = store {
            let tx = lite.begin().unwrap();
            tx.execute_batch(overturn::store::rca::REBUILD_WEEKS).unwrap();
            tx.execute_batch(overturn::store::work_day::REBUILD).unwrap();
            tx.commit().unwrap();
            assert_eq!(rollups(store), before);
        }
    });
}

#[test]
fn a_follow_up_moves_the_date_and_the_answer_resolves_the_item() {
    with_the_inventory("a_follow_up_moves_the_date_and_the_answer_resolves_the_item", |store| {
        assert_eq!(sweep(store, "2026-12-02"), 2);
        let n9: i64 = common::value(store.db(), "SELECT id FROM work_item WHERE reason_code = 'NO-ACK'");
        // Appealing a claim the payer never decided is refused; a follow-up is due in 14 days.
        let tables = overturn::tables::builtin();
        let ctx = DecisionContext {
            actor: "tester",
            now: "2026-12-02T10:00:00Z",
            today: d("2026-12-02"),
            tables: &tables,
            write_off_threshold: Cents(2500),
        };
        let appeal = Decision::Appeal { note: String::new(), force: String::new() };
        let refused = store.transaction(|db| decide_in(db, &[n9], &appeal, &ctx)).unwrap_err().to_string();
        assert!(refused.contains("the payer has not decided anything yet"), "{refused}");
        let f = Decision::FollowUp { note: "called Aetna, ref 5521: not on file".into() };
        store.transaction(|db| decide_in(db, &[n9], &f, &ctx)).unwrap();
        let due = text(store, &format!("SELECT due_date FROM work_item WHERE id = {n9}"));
        assert_eq!(due, "2026-12-16");
        let last_event = format!("SELECT detail FROM event WHERE work_item_id = {n9} ORDER BY id DESC LIMIT 1");
        assert_eq!(
            text(store, &last_event),
            "followed up with the payer; next follow-up 2026-12-16; note: called Aetna, ref 5521: not on file"
        );
        // The 277CA accepts N9: its missing acknowledgement is answered.
        let later = overturn::ledger::ImportSettings { today: d("2026-12-10"), ..common::settings() };
        let r = common::import_into(store, &common::fixture("answer-n9.277"), &later);
        assert!(r.error.is_none(), "{:?}", r.error);
        assert_eq!(r.no_response_resolved, 1);
        // The remit pays R2: its wait for a remit is over.
        let r = common::import_into(store, &common::fixture("answer-r2.835"), &later);
        assert!(r.error.is_none(), "{:?}", r.error);
        assert_eq!(r.no_response_resolved, 1);
        let states: Vec<(String, String, String)> = items(store).into_iter().map(|i| (i.0, i.2, i.3)).collect();
        assert_eq!(
            states,
            vec![("N9".into(), "resolved".into(), "done".into()), ("R2".into(), "resolved".into(), "done".into())]
        );
        let sql = "SELECT closed_on FROM work_item WHERE kind = 'no_response' ORDER BY id";
        let closed: Vec<String> = store.db().query_map(sql, &[], |r| r.get(0)).unwrap();
        assert_eq!(closed, ["2026-11-25", "2026-12-05"], "closed on the day of each answer");
        assert_eq!(text(store, &last_event), "the payer answered: accepted on 277CA file answer-n9.277 on 2026-11-25");
        // N9, accepted, now waits for its remit: 30 days after submission it is overdue again,
        // as a new silence; the answered one is not reopened.
        assert_eq!(sweep(store, "2026-12-10"), 1);
        assert_eq!(items(store)[2].0, "N9");
        assert_eq!(items(store)[2].1, "NO-REMIT");
        // The payer remits it under a control number of its own, with the claim number its
        // 277CA gave (REF*1K AE200000009): that answers N9 too.
        let by_number = overturn::ledger::ImportSettings { today: d("2026-12-20"), ..common::settings() };
        let r = common::import_into(store, &common::fixture("answer-n9-by-claim-number.835"), &by_number);
        assert!(r.error.is_none(), "{:?}", r.error);
        assert_eq!((r.inventory_answered, r.no_response_resolved), (1, 1));
        assert_eq!(items(store)[2].2, "resolved");
        let remitted = text(store, "SELECT remitted_on FROM submitted_claim WHERE pcn = 'N9'");
        assert_eq!(remitted, "2026-12-15");
    });
}

/// Drives the desk by keys, as a biller would.
fn press(app: &mut overturn::tui::app::App, io: &mut overturn::tui::io::DeskIo, keys: &str) {
    use overturn::tui::{dispatch, translate};
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    for c in keys.chars() {
        let code = if c == '\n' { KeyCode::Enter } else { KeyCode::Char(c) };
        if let Some(a) = translate(app, Event::Key(KeyEvent::new(code, KeyModifiers::NONE))) {
            dispatch(app, io, a);
        }
    }
}

/// An item's `column` and the detail of its latest event.
fn column_and_last_event(io: &overturn::tui::io::DeskIo, id: i64, column: &str) -> (String, String) {
    let sql = format!(
        "SELECT w.{column}, e.detail FROM work_item w JOIN event e ON e.work_item_id = w.id
         WHERE w.id = ?1 ORDER BY e.id DESC LIMIT 1"
    );
    io.backend().db().query_row(&sql, &[&id], |r| Ok((r.get(0)?, r.get(1)?))).unwrap()
}

#[test]
fn the_desk_lists_them_on_the_no_answer_tab_and_logs_a_follow_up_by_keys() {
    use overturn::tui::app::{App, Tab};
    use overturn::tui::io::DeskIo;
    for engine in common::engines("the_desk_lists_them_on_the_no_answer_tab_and_logs_a_follow_up_by_keys") {
        let common::Engine { ledger: mut store, dir: _dir, database: _database, note: _note } = engine;
        for f in ["submitted.837", "underpaid.835", "acks-a.277"] {
            assert!(common::import(&mut store, &common::fixture(f)).error.is_none(), "{f}");
        }
        let tables = std::sync::Arc::new(overturn::tables::builtin());
        let today = d("2026-12-02");
        let mut io =
            DeskIo::new(store, tables.clone(), "dana".into(), today, None).with_fixed_now("2026-12-02T09:00:00Z");
        assert_eq!(io.open_silent().unwrap(), 2, "the desk's start opens the overdue claims");
        let theme = overturn::tui::theme::Theme { color: false };
        let mut app = App::new(today, tables, theme, "overturn.db".into(), false);
        overturn::tui::dispatch(&mut app, &mut io, overturn::tui::action::Action::Resize(120, 35));
        overturn::tui::start(&mut app, &mut io);
        press(&mut app, &mut io, "6");
        assert_eq!(app.tab, Tab::Unanswered);
        let shown = common::desk::screen(&app);
        assert!(shown.contains(" 6 NoAns 2 $460 "), "{shown}");
        assert!(shown.contains("no 277CA acceptance") && shown.contains("accepted, no remit"), "{shown}");
        // The appeal key is not bound on this tab; F opens the follow-up and Enter logs it.
        press(&mut app, &mut io, "a");
        assert!(app.dialog.is_none());
        let first = app.selected().map(|r| (r.id, r.pcn.clone())).unwrap();
        press(&mut app, &mut io, "Fportal: in process\n");
        let (due, note) = column_and_last_event(&io, first.0, "due_date");
        assert_eq!(due, "2026-12-16", "{}", first.1);
        assert!(note.ends_with("next follow-up 2026-12-16; note: portal: in process"), "{note}");
        // The payer has no record of it: resubmitted as sent (nothing ticked), it moves to Waiting.
        press(&mut app, &mut io, "f");
        assert!(common::desk::screen(&app).contains("none: resubmitted as sent"));
        press(&mut app, &mut io, "\n");
        let (queue, said) = column_and_last_event(&io, first.0, "queue");
        assert_eq!(queue, "waiting");
        assert!(said.starts_with("resubmitted as sent (the payer had no record of it); submit a new claim"), "{said}");
    }
}

#[test]
fn import_opens_them_and_the_queue_command_lists_them() {
    use common::cli::{overturn, stdout};
    let home = tempfile::tempdir().unwrap();
    let out = overturn(home.path()).arg("import").arg(common::fixture("claims.csv")).output().unwrap();
    assert!(out.status.success());
    // 22 days after submission and no 277CA for any of them.
    assert!(
        stdout(&out).contains("4 submitted claim(s) overdue for an answer: no-response items opened"),
        "{}",
        stdout(&out)
    );
    let list = stdout(&overturn(home.path()).args(["queue", "--tab", "unanswered"]).output().unwrap());
    assert!(list.starts_with("unanswered: 4 items, $810.00 at risk (as of 2026-11-23)"), "{list}");
    let n9 = list.lines().find(|l| l.contains(" N9 ")).unwrap();
    assert!(n9.contains("NO-ACK no 277CA acceptance") && n9.contains(" follow "), "{n9}");
    // Opening the ledger again opens nothing twice.
    let again = overturn(home.path()).args(["queue", "--tab", "unanswered"]).output().unwrap();
    assert!(!common::cli::stderr(&again).contains("overdue"), "{}", common::cli::stderr(&again));
    assert!(stdout(&again).starts_with("unanswered: 4 items"));
}

#[test]
fn a_dry_run_opens_no_items() {
    use common::cli::overturn;
    let home = tempfile::tempdir().unwrap();
    let at = |today: &str| {
        let mut c = overturn(home.path());
        c.env("OVERTURN_TODAY", today);
        c
    };
    // Imported four days after submission: nothing is overdue yet.
    assert!(at("2026-11-05").arg("import").arg(common::fixture("claims.csv")).output().unwrap().status.success());
    let out = at("2026-11-23").args(["import", "--dry-run"]).arg(common::fixture("fees.csv")).output().unwrap();
    assert!(out.status.success(), "{}", common::cli::stderr(&out));
    let db = home.path().join("data/overturn.db");
    let conn = rusqlite::Connection::open(db).unwrap();
    let items: i64 = conn.query_row("SELECT count(*) FROM work_item", [], |r| r.get(0)).unwrap();
    assert_eq!(items, 0, "the dry run wrote nothing");
}
