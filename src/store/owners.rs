//! Owners are spelled once: a name typed in any case assigns to the spelling already on file,
//! and `owner:` filters find it whatever the case.

use rusqlite::{Connection, OptionalExtension};

use super::StoreError;

type Res<T> = Result<T, StoreError>;

/// The spelling on file for `name` (case-insensitive), if there is one.
pub fn on_file(conn: &Connection, name: &str) -> Res<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT name FROM owner WHERE name = ?1")?
        .query_row([name.trim()], |r| r.get(0))
        .optional()?)
}

/// The spelling to record: the one on file, or `name` itself, now on file.
pub fn canonical(conn: &Connection, name: &str) -> Res<String> {
    if let Some(known) = on_file(conn, name)? {
        return Ok(known);
    }
    conn.prepare_cached("INSERT INTO owner (name) VALUES (?1)")?.execute([name.trim()])?;
    Ok(name.trim().to_string())
}

/// Every owner on file, alphabetically (whatever the case).
pub fn all(conn: &Connection) -> Res<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT name FROM owner ORDER BY name COLLATE NOCASE")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
