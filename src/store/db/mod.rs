//! The store's one interface to either back end: [`Conn`] runs a statement written once (with
//! SQLite's `?N` parameters) on SQLite or PostgreSQL, binds [`ToValue`] parameters and reads
//! rows through [`Row::get`] into [`FromValue`] types. Store code written against it does not
//! know which database it talks to; where the dialects differ, [`Conn::dialect`] picks the
//! query's other spelling, beside the first.

mod pg_types;
pub mod placeholders;
pub mod value;

use std::cell::{RefCell, RefMut};
use std::collections::HashMap;

use rusqlite::types::Value as SqliteValue;

pub use value::{FromValue, ToValue, Value, ValueRef};

use super::StoreError;
use pg_types::PgValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A PostgreSQL connection with its prepared statements (kept per SQL text, like SQLite's cache).
pub struct PgConn {
    client: RefCell<postgres::Client>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
}

impl PgConn {
    pub fn new(client: postgres::Client) -> PgConn {
        PgConn { client: RefCell::new(client), statements: RefCell::new(HashMap::new()) }
    }

    /// Runs `work` in one transaction, committed when it returns `Ok`, rolled back otherwise.
    /// When the server broke a deadlock or a serialization conflict it runs again (up to five
    /// times): billers deciding at once never see that, only real conflicts.
    pub fn transaction<T>(&self, mut work: impl FnMut(Conn<'_>) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut tries = 0;
        loop {
            tries += 1;
            self.client().batch_execute("BEGIN")?;
            let result = work(Conn::Postgres(self))
                .and_then(|v| self.client().batch_execute("COMMIT").map(|_| v).map_err(StoreError::from));
            match result {
                Ok(v) => return Ok(v),
                Err(e) => {
                    let _ = self.client().batch_execute("ROLLBACK");
                    if !e.is_busy() || tries == 5 {
                        return Err(e);
                    }
                    std::thread::sleep(std::time::Duration::from_millis(5 * tries));
                }
            }
        }
    }

    /// Asks to hear of other connections' changes to the ledger (see [`PgConn::changed`]).
    pub fn listen(&self) -> Result<(), StoreError> {
        Ok(self.client().batch_execute("LISTEN overturn_ledger")?)
    }

    /// Whether another connection committed a change to work items or appeals since last
    /// asked (after [`PgConn::listen`]). Waits a millisecond at most: the client reads what
    /// the server sent only while it waits (its non-blocking read never looks at the socket).
    pub fn changed(&self) -> Result<bool, StoreError> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut client = self.client();
        let mut notifications = client.notifications();
        Ok(notifications.timeout_iter(std::time::Duration::from_millis(1)).count()? > 0)
    }

    /// The client itself, for what the interface does not cover (COPY, LISTEN).
    pub fn client(&self) -> RefMut<'_, postgres::Client> {
        self.client.borrow_mut()
    }

    fn statement(&self, sql: &str) -> Result<postgres::Statement, StoreError> {
        if let Some(stmt) = self.statements.borrow().get(sql) {
            return Ok(stmt.clone());
        }
        let stmt = self.client.borrow_mut().prepare(&placeholders::to_postgres(sql))?;
        self.statements.borrow_mut().insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }

    fn query(&self, sql: &str, params: Params) -> Result<Vec<postgres::Row>, StoreError> {
        let stmt = self.statement(sql)?;
        let values: Vec<Value> = params.iter().map(|p| p.to_value()).collect();
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        Ok(self.client.borrow_mut().query(&stmt, &refs)?)
    }

    fn for_each(
        &self,
        sql: &str,
        params: Params,
        mut f: impl FnMut(&postgres::Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        use postgres::fallible_iterator::FallibleIterator;
        let stmt = self.statement(sql)?;
        let values: Vec<Value> = params.iter().map(|p| p.to_value()).collect();
        let mut client = self.client.borrow_mut();
        let mut rows = client.query_raw(&stmt, values.iter())?;
        while let Some(row) = rows.next()? {
            f(&row)?;
        }
        Ok(())
    }

    fn execute(&self, sql: &str, params: Params) -> Result<u64, StoreError> {
        let stmt = self.statement(sql)?;
        let values: Vec<Value> = params.iter().map(|p| p.to_value()).collect();
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        Ok(self.client.borrow_mut().execute(&stmt, &refs)?)
    }
}

/// Parameters in order: `&[&a, &b]`.
pub type Params<'p> = &'p [&'p dyn ToValue];

/// Values as parameters (a statement built with its values alongside).
pub fn refs(values: &[Value]) -> Vec<&dyn ToValue> {
    values.iter().map(|v| v as &dyn ToValue).collect()
}

/// A connection to the ledger on either back end (a transaction's included: SQLite's
/// `Transaction` is its connection while it lasts; PostgreSQL's runs on the connection).
#[derive(Clone, Copy)]
pub enum Conn<'a> {
    Sqlite(&'a rusqlite::Connection),
    Postgres(&'a PgConn),
}

/// One result row.
pub enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a postgres::Row),
}

/// A column by position or by name.
pub trait Column: rusqlite::RowIndex + postgres::row::RowIndex + std::fmt::Display + Copy {}
impl Column for usize {}
impl Column for &str {}

impl Row<'_> {
    pub fn get<T: FromValue, C: Column>(&self, column: C) -> Result<T, StoreError> {
        let read = match self {
            Row::Sqlite(row) => {
                let value = row.get_ref(column)?;
                T::from_value(sqlite_ref(value)?)
            }
            Row::Postgres(row) => {
                let value: PgValue = row.try_get(column)?;
                T::from_value(value.0.as_ref())
            }
        };
        read.map_err(|why| StoreError::new(format!("column {column}: {why}")))
    }
}

