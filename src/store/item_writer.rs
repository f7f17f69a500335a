//! The SQLite import's statements for each new work item and its audit events, prepared once
//! per file and bound only where a value changed (see [`StickyParams`]), as the claim rows
//! are (see [`super::claim_writer`]). Through the connection's statement cache each insert
//! hashed its statement's text (the work item's is a kilobyte) to find it and again to return
//! it, and bound all of its fifty parameters: a quarter of what writing a work item cost.

use rusqlite::{Connection, Statement};

use super::StoreError;
use super::db::{Conn, ToValue};
use super::sticky_params::StickyParams;
use super::work_items::{INSERT, INSERT_EVENT, NewEvent};

type Res<T> = Result<T, StoreError>;

/// Prepared inserts of work items and events on the import's SQLite connection.
pub struct ItemWriter<'c> {
    conn: &'c Connection,
    item: Statement<'c>,
    item_params: StickyParams,
    event: Statement<'c>,
    event_params: StickyParams,
}

impl<'c> ItemWriter<'c> {
    /// The writer for `db`, prepared there at the first item of the file (SQLite only:
    /// `None` on PostgreSQL, whose inserts go through [`Conn`]).
    pub fn in_slot<'s>(slot: &'s mut Option<ItemWriter<'c>>, db: Conn<'c>) -> Res<Option<&'s mut Self>> {
        if let Some(w) = slot {
            return Ok(Some(w));
        }
        let Conn::Sqlite(conn) = db else { return Ok(None) };
        let writer = ItemWriter {
            conn,
            item: conn.prepare(&INSERT)?,
            item_params: StickyParams::default(),
            event: conn.prepare(INSERT_EVENT)?,
            event_params: StickyParams::default(),
        };
        Ok(Some(slot.insert(writer)))
    }

    /// Inserts a work item's row (values in [`super::work_items::COLUMNS`] order); its id.
    pub fn insert_item(&mut self, values: &[&dyn ToValue]) -> Res<i64> {
        self.item_params.execute(&mut self.item, values)?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Appends an audit event; its id.
    pub fn append_event(&mut self, e: &NewEvent<'_>) -> Res<i64> {
        self.event_params.execute(&mut self.event, &super::work_items::event_values(e))?;
        Ok(self.conn.last_insert_rowid())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn events_written_through_the_writer_read_back_as_written() {
        let mut store = Store::open_memory().unwrap();
        let tx = store.begin().unwrap();
        let mut slot = None;
        let w = ItemWriter::in_slot(&mut slot, Conn::Sqlite(&tx)).unwrap().unwrap();
        let details = [Some("first"), Some("first"), None, Some("a longer detail than before")];
        let mut ids = Vec::new();
        for (i, detail) in details.iter().enumerate() {
            let e = NewEvent {
                work_item_id: None,
                batch_id: None,
                at: "2026-12-02T10:00:00Z",
                actor: if i % 2 == 0 { "ana" } else { "bo" },
                action: "note",
                before: None,
                after: Some("open"),
                detail: *detail,
            };
            ids.push(w.append_event(&e).unwrap());
        }
        assert!(ids.windows(2).all(|p| p[1] > p[0]), "{ids:?}");
        let got: Vec<(String, Option<String>)> = tx
            .prepare("SELECT actor, detail FROM event ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let want: Vec<(String, Option<String>)> = details
            .iter()
            .enumerate()
            .map(|(i, d)| ((if i % 2 == 0 { "ana" } else { "bo" }).to_string(), d.map(str::to_string)))
            .collect();
        assert_eq!(got, want);
    }
}
