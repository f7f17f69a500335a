//! Everything the detail pane shows about one work item: its claim and lines, every
//! adjustment and remark, how its deadlines were computed, and its history.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use super::appeals::{self, AppealRecord};
use super::queue::{QueueRow, date, item};
use crate::domain::money::Cents;

type Res<T> = Result<T, StoreError>;

#[derive(Debug, Clone, PartialEq)]
pub struct AdjustmentInfo {
    pub group: String,
    pub carc: String,
    pub amount: Cents,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineInfo {
    pub line_no: i64,
    pub procedure: String,
    pub modifiers: String,
    pub units: Option<f64>,
    pub charge: Cents,
    pub paid: Cents,
    pub allowed: Option<Cents>,
    pub date: Option<chrono::NaiveDate>,
    pub adjustments: Vec<AdjustmentInfo>,
    pub remarks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventInfo {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemDetail {
    pub row: QueueRow,
    pub status_code: String,
    pub charge: Cents,
    pub paid: Cents,
    pub patient_resp: Cents,
    pub member_id: Option<String>,
    pub rendering: Option<String>,
    pub remit_date: Option<chrono::NaiveDate>,
    pub check_number: Option<String>,
    pub frequency: Option<String>,
    pub last_status: Option<String>,
    pub source: String,
    pub filing_basis: Option<String>,
    pub appeal_basis: Option<String>,
    /// Last possible dates (`None`: no published outer limit, or no window).
    pub filing_last: Option<chrono::NaiveDate>,
    pub appeal_last: Option<chrono::NaiveDate>,
    /// The service lines the item covers ("2 3"); `None`: the whole claim.
    pub lines_covered: Option<String>,
    /// How a fix goes back: new, replacement or reopening.
    pub resubmit: Option<String>,
    pub institutional: bool,
    pub rule_source: String,
    pub work_type: String,
    pub decided_path: Option<String>,
    pub close_reason: Option<String>,
    pub close_note: Option<String>,
    pub prior_auth: Option<String>,
    pub payer_ident: Option<String>,
    /// Every appeal level, oldest first.
    pub appeals: Vec<AppealRecord>,
    pub claim_adjustments: Vec<AdjustmentInfo>,
    pub claim_remarks: Vec<String>,
    /// A window of at most `DETAIL_LINES` lines, from line number `lines_from`.
    pub lines: Vec<LineInfo>,
    pub lines_from: i64,
    /// Every line of the claim, summed up (the window may show only some of them).
    pub line_summary: LineSummary,
    pub events: Vec<EventInfo>,
}

/// The lines the detail loads at a time: a claim with thousands of lines is paged.
pub const DETAIL_LINES: i64 = 200;
/// Distinct procedure codes named in a summary (letters list them).
pub const SUMMARY_PROCEDURES: usize = 20;

/// All of a claim's lines in a few figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineSummary {
    pub count: i64,
    pub first_date: Option<chrono::NaiveDate>,
    pub last_date: Option<chrono::NaiveDate>,
    /// Procedure codes with their modifiers (`99213-25`), in order of first appearance.
    pub procedures: Vec<String>,
    /// Further distinct procedure codes not listed.
    pub more_procedures: i64,
}

fn claim_adjustments(conn: &Connection, claim_id: i64) -> Res<Vec<AdjustmentInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT group_code, carc, amount_cents FROM adjustment WHERE claim_id = ?1 AND line_id IS NULL ORDER BY id",
    )?;
    let rows = stmt.query_map(params![claim_id], |r| {
        Ok(AdjustmentInfo { group: r.get(0)?, carc: r.get(1)?, amount: Cents(r.get(2)?) })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn claim_remarks(conn: &Connection, claim_id: i64) -> Res<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT code FROM remark WHERE claim_id = ?1 AND line_id IS NULL ORDER BY id")?;
    let rows = stmt.query_map(params![claim_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A window of lines from `from` (a line number) with their adjustments and remarks: three
/// range reads, whatever the claim's size.
fn line_window(conn: &Connection, claim_id: i64, from: i64) -> Res<Vec<LineInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, line_no, coalesce(procedure_code, ''), coalesce(modifiers, ''), units, charge_cents, paid_cents,
         allowed_cents, service_from FROM service_line WHERE claim_id = ?1 AND line_no >= ?2 ORDER BY line_no LIMIT ?3",
    )?;
    let lines: Vec<(i64, LineInfo)> = stmt
        .query_map(params![claim_id, from, DETAIL_LINES], |r| {
            Ok((
                r.get(0)?,
                LineInfo {
                    line_no: r.get(1)?,
                    procedure: r.get(2)?,
                    modifiers: r.get(3)?,
                    units: r.get(4)?,
                    charge: Cents(r.get(5)?),
                    paid: Cents(r.get(6)?),
                    allowed: r.get::<_, Option<i64>>(7)?.map(Cents),
                    date: date(r, 8)?,
                    adjustments: Vec::new(),
                    remarks: Vec::new(),
                },
            ))
        })?
        .collect::<Result<_, _>>()?;
    let (Some(lo), Some(hi)) = (lines.iter().map(|l| l.0).min(), lines.iter().map(|l| l.0).max()) else {
        return Ok(Vec::new());
    };
    let mut by_line: HashMap<i64, LineInfo> = lines.iter().cloned().collect();
    let mut stmt = conn.prepare_cached(
        "SELECT line_id, group_code, carc, amount_cents FROM adjustment
         WHERE claim_id = ?1 AND line_id BETWEEN ?2 AND ?3 ORDER BY line_id, id",
    )?;
    let mut rows = stmt.query(params![claim_id, lo, hi])?;
    while let Some(r) = rows.next()? {
        if let Some(line) = by_line.get_mut(&r.get::<_, i64>(0)?) {
            line.adjustments.push(AdjustmentInfo { group: r.get(1)?, carc: r.get(2)?, amount: Cents(r.get(3)?) });
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT line_id, code FROM remark WHERE claim_id = ?1 AND line_id BETWEEN ?2 AND ?3 ORDER BY line_id, id",
    )?;
    let mut rows = stmt.query(params![claim_id, lo, hi])?;
    while let Some(r) = rows.next()? {
        if let Some(line) = by_line.get_mut(&r.get::<_, i64>(0)?) {
            line.remarks.push(r.get(1)?);
        }
    }
    Ok(lines.iter().filter_map(|(id, _)| by_line.remove(id)).collect())
}

/// Every line of the claim in a few figures (one pass over its lines).
pub fn line_summary(conn: &Connection, claim_id: i64) -> Res<LineSummary> {
    let mut s = conn.prepare_cached(
        "SELECT count(*), min(service_from), max(coalesce(service_to, service_from)) FROM service_line WHERE claim_id = ?1",
    )?
    .query_row([claim_id], |r| {
        Ok(LineSummary { count: r.get(0)?, first_date: date(r, 1)?, last_date: date(r, 2)?, ..LineSummary::default() })
    })?;
    let mut stmt = conn.prepare_cached(
        "SELECT procedure_code, coalesce(modifiers, ''), min(line_no) AS first FROM service_line
         WHERE claim_id = ?1 AND procedure_code IS NOT NULL AND procedure_code <> ''
         GROUP BY 1, 2 ORDER BY first",
    )?;
    let mut rows = stmt.query([claim_id])?;
    while let Some(r) = rows.next()? {
        if s.procedures.len() == SUMMARY_PROCEDURES {
            s.more_procedures += 1;
            continue;
        }
        let (code, modifiers): (String, String) = (r.get(0)?, r.get(1)?);
        s.procedures.push(if modifiers.is_empty() { code } else { format!("{code}-{}", modifiers.replace(' ', "-")) });
    }
    Ok(s)
}

/// The whole picture of one item, with its first lines, or `None` when it does not exist.
pub fn detail(conn: &Connection, id: i64) -> Res<Option<ItemDetail>> {
    detail_from(conn, id, 1)
}

/// The item with the window of lines from line number `from_line`.
pub fn detail_from(conn: &Connection, id: i64, from_line: i64) -> Res<Option<ItemDetail>> {
    let Some(row) = item(conn, id)? else { return Ok(None) };
    let sql = "SELECT c.id, c.status_code, c.charge_cents, c.paid_cents, c.patient_resp_cents, c.member_id,
               trim(coalesce(c.rendering_name, '') || ' ' || coalesce(c.rendering_npi, '')), c.remit_date, c.check_number,
               c.frequency_code, c.last_status, c.source, w.filing_basis, w.appeal_basis, w.rule_source, w.work_type,
               w.decided_path, w.close_reason, w.close_note, c.prior_auth, p.ident, w.filing_last, w.appeal_last,
               w.lines, w.resubmit, c.institutional
               FROM work_item w JOIN claim c ON c.id = w.claim_id LEFT JOIN payer p ON p.id = w.payer_id
               WHERE w.id = ?1";
    let found = conn
        .prepare_cached(sql)?
        .query_row([id], |r| {
            let rendering: String = r.get(6)?;
            Ok((
                r.get::<_, i64>(0)?,
                ItemDetail {
                    row: row.clone(),
                    status_code: r.get(1)?,
                    charge: Cents(r.get(2)?),
                    paid: Cents(r.get(3)?),
                    patient_resp: Cents(r.get(4)?),
                    member_id: r.get(5)?,
                    rendering: (!rendering.is_empty()).then_some(rendering),
                    remit_date: date(r, 7)?,
                    check_number: r.get(8)?,
                    frequency: r.get(9)?,
                    last_status: r.get(10)?,
                    source: r.get(11)?,
                    filing_basis: r.get(12)?,
                    appeal_basis: r.get(13)?,
                    filing_last: date(r, 21)?,
                    appeal_last: date(r, 22)?,
                    lines_covered: r.get(23)?,
                    resubmit: r.get(24)?,
                    institutional: r.get(25)?,
                    rule_source: r.get(14)?,
                    work_type: r.get(15)?,
                    decided_path: r.get(16)?,
                    close_reason: r.get(17)?,
                    close_note: r.get(18)?,
                    prior_auth: r.get(19)?,
                    payer_ident: r.get(20)?,
                    appeals: Vec::new(),
                    claim_adjustments: Vec::new(),
                    claim_remarks: Vec::new(),
                    lines: Vec::new(),
                    lines_from: from_line.max(1),
                    line_summary: LineSummary::default(),
                    events: Vec::new(),
                },
            ))
        })
        .optional()?;
    let Some((claim_id, mut d)) = found else {
        return Ok(None);
    };
    d.appeals = appeals::history(conn, id)?;
    d.claim_adjustments = claim_adjustments(conn, claim_id)?;
    d.claim_remarks = claim_remarks(conn, claim_id)?;
    d.line_summary = line_summary(conn, claim_id)?;
    d.lines = line_window(conn, claim_id, d.lines_from)?;
    let mut stmt = conn.prepare_cached(
        "SELECT at, actor, action, coalesce(detail, '') FROM event WHERE work_item_id = ?1 ORDER BY id",
    )?;
    d.events = stmt
        .query_map([id], |r| Ok(EventInfo { at: r.get(0)?, actor: r.get(1)?, action: r.get(2)?, detail: r.get(3)? }))?
        .collect::<Result<_, _>>()?;
    Ok(Some(d))
}
