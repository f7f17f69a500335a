//! The store's own rules run on both back ends: each test body takes a [`Conn`] and runs on a
//! new SQLite ledger, then on a new PostgreSQL ledger when `OVERTURN_TEST_PG` names a cluster
//! (`.ci/run` starts one). Rules whose SQL is written per dialect (the rescoring's `min`/`max`
//! against `least`/`greatest`, the append-only event log, the words a work item may hold) are
//! checked where they are written, not only by comparing the engines' tables.

mod common;

use chrono::{Duration, NaiveDate};
use overturn::domain::money::Cents;
use overturn::domain::priority::{DUE_SOON_BAND, PriorityFactors, action_urgency, urgency};
use overturn::store::db::{Conn, Dialect};
use overturn::store::priorities;

/// Runs `body` on a new ledger on each back end.
fn on_both(test: &str, body: impl Fn(Conn<'_>)) {
    for engine in common::engines(test) {
        body(engine.ledger.db());
    }
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn one_i64(c: Conn<'_>, sql: &str, id: i64) -> i64 {
    c.query_row(sql, &[&id], |r| r.get(0)).unwrap()
}

const ITEM: &str = "INSERT INTO work_item (id, kind, state, queue, claim_id, batch_id, reason_code, category,
     work_type, team, hardness, appealable, amount_cents, rule_source, plan_type, due_date, last_date,
     urgency_permille, recover_permille, priority, priority_as_of, suggested_path, path_reason, opened_on,
     created_at)
     VALUES (?1, 'denial', CASE WHEN ?5 = 'appeals' THEN 'appealed' ELSE 'open' END, ?5, 1, 1, 'CO-50',
     'medical_necessity', 'clinical_appeal', 'clinical_docs', 'hard', 1, ?2, 'x', 'medicare', ?3, ?4, 0, ?6,
     -1, ?7, 'appeal', 'x', '2026-01-01', 't')";

/// A batch and a claim for items to hang on.
fn seed(c: Conn<'_>) {
    c.execute_batch(
        "INSERT INTO import_batch (id, file_name, sha256, kind, imported_at, imported_by, tables_version)
           VALUES (1, 'f', 'h', '835', 't', 'me', 'v');
         INSERT INTO claim (id, batch_id, source, pcn, status_code, charge_cents, paid_cents, patient_resp_cents)
           VALUES (1, 1, '835', 'P', '4', 100000, 0, 0);",
    )
    .unwrap();
}

#[test]
fn sql_rescoring_agrees_with_the_domain_priority_on_every_case() {
    // The priority is computed in Rust at triage and decisions and in SQL when days pass
    // (store::priorities, with each dialect's spelling): they must agree, band and staleness
    // included, on both engines.
    on_both("sql_rescoring_agrees_with_the_domain_priority_on_every_case", |c| {
        seed(c);
        let today = d("2026-11-30");
        let offsets =
            [None, Some(-400), Some(-366), Some(-30), Some(-1), Some(0), Some(3), Some(7), Some(20), Some(90)];
        let lasts = [None, Some(-5), Some(0), Some(400)];
        let day = |o: Option<i64>| o.map(|o| today + Duration::days(o));
        let mut cases = Vec::new();
        let mut id = 100i64;
        for amount in [1_000i64, 2_500, 250_000] {
            for due in offsets {
                for last in lasts {
                    for queue in ["denials", "appeals"] {
                        id += 1;
                        // A last date is never before the aim date.
                        let last = match (due, last) {
                            (Some(d), Some(l)) => Some(l.max(d)),
                            (None, _) => None,
                            (_, l) => l,
                        };
                        let (due, last) = (day(due), day(last));
                        c.execute(ITEM, &[&id, &amount, &due, &last, &queue, &700i64, &"2000-01-01"]).unwrap();
                        cases.push((id, amount, due, last, queue));
                    }
                }
            }
        }
        // No refresh date recorded: every due date is rescored.
        priorities::refresh(c, today, Cents(2500)).unwrap();
        for (id, amount, due, last, queue) in cases {
            let u = if queue == "appeals" { action_urgency(due, today) } else { urgency(due, last, today) };
            let want = PriorityFactors::new(Cents(amount), u, 700, Cents(2500));
            let got = (
                one_i64(c, "SELECT urgency_permille FROM work_item WHERE id = ?1", id),
                one_i64(c, "SELECT priority FROM work_item WHERE id = ?1", id),
            );
            assert_eq!(
                got,
                (i64::from(want.urgency), want.score()),
                "{:?} item {id}: {amount} due {due:?} last {last:?} {queue}",
                c.dialect()
            );
        }
    });
}

#[test]
fn priorities_follow_the_calendar_touching_only_items_that_changed_step() {
    on_both("priorities_follow_the_calendar_touching_only_items_that_changed_step", |c| {
        seed(c);
        // Scored on 11-20 with urgency 0 (a sentinel): the refresh must rescore exactly the
        // items whose step changed between 11-20 and 11-23.
        let dues = ["2026-11-25", "2026-11-26", "2026-12-07", "2027-03-01", "2026-11-22"];
        for (i, due) in dues.iter().enumerate() {
            let id = i as i64 + 1;
            c.execute(ITEM, &[&id, &100_000i64, due, due, &"denials", &500i64, &"2026-11-20"]).unwrap();
        }
        c.execute("UPDATE work_item SET priority = 0", &[]).unwrap();
        c.execute("INSERT INTO ledger_meta (key, value) VALUES ('priorities_as_of', '2026-11-20')", &[]).unwrap();
        let n = priorities::refresh(c, d("2026-11-23"), Cents(2500)).unwrap();
        let urgency = |id: i64| one_i64(c, "SELECT urgency_permille FROM work_item WHERE id = ?1", id);
        let priority = |id: i64| one_i64(c, "SELECT priority FROM work_item WHERE id = ?1", id);
        // 11-25: 5 days left on 11-20 (2500), 2 on 11-23 (3000): crossed -> rescored, and
        // $1,000 due within 7 days joins the due-soon band.
        assert_eq!(urgency(1), 3000);
        assert_eq!(priority(1), DUE_SOON_BAND + 100_000 * 3000 * 500 / 1_000_000);
        // 11-26: 6 -> 3 days: crossed the 3-day step on 11-23 -> rescored.
        assert_eq!(urgency(2), 3000);
        // 12-07: 17 -> 14 days: crossed the 14-day step on 11-23 -> rescored.
        assert_eq!(urgency(3), 2000);
        // 2027-03-01: far away both days: untouched.
        assert_eq!(urgency(4), 0);
        // 11-22: overdue since 11-23 and its last possible date (the same day) passed ->
        // rescored as closed, out of the band.
        assert_eq!(urgency(5), 100);
        assert_eq!(priority(5), 100_000 * 100 * 500 / 1_000_000);
        assert_eq!(n, 4, "{:?}", c.dialect());
        assert_eq!(priorities::refresh(c, d("2026-11-23"), Cents(2500)).unwrap(), 0, "same day: nothing to do");
        // After a long gap every due date is rescored; the already-overdue item does not change.
        assert_eq!(priorities::refresh(c, d("2027-02-20"), Cents(2500)).unwrap(), 4);
        assert_eq!(urgency(4), 2000, "9 days left");
        // A run that scored for a later day (a wrong clock) does not freeze today's rescoring.
        assert!(priorities::refresh(c, d("2026-11-23"), Cents(2500)).unwrap() > 0, "back to today: rescored");
        assert_eq!(urgency(4), 1000, "2027-03-01 is 98 days away again");
    });
}

#[test]
fn the_event_log_is_append_only() {
    on_both("the_event_log_is_append_only", |c| {
        c.execute("INSERT INTO event (at, actor, action) VALUES ('2026-11-23T10:00:00Z', 'me', 'note')", &[]).unwrap();
        let id: i64 = c.query_row("SELECT id FROM event", &[], |r| r.get(0)).unwrap();
        for sql in ["UPDATE event SET actor = 'someone else'", "DELETE FROM event"] {
            let e = c.execute(sql, &[]).unwrap_err().to_string();
            assert!(e.contains("append-only"), "{:?} {sql}: {e}", c.dialect());
        }
        // Every other statement that could replace history: an upsert on both; REPLACE and
        // its kin on SQLite.
        let mut forgeries = vec![
            "INSERT INTO event (id, at, actor, action) VALUES (?1, 't', 'x', 'forged')
             ON CONFLICT (id) DO UPDATE SET action = 'forged'",
        ];
        if c.dialect() == Dialect::Sqlite {
            forgeries.extend([
                "INSERT OR REPLACE INTO event (id, at, actor, action) VALUES (?1, 't', 'x', 'forged')",
                "REPLACE INTO event (id, at, actor, action) VALUES (?1, 't', 'x', 'forged')",
                "UPDATE OR REPLACE event SET action = 'forged' WHERE id = ?1",
            ]);
        }
        for sql in forgeries {
            assert!(c.execute(sql, &[&id]).is_err(), "{:?} {sql} must fail", c.dialect());
        }
        let n: i64 = c.query_row("SELECT count(*) FROM event", &[], |r| r.get(0)).unwrap();
        let action: String = c.query_row("SELECT max(action) FROM event", &[], |r| r.get(0)).unwrap();
        assert_eq!((n, action.as_str()), (1, "note"), "{:?}", c.dialect());
    });
}

#[test]
fn a_work_item_holds_only_words_the_code_knows() {
    use overturn::domain::workflow::{Queue, WorkKind, WorkState};
    on_both("a_work_item_holds_only_words_the_code_knows", |c| {
        seed(c);
        let insert = |kind: &str, state: &str, queue: &str| {
            c.execute(
                "INSERT INTO work_item (id, kind, state, queue, claim_id, batch_id, reason_code, category, work_type,
                 team, hardness, appealable, amount_cents, rule_source, plan_type, urgency_permille,
                 recover_permille, priority, priority_as_of, suggested_path, path_reason, opened_on, created_at)
                 VALUES (?4, ?1, ?2, ?3, 1, 1, 'CO-50', 'medical_necessity', 'clinical_appeal', 'clinical_docs',
                 'hard', 1, 100, 'x', 'medicare', 0, 500, 0, 't', 'appeal', 'x', '2026-01-01', 't')",
                &[
                    &kind,
                    &state,
                    &queue,
                    &(c.query_row("SELECT count(*) + 1 FROM work_item", &[], |r| r.get::<i64, _>(0)).unwrap()),
                ],
            )
        };
        // Every word the code knows is taken (the schema's lists are the enums' lists)...
        for k in WorkKind::ALL {
            insert(k.as_str(), "open", "denials").unwrap();
        }
        for s in WorkState::ALL {
            insert("denial", s.as_str(), "denials").unwrap();
        }
        for q in Queue::ALL {
            insert("denial", "open", q.as_str()).unwrap();
        }
        let known: i64 = c.query_row("SELECT count(*) FROM work_item", &[], |r| r.get(0)).unwrap();
        assert_eq!(known as usize, WorkKind::ALL.len() + WorkState::ALL.len() + Queue::ALL.len());
        // ... and any other is refused, inserted or changed to.
        assert!(insert("appeal", "open", "denials").is_err(), "{:?} kind", c.dialect());
        assert!(insert("denial", "pending", "denials").is_err(), "{:?} state", c.dialect());
        assert!(insert("denial", "open", "inbox").is_err(), "{:?} queue", c.dialect());
        for set in ["kind = 'appeal'", "state = 'pending'", "queue = 'inbox'"] {
            let e = c.execute(&format!("UPDATE work_item SET {set} WHERE id = 1"), &[]);
            assert!(e.is_err(), "{:?} {set}", c.dialect());
        }
        let n: i64 = c.query_row("SELECT count(*) FROM work_item", &[], |r| r.get(0)).unwrap();
        assert_eq!(n, known, "nothing refused was kept");
        // A batch is one of the kinds of file the import reads.
        let batch = |id: i64, kind: &str| {
            c.execute(
                "INSERT INTO import_batch (id, file_name, sha256, kind, imported_at, imported_by, tables_version)
                 VALUES (?1, 'f', ?3, ?2, 't', 'me', 'v')",
                &[&id, &kind, &format!("h{id}")],
            )
        };
        for (i, kind) in ["835", "277", "csv", "fees", "837", "claims"].iter().enumerate() {
            batch(10 + i as i64, kind).unwrap();
        }
        assert!(batch(20, "x12").is_err(), "{:?} batch kind", c.dialect());
    });
}
