//! Opening the ledger: private file permissions, refusing files that are not ours or that a
//! newer Overturn wrote, then WAL / synchronous=FULL / foreign keys and migrations.

use std::fs;
use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::StoreError;
use super::migrate::{APPLICATION_ID, LATEST_VERSION, migrate};
use crate::fsutil;

fn refuse(path: &Path, why: &str) -> StoreError {
    StoreError::new(format!("{} {why}; it was not changed", path.display()))
}

/// Checks a file before any write: empty (new), or an SQLite file with our application id
/// and a schema version this build knows.
fn check_existing(path: &Path) -> Result<(), StoreError> {
    let mut head = [0u8; 16];
    let mut f = fs::File::open(path).map_err(|e| StoreError::new(format!("cannot open {}: {e}", path.display())))?;
    let n = f.read(&mut head).map_err(|e| StoreError::new(format!("cannot read {}: {e}", path.display())))?;
    if n == 0 {
        return Ok(());
    }
    if n < 16 || &head != b"SQLite format 3\0" {
        return Err(refuse(path, "is not an Overturn database (not an SQLite file)"));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| refuse(path, &format!("cannot be read as SQLite ({e})")))?;
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if app != i64::from(APPLICATION_ID) && !(app == 0 && version == 0 && tables == 0) {
        return Err(refuse(path, "is an SQLite file of another program, not an Overturn database"));
    }
    if version > LATEST_VERSION {
        return Err(refuse(
            path,
            &format!(
                "was written by a newer Overturn (schema version {version}; this build knows up to {LATEST_VERSION}). Update Overturn to open it"
            ),
        ));
    }
    Ok(())
}

/// Opens (creating if needed) the ledger at `path`, ready for use.
pub fn open_ledger(path: &Path) -> Result<Connection, StoreError> {
    if let Some(dir) = path.parent() {
        fsutil::create_private_dir(dir)
            .map_err(|e| StoreError::new(format!("cannot create directory {}: {e}", dir.display())))?;
    }
    fsutil::create_private_if_missing(path)
        .map_err(|e| StoreError::new(format!("cannot create {}: {e}", path.display())))?;
    check_existing(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::new(format!("{}: cannot switch to WAL journal mode (got {mode})", path.display())));
    }
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -16000;")?;
    migrate(&mut conn)?;
    Ok(conn)
}
