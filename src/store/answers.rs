//! Later remits that answer earlier work: a corrected or reprocessed claim that pays resolves
//! the item with what was recovered; one that denies again sends it back to Denials as a repeat
//! denial. Both go through the same write as the biller's decisions (statistics, priority).

use super::StoreError;
use super::appeals::{self, AppealRecord};
use super::db::Conn;
use super::decision_current::current;
use super::decisions::write;
use super::work_items::{NewEvent, append_event};
use crate::domain::appeal::{AppealStage, escalation};
use crate::domain::money::Cents;
use crate::domain::tables::Tables;
use crate::domain::workflow::{WorkKind, WorkState};
use chrono::NaiveDate;

type Res<T> = Result<T, StoreError>;

/// What identifies a newly remitted claim for matching.
pub struct ClaimKeys<'a> {
    pub claim_id: i64,
    pub batch_id: i64,
    pub pcn: &'a str,
    pub payer_claim_no: Option<&'a str>,
    /// REF*F8 of a corrected claim: the payer claim number of the claim it replaces.
    pub original_ref: Option<&'a str>,
    pub payer_id: Option<i64>,
    pub member_id: Option<&'a str>,
}

/// Fixed or appealed denials on claims of earlier files that a new claim answers: same patient
/// control number, same payer claim number, or a corrected claim whose REF*F8 names the
/// original's; never a claim of another payer or another member. Claims of the same file are
/// parts of one remittance (split claims, a reversal and its correction), not answers.
pub fn answered_items<'a>(db: impl Into<Conn<'a>>, k: &ClaimKeys<'_>) -> Res<Vec<i64>> {
    let conn = db.into();
    // Earlier claims first (usually none): one statement of plain indexed lookups, absent keys
    // bound as NULL (which matches nothing). The work items follow only for the claims found.
    let earlier = "SELECT id, batch_id, member_id FROM claim WHERE pcn = ?1 AND id < ?4
                   UNION ALL SELECT id, batch_id, member_id FROM claim WHERE payer_claim_no = ?2 AND id < ?4
                   UNION ALL SELECT id, batch_id, member_id FROM claim WHERE payer_claim_no = ?3 AND id < ?4";
    let claims: Vec<(i64, i64, Option<String>)> =
        conn.query_map(earlier, &[&k.pcn, &k.payer_claim_no, &k.original_ref, &k.claim_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let same = |a: Option<&str>, b: Option<&str>| match (a.map(str::trim), b.map(str::trim)) {
        (Some(x), Some(y)) if !x.is_empty() && !y.is_empty() => x.eq_ignore_ascii_case(y),
        _ => true,
    };
    let mut found: Vec<i64> = Vec::new();
    let items = "SELECT id, payer_id FROM work_item
         WHERE claim_id = ?1 AND kind IN ('denial', 'underpayment') AND state IN ('resubmitted', 'appealed')";
    for (c, batch, member) in claims {
        if batch >= k.batch_id || !same(member.as_deref(), k.member_id) {
            continue;
        }
        let rows = conn.query_map(items, &[&c], |r| Ok((r.get::<i64, _>(0)?, r.get::<Option<i64>, _>(1)?)))?;
        for (id, item_payer) in rows {
            let same_payer = k.payer_id.is_none() || item_payer.is_none() || item_payer == k.payer_id;
            if same_payer && !found.contains(&id) {
                found.push(id);
            }
        }
    }
    found.sort_unstable();
    Ok(found)
}

/// Whether any item waits for an answer (fixed or appealed denials): when none does, an import
/// need not look its claims up at all. Reads the two queues such items are in.
pub fn any_awaiting<'a>(db: impl Into<Conn<'a>>) -> Res<bool> {
    let sql = "SELECT EXISTS (SELECT 1 FROM work_item WHERE queue IN ('appeals', 'waiting')
               AND kind IN ('denial', 'underpayment') AND state IN ('resubmitted', 'appealed'))";
    db.into().query_row(sql, &[], |r| r.get(0))
}

