//! 277 statuses into the ledger: rejections open work, acceptances resolve it, status
//! responses only update the claim.

use crate::domain::acknowledge::{RejectionFinding, StatusOutcome, assess_status, status_code_text};
use crate::domain::remarks::RemarkRules;
use crate::domain::remit::{ClaimStatusRecord, RemitClaim, StatusSource};
use crate::domain::vocab::{Hardness, Path};
use crate::domain::workflow::{ItemFacts, WorkKind, WorkState};
use crate::store::StoreError;
use crate::store::claim_body;
use crate::store::claim_writer::ClaimWriter;
use crate::store::first_adjudication::FirstFacts;
use crate::store::matching::{self, NewStatus};
use crate::store::work_items;
use crate::store::{claim_writer::ClaimPlace, claims::ClaimOrigin};

use super::sink::LedgerSink;
use super::work::NewItem;

impl LedgerSink<'_> {
    pub(super) fn record_status(&mut self, rec: ClaimStatusRecord) -> Result<(), StoreError> {
        let Some(outcome) = assess_status(&rec, self.tables) else {
            return Ok(());
        };
        let claim_id = matching::claim_for_status(self.conn, &rec.pcn, rec.payer_claim_no.as_deref())?;
        let source = match rec.source {
            StatusSource::Ack277Ca => "277CA",
            StatusSource::Status277 => "277",
        };
        for s in &rec.statuses {
            matching::insert_status(
                self.conn,
                &NewStatus {
                    batch_id: self.ctx.batch_id,
                    claim_id,
                    source,
                    pcn: &rec.pcn,
                    payer_claim_no: rec.payer_claim_no.as_deref(),
                    category: s.category.as_str(),
                    status_code: s.code.as_ref().map(|c| c.as_str()),
                    entity_code: s.entity.as_ref().map(|e| e.as_str()),
                    status_date: rec.status_date,
                    amount: rec.charge,
                    effect: self.tables.stc_effect(s.category).as_str(),
                },
            )?;
        }
        if let (Some(id), Some(first)) = (claim_id, rec.statuses.first()) {
            matching::set_last_status(self.conn, id, &status_code_text(first), rec.status_date)?;
            self.outcome.statuses_matched += 1;
        }
        if rec.source == StatusSource::Ack277Ca {
            let accepted = matches!(outcome, StatusOutcome::Accepted(_));
            let rejected = matches!(outcome, StatusOutcome::Rejected(_));
            if let Some(on) = rec.status_date.filter(|_| accepted || rejected) {
                use super::no_response::InventoryAnswer;
                let answer = if accepted { InventoryAnswer::Accepted } else { InventoryAnswer::Rejected };
                let keys = crate::store::submitted::AnswerKeys {
                    pcn: &rec.pcn,
                    payer_claim_no: rec.payer_claim_no.as_deref(),
                };
                self.inventory_answer(keys, on, answer)?;
            }
        }
        match outcome {
            StatusOutcome::Rejected(f) => self.reject(&rec, &f),
            StatusOutcome::Accepted(s) => {
                let what = format!("accepted ({}) on 277CA file {}", status_code_text(&s), self.ctx.file_name);
                for (id, state) in work_items::active_rejections_for_pcn(self.conn, &rec.pcn)? {
                    work_items::set_state(self.conn, id, WorkKind::Rejection, WorkState::Resolved, self.ctx.today)?;
                    self.event(id, "resolved", Some(state.as_str()), Some(WorkState::Resolved.as_str()), &what)?;
                    self.outcome.accepted += 1;
                }
                for (id, _) in work_items::resubmitted_denials_for_pcn(self.conn, &rec.pcn)? {
                    let detail = format!(
                        "corrected claim accepted into adjudication ({}) on 277CA file {}; waiting for its remit",
                        status_code_text(&s),
                        self.ctx.file_name
                    );
                    self.event(id, "accepted", None, None, &detail)?;
                }
                Ok(())
            }
            StatusOutcome::Informational(_) => Ok(()),
        }
    }

    fn reject(&mut self, rec: &ClaimStatusRecord, f: &RejectionFinding) -> Result<(), StoreError> {
        let reason = f.reason_code();
        if let Some((id, _)) = work_items::active_rejections_for_pcn(self.conn, &rec.pcn)?.first().copied() {
            let detail = format!("rejected again ({reason}) on 277CA file {}", self.ctx.file_name);
            self.event(id, "rejected_again", None, None, &detail)?;
            return Ok(());
        }
        let payer_id =
            if rec.payer.name.is_empty() && rec.payer.id.is_none() { None } else { Some(self.payer_id(&rec.payer)?) };
        let claim = RemitClaim {
            pcn: rec.pcn.clone(),
            status: f.status.category.to_string(),
            charge: rec.charge,
            payer_claim_no: rec.payer_claim_no.clone(),
            patient: rec.patient.clone(),
            member_id: rec.member_id.clone(),
            rendering_npi: rec.provider_npi.clone(),
            rendering_name: rec.provider_name.clone(),
            statement_from: rec.service_from,
            statement_to: rec.service_to,
            ..RemitClaim::default()
        };
        let origin = ClaimOrigin {
            batch_id: self.ctx.batch_id,
            txn_id: self.txn.as_ref().map(|t| t.id),
            payer_id,
            source: "277",
            remit_date: rec.status_date,
            check_number: None,
            first: FirstFacts::default(),
            place: ClaimPlace::default(),
        };
        let packed = claim_body::pack(&claim);
        let writer = ClaimWriter::in_slot(&mut self.writer, self.conn)?;
        let claim_id = writer.insert_now(&mut self.claim_days, &origin, &claim, packed.as_deref())?;
        let rule = self.rule(&rec.payer, None);
        let label = self.rejection_label(f);
        let item = NewItem {
            facts: ItemFacts {
                kind: WorkKind::Rejection,
                reason_code: &reason,
                group_code: None,
                carc: None,
                rarcs: "",
                status_code: f.status.code.as_ref().map(|c| c.as_str()),
                entity_code: f.status.entity.as_ref().map(|e| e.as_str()),
                category: f.category,
                work_type: f.work_type,
                team: f.team,
                hardness: Hardness::Soft,
                appealable: false,
                caqh: Some(2),
                amount: rec.charge,
                service_date: rec.service_from,
                procedure_code: None,
                lines: None,
            },
            claim_id,
            payer_id,
            reason_label: &label,
            default_path: Path::Fix,
            remarks: RemarkRules::default(),
            patient_liable: false,
            institutional: false,
            notice_date: rec.status_date,
            rule: &rule,
            source_label: "277CA",
            claim_facts: None,
            pre: None,
        };
        self.open_item(&item)?;
        self.outcome.rejections += 1;
        self.outcome.at_risk += rec.charge;
        Ok(())
    }

    /// "Entity's NPI (Billing provider)" style label of a rejection.
    fn rejection_label(&self, f: &RejectionFinding) -> String {
        let t = self.tables;
        let status = f.status.code.and_then(|c| t.status_codes.get(&c)).map(|i| i.label.clone());
        let category = t.stc_categories.get(&f.status.category).map(|i| i.label.clone());
        let entity = f.status.entity.and_then(|e| t.entities.get(e.as_str())).map(|(l, _)| l.clone());
        let mut label = status.or(category).unwrap_or_else(|| "unknown status code".into());
        if let Some(e) = entity {
            label = format!("{label} ({e})");
        }
        label
    }
}
