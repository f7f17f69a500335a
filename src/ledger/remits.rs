//! Remit claims into the ledger: store the claim, apply reversals, open denial work.

use crate::domain::classify::classify_claim;
use crate::domain::remit::RemitClaim;
use crate::domain::workflow::{ItemFacts, WorkKind, WorkState};
use crate::store::StoreError;
use crate::store::claims::{self, ClaimOrigin};
use crate::store::work_items::{self, NewEvent};
use crate::store::{answers, matching};

use super::sink::LedgerSink;
use super::work::NewItem;

impl LedgerSink<'_> {
    pub(super) fn record_claim(&mut self, claim: RemitClaim) -> Result<(), StoreError> {
        let txn = self.txn.as_ref().ok_or_else(|| StoreError::new("claim outside a transaction set"))?;
        let (txn_id, payer_id) = (txn.id, txn.payer_id);
        let header = txn.header.clone();
        let source = self.source();
        let origin = ClaimOrigin {
            batch_id: self.ctx.batch_id,
            txn_id: Some(txn_id),
            payer_id,
            source,
            remit_date: header.notice_date(),
            check_number: Some(header.trace.as_str()).filter(|t| !t.is_empty()),
        };
        let claim_id = claims::insert_claim(self.conn, &origin, &claim)?;
        if claim.is_reversal() {
            return self.apply_reversal(&claim, claim_id, payer_id);
        }
        let finding = classify_claim(&claim, self.tables);
        let keys = answers::ClaimKeys {
            claim_id,
            batch_id: self.ctx.batch_id,
            pcn: &claim.pcn,
            payer_claim_no: claim.payer_claim_no.as_deref(),
            original_ref: claim.original_ref.as_deref(),
            payer_id,
            member_id: claim.member_id.as_deref(),
        };
        let earlier = answers::answered_items(self.conn, &keys)?;
        let Some(finding) = finding else {
            for id in earlier {
                let recovered = answers::resolve_paid(self.conn, id, &self.answer(claim_id, &claim))?;
                self.outcome.resolved += 1;
                self.outcome.recovered += recovered;
            }
            return Ok(());
        };
        let rule = self.rule(&header.payer, claim.filing_indicator.as_deref());
        let appealable = finding.appealable && finding.primary.is_none_or(|(_, carc)| rule.allows_appeal_of(carc));
        let label = finding.primary.map_or("denied with no adjustment code", |(_, c)| self.tables.carc_label(c));
        let line = finding.primary_line.and_then(|i| claim.lines.get(i)).or(claim.lines.first());
        let rarcs: Vec<String> = finding.rarcs.iter().map(|r| r.to_string()).collect();
        let reason = finding.reason_code();
        let carc = finding.primary.map(|(_, c)| c.to_string());
        let group = finding.primary.map(|(g, _)| g.as_str());
        let item = NewItem {
            facts: ItemFacts {
                kind: WorkKind::Denial,
                reason_code: &reason,
                group_code: group,
                carc: carc.as_deref(),
                rarcs: &rarcs.join(" "),
                status_code: None,
                entity_code: None,
                category: finding.category,
                work_type: finding.work_type,
                team: finding.team,
                hardness: finding.hardness,
                appealable,
                caqh: finding.caqh,
                amount: finding.at_risk,
                service_date: claim.filing_clock_date(),
                procedure_code: line.map(|l| l.procedure.as_str()).filter(|p| !p.is_empty()),
            },
            claim_id,
            payer_id,
            reason_label: label,
            default_path: finding.default_path,
            rarc_path: finding.rarc_path,
            notice_date: header.notice_date(),
            rule: &rule,
            source_label: source,
        };
        if !earlier.is_empty() {
            return self.redeny(&earlier, &item, &claim);
        }
        self.open_item(&item)?;
        self.outcome.denials += 1;
        self.outcome.at_risk += finding.at_risk;
        Ok(())
    }

    fn answer<'s>(&'s self, claim_id: i64, claim: &RemitClaim) -> answers::Answer<'s> {
        let remit_date = self.txn.as_ref().and_then(|t| t.header.notice_date());
        answers::Answer {
            claim_id,
            paid: claim.paid,
            remit_date,
            file_name: &self.ctx.file_name,
            batch_id: self.ctx.batch_id,
            at: &self.ctx.now,
            actor: &self.ctx.actor,
            today: self.ctx.today,
            tables: self.tables,
        }
    }

    /// The claim of earlier work was denied again: repeat denials go back to Denials.
    fn redeny(&mut self, earlier: &[i64], item: &NewItem<'_>, claim: &RemitClaim) -> Result<(), StoreError> {
        let tri = self.triage_for(item)?;
        let reason = format!("{} {}", item.facts.reason_code, item.reason_label);
        for id in earlier {
            let answer = self.answer(item.claim_id, claim);
            let reclassify =
                |c: &rusqlite::Connection| work_items::reclassify(c, *id, item.claim_id, &item.facts, &tri);
            answers::denied_again(self.conn, *id, &answer, &reason, tri.due, reclassify)?;
            self.outcome.repeat_denials += 1;
        }
        Ok(())
    }

    fn source(&self) -> &'static str {
        self.ctx.kind.as_str()
    }

    /// CLP02 22: link the reversal to the claim it reverses and void that claim's open work.
    fn apply_reversal(
        &mut self,
        claim: &RemitClaim,
        reversal_id: i64,
        payer_id: Option<i64>,
    ) -> Result<(), StoreError> {
        let target = matching::reversal_target(self.conn, &claim.pcn, claim.payer_claim_no.as_deref(), payer_id)?;
        let target = match target {
            Some(t) if t != reversal_id => t,
            _ => {
                self.outcome.reversals_unmatched += 1;
                return Ok(());
            }
        };
        matching::link_reversal(self.conn, target, reversal_id)?;
        self.outcome.reversals_matched += 1;
        for (id, kind, state) in work_items::active_items_of_claim(self.conn, target)? {
            if state != WorkState::Open {
                // Worked items wait for the reprocessed claim that usually follows a reversal.
                let detail = format!(
                    "the payer reversed the original claim (CLP02 22) in {}; waiting for the reprocessed claim",
                    self.ctx.file_name
                );
                self.event(id, "reversed", Some(state.as_str()), Some(state.as_str()), &detail)?;
                continue;
            }
            work_items::set_state(self.conn, id, kind, WorkState::Voided, self.ctx.today)?;
            let detail = format!("the payer reversed this claim (CLP02 22) in {}", self.ctx.file_name);
            self.event(id, "voided", Some(state.as_str()), Some(WorkState::Voided.as_str()), &detail)?;
            self.outcome.voided += 1;
        }
        Ok(())
    }

    pub(super) fn event(
        &self,
        item: i64,
        action: &str,
        before: Option<&str>,
        after: Option<&str>,
        detail: &str,
    ) -> Result<i64, StoreError> {
        work_items::append_event(
            self.conn,
            &NewEvent {
                work_item_id: Some(item),
                batch_id: Some(self.ctx.batch_id),
                at: &self.ctx.now,
                actor: &self.ctx.actor,
                action,
                before,
                after,
                detail: Some(detail),
            },
        )
    }
}
