//! The path decisions (fix, appeal, close), owner and notes, and reopening a write-off.

use super::StoreError;
use super::appeals::{self, AppealRecord};
use super::db::Conn;
use super::decision_current::{Current, Snapshot};
use super::decisions::{AppealChange, Change, DecisionContext};
use crate::domain::appeal::{AppealStage, PacketEntry, packet_for, track_for};
use crate::domain::decision::{Decision, ItemStatus, can_appeal, work_window};
use crate::domain::money::Cents;
use crate::domain::resubmission::expect_answer_by;
use crate::domain::tables::Choice;
use crate::domain::workflow::WorkState;
use chrono::NaiveDate;

type Res<T> = Result<T, StoreError>;

fn label_of<'t>(list: &'t [Choice], code: &str) -> &'t str {
    list.iter().find(|c| c.code == code).map_or("", |c| c.label.as_str())
}

fn with_note(mut s: String, note: &str) -> String {
    if !note.trim().is_empty() {
        s.push_str(&format!("; note: {}", note.trim()));
    }
    s
}

use super::sql_types::iso_opt as day;

pub(super) fn apply(
    db: Conn<'_>,
    id: i64,
    c: &Current,
    d: &Decision,
    ctx: &DecisionContext<'_>,
    mut after: Snapshot,
) -> Res<Change> {
    let mut appeals = Vec::new();
    let detail = match d {
        Decision::Fix { fields, note, .. } => {
            after.worked = true;
            // Waiting for the payer's answer: due when it should have come (or the filing aim).
            after.due_date = Some(expect_answer_by(c.kind, ctx.today, c.filing_deadline).to_string());
            let names: Vec<&str> = fields.iter().map(|f| label_of(&ctx.tables.fix_fields, f)).collect();
            let how = c.resubmission(ctx.tables);
            let mut text = match names.is_empty() {
                true => format!("resubmitted as sent (the payer had no record of it); {how}"),
                false => format!("corrected: {}; {how}", names.join(", ")),
            };
            if let Some(why) = d.force_reason() {
                text.push_str(&format!("; forced: {why}"));
            }
            with_note(text, note)
        }
        Decision::Appeal { note, force } => {
            let forced = d.force_reason().is_some();
            let (mut text, changes) = open_appeal(db, id, c, ctx, &mut after, forced)?;
            appeals = changes;
            if forced {
                text.push_str(&format!("; forced: {}", force.trim()));
            }
            with_note(text, note)
        }
        Decision::Close { reason, note } => {
            after.close_reason = Some(reason.clone());
            after.close_note = Some(note.trim().to_string()).filter(|n| !n.is_empty());
            after.closed_on = Some(ctx.today.to_string());
            let mut text = format!("written off {}: {}", c.amount(), label_of(&ctx.tables.writeoff_reasons, reason));
            if let Some(a) = c.appeal.as_ref().filter(|a| a.stage.is_pending()) {
                let withdrawn =
                    AppealRecord { stage: AppealStage::Withdrawn, withdrawn_on: Some(ctx.today), ..a.clone() };
                appeals.push(AppealChange { before: Some(a.clone()), after: withdrawn });
                text.push_str(&format!("; level {} appeal withdrawn", a.level));
                // The level below stands again: a reopened item continues from its decision.
                if let Some(prev) = escalated_from(db, id, a.level)? {
                    let stage = if prev.paid > Cents::ZERO { AppealStage::Partial } else { AppealStage::Upheld };
                    after.appeal_id = Some(prev.id);
                    appeals.push(AppealChange { before: Some(prev.clone()), after: AppealRecord { stage, ..prev } });
                }
            }
            with_note(text, note)
        }
        Decision::Assign { owner } => {
            after.owner = owner.as_deref().map(|o| super::owners::canonical(db, o)).transpose()?;
            format!(
                "owner: {} -> {}",
                c.snapshot.owner.as_deref().unwrap_or("none"),
                after.owner.as_deref().unwrap_or("none")
            )
        }
        Decision::Note { text } => text.trim().to_string(),
        Decision::FollowUp { note } => {
            // A claim the payer never answered: due again after the payer's follow-up days, or
            // on its filing aim date when that comes first (resubmit before it if still lost).
            after.worked = true;
            let next = ctx.today + chrono::Duration::days(i64::from(c.rule(ctx.tables).followup.portal));
            let next = c.filing_deadline.filter(|aim| *aim > ctx.today && *aim < next).unwrap_or(next);
            after.due_date = Some(next.to_string());
            with_note(format!("followed up with the payer; next follow-up {next}"), note)
        }
        Decision::Reopen { note, force } => {
            let reason = c.snapshot.close_reason.as_deref().unwrap_or("");
            after.decided_path = None;
            after.decided_on = None;
            after.close_reason = None;
            after.close_note = None;
            after.closed_on = None;
            after.due_date = day(reopened_due(c, ctx));
            let label = label_of(&ctx.tables.writeoff_reasons, reason);
            let mut text = format!("reopened from write-off ({label}); back in the queue");
            if let Some(why) = d.force_reason() {
                text.push_str(&format!("; forced: {why}"));
            }
            let _ = force;
            with_note(text, note)
        }
        _ => return Err(StoreError::new(format!("{} is not a path decision", d.action()))),
    };
    Ok(Change { after, appeals, detail })
}