/// What matching needs to know of an earlier item.
#[derive(Debug, Clone, PartialEq)]
pub struct EarlierItem {
    pub id: i64,
    /// A denial or an underpayment: a later remit's part answers an item of its own kind.
    pub kind: WorkKind,
    /// Still at risk on it.
    pub amount: Cents,
    /// Procedure codes of the lines it covers (empty: the whole claim).
    pub procedures: Vec<String>,
    /// The first determination's date (its remit notice), which Medicare's appeal clock keeps.
    pub opened_on: Option<NaiveDate>,
    /// What its claim had paid (nothing once the payer reversed it).
    pub paid_before: Cents,
}

pub fn earlier_item<'a>(db: impl Into<Conn<'a>>, id: i64) -> Res<EarlierItem> {
    let conn = db.into();
    let (claim_id, amount, lines, opened, kind): (i64, i64, Option<String>, String, WorkKind) = conn.query_row(
        "SELECT claim_id, amount_cents, lines, opened_on, kind FROM work_item WHERE id = ?1",
        &[&id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let body = super::claim_body::read(conn, claim_id)?;
    let procedures = lines
        .as_deref()
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|n| n.parse::<usize>().ok())
        .filter_map(|n| body.lines.get(n.checked_sub(1)?)?.procedure.as_deref().map(str::to_string))
        .collect();
    Ok(EarlierItem {
        id,
        kind,
        amount: Cents(amount),
        procedures,
        opened_on: opened.parse().ok(),
        paid_before: paid_before(conn, claim_id)?,
    })
}

/// Where the answer came from, for the events.
pub struct Answer<'a> {
    pub claim_id: i64,
    pub paid: Cents,
    pub remit_date: Option<NaiveDate>,
    pub file_name: &'a str,
    pub batch_id: i64,
    pub at: &'a str,
    pub actor: &'a str,
    pub today: NaiveDate,
    pub tables: &'a Tables,
    pub threshold: Cents,
}

impl Answer<'_> {
    /// The day the payer answered: the remit's date, not the day it was imported.
    pub fn answered_on(&self) -> NaiveDate {
        self.remit_date.unwrap_or(self.today).min(self.today)
    }
}

fn event(conn: Conn<'_>, a: &Answer<'_>, id: i64, action: &str, before: &str, after: &str, detail: &str) -> Res<()> {
    append_event(
        conn,
        &NewEvent {
            work_item_id: Some(id),
            batch_id: Some(a.batch_id),
            at: a.at,
            actor: a.actor,
            action,
            before: Some(before),
            after: Some(after),
            detail: Some(detail),
        },
    )?;
    Ok(())
}

/// What the earlier claim kept of its payment: nothing once the payer reversed it.
fn paid_before(conn: Conn<'_>, item_claim: i64) -> Res<Cents> {
    let (paid, reversed): (i64, bool) = conn.query_row(
        "SELECT paid_cents, reversed_by_claim_id IS NOT NULL FROM claim WHERE id = ?1",
        &[&item_claim],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(if reversed { Cents::ZERO } else { Cents(paid) })
}

/// The new claim paid the item's lines (or was processed without a denial): the item is
/// resolved on the remit's date with `recovered`, the share of what the payer paid beyond the
/// earlier claim that the caller allotted to it.
pub fn resolve_paid<'a>(db: impl Into<Conn<'a>>, id: i64, a: &Answer<'_>, recovered: Cents) -> Res<Cents> {
    let conn = db.into();
    let c = current(conn, id)?;
    let mut after = c.snapshot.clone();
    after.state = WorkState::Resolved;
    after.recovered_cents += recovered.cents();
    after.closed_on = Some(a.answered_on().to_string());
    let mut detail = format!("paid {} on remit {}; resolved, {recovered} recovered", a.paid, a.file_name);
    if let Some(appeal) = c.appeal.as_ref().filter(|x| x.stage.is_pending()) {
        // Paid with no denial left (contractual and patient adjustments only): overturned.
        let stage = AppealStage::Overturned;
        let decided =
            AppealRecord { stage, outcome_on: a.remit_date.or(Some(a.today)), paid: recovered, ..appeal.clone() };
        appeals::save(conn, &decided)?;
        detail.push_str(&format!("; level {} appeal {}", appeal.level, stage.as_str()));
    }
    conn.execute("UPDATE work_item SET claim_id = ?2 WHERE id = ?1", &[&id, &a.claim_id])?;
    write(conn, id, c.kind, &c.snapshot, &after, a.today, a.threshold)?;
    let json = super::decisions::snapshot_json;
    event(conn, a, id, "resolved", &json(&c.snapshot)?, &json(&after)?, &detail)?;
    Ok(recovered)
}