fn sqlite_ref(v: rusqlite::types::ValueRef<'_>) -> Result<ValueRef<'_>, StoreError> {
    use rusqlite::types::ValueRef as V;
    Ok(match v {
        V::Null => ValueRef::Null,
        V::Integer(n) => ValueRef::Int(n),
        V::Real(x) => ValueRef::Real(x),
        V::Text(t) => ValueRef::Text(std::str::from_utf8(t).map_err(|_| StoreError::new("text that is not UTF-8"))?),
        V::Blob(_) => return Err(StoreError::new("binary data where the ledger keeps text or numbers")),
    })
}

fn sqlite_value(v: Value) -> SqliteValue {
    match v {
        Value::Null => SqliteValue::Null,
        Value::Int(n) => SqliteValue::Integer(n),
        Value::Real(x) => SqliteValue::Real(x),
        Value::Text(s) => SqliteValue::Text(s),
    }
}

fn sqlite_params<'p>(params: Params<'p>) -> impl Iterator<Item = Bound<'p>> + 'p {
    params.iter().map(|p| Bound(*p))
}

impl<'a> Conn<'a> {
    pub fn dialect(self) -> Dialect {
        match self {
            Conn::Sqlite(_) => Dialect::Sqlite,
            Conn::Postgres(_) => Dialect::Postgres,
        }
    }

