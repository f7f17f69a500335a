//! The SQLite ledger. All SQL is parameter-bound; all writes happen in IMMEDIATE transactions
//! opened by the caller, one per imported file or decision.

pub mod answers;
pub mod appeals;
pub mod backend;
pub mod bulk;
mod busy;
pub mod claim_batch;
pub mod claim_body;
pub mod claim_body_text;
pub mod claim_day;
pub mod claim_writer;
pub mod claims;
pub mod copy;
pub mod db;
mod decision_appeal;
mod decision_apply;
mod decision_check;
mod decision_current;
pub mod decisions;
pub mod desk_state;
pub mod detail;
pub mod fee_rates;
pub mod first_adjudication;
pub mod health;
mod held_answers;
mod held_items;
mod item_log;
pub mod item_writer;
pub mod kpi;
pub mod matching;
pub mod migrate;
pub mod no_response;
mod open;
pub mod outcome_stats;
pub mod owners;
pub mod page;
pub mod pg;
pub mod prevention;
pub mod priorities;
pub mod queue;
pub mod queue_appeal;
pub mod rca;
pub mod rule_texts;
pub mod seen_filter;
pub mod sql_types;
mod sticky_params;
pub mod submitted;
pub mod work_day;
pub mod work_items;
pub mod work_tally;
pub mod writeoffs;

use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use migrate::{APPLICATION_ID, LATEST_VERSION};

#[derive(Debug, Clone)]
pub struct StoreError {
    message: String,
    kind: ErrorKind,
    /// The SQLite error behind it, kept for `Error::source` (logs, support).
    cause: Option<std::sync::Arc<rusqlite::Error>>,
}

impl PartialEq for StoreError {
    fn eq(&self, other: &Self) -> bool {
        self.message == other.message && self.kind == other.kind
    }
}

impl Eq for StoreError {}

/// What went wrong, where the caller acts differently on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Other,
    /// Another connection holds the write lock (an import, the desk, a rescoring).
    Busy,
    /// The file is damaged: SQLite found pages it cannot read.
    Corrupt,
    /// Someone else changed the item since the biller saw it: nothing was saved; reload.
    Conflict,
    /// The message already says where in the file it happened (a claim written in a batch,
    /// after the file had moved on): the caller adds no place of its own.
    Located,
}

/// What to do about a damaged ledger.
pub const RECOVER: &str = "the ledger file is damaged; nothing was changed. Close Overturn, keep the damaged \
    file for inspection, and restore your latest backup (`overturn backup` makes one) or re-import your remits \
    into a new ledger";

impl StoreError {
    pub fn new(message: impl Into<String>) -> Self {
        StoreError { message: message.into(), kind: ErrorKind::Other, cause: None }
    }

    /// A damaged ledger, with what to do about it.
    pub fn from_corrupt(detail: String) -> Self {
        StoreError { message: format!("{RECOVER} ({detail})"), kind: ErrorKind::Corrupt, cause: None }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Another connection's work got in the way; the same work may simply be tried again.
    pub fn busy(message: &str) -> Self {
        StoreError { message: message.to_string(), kind: ErrorKind::Busy, cause: None }
    }

    /// Someone else changed what a decision was made on (see [`decisions::decide_seen`]).
    pub fn conflict(message: String) -> Self {
        StoreError { message, kind: ErrorKind::Conflict, cause: None }
    }

    pub fn is_conflict(&self) -> bool {
        self.kind == ErrorKind::Conflict
    }

    pub fn is_busy(&self) -> bool {
        self.kind == ErrorKind::Busy
    }

    /// `what` said of the claims at `place`.
    pub fn located(place: impl std::fmt::Display, what: &StoreError) -> Self {
        StoreError { message: format!("{place}: {what}"), kind: ErrorKind::Located, cause: what.cause.clone() }
    }

    pub fn is_located(&self) -> bool {
        self.kind == ErrorKind::Located
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{DatabaseBusy, DatabaseCorrupt, DatabaseLocked, NotADatabase};
        let (message, kind) = match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => (
                "the ledger is busy: another Overturn (an import, a desk) is writing to it; try again".to_string(),
                ErrorKind::Busy,
            ),
            Some(DatabaseCorrupt | NotADatabase) => (format!("{RECOVER} (SQLite: {e})"), ErrorKind::Corrupt),
            _ => (format!("database error: {e}"), ErrorKind::Other),
        };
        StoreError { message, kind, cause: Some(std::sync::Arc::new(e)) }
    }
}

/// An open ledger.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    notices: Vec<String>,
    /// The shared lock on the file (none in memory): see `fsutil::lock_file`.
    _lock: Option<crate::fsutil::FileLock>,
}

impl Store {
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let mut notices = Vec::new();
        let (conn, lock) = open::open_ledger(path, &mut notices)?;
        Ok(Store { conn, path: path.to_path_buf(), notices, _lock: Some(lock) })
    }

    /// An empty ledger in memory: nothing is written anywhere.
    pub fn open_memory() -> Result<Store, StoreError> {
        Ok(Store { conn: open::open_memory()?, path: PathBuf::from(":memory:"), notices: Vec::new(), _lock: None })
    }

    /// A copy in memory of a ledger that needs an upgrade, upgraded; `None` when it is current.
    pub fn open_upgraded_copy(path: &Path) -> Result<Option<Store>, StoreError> {
        Ok(open::open_upgraded_copy(path)?.map(|conn| Store {
            conn,
            path: path.to_path_buf(),
            notices: Vec::new(),
            _lock: None,
        }))
    }

    /// What opening had to fix and say (a file mode tightened), once.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Writes wait up to `limit` for another connection's lock, calling `notice` once they have
    /// waited about a second (the command line: imports, decisions).
    pub fn wait_when_busy(&mut self, limit: std::time::Duration, notice: fn()) -> Result<(), StoreError> {
        busy::wait_when_busy(&mut self.conn, limit, notice)
    }

    /// How long a write waits for another connection's lock before it fails as busy.
    pub fn set_busy_wait(&self, wait: std::time::Duration) -> Result<(), StoreError> {
        Ok(self.conn.busy_timeout(wait)?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The ledger through the store's one interface (see [`db::Conn`]).
    pub fn db(&self) -> db::Conn<'_> {
        db::Conn::Sqlite(&self.conn)
    }

    /// Mutable access for work that manages its own transaction (the desk's remembered view).
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Starts a write transaction (BEGIN IMMEDIATE): it holds the write lock from the start.
    pub fn begin(&mut self) -> Result<Transaction<'_>, StoreError> {
        Ok(self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_upgrade;

/// Marks this ledger as a demo (so `overturn demo` may rebuild it, and the desk says so).
pub fn mark_demo(conn: &Connection) -> Result<(), StoreError> {
    conn.execute("INSERT OR REPLACE INTO ledger_meta (key, value) VALUES ('demo', 'yes')", [])?;
    Ok(())
}

pub fn is_demo<'a>(db: impl Into<db::Conn<'a>>) -> Result<bool, StoreError> {
    let n: i64 =
        db.into()
            .query_row("SELECT count(*) FROM ledger_meta WHERE key = 'demo' AND value = 'yes'", &[], |r| r.get(0))?;
    Ok(n > 0)
}
