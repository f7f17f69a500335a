//! The queue as CSV that opens cleanly in Excel: UTF-8 with a BOM, ISO dates, amounts as
//! plain decimals, and text cells that would start a formula prefixed with an apostrophe.

use std::io::Write;

use super::Env;
use super::queue_cmd::reason_label;
use crate::domain::workflow::Queue;
use crate::store::queue::{self, QueueRow, QueueSort};
use crate::store::{Store, StoreError};

/// Text cells starting with = + - @ (or a tab/CR) would be read by Excel as a formula.
pub fn guard(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// Every column: its name, and whether it holds text or a date (guarded against formulas in CSV:
/// a date beyond year 9999 would print as `+10000-...`).
const COLUMNS: &[(&str, bool)] = &[
    ("id", false),
    ("kind", false),
    ("state", false),
    ("priority", false),
    ("due_soon", false),
    ("urgency", false),
    ("recoverability", false),
    ("age_days", false),
    ("patient_last", true),
    ("patient_first", true),
    ("payer", true),
    ("patient_control_number", true),
    ("payer_claim_number", true),
    ("date_of_service", true),
    ("procedure_code", true),
    ("reason_code", true),
    ("reason", true),
    ("category", false),
    ("team", false),
    ("at_risk", false),
    ("filing_deadline", true),
    ("appeal_deadline", true),
    ("due_date", true),
    ("days_left", false),
    ("suggested_path", false),
    ("path_reason", true),
    ("owner", true),
    ("appeal_level", false),
    ("appeal_stage", false),
    ("appeal_submitted_on", true),
    ("appeal_method", false),
    ("appeal_confirmation", true),
    ("follow_up_due", true),
    ("next_action", false),
    ("next_action_due", true),
    ("recovered", false),
    ("repeat_denials", false),
    ("write_off_reason", false),
    ("write_off_note", true),
    ("closed_on", true),
];

/// One item's values, in `COLUMNS` order, unguarded.
fn values(env: &Env, r: &QueueRow) -> Vec<String> {
    let d = |x: Option<chrono::NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
    let text = |x: Option<&str>| x.unwrap_or("").to_string();
    let permille = |p: u32| format!("{}.{:03}", p / 1000, p % 1000);
    let a = r.appeal.as_ref();
    let next = r.next_action(&env.tables.appeal_levels);
    vec![
        r.id.to_string(),
        r.kind.clone(),
        r.state.clone(),
        crate::domain::money::Cents(crate::domain::priority::shown_score(r.priority).1).to_decimal_string(),
        if crate::domain::priority::shown_score(r.priority).0 { "yes" } else { "no" }.to_string(),
        permille(r.urgency),
        permille(r.recoverability),
        r.opened_on.map(|o| (env.today - o).num_days().to_string()).unwrap_or_default(),
        r.patient_last.clone(),
        r.patient_first.clone(),
        r.payer.clone(),
        r.pcn.clone(),
        text(r.payer_claim_no.as_deref()),
        d(r.service_date),
        text(r.procedure.as_deref()),
        r.reason_code.clone(),
        reason_label(&env.tables, r),
        r.category.clone(),
        r.team.clone(),
        r.amount.to_decimal_string(),
        d(r.filing_deadline),
        d(r.appeal_deadline),
        d(r.due_date),
        r.due_date.map(|x| (x - env.today).num_days().to_string()).unwrap_or_default(),
        r.suggested_path.clone(),
        r.path_reason.clone(),
        text(r.owner.as_deref()),
        a.map(|a| a.level.to_string()).unwrap_or_default(),
        a.map(|a| a.stage.as_str().to_string()).unwrap_or_default(),
        d(a.and_then(|a| a.submitted_on)),
        a.and_then(|a| a.method).map(|m| m.as_str().to_string()).unwrap_or_default(),
        text(a.and_then(|a| a.confirmation.as_deref())),
        d(a.and_then(|a| a.followup_due)),
        next.as_ref().map(|n| n.what.clone()).unwrap_or_default(),
        d(next.as_ref().and_then(|n| n.due)),
        r.recovered.to_decimal_string(),
        r.repeat_count.to_string(),
        text(r.close_reason.as_deref()),
        text(r.close_note.as_deref()),
        d(r.closed_on),
    ]
}

pub fn write(
    env: &Env,
    store: &Store,
    q: Queue,
    sort: QueueSort,
    limit: Option<u64>,
    out: &mut dyn Write,
) -> Result<(), String> {
    out.write_all("\u{feff}".as_bytes()).map_err(|e| e.to_string())?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS.iter().map(|(name, _)| *name)).map_err(|e| e.to_string())?;
    queue::for_each(store.conn(), q, sort, limit, |r| {
        let cells = values(env, &r).into_iter().zip(COLUMNS).map(|(v, (_, text))| if *text { guard(&v) } else { v });
        w.write_record(cells).map_err(|e| StoreError::new(e.to_string()))
    })
    .map_err(|e| e.to_string())?;
    w.flush().map_err(|e| e.to_string())
}

/// One JSON object per item and line, keyed by the CSV column names (values as text).
pub fn write_json(env: &Env, store: &Store, q: Queue, out: &mut dyn Write) -> Result<(), String> {
    queue::for_each(store.conn(), q, QueueSort::Priority, None, |r| {
        let obj: serde_json::Map<String, serde_json::Value> = COLUMNS
            .iter()
            .zip(values(env, &r))
            .map(|((name, _), v)| (name.to_string(), serde_json::Value::String(v)))
            .collect();
        writeln!(out, "{}", serde_json::Value::Object(obj)).map_err(|e| StoreError::new(e.to_string()))
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
