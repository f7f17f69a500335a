//! Opening the ledger: private file permissions, refusing files that are not ours (or another
//! user's journal beside it) or that a newer Overturn wrote, a cheap health check of the header
//! and schema, then WAL / synchronous=FULL / foreign keys and migrations.

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

/// The tables every ledger has; a schema that cannot list them is damaged.
const CORE_TABLES: &[&str] = &["import_batch", "claim", "work_item", "event", "ledger_meta"];

/// The cheap part of a health check: the header's page count matches the file, and the schema
/// can be read and holds the core tables. Damage elsewhere surfaces when its pages are read, and
/// in the full check (`check::quick`).
fn check_health(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let damaged = |why: String| StoreError::from_corrupt(format!("{}: {why}", path.display()));
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0)).map_err(|e| damaged(e.to_string()))?;
    let size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    let on_disk = fs::metadata(path).map(|m| m.len() as i64).unwrap_or(0);
    // While another connection holds commits in the WAL (a desk open, nothing checkpointed
    // yet), the ledger is larger than its main file: that is normal, not damage. Only a file
    // with no WAL content must hold every page it counts.
    let wal = fs::metadata(format!("{}-wal", path.display())).map(|m| m.len()).unwrap_or(0);
    if on_disk > 0 && wal == 0 && pages * size > on_disk {
        return Err(damaged(format!("the file is shorter ({on_disk} bytes) than its header says ({})", pages * size)));
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == 0 {
        return Ok(());
    }
    let mut stmt = conn
        .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1")
        .map_err(|e| damaged(e.to_string()))?;
    for table in CORE_TABLES {
        let n: i64 = stmt.query_row([table], |r| r.get(0)).map_err(|e| damaged(e.to_string()))?;
        if n == 0 {
            return Err(damaged(format!("its schema has no {table} table")));
        }
    }
    Ok(())
}

/// Opens (creating if needed) the ledger at `path`, ready for use. Notices (a mode tightened)
/// go to `notices`.
pub fn open_ledger(path: &Path, notices: &mut Vec<String>) -> Result<(Connection, fsutil::FileLock), StoreError> {
    if let Some(dir) = path.parent() {
        fsutil::create_private_dir(dir)
            .map_err(|e| StoreError::new(format!("cannot create directory {}: {e}", dir.display())))?;
    }
    fsutil::create_private_if_missing(path)
        .map_err(|e| StoreError::new(format!("cannot create {}: {e}", path.display())))?;
    for file in fsutil::with_sqlite_companions(path) {
        if let Some(notice) = fsutil::ensure_private(&file).map_err(StoreError::new)? {
            notices.push(notice);
        }
    }
    check_existing(path)?;
    let lock = fsutil::lock_file(path, false).map_err(|_| {
        StoreError::new(format!(
            "{} is being replaced (a demo ledger being rebuilt); try again shortly",
            path.display()
        ))
    })?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    check_health(&conn, path)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::new(format!("{}: cannot switch to WAL journal mode (got {mode})", path.display())));
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -16000; PRAGMA temp_store = MEMORY;",
    )?;
    migrate(&mut conn)?;
    Ok((conn, lock))
}

/// A new, empty ledger in memory (dry runs on a ledger that does not exist yet).
pub fn open_memory() -> Result<Connection, StoreError> {
    let mut conn = Connection::open_in_memory()?;
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// A ledger that needs an upgrade, copied into memory and upgraded there (dry runs write
/// nothing, the upgrade included); `None` when it is current.
pub fn open_upgraded_copy(path: &Path) -> Result<Option<Connection>, StoreError> {
    check_existing(path)?;
    let src = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let version: i64 = src.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version >= LATEST_VERSION {
        return Ok(None);
    }
    let mut conn = Connection::open_in_memory()?;
    rusqlite::backup::Backup::new(&src, &mut conn)?.run_to_completion(256, std::time::Duration::ZERO, None)?;
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    migrate(&mut conn)?;
    Ok(Some(conn))
}
