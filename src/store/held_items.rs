//! The PostgreSQL import's new work items on claims still held in its claim batch (see
//! [`super::claim_batch`]). A denial on a claim that answers nothing needs nothing from the
//! ledger but the claim's id, which the batch draws when it writes: the item and its creation
//! event wait beside the claim and are written with it, the items with COPY (their rollups
//! counted once for the whole batch, see `pg/rollups_v12.sql`), the events with one INSERT of
//! many rows (COPY is refused for a table with row policies, and `event` has them). Ids come
//! out as SQLite gives them: claims, items and events each in the order the file made them.

use super::StoreError;
use super::claim_batch::{copy_in, line};
use super::db::{Conn, PgConn, Value, refs};
use super::work_items::{CLAIM_COLUMN, COLUMNS};

type Res<T> = Result<T, StoreError>;

/// An event's columns after its item's id.
const EVENT_COLUMNS: usize = 7;

/// Events written per INSERT (8 parameters each, well under PostgreSQL's 65,535).
const EVENTS_PER_INSERT: usize = 1000;

/// A new item on a held claim and its creation event.
pub struct HeldItem {
    /// The claim's place in the batch.
    pub claim: usize,
    /// The item's row in [`COLUMNS`] order (its claim's id filled in when written).
    pub row: Vec<Value>,
    /// The event's batch, time, actor, action, states before and after, and detail.
    pub event: [Value; EVENT_COLUMNS],
}

/// Writes `items` once their claims have the ids `claim_ids` (in batch order).
pub fn write(pg: &PgConn, items: &mut Vec<HeldItem>, claim_ids: &[i64]) -> Res<()> {
    if items.is_empty() {
        return Ok(());
    }
    let n = items.len() as i64;
    let ids: Vec<i64> = Conn::Postgres(pg).query_map(
        "SELECT nextval(pg_get_serial_sequence('work_item', 'id')) FROM generate_series(1, ?1)",
        &[&n],
        |r| r.get(0),
    )?;
    let mut rows = String::new();
    for (item, id) in items.iter_mut().zip(&ids) {
        let claim = claim_ids.get(item.claim).ok_or_else(|| StoreError::new("a held work item lost its claim"))?;
        item.row[CLAIM_COLUMN] = Value::Int(*claim);
        line(&mut rows, std::iter::once(Value::Int(*id)).chain(item.row.drain(..)));
    }
    copy_in(pg, &format!("COPY work_item (id, {}) FROM STDIN", *COLUMNS), &rows)?;
    let events: Vec<(i64, [Value; EVENT_COLUMNS])> =
        items.drain(..).zip(ids).map(|(item, id)| (id, item.event)).collect();
    for chunk in events.chunks(EVENTS_PER_INSERT) {
        insert_events(pg, chunk)?;
    }
    Ok(())
}

fn insert_events(pg: &PgConn, events: &[(i64, [Value; EVENT_COLUMNS])]) -> Res<()> {
    let per = EVENT_COLUMNS + 1;
    let rows: Vec<String> = (0..events.len())
        .map(|r| {
            let marks: Vec<String> = (1..=per).map(|c| format!("?{}", r * per + c)).collect();
            format!("({})", marks.join(", "))
        })
        .collect();
    let values: Vec<Value> =
        events.iter().flat_map(|(id, e)| std::iter::once(Value::Int(*id)).chain(e.iter().cloned())).collect();
    let sql = format!(
        "INSERT INTO event (work_item_id, batch_id, at, actor, action, before_state, after_state, detail) VALUES {}",
        rows.join(", ")
    );
    Conn::Postgres(pg).execute(&sql, &refs(&values))?;
    Ok(())
}
