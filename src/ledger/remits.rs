//! Remit claims into the ledger: store the claim, apply reversals, open denial work.

use crate::domain::classify::Classification;
use crate::domain::remit::RemitClaim;
use crate::domain::workflow::WorkState;
use crate::store::StoreError;
use crate::store::claim_writer::ClaimWriter;
use crate::store::work_items::{self, NewEvent};
use crate::store::{answers, matching};
use crate::store::{claim_writer::ClaimPlace, claims::ClaimOrigin};

use super::parts::{PartFacts, Remitted};
use super::sink::LedgerSink;

impl LedgerSink<'_> {
    /// Stores a remitted claim (`packed` by [`crate::store::claim_body::pack`], `class` by
    /// [`crate::domain::classify::classify_claim`]: both work of the parsing thread) and what it means for the work.
    pub(super) fn record_claim(
        &mut self,
        claim: &RemitClaim,
        packed: Option<&str>,
        class: &Classification,
        pre: Option<&super::pretriage::Pretriaged>,
    ) -> Result<(), StoreError> {
        let txn = self.txn.as_ref().ok_or_else(|| StoreError::new("claim outside a transaction set"))?;
        let (txn_id, payer_id) = (txn.id, txn.payer_id);
        let header = txn.header.clone();
        let source = self.source();
        let denied = (!class.parts.is_empty()).then(|| class.at_risk());
        let writer = ClaimWriter::in_slot(&mut self.writer, self.conn)?;
        let first = writer.first_facts(source, payer_id, claim, denied, class.contractual)?;
        let origin = ClaimOrigin {
            batch_id: self.ctx.batch_id,
            txn_id: Some(txn_id),
            payer_id,
            source,
            remit_date: header.notice_date(),
            check_number: Some(header.trace.as_str()).filter(|t| !t.is_empty()),
            first,
            place: ClaimPlace { st02: &header.st02, claim: self.claims_seen + 1 },
        };
        let held = writer.insert(&mut self.claim_days, &origin, claim, packed)?;
        self.claims_seen += 1;
        for code in &class.unknown_on_paid {
            self.outcome.warnings.push(format!(
                "transaction set {}, claim {}: CARC {code} is not in the code table; kept as an adjustment, not a \
                 denial, because the line was paid (add it to carc.csv)",
                header.st02, self.claims_seen
            ));
        }
        // Most claims are paid as billed with nothing to answer: stored, nothing more. Anything
        // else reads or writes beside the claim, which must be in the ledger first.
        let reversal = claim.is_reversal();
        let inventory = origin.remit_date.is_some() && self.inventory_on_file()?;
        let awaiting = match self.awaiting {
            Some(a) => a,
            None => *self.awaiting.insert(answers::any_awaiting(self.conn)?),
        };
        let short = if reversal { Vec::new() } else { self.short_paid(claim, payer_id)? };
        if !reversal && !inventory && !awaiting && class.parts.is_empty() && short.is_empty() {
            return Ok(());
        }
        let answer_on = origin.remit_date.filter(|_| inventory);
        let claim_id = match held {
            Some(id) => id,
            // PostgreSQL: a held claim that answers nothing but the inventory (resolving no
            // no-response item) keeps waiting, its answer and denials beside it.
            None if !reversal && !awaiting && short.is_empty() && self.answer_may_wait(claim, answer_on)? => {
                if let Some(on) = answer_on {
                    let writer = self.writer.as_mut().ok_or_else(|| StoreError::new("an answer before its claim"))?;
                    writer.hold_answer(&claim.pcn, claim.payer_claim_no.as_deref(), on)?;
                }
                if class.parts.is_empty() {
                    return Ok(());
                }
                return self.hold_denials(claim, class, payer_id, &header);
            }
            None => self.write_claims()?.ok_or_else(|| StoreError::new("a held claim was not written"))?,
        };
        if reversal {
            return self.apply_reversal(claim, claim_id, payer_id);
        }
        if let Some(on) = origin.remit_date.filter(|_| inventory) {
            let answer = super::no_response::InventoryAnswer::Remitted { claim_id, paid: claim.paid };
            let keys = crate::store::submitted::AnswerKeys {
                pcn: &claim.pcn,
                payer_claim_no: claim.payer_claim_no.as_deref(),
            };
            self.inventory_answer(keys, on, answer)?;
        }
        let keys = answers::ClaimKeys {
            claim_id,
            batch_id: self.ctx.batch_id,
            pcn: &claim.pcn,
            payer_claim_no: claim.payer_claim_no.as_deref(),
            original_ref: claim.original_ref.as_deref(),
            payer_id,
            member_id: claim.member_id.as_deref(),
        };
        let earlier = if awaiting { answers::answered_items(self.conn, &keys)? } else { Vec::new() };
        if class.parts.is_empty() && earlier.is_empty() && short.is_empty() {
            // Paid as billed (or adjusted by contract only), and no earlier work to answer.
            return Ok(());
        }
        // The claim was written just now: its facts come from it, not from its row.
        let facts = work_items::claim_facts(&self.held_payer_name(payer_id)?, claim, source);
        if let Some(pre) = pre.filter(|_| earlier.is_empty() && short.is_empty()) {
            // Worked out on the parsing thread (see `super::pretriage`).
            for (part, made) in pre.parts.iter().zip(&pre.items) {
                let mut item = part.item(claim_id, payer_id, header.notice_date(), &pre.rule, source, claim);
                item.claim_facts = Some(&facts);
                item.pre = Some(made);
                self.open_part(part, &item)?;
            }
            return Ok(());
        }
        let rule = self.rule(&header.payer, claim.filing_indicator.as_deref());
        let mut parts: Vec<PartFacts> = class.parts.iter().map(|f| self.part_facts(f, claim, &rule)).collect();
        if !short.is_empty() {
            parts.push(super::underpaid::underpayment_part(claim, short));
        }
        if !earlier.is_empty() {
            let new = Remitted { claim_id, payer_id, claim, header: &header, rule: &rule };
            return self.answer_earlier(&earlier, &parts, &new);
        }
        for part in &parts {
            let mut item = part.item(claim_id, payer_id, header.notice_date(), &rule, source, claim);
            item.claim_facts = Some(&facts);
            self.open_part(part, &item)?;
        }
        Ok(())
    }

    pub(super) fn answer<'s>(&'s self, claim_id: i64, claim: &RemitClaim) -> answers::Answer<'s> {
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
            threshold: self.ctx.write_off_threshold,
        }
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
