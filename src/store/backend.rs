//! An open ledger on either back end, for the commands that run on both: SQLite's [`Store`]
//! or a PostgreSQL connection, each answering through [`Conn`].

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
    /// An existing PostgreSQL ledger this build can work (see [`pg::open_existing`]).
    pub fn open_postgres(target: PgTarget) -> Result<Backend, StoreError> {
        let client = pg::open_existing(&target)?;
        Ok(Backend::Postgres(Box::new(PgLedger { conn: PgConn::new(client), target })))
    }

    pub fn db(&self) -> Conn<'_> {
        match self {
            Backend::Sqlite(store) => store.db(),
            Backend::Postgres(pg) => Conn::Postgres(&pg.conn),
        }
    }

    /// Where the ledger is, and on PostgreSQL the server's version and the schema's.
    pub fn describe(&self) -> Result<String, StoreError> {
        match self {
            Backend::Sqlite(store) => Ok(store.path().display().to_string()),
            Backend::Postgres(pg) => {
                let server: String = self.db().query_row("SHOW server_version", &[], |r| r.get(0))?;
                let version = pg::ledger_version(&mut pg.conn.client())?.unwrap_or(0);
                Ok(format!("{} (PostgreSQL {server}, schema version {version})", pg.target.shown()))
            }
        }
    }
}
