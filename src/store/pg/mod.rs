//! The PostgreSQL back end: where the ledger is ([`PgTarget`]), its schema by version, and a
//! connection that knows the ledger is ours and current. SQLite stays the default; a
//! `postgres://` URL in `--db` / `OVERTURN_DB` names a ledger here.

mod pgpass;
mod target;

pub use target::{PgTarget, is_url};

use super::StoreError;
use super::migrate::LATEST_VERSION;

/// The schema of a ledger version on PostgreSQL, from an empty database: its tables, and the
/// triggers that keep the rollups (created after a copy has loaded the tables as they were).
struct Schema {
    version: i64,
    tables: &'static str,
    triggers: &'static str,
}

/// Every SQLite migration has its step here (a test holds the two lists together).
const SCHEMA: &[Schema] =
    &[Schema { version: 10, tables: include_str!("schema_v10.sql"), triggers: include_str!("rollups_v10.sql") }];

fn latest() -> &'static Schema {
    SCHEMA.last().expect("one schema at least")
}

/// The version PostgreSQL ledgers are created at: the last step of [`SCHEMA`].
pub fn schema_version() -> i64 {
    latest().version
}

pub(crate) fn pg_error(what: &str, e: postgres::Error) -> StoreError {
    // The server's own message (a constraint, a missing table) says more than the wrapper.
    match e.as_db_error() {
        Some(db) => StoreError::new(format!("{what}: PostgreSQL: {}", db.message())),
        None => StoreError::new(format!("{what}: {e}")),
    }
}

/// The version of the Overturn ledger in the connected database; `None` when it holds none.
pub fn ledger_version(client: &mut postgres::Client) -> Result<Option<i64>, StoreError> {
    let has: bool = client
        .query_one("SELECT to_regclass('overturn_schema') IS NOT NULL", &[])
        .map_err(|e| pg_error("reading the ledger's version", e))?
        .get(0);
    if !has {
        return Ok(None);
    }
    let row = client
        .query_opt("SELECT version FROM overturn_schema WHERE application = 'overturn'", &[])
        .map_err(|e| pg_error("reading the ledger's version", e))?;
    Ok(row.map(|r| r.get(0)))
}

/// Connects to an existing ledger this build can work: refused when the database holds none,
/// or one a newer Overturn wrote.
pub fn open_existing(target: &PgTarget) -> Result<postgres::Client, StoreError> {
    let mut client = target.connect()?;
    match ledger_version(&mut client)? {
        None => Err(StoreError::new(format!(
            "{} holds no Overturn ledger: copy one there first (overturn copy LEDGER {})",
            target.shown(),
            target.shown()
        ))),
        Some(v) if v > LATEST_VERSION => Err(StoreError::new(format!(
            "{} was written by a newer Overturn (schema version {v}; this build knows up to {LATEST_VERSION}). Update Overturn to open it",
            target.shown()
        ))),
        Some(v) if v < schema_version() => Err(StoreError::new(format!(
            "{} is at schema version {v}, older than any PostgreSQL schema this build knows",
            target.shown()
        ))),
        Some(_) => Ok(client),
    }
}

/// Creates the current schema's tables in the connected database, inside the caller's
/// transaction; the database must hold no tables (a ledger is never written over another).
/// [`create_triggers`] completes it.
pub fn create_schema(client: &mut postgres::Client, shown: &str) -> Result<(), StoreError> {
    let tables: i64 = client
        .query_one("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()", &[])
        .map_err(|e| pg_error("looking at the database", e))?
        .get(0);
    if tables > 0 {
        let what = match ledger_version(client)? {
            Some(v) => format!("already holds an Overturn ledger (schema version {v})"),
            None => format!("already holds {tables} table(s) of something else"),
        };
        return Err(StoreError::new(format!(
            "{shown} {what}; copy writes only into an empty database (createdb a new one), nothing was changed"
        )));
    }
    let schema = latest();
    client.batch_execute(schema.tables).map_err(|e| pg_error("creating the ledger's schema", e))?;
    client
        .execute("INSERT INTO overturn_schema (application, version) VALUES ('overturn', $1)", &[&schema.version])
        .map_err(|e| pg_error("recording the schema version", e))?;
    Ok(())
}

/// The rollups' triggers (and the word checks), once the tables hold their rows.
pub fn create_triggers(client: &mut postgres::Client) -> Result<(), StoreError> {
    client.batch_execute(latest().triggers).map_err(|e| pg_error("creating the ledger's triggers", e))
}

#[cfg(test)]
mod tests {
    #[test]
    fn postgresql_has_a_schema_for_the_latest_sqlite_version() {
        assert_eq!(
            super::schema_version(),
            super::LATEST_VERSION,
            "add a PostgreSQL step for the new SQLite migration"
        );
    }
}
