//! Reading and loading a table's rows on SQLite.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, params_from_iter};

use super::catalog::Table;
use super::cell::{Cell, ColType};
use crate::store::StoreError;

/// Every row of `table`, all columns (generated included) in catalog order, by key with text
/// compared byte by byte (as PostgreSQL's `COLLATE "C"`).
pub fn read_rows(
    conn: &Connection,
    table: &Table,
    each: &mut dyn FnMut(&[Cell]) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let sql = format!(
        "SELECT {} FROM \"{}\" ORDER BY {}",
        table.column_list(false),
        table.name,
        table.order_by("BINARY", "")
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut cells = Vec::with_capacity(table.columns.len());
    let mut n = 0u64;
    while let Some(row) = rows.next()? {
        n += 1;
        cells.clear();
        for (i, column) in table.columns.iter().enumerate() {
            let cell = match row.get_ref(i)? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(v) if column.ty == ColType::Real => Cell::Real(v as f64),
                ValueRef::Integer(v) => Cell::Int(v),
                ValueRef::Real(v) => Cell::Real(v),
                ValueRef::Text(t) => Cell::Text(String::from_utf8(t.to_vec()).map_err(|_| {
                    StoreError::new(format!("{} row {n}, {}: text that is not UTF-8", table.name, column.name))
                })?),
                ValueRef::Blob(_) => {
                    return Err(StoreError::new(format!(
                        "{} row {n}, {}: binary data where the schema has {:?}",
                        table.name, column.name, column.ty
                    )));
                }
            };
            cells.push(cell);
        }
        each(&cells)?;
    }
    Ok(())
}

/// A prepared insert of a table's stored columns, fed whole rows (generated columns skipped).
pub struct Loader<'c> {
    stmt: rusqlite::Statement<'c>,
    stored: Vec<usize>,
}

impl<'c> Loader<'c> {
    pub fn new(conn: &'c Connection, table: &Table) -> Result<Loader<'c>, StoreError> {
        let stored: Vec<usize> =
            table.columns.iter().enumerate().filter(|(_, c)| !c.generated).map(|(i, _)| i).collect();
        let columns = table.column_list(true);
        let marks = (1..=stored.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        let stmt = conn.prepare(&format!("INSERT INTO \"{}\" ({columns}) VALUES ({marks})", table.name))?;
        Ok(Loader { stmt, stored })
    }

    pub fn load(&mut self, cells: &[Cell]) -> Result<(), StoreError> {
        let values = self.stored.iter().map(|&i| match &cells[i] {
            Cell::Null => rusqlite::types::Value::Null,
            Cell::Int(v) => rusqlite::types::Value::Integer(*v),
            Cell::Real(v) => rusqlite::types::Value::Real(*v),
            Cell::Text(s) => rusqlite::types::Value::Text(s.clone()),
        });
        self.stmt.execute(params_from_iter(values))?;
        Ok(())
    }
}

/// The triggers of a ledger (name, SQL), to set aside while a copy loads rows that already
/// hold what they would compute.
pub fn triggers(conn: &Connection) -> Result<Vec<(String, String)>, StoreError> {
    let mut stmt = conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    Ok(rows)
}
