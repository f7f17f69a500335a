//! When each decision applies. A refusal is a sentence the desk shows as is ("appeal
//! unavailable: CO-29 ... is not appealable on medicare").

use chrono::NaiveDate;

use super::appeal::{AppealLevel, AppealStage, level_deadline, next_level, track_for};
use super::money::Cents;
use super::tables::Choice;
use super::vocab::PlanType;
use super::workflow::{WorkKind, WorkState};

/// The write-off reason that policy reserves for items under the threshold.
pub const BELOW_THRESHOLD: &str = "below_threshold";

/// The item's current appeal, as far as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppealStatus {
    pub level: u8,
    pub stage: AppealStage,
    pub missing_required: usize,
    pub decided_on: Option<NaiveDate>,
}

/// What an item is, as far as the decision rules care.
#[derive(Debug, Clone, Copy)]
pub struct ItemStatus<'a> {
    pub kind: WorkKind,
    pub state: WorkState,
    pub appealable: bool,
    pub appeal_deadline: Option<NaiveDate>,
    pub filing_deadline: Option<NaiveDate>,
    /// `CO-29`, with its short label.
    pub reason_code: &'a str,
    pub reason_label: &'a str,
    pub plan: &'a str,
    pub amount: Cents,
    pub appeal: Option<AppealStatus>,
}

/// The appeal the `appeal` decision would open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextAppeal {
    pub level: u8,
    pub name: String,
    pub deadline: Option<NaiveDate>,
    pub basis: Option<String>,
}

