//! What the desk showed when it was closed (tab, and each queue's sort and filter), kept per
//! ledger so the next run opens where the biller left off; and whether another process wrote
//! to the ledger since the desk last looked (an import while the desk is open). On a shared
//! PostgreSQL ledger each biller's view is their own: the keys carry the connected role.

use super::StoreError;
use super::db::Conn;

type Res<T> = Result<T, StoreError>;

/// The prefix of this connection's keys: none on SQLite (one biller per file), `role/` on
/// PostgreSQL.
fn prefix(db: Conn<'_>) -> Res<String> {
    match db {
        Conn::Sqlite(_) => Ok(String::new()),
        Conn::Postgres(_) => {
            Ok(format!("{}/", db.query_row("SELECT session_user::text", &[], |r| r.get::<String, _>(0))?))
        }
    }
}

pub fn load<'a>(db: impl Into<Conn<'a>>) -> Res<Vec<(String, String)>> {
    let db = db.into();
    let prefix = prefix(db)?;
    let rows: Vec<(String, String)> =
        db.query_map("SELECT key, value FROM desk_state ORDER BY key", &[], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows
        .into_iter()
        .filter_map(|(k, v)| match prefix.is_empty() {
            true => (!k.contains('/')).then_some((k, v)),
            false => k.strip_prefix(&prefix).map(|k| (k.to_string(), v)),
        })
        .collect())
}

/// Replaces what was remembered with `pairs` (in the caller's transaction).
pub fn save(db: Conn<'_>, pairs: &[(String, String)]) -> Res<()> {
    let prefix = prefix(db)?;
    let pattern = format!("{}%", prefix.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    match prefix.is_empty() {
        true => db.execute("DELETE FROM desk_state WHERE key NOT LIKE '%/%'", &[])?,
        false => db.execute("DELETE FROM desk_state WHERE key LIKE ?1 ESCAPE '\\'", &[&pattern])?,
    };
    for (k, v) in pairs {
        db.execute("INSERT INTO desk_state (key, value) VALUES (?1, ?2)", &[&format!("{prefix}{k}"), v])?;
    }
    Ok(())
}

/// SQLite's count of commits by other connections to this file (`PRAGMA data_version`).
pub fn data_version(conn: &rusqlite::Connection) -> Res<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}