    /// `sqlite` on SQLite, `postgres` on PostgreSQL: the one place a query's spellings differ.
    pub fn pick(self, sqlite: &'static str, postgres: &'static str) -> &'static str {
        match self.dialect() {
            Dialect::Sqlite => sqlite,
            Dialect::Postgres => postgres,
        }
    }

    /// Every row, each made into a `T` by `f`.
    pub fn query_map<T>(
        self,
        sql: &str,
        params: Params,
        mut f: impl FnMut(&Row) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        match self {
            Conn::Sqlite(conn) => {
                let mut stmt = conn.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(sqlite_params(params)))?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    out.push(f(&Row::Sqlite(row))?);
                }
                Ok(out)
            }
            Conn::Postgres(pg) => pg.query(sql, params)?.iter().map(|row| f(&Row::Postgres(row))).collect(),
        }
    }

    /// Each row made into a `T` by `read` and handed to `f`, one at a time (a whole queue
    /// streams through in constant memory). `f` must not use the connection meanwhile.
    pub fn for_each<T>(
        self,
        sql: &str,
        params: Params,
        read: impl Fn(&Row) -> Result<T, StoreError>,
        mut f: impl FnMut(T) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        match self {
            Conn::Sqlite(conn) => {
                let mut stmt = conn.prepare(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(sqlite_params(params)))?;
                while let Some(row) = rows.next()? {
                    f(read(&Row::Sqlite(row))?)?;
                }
                Ok(())
            }
            Conn::Postgres(pg) => pg.for_each(sql, params, |row| f(read(&Row::Postgres(row))?)),
        }
    }

    /// The first row, if any.
    pub fn query_opt<T>(
        self,
        sql: &str,
        params: Params,
        f: impl FnOnce(&Row) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        match self {
            Conn::Sqlite(conn) => {
                let mut stmt = conn.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(sqlite_params(params)))?;
                match rows.next()? {
                    Some(row) => f(&Row::Sqlite(row)).map(Some),
                    None => Ok(None),
                }
            }
            Conn::Postgres(pg) => pg.query(sql, params)?.first().map(|row| f(&Row::Postgres(row))).transpose(),
        }
    }

    /// The first row; none is an error (aggregates always return one).
    pub fn query_row<T>(
        self,
        sql: &str,
        params: Params,
        f: impl FnOnce(&Row) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.query_opt(sql, params, f)?
            .ok_or_else(|| StoreError::new("the ledger returned no row where one was expected"))
    }

    /// Runs one statement; returns the rows it changed.
    pub fn execute(self, sql: &str, params: Params) -> Result<u64, StoreError> {
        match self {
            Conn::Sqlite(conn) => {
                Ok(conn.prepare_cached(sql)?.execute(rusqlite::params_from_iter(sqlite_params(params)))? as u64)
            }
            Conn::Postgres(pg) => pg.execute(sql, params),
        }
    }

    /// Inserts one row and returns its new `id` (SQLite's rowid; PostgreSQL's identity).
    pub fn insert(self, sql: &str, params: Params) -> Result<i64, StoreError> {
        match self {
            Conn::Sqlite(conn) => {
                conn.prepare_cached(sql)?.execute(rusqlite::params_from_iter(sqlite_params(params)))?;
                Ok(conn.last_insert_rowid())
            }
            Conn::Postgres(pg) => {
                let rows = pg.query(&format!("{sql} RETURNING id"), params)?;
                let row = rows.first().ok_or_else(|| StoreError::new("an insert returned no id"))?;
                Row::Postgres(row).get(0)
            }
        }
    }

    /// Runs statements without parameters, in order.
    pub fn execute_batch(self, sql: &str) -> Result<(), StoreError> {
        match self {
            Conn::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Conn::Postgres(pg) => Ok(pg.client().batch_execute(sql)?),
        }
    }
}

/// A parameter of the interface bound on an SQLite statement: borrowed where the value is
/// already text or a number (SQLite copies it once, as it binds), built otherwise.
pub struct Bound<'v>(pub &'v dyn ToValue);

impl rusqlite::ToSql for Bound<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(match self.0.value_ref() {
            Some(v) => sqlite_bind(v),
            None => rusqlite::types::ToSqlOutput::Owned(sqlite_value(self.0.to_value())),
        })
    }
}

/// A value bound on an SQLite statement as it is (SQLite copies text as it binds).
pub fn sqlite_bind(v: ValueRef<'_>) -> rusqlite::types::ToSqlOutput<'_> {
    use rusqlite::types::ValueRef as V;
    rusqlite::types::ToSqlOutput::Borrowed(match v {
        ValueRef::Null => V::Null,
        ValueRef::Int(n) => V::Integer(n),
        ValueRef::Real(x) => V::Real(x),
        ValueRef::Text(s) => V::Text(s.as_bytes()),
    })
}

impl<'a> From<&'a rusqlite::Connection> for Conn<'a> {
    fn from(conn: &'a rusqlite::Connection) -> Self {
        Conn::Sqlite(conn)
    }
}

impl<'a> From<&'a rusqlite::Transaction<'_>> for Conn<'a> {
    fn from(tx: &'a rusqlite::Transaction<'_>) -> Self {
        Conn::Sqlite(tx)
    }
}

impl<'a> From<&'a PgConn> for Conn<'a> {
    fn from(pg: &'a PgConn) -> Self {
        Conn::Postgres(pg)
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        super::pg::pg_error("database error", e)
    }
}
