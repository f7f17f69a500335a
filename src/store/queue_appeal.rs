//! The appeal and disposition columns a queue row carries: enough for the Appeals and
//! Write-offs tabs and for deciding which keys apply, without loading the appeal itself.

use super::StoreError;
use super::db::Row;
pub use crate::domain::appeal::AppealBrief;
use crate::domain::appeal::{AppealTrack, SubmitMethod};

/// The appeal columns of a queue row (joined as `a` on `w.appeal_id`), named `a_*`: SQLite's
/// spelling, then PostgreSQL's (they differ in reading the packet's JSON only).
pub(super) const COLUMNS_SQLITE: &str = "a.id AS a_id, a.level AS a_level, a.track AS a_track, a.state AS a_state,
    a.deadline AS a_deadline, a.submitted_on AS a_submitted_on, a.method AS a_method,
    a.followup_due AS a_followup_due, a.info_due AS a_info_due, a.outcome_on AS a_outcome_on,
    (SELECT count(*) FROM json_each(a.packet)
        WHERE json_extract(value, '$.required') = 1 AND json_extract(value, '$.done') = 0) AS a_missing,
    coalesce(trim(a.letter), '') <> '' AS a_has_letter, a.confirmation AS a_confirmation";

pub(super) const COLUMNS_POSTGRES: &str = "a.id AS a_id, a.level AS a_level, a.track AS a_track, a.state AS a_state,
    a.deadline AS a_deadline, a.submitted_on AS a_submitted_on, a.method AS a_method,
    a.followup_due AS a_followup_due, a.info_due AS a_info_due, a.outcome_on AS a_outcome_on,
    (SELECT count(*) FROM jsonb_array_elements(a.packet::jsonb) e
        WHERE e->'required' = 'true'::jsonb AND e->'done' = 'false'::jsonb) AS a_missing,
    coalesce(trim(a.letter), '') <> '' AS a_has_letter, a.confirmation AS a_confirmation";

/// Reads the brief by column name; `None` when the item was never appealed. An unknown track,
/// stage or method is an error, never a default.
pub(super) fn brief(r: &Row<'_>) -> Result<Option<AppealBrief>, StoreError> {
    let Some(id) = r.get::<Option<i64>, _>("a_id")? else { return Ok(None) };
    let unknown = |text: &str, what: &str| StoreError::new(format!("'{text}' is not a {what} this build knows"));
    let track: Option<String> = r.get("a_track")?;
    let track = track.ok_or_else(|| StoreError::new("an appeal without a track"))?;
    let method: Option<String> = r.get("a_method")?;
    Ok(Some(AppealBrief {
        id,
        level: r.get("a_level")?,
        track: AppealTrack::parse(&track).ok_or_else(|| unknown(&track, "appeal track"))?,
        stage: r.get("a_state")?,
        deadline: r.get("a_deadline")?,
        submitted_on: r.get("a_submitted_on")?,
        method: match method {
            Some(m) => Some(SubmitMethod::parse(&m).ok_or_else(|| unknown(&m, "submission method"))?),
            None => None,
        },
        followup_due: r.get("a_followup_due")?,
        info_due: r.get("a_info_due")?,
        outcome_on: r.get("a_outcome_on")?,
        missing_required: r.get("a_missing")?,
        has_letter: r.get("a_has_letter")?,
        confirmation: r.get("a_confirmation")?,
    }))
}
