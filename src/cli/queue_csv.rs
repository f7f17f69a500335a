//! The queue as CSV that opens cleanly in Excel: UTF-8 with a BOM, ISO dates, amounts as
//! plain decimals, and text cells that would start a formula prefixed with an apostrophe.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use super::Env;
use super::queue_cmd::reason_label;
use crate::domain::workflow::Queue;
use crate::store::queue::{self, QueueSort};
use crate::store::{Store, StoreError};

pub fn create_private(path: &Path) -> Result<File, String> {
    crate::fsutil::create_private_for_write(path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Text cells starting with = + - @ (or a tab/CR) would be read by Excel as a formula.
pub fn guard(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

const HEADER: &[&str] = &[
    "id",
    "kind",
    "state",
    "priority",
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
];

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
    w.write_record(HEADER).map_err(|e| e.to_string())?;
    let d = |x: Option<chrono::NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
    queue::for_each(store.conn(), q, sort, limit, |r| {
        let permille = |p: u32| format!("{}.{:03}", p / 1000, p % 1000);
        let record = [
            r.id.to_string(),
            r.kind.clone(),
            r.state.clone(),
            crate::domain::money::Cents(r.priority).to_decimal_string(),
            permille(r.urgency),
            permille(r.recoverability),
            r.opened_on.map(|o| (env.today - o).num_days().to_string()).unwrap_or_default(),
            guard(&r.patient_last),
            guard(&r.patient_first),
            guard(&r.payer),
            guard(&r.pcn),
            guard(r.payer_claim_no.as_deref().unwrap_or("")),
            d(r.service_date),
            guard(r.procedure.as_deref().unwrap_or("")),
            guard(&r.reason_code),
            guard(&reason_label(&env.tables, &r)),
            r.category.clone(),
            r.team.clone(),
            r.amount.to_decimal_string(),
            d(r.filing_deadline),
            d(r.appeal_deadline),
            d(r.due_date),
            r.due_date.map(|x| (x - env.today).num_days().to_string()).unwrap_or_default(),
            r.suggested_path.clone(),
            guard(&r.path_reason),
            guard(r.owner.as_deref().unwrap_or("")),
        ];
        w.write_record(&record).map_err(|e| StoreError::new(e.to_string()))
    })
    .map_err(|e| e.to_string())?;
    w.flush().map_err(|e| e.to_string())
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
