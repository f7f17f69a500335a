//! Opening a work item: triage (deadlines, path, priority), insert, and the audit event.

use chrono::NaiveDate;

use crate::domain::payer_rules::ResolvedRule;
use crate::domain::remarks::RemarkRules;
use crate::domain::triage::{Triage, TriageInput, triage};
use crate::domain::vocab::Path;
use crate::domain::workflow::{ItemFacts, WorkState};
use crate::store::work_items::{self, NewWorkItem};
use crate::store::{StoreError, outcome_stats};

use super::sink::LedgerSink;

/// A classified denial or rejection, ready for triage.
pub(super) struct NewItem<'a> {
    pub facts: ItemFacts<'a>,
    pub claim_id: i64,
    pub payer_id: Option<i64>,
    pub reason_label: &'a str,
    pub default_path: Path,
    pub remarks: RemarkRules,
    pub patient_liable: bool,
    pub institutional: bool,
    pub notice_date: Option<NaiveDate>,
    pub rule: &'a ResolvedRule,
    /// `835`, `277CA`, `csv`: named in the creation event.
    pub source_label: &'a str,
}

impl LedgerSink<'_> {
    /// Deadlines, path and priority; recoverability learned from this payer's outcomes.
    pub(super) fn triage_for(&self, n: &NewItem<'_>) -> Result<Triage, StoreError> {
        let f = &n.facts;
        let prior = self.tables.category(f.category).map_or(400, |c| c.recoverability);
        let recoverability = outcome_stats::learned(self.conn, n.payer_id, f.category.as_str(), prior)?;
        let input = TriageInput {
            kind: f.kind,
            at_risk: f.amount,
            reason_code: f.reason_code,
            reason_label: n.reason_label,
            default_path: n.default_path,
            appealable: f.appealable,
            remarks: n.remarks,
            patient_liable: n.patient_liable,
            hard: f.hardness == crate::domain::vocab::Hardness::Hard,
            institutional: n.institutional,
            service_date: f.service_date,
            notice_date: n.notice_date,
            rule: n.rule,
            recoverability,
            write_off_threshold: self.ctx.write_off_threshold,
            today: self.ctx.today,
        };
        Ok(triage(&input))
    }

    pub(super) fn open_item(&mut self, n: &NewItem<'_>) -> Result<i64, StoreError> {
        let f = &n.facts;
        let tri = self.triage_for(n)?;
        let id = work_items::insert_work_item(
            self.conn,
            &mut self.item_tally,
            &NewWorkItem {
                facts: f,
                claim_id: n.claim_id,
                batch_id: self.ctx.batch_id,
                payer_id: n.payer_id,
                rule_source: &n.rule.describe(),
                plan_type: n.rule.plan.as_str(),
                triage: &tri,
                opened_on: n.notice_date.unwrap_or(self.ctx.today).min(self.ctx.today),
                today: self.ctx.today,
                created_at: &self.ctx.now,
            },
        )?;
        let detail = format!(
            "{} {} from {} file {}; suggested {}: {}",
            f.kind, f.reason_code, n.source_label, self.ctx.file_name, tri.path, tri.path_reason
        );
        self.event(id, "created", None, Some(WorkState::Open.as_str()), &detail)?;
        Ok(id)
    }
}
