//! PostgreSQL keeps the rollups (queue totals, the KPI and RCA tables, appeal outcomes, billers'
//! days) exactly as SQLite's triggers do: the same writes on a ledger and on its copy leave every
//! table with the same rows and checksum. Runs when `OVERTURN_TEST_PG` names a cluster.

mod common;

use std::collections::BTreeMap;

use common::cli::{overturn, stderr};
use overturn::store::Store;
use overturn::store::copy::{self, Ledger, catalog};
use overturn::store::db::{Conn, PgConn};

const ROLLUPS: [&str; 10] = [
    "queue_total",
    "work_day",
    "open_day",
    "writeoff_day",
    "category_day",
    "appeal_day",
    "biller_day",
    "slice_week",
    "queue_week",
    "work_item",
];

/// Writes of every kind the desk and imports make, as plain SQL both engines run alike.
fn writes(db: Conn) {
    let work = catalog::tables().unwrap().into_iter().find(|t| t.name == "work_item").unwrap();
    let columns: Vec<String> = work.stored().filter(|c| c.name != "id").map(|c| c.name.clone()).collect();
    let values: Vec<String> = columns
        .iter()
        .map(|c| if c == "reason_code" { "'TEST-' || reason_code".to_string() } else { c.clone() })
        .collect();
    let (columns, values) = (columns.join(", "), values.join(", "));
    let statements = [
        // Written off: out of Denials into Write-offs, closed, with its reason.
        "UPDATE work_item SET queue = 'write-offs', state = 'written_off', closed_on = '2026-11-20', \
         close_reason = 'timely_filing', decided_on = '2026-11-20' \
         WHERE id IN (SELECT id FROM work_item WHERE queue = 'denials' AND kind = 'denial' ORDER BY id LIMIT 6)",
        // Paid after a fix: resolved and recovered, more than 30 days after it opened for some.
        "UPDATE work_item SET queue = 'done', state = 'resolved', closed_on = '2026-12-30', recovered_cents = amount_cents \
         WHERE id IN (SELECT id FROM work_item WHERE queue = 'denials' AND kind = 'denial' ORDER BY id DESC LIMIT 5)",
        // Appeal outcomes recorded, then an item's payer and category corrected under them.
        "UPDATE appeal SET state = 'overturned', outcome_on = '2026-11-21' \
         WHERE id IN (SELECT id FROM appeal WHERE outcome_on IS NULL ORDER BY id LIMIT 3)",
        "UPDATE appeal SET state = 'upheld', outcome_on = '2026-11-22' \
         WHERE id IN (SELECT id FROM appeal WHERE outcome_on IS NULL ORDER BY id LIMIT 2)",
        "UPDATE work_item SET payer_name = 'RENAMED PAYER', category = 'coding' \
         WHERE id IN (SELECT work_item_id FROM appeal WHERE outcome_on IS NOT NULL ORDER BY id LIMIT 3)",
        // Re-classified: a new root cause and dollars denied, unchanged queue.
        "UPDATE work_item SET category = 'eligibility', denied_cents = denied_cents + 100 \
         WHERE id IN (SELECT id FROM work_item WHERE kind = 'denial' ORDER BY id LIMIT 4 OFFSET 20)",
        // Touched without a change: nothing moves.
        "UPDATE work_item SET queue = queue, payer_name = payer_name WHERE id IN (SELECT id FROM work_item ORDER BY id LIMIT 10)",
        // Moved to another claim: takes that claim's intake, provider and place.
        "UPDATE work_item SET claim_id = (SELECT max(id) FROM claim) \
         WHERE id = (SELECT min(id) FROM work_item WHERE kind = 'denial' AND queue = 'denials')",
        // An appeal withdrawn (deleted), and billers' decisions in the event log.
        "UPDATE work_item SET appeal_id = NULL WHERE appeal_id = (SELECT max(id) FROM appeal WHERE outcome_on IS NOT NULL)",
        "DELETE FROM appeal WHERE id = (SELECT max(id) FROM appeal WHERE outcome_on IS NOT NULL)",
        "INSERT INTO event (work_item_id, at, actor, action) \
         SELECT id, '2026-11-22T10:00:00Z', 'pat', 'close' FROM work_item ORDER BY id LIMIT 3",
        "INSERT INTO event (work_item_id, at, actor, action) \
         SELECT id, '2026-11-22T11:00:00Z', 'sam', 'note' FROM work_item ORDER BY id LIMIT 2",
    ];
    for sql in statements {
        db.execute(sql, &[]).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    // New items of each kind and every queue (copies of existing rows, a third of the ledger in
    // one statement, so many share a day, week and category: PostgreSQL counts a statement's new
    // rows grouped), and one of them deleted again.
    let copy = format!(
        "INSERT INTO work_item ({columns}) SELECT {values} FROM work_item \
         WHERE id IN (SELECT min(id) FROM work_item GROUP BY kind) OR id % 3 = 0 ORDER BY id"
    );
    db.execute(&copy, &[]).unwrap();
    db.execute("DELETE FROM work_item WHERE id = (SELECT max(id) FROM work_item)", &[]).unwrap();
}

fn by_table(ledger: &str) -> BTreeMap<String, (u64, String)> {
    let sums = copy::checksums(&Ledger::parse(ledger).unwrap()).unwrap();
    sums.into_iter().map(|t| (t.table, (t.rows, t.checksum))).collect()
}

#[test]
fn the_same_writes_keep_the_same_rollups_on_both_engines() {
    let Some(pg) = common::pg::database("the_same_writes_keep_the_same_rollups_on_both_engines") else { return };
    let home = tempfile::tempdir().unwrap();
    let out = overturn(home.path()).arg("demo").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let path = home.path().join("data/demo.db");
    let sqlite = path.to_str().unwrap();
    let out = overturn(home.path()).args(["copy", sqlite, &pg.url]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let before = by_table(sqlite);

    let store = Store::open(&path).unwrap();
    writes(store.db());
    drop(store);
    let conn = PgConn::new(pg.client());
    writes(Conn::Postgres(&conn));
    drop(conn);

    let (on_sqlite, on_pg) = (by_table(sqlite), by_table(&pg.url));
    for table in ROLLUPS {
        assert_ne!(before[table], on_sqlite[table], "the writes move {table}");
    }
    let differ: Vec<&String> = on_sqlite.keys().filter(|t| on_sqlite[*t] != on_pg[*t]).collect();
    assert!(differ.is_empty(), "tables that differ after the same writes: {differ:?}");
}
