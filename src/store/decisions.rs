//! Applying the biller's decisions to work items, and undoing them. The caller runs each call
//! in one transaction; every item gets an event with its state before and after. A batch is
//! applied whole or not at all: one refused item refuses the batch, saying which and why.

use chrono::NaiveDate;
use rusqlite::Transaction;

use super::StoreError;
use super::appeals::{self, AppealRecord};
use super::db::Conn;
use super::decision_current::{Current, current};
use super::work_items::{NewEvent, append_event};
use super::{decision_appeal, decision_apply, decision_check, outcome_stats};
use crate::domain::appeal::AppealStage;
use crate::domain::decision::Decision;
use crate::domain::money::Cents;
use crate::domain::priority::{PriorityFactors, action_urgency, urgency};
use crate::domain::tables::Tables;
use crate::domain::workflow::{Queue, WorkKind, queue_of};

pub use super::decision_current::Snapshot;

type Res<T> = Result<T, StoreError>;

/// An appeal row a decision changed (`before` is `None` when the decision opened it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealChange {
    pub before: Option<AppealRecord>,
    pub after: AppealRecord,
}

/// One item a decision changed: enough to undo it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub id: i64,
    pub kind: WorkKind,
    pub action: String,
    pub before: Snapshot,
    pub after: Snapshot,
    pub appeals: Vec<AppealChange>,
}

pub struct DecisionContext<'a> {
    pub actor: &'a str,
    pub now: &'a str,
    pub today: NaiveDate,
    pub tables: &'a Tables,
    /// Write-off policy: "below threshold" applies only under it.
    pub write_off_threshold: Cents,
}

/// What a decision did to one item.
pub(super) struct Change {
    pub after: Snapshot,
    pub appeals: Vec<AppealChange>,
    pub detail: String,
}

/// Applies `d` to every item inside the caller's transaction (the type says so): all or none.
pub fn decide(tx: &Transaction<'_>, ids: &[i64], d: &Decision, ctx: &DecisionContext<'_>) -> Res<Vec<Applied>> {
    decide_in(Conn::Sqlite(tx), ids, d, ctx)
}

/// An item as the biller saw it when deciding: its id and its version then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub id: i64,
    pub version: i64,
}

/// The versions of these items now (to decide on what is shown).
pub fn versions<'a>(db: impl Into<Conn<'a>>, ids: &[i64]) -> Res<Vec<Seen>> {
    let db = db.into();
    ids.iter()
        .map(|&id| {
            let version = db.query_row("SELECT version FROM work_item WHERE id = ?1", &[&id], |r| r.get(0))?;
            Ok(Seen { id, version })
        })
        .collect()
}

/// [`decide_in`] for items as the biller saw them: refused, with nothing written, when anyone
/// changed one since (its version moved), naming who and when from the event log. Each item is
/// locked first, in id order (PostgreSQL: FOR UPDATE, so two billers' decisions on one item run
/// one after the other and the second sees the first's version; SQLite's write transaction
/// holds the whole ledger).
pub fn decide_seen(db: Conn<'_>, seen: &[Seen], d: &Decision, ctx: &DecisionContext<'_>) -> Res<Vec<Applied>> {
    let mut sorted = seen.to_vec();
    sorted.sort_by_key(|s| s.id);
    let lock = db
        .pick("SELECT version FROM work_item WHERE id = ?1", "SELECT version FROM work_item WHERE id = ?1 FOR UPDATE");
    for s in &sorted {
        let now: Option<i64> = db.query_opt(lock, &[&s.id], |r| r.get(0))?;
        match now {
            None => return Err(StoreError::new(format!("work item {} does not exist", s.id))),
            Some(v) if v != s.version => {
                let last = db.query_opt(
                    "SELECT actor, at FROM event WHERE work_item_id = ?1 ORDER BY id DESC LIMIT 1",
                    &[&s.id],
                    |r| Ok((r.get::<String, _>(0)?, r.get::<String, _>(1)?)),
                )?;
                let by = last.map_or_else(|| "another session".to_string(), |(who, at)| format!("{who} at {at}"));
                // "not saved" first: a narrow status line still says it.
                return Err(StoreError::conflict(format!(
                    "not saved: item {} was changed by {by} since you opened it; decide again on it as it is now",
                    s.id
                )));
            }
            Some(_) => {}
        }
    }
    let ids: Vec<i64> = seen.iter().map(|s| s.id).collect();
    decide_in(db, &ids, d, ctx)
}

