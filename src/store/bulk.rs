//! Writing a whole file at once: inside the import's transaction the work-item insert
//! triggers are set aside ([`SetAside::take`]; the import tallies what they would
//! add, see [`super::work_tally`]) and put back before it commits, exactly as they were (their
//! text is read from the schema, not repeated here). A large file into a ledger that holds
//! little yet sets the desk's indexes aside the same way and builds them once its rows are
//! written ([`build_desk_indexes_after`]). A rolled-back or killed import leaves the triggers
//! and indexes in place: dropping them is part of the transaction. CHECK constraints are off for
//! the import's connection while it writes ([`ChecksOff`]): the claim table's
//! `source IN (...)` check built a temporary index for every row, and the import writes its
//! words from typed values. Foreign keys are not enforced while it writes
//! ([`ForeignKeysOff`]): every reference the import writes is an id it has just inserted or
//! read in the same transaction, and SQLite looked up each parent again (three for a claim,
//! four for a work item); `overturn check` verifies every reference in the ledger.

use rusqlite::Connection;

use super::work_tally::ItemTally;
use super::{Store, StoreError};

type Res<T> = Result<T, StoreError>;

/// The triggers that run for every inserted work item (the check of its words: the import
/// writes them from typed values; the totals: tallied in memory) and event. The event log's
/// guards matter only to writes the import never makes: `event_no_replace` stops an insert
/// over an existing id (the import's events take new ids) and `biller_day_insert` counts the
/// biller's decisions (fix, appeal, close, submit, outcome: the import records none). A
/// trigger that may raise an error makes SQLite keep a statement journal for every insert,
/// a copy of each page the insert touches.
const SET_ASIDE: [&str; 5] =
    ["work_item_words_insert", "work_totals_insert", "rca_week_insert", "event_no_replace", "biller_day_insert"];

/// Indexes that serve only the desk's sorts, filters and reports, never a lookup the import
/// makes: a large file into a ledger that holds little yet builds them once after its rows
/// (a sorted build) instead of entry by entry ([`build_desk_indexes_after`]). The import's
/// own lookups (by id, by claim, the no-response key, a queue) keep their indexes.
const DESK_INDEXES: [&str; 14] = [
    "work_by_amount",
    "work_by_opened",
    "work_by_payer_name",
    "work_by_payer",
    "work_by_category",
    "work_by_carc",
    "work_by_owner",
    "work_by_due",
    "work_closed",
    "work_aging",
    "work_by_opened_on",
    "work_open_due",
    "work_open_last",
    "event_by_time",
];

/// Below this size a file's new entries cost less than building the indexes again.
const BUILD_AFTER_MIN_BYTES: u64 = 8 << 20;

/// Bytes of remit per work item the ledger may already hold for a rebuild to pay: a remit
/// carries a claim in about 300 bytes and about one claim in ten opens work, so a file of
/// this many bytes per existing item brings at least half as many items again.
const BYTES_PER_EXISTING_ITEM: u64 = 6_000;

/// Whether a file of `file_bytes` should build the desk's indexes after its rows: large, into a
/// ledger holding at most about half as many work items as the file is likely to bring (the
/// rebuild sorts every item, the existing ones too). The first import of a year's remits into
/// a new ledger does; the morning's file into a working ledger does not.
pub fn build_desk_indexes_after(conn: &Connection, file_bytes: u64) -> Res<bool> {
    if file_bytes < BUILD_AFTER_MIN_BYTES {
        return Ok(false);
    }
    let limit = (file_bytes / BYTES_PER_EXISTING_ITEM) as i64;
    // Counting stops at the limit: a large ledger is not counted to the end.
    let held: i64 =
        conn.query_row("SELECT count(*) FROM (SELECT 1 FROM work_item LIMIT ?1)", [limit + 1], |r| r.get(0))?;
    Ok(held <= limit)
}

/// Schema objects set aside for the import's transaction: their text, to create them again
/// before it commits.
#[derive(Debug)]
pub struct SetAside {
    saved: Vec<String>,
}

impl SetAside {
    /// Drops the insert triggers (inside the caller's transaction) and keeps their text; with
    /// `desk_indexes`, the desk's indexes too.
    pub fn take(conn: &Connection, desk_indexes: bool) -> Res<Self> {
        let mut saved = Vec::new();
        let indexes = if desk_indexes { &DESK_INDEXES[..] } else { &[] };
        for (kind, name) in SET_ASIDE.iter().map(|n| ("trigger", n)).chain(indexes.iter().map(|n| ("index", n))) {
            let sql: Option<String> = conn
                .query_row("SELECT sql FROM sqlite_schema WHERE type = ?1 AND name = ?2", [kind, name], |r| r.get(0))
                .map(Some)
                .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })?;
            let Some(sql) = sql else {
                return Err(StoreError::new(format!("the ledger has no {kind} {name}; run `overturn check`")));
            };
            conn.execute_batch(&format!("DROP {} {name}", kind.to_uppercase()))?;
            saved.push(sql);
        }
        Ok(SetAside { saved })
    }

    /// Writes what the tally holds and creates the triggers (and indexes) again.
    pub fn restore(self, conn: &Connection, tally: &mut ItemTally) -> Res<()> {
        tally.flush(conn)?;
        for sql in &self.saved {
            conn.execute_batch(sql)?;
        }
        Ok(())
    }
}

/// CHECK constraints off for this connection until dropped (on every path out of an import).
pub struct ChecksOff<'c> {
    conn: &'c Connection,
}

impl<'c> ChecksOff<'c> {
    pub fn new(conn: &'c Connection) -> Res<Self> {
        conn.execute_batch("PRAGMA ignore_check_constraints = ON")?;
        Ok(ChecksOff { conn })
    }
}

impl Drop for ChecksOff<'_> {
    fn drop(&mut self) {
        // Cannot fail on an open connection; a closed one takes the setting with it.
        let _ = self.conn.execute_batch("PRAGMA ignore_check_constraints = OFF");
    }
}

/// The store with foreign-key enforcement off for its connection until dropped (on every path
/// out of an import, the rollback of a failed one included: the transaction, begun on this
/// guard, ends first). SQLite ignores the setting inside a transaction, so it is set before
/// the import begins; if it did not take, enforcement simply stays on.
pub struct ForeignKeysOff<'s> {
    store: &'s mut Store,
}

impl<'s> ForeignKeysOff<'s> {
    pub fn new(store: &'s mut Store) -> Res<Self> {
        store.conn().execute_batch("PRAGMA foreign_keys = OFF")?;
        Ok(ForeignKeysOff { store })
    }
}

impl std::ops::Deref for ForeignKeysOff<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store
    }
}

impl std::ops::DerefMut for ForeignKeysOff<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        self.store
    }
}

impl Drop for ForeignKeysOff<'_> {
    fn drop(&mut self) {
        // Outside any transaction by now (the import's has ended); cannot fail on an open
        // connection.
        let _ = self.store.conn().execute_batch("PRAGMA foreign_keys = ON");
    }
}
