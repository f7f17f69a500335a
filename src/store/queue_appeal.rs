//! The appeal and disposition columns a queue row carries: enough for the Appeals and
//! Write-offs tabs and for deciding which keys apply, without loading the appeal itself.

use chrono::NaiveDate;
use rusqlite::Row;

use super::queue::date;
use crate::domain::appeal::{
    AppealFacts, AppealLevel, AppealStage, AppealTrack, NextAction, SubmitMethod, escalation, next_action,
};
use crate::domain::decision::AppealStatus;
use crate::domain::money::Cents;

/// The item's current appeal, as a queue row shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AppealBrief {
    pub id: i64,
    pub level: u8,
    pub track: AppealTrack,
    pub stage: AppealStage,
    pub deadline: Option<NaiveDate>,
    pub submitted_on: Option<NaiveDate>,
    pub method: Option<SubmitMethod>,
    pub confirmation: Option<String>,
    pub followup_due: Option<NaiveDate>,
    pub info_due: Option<NaiveDate>,
    pub outcome_on: Option<NaiveDate>,
    pub missing_required: u32,
    pub has_letter: bool,
}

/// Columns after the base queue columns (joined as `a` on `w.appeal_id`).
pub(super) const COLUMNS: &str = "a.id, a.level, a.track, a.state, a.deadline, a.submitted_on, a.method,
    a.followup_due, a.info_due, a.outcome_on,
    (SELECT count(*) FROM json_each(a.packet)
        WHERE json_extract(value, '$.required') = 1 AND json_extract(value, '$.done') = 0),
    coalesce(trim(a.letter), '') <> '', a.confirmation";

/// Reads the brief starting at column `at`; `None` when the item was never appealed.
pub(super) fn brief(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<AppealBrief>> {
    let Some(id) = r.get::<_, Option<i64>>(at)? else { return Ok(None) };
    let text = |i: usize| -> rusqlite::Result<String> { Ok(r.get::<_, Option<String>>(at + i)?.unwrap_or_default()) };
    Ok(Some(AppealBrief {
        id,
        level: r.get(at + 1)?,
        track: AppealTrack::parse(&text(2)?).unwrap_or(AppealTrack::Commercial),
        stage: AppealStage::parse(&text(3)?).unwrap_or(AppealStage::Preparing),
        deadline: date(r, at + 4)?,
        submitted_on: date(r, at + 5)?,
        method: SubmitMethod::parse(&text(6)?),
        followup_due: date(r, at + 7)?,
        info_due: date(r, at + 8)?,
        outcome_on: date(r, at + 9)?,
        missing_required: r.get(at + 10)?,
        has_letter: r.get(at + 11)?,
        confirmation: r.get(at + 12)?,
    }))
}

impl AppealBrief {
    pub fn status(&self) -> AppealStatus {
        AppealStatus {
            level: self.level,
            stage: self.stage,
            missing_required: self.missing_required as usize,
            decided_on: self.outcome_on,
        }
    }

    /// What to do next and by when (`None` once the appeal is over).
    pub fn next_action(&self, levels: &[AppealLevel], amount: Cents) -> Option<NextAction> {
        let escalation =
            self.stage.can_escalate().then(|| escalation(levels, self.track, self.level, amount, self.outcome_on));
        next_action(&AppealFacts {
            stage: self.stage,
            level: self.level,
            deadline: self.deadline,
            followup_due: self.followup_due,
            info_due: self.info_due,
            missing_required: self.missing_required as usize,
            has_letter: self.has_letter,
            escalation,
            decided_on: self.outcome_on,
        })
    }
}
