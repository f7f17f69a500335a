//! What the desk showed when it was closed (tab, and each queue's sort and filter), kept per
//! ledger so the next run opens where the biller left off; and whether another process wrote
//! to the ledger since the desk last looked (an import while the desk is open).

use rusqlite::{Connection, params};

use super::StoreError;

type Res<T> = Result<T, StoreError>;

pub fn load(conn: &Connection) -> Res<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT key, value FROM desk_state ORDER BY key")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Replaces what was remembered with `pairs` (one transaction).
pub fn save(conn: &mut Connection, pairs: &[(String, String)]) -> Res<()> {
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM desk_state", [])?;
    for (k, v) in pairs {
        tx.execute("INSERT INTO desk_state (key, value) VALUES (?1, ?2)", params![k, v])?;
    }
    tx.commit()?;
    Ok(())
}

/// SQLite's count of commits by other connections to this file (`PRAGMA data_version`).
pub fn data_version(conn: &Connection) -> Res<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}
