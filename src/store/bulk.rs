//! Writing a whole file at once: inside the import's transaction the work-item insert
//! triggers are set aside ([`InsertTriggers::set_aside`]; the import tallies what they would
//! add, see [`super::work_tally`]) and put back before it commits, exactly as they were (their
//! text is read from the schema, not repeated here). A rolled-back or killed import leaves the
//! triggers in place: dropping them is part of the transaction. CHECK constraints are off for
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

/// The set-aside triggers' text, to create them again before the import commits.
#[derive(Debug)]
pub struct InsertTriggers {
    saved: Vec<String>,
}

impl InsertTriggers {
    /// Drops the insert triggers (inside the caller's transaction) and keeps their text.
    pub fn set_aside(conn: &Connection) -> Res<Self> {
        let mut saved = Vec::new();
        for name in SET_ASIDE {
            let sql: Option<String> = conn
                .query_row("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1", [name], |r| r.get(0))
                .map(Some)
                .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })?;
            let Some(sql) = sql else {
                return Err(StoreError::new(format!("the ledger has no trigger {name}; run `overturn check`")));
            };
            conn.execute_batch(&format!("DROP TRIGGER {name}"))?;
            saved.push(sql);
        }
        Ok(InsertTriggers { saved })
    }

    /// Writes what the tally holds and creates the triggers again.
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
