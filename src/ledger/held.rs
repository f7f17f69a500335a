//! PostgreSQL: denials on a claim held in the import's claim batch. A remit is mostly claims
//! that only need storing, and its denials mostly need nothing from the ledger but their
//! claim's id: such a denial is triaged now and its item and creation event wait beside the
//! claim, written with the batch (`store::held_items`), instead of the batch being written for
//! it (three to eight round trips to the server per denial). What the item reads from the
//! ledger, its payer's name and the recoverability learned from the payer's outcomes, is read
//! once per payer and category until the batch is written: until then nothing else is
//! written that could change them (any other work writes the batch first). A claim's answer
//! to the claim inventory waits too, unless it resolves a no-response item.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::classify::Classification;
use crate::domain::remit::{RemitClaim, RemitHeader};
use crate::domain::workflow::WorkState;
use crate::store::db::Value;
use crate::store::{StoreError, no_response, outcome_stats, work_items};

use super::parts::PartFacts;
use super::sink::LedgerSink;
use super::work::NewItem;

/// What held denials read from the ledger, kept until the batch is written.
#[derive(Default)]
pub(super) struct HeldReads {
    payer_names: HashMap<i64, String>,
    learned: HashMap<(Option<i64>, String), u32>,
}

impl LedgerSink<'_> {
    /// Triages the claim's denials and holds them beside the claim (see the module).
    pub(super) fn hold_denials(
        &mut self,
        claim: &RemitClaim,
        class: &Classification,
        payer_id: Option<i64>,
        header: &RemitHeader,
    ) -> Result<(), StoreError> {
        let rule = self.rule(&header.payer, claim.filing_indicator.as_deref());
        let source = self.ctx.kind.as_str();
        let parts: Vec<PartFacts> = class.parts.iter().map(|f| self.part_facts(f, claim, &rule)).collect();
        let payer_name = self.held_payer_name(payer_id)?;
        let rule_id = self.rule_id(&rule)?;
        for part in &parts {
            // The claim's id is drawn when the batch is written.
            let item = part.item(0, payer_id, header.notice_date(), &rule, source, claim);
            let recoverability = self.held_recoverability(&item)?;
            let tri = self.triage_with(&item, recoverability);
            let row = work_items::new_item_values(
                &self.new_work_item(&item, &tri, rule_id),
                work_items::claim_facts(&payer_name, claim, source),
            );
            let text = |s: &str| Value::Text(s.to_string());
            let event = [
                Value::Int(self.ctx.batch_id),
                text(&self.ctx.now),
                text(&self.ctx.actor),
                text("created"),
                Value::Null,
                text(WorkState::Open.as_str()),
                Value::Text(self.created_detail(&item, &tri)),
            ];
            let writer = self.writer.as_mut().ok_or_else(|| StoreError::new("a denial before its claim"))?;
            writer.hold_item(row, event)?;
            self.count_denial(part);
        }
        Ok(())
    }

    /// Whether the claim's answer (of day `on`, if it answers the claim inventory) can wait for
    /// its batch: it resolves no no-response item (none waits on a claim it names sent by
    /// then), so it only marks the submitted claims it names as answered.
    pub(super) fn answer_may_wait(&mut self, claim: &RemitClaim, on: Option<NaiveDate>) -> Result<bool, StoreError> {
        let Some(on) = on else { return Ok(true) };
        let waiting = match &self.waiting_on {
            Some(w) => w,
            None => self.waiting_on.insert(no_response::open_keys(self.conn)?),
        };
        Ok(!waiting.may_resolve(&claim.pcn, claim.payer_claim_no.as_deref(), on))
    }

    /// A payer's name as the ledger holds it (read once until the held claims are written).
    pub(super) fn held_payer_name(&mut self, payer_id: Option<i64>) -> Result<String, StoreError> {
        let Some(id) = payer_id else { return Ok(String::new()) };
        if let Some(name) = self.held_reads.payer_names.get(&id) {
            return Ok(name.clone());
        }
        let name: Option<String> = self.conn.query_opt("SELECT name FROM payer WHERE id = ?1", &[&id], |r| r.get(0))?;
        let name = name.unwrap_or_default();
        self.held_reads.payer_names.insert(id, name.clone());
        Ok(name)
    }

    fn held_recoverability(&mut self, n: &NewItem<'_>) -> Result<u32, StoreError> {
        let key = (n.payer_id, n.facts.category.as_str().to_string());
        if let Some(r) = self.held_reads.learned.get(&key) {
            return Ok(*r);
        }
        let r = outcome_stats::learned(self.conn, n.payer_id, &key.1, self.prior(n))?;
        self.held_reads.learned.insert(key, r);
        Ok(r)
    }
}
