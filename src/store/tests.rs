use std::os::unix::fs::PermissionsExt;
use std::path::Path;

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
fn a_new_ledger_has_nothing_to_retriage() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("n.db")).unwrap();
    let pending: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM ledger_meta WHERE key = 'retriage_pending'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pending, 0);
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
