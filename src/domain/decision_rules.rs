//! When each decision applies. A refusal is a sentence the desk shows as is ("appeal
//! unavailable: CO-29 ... is not appealable on medicare").
//!
//! A refusal that rests on a date or a remark (a passed last possible date, "no appeal rights")
//! can be forced with a recorded reason: Medicare accepts late requests for good cause, and a
//! payer may still take what its remark refused. `ItemStatus::forced` says a reason was given.

use chrono::NaiveDate;

use super::appeal::{AppealLevel, AppealStage, AppealTrack, level_deadline, next_level, track_for};
use super::code::Rarc;
use super::money::Cents;
use super::tables::Choice;
use super::vocab::PlanType;
use super::vocab::RootCause;
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
    /// The appeal window's aim date and last possible date (`None` with an aim date: no
    /// published outer limit, the window never closes on a date).
    pub appeal_deadline: Option<NaiveDate>,
    pub appeal_last: Option<NaiveDate>,
    pub filing_deadline: Option<NaiveDate>,
    pub filing_last: Option<NaiveDate>,
    /// A remark that takes away appeal rights, with its label.
    pub no_appeal: Option<(Rarc, &'a str)>,
    /// The biller gave a reason to act despite a passed date or a remark.
    pub forced: bool,
    /// `CO-29`, with its short label.
    pub reason_code: &'a str,
    pub reason_label: &'a str,
    pub plan: PlanType,
    /// The root cause (`timely_filing`, `duplicate`, ...), for the write-off reasons' rules.
    pub category: RootCause,
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

pub fn can_fix(s: &ItemStatus<'_>, today: NaiveDate) -> Result<(), String> {
    if let Some(why) = closed(s) {
        return Err(format!("fix unavailable: {why}"));
    }
    match s.state {
        WorkState::Resubmitted => {
            return Err("fix unavailable: already resubmitted; waiting for the payer's answer".into());
        }
        WorkState::Appealed => return Err("fix unavailable: an appeal is open for it".into()),
        _ => {}
    }
    // A corrected claim after the filing window's last possible date will be denied for timely
    // filing; it goes out only with the biller's reason (good cause, proof of timely filing).
    match s.filing_last {
        Some(last) if last < today && !s.forced => Err(format!(
            "fix unavailable: the filing window closed on {last}, {} days ago; {FORCE}",
            (today - last).num_days()
        )),
        _ => Ok(()),
    }
}

const FORCE: &str = "give a reason to go ahead anyway";

fn track(s: &ItemStatus<'_>) -> AppealTrack {
    track_for(s.plan)
}

/// The level an appeal would open now, and its deadline; or why no appeal is possible.
pub fn can_appeal(s: &ItemStatus<'_>, levels: &[AppealLevel], today: NaiveDate) -> Result<NextAppeal, String> {
    if s.kind == WorkKind::Rejection {
        return Err("appeal unavailable: a rejection never reached adjudication; fix and resubmit it".into());
    }
    if s.kind == WorkKind::NoResponse {
        return Err(
            "appeal unavailable: the payer has not decided anything yet; follow up (F) to learn where the claim is"
                .into(),
        );
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
    let prior = s.appeal.filter(|a| a.stage.is_pending() || a.stage.can_escalate());
    if let Some(a) = prior.filter(|a| a.stage.is_pending()) {
        return Err(format!("appeal unavailable: already under appeal ({})", stage_text(&a)));
    }
    let current = prior.map_or(0, |a| a.level);
    if let Some((code, label)) = s.no_appeal.filter(|_| current == 0 && !s.forced) {
        return Err(format!("appeal unavailable: {code} says {label}; {FORCE}"));
    }
    let track = track(s);
    let level = next_level(levels, track, current, s.amount, today).map_err(|e| format!("appeal unavailable: {e}"))?;
    let (deadline, last, basis) = match prior.and_then(|a| a.decided_on) {
        Some(decided) if current > 0 => match level_deadline(level, decided, track == AppealTrack::Medicare) {
            Some(d) => (Some(d.date), d.last, Some(d.basis)),
            None => (None, None, None),
        },
        _ => (s.appeal_deadline, s.appeal_last, None),
    };
    match (deadline, last) {
        (Some(_), Some(l)) if l < today && !s.forced => {
            Err(format!("appeal unavailable: the level {} window closed on {l}; {FORCE}", level.level))
        }
        (None, _) if current == 0 && !s.forced => {
            Err(format!("appeal unavailable: no appeal deadline could be computed (no remit date); {FORCE}"))
        }
        _ => Ok(NextAppeal { level: level.level, name: level.name.clone(), deadline, basis }),
    }
}

/// Whether a refusal of `rule` would be lifted by a recorded reason.
pub fn forceable<T>(s: &ItemStatus<'_>, rule: impl Fn(&ItemStatus<'_>) -> Result<T, String>) -> bool {
    rule(s).is_err() && rule(&ItemStatus { forced: true, ..*s }).is_ok()
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
    // A claim the payer never answered is worked by following up until the answer comes.
    if s.kind == WorkKind::NoResponse {
        return match closed(s) {
            Some(why) => Err(format!("follow-up unavailable: {why}")),
            None => Ok(()),
        };
    }
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

/// A window's dates: the aim date to work against and the last possible date (`None`: no
/// published outer limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowDates {
    pub aim: NaiveDate,
    pub last: Option<NaiveDate>,
}

/// The appeal window still ahead of the item: the next level's after an unfavourable decision,
/// else the first appeal's.
fn appeal_window(s: &ItemStatus<'_>, levels: &[AppealLevel], today: NaiveDate) -> Option<WindowDates> {
    if s.kind == WorkKind::Rejection || !s.appealable || (s.no_appeal.is_some() && s.appeal.is_none()) {
        return None;
    }
    match s.appeal.filter(|a| a.stage.can_escalate()) {
        Some(a) => {
            let track = track(s);
            let next = next_level(levels, track, a.level, s.amount, today).ok()?;
            let d = a.decided_on.and_then(|on| level_deadline(next, on, track == AppealTrack::Medicare))?;
            Some(WindowDates { aim: d.date, last: d.last })
        }
        None => s.appeal_deadline.map(|aim| WindowDates { aim, last: s.appeal_last }),
    }
}

/// How long the item can still be worked, and how: appealed (when it is appealable) or
/// corrected and refiled. `Some((dates, what))` for the window that lasts longest; a window
/// with no published last date lasts longest of all.
pub fn work_window(
    s: &ItemStatus<'_>,
    levels: &[AppealLevel],
    today: NaiveDate,
) -> Option<(WindowDates, &'static str)> {
    let filing = s.filing_deadline.map(|aim| WindowDates { aim, last: s.filing_last });
    let windows = [(appeal_window(s, levels, today), "appeal"), (filing, "filing")];
    windows
        .into_iter()
        .filter_map(|(w, what)| w.map(|w| (w, what)))
        .max_by_key(|(w, _)| w.last.unwrap_or(NaiveDate::MAX))
}

/// A write-off can be taken back while the item could still be worked: appealed (when it is
/// appealable) or corrected and refiled; after the last possible date only with a reason.
pub fn can_reopen(s: &ItemStatus<'_>, levels: &[AppealLevel], today: NaiveDate) -> Result<(), String> {
    if s.state != WorkState::WrittenOff {
        return Err("reopen unavailable: only written-off items are reopened".into());
    }
    match work_window(s, levels, today) {
        _ if s.forced => Ok(()),
        Some((w, what)) => match w.last {
            Some(l) if l < today => Err(format!("reopen unavailable: the {what} window closed on {l}; {FORCE}")),
            _ => Ok(()),
        },
        None => Err(format!("reopen unavailable: no appeal or filing deadline is known; {FORCE}")),
    }
}

#[cfg(test)]
#[path = "tests/decision_rules.rs"]
mod tests;