fn closed(s: &ItemStatus<'_>) -> Option<&'static str> {
    match s.state {
        WorkState::WrittenOff => Some("it is written off"),
        WorkState::Resolved => Some("it is resolved"),
        WorkState::Voided => Some("its claim was reversed"),
        _ => None,
    }
}

fn stage_text(a: &AppealStatus) -> String {
    format!("level {} is {}", a.level, a.stage.as_str().replace('_', " "))
}

pub fn can_fix(s: &ItemStatus<'_>) -> Result<(), String> {
    if let Some(why) = closed(s) {
        return Err(format!("fix unavailable: {why}"));
    }
    match s.state {
        WorkState::Resubmitted => Err("fix unavailable: already resubmitted; waiting for the payer's answer".into()),
        WorkState::Appealed => Err("fix unavailable: an appeal is open for it".into()),
        _ => Ok(()),
    }
}

/// The level an appeal would open now, and its deadline; or why no appeal is possible.
pub fn can_appeal(s: &ItemStatus<'_>, levels: &[AppealLevel], today: NaiveDate) -> Result<NextAppeal, String> {
    if s.kind == WorkKind::Rejection {
        return Err("appeal unavailable: a rejection never reached adjudication; fix and resubmit it".into());
    }
    if let Some(why) = closed(s) {
        return Err(format!("appeal unavailable: {why}"));
    }
    if !s.appealable {
        return Err(format!(
            "appeal unavailable: {} {} is not appealable on {}",
            s.reason_code, s.reason_label, s.plan
        ));
    }
    let track = track_for(PlanType::parse(s.plan).unwrap_or(PlanType::Commercial));
    let prior = s.appeal.filter(|a| a.stage.is_pending() || a.stage.can_escalate());
    if let Some(a) = prior.filter(|a| a.stage.is_pending()) {
        return Err(format!("appeal unavailable: already under appeal ({})", stage_text(&a)));
    }
    let current = prior.map_or(0, |a| a.level);
    let level = next_level(levels, track, current, s.amount).map_err(|e| format!("appeal unavailable: {e}"))?;
    let (deadline, basis) = match prior.and_then(|a| a.decided_on) {
        Some(decided) if current > 0 => match level_deadline(level, decided, true) {
            Some(d) => (Some(d.date), Some(d.basis)),
            None => (None, None),
        },
        _ => (s.appeal_deadline, None),
    };
    match deadline {
        Some(d) if d < today => Err(format!("appeal unavailable: the level {} window closed on {d}", level.level)),
        None if current == 0 => Err("appeal unavailable: no appeal deadline could be computed (no remit date)".into()),
        _ => Ok(NextAppeal { level: level.level, name: level.name.clone(), deadline, basis }),
    }
}

pub fn can_close(s: &ItemStatus<'_>) -> Result<(), String> {
    match closed(s) {
        Some(why) => Err(format!("close unavailable: {why}")),
        None => Ok(()),
    }
}

/// Write-off policy: the reason exists, has its note, and "below threshold" only under it.
pub fn can_write_off_as(reason: Option<&Choice>, note: &str, amount: Cents, threshold: Cents) -> Result<(), String> {
    match reason {
        None => Err("close: not a write-off reason".into()),
        Some(r) if r.needs_note && note.trim().is_empty() => Err(format!("close: '{}' needs a note", r.label)),
        Some(r) if r.code == BELOW_THRESHOLD && amount >= threshold => Err(format!(
            "close: '{}' applies under {threshold}; this item has {amount}: pick the reason that is true",
            r.label
        )),
        Some(_) => Ok(()),
    }
}

fn pending_appeal(s: &ItemStatus<'_>, what: &str) -> Result<AppealStatus, String> {
    match s.appeal {
        Some(a) if s.state == WorkState::Appealed && a.stage.is_pending() => Ok(a),
        Some(a) if s.state == WorkState::Appealed => Err(format!("{what} unavailable: {}", stage_text(&a))),
        _ => Err(format!("{what} unavailable: no appeal is open for this item")),
    }
}

/// Packet and letter work, while the appeal is open.
pub fn can_prepare(s: &ItemStatus<'_>, what: &str) -> Result<(), String> {
    pending_appeal(s, what).map(|_| ())
}

/// Submission needs every required packet item ticked, or an override reason.
pub fn can_submit(s: &ItemStatus<'_>, has_override: bool) -> Result<(), String> {
    let a = pending_appeal(s, "submit")?;
    if a.stage == AppealStage::Submitted {
        return Err(format!("submit unavailable: {}; record the payer's answer (O)", stage_text(&a)));
    }
    match a.missing_required {
        n if n > 0 && !has_override => Err(format!(
            "submit: {n} required packet item{} unticked; tick {} or give an override reason",
            if n == 1 { " is" } else { "s are" },
            if n == 1 { "it" } else { "them" }
        )),
        _ => Ok(()),
    }
}

pub fn can_follow_up(s: &ItemStatus<'_>) -> Result<(), String> {
    let a = pending_appeal(s, "follow-up")?;
    match a.stage {
        AppealStage::Preparing => Err("follow-up unavailable: the appeal has not been submitted yet".into()),
        _ => Ok(()),
    }
}

pub fn can_record_outcome(s: &ItemStatus<'_>) -> Result<(), String> {
    let a = pending_appeal(s, "outcome")?;
    match a.stage {
        AppealStage::Preparing => Err("outcome unavailable: the appeal has not been submitted yet".into()),
        _ => Ok(()),
    }
}

/// The last day an appeal could still be filed: the next level's window after an unfavourable
/// decision, else the first appeal's.
fn appeal_window(s: &ItemStatus<'_>, levels: &[AppealLevel]) -> Option<NaiveDate> {
    if s.kind == WorkKind::Rejection || !s.appealable {
        return None;
    }
    match s.appeal.filter(|a| a.stage.can_escalate()) {
        Some(a) => {
            let track = track_for(PlanType::parse(s.plan).unwrap_or(PlanType::Commercial));
            let next = next_level(levels, track, a.level, s.amount).ok()?;
            a.decided_on.and_then(|on| level_deadline(next, on, true)).map(|d| d.date)
        }
        None => s.appeal_deadline,
    }
}

/// The last day the item can still be worked, and how: appealed (when it is appealable) or
/// corrected and refiled (until the filing deadline), whichever lasts longer.
pub fn work_window(s: &ItemStatus<'_>, levels: &[AppealLevel]) -> Option<(NaiveDate, &'static str)> {
    let windows = [(appeal_window(s, levels), "appeal"), (s.filing_deadline, "filing")];
    windows.iter().filter_map(|(d, what)| d.map(|d| (d, *what))).max()
}

/// A write-off can be taken back while the item could still be worked: appealed (when it is
/// appealable) or corrected and refiled (until the filing deadline).
pub fn can_reopen(s: &ItemStatus<'_>, levels: &[AppealLevel], today: NaiveDate) -> Result<(), String> {
    if s.state != WorkState::WrittenOff {
        return Err("reopen unavailable: only written-off items are reopened".into());
    }
    match work_window(s, levels) {
        Some((d, _)) if d >= today => Ok(()),
        Some((d, what)) => Err(format!("reopen unavailable: the {what} window closed on {d}")),
        None => Err("reopen unavailable: no appeal or filing deadline is known".into()),
    }
}

#[cfg(test)]
#[path = "tests/decision_rules.rs"]
mod tests;
