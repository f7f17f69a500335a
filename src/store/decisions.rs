//! Applying the biller's decisions to work items, and undoing them. The caller runs each call
//! in one transaction; every item gets an event with its state before and after. A batch is
//! applied whole or not at all: one refused item refuses the batch, saying which and why.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::StoreError;
use super::work_items::{NewEvent, append_event};
use crate::domain::decision::{Decision, ItemStatus, can_appeal, can_close, can_fix, resubmission_note};
use crate::domain::money::Cents;
use crate::domain::priority::{PriorityFactors, urgency};
use crate::domain::tables::Tables;
use crate::domain::triage::working_deadline;
use crate::domain::vocab::Path;
use crate::domain::workflow::{WorkKind, WorkState, queue_of};

type Res<T> = Result<T, StoreError>;

/// The fields of a work item that decisions change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub state: String,
    pub owner: Option<String>,
    pub decided_path: Option<String>,
    pub decided_on: Option<String>,
    pub close_reason: Option<String>,
    pub closed_on: Option<String>,
    /// The deadline the item is worked against (moves when the path is decided).
    pub due_date: Option<String>,
}

/// One item a decision changed: enough to undo it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub id: i64,
    pub kind: WorkKind,
    pub action: String,
    pub before: Snapshot,
    pub after: Snapshot,
    pub appeal_id: Option<i64>,
}

pub struct DecisionContext<'a> {
    pub actor: &'a str,
    pub now: &'a str,
    pub today: NaiveDate,
    pub tables: &'a Tables,
}

struct Current {
    kind: WorkKind,
    snapshot: Snapshot,
    appealable: bool,
    appeal_deadline: Option<NaiveDate>,
    reason_code: String,
    carc: Option<String>,
    plan: String,
    payer_claim_no: Option<String>,
    amount: Cents,
    filing_deadline: Option<NaiveDate>,
}

fn current(conn: &Connection, id: i64) -> Res<Current> {
    let sql =
        "SELECT w.kind, w.state, w.owner, w.decided_path, w.decided_on, w.close_reason, w.closed_on, w.appealable,
               w.appeal_deadline, w.reason_code, w.carc, w.plan_type, c.payer_claim_no, w.amount_cents, w.due_date,
               w.filing_deadline
               FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE w.id = ?1";
    let found = conn
        .prepare_cached(sql)?
        .query_row([id], |r| {
            Ok(Current {
                kind: WorkKind::parse(&r.get::<_, String>(0)?).unwrap_or(WorkKind::Denial),
                snapshot: Snapshot {
                    state: r.get(1)?,
                    owner: r.get(2)?,
                    decided_path: r.get(3)?,
                    decided_on: r.get(4)?,
                    close_reason: r.get(5)?,
                    closed_on: r.get(6)?,
                    due_date: r.get(14)?,
                },
                appealable: r.get(7)?,
                appeal_deadline: r.get::<_, Option<String>>(8)?.and_then(|s| s.parse().ok()),
                reason_code: r.get(9)?,
                carc: r.get(10)?,
                plan: r.get(11)?,
                payer_claim_no: r.get(12)?,
                amount: Cents(r.get(13)?),
                filing_deadline: r.get::<_, Option<String>>(15)?.and_then(|s| s.parse().ok()),
            })
        })
        .optional()?;
    found.ok_or_else(|| StoreError::new(format!("work item {id} does not exist")))
}

fn check(c: &Current, d: &Decision, ctx: &DecisionContext<'_>) -> Result<(), String> {
    let label = c.carc.as_deref().and_then(crate::domain::code::Carc::new).map_or("", |x| ctx.tables.carc_label(x));
    let status = ItemStatus {
        kind: c.kind,
        state: WorkState::parse(&c.snapshot.state).unwrap_or(WorkState::Open),
        appealable: c.appealable,
        appeal_deadline: c.appeal_deadline,
        reason_code: &c.reason_code,
        reason_label: label,
        plan: &c.plan,
    };
    match d {
        Decision::Fix { fields, .. } if fields.is_empty() => Err("fix: tick at least one corrected field".into()),
        Decision::Fix { .. } => can_fix(&status),
        Decision::Appeal { .. } => can_appeal(&status, ctx.today),
        Decision::Close { reason, note } => {
            let choice = ctx.tables.writeoff_reasons.iter().find(|r| &r.code == reason);
            match choice {
                None => Err(format!("close: '{reason}' is not a write-off reason")),
                Some(r) if r.needs_note && note.trim().is_empty() => Err(format!("close: '{}' needs a note", r.label)),
                Some(_) => can_close(&status),
            }
        }
        Decision::Assign { .. } | Decision::Note { .. } => Ok(()),
    }
}

fn label_of<'t>(list: &'t [crate::domain::tables::Choice], code: &str) -> &'t str {
    list.iter().find(|c| c.code == code).map_or("", |c| c.label.as_str())
}

fn with_note(mut s: String, note: &str) -> String {
    if !note.trim().is_empty() {
        s.push_str(&format!("; note: {}", note.trim()));
    }
    s
}

