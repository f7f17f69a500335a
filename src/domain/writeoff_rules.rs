//! Each write-off reason is a statement about the item, and the ledger takes it only when the
//! item's own facts make it true: write-offs feed the totals, the RCA and the KPIs, so a false
//! reason is a false fact. "Other" (with a note) is always there for what no rule covers.

use chrono::NaiveDate;

use super::appeal::AppealLevel;
use super::decision_rules::{BELOW_THRESHOLD, ItemStatus, can_appeal};
use super::money::Cents;
use super::vocab::RootCause;

/// Why `code` is true of the item, or why it is not.
pub fn reason_applies(
    code: &str,
    s: &ItemStatus<'_>,
    threshold: Cents,
    levels: &[AppealLevel],
    today: NaiveDate,
) -> Result<(), String> {
    let carc = s.reason_code.split_once('-').map_or(s.reason_code, |(_, c)| c);
    match code {
        BELOW_THRESHOLD if s.amount < threshold => Ok(()),
        BELOW_THRESHOLD => Err(format!("applies under {threshold}; this item has {}", s.amount)),
        // CARC 29: the payer itself says the filing limit expired (X12 CARC list); otherwise the
        // filing window's last possible date must have passed. An aim date alone is not proof.
        "timely_filing" if carc == "29" || s.category == RootCause::TimelyFiling => Ok(()),
        "timely_filing" => match (s.filing_deadline, s.filing_last) {
            (_, Some(last)) if last < today => Ok(()),
            (_, Some(last)) => Err(format!(
                "the filing window is open until {last} ({} days); fix and resubmit, or pick the reason that is true",
                (last - today).num_days()
            )),
            (Some(aim), None) if aim < today => Err(format!(
                "the aim date {aim} passed, but no last possible date is published; the window may still be open \
                 (use 'other' with a note if you know it closed)"
            )),
            _ => Err("the filing window has not passed".into()),
        },
        "appeal_exhausted" => match s.appeal {
            None => Err("no appeal was made; appeal, or pick the reason that is true".into()),
            Some(a) if a.stage.is_pending() => Err(format!("the level {} appeal is still open", a.level)),
            Some(a) => match can_appeal(s, levels, today) {
                Ok(next) => Err(format!("level {} ({}) is still available", next.level, next.name)),
                Err(_) if a.stage.can_escalate() => Ok(()),
                Err(why) => Err(why),
            },
        },
        "duplicate_paid" if s.category == RootCause::Duplicate => Ok(()),
        "duplicate_paid" => Err(format!("the denial is not a duplicate ({} {})", s.reason_code, s.reason_label)),
        "patient_responsibility"
            if s.reason_code.starts_with("PR-") || s.category == RootCause::PatientResponsibility =>
        {
            Ok(())
        }
        "patient_responsibility" => {
            Err(format!("the payer did not assign it to the patient ({} is not a PR adjustment)", s.reason_code))
        }
        "non_covered" if matches!(s.category, RootCause::MedicalNecessity | RootCause::Experimental) => Ok(()),
        "non_covered" => Err(format!("the denial is not about coverage ({} {})", s.reason_code, s.reason_label)),
        // "other" and reasons added to writeoff-reasons.csv: the note carries the facts.
        _ => Ok(()),
    }
}
