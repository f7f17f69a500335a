//! Decisions on an open appeal, as pure rules: the packet, the letter, submission, follow-ups
//! and the payer's decision. Each returns the appeal as it becomes, the item's changed fields
//! (its working date moves to the appeal's next action) and the audit trail's sentence. The
//! store only reads the row before and writes the result.

use chrono::{Duration, NaiveDate};

use super::{
    AppealLevel, AppealOutcome, AppealRecord, AppealStage, COVER_LETTER, FollowUpDays, SubmitMethod, escalation,
    followup_due, missing_required,
};
use crate::domain::decision::Decision;
use crate::domain::money::Cents;
use crate::domain::workflow::Snapshot;

/// What an appeal decision needs besides the appeal: the day, the ladder, the payer's
/// follow-up days.
pub struct AppealContext<'a> {
    pub today: NaiveDate,
    pub levels: &'a [AppealLevel],
    pub followup: FollowUpDays,
}

/// The outcome of an appeal decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Decided {
    pub after: Snapshot,
    pub appeal: AppealRecord,
    pub detail: String,
}

fn with_note(mut s: String, note: &str) -> String {
    if !note.trim().is_empty() {
        s.push_str(&format!("; note: {}", note.trim()));
    }
    s
}

/// Applies `d` to the open appeal `prev` of an item whose fields are `after` (before the change).
pub fn decide(
    prev: &AppealRecord,
    d: &Decision,
    cx: &AppealContext<'_>,
    mut after: Snapshot,
) -> Result<Decided, String> {
    let mut a = prev.clone();
    let (today, levels) = (cx.today, cx.levels);
    let detail = match d {
        Decision::Packet { done } => {
            let mut changed = Vec::new();
            for e in &mut a.packet {
                let now = done.contains(&e.item);
                if now != e.done {
                    changed.push(format!("{} {}", if now { "ticked" } else { "unticked" }, e.label));
                    e.done = now;
                }
            }
            let missing = missing_required(&a.packet).len();
            let changed = if changed.is_empty() { "no change".to_string() } else { changed.join(", ") };
            format!("packet: {changed}; {missing} required item{} missing", if missing == 1 { "" } else { "s" })
        }
        Decision::Letter { text } => {
            a.letter = Some(text.clone());
            a.letter_saved_on = Some(today);
            let words = text.split_whitespace().count();
            let mut detail =
                format!("letter saved for level {} ({} lines, {words} words)", a.level, text.lines().count());
            // The saved letter is the packet's cover letter.
            if let Some(e) = a.packet.iter_mut().find(|e| e.item == COVER_LETTER && !e.done) {
                e.done = true;
                detail.push_str(&format!("; ticked {}", e.label));
            }
            detail
        }
        Decision::Submit { method, on, confirmation, override_reason } => {
            let missing: Vec<String> = missing_required(&a.packet).iter().map(|e| e.label.clone()).collect();
            a.stage = AppealStage::Submitted;
            a.submitted_on = Some(*on);
            a.method = Some(*method);
            a.confirmation = Some(confirmation.trim().to_string()).filter(|t| !t.is_empty());
            a.info_due = None;
            a.followup_due = Some(followup_due(*on, *method, cx.followup));
            let mut text = format!(
                "level {} submitted by {method} on {on}, confirmation {}; follow up by {}",
                a.level,
                a.confirmation.as_deref().unwrap_or("none"),
                a.followup_due.map(|d| d.to_string()).unwrap_or_default()
            );
            if !missing.is_empty() {
                a.packet_override = Some(override_reason.trim().to_string());
                text.push_str(&format!(
                    "; packet override ({}): missing {}",
                    override_reason.trim(),
                    missing.join(", ")
                ));
            }
            text
        }
        Decision::FollowUp { note } => {
            let days = cx.followup.after(a.method.unwrap_or(SubmitMethod::Portal));
            a.followup_due = Some(today + Duration::days(i64::from(days)));
            let next = a.followup_due.map(|d| d.to_string()).unwrap_or_default();
            with_note(format!("followed up on level {}; next follow-up {next}", a.level), note)
        }
        Decision::Outcome { outcome, on, paid, info_due, note } => {
            a.stage = outcome.stage();
            let text = match outcome {
                AppealOutcome::InfoRequested => {
                    a.info_due = *info_due;
                    let by = info_due.map(|d| d.to_string()).unwrap_or_default();
                    format!("level {}: the payer asked for more information by {by}", a.level)
                }
                _ => {
                    a.outcome_on = Some(*on);
                    a.paid = *paid;
                    after.recovered_cents += paid.cents();
                    after.amount_cents = (after.amount_cents - paid.cents()).max(0);
                    decided_text(&a.level, *outcome, *on, *paid, after.amount_cents)
                }
            };
            let next = match outcome {
                AppealOutcome::Upheld | AppealOutcome::Partial => {
                    match escalation(levels, a.track, a.level, Cents(after.amount_cents), a.outcome_on) {
                        Ok((level, due)) => format!(
                            "; next: level {level} by {} or write off",
                            due.map_or("its deadline".to_string(), |d| d.to_string())
                        ),
                        Err(why) => format!("; {why}"),
                    }
                }
                AppealOutcome::Overturned => {
                    after.closed_on = Some(today.to_string());
                    String::new()
                }
                AppealOutcome::InfoRequested => String::new(),
            };
            with_note(format!("{text}{next}"), note)
        }
        _ => return Err(format!("{} is not an appeal decision", d.action())),
    };
    if after.work_state().is_active() {
        after.due_date = a.next_action_date(levels, Cents(after.amount_cents)).map(|d| d.to_string());
    }
    Ok(Decided { after, appeal: a, detail })
}

fn decided_text(level: &u8, outcome: AppealOutcome, on: chrono::NaiveDate, paid: Cents, left: i64) -> String {
    match outcome {
        AppealOutcome::Overturned => format!("level {level} overturned on {on}: paid {paid}"),
        AppealOutcome::Partial => {
            format!("level {level} partly overturned on {on}: paid {paid}, {} still denied", Cents(left))
        }
        _ => format!("level {level} upheld on {on}"),
    }
}
