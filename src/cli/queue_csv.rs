//! The queue as CSV that opens cleanly in Excel: UTF-8 with a BOM, ISO dates, amounts as
//! plain decimals, and text cells that would start a formula prefixed with an apostrophe.

use std::io::Write;

use super::Env;
use super::cells::{Cell, object};
use super::queue_cmd::reason_label;
use crate::domain::money::Cents;
use crate::domain::priority::shown_score;
use crate::domain::workflow::Queue;
use crate::store::StoreError;
use crate::store::backend::Backend;
use crate::store::queue::{self, QueueRow, QueueSort};

pub use super::cells::guard;

/// Every column, in order.
const COLUMNS: &[&str] = &[
    "id",
    "kind",
    "state",
    "priority",
    "due_soon",
    "urgency",
    "recoverability",
    "age_days",
    "patient_last",
    "patient_first",
    "payer",
    "patient_control_number",
    "payer_claim_number",
    "date_of_service",
    "procedure_code",
    "reason_code",
    "reason",
    "category",
    "team",
    "at_risk",
    "filing_deadline",
    "appeal_deadline",
    "due_date",
    "days_left",
    "suggested_path",
    "path_reason",
    "owner",
    "appeal_level",
    "appeal_stage",
    "appeal_submitted_on",
    "appeal_method",
    "appeal_confirmation",
    "follow_up_due",
    "next_action",
    "next_action_due",
    "recovered",
    "repeat_denials",
    "write_off_reason",
    "write_off_note",
    "closed_on",
];

/// One item's cells, in `COLUMNS` order.
fn cells(env: &Env, r: &QueueRow) -> Vec<Cell> {
    let a = r.appeal.as_ref();
    let next = r.next_action(&env.tables.appeal_levels);
    let (soon, score) = shown_score(r.priority);
    let word = |s: &str| Cell::Word(s.to_string());
    vec![
        Cell::Int(Some(r.id)),
        word(r.kind.as_str()),
        word(r.state.as_str()),
        Cell::Money(Some(Cents(score))),
        Cell::Flag(soon),
        Cell::Permille(r.urgency),
        Cell::Permille(r.recoverability),
        Cell::Int(r.opened_on.map(|o| (env.today - o).num_days())),
        Cell::Text(r.patient_last.clone()),
        Cell::Text(r.patient_first.clone()),
        Cell::Text(r.payer.clone()),
        Cell::Text(r.pcn.clone()),
        Cell::text(r.payer_claim_no.as_deref()),
        Cell::Date(r.service_date),
        Cell::text(r.procedure.as_deref()),
        Cell::Text(r.reason_code.clone()),
        Cell::Text(reason_label(&env.tables, r)),
        word(r.category.as_str()),
        word(r.team.as_str()),
        Cell::Money(Some(r.amount)),
        Cell::Date(r.filing_deadline),
        Cell::Date(r.appeal_deadline),
        Cell::Date(r.due_date),
        Cell::Int(r.due_date.map(|x| (x - env.today).num_days())),
        word(r.path_word()),
        Cell::Text(r.path_reason.clone()),
        Cell::text(r.owner.as_deref()),
        Cell::Int(a.map(|a| i64::from(a.level))),
        word(a.map_or("", |a| a.stage.as_str())),
        Cell::Date(a.and_then(|a| a.submitted_on)),
        word(a.and_then(|a| a.method).map_or("", |m| m.as_str())),
        Cell::text(a.and_then(|a| a.confirmation.as_deref())),
        Cell::Date(a.and_then(|a| a.followup_due)),
        Cell::Text(next.as_ref().map(|n| n.what.clone()).unwrap_or_default()),
        Cell::Date(next.as_ref().and_then(|n| n.due)),
        Cell::Money(Some(r.recovered)),
        Cell::Int(Some(i64::from(r.repeat_count))),
        word(r.close_reason.as_deref().unwrap_or("")),
        Cell::text(r.close_note.as_deref()),
        Cell::Date(r.closed_on),
    ]
}

pub fn write(
    env: &Env,
    store: &Backend,
    q: Queue,
    sort: QueueSort,
    limit: Option<u64>,
    out: &mut dyn Write,
) -> Result<(), String> {
    out.write_all("\u{feff}".as_bytes()).map_err(|e| e.to_string())?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS).map_err(|e| e.to_string())?;
    queue::for_each(store.db(), q, sort, limit, |r| {
        w.write_record(cells(env, &r).iter().map(Cell::csv)).map_err(|e| StoreError::new(e.to_string()))
    })
    .map_err(|e| e.to_string())?;
    w.flush().map_err(|e| e.to_string())
}

/// One JSON object per item and line, keyed by the CSV column names, values typed.
pub fn write_json(
    env: &Env,
    store: &Backend,
    q: Queue,
    sort: QueueSort,
    limit: Option<u64>,
    out: &mut dyn Write,
) -> Result<(), String> {
    queue::for_each(store.db(), q, sort, limit, |r| {
        writeln!(out, "{}", object(COLUMNS, &cells(env, &r))).map_err(|e| StoreError::new(e.to_string()))
    })
    .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::guard;

    #[test]
    fn formula_cells_are_defused() {
        assert_eq!(guard("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(guard("+1"), "'+1");
        assert_eq!(guard("-2"), "'-2");
        assert_eq!(guard("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard("SMITH"), "SMITH");
        assert_eq!(guard(""), "");
    }
}
