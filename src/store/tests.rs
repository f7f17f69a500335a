use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::domain::Cents;
use crate::domain::priority::DUE_SOON_BAND;
use chrono::NaiveDate;
use rusqlite::Connection;

use super::*;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn pragma(conn: &Connection, name: &str) -> i64 {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn a_new_ledger_is_private_and_configured() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data/overturn");
    let path = dir.join("overturn.db");
    let mut store = Store::open(&path).unwrap();
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&path), 0o600);
    let tx = store.begin().unwrap();
    tx.execute("INSERT INTO ledger_meta (key, value) VALUES ('k', 'v')", []).unwrap();
    tx.commit().unwrap();
    let wal = dir.join("overturn.db-wal");
    assert!(wal.exists());
    assert_eq!(mode(&wal), 0o600, "SQLite gives the WAL the database file's mode");
    assert_eq!(mode(&dir.join("overturn.db-shm")), 0o600);
    let c = store.conn();
    assert_eq!(pragma(c, "application_id"), i64::from(APPLICATION_ID));
    assert_eq!(pragma(c, "user_version"), LATEST_VERSION);
    assert_eq!(pragma(c, "foreign_keys"), 1);
    assert_eq!(pragma(c, "synchronous"), 2, "FULL");
    let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    drop(store);
    Store::open(&path).expect("reopening an existing ledger works");
}

#[test]
fn a_ledger_from_a_newer_version_is_refused_and_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("x.db");
    drop(Store::open(&path).unwrap());
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(&format!("PRAGMA user_version = {}", LATEST_VERSION + 1)).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let e = Store::open(&path).err().unwrap().to_string();
    let newer = format!("schema version {}; this build knows up to {LATEST_VERSION}", LATEST_VERSION + 1);
    assert!(e.contains(&format!("was written by a newer Overturn ({newer})")), "{e}");
    assert!(e.ends_with("it was not changed"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn files_that_are_not_ours_are_refused_and_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let other = tmp.path().join("other.db");
    Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    let before = std::fs::read(&other).unwrap();
    let e = Store::open(&other).err().unwrap().to_string();
    assert!(e.contains("is an SQLite file of another program"), "{e}");
    assert_eq!(std::fs::read(&other).unwrap(), before);

    let text = tmp.path().join("notes.txt");
    std::fs::write(&text, "remember to call the payer").unwrap();
    let e = Store::open(&text).err().unwrap().to_string();
    assert!(e.contains("is not an Overturn database (not an SQLite file)"), "{e}");
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "remember to call the payer");

    let empty = tmp.path().join("empty.db");
    std::fs::write(&empty, "").unwrap();
    Store::open(&empty).expect("an empty file becomes a new ledger");
}

#[test]
fn the_event_log_is_append_only() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("e.db")).unwrap();
    let c = store.conn();
    c.execute("INSERT INTO event (at, actor, action) VALUES ('2026-11-23T10:00:00Z', 'me', 'note')", []).unwrap();
    let e = c.execute("UPDATE event SET actor = 'someone else'", []).unwrap_err().to_string();
    assert!(e.contains("append-only"), "{e}");
    let e = c.execute("DELETE FROM event", []).unwrap_err().to_string();
    assert!(e.contains("append-only"), "{e}");
    // Every other SQL path that could replace history: REPLACE, INSERT OR REPLACE with an
    // existing id, an upsert, UPDATE OR REPLACE.
    let id: i64 = c.query_row("SELECT id FROM event", [], |r| r.get(0)).unwrap();
    for sql in [
        "INSERT OR REPLACE INTO event (id, at, actor, action) VALUES (?1, 't', 'x', 'forged')",
        "REPLACE INTO event (id, at, actor, action) VALUES (?1, 't', 'x', 'forged')",
        "INSERT INTO event (id, at, actor, action) VALUES (?1, 't', 'x', 'forged')
             ON CONFLICT (id) DO UPDATE SET action = 'forged'",
        "UPDATE OR REPLACE event SET action = 'forged' WHERE id = ?1",
    ] {
        assert!(c.execute(sql, [id]).is_err(), "{sql} must fail");
    }
    let (n, action): (i64, String) =
        c.query_row("SELECT count(*), max(action) FROM event", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((n, action.as_str()), (1, "note"));
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Seeds minimal rows so work items can exist, then items with the given due dates.
fn seed_items(c: &Connection, dues: &[&str], scored_on: &str) {
    c.execute_batch(
        "INSERT INTO import_batch (id, file_name, sha256, kind, imported_at, imported_by, tables_version)
           VALUES (1, 'f', 'h', '835', 't', 'me', 'v');
         INSERT INTO claim (id, batch_id, source, pcn, status_code, charge_cents, paid_cents, patient_resp_cents)
           VALUES (1, 1, '835', 'P', '4', 100000, 0, 0);",
    )
    .unwrap();
    for (i, due) in dues.iter().enumerate() {
        c.execute(
            "INSERT INTO work_item (id, kind, state, queue, claim_id, batch_id, reason_code, category, work_type, team,
             hardness, appealable, amount_cents, rule_source, plan_type, due_date, last_date, urgency_permille,
             recover_permille, priority, priority_as_of, suggested_path, path_reason, opened_on, created_at)
             VALUES (?1, 'denial', 'open', 'denials', 1, 1, 'CO-50', 'medical_necessity', 'clinical_appeal', 'clinical_docs',
             'hard', 1, 100000, 'x', 'medicare', ?2, ?2, 0, 500, 0, ?3, 'appeal', 'x', ?3, 't')",
            rusqlite::params![i as i64 + 1, due, scored_on],
        )
        .unwrap();
    }
}

