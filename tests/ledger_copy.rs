//! `overturn copy` and the PostgreSQL back end: a ledger moved to PostgreSQL and back is the
//! same ledger (every table's rows and checksum, and what the commands print from it); copies
//! write only new ledgers and leave nothing behind when they fail. The PostgreSQL half runs
//! when `OVERTURN_TEST_PG` names a cluster (`.ci/run` starts one).

mod common;

use std::path::{Path, PathBuf};

use common::cli::{overturn, stderr, stdout};
use common::pg;
use overturn::store::copy::{self, Ledger};

/// The demo ledger (a month of a small practice: appeals, write-offs, fee schedules, owners)
/// built in `home`.
fn demo(home: &Path) -> PathBuf {
    let out = overturn(home).arg("demo").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    home.join("data/demo.db")
}

fn run(home: &Path, args: &[&str]) -> std::process::Output {
    overturn(home).args(args).output().unwrap()
}

fn ok(home: &Path, args: &[&str]) -> String {
    let out = run(home, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

fn sums(ledger: &str) -> Vec<copy::TableCopy> {
    copy::checksums(&Ledger::parse(ledger).unwrap()).unwrap()
}

/// What a biller and an owner read from a ledger: the queues, an export, the reports.
fn readings(home: &Path, db: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tab in ["denials", "appeals", "write-offs", "unanswered"] {
        out.push(ok(home, &["--db", db, "export", "--tab", tab]));
    }
    for command in ["queue", "appeals", "unanswered"] {
        out.push(ok(home, &["--db", db, command]));
    }
    out.push(ok(home, &["--db", db, "report", "kpi"]));
    out.push(ok(home, &["--db", db, "report", "rca"]));
    out
}

#[test]
fn sqlite_to_sqlite_copies_every_table_and_reads_the_same() {
    let home = tempfile::tempdir().unwrap();
    let src = demo(home.path());
    let dst = home.path().join("copy.db");
    let (src, dst) = (src.to_str().unwrap(), dst.to_str().unwrap());
    let text = ok(home.path(), &["copy", src, dst]);
    assert!(text.contains("every table read back from the new ledger with the same rows and checksum"), "{text}");
    assert!(text.lines().any(|l| l.trim_start().starts_with("work_item") && l.contains(" rows  checksum ")), "{text}");
    assert_eq!(sums(src), sums(dst));
    assert!(sums(dst).iter().find(|t| t.table == "appeal").unwrap().rows > 0, "the demo has appeals");
    assert_eq!(common::cli::mode(Path::new(dst)), 0o600);
    assert_eq!(readings(home.path(), src), readings(home.path(), dst));
}

#[test]
fn copy_never_writes_over_a_file() {
    let home = tempfile::tempdir().unwrap();
    let src = demo(home.path());
    let taken = home.path().join("taken.db");
    std::fs::write(&taken, b"someone else's file").unwrap();
    let out = run(home.path(), &["copy", src.to_str().unwrap(), taken.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("already exists; copy writes only a new ledger"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&taken).unwrap(), b"someone else's file");
    let new = home.path().join("new.db");
    let out = run(home.path(), &["copy", home.path().join("missing.db").to_str().unwrap(), new.to_str().unwrap()]);
    assert!(stderr(&out).contains("no ledger at"), "{}", stderr(&out));
    assert!(!new.exists());
}

#[test]
fn postgres_urls_are_refused_where_they_cannot_work_yet() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["--db", "postgres://biller@localhost/practice", "demo"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("overturn demo does not run on a PostgreSQL ledger yet") && err.contains("overturn copy"),
        "{err}"
    );
    // Backups and checks of a PostgreSQL ledger are PostgreSQL's tools' work: the refusal says which.
    let out = run(home.path(), &["--db", "postgres://biller@localhost/practice", "backup"]);
    assert!(!out.status.success() && stderr(&out).contains("pg_dump -Fc"), "{}", stderr(&out));
    // Patient data never leaves the machine unencrypted: another machine is reached only
    // through TLS (here, a host that does not answer), and asking for no TLS is refused before
    // any connection; the password is never repeated.
    let src = demo(home.path());
    let out = run(home.path(), &["copy", src.to_str().unwrap(), "postgres://biller:hunter2@db.example.org/practice"]);
    let err = stderr(&out);
    assert!(!out.status.success() && err.contains("(TLS)") && !err.contains("hunter2"), "{err}");
    let plain = "postgres://biller:hunter2@db.example.org/practice?sslmode=disable";
    let out = run(home.path(), &["copy", src.to_str().unwrap(), plain]);
    let err = stderr(&out);
    assert!(err.contains("unencrypted") && !err.contains("hunter2"), "{err}");
    assert!(!home.path().join("data/overturn.db").exists(), "no SQLite ledger made of the URL");
}

#[test]
fn sqlite_to_postgres_and_back_is_the_same_ledger() {
    let Some(db) = pg::database("sqlite_to_postgres_and_back_is_the_same_ledger") else { return };
    let home = tempfile::tempdir().unwrap();
    let src = demo(home.path());
    let src = src.to_str().unwrap();
    let text = ok(home.path(), &["copy", src, &db.url]);
    assert!(text.contains("every table read back"), "{text}");
    assert_eq!(sums(src), sums(&db.url), "PostgreSQL holds what SQLite held, value for value");
    // Vacuumed and analyzed once committed: the planner knows the tables' sizes, and counts of
    // index ranges (a queue's ranks) need not visit every row.
    let (analyzed, all_visible): (bool, bool) = {
        let row = db
            .client()
            .query_one("SELECT reltuples > 0, relallvisible > 0 FROM pg_class WHERE relname = 'work_item'", &[])
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert!(analyzed && all_visible, "analyzed {analyzed}, pages all visible {all_visible}");
    let back = home.path().join("back.db");
    let back = back.to_str().unwrap();
    ok(home.path(), &["copy", &db.url, back]);
    assert_eq!(sums(src), sums(back));
    assert_eq!(readings(home.path(), src), readings(home.path(), back));
    // The queues, exports and reports read from PostgreSQL itself say what SQLite's say.
    assert_eq!(readings(home.path(), &db.url), readings(home.path(), src));
    // info reads the queues from PostgreSQL: the same totals as the SQLite ledger's.
    let pg_info = ok(home.path(), &["--db", &db.url, "info"]);
    let sqlite_info = ok(home.path(), &["--db", src, "info"]);
    assert!(
        pg_info.contains("(PostgreSQL ")
            && pg_info.contains(&format!("schema version {}", overturn::store::LATEST_VERSION)),
        "{pg_info}"
    );
    // The same command, run on either back end, says the same past the database line.
    let body = |text: &str| text.lines().skip(1).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(body(&pg_info), body(&sqlite_info));
    assert!(body(&pg_info).iter().any(|l| l.starts_with("appeals:")), "{pg_info}");
    // The owner's reports read the same from PostgreSQL as from SQLite, every format.
    for report in ["kpi", "rca"] {
        for format in ["md", "csv", "json"] {
            let args = |db: &str| {
                vec![
                    "--db".to_string(),
                    db.to_string(),
                    "report".into(),
                    report.into(),
                    "--format".into(),
                    format.into(),
                ]
            };
            let on_pg = ok(home.path(), &args(&db.url).iter().map(String::as_str).collect::<Vec<_>>());
            let on_sqlite = ok(home.path(), &args(src).iter().map(String::as_str).collect::<Vec<_>>());
            assert_eq!(on_pg, on_sqlite, "report {report} --format {format}");
        }
    }
    // New rows on PostgreSQL are numbered after the copied ones.
    let mut client = db.client();
    let last: i64 = client.query_one("SELECT max(id) FROM event", &[]).unwrap().get(0);
    assert!(last > 100, "the demo's events were copied");
    let next: i64 = client
        .query_one(
            "INSERT INTO event (at, actor, action) VALUES ('2026-11-23T15:00:00Z', 't', 'test') RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(next, last + 1);
    // The audit trail is append-only there too.
    for sql in ["UPDATE event SET actor = 'someone' WHERE id = 1", "DELETE FROM event WHERE id = 1"] {
        let err = client.batch_execute(sql).unwrap_err();
        assert!(err.as_db_error().unwrap().message().contains("the event log is append-only"), "{sql}: {err}");
    }
}

#[test]
fn the_postgresql_schema_has_every_sqlite_column_and_index() {
    let Some(db) = pg::database("the_postgresql_schema_has_every_sqlite_column_and_index") else { return };
    let home = tempfile::tempdir().unwrap();
    let src = demo(home.path());
    ok(home.path(), &["copy", src.to_str().unwrap(), &db.url]);
    let sqlite = rusqlite::Connection::open(&src).unwrap();
    let mut client = db.client();
    for table in copy::catalog::tables().unwrap() {
        let mut stmt = sqlite
            .prepare("SELECT name, type, \"notnull\" OR pk = 1 FROM pragma_table_xinfo(?1) ORDER BY cid")
            .unwrap();
        let want: Vec<(String, String, bool)> = stmt
            .query_map([&table.name], |r| {
                let ty: String = r.get(1)?;
                let ty = match ty.as_str() {
                    "INTEGER" => "bigint",
                    "REAL" => "double precision",
                    _ => "text",
                };
                Ok((r.get(0)?, ty.to_string(), r.get(2)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let got: Vec<(String, String, bool)> = client
            .query(
                "SELECT column_name::text, data_type::text, is_nullable = 'NO' FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
                &[&table.name],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect();
        assert_eq!(got, want, "{}", table.name);
    }
    let indexes: Vec<String> = sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for index in indexes {
        let n: i64 =
            client.query_one("SELECT count(*) FROM pg_indexes WHERE indexname = $1", &[&index]).unwrap().get(0);
        assert_eq!(n, 1, "index {index} on PostgreSQL");
    }
}

#[test]
fn postgres_copies_refuse_and_leave_nothing_behind() {
    let Some(db) = pg::database("postgres_copies_refuse_and_leave_nothing_behind") else { return };
    let Some(empty) = pg::database("postgres_copies_refuse_and_leave_nothing_behind") else { return };
    let home = tempfile::tempdir().unwrap();
    let src = demo(home.path());
    let src = src.to_str().unwrap();
    // A database without a ledger is no source; nothing is created from it.
    let from_empty = home.path().join("from-empty.db");
    let out = run(home.path(), &["copy", &empty.url, from_empty.to_str().unwrap()]);
    assert!(stderr(&out).contains("holds no Overturn ledger"), "{}", stderr(&out));
    assert!(!from_empty.exists());
    // A value PostgreSQL cannot hold stops the copy by row and column; the database stays empty.
    let bad = home.path().join("bad.db");
    std::fs::copy(src, &bad).unwrap();
    rusqlite::Connection::open(&bad)
        .unwrap()
        .execute("UPDATE claim SET patient_last = 'A' || char(0) || 'B' WHERE id = 2", [])
        .unwrap();
    let out = run(home.path(), &["copy", bad.to_str().unwrap(), &empty.url]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("claim row 2, patient_last: text with a NUL byte"), "{}", stderr(&out));
    assert_eq!(empty.table_count(), 0, "a failed copy leaves the database as empty as it was");
    // A database that holds a ledger is never copied over.
    ok(home.path(), &["copy", src, &db.url]);
    let before = sums(&db.url);
    let out = run(home.path(), &["copy", src, &db.url]);
    let holds = format!("already holds an Overturn ledger (schema version {})", overturn::store::LATEST_VERSION);
    assert!(stderr(&out).contains(&holds), "{}", stderr(&out));
    assert_eq!(sums(&db.url), before);
    // A ledger a newer Overturn wrote is refused, by info and as a copy's source.
    db.client().execute("UPDATE overturn_schema SET version = 99", &[]).unwrap();
    let newer = home.path().join("newer.db");
    for args in [vec!["--db", db.url.as_str(), "info"], vec!["copy", db.url.as_str(), newer.to_str().unwrap()]] {
        let out = run(home.path(), &args);
        assert!(stderr(&out).contains("written by a newer Overturn (schema version 99"), "{args:?}: {}", stderr(&out));
    }
    assert!(!newer.exists());
}

#[test]
fn an_older_postgres_ledger_is_upgraded_in_place_once() {
    let Some(db) = pg::database("an_older_postgres_ledger_is_upgraded_in_place_once") else { return };
    let home = tempfile::tempdir().unwrap();
    let src = demo(home.path());
    ok(home.path(), &["copy", src.to_str().unwrap(), &db.url]);
    // Back to version 10 as an earlier build left it: no version column, no trigger counting it,
    // no notifications, new items counted into the rollups row by row, no deltas folded at
    // the commit (the row function stays as version 13 left it: the upgrade replaces it).
    db.client()
        .batch_execute(
            "DROP TABLE rollup_pending, work_item_delta; \
             DROP FUNCTION overturn_rollups_fold(); DROP FUNCTION overturn_count_import_tables(); \
             DROP FUNCTION overturn_work_delta(work_item, bigint, boolean, boolean, boolean) CASCADE; \
             DROP TRIGGER work_item_version ON work_item; DROP FUNCTION overturn_version(); \
             DROP TRIGGER work_item_notify ON work_item; DROP TRIGGER appeal_notify ON appeal; \
             DROP FUNCTION overturn_notify(); \
             DROP TRIGGER work_item_rollups_added ON work_item; DROP FUNCTION overturn_work_items_added(); \
             DROP TRIGGER work_item_rollups ON work_item; \
             CREATE TRIGGER work_item_rollups AFTER INSERT OR UPDATE OR DELETE ON work_item \
                 FOR EACH ROW EXECUTE FUNCTION overturn_work_item_changed(); \
             ALTER TABLE work_item DROP COLUMN version; \
             ALTER TABLE work_item DROP COLUMN rule_id; DROP TABLE rule_text; ALTER TABLE claim DROP COLUMN body; \
             UPDATE overturn_schema SET version = 10",
        )
        .unwrap();
    let text = ok(home.path(), &["--db", &db.url, "info"]);
    assert!(text.contains(&format!("schema version {}", overturn::store::LATEST_VERSION)), "{text}");
    let mut client = db.client();
    // A new item is counted once in its queue's total (by the statement trigger of version 12,
    // not also by the row trigger it replaced), and its rollups agree with a recount.
    let total = |c: &mut postgres::Client| -> (i64, i64) {
        let r = c.query_one("SELECT items, amount_cents FROM queue_total WHERE queue = 'denials'", &[]).unwrap();
        (r.get(0), r.get(1))
    };
    let recounted = |c: &mut postgres::Client| -> (i64, i64) {
        let r = c
            .query_one(
                "SELECT count(*), coalesce(sum(amount_cents), 0)::bigint FROM work_item WHERE queue = 'denials'",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    let (items, cents) = total(&mut client);
    let copied = "INSERT INTO work_item (kind, state, queue, claim_id, batch_id, payer_id, payer_name, reason_code, \
        category, work_type, team, hardness, appealable, amount_cents, rule_source, plan_type, urgency_permille, \
        recover_permille, priority, priority_as_of, suggested_path, path_reason, opened_on, created_at) \
        SELECT kind, state, queue, claim_id, batch_id, payer_id, payer_name, reason_code, category, work_type, team, \
        hardness, appealable, amount_cents, rule_source, plan_type, urgency_permille, recover_permille, priority, \
        priority_as_of, suggested_path, path_reason, opened_on, created_at FROM work_item \
        WHERE queue = 'denials' ORDER BY id LIMIT 2";
    client.batch_execute(copied).unwrap();
    let added: i64 = client
        .query_one("SELECT sum(amount_cents)::bigint FROM (SELECT amount_cents FROM work_item WHERE queue = 'denials' ORDER BY id LIMIT 2) a", &[])
        .unwrap()
        .get(0);
    assert_eq!(total(&mut client), (items + 2, cents + added));
    assert_eq!(total(&mut client), recounted(&mut client));
    let versions: i64 = client.query_one("SELECT count(DISTINCT version) FROM work_item", &[]).unwrap().get(0);
    assert_eq!(versions, 1, "every item starts at version 0");
    client.batch_execute("UPDATE work_item SET owner = 'Pat' WHERE id = 1").unwrap();
    let v: i64 = client.query_one("SELECT version FROM work_item WHERE id = 1", &[]).unwrap().get(0);
    assert_eq!(v, 1, "a change counts the version up");
    // Items changed twice in one transaction are folded into the totals at its commit
    // (version 13), as a recount has them.
    client
        .batch_execute(
            "BEGIN; \
             UPDATE work_item SET queue = 'write-offs', state = 'written_off', closed_on = '2026-11-20', \
                 close_reason = 'small balance' WHERE id IN (SELECT id FROM work_item WHERE queue = 'denials' ORDER BY id LIMIT 3); \
             UPDATE work_item SET amount_cents = amount_cents + 100 WHERE queue = 'write-offs'; \
             COMMIT",
        )
        .unwrap();
    assert_eq!(total(&mut client), recounted(&mut client));
    let writeoffs: (i64, i64, i64, i64) = client
        .query_one(
            "SELECT (SELECT items FROM queue_total WHERE queue = 'write-offs'), \
                    (SELECT count(*) FROM work_item WHERE queue = 'write-offs'), \
                    (SELECT sum(amount_cents)::bigint FROM writeoff_day), \
                    (SELECT sum(amount_cents)::bigint FROM work_item WHERE queue = 'write-offs')",
            &[],
        )
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .unwrap();
    assert_eq!((writeoffs.0, writeoffs.2), (writeoffs.1, writeoffs.3), "write-offs: totals then recount");
    let pending: i64 = client
        .query_one("SELECT (SELECT count(*) FROM work_item_delta) + (SELECT count(*) FROM rollup_pending)", &[])
        .unwrap()
        .get(0);
    assert_eq!(pending, 0, "nothing waits after the commit");
    ok(home.path(), &["--db", &db.url, "info"]);
    let rows: i64 = client.query_one("SELECT count(*) FROM overturn_schema", &[]).unwrap().get(0);
    assert_eq!(rows, 1);
}

#[test]
fn test_database_urls_keep_host_and_user() {
    assert_eq!(pg::with_db("postgresql:///postgres?host=/tmp/s&user=ci", "t1"), "postgresql:///t1?host=/tmp/s&user=ci");
    assert_eq!(pg::with_db("postgres://ci@localhost:5433/postgres", "t2"), "postgres://ci@localhost:5433/t2");
    assert_eq!(pg::with_db("postgres://ci@localhost", "t3"), "postgres://ci@localhost/t3");
}
