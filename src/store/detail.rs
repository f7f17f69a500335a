//! Everything the detail pane shows about one work item: its claim and lines, every
//! adjustment and remark, how its deadlines were computed, and its history.

use super::StoreError;
use super::appeals::{self, AppealRecord};
use super::claim_body::{self, BodyAdjustment, BodyRemark, ClaimBody};
use super::db::Conn;
use super::queue::{QueueRow, item};
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
    /// An underpayment's short lines: the contracted rate, its schedule and the arithmetic.
    pub contract: Vec<super::fee_rates::ShortLineRow>,
    /// A submitted claim's (837) day sent and the answers it had: (submitted, acknowledged,
    /// rejected, remitted).
    pub submission: Option<Submission>,
}

/// When a submitted claim went out and what the payer has said since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Submission {
    pub submitted_on: chrono::NaiveDate,
    pub acknowledged_on: Option<chrono::NaiveDate>,
    pub rejected_on: Option<chrono::NaiveDate>,
    pub remitted_on: Option<chrono::NaiveDate>,
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

fn adjustments(list: &[BodyAdjustment<'_>]) -> Vec<AdjustmentInfo> {
    list.iter()
        .map(|a| AdjustmentInfo { group: a.group.to_string(), carc: a.carc.to_string(), amount: Cents(a.amount) })
        .collect()
}

fn remarks(list: &[BodyRemark<'_>]) -> Vec<String> {
    list.iter().map(|r| r.code.to_string()).collect()
}

/// A window of at most `DETAIL_LINES` lines from line number `from`, with their adjustments
/// and remarks.
fn line_window(body: &ClaimBody<'_>, from: i64) -> Vec<LineInfo> {
    let skip = usize::try_from(from.max(1) - 1).unwrap_or(usize::MAX);
    body.lines
        .iter()
        .enumerate()
        .skip(skip)
        .take(DETAIL_LINES as usize)
        .map(|(i, l)| LineInfo {
            line_no: i as i64 + 1,
            procedure: l.procedure.as_deref().unwrap_or_default().to_string(),
            modifiers: l.modifiers.as_deref().unwrap_or_default().to_string(),
            units: l.units,
            charge: Cents(l.charge),
            paid: Cents(l.paid),
            allowed: l.allowed.map(Cents),
            date: l.from,
            adjustments: adjustments(&l.adjustments),
            remarks: remarks(&l.remarks),
        })
        .collect()
}

/// The figures of [`LineSummary`] from the claim's lines.
fn summarise(body: &ClaimBody<'_>) -> LineSummary {
    let mut s = LineSummary {
        count: body.lines.len() as i64,
        first_date: body.lines.iter().filter_map(|l| l.from).min(),
        last_date: body.lines.iter().filter_map(|l| l.to.or(l.from)).max(),
        ..LineSummary::default()
    };
    let mut seen = std::collections::HashSet::new();
    for l in &body.lines {
        let Some(code) = l.procedure.as_deref().filter(|p| !p.is_empty()) else { continue };
        let modifiers = l.modifiers.as_deref().unwrap_or_default();
        if !seen.insert((code, modifiers)) {
            continue;
        }
        if s.procedures.len() == SUMMARY_PROCEDURES {
            s.more_procedures += 1;
            continue;
        }
        s.procedures.push(if modifiers.is_empty() {
            code.to_string()
        } else {
            format!("{code}-{}", modifiers.replace(' ', "-"))
        });
    }
    s
}

/// Every line of the claim in a few figures.
pub fn line_summary<'a>(db: impl Into<Conn<'a>>, claim_id: i64) -> Res<LineSummary> {
    Ok(summarise(&claim_body::read(db, claim_id)?))
}

/// The whole picture of one item, with its first lines, or `None` when it does not exist.
pub fn detail<'a>(db: impl Into<Conn<'a>>, id: i64) -> Res<Option<ItemDetail>> {
    detail_from(db, id, 1)
}

/// The item with the window of lines from line number `from_line`.
pub fn detail_from<'a>(db: impl Into<Conn<'a>>, id: i64, from_line: i64) -> Res<Option<ItemDetail>> {
    let conn = db.into();
    let Some(row) = item(conn, id)? else { return Ok(None) };
    let sql = format!(
        "SELECT c.id, c.status_code, c.charge_cents, c.paid_cents, c.patient_resp_cents, c.member_id,
               trim(coalesce(c.rendering_name, '') || ' ' || coalesce(c.rendering_npi, '')), c.remit_date, c.check_number,
               c.frequency_code, c.last_status, c.source, w.filing_basis, w.appeal_basis, {}, w.work_type,
               w.decided_path, w.close_reason, w.close_note, c.prior_auth, p.ident, w.filing_last, w.appeal_last,
               w.lines, w.resubmit, c.institutional
               FROM work_item w JOIN claim c ON c.id = w.claim_id LEFT JOIN payer p ON p.id = w.payer_id
               LEFT JOIN rule_text rt ON rt.id = w.rule_id
               WHERE w.id = ?1",
        super::rule_texts::RULE_TEXT
    );
    let found = conn.query_opt(&sql, &[&id], |r| {
        let rendering: String = r.get(6)?;
        Ok((
            r.get::<i64, _>(0)?,
            ItemDetail {
                row: row.clone(),
                status_code: r.get(1)?,
                charge: Cents(r.get(2)?),
                paid: Cents(r.get(3)?),
                patient_resp: Cents(r.get(4)?),
                member_id: r.get(5)?,
                rendering: (!rendering.is_empty()).then_some(rendering),
                remit_date: r.get(7)?,
                check_number: r.get(8)?,
                frequency: r.get(9)?,
                last_status: r.get(10)?,
                source: r.get(11)?,
                filing_basis: r.get(12)?,
                appeal_basis: r.get(13)?,
                filing_last: r.get(21)?,
                appeal_last: r.get(22)?,
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
                contract: Vec::new(),
                submission: None,
            },
        ))
    })?;
    let Some((claim_id, mut d)) = found else {
        return Ok(None);
    };
    d.appeals = appeals::history(conn, id)?;
    if d.row.kind == crate::domain::workflow::WorkKind::Underpayment {
        d.contract = super::fee_rates::short_lines_of(conn, id)?;
    }
    if d.source == "837" {
        d.submission = submission(conn, claim_id)?;
    }
    let body = claim_body::read(conn, claim_id)?;
    d.claim_adjustments = adjustments(&body.adjustments);
    d.claim_remarks = remarks(&body.remarks);
    d.line_summary = summarise(&body);
    d.lines = line_window(&body, d.lines_from);
    d.events = conn.query_map(
        "SELECT at, actor, action, coalesce(detail, '') FROM event WHERE work_item_id = ?1 ORDER BY id",
        &[&id],
        |r| Ok(EventInfo { at: r.get(0)?, actor: r.get(1)?, action: r.get(2)?, detail: r.get(3)? }),
    )?;
    Ok(Some(d))
}

fn submission(conn: Conn<'_>, claim_id: i64) -> Res<Option<Submission>> {
    conn.query_opt(
        "SELECT submitted_on, acknowledged_on, rejected_on, remitted_on FROM submitted_claim WHERE claim_id = ?1",
        &[&claim_id],
        |r| {
            Ok(Submission {
                submitted_on: r.get(0)?,
                acknowledged_on: r.get(1)?,
                rejected_on: r.get(2)?,
                remitted_on: r.get(3)?,
            })
        },
    )
}