/// Applies `d` to every item in `ids`, or to none of them.
pub fn decide(conn: &Connection, ids: &[i64], d: &Decision, ctx: &DecisionContext<'_>) -> Res<Vec<Applied>> {
    let items: Vec<(i64, Current)> = ids.iter().map(|id| current(conn, *id).map(|c| (*id, c))).collect::<Res<_>>()?;
    let refused: Vec<String> = items.iter().filter_map(|(_, c)| check(c, d, ctx).err()).collect();
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
        let today = ctx.today.to_string();
        if let Some(state) = d.next_state() {
            after.state = state.as_str().into();
            after.decided_path = Some(d.action().into());
            after.decided_on = Some(today.clone());
        }
        // A fix works against the filing deadline, an appeal against the appeal deadline.
        let path = match d {
            Decision::Fix { .. } => Some(Path::Fix),
            Decision::Appeal { .. } => Some(Path::Appeal),
            _ => None,
        };
        if let Some(p) = path {
            after.due_date = working_deadline(p, c.filing_deadline, c.appeal_deadline).map(|x| x.to_string());
        }
        let mut appeal_id = None;
        let detail = match d {
            Decision::Fix { fields, note } => {
                let names: Vec<&str> = fields.iter().map(|f| label_of(&ctx.tables.fix_fields, f)).collect();
                let how = resubmission_note(c.kind, c.payer_claim_no.as_deref());
                with_note(format!("corrected: {}; {how}", names.join(", ")), note)
            }
            Decision::Appeal { note } => {
                let deadline = c.appeal_deadline.map(|x| x.to_string());
                conn.prepare_cached(
                    "INSERT INTO appeal (work_item_id, level, opened_on, deadline, state) VALUES (?1, 1, ?2, ?3, 'open')",
                )?
                .execute(params![id, today, deadline])?;
                appeal_id = Some(conn.last_insert_rowid());
                with_note(format!("level 1 appeal opened; deadline {}", deadline.as_deref().unwrap_or("unknown")), note)
            }
            Decision::Close { reason, note } => {
                after.close_reason = Some(reason.clone());
                after.closed_on = Some(today.clone());
                let label = label_of(&ctx.tables.writeoff_reasons, reason);
                with_note(format!("written off {}: {label}", c.amount), note)
            }
            Decision::Assign { owner } => {
                after.owner = owner.clone();
                format!(
                    "owner: {} -> {}",
                    c.snapshot.owner.as_deref().unwrap_or("none"),
                    owner.as_deref().unwrap_or("none")
                )
            }
            Decision::Note { text } => text.trim().to_string(),
        };
        write(conn, id, c.kind, &after, ctx.today)?;
        event(conn, ctx, id, d.action(), &c.snapshot, &after, &detail)?;
        applied.push(Applied { id, kind: c.kind, action: d.action().into(), before: c.snapshot, after, appeal_id });
    }
    Ok(applied)
}

/// Writes a snapshot; urgency and priority follow its working deadline.
fn write(conn: &Connection, id: i64, kind: WorkKind, s: &Snapshot, today: NaiveDate) -> Res<()> {
    let state = WorkState::parse(&s.state).unwrap_or(WorkState::Open);
    let (amount, recover): (i64, u32) = conn
        .prepare_cached("SELECT amount_cents, recover_permille FROM work_item WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let due: Option<NaiveDate> = s.due_date.as_deref().and_then(|d| d.parse().ok());
    let factors = PriorityFactors { at_risk: Cents(amount), urgency: urgency(due, today), recoverability: recover };
    conn.prepare_cached(
        "UPDATE work_item SET state = ?2, queue = ?3, owner = ?4, decided_path = ?5, decided_on = ?6, close_reason = ?7,
         closed_on = ?8, due_date = ?9, urgency_permille = ?10, priority = ?11 WHERE id = ?1",
    )?
    .execute(params![
        id,
        s.state,
        queue_of(kind, state).as_str(),
        s.owner,
        s.decided_path,
        s.decided_on,
        s.close_reason,
        s.closed_on,
        s.due_date,
        factors.urgency,
        factors.score()
    ])?;
    Ok(())
}

fn event(
    conn: &Connection,
    ctx: &DecisionContext<'_>,
    id: i64,
    action: &str,
    before: &Snapshot,
    after: &Snapshot,
    detail: &str,
) -> Res<i64> {
    let json = |s: &Snapshot| serde_json::to_string(s).unwrap_or_default();
    append_event(
        conn,
        &NewEvent {
            work_item_id: Some(id),
            batch_id: None,
            at: ctx.now,
            actor: ctx.actor,
            action,
            before: Some(&json(before)),
            after: Some(&json(after)),
            detail: Some(detail),
        },
    )
}

/// Puts every item back as it was before `applied`, if nothing changed it since.
pub fn undo(conn: &Connection, applied: &[Applied], ctx: &DecisionContext<'_>) -> Res<()> {
    for a in applied {
        let now = current(conn, a.id)?;
        if now.snapshot != a.after {
            return Err(StoreError::new(format!(
                "cannot undo: item {} changed since ({} now)",
                a.id, now.snapshot.state
            )));
        }
    }
    for a in applied {
        write(conn, a.id, a.kind, &a.before, ctx.today)?;
        if let Some(appeal) = a.appeal_id {
            conn.prepare_cached("UPDATE appeal SET state = 'withdrawn', withdrawn_on = ?2 WHERE id = ?1")?
                .execute(params![appeal, ctx.today.to_string()])?;
        }
        event(conn, ctx, a.id, "undo", &a.after, &a.before, &format!("undid {}", a.action))?;
    }
    Ok(())
}
