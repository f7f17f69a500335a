//! The ledger's tables and columns, read from the current SQLite schema (built in memory): the
//! one list both back ends copy, count and checksum by.

use rusqlite::Connection;

use super::cell::ColType;
use crate::store::StoreError;

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub ty: ColType,
    /// Computed from other columns: read and compared, never written.
    pub generated: bool,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    /// The primary key (every column when there is none): rows are read in this order.
    pub key: Vec<String>,
    /// A single INTEGER key numbered by the database (an identity on PostgreSQL).
    pub numbered: bool,
}

impl Table {
    /// The columns a copy writes (not the generated ones).
    pub fn stored(&self) -> impl Iterator<Item = &Column> {
        self.columns.iter().filter(|c| !c.generated)
    }

    pub fn ty_of(&self, name: &str) -> Option<ColType> {
        self.columns.iter().find(|c| c.name == name).map(|c| c.ty)
    }

    /// The columns quoted for SQL: all of them, or only those a copy writes.
    pub fn column_list(&self, stored_only: bool) -> String {
        let columns = self.columns.iter().filter(|c| !(stored_only && c.generated));
        columns.map(|c| format!("\"{}\"", c.name)).collect::<Vec<_>>().join(", ")
    }

    /// The key as an ORDER BY list that both back ends read in the same order: text by bytes
    /// (`binary` is the dialect's collation for it), then `nulls` ("" or " NULLS FIRST").
    pub fn order_by(&self, binary: &str, nulls: &str) -> String {
        let keys = self.key.iter().map(|k| match self.ty_of(k) {
            Some(ColType::Text) => format!("\"{k}\" COLLATE {binary}{nulls}"),
            _ => format!("\"{k}\"{nulls}"),
        });
        keys.collect::<Vec<_>>().join(", ")
    }
}

/// Every table of the ledger in creation order (referenced tables first, but for the pair
/// that point at each other: loads defer their keys to the commit).
pub fn tables() -> Result<Vec<Table>, StoreError> {
    let mut conn = Connection::open_in_memory()?;
    crate::store::migrate::migrate(&mut conn)?;
    read(&conn)
}

fn read(conn: &Connection) -> Result<Vec<Table>, StoreError> {
    let mut names = conn.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
    )?;
    let names: Vec<(String, String)> =
        names.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    let mut tables = Vec::with_capacity(names.len());
    for (name, sql) in names {
        let mut stmt = conn.prepare("SELECT name, type, pk, hidden FROM pragma_table_xinfo(?1) ORDER BY cid")?;
        let rows: Vec<(String, String, i64, i64)> =
            stmt.query_map([&name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<Result<_, _>>()?;
        let mut columns = Vec::with_capacity(rows.len());
        let mut key: Vec<(i64, String)> = Vec::new();
        for (column, declared, pk, hidden) in rows {
            let ty = match declared.to_ascii_uppercase().as_str() {
                "INTEGER" => ColType::Int,
                "REAL" => ColType::Real,
                "TEXT" | "" => ColType::Text,
                other => {
                    return Err(StoreError::new(format!(
                        "{name}.{column}: a column type copy does not know ({other})"
                    )));
                }
            };
            if pk > 0 {
                key.push((pk, column.clone()));
            }
            columns.push(Column { name: column, ty, generated: hidden == 2 || hidden == 3 });
        }
        key.sort();
        let key: Vec<String> = if key.is_empty() {
            columns.iter().map(|c| c.name.clone()).collect()
        } else {
            key.into_iter().map(|(_, c)| c).collect()
        };
        let numbered = key.len() == 1
            && columns.iter().any(|c| c.name == key[0] && c.ty == ColType::Int)
            && !sql.to_ascii_uppercase().contains("WITHOUT ROWID");
        tables.push(Table { name, columns, key, numbered });
    }
    Ok(tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_knows_keys_types_and_generated_columns() {
        let tables = tables().unwrap();
        let work = tables.iter().find(|t| t.name == "work_item").unwrap();
        assert_eq!(work.key, ["id"]);
        assert!(work.numbered);
        assert!(work.columns.iter().any(|c| c.name == "due_rank" && c.generated));
        assert!(work.stored().all(|c| c.name != "due_key" && c.name != "due_rank"));
        let day = tables.iter().find(|t| t.name == "claim_day").unwrap();
        assert_eq!(day.key, ["remit_date", "payer_id", "provider", "place"]);
        assert!(!day.numbered);
        let short = tables.iter().find(|t| t.name == "short_line").unwrap();
        assert_eq!(short.ty_of("units"), Some(ColType::Real));
        let order: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        let at = |n: &str| order.iter().position(|t| *t == n).unwrap();
        assert!(at("import_batch") < at("claim") && at("claim") < at("work_item") && at("work_item") < at("event"));
    }
}
