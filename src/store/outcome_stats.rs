//! Outcomes per payer and root cause: how many worked denials reached a final state and how
//! many of them recovered money. Kept by the one function that writes decisions, so undo and
//! reopening take back exactly what they added.

use super::StoreError;
use super::db::Conn;
use super::decision_current::Snapshot;
use crate::domain::priority::recoverability;
use crate::domain::workflow::{WorkKind, WorkState};

type Res<T> = Result<T, StoreError>;

/// What a snapshot adds to the statistics: (attempts, recovered, recovered cents).
fn contribution(kind: WorkKind, s: &Snapshot) -> (i64, i64, i64) {
    let final_state = matches!(s.work_state(), WorkState::Resolved | WorkState::WrittenOff);
    if kind != WorkKind::Denial || !s.worked || !final_state {
        return (0, 0, 0);
    }
    let won = s.work_state() == WorkState::Resolved && s.recovered_cents > 0;
    (1, i64::from(won), if won { s.recovered_cents } else { 0 })
}

/// Records the change from `before` to `after` of item `id`.
pub fn transition<'a>(
    db: impl Into<Conn<'a>>,
    id: i64,
    kind: WorkKind,
    before: &Snapshot,
    after: &Snapshot,
) -> Res<()> {
    let (a0, r0, c0) = contribution(kind, before);
    let (a1, r1, c1) = contribution(kind, after);
    if (a0, r0, c0) == (a1, r1, c1) {
        return Ok(());
    }
    db.into().execute(
        "INSERT INTO outcome_stat (payer_id, category, attempts, recovered, recovered_cents)
         SELECT coalesce(payer_id, 0), category, ?2, ?3, ?4 FROM work_item WHERE id = ?1
         ON CONFLICT (payer_id, category) DO UPDATE SET attempts = outcome_stat.attempts + excluded.attempts,
             recovered = outcome_stat.recovered + excluded.recovered,
             recovered_cents = outcome_stat.recovered_cents + excluded.recovered_cents",
        &[&id, &(a1 - a0), &(r1 - r0), &(c1 - c0)],
    )?;
    Ok(())
}

/// Recoverability (per mille) for a new item of this payer and category: the category prior,
/// smoothed with the outcomes seen so far.
pub fn learned<'a>(db: impl Into<Conn<'a>>, payer_id: Option<i64>, category: &str, prior: u32) -> Res<u32> {
    let seen: Option<(i64, i64)> = db.into().query_opt(
        "SELECT attempts, recovered FROM outcome_stat WHERE payer_id = ?1 AND category = ?2",
        &[&payer_id.unwrap_or(0), &category],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(match seen {
        Some((attempts, won)) if attempts > 0 => recoverability(
            prior,
            attempts.clamp(0, i64::from(u32::MAX)) as u32,
            won.clamp(0, i64::from(u32::MAX)) as u32,
        ),
        _ => prior,
    })
}

/// (attempts, recovered, recovered cents) for a payer and category: for reports and tests.
pub fn seen<'a>(db: impl Into<Conn<'a>>, payer_id: Option<i64>, category: &str) -> Res<(i64, i64, i64)> {
    let sql = "SELECT attempts, recovered, recovered_cents FROM outcome_stat WHERE payer_id = ?1 AND category = ?2";
    let row =
        db.into().query_opt(sql, &[&payer_id.unwrap_or(0), &category], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(row.unwrap_or((0, 0, 0)))
}

/// Items on which money was recovered (fully or in part), and how much.
pub fn recovered<'a>(db: impl Into<Conn<'a>>) -> Res<(i64, i64)> {
    db.into().query_row(
        "SELECT count(*), coalesce(sum(recovered_cents), 0) FROM work_item WHERE recovered_cents > 0",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}
