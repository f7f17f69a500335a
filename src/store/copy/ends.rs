//! The two ends of a copy: a source read in one snapshot, and a new destination written in one
//! transaction (its SQLite triggers set aside meanwhile, its keys checked at the commit).

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::catalog::Table;
use super::cell::Cell;
use super::{Ledger, pg_side, sqlite_side};
use crate::store::{Store, StoreError, pg};

type Each<'a> = &'a mut dyn FnMut(&[Cell]) -> Result<(), StoreError>;

pub enum Source {
    /// A current ledger, read only; or an older one upgraded in memory (the file untouched).
    Sqlite(Connection),
    Upgraded(Store),
    Postgres(postgres::Client),
}

impl Source {
    pub fn open(ledger: &Ledger) -> Result<Source, StoreError> {
        match ledger {
            Ledger::Sqlite(path) => {
                if !path.is_file() {
                    return Err(StoreError::new(format!("no ledger at {}", path.display())));
                }
                if let Some(store) = Store::open_upgraded_copy(path)? {
                    return Ok(Source::Upgraded(store));
                }
                let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
                conn.busy_timeout(std::time::Duration::from_secs(30))?;
                // One read transaction: every table from the same moment, while others write.
                conn.execute_batch("BEGIN")?;
                Ok(Source::Sqlite(conn))
            }
            Ledger::Postgres(target) => {
                let mut client = pg::open_existing(target)?;
                client
                    .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .map_err(|e| pg::pg_error("starting a read", e))?;
                Ok(Source::Postgres(client))
            }
        }
    }

    pub fn rows(&mut self, table: &Table, each: Each) -> Result<(), StoreError> {
        match self {
            Source::Sqlite(conn) => sqlite_side::read_rows(conn, table, each),
            Source::Upgraded(store) => sqlite_side::read_rows(store.conn(), table, each),
            Source::Postgres(client) => pg_side::read_rows(client, table, each),
        }
    }
}

pub enum Destination {
    Sqlite { store: Option<Store>, path: PathBuf, triggers: Vec<(String, String)> },
    Postgres(postgres::Client, String),
}

fn refuse_existing(path: &Path) -> Result<(), StoreError> {
    if path.exists() {
        return Err(StoreError::new(format!(
            "{} already exists; copy writes only a new ledger (pick a new file name), nothing was changed",
            path.display()
        )));
    }
    Ok(())
}

impl Destination {
    /// A new SQLite file (created private), or a connection to an empty PostgreSQL database.
    pub fn create(ledger: &Ledger) -> Result<Destination, StoreError> {
        match ledger {
            Ledger::Sqlite(path) => {
                refuse_existing(path)?;
                let store = Store::open(path)?;
                Ok(Destination::Sqlite { store: Some(store), path: path.clone(), triggers: Vec::new() })
            }
            Ledger::Postgres(target) => Ok(Destination::Postgres(target.connect()?, target.shown().to_string())),
        }
    }

    /// Opens the transaction, and empties the new ledger of the rows its schema starts with.
    pub fn begin(&mut self, tables: &[Table]) -> Result<(), StoreError> {
        match self {
            Destination::Sqlite { store, triggers, .. } => {
                let conn = store.as_ref().expect("open until committed").conn();
                conn.execute_batch("BEGIN IMMEDIATE; PRAGMA defer_foreign_keys = ON;")?;
                *triggers = sqlite_side::triggers(conn)?;
                for (name, _) in triggers.iter() {
                    conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
                }
                for table in tables.iter().rev() {
                    conn.execute(&format!("DELETE FROM \"{}\"", table.name), [])?;
                }
                Ok(())
            }
            Destination::Postgres(client, shown) => {
                client.batch_execute("BEGIN").map_err(|e| pg::pg_error("starting the copy", e))?;
                pg::create_schema(client, shown)?;
                client.batch_execute("SET CONSTRAINTS ALL DEFERRED").map_err(|e| pg::pg_error("deferring keys", e))?;
                for table in tables.iter().rev() {
                    client.execute(&format!("DELETE FROM \"{}\"", table.name), &[])?;
                }
                Ok(())
            }
        }
    }

    /// Loads one table: `feed` calls its argument once per row.
    pub fn load(
        &mut self,
        table: &Table,
        feed: &mut dyn FnMut(Each) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        match self {
            Destination::Sqlite { store, .. } => {
                let mut loader = sqlite_side::Loader::new(store.as_ref().expect("open").conn(), table)?;
                feed(&mut |cells| loader.load(cells))
            }
            Destination::Postgres(client, _) => {
                let mut loader = pg_side::Loader::new(client, table)?;
                feed(&mut |cells| loader.load(cells))?;
                loader.finish().map(|_| ())
            }
        }
    }

    /// After the rows: SQLite's triggers back as they were; PostgreSQL's identities renumbered
    /// and its triggers created.
    pub fn finish_load(&mut self, tables: &[Table]) -> Result<(), StoreError> {
        match self {
            Destination::Sqlite { store, triggers, .. } => {
                let conn = store.as_ref().expect("open").conn();
                for (_, sql) in triggers.iter() {
                    conn.execute_batch(sql)?;
                }
                Ok(())
            }
            Destination::Postgres(client, _) => {
                tables.iter().try_for_each(|t| pg_side::renumber(client, t))?;
                // The keys are checked here, every row loaded (the triggers need that done).
                client.batch_execute("SET CONSTRAINTS ALL IMMEDIATE")?;
                pg::create_triggers(client)
            }
        }
    }

    pub fn rows(&mut self, table: &Table, each: Each) -> Result<(), StoreError> {
        match self {
            Destination::Sqlite { store, .. } => {
                sqlite_side::read_rows(store.as_ref().expect("open").conn(), table, each)
            }
            Destination::Postgres(client, _) => pg_side::read_rows(client, table, each),
        }
    }

    pub fn commit(self) -> Result<(), StoreError> {
        match self {
            Destination::Sqlite { store, .. } => {
                store.as_ref().expect("open").conn().execute_batch("COMMIT")?;
                Ok(())
            }
            Destination::Postgres(mut client, _) => {
                client.batch_execute("COMMIT").map_err(|e| pg::pg_error("committing the copy", e))?;
                // Freshly loaded tables have no statistics and an empty visibility map: until
                // autovacuum came round, counts and ranks read every row's heap page. A ledger
                // copied in is committed whatever this says; a role that may not vacuum leaves
                // it to autovacuum.
                let _ = client.batch_execute("VACUUM (ANALYZE)");
                Ok(())
            }
        }
    }

    /// Leaves nothing behind: the transaction rolled back, a new SQLite file removed.
    pub fn abandon(self) {
        match self {
            Destination::Sqlite { mut store, path, .. } => {
                if let Some(store) = store.take() {
                    let _ = store.conn().execute_batch("ROLLBACK");
                    drop(store);
                }
                for file in crate::fsutil::with_sqlite_companions(&path) {
                    let _ = std::fs::remove_file(file);
                }
            }
            Destination::Postgres(mut client, _) => {
                let _ = client.batch_execute("ROLLBACK");
            }
        }
    }
}
