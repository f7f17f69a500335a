//! Decisions on an open appeal: the rules are `domain::appeal::decide`; this reads the item's
//! appeal and the payer's follow-up days and hands the result back as a change to write.

use super::StoreError;
use super::decision_current::{Current, Snapshot};
use super::decisions::{AppealChange, Change, DecisionContext};
use crate::domain::appeal::{AppealContext, decide};
use crate::domain::decision::Decision;

pub(super) fn apply(
    c: &Current,
    d: &Decision,
    ctx: &DecisionContext<'_>,
    after: Snapshot,
) -> Result<Change, StoreError> {
    let prev = c.appeal.clone().ok_or_else(|| StoreError::new("no appeal is open for this item"))?;
    let cx =
        AppealContext { today: ctx.today, levels: &ctx.tables.appeal_levels, followup: c.rule(ctx.tables).followup };
    let done = decide(&prev, d, &cx, after).map_err(StoreError::new)?;
    Ok(Change {
        after: done.after,
        appeals: vec![AppealChange { before: Some(prev), after: done.appeal }],
        detail: done.detail,
    })
}
