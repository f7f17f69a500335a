//! Schema migrations by `PRAGMA user_version`: every pending step runs in one transaction,
//! so a database is either fully migrated or left exactly as it was.

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// `PRAGMA application_id`: "OVRT".
pub const APPLICATION_ID: i32 = 0x4F56_5254;

/// Migration `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("schema_v1.sql"),
    include_str!("schema_v2.sql"),
    include_str!("schema_v3.sql"),
    include_str!("schema_v4.sql"),
    include_str!("schema_v5.sql"),
    concat!(include_str!("schema_v6.sql"), include_str!("claim_day.sql"), include_str!("work_day.sql")),
    include_str!("schema_v7.sql"),
    concat!(include_str!("schema_v8.sql"), include_str!("rca_week.sql")),
    include_str!("schema_v9.sql"),
    include_str!("schema_v10.sql"),
    include_str!("schema_v11.sql"),
    include_str!("schema_v12.sql"),
    include_str!("schema_v13.sql"),
    include_str!("schema_v14.sql"),
];

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current >= LATEST_VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Read again under the write lock: another process may have migrated meanwhile (two
    // commands opening an old ledger at once); then there is nothing left to do.
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current >= LATEST_VERSION {
        return Ok(());
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)
            .map_err(|e| StoreError::new(format!("schema migration to version {} failed: {e}", i + 1)))?;
    }
    if current == 0 {
        // A new ledger has no work triaged under older rules.
        tx.execute("DELETE FROM ledger_meta WHERE key = 'retriage_pending'", [])?;
    }
    tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {LATEST_VERSION};"))?;
    tx.commit()?;
    Ok(())
}

/// Builds the schema up to `version` only: tests of upgrades from older ledgers, and the import
/// benchmark's fixed baseline (the version 3 schema).
pub fn migrate_to(conn: &mut Connection, version: usize) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for sql in &MIGRATIONS[..version] {
        tx.execute_batch(sql)?;
    }
    tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {version};"))?;
    tx.commit()?;
    Ok(())
}
