//! Reading and loading a table's rows on PostgreSQL, through COPY's text format (the bulk path
//! both ways).

use std::io::{BufRead, BufReader, Write};

use postgres::Client;

use super::catalog::Table;
use super::cell::Cell;
use crate::store::StoreError;
use crate::store::pg::pg_error;

/// Every row of `table` in the order SQLite reads it (text byte by byte, NULLs first).
pub fn read_rows(
    client: &mut Client,
    table: &Table,
    each: &mut dyn FnMut(&[Cell]) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let sql = format!(
        "COPY (SELECT {} FROM \"{}\" ORDER BY {}) TO STDOUT",
        table.column_list(false),
        table.name,
        table.order_by("\"C\"", " NULLS FIRST")
    );
    let reader = client.copy_out(sql.as_str()).map_err(|e| pg_error(&format!("reading {}", table.name), e))?;
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let mut line = String::new();
    let mut cells = Vec::with_capacity(table.columns.len());
    let mut n = 0u64;
    loop {
        line.clear();
        let read = reader
            .read_line(&mut line)
            .map_err(|e| StoreError::new(format!("reading {} from PostgreSQL: {e}", table.name)))?;
        if read == 0 {
            return Ok(());
        }
        n += 1;
        let fields = line.strip_suffix('\n').unwrap_or(&line).split('\t');
        cells.clear();
        for (field, column) in fields.zip(&table.columns) {
            let cell = Cell::from_copy_text(field, column.ty)
                .map_err(|why| StoreError::new(format!("{} row {n}, {}: {why}", table.name, column.name)))?;
            cells.push(cell);
        }
        if cells.len() != table.columns.len() {
            return Err(StoreError::new(format!(
                "{} row {n}: {} values where the schema has {} columns",
                table.name,
                cells.len(),
                table.columns.len()
            )));
        }
        each(&cells)?;
    }
}

/// A COPY into `table` of its stored columns, fed whole rows.
pub struct Loader<'c> {
    writer: postgres::CopyInWriter<'c>,
    stored: Vec<usize>,
    line: String,
    table: String,
    columns: Vec<String>,
    rows: u64,
}

impl<'c> Loader<'c> {
    pub fn new(client: &'c mut Client, table: &Table) -> Result<Loader<'c>, StoreError> {
        let stored: Vec<usize> =
            table.columns.iter().enumerate().filter(|(_, c)| !c.generated).map(|(i, _)| i).collect();
        let sql = format!("COPY \"{}\" ({}) FROM STDIN", table.name, table.column_list(true));
        let writer = client.copy_in(sql.as_str()).map_err(|e| pg_error(&format!("loading {}", table.name), e))?;
        let columns = table.stored().map(|c| c.name.clone()).collect();
        Ok(Loader { writer, stored, line: String::new(), table: table.name.clone(), columns, rows: 0 })
    }

    pub fn load(&mut self, cells: &[Cell]) -> Result<(), StoreError> {
        self.rows += 1;
        self.line.clear();
        for (n, &i) in self.stored.iter().enumerate() {
            if n > 0 {
                self.line.push('\t');
            }
            if let Cell::Text(text) = &cells[i]
                && text.contains('\0')
            {
                return Err(StoreError::new(format!(
                    "{} row {}, {}: text with a NUL byte, which PostgreSQL cannot store",
                    self.table, self.rows, self.columns[n]
                )));
            }
            cells[i].write_copy_text(&mut self.line);
        }
        self.line.push('\n');
        self.writer
            .write_all(self.line.as_bytes())
            .map_err(|e| StoreError::new(format!("loading {} into PostgreSQL: {e}", self.table)))
    }

    /// Ends the COPY; the server checks every row's types and constraints here.
    pub fn finish(self) -> Result<u64, StoreError> {
        let table = self.table;
        self.writer.finish().map_err(|e| pg_error(&format!("loading {table}"), e))
    }
}

/// Numbers new rows after the highest copied id (the identity would start at 1 again).
pub fn renumber(client: &mut Client, table: &Table) -> Result<(), StoreError> {
    if !table.numbered {
        return Ok(());
    }
    let key = &table.key[0];
    let sql = format!(
        "SELECT setval(pg_get_serial_sequence('\"{0}\"', '{1}'), coalesce(max(\"{1}\"), 0) + 1, false) FROM \"{0}\"",
        table.name, key
    );
    client.execute(sql.as_str(), &[]).map_err(|e| pg_error(&format!("numbering {}", table.name), e))?;
    Ok(())
}