/// The new claim was denied again: the fixed or appealed item comes back to Denials as a
/// repeat denial (its appeal, if pending, upheld), after `reclassify` moved its reason, amount
/// and deadlines to the new denial.
pub fn denied_again<'a>(
    db: impl Into<Conn<'a>>,
    id: i64,
    a: &Answer<'_>,
    reason: &str,
    working_due: Option<NaiveDate>,
    reclassify: impl FnOnce(Conn<'a>) -> Res<()>,
) -> Res<()> {
    let conn = db.into();
    reclassify(conn)?;
    let c = current(conn, id)?;
    let mut after = c.snapshot.clone();
    after.state = WorkState::Open;
    after.decided_path = None;
    after.decided_on = None;
    after.due_date = working_due.map(|d| d.to_string());
    let mut detail = format!("denied again ({reason}) on remit {}: back in Denials as a repeat denial", a.file_name);
    if let Some(appeal) = c.appeal.as_ref().filter(|x| x.stage.is_pending()) {
        let on = a.remit_date.unwrap_or(a.today);
        let upheld = AppealRecord { stage: AppealStage::Upheld, outcome_on: Some(on), ..appeal.clone() };
        appeals::save(conn, &upheld)?;
        detail.push_str(&format!("; level {} appeal upheld", appeal.level));
        match escalation(&a.tables.appeal_levels, upheld.track, upheld.level, c.amount(), Some(on)) {
            Ok((level, due)) => {
                after.due_date = due.map(|d| d.to_string()).or(after.due_date);
                detail.push_str(&format!(
                    "; level {level} may follow by {}",
                    due.map_or("its deadline".into(), |d| d.to_string())
                ));
            }
            Err(why) => detail.push_str(&format!("; {why}")),
        }
    }
    conn.execute(
        "UPDATE work_item SET claim_id = ?2, repeat_count = repeat_count + 1 WHERE id = ?1",
        &[&id, &a.claim_id],
    )?;
    write(conn, id, c.kind, &c.snapshot, &after, a.today, a.threshold)?;
    let json = super::decisions::snapshot_json;
    event(conn, a, id, "repeat_denial", &json(&c.snapshot)?, &json(&after)?, &detail)
}

/// A second earlier item whose lines the new remit denied together with another item's: it is
/// closed, the other item carries the lines on (dollars are never counted twice).
pub fn merged_into<'a>(db: impl Into<Conn<'a>>, id: i64, into: i64, a: &Answer<'_>) -> Res<()> {
    let conn = db.into();
    let c = current(conn, id)?;
    let mut after = c.snapshot.clone();
    after.state = WorkState::Resolved;
    after.closed_on = Some(a.answered_on().to_string());
    after.amount_cents = 0;
    conn.execute("UPDATE work_item SET claim_id = ?2 WHERE id = ?1", &[&id, &a.claim_id])?;
    write(conn, id, c.kind, &c.snapshot, &after, a.today, a.threshold)?;
    let json = super::decisions::snapshot_json;
    let detail =
        format!("denied again on remit {} together with item {into}, which carries these lines on", a.file_name);
    event(conn, a, id, "merged", &json(&c.snapshot)?, &json(&after)?, &detail)
}