/// The appeal a level was escalated from.
fn escalated_from(db: Conn<'_>, id: i64, level: u8) -> Res<Option<AppealRecord>> {
    let history = appeals::history(db, id)?;
    Ok(history.into_iter().rev().find(|a| a.stage == AppealStage::Escalated && a.level + 1 == level))
}

/// A reopened item works against its appeal window (the next level's after an unfavourable
/// decision, else the first) while that is open, else the window that keeps it workable longest.
fn reopened_due(c: &Current, ctx: &DecisionContext<'_>) -> Option<NaiveDate> {
    let s = c.status(ctx.tables, true);
    match can_appeal(&ItemStatus { forced: false, state: WorkState::Open, ..s }, &ctx.tables.appeal_levels, ctx.today) {
        Ok(next) if next.deadline.is_some() => next.deadline,
        _ => work_window(&s, &ctx.tables.appeal_levels, ctx.today).map(|(w, _)| w.aim),
    }
}

/// Opens level 1, or the level after an unfavourable decision (which becomes "escalated").
fn open_appeal(
    db: Conn<'_>,
    id: i64,
    c: &Current,
    ctx: &DecisionContext<'_>,
    after: &mut Snapshot,
    forced: bool,
) -> Res<(String, Vec<AppealChange>)> {
    let next =
        can_appeal(&c.status(ctx.tables, forced), &ctx.tables.appeal_levels, ctx.today).map_err(StoreError::new)?;
    let mut changes = Vec::new();
    if let Some(prev) = c.appeal.as_ref().filter(|a| a.stage.can_escalate()) {
        let escalated = AppealRecord { stage: AppealStage::Escalated, ..prev.clone() };
        changes.push(AppealChange { before: Some(prev.clone()), after: escalated });
    }
    let mut packet = packet_for(&ctx.tables.packet, c.category);
    if next.level > 1 {
        let label = format!("Level {} decision letter", next.level - 1);
        packet.push(PacketEntry { item: "prior_decision".into(), label, required: true, done: false });
    }
    let track = track_for(c.plan);
    let mut rec = AppealRecord::opened(id, next.level, track, ctx.today, next.deadline, packet);
    rec.id = appeals::insert(db, &rec)?;
    after.worked = true;
    after.appeal_id = Some(rec.id);
    after.due_date = day(rec.next_action_date(&ctx.tables.appeal_levels, Cents(after.amount_cents)));
    let deadline = next.deadline.map_or("unknown".to_string(), |d| d.to_string());
    let basis = next.basis.map(|b| format!(" ({b})")).unwrap_or_default();
    changes.push(AppealChange { before: None, after: rec });
    Ok((format!("level {} appeal ({}) opened; deadline {deadline}{basis}", next.level, next.name), changes))
}