#[test]
fn priorities_follow_the_calendar_touching_only_items_that_changed_step() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("p.db")).unwrap();
    let c = store.conn();
    // Scored on 11-20 with urgency 0 (a sentinel): the refresh must rescore exactly the items
    // whose step changed between 11-20 and 11-23.
    seed_items(c, &["2026-11-25", "2026-11-26", "2026-12-07", "2027-03-01", "2026-11-22"], "2026-11-20");
    c.execute("INSERT INTO ledger_meta (key, value) VALUES ('priorities_as_of', '2026-11-20')", []).unwrap();
    let n = priorities::refresh(c, d("2026-11-23"), Cents(2500)).unwrap();
    let urgency = |id: i64| -> i64 {
        c.query_row("SELECT urgency_permille FROM work_item WHERE id = ?1", [id], |r| r.get(0)).unwrap()
    };
    let priority =
        |id: i64| -> i64 { c.query_row("SELECT priority FROM work_item WHERE id = ?1", [id], |r| r.get(0)).unwrap() };
    // 11-25: 5 days left on 11-20 (2500), 2 on 11-23 (3000): crossed -> rescored, and $1,000
    // due within 7 days joins the due-soon band.
    assert_eq!(urgency(1), 3000);
    assert_eq!(priority(1), DUE_SOON_BAND + 100_000 * 3000 * 500 / 1_000_000);
    // 11-26: 6 -> 3 days: crossed the 3-day step on 11-23 -> rescored.
    assert_eq!(urgency(2), 3000);
    // 12-07: 17 -> 14 days: crossed the 14-day step on 11-23 -> rescored.
    assert_eq!(urgency(3), 2000);
    // 2027-03-01: far away both days: untouched.
    assert_eq!(urgency(4), 0);
    // 11-22: 2 days left on 11-20, overdue since 11-23 (crossed on 11-23: -1 day) and its last
    // possible date (the same day) passed -> rescored as closed, out of the band.
    assert_eq!(urgency(5), 100);
    assert_eq!(priority(5), 100_000 * 100 * 500 / 1_000_000);
    assert_eq!(n, 4);
    assert_eq!(priorities::refresh(c, d("2026-11-23"), Cents(2500)).unwrap(), 0, "same day: nothing to do");
    // After a long gap every due date is rescored; the already-overdue item does not change.
    assert_eq!(priorities::refresh(c, d("2027-02-20"), Cents(2500)).unwrap(), 4);
    assert_eq!(urgency(4), 2000, "9 days left");
    // A run that scored for a later day (a wrong clock) does not freeze today's rescoring.
    assert!(priorities::refresh(c, d("2026-11-23"), Cents(2500)).unwrap() > 0, "back to today: rescored");
    assert_eq!(urgency(4), 1000, "2027-03-01 is 98 days away again");
}

#[test]
fn a_new_ledger_has_nothing_to_retriage() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("n.db")).unwrap();
    let pending: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM ledger_meta WHERE key = 'retriage_pending'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pending, 0);
}

