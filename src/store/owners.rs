//! Owners are spelled once: a name typed in any case assigns to the spelling already on file,
//! and `owner:` filters find it whatever the case.

use super::StoreError;
use super::db::Conn;

type Res<T> = Result<T, StoreError>;

/// The spelling on file for `name` (case-insensitive), if there is one.
pub fn on_file<'a>(db: impl Into<Conn<'a>>, name: &str) -> Res<Option<String>> {
    // Whatever the case, as SQLite's NOCASE and PostgreSQL's unique index on lower(name) do.
    db.into().query_opt("SELECT name FROM owner WHERE lower(name) = lower(?1)", &[&name.trim()], |r| r.get(0))
}

/// The spelling to record: the one on file, or `name` itself, now on file.
pub fn canonical<'a>(db: impl Into<Conn<'a>>, name: &str) -> Res<String> {
    let db = db.into();
    if let Some(known) = on_file(db, name)? {
        return Ok(known);
    }
    // Two billers naming a new owner at once: the second finds the first's spelling (on
    // PostgreSQL its insert waits for the first's commit, then does nothing).
    db.execute("INSERT INTO owner (name) VALUES (?1) ON CONFLICT DO NOTHING", &[&name.trim()])?;
    Ok(on_file(db, name)?.unwrap_or_else(|| name.trim().to_string()))
}

/// Every owner on file, alphabetically (whatever the case).
pub fn all<'a>(db: impl Into<Conn<'a>>) -> Res<Vec<String>> {
    db.into().query_map("SELECT name FROM owner ORDER BY lower(name), name", &[], |r| r.get(0))
}
