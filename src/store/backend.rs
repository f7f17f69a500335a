//! An open ledger on either back end, for the commands that run on both: SQLite's [`Store`]
//! or a PostgreSQL connection, each answering through [`Conn`].

use super::copy::Ledger;
use super::db::{Conn, PgConn};
use super::pg::{self, PgTarget};
use super::{Store, StoreError};

pub enum Backend {
    Sqlite(Store),
    Postgres(Box<PgLedger>),
}

/// A connection to a PostgreSQL ledger, and where it is.
pub struct PgLedger {
    pub conn: PgConn,
    pub target: PgTarget,
}

impl Backend {
    /// A new, empty ledger in an empty PostgreSQL database: an empty SQLite ledger (made in a
    /// private temporary folder) copied there, so the new ledger is exactly what a copy
    /// writes, rollups seeded and read back. A database holding anything is refused.
    pub fn create_postgres(target: PgTarget) -> Result<Backend, StoreError> {
        let dir = tempfile::Builder::new()
            .prefix("overturn-new-")
            .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .tempdir()
            .map_err(|e| StoreError::new(format!("cannot make a temporary folder: {e}")))?;
        let empty = dir.path().join("empty.db");
        drop(Store::open(&empty)?);
        super::copy::copy(&Ledger::Sqlite(empty), &Ledger::Postgres(Box::new(target.clone())), &mut |_| {})?;
        Backend::open_postgres(target)
    }

    /// The ledger in the database, or a new one when the database holds none (an import into
    /// a database made for it); `true` when it was created.
    pub fn open_or_create_postgres(target: PgTarget) -> Result<(Backend, bool), StoreError> {
        let holds = pg::ledger_version(&mut target.connect()?)?.is_some();
        match holds {
            true => Ok((Backend::open_postgres(target)?, false)),
            false => Ok((Backend::create_postgres(target)?, true)),
        }
    }

    /// An existing PostgreSQL ledger this build can work (see [`pg::open_existing`]).
    pub fn open_postgres(target: PgTarget) -> Result<Backend, StoreError> {
        let client = pg::open_existing(&target)?;
        Ok(Backend::Postgres(Box::new(PgLedger { conn: PgConn::new(client), target })))
    }

    /// Whether the server dropped the connection (PostgreSQL: noticed at the last exchange; a
    /// file is never lost).
    pub fn connection_lost(&self) -> bool {
        matches!(self, Backend::Postgres(pg) if pg.conn.client().is_closed())
    }

    /// A new connection to the same ledger in place of a lost one (prepared statements go with
    /// the old one).
    pub fn replace_connection(&mut self, client: postgres::Client) {
        if let Backend::Postgres(pg) = self {
            pg.conn = PgConn::new(client);
        }
    }

    pub fn db(&self) -> Conn<'_> {
        match self {
            Backend::Sqlite(store) => store.db(),
            Backend::Postgres(pg) => Conn::Postgres(&pg.conn),
        }
    }

    /// Runs `work` in one write transaction, committed when it returns `Ok` (SQLite: BEGIN
    /// IMMEDIATE, holding the write lock from the start; PostgreSQL: retried when the server
    /// broke a deadlock, see [`PgConn::transaction`]).
    pub fn transaction<T>(&mut self, mut work: impl FnMut(Conn<'_>) -> Result<T, StoreError>) -> Result<T, StoreError> {
        match self {
            Backend::Sqlite(store) => {
                let tx = store.begin()?;
                let out = work(Conn::Sqlite(&tx))?;
                tx.commit()?;
                Ok(out)
            }
            Backend::Postgres(pg) => pg.conn.transaction(work),
        }
    }

    /// The PostgreSQL role this connection works as (`None` on SQLite, or if it cannot be read).
    pub fn role(&self) -> Option<String> {
        role(self.db())
    }

    /// Why this connection may not decide on work items, if it may not: on PostgreSQL, a role
    /// without the right to change them (an owner's). The words name the role and the remedy.
    pub fn cannot_decide(&self) -> Option<String> {
        let Backend::Postgres(_) = self else { return None };
        let may: bool =
            self.db().query_row("SELECT has_table_privilege('work_item', 'UPDATE')", &[], |r| r.get(0)).ok()?;
        let role = self.role().unwrap_or_else(|| "this role".into());
        (!may).then(|| format!("read only for {role}: billers decide (the ledger's owner: grant {role} --as biller)"))
    }

    /// The SQLite file, if the ledger is one (outputs must never overwrite it).
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Backend::Sqlite(store) => Some(store.path()),
            Backend::Postgres(_) => None,
        }
    }

    /// Whether another connection committed to the ledger since last asked: SQLite's data
    /// version moved (`seen` keeps the last one), or PostgreSQL notified (the desk listens).
    pub fn changed_since(&self, seen: &mut Option<i64>) -> bool {
        match self {
            Backend::Sqlite(store) => {
                let now = super::desk_state::data_version(store.conn()).ok();
                let changed = now.is_some() && seen.is_some() && now != *seen;
                *seen = now.or(*seen);
                changed
            }
            Backend::Postgres(pg) => pg.conn.changed().unwrap_or(false),
        }
    }

    /// Where the ledger is, to open another connection to it (a background thread's).
    pub fn location(&self) -> Ledger {
        match self {
            Backend::Sqlite(store) => Ledger::Sqlite(store.path().to_path_buf()),
            Backend::Postgres(pg) => Ledger::Postgres(Box::new(pg.target.clone())),
        }
    }

    /// Where the ledger is, and on PostgreSQL the server's version and the schema's.
    pub fn describe(&self) -> Result<String, StoreError> {
        match self {
            Backend::Sqlite(store) => Ok(store.path().display().to_string()),
            Backend::Postgres(pg) => {
                let server: String = self.db().query_row("SHOW server_version", &[], |r| r.get(0))?;
                let version = pg::ledger_version(&mut pg.conn.client())?.unwrap_or(0);
                let tls = if pg.target.encrypted() { ", encrypted (TLS)" } else { "" };
                Ok(format!("{} (PostgreSQL {server}, schema version {version}{tls})", pg.target.shown()))
            }
        }
    }
}

impl From<Store> for Backend {
    fn from(store: Store) -> Backend {
        Backend::Sqlite(store)
    }
}

/// The PostgreSQL role a connection works as: who its audit events are by (`None` on SQLite,
/// where the biller's configured name stands instead).
pub fn role(db: Conn<'_>) -> Option<String> {
    match db {
        Conn::Sqlite(_) => None,
        Conn::Postgres(_) => db.query_row("SELECT session_user::text", &[], |r| r.get(0)).ok(),
    }
}
