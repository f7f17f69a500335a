//! The PostgreSQL back end: where the ledger is ([`PgTarget`]), its schema by version, and a
//! connection that knows the ledger is ours and current. SQLite stays the default; a
//! `postgres://` URL in `--db` / `OVERTURN_DB` names a ledger here.

pub mod grants;
mod pgpass;
pub mod service;
mod target;
pub mod tls;

pub use target::{PgTarget, is_url};

use super::StoreError;
use super::migrate::LATEST_VERSION;

/// A new ledger on PostgreSQL starts at version 10 (the first it had): its tables, and the
/// triggers that keep the rollups (created after a copy has loaded the tables as they were).
const BASE_VERSION: i64 = 10;
const BASE_TABLES: &str = include_str!("schema_v10.sql");
const BASE_TRIGGERS: &str = include_str!("rollups_v10.sql");

/// The steps after it, as on SQLite: step `(v, tables, triggers)` takes a ledger to version
/// `v`. Its `tables` part runs before a copy loads its rows, so it changes tables and may add
/// triggers that act on updates only; its `triggers` part changes the rollups' triggers, which
/// a new ledger gets after its rows (with [`create_triggers`]). Every SQLite migration after
/// version 10 has its step here (a test holds them together).
const STEPS: &[(i64, &str, &str)] = &[
    (11, include_str!("schema_v11.sql"), ""),
    (12, "", include_str!("rollups_v12.sql")),
    (13, "", include_str!("rollups_v13.sql")),
    (14, include_str!("schema_v14.sql"), ""),
];

/// The version PostgreSQL ledgers are kept at.
pub fn schema_version() -> i64 {
    STEPS.last().map_or(BASE_VERSION, |(v, _, _)| *v)
}

/// Takes the ledger from `from` to the latest version, in the caller's transaction; an
/// existing ledger (`triggers`) has its rollups' triggers changed too, a new one gets them
/// later from [`create_triggers`].
fn upgrade(client: &mut impl postgres::GenericClient, from: i64, triggers: bool) -> Result<(), StoreError> {
    for (version, tables, changed) in STEPS.iter().filter(|(v, _, _)| *v > from) {
        let sql = if triggers { format!("{tables}\n{changed}") } else { tables.to_string() };
        client
            .batch_execute(&sql)
            .map_err(|e| pg_error(&format!("schema migration to version {version} failed"), e))?;
    }
    client
        .execute("UPDATE overturn_schema SET version = $1", &[&schema_version()])
        .map_err(|e| pg_error("recording the schema version", e))?;
    Ok(())
}

pub(crate) fn pg_error(what: &str, e: postgres::Error) -> StoreError {
    use postgres::error::SqlState;
    // A deadlock broken by the server, or a serialization failure: the transaction is rolled
    // back and may simply run again (see `db::PgConn::transaction`).
    if matches!(e.code(), Some(c) if *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::T_R_SERIALIZATION_FAILURE)
    {
        return StoreError::busy("the ledger is busy: two billers' changes crossed and one was rolled back; try again");
    }
    // The server's own message (a constraint, a missing table) says more than the wrapper.
    match e.as_db_error() {
        Some(db) => StoreError::new(format!("{what}: PostgreSQL: {}", db.message())),
        // The cause says what went wrong (a certificate not trusted, a refused connection).
        None => match std::error::Error::source(&e) {
            Some(cause) => StoreError::new(format!("{what}: {e}: {cause}")),
            None => StoreError::new(format!("{what}: {e}")),
        },
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
            "{} holds no Overturn ledger: import files into it (overturn --db {} import FILE) or copy one there \
             (overturn copy LEDGER {})",
            target.shown(),
            target.shown(),
            target.shown()
        ))),
        Some(v) if v > LATEST_VERSION => Err(StoreError::new(format!(
            "{} was written by a newer Overturn (schema version {v}; this build knows up to {LATEST_VERSION}). Update Overturn to open it",
            target.shown()
        ))),
        Some(v) if v < BASE_VERSION => Err(StoreError::new(format!(
            "{} is at schema version {v}, older than any PostgreSQL schema this build knows",
            target.shown()
        ))),
        Some(v) if v < schema_version() => {
            // Only the tables' owner may change them: anyone else is told who upgrades it.
            let (owner, me): (String, String) = client
                .query_one(
                    "SELECT tableowner::text, current_user::text FROM pg_tables \
                     WHERE tablename = 'work_item' AND schemaname = current_schema()",
                    &[],
                )
                .map(|r| (r.get(0), r.get(1)))
                .map_err(|e| pg_error("looking up the ledger's owner", e))?;
            if owner != me {
                return Err(StoreError::new(format!(
                    "{} is at schema version {v} and this Overturn works version {}: the ledger's owner ({owner}) \
                     upgrades it by running any command on it once (overturn --db URL info); nothing was changed",
                    target.shown(),
                    schema_version()
                )));
            }
            // One transaction, the version read again under a lock: two commands opening an
            // old ledger at once upgrade it once.
            let mut tx = client.transaction()?;
            tx.batch_execute("LOCK TABLE overturn_schema IN EXCLUSIVE MODE")?;
            let v: i64 = tx.query_one("SELECT version FROM overturn_schema", &[])?.get(0);
            if v < schema_version() {
                upgrade(&mut tx, v, true)?;
            }
            tx.commit()?;
            Ok(client)
        }
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
    client.batch_execute(BASE_TABLES).map_err(|e| pg_error("creating the ledger's schema", e))?;
    client
        .execute("INSERT INTO overturn_schema (application, version) VALUES ('overturn', $1)", &[&BASE_VERSION])
        .map_err(|e| pg_error("recording the schema version", e))?;
    upgrade(client, BASE_VERSION, false)
}

/// The rollups' triggers (and the word checks), once the tables hold their rows.
pub fn create_triggers(client: &mut postgres::Client) -> Result<(), StoreError> {
    let later: Vec<&str> = STEPS.iter().map(|(_, _, triggers)| *triggers).collect();
    let sql = format!("{BASE_TRIGGERS}\n{}", later.join("\n"));
    client.batch_execute(&sql).map_err(|e| pg_error("creating the ledger's triggers", e))
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
