//! The store on both engines: the same random work (imports of generated remits, new,
//! repeated, dry runs and cut short; 277 acknowledgements; fixes, appeals, write-offs, appeal
//! outcomes, and their undo) done on an SQLite ledger and on a PostgreSQL one leaves every
//! table with the same rows, and the biller's and owner's readings the same. `rollups.rs`
//! holds SQLite's kept rollups equal to a rebuild after such work; this holds PostgreSQL's
//! equal to SQLite's. Runs when `OVERTURN_TEST_PG` names a cluster.
//!
//! Row for row up to numbering: PostgreSQL does not give back the ids a rolled-back import
//! drew (a dry run, a cut file, a repeated transaction set), where SQLite numbers on from the
//! highest id kept. Ids are compared by their place in their table's order, in the table and
//! wherever they are referred to.

mod common;

use common::cli::{overturn, stderr, stdout};
use common::steps::{run, step};
use overturn::store::Store;
use overturn::store::backend::Backend;
use overturn::store::copy::catalog;
use overturn::store::pg::PgTarget;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rusqlite::types::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Every table's rows with each id (its own, and each reference to another row) replaced by
/// its place in its table, as text, sorted.
fn canonical(path: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let tables = catalog::tables().unwrap();
    let mut places: HashMap<String, HashMap<i64, usize>> = HashMap::new();
    for t in tables.iter().filter(|t| t.numbered) {
        let mut s = conn.prepare(&format!("SELECT {} FROM {} ORDER BY 1", t.key[0], t.name)).unwrap();
        let ids: Vec<i64> = s.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        places.insert(t.name.clone(), ids.into_iter().enumerate().map(|(i, id)| (id, i)).collect());
    }
    let mut out = BTreeMap::new();
    for t in &tables {
        let mut refers: HashMap<String, String> = HashMap::new();
        let mut s = conn.prepare("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1)").unwrap();
        for r in s.query_map([&t.name], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).unwrap() {
            let (column, table) = r.unwrap();
            refers.insert(column, table);
        }
        if t.numbered {
            refers.insert(t.key[0].clone(), t.name.clone());
        }
        // Ids kept without a declared reference (the rollups' payer, ...) by their names.
        for c in t.stored() {
            let named = match c.name.as_str() {
                "batch_id" => Some("import_batch".to_string()),
                "txn_id" => Some("remit_txn".to_string()),
                other => other.strip_suffix("_id").map(str::to_string),
            };
            if let Some(table) = named.filter(|n| places.contains_key(n)) {
                refers.entry(c.name.clone()).or_insert(table);
            }
        }
        let columns: Vec<&str> = t.stored().map(|c| c.name.as_str()).collect();
        let mut s = conn.prepare(&format!("SELECT {} FROM {}", columns.join(", "), t.name)).unwrap();
        let mut rows: Vec<Vec<String>> = s
            .query_map([], |r| {
                Ok(columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let v: Value = r.get(i).unwrap();
                        match (&v, refers.get(*c)) {
                            (Value::Integer(id), Some(table)) => match places[table].get(id) {
                                Some(place) => format!("{c}=#{place}"),
                                None => format!("{c}=missing {id}"),
                            },
                            _ => format!("{c}={v:?}"),
                        }
                    })
                    .collect())
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        out.insert(t.name.clone(), rows);
    }
    out
}

/// What the command line reads from a ledger: the owner's reports, and with `ids` (the two
/// ledgers number alike) the queues and exports, which show ids.
fn readings(home: &Path, db: &str, ids: bool) -> Vec<String> {
    let mut commands: Vec<&[&str]> = vec![
        &["report", "kpi"],
        &["report", "rca"],
        &["report", "kpi", "--format", "csv"],
        &["report", "rca", "--format", "json"],
    ];
    if ids {
        commands.extend([
            &["queue"][..],
            &["appeals"],
            &["export", "--tab", "denials"],
            &["export", "--tab", "write-offs"],
        ]);
    }
    let mut out = Vec::new();
    for args in commands {
        let o = overturn(home).args(["--db", db]).args(args).output().unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        out.push(stdout(&o));
    }
    out
}

/// Each numbered table's highest id (alike when no rolled-back import drew ids).
fn last_ids(path: &Path) -> Vec<Option<i64>> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let tables = catalog::tables().unwrap();
    tables
        .iter()
        .filter(|t| t.numbered)
        .map(|t| conn.query_row(&format!("SELECT max({}) FROM {}", t.key[0], t.name), [], |r| r.get(0)).unwrap())
        .collect()
}

#[test]
fn the_same_work_leaves_both_engines_alike() {
    if common::pg::database("the_same_work_leaves_both_engines_alike").is_none() {
        return;
    }
    let mut runner = TestRunner::new(Config { cases: 16, ..Config::default() });
    let result = runner.run(&prop::collection::vec(step(), 2..12), |steps| {
        let db = common::pg::database("the_same_work_leaves_both_engines_alike").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut lite = Backend::Sqlite(Store::open(&path).unwrap());
        let mut pg = Backend::create_postgres(PgTarget::parse(&db.url).unwrap()).unwrap();
        for (i, s) in steps.iter().enumerate() {
            run(&mut lite, dir.path(), i, s);
            run(&mut pg, dir.path(), i, s);
        }
        // The review read from PostgreSQL's own rollups agrees with its items.
        common::steps::review_agrees(pg.db());
        drop((lite, pg));
        // PostgreSQL's ledger read back into a file (copy checks every table it wrote).
        let back = dir.path().join("back.db");
        let o = overturn(dir.path()).args(["copy", &db.url, back.to_str().unwrap()]).output().unwrap();
        prop_assert!(o.status.success(), "{}", stderr(&o));
        let (on_sqlite, on_pg) = (canonical(&path), canonical(&back));
        for (table, rows) in &on_sqlite {
            prop_assert_eq!(rows, &on_pg[table], "{} after {:?}", table, steps);
        }
        let ids = last_ids(&path) == last_ids(&back);
        let (a, b) = (readings(dir.path(), path.to_str().unwrap(), ids), readings(dir.path(), &db.url, ids));
        prop_assert_eq!(a, b, "after {:?}", steps);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
