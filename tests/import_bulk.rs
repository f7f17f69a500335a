//! A large file into a ledger that holds little yet sets the desk's indexes aside and builds
//! them after its rows: the ledger ends with the schema it had, every index whole and read
//! in the same order as the table; a failed import leaves the indexes as they were; a small
//! file, or a large one into a ledger already holding its share of work, keeps them.

mod common;

use std::io::Write;
use std::path::Path;

use overturn::generate::{Gen835Options, write_835};
use overturn::store::Store;
use overturn::store::bulk::build_desk_indexes_after;

fn generate(path: &Path, claims: u64) -> u64 {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let opts = Gen835Options { claims, seed: 9, denial_rate: 0.12, as_of, weeks: overturn::generate::DEFAULT_WEEKS };
    write_835(&mut out, opts).unwrap();
    out.flush().unwrap();
    std::fs::metadata(path).unwrap().len()
}

fn schema(store: &Store) -> String {
    common::text(
        store,
        "SELECT group_concat(type || ' ' || name || ':' || sql, '|') FROM (SELECT * FROM sqlite_schema ORDER BY name)",
    )
}

fn index_names(store: &Store) -> Vec<String> {
    let names = common::text(
        store,
        "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name)",
    );
    names.split(' ').map(str::to_string).collect()
}

/// The ids a query returns, in order.
fn ids(store: &Store, sql: &str) -> Vec<i64> {
    let mut stmt = store.conn().prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

#[test]
fn a_large_first_file_builds_the_desk_indexes_after_its_rows_and_leaves_them_whole() {
    let (g, mut store) = common::ledger();
    let file = g.path().join("year.835");
    let bytes = generate(&file, 30_000);
    assert!(bytes >= 8 << 20, "large enough to build after: {bytes}");
    assert!(build_desk_indexes_after(store.conn(), bytes).unwrap(), "an empty ledger builds after");
    let (schema_before, indexes_before) = (schema(&store), index_names(&store));
    assert!(indexes_before.iter().any(|n| n == "work_by_amount") && indexes_before.len() > 20);

    let r = common::import(&mut store, &file);
    assert_eq!(r.error, None);
    assert!(r.denials > 3_000, "{}", r.denials);
    assert_eq!(schema(&store), schema_before, "every index and trigger is back, as it was");
    assert_eq!(common::text(&store, "PRAGMA integrity_check"), "ok", "every index holds every row");
    assert_eq!(common::scalar(&store, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    // The desk's sorts read through the rebuilt indexes and find what the table holds.
    for (index, order) in [
        ("work_by_amount", "amount_cents DESC, id DESC"),
        ("work_by_payer_name", "payer_name, id"),
        ("work_by_due", "due_rank, id"),
    ] {
        let through = ids(
            &store,
            &format!("SELECT id FROM work_item INDEXED BY {index} WHERE queue = 'denials' ORDER BY {order}"),
        );
        let scanned =
            ids(&store, &format!("SELECT id FROM work_item NOT INDEXED WHERE queue = 'denials' ORDER BY {order}"));
        assert_eq!(through.len() as u64, r.denials, "{index}");
        assert_eq!(through, scanned, "{index}");
    }
    // The ledger now holds the work such a file brings: the next one keeps the indexes.
    assert!(!build_desk_indexes_after(store.conn(), bytes).unwrap());
}

#[test]
fn a_failed_large_import_leaves_the_desk_indexes_as_they_were() {
    let (g, mut store) = common::ledger();
    let file = g.path().join("year.835");
    let bytes = generate(&file, 30_000);
    assert!(build_desk_indexes_after(store.conn(), bytes).unwrap());
    // The ledger refuses a claim near the end, after the indexes were set aside.
    store
        .conn()
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON claim WHEN (SELECT max(id) FROM claim) >= 29000
             BEGIN SELECT RAISE(ABORT, 'refused for the test'); END",
        )
        .unwrap();
    let (schema_before, counts_before) = (schema(&store), common::table_counts(&store));
    let r = common::import(&mut store, &file);
    assert!(r.error.as_deref().is_some_and(|e| e.contains("refused for the test")), "{:?}", r.error);
    assert_eq!(schema(&store), schema_before);
    assert_eq!(common::table_counts(&store), counts_before);
    assert_eq!(common::text(&store, "PRAGMA integrity_check"), "ok");
}

#[test]
fn a_small_file_or_a_working_ledger_keeps_the_desk_indexes() {
    let (g, mut store) = common::ledger();
    assert!(!build_desk_indexes_after(store.conn(), 8_000_000).unwrap(), "under 8 MiB: entry by entry");
    assert!(build_desk_indexes_after(store.conn(), 8 << 20).unwrap());
    // A ledger already holding more than half the work a file is likely to bring (an item per
    // 3,000 bytes) keeps them; one holding at most half builds after.
    let file = g.path().join("month.835");
    generate(&file, 20_000);
    let r = common::import(&mut store, &file);
    assert_eq!(r.error, None);
    let held = common::scalar(&store, "SELECT count(*) FROM work_item") as u64;
    assert!(held > 2_000, "{held}");
    assert!(held * 6_000 > 9 << 20, "the sizes below are large files: {held}");
    assert!(!build_desk_indexes_after(store.conn(), held * 6_000 - 6_000).unwrap());
    assert!(build_desk_indexes_after(store.conn(), held * 6_000).unwrap());
}
