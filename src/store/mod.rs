//! The SQLite ledger. All SQL is parameter-bound; all writes happen in IMMEDIATE transactions
//! opened by the caller, one per imported file or decision.

pub mod answers;
pub mod appeals;
pub mod claims;
mod decision_appeal;
mod decision_apply;
mod decision_check;
mod decision_current;
pub mod decisions;
pub mod detail;
pub mod first_adjudication;
pub mod kpi;
pub mod matching;
mod migrate;
mod open;
pub mod outcome_stats;
pub mod page;
pub mod prevention;
pub mod priorities;
pub mod queue;
pub mod queue_appeal;
pub mod rca;
pub mod work_items;
pub mod writeoffs;

use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use migrate::{APPLICATION_ID, LATEST_VERSION};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError {
    message: String,
}

impl StoreError {
    pub fn new(message: impl Into<String>) -> Self {
        StoreError { message: message.into() }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::new(format!("database error: {e}"))
    }
}

/// An open ledger.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the ledger at `path`, creating it (0600, in a 0700 directory) if it is missing.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = open::open_ledger(path)?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Starts a write transaction (BEGIN IMMEDIATE): it holds the write lock from the start.
    pub fn begin(&mut self) -> Result<Transaction<'_>, StoreError> {
        Ok(self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
    }
}

#[cfg(test)]
mod tests;

/// Marks this ledger as a demo (so `overturn demo` may rebuild it, and the desk says so).
pub fn mark_demo(conn: &Connection) -> Result<(), StoreError> {
    conn.execute("INSERT OR REPLACE INTO ledger_meta (key, value) VALUES ('demo', 'yes')", [])?;
    Ok(())
}

pub fn is_demo(conn: &Connection) -> Result<bool, StoreError> {
    let n: i64 =
        conn.query_row("SELECT count(*) FROM ledger_meta WHERE key = 'demo' AND value = 'yes'", [], |r| r.get(0))?;
    Ok(n > 0)
}