#[test]
fn sql_rescoring_agrees_with_the_domain_priority_on_every_case() {
    // The priority is computed in Rust at triage and decisions and in SQL when days pass
    // (store::priorities): they must agree, band and staleness included.
    use crate::domain::priority::{PriorityFactors, action_urgency, urgency};
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("g.db")).unwrap();
    let c = store.conn();
    seed_items(c, &[], "2000-01-01");
    let today = d("2026-11-30");
    let offsets: [Option<i64>; 10] =
        [None, Some(-400), Some(-366), Some(-30), Some(-1), Some(0), Some(3), Some(7), Some(20), Some(90)];
    let lasts: [Option<i64>; 4] = [None, Some(-5), Some(0), Some(400)];
    let mut cases = Vec::new();
    let mut id = 100;
    for amount in [1_000i64, 2_500, 250_000] {
        for due in offsets {
            for last in lasts {
                for queue in ["denials", "appeals"] {
                    id += 1;
                    let date = |o: Option<i64>| o.map(|o| (today + chrono::Duration::days(o)).to_string());
                    // A last date is never before the aim date.
                    let last = match (due, last) {
                        (Some(d), Some(l)) => Some(l.max(d)),
                        (None, _) => None,
                        (_, l) => l,
                    };
                    c.execute(
                        "INSERT INTO work_item (id, kind, state, queue, claim_id, batch_id, reason_code, category,
                         work_type, team, hardness, appealable, amount_cents, rule_source, plan_type, due_date,
                         last_date, urgency_permille, recover_permille, priority, priority_as_of, suggested_path,
                         path_reason, opened_on, created_at)
                         VALUES (?1, 'denial', CASE ?5 WHEN 'appeals' THEN 'appealed' ELSE 'open' END, ?5, 1, 1,
                         'CO-50', 'medical_necessity', 'clinical_appeal', 'clinical_docs', 'hard', 1, ?2, 'x',
                         'medicare', ?3, ?4, 0, 700, -1, '2000-01-01', 'appeal', 'x', '2026-01-01', 't')",
                        rusqlite::params![id, amount, date(due), date(last), queue],
                    )
                    .unwrap();
                    cases.push((
                        id,
                        amount,
                        due.map(|o| today + chrono::Duration::days(o)),
                        last.map(|o| today + chrono::Duration::days(o)),
                        queue,
                    ));
                }
            }
        }
    }
    // No refresh date recorded: every due date is rescored.
    priorities::refresh(c, today, Cents(2500)).unwrap();
    for (id, amount, due, last, queue) in cases {
        let u = if queue == "appeals" { action_urgency(due, today) } else { urgency(due, last, today) };
        let want = PriorityFactors::new(Cents(amount), u, 700, Cents(2500));
        let got: (u32, i64) = c
            .query_row("SELECT urgency_permille, priority FROM work_item WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(got, (want.urgency, want.score()), "item {id}: {amount} due {due:?} last {last:?} {queue}");
    }
}

#[test]
fn a_work_item_holds_only_words_the_code_knows() {
    // The schema's lists are the enums' lists: a new word without its trigger word fails here.
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("w.db")).unwrap();
    let text = |sql: &str| store.conn().query_row(sql, [], |r| r.get::<_, String>(0)).unwrap();
    let sql = text("SELECT group_concat(sql, ' ') FROM sqlite_schema WHERE name LIKE 'work_item_words_%'");
    let list = |words: Vec<&str>| words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(", ");
    use crate::domain::workflow::{Queue, WorkKind, WorkState};
    let kinds = list(WorkKind::ALL.iter().map(|k| k.as_str()).collect());
    for l in [
        kinds.clone(),
        list(WorkState::ALL.iter().map(|k| k.as_str()).collect()),
        list(Queue::ALL.iter().map(|k| k.as_str()).collect()),
    ] {
        assert_eq!(sql.matches(&format!("NOT IN ({l})")).count(), 2, "{l}");
    }
    // The table's own CHECK (schema v1, widened by v9 and v10) and the batch kinds.
    let table = text("SELECT sql FROM sqlite_schema WHERE name = 'work_item'");
    assert!(table.contains(&format!("CHECK (kind IN ({kinds}))")), "{table}");
    let batch = text("SELECT sql FROM sqlite_schema WHERE name = 'import_batch'");
    let files = list(["835", "277", "csv", "fees", "837", "claims"].to_vec());
    assert!(batch.contains(&format!("CHECK (kind IN ({files}))")), "{batch}");
    let e = store.conn().execute("UPDATE work_item SET state = 'maybe'", []);
    assert!(e.is_ok(), "no rows yet: nothing to refuse");
    let e = store
        .conn()
        .execute_batch("INSERT INTO work_item (kind, state, queue) VALUES ('denial', 'pending', 'denials')")
        .unwrap_err();
    assert!(e.to_string().contains("not a word this ledger knows"), "{e}");
}

/// Regression: a desk holding the ledger open with commits still in its WAL (the file not yet
/// grown to match) is not reported damaged to a second command; a file cut short with no WAL is.
#[test]
fn a_ledger_grown_in_its_wal_is_not_damaged_but_a_cut_file_is() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("w.db");
    let desk = Store::open(&path).unwrap();
    desk.conn().execute_batch("PRAGMA wal_autocheckpoint = 0;").unwrap();
    desk.conn()
        .execute_batch(
            "CREATE TABLE filler (x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
             INSERT INTO filler SELECT zeroblob(4000) FROM n;",
        )
        .unwrap();
    let grown: i64 = desk.conn().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    let page: i64 = desk.conn().query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    assert!(grown * page > std::fs::metadata(&path).unwrap().len() as i64, "the growth is in the WAL only");
    let second = Store::open(&path);
    assert!(second.is_ok(), "{:?}", second.err().map(|e| e.to_string()));
    drop(second);
    drop(desk); // the last connection checkpoints and removes the WAL
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() - page as usize]).unwrap();
    let cut = Store::open(&path).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(cut.contains("the ledger file is damaged"), "{cut}");
}
