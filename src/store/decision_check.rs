//! Whether a decision applies to an item now: the domain rules, fed from the ledger, plus the
//! checks on what the dialog typed (amounts, dates, names of packet items).

use super::decision_current::Current;
use super::decisions::DecisionContext;
use crate::domain::appeal::AppealOutcome;
use crate::domain::decision::{
    Decision, can_appeal, can_close, can_fix, can_follow_up, can_prepare, can_record_outcome, can_reopen, can_submit,
    can_write_off_as,
};
use crate::domain::writeoff_rules::reason_applies;

pub(super) fn check(c: &Current, d: &Decision, ctx: &DecisionContext<'_>) -> Result<(), String> {
    let s = c.status(ctx.tables, d.force_reason().is_some());
    let levels = &ctx.tables.appeal_levels;
    let today = ctx.today;
    match d {
        // A claim the payer has no record of may go back as it was sent.
        Decision::Fix { fields, .. }
            if fields.is_empty() && c.kind != crate::domain::workflow::WorkKind::NoResponse =>
        {
            Err("fix: tick at least one corrected field".into())
        }
        Decision::Fix { .. } => can_fix(&s, today),
        Decision::Appeal { .. } => can_appeal(&s, levels, today).map(|_| ()),
        Decision::Close { reason, note } => {
            let choice = ctx.tables.writeoff_reasons.iter().find(|r| &r.code == reason);
            if choice.is_none() {
                return Err(format!("close: '{reason}' is not a write-off reason"));
            }
            can_close(&s)?;
            can_write_off_as(choice, note, c.amount(), ctx.write_off_threshold)?;
            reason_applies(reason, &s, ctx.write_off_threshold, levels, today).map_err(|why| {
                format!("close: '{}' is not true of this item: {why}", choice.map_or("", |r| r.label.as_str()))
            })
        }
        Decision::Assign { .. } | Decision::Note { .. } => Ok(()),
        Decision::Packet { done } => {
            can_prepare(&s, "packet")?;
            let packet = c.appeal.as_ref().map(|a| a.packet.as_slice()).unwrap_or_default();
            match done.iter().find(|d| !packet.iter().any(|e| &e.item == *d)) {
                Some(unknown) => Err(format!("packet: '{unknown}' is not on this appeal's checklist")),
                None => Ok(()),
            }
        }
        Decision::Letter { text } if text.trim().is_empty() => Err("letter: the letter is empty".into()),
        Decision::Letter { text } if let Some(why) = crate::letters::unsendable(text) => Err(format!("letter: {why}")),
        Decision::Letter { .. } => can_prepare(&s, "letter"),
        Decision::Submit { on, .. } if *on > today => Err(format!("submit: {on} is in the future")),
        Decision::Submit { .. } if let Some(why) = saved_letter(c).and_then(crate::letters::unsendable) => {
            Err(format!("submit: {why}"))
        }
        Decision::Submit { override_reason, .. } => can_submit(&s, !override_reason.trim().is_empty()),
        Decision::FollowUp { .. } => can_follow_up(&s),
        Decision::Outcome { outcome, on, paid, info_due, .. } => {
            can_record_outcome(&s)?;
            if *on > today {
                return Err(format!("outcome: the decision date {on} is in the future"));
            }
            match outcome {
                AppealOutcome::Overturned | AppealOutcome::Partial if paid.cents() <= 0 => {
                    Err("outcome: enter the amount the payer paid".into())
                }
                AppealOutcome::Partial if *paid >= c.amount() => {
                    Err(format!("outcome: {paid} is the whole {} at risk; record it as overturned", c.amount()))
                }
                AppealOutcome::InfoRequested if info_due.is_none_or(|d| d < today) => {
                    Err("outcome: enter the date the payer wants the information by (today or later)".into())
                }
                _ => Ok(()),
            }
        }
        Decision::Reopen { .. } => can_reopen(&s, levels, today),
    }
}

/// The letter saved with the item's current appeal.
fn saved_letter(c: &Current) -> Option<&str> {
    c.appeal.as_ref().and_then(|a| a.letter.as_deref())
}
