//! The ledger's health: SQLite's own checks, when the last one passed, and backups taken with
//! SQLite's online backup (a consistent copy even while the desk or an import is open).

use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;

/// A full check runs before an import when the last one is older than this.
pub const CHECK_EVERY_DAYS: i64 = 7;

/// What SQLite found: nothing (`ok`), or its messages (page and table names, never row data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    Ok,
    Damaged(Vec<String>),
}

fn run(conn: &Connection, pragma: &str) -> Result<Health, StoreError> {
    let mut stmt = conn.prepare(pragma)?;
    let found: Vec<String> = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<_, _>>()?;
    Ok(if found.len() == 1 && found[0] == "ok" { Health::Ok } else { Health::Damaged(found) })
}

/// `PRAGMA quick_check`: every page and row, without cross-checking indexes against tables.
pub fn quick_check(conn: &Connection) -> Result<Health, StoreError> {
    run(conn, "PRAGMA quick_check(20)")
}

/// `PRAGMA integrity_check`: everything, indexes included; then every reference between rows
/// (`PRAGMA foreign_key_check`: imports write with enforcement off, see `store::bulk`).
pub fn full_check(conn: &Connection) -> Result<Health, StoreError> {
    let health = run(conn, "PRAGMA integrity_check(20)")?;
    if health != Health::Ok {
        return Ok(health);
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let dangling: Vec<String> = stmt
        .query_map([], |r| {
            let (table, row, parent) = (r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, String>(2)?);
            // A table without rowids has no row number to give.
            let which = row.map_or(format!("a {table} row"), |n| format!("{table} row {n}"));
            Ok(format!("{which} refers to a {parent} row that does not exist"))
        })?
        .take(20)
        .collect::<Result<_, _>>()?;
    Ok(if dangling.is_empty() { Health::Ok } else { Health::Damaged(dangling) })
}

pub fn last_checked(conn: &Connection) -> Result<Option<NaiveDate>, StoreError> {
    let v: Option<String> =
        conn.query_row("SELECT value FROM ledger_meta WHERE key = 'checked_on'", [], |r| r.get(0)).optional()?;
    Ok(v.and_then(|d| d.parse().ok()))
}

pub fn mark_checked(conn: &Connection, today: NaiveDate) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO ledger_meta (key, value) VALUES ('checked_on', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![today.to_string()],
    )?;
    Ok(())
}

/// Whether a check is due before writing (`today` minus the last check).
pub fn check_due(conn: &Connection, today: NaiveDate) -> Result<bool, StoreError> {
    Ok(last_checked(conn)?.is_none_or(|d| (today - d).num_days() >= CHECK_EVERY_DAYS))
}

/// Copies the ledger into `dest` (an existing empty private file) page by page, then checks the
/// copy.
pub fn backup_into(conn: &Connection, dest: &Path) -> Result<Health, StoreError> {
    let mut copy = Connection::open(dest)?;
    {
        let backup = rusqlite::backup::Backup::new(conn, &mut copy)?;
        backup.run_to_completion(1024, Duration::from_millis(5), None)?;
    }
    quick_check(&copy)
}
