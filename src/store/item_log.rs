//! Work items once opened: the active ones by claim or account number, moving one to a new
//! state, and the append-only event log that records every step.

use chrono::NaiveDate;

use super::StoreError;
use super::db::{Conn, ToValue};
use crate::domain::workflow::{WorkKind, WorkState, queue_of};

type Res<T> = Result<T, StoreError>;

/// Active (not closed) work items on a claim: `(id, kind, state)`.
pub fn active_items_of_claim<'a>(db: impl Into<Conn<'a>>, claim_id: i64) -> Res<Vec<(i64, WorkKind, WorkState)>> {
    let rows = db.into().query_map(
        "SELECT id, kind, state FROM work_item WHERE claim_id = ?1 AND state IN ('open', 'resubmitted', 'appealed')",
        &[&claim_id],
        |r| Ok((r.get::<i64, _>(0)?, r.get::<String, _>(1)?, r.get::<String, _>(2)?)),
    )?;
    let mut out = Vec::new();
    for (id, kind, state) in rows {
        if let (Some(k), Some(s)) = (WorkKind::parse(&kind), WorkState::parse(&state)) {
            out.push((id, k, s));
        }
    }
    Ok(out)
}

/// Active rejection work items for claims with this PCN (newest first).
pub fn active_rejections_for_pcn(conn: Conn<'_>, pcn: &str) -> Res<Vec<(i64, WorkState)>> {
    items_for_pcn(conn, pcn, "rejection", "('open', 'resubmitted')")
}

/// Denials corrected and resubmitted for claims with this PCN (newest first).
pub fn resubmitted_denials_for_pcn(conn: Conn<'_>, pcn: &str) -> Res<Vec<(i64, WorkState)>> {
    items_for_pcn(conn, pcn, "denial", "('resubmitted')")
}

fn items_for_pcn(conn: Conn<'_>, pcn: &str, kind: &str, states: &str) -> Res<Vec<(i64, WorkState)>> {
    let sql = format!(
        "SELECT w.id, w.state FROM work_item w JOIN claim c ON c.id = w.claim_id
         WHERE c.pcn = ?1 AND w.kind = ?2 AND w.state IN {states} ORDER BY w.id DESC"
    );
    conn.query_map(&sql, &[&pcn, &kind], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// Moves an item to a new state (keeping its queue in step) and records when it closed.
pub fn set_state<'a>(db: impl Into<Conn<'a>>, id: i64, kind: WorkKind, state: WorkState, on: NaiveDate) -> Res<()> {
    let closed = (!state.is_active()).then_some(on);
    db.into().execute(
        "UPDATE work_item SET state = ?2, queue = ?3, closed_on = ?4 WHERE id = ?1",
        &[&id, &state, &queue_of(kind, state), &closed],
    )?;
    Ok(())
}

/// One audit event.
pub struct NewEvent<'a> {
    pub work_item_id: Option<i64>,
    pub batch_id: Option<i64>,
    pub at: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
    pub detail: Option<&'a str>,
}

pub(super) const INSERT_EVENT: &str = "INSERT INTO event (work_item_id, batch_id, at, actor, action, before_state, \
     after_state, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

/// An event's values in [`INSERT_EVENT`] order.
pub(super) fn event_values<'e>(e: &'e NewEvent<'_>) -> [&'e dyn ToValue; 8] {
    [&e.work_item_id, &e.batch_id, &e.at, &e.actor, &e.action, &e.before, &e.after, &e.detail]
}

pub fn append_event<'a>(db: impl Into<Conn<'a>>, e: &NewEvent<'_>) -> Res<i64> {
    db.into().insert(INSERT_EVENT, &event_values(e))
}
