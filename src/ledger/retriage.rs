//! Re-triage of open work after the rules changed shape (schema v4): items triaged before had
//! one date per window, the conservative one, which closed doors early and suggested
//! write-offs the published rules do not justify. On the first open after the upgrade every
//! open rejection and denial gets its deadlines, path and priority again from today's tables,
//! in one transaction with one audit event.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::code::{Carc, GroupCode};
use crate::domain::money::Cents;
use crate::domain::payer_rules::resolve_rule;
use crate::domain::priority::{PriorityFactors, urgency};
use crate::domain::remarks::RemarkRules;
use crate::domain::remit::PayerIdent;
use crate::domain::tables::Tables;
use crate::domain::triage::{TriageInput, triage, working_deadline};
use crate::domain::vocab::{Path, PlanType, RootCause};
use crate::domain::workflow::WorkKind;
use crate::store::StoreError;
use crate::store::work_items::{NewEvent, append_event};

const PENDING: &str = "retriage_pending";

struct Open {
    id: i64,
    kind: WorkKind,
    state: String,
    amount: Cents,
    reason: String,
    group: Option<GroupCode>,
    carc: Option<Carc>,
    rarcs: String,
    category: RootCause,
    service: Option<NaiveDate>,
    notice: Option<NaiveDate>,
    opened: Option<NaiveDate>,
    recover: u32,
    payer: PayerIdent,
    filing_indicator: Option<String>,
    institutional: bool,
}

fn day(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| s.parse().ok())
}

fn open_items(conn: &Connection) -> Result<Vec<Open>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT w.id, w.kind, w.state, w.amount_cents, w.reason_code, w.group_code, w.carc, coalesce(w.rarcs, ''),
                w.category, w.service_date, c.remit_date, w.opened_on, w.recover_permille,
                coalesce(p.name, w.payer_name), p.ident, c.filing_indicator, c.institutional
         FROM work_item w JOIN claim c ON c.id = w.claim_id LEFT JOIN payer p ON p.id = w.payer_id
         WHERE w.queue IN ('rejections', 'denials', 'waiting') AND w.state IN ('open', 'resubmitted')",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Open {
            id: r.get(0)?,
            kind: r.get(1)?,
            state: r.get(2)?,
            amount: Cents(r.get(3)?),
            reason: r.get(4)?,
            group: r.get::<_, Option<String>>(5)?.as_deref().and_then(GroupCode::parse),
            carc: r.get::<_, Option<String>>(6)?.as_deref().and_then(Carc::new),
            rarcs: r.get(7)?,
            category: r.get(8)?,
            service: day(r.get(9)?),
            notice: day(r.get(10)?),
            opened: day(r.get(11)?),
            recover: r.get(12)?,
            payer: PayerIdent { name: r.get(13)?, id: r.get(14)? },
            filing_indicator: r.get(15)?,
            institutional: r.get(16)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Re-triages the open work if the ledger was upgraded since; returns how many items.
pub fn if_pending(
    conn: &Connection,
    tables: &Tables,
    today: NaiveDate,
    threshold: Cents,
    actor: &str,
    now: &str,
) -> Result<Option<u64>, StoreError> {
    let pending: Option<String> =
        conn.query_row("SELECT value FROM ledger_meta WHERE key = ?1", [PENDING], |r| r.get(0)).optional()?;
    if pending.is_none() {
        return Ok(None);
    }
    let mut update = conn.prepare(
        "UPDATE work_item SET filing_deadline = ?2, filing_last = ?3, filing_basis = ?4, appeal_deadline = ?5,
            appeal_last = ?6, appeal_basis = ?7, last_date = ?8, suggested_path = ?9, path_reason = ?10,
            resubmit = ?11, rule_id = ?12, rule_source = '', plan_type = ?13, appealable = ?14, due_date = ?15,
            urgency_permille = ?16, priority = ?17, priority_as_of = ?18
         WHERE id = ?1",
    )?;
    let items = open_items(conn)?;
    let mut rule_ids = crate::store::rule_texts::RuleIds::default();
    for it in &items {
        let rule = resolve_rule(tables, &it.payer, it.filing_indicator.as_deref());
        let info = it.carc.and_then(|c| tables.carc(c));
        // A short payment is disputed against the contract whatever the payer's adjustment code.
        let appealable = it.kind == WorkKind::Underpayment
            || (it.kind == WorkKind::Denial
                && info.is_none_or(|i| i.appealable)
                && it.carc.is_none_or(|c| rule.allows_appeal_of(c)));
        let label = tables.reason_label(it.carc.map(|c| c.to_string()).as_deref(), &it.reason);
        let notice = if rule.plan == PlanType::Medicare { it.opened.or(it.notice) } else { it.notice };
        let input = TriageInput {
            kind: it.kind,
            at_risk: it.amount,
            reason_code: &it.reason,
            reason_label: &label,
            default_path: if it.kind == WorkKind::Rejection {
                Path::Fix
            } else {
                info.map_or(Path::Fix, |i| i.default_path)
            },
            appealable,
            remarks: RemarkRules::of_text(&it.rarcs, tables),
            patient_liable: it.group == Some(GroupCode::Pr)
                && matches!(it.category, RootCause::MedicalNecessity | RootCause::Experimental),
            hard: info.is_some_and(|i| i.hardness == crate::domain::vocab::Hardness::Hard),
            institutional: it.institutional,
            service_date: it.service,
            notice_date: notice,
            rule: &rule,
            recoverability: it.recover,
            write_off_threshold: threshold,
            today,
        };
        let t = triage(&input);
        // A resubmitted item waits on its corrected claim: it works against the refiling window.
        let due = if it.state == "open" {
            t.due
        } else {
            working_deadline(Path::Fix, t.filing.as_ref().map(|d| d.date), t.appeal.as_ref().map(|d| d.date))
        };
        let factors = PriorityFactors::new(it.amount, urgency(due, t.last, today), it.recover, threshold);
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        update.execute(params![
            it.id,
            date(t.filing.as_ref().map(|d| d.date)),
            date(t.filing.as_ref().and_then(|d| d.last)),
            t.filing.as_ref().map(|d| d.basis.clone()),
            date(t.appeal.as_ref().map(|d| d.date)),
            date(t.appeal.as_ref().and_then(|d| d.last)),
            t.appeal.as_ref().map(|d| d.basis.clone()),
            date(t.last),
            t.path.as_str(),
            t.path_reason,
            t.resubmit.as_str(),
            rule_ids.id(conn, &rule.describe())?,
            rule.plan.as_str(),
            appealable,
            date(due),
            factors.urgency,
            factors.score(),
            today.to_string()
        ])?;
    }
    conn.execute("DELETE FROM ledger_meta WHERE key = ?1", [PENDING])?;
    if items.is_empty() {
        return Ok(Some(0));
    }
    let detail = format!(
        "re-triaged {} open item(s) under the aim-by / last-possible rules (tables {})",
        items.len(),
        tables.versions_text()
    );
    append_event(
        conn,
        &NewEvent {
            work_item_id: None,
            batch_id: None,
            at: now,
            actor,
            action: "retriage",
            before: None,
            after: None,
            detail: Some(&detail),
        },
    )?;
    Ok(Some(items.len() as u64))
}