/// [`decide`] on either back end, inside a transaction the caller opened (and commits).
pub fn decide_in(db: Conn<'_>, ids: &[i64], d: &Decision, ctx: &DecisionContext<'_>) -> Res<Vec<Applied>> {
    let items: Vec<(i64, Current)> = ids.iter().map(|id| current(db, *id).map(|c| (*id, c))).collect::<Res<_>>()?;
    let refused: Vec<String> = items.iter().filter_map(|(_, c)| decision_check::check(c, d, ctx).err()).collect();
    if let Some(first) = refused.first() {
        return Err(StoreError::new(if items.len() == 1 {
            first.clone()
        } else {
            format!("nothing applied: {} of {} items refused ({first})", refused.len(), items.len())
        }));
    }
    let mut applied = Vec::with_capacity(items.len());
    for (id, c) in items {
        let mut after = c.snapshot.clone();
        if let Some(state) = d.next_state() {
            after.state = state;
        }
        if d.is_path() {
            after.decided_path = Some(d.action().into());
            after.decided_on = Some(ctx.today.to_string());
        }
        let change = match d {
            Decision::FollowUp { .. } if c.kind == WorkKind::NoResponse => {
                decision_apply::apply(db, id, &c, d, ctx, after)?
            }
            Decision::Packet { .. }
            | Decision::Letter { .. }
            | Decision::Submit { .. }
            | Decision::FollowUp { .. }
            | Decision::Outcome { .. } => decision_appeal::apply(&c, d, ctx, after)?,
            _ => decision_apply::apply(db, id, &c, d, ctx, after)?,
        };
        for a in &change.appeals {
            appeals::save(db, &a.after)?;
        }
        write(db, id, c.kind, &c.snapshot, &change.after, ctx.today, ctx.write_off_threshold)?;
        event(db, ctx, id, d.action(), &c.snapshot, &change.after, &change.detail)?;
        applied.push(Applied {
            id,
            kind: c.kind,
            action: d.action().into(),
            before: c.snapshot,
            after: change.after,
            appeals: change.appeals,
        });
    }
    Ok(applied)
}

/// Writes a snapshot; urgency and priority follow its working date, the outcome statistics
/// follow its final state.
pub(crate) fn write(
    db: Conn<'_>,
    id: i64,
    kind: WorkKind,
    before: &Snapshot,
    s: &Snapshot,
    today: NaiveDate,
    threshold: Cents,
) -> Res<()> {
    let (recover, last): (u32, Option<String>) =
        db.query_row("SELECT recover_permille, last_date FROM work_item WHERE id = ?1", &[&id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let due: Option<NaiveDate> = s.due_date.as_deref().and_then(|d| d.parse().ok());
    let last: Option<NaiveDate> = last.as_deref().and_then(|d| d.parse().ok());
    let queue = queue_of(kind, s.work_state());
    let u = if queue == Queue::Appeals { action_urgency(due, today) } else { urgency(due, last, today) };
    let factors = PriorityFactors::new(Cents(s.amount_cents), u, recover, threshold);
    db.execute(
        "UPDATE work_item SET state = ?2, queue = ?3, owner = ?4, decided_path = ?5, decided_on = ?6, close_reason = ?7,
         close_note = ?8, closed_on = ?9, due_date = ?10, amount_cents = ?11, recovered_cents = ?12, appeal_id = ?13,
         worked = ?14, urgency_permille = ?15, priority = ?16 WHERE id = ?1",
        &[
            &id,
            &s.state,
            &queue.as_str(),
            &s.owner,
            &s.decided_path,
            &s.decided_on,
            &s.close_reason,
            &s.close_note,
            &s.closed_on,
            &s.due_date,
            &s.amount_cents,
            &s.recovered_cents,
            &s.appeal_id,
            &s.worked,
            &factors.urgency,
            &factors.score(),
        ],
    )?;
    outcome_stats::transition(db, id, kind, before, s)
}

fn event(
    db: Conn<'_>,
    ctx: &DecisionContext<'_>,
    id: i64,
    action: &str,
    before: &Snapshot,
    after: &Snapshot,
    detail: &str,
) -> Res<i64> {
    let (before, after) = (snapshot_json(before)?, snapshot_json(after)?);
    append_event(
        db,
        &NewEvent {
            work_item_id: Some(id),
            batch_id: None,
            at: ctx.now,
            actor: ctx.actor,
            action,
            before: Some(&before),
            after: Some(&after),
            detail: Some(detail),
        },
    )
}

/// The audit trail's copy of a snapshot (an error if it cannot be written, never an empty one).
pub(super) fn snapshot_json(s: &Snapshot) -> Res<String> {
    serde_json::to_string(s).map_err(|e| StoreError::new(format!("cannot record the item's state: {e}")))
}

/// Puts every item (and appeal) back as it was before `applied`, if nothing changed it since.
pub fn undo(tx: &Transaction<'_>, applied: &[Applied], ctx: &DecisionContext<'_>) -> Res<()> {
    undo_in(Conn::Sqlite(tx), applied, ctx)
}

/// [`undo`] on either back end, inside the caller's transaction.
pub fn undo_in(db: Conn<'_>, applied: &[Applied], ctx: &DecisionContext<'_>) -> Res<()> {
    for a in applied {
        let now = current(db, a.id)?;
        // A database error is reported as itself, never read as "the item changed".
        let mut appeals_same = true;
        for c in &a.appeals {
            appeals_same &= appeals::load(db, c.after.id)? == Some(c.after.clone());
        }
        if now.snapshot != a.after || !appeals_same {
            return Err(StoreError::new(format!(
                "cannot undo: item {} changed since ({} now)",
                a.id, now.snapshot.state
            )));
        }
    }
    for a in applied {
        for c in a.appeals.iter().rev() {
            let restored = match &c.before {
                Some(b) => b.clone(),
                None => {
                    AppealRecord { stage: AppealStage::Withdrawn, withdrawn_on: Some(ctx.today), ..c.after.clone() }
                }
            };
            appeals::save(db, &restored)?;
        }
        write(db, a.id, a.kind, &a.after, &a.before, ctx.today, ctx.write_off_threshold)?;
        event(db, ctx, a.id, "undo", &a.after, &a.before, &format!("undid {}", a.action))?;
    }
    Ok(())
}
