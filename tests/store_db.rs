//! The store's one interface (`store::db::Conn`) behaves the same on SQLite and PostgreSQL:
//! parameters, ids of inserted rows, aggregates, NULLs, the domain's words and dates. The
//! PostgreSQL half runs when `OVERTURN_TEST_PG` names a cluster.

mod common;

use chrono::NaiveDate;
use overturn::domain::money::Cents;
use overturn::domain::workflow::Queue;
use overturn::store::Store;
use overturn::store::db::{Conn, PgConn};

/// What the interface must answer, asked of `db` (an empty ledger at the current schema).
fn exercise(db: Conn) -> Vec<String> {
    let mut seen = Vec::new();
    for (category, what) in [("eligibility", "verify coverage at check-in"), ("coding", "scrub modifiers")] {
        let id = db
            .insert(
                "INSERT INTO prevention (category, what, who, effective_on, recorded_on, recorded_by) VALUES (?1, ?2, ?3, ?4, ?4, ?3)",
                &[&category, &what, &"owner", &NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()],
            )
            .unwrap();
        seen.push(format!("id {id}"));
    }
    let rows = db
        .query_map(
            "SELECT id, category, effective_on FROM prevention WHERE recorded_by = ? ORDER BY id DESC LIMIT ?",
            &[&"owner", &5i64],
            |r| Ok((r.get::<i64, _>(0)?, r.get::<String, _>("category")?, r.get::<NaiveDate, _>(2)?)),
        )
        .unwrap();
    seen.push(format!("{rows:?}"));
    for (queue, n, cents) in [(Queue::Denials, 3i64, Cents(12_500)), (Queue::Appeals, 2, Cents(-4_000))] {
        let changed = db
            .execute("UPDATE queue_total SET items = ?2, amount_cents = ?3 WHERE queue = ?1", &[&queue, &n, &cents])
            .unwrap();
        if changed == 0 {
            db.execute(
                "INSERT INTO queue_total (queue, items, amount_cents) VALUES (?1, ?2, ?3)",
                &[&queue, &n, &cents],
            )
            .unwrap();
        }
    }
    let (items, cents, any): (i64, Cents, bool) = db
        .query_row(
            "SELECT sum(items), sum(amount_cents), count(*) > 1 FROM queue_total WHERE queue IN (?1, ?2)",
            &[&Queue::Denials, &Queue::Appeals],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    seen.push(format!("{items} items, {cents}, several {any}"));
    let queue: Queue = db.query_row("SELECT queue FROM queue_total WHERE items = ?1", &[&2i64], |r| r.get(0)).unwrap();
    seen.push(format!("{queue:?}"));
    let none = db.query_opt("SELECT id FROM prevention WHERE category = ?1", &[&"nothing"], |r| r.get::<i64, _>(0));
    seen.push(format!("{:?}", none.unwrap()));
    let null: Option<String> =
        db.query_row("SELECT max(category) FROM prevention WHERE id < 0", &[], |r| r.get(0)).unwrap();
    seen.push(format!("{null:?}"));
    let bad = db.query_row("SELECT category FROM prevention WHERE id = 1", &[], |r| r.get::<Queue, _>(0)).unwrap_err();
    seen.push(bad.to_string());
    seen
}

fn expected() -> Vec<String> {
    vec![
        "id 1".into(),
        "id 2".into(),
        "[(2, \"coding\", 2026-11-02), (1, \"eligibility\", 2026-11-02)]".into(),
        "5 items, $85.00, several true".into(),
        "Appeals".into(),
        "None".into(),
        "None".into(),
        "column 0: 'eligibility' is not a queue this build knows".into(),
    ]
}

#[test]
fn the_interface_answers_alike_on_sqlite() {
    let store = Store::open_memory().unwrap();
    assert_eq!(exercise(store.db()), expected());
}

#[test]
fn the_interface_answers_alike_on_postgres() {
    let Some(db) = common::pg::database("the_interface_answers_alike_on_postgres") else { return };
    let mut client = db.client();
    overturn::store::pg::create_schema(&mut client, &db.url).unwrap();
    overturn::store::pg::create_triggers(&mut client).unwrap();
    let pg = PgConn::new(client);
    assert_eq!(exercise(Conn::Postgres(&pg)), expected());
}
