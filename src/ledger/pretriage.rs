//! A denied claim's work worked out on the parsing thread: its payer's deadline rule, its
//! denied parts and their triage (deadlines, path, urgency). None of it reads the ledger, and
//! the writing thread is the slower of the two: it only looks up what the ledger has learned
//! of the payer's recoveries (the priority's recoverability) and writes the items. A part
//! the writer must handle otherwise (an answer to earlier work, a short payment beside it) is
//! worked out there as before; what is worked out here is what it would have worked out.

use std::collections::HashMap;
use std::sync::Arc;

use crate::domain::classify::Classification;
use crate::domain::payer_rules::{ResolvedRule, resolve_rule};
use crate::domain::remit::{RemitClaim, RemitHeader};
use crate::domain::tables::Tables;
use crate::domain::triage::Triage;
use crate::store::db::Value;
use crate::store::work_items::classification;

use super::parts::{PartFacts, part_facts};
use super::sink::{IngestContext, LedgerSink};
use super::work::{created_detail, prior_recoverability, triage_item};

/// The rule, the parts and each part's item as far as the ledger is not needed.
pub(super) struct Pretriaged {
    pub(super) rule: ResolvedRule,
    pub(super) parts: Vec<PartFacts>,
    pub(super) items: Vec<PreItem>,
}

/// A part's triage (its recoverability still the category's prior: the writer puts in what
/// the ledger learned), the row values its facts and triage fill, its rule's text and what its
/// creation event says.
pub struct PreItem {
    pub triage: Triage,
    pub classification: Vec<Value>,
    pub rule_text: Arc<str>,
    pub detail: String,
}

/// The parsing thread's side: the remit header of the claims it reads, and the rules it
/// resolved (by payer and filing indicator, as the writer caches them).
pub(super) struct Pretriage<'t> {
    tables: &'t Tables,
    ctx: &'t IngestContext,
    header: Option<RemitHeader>,
    rules: HashMap<(String, Option<String>), (ResolvedRule, Arc<str>)>,
}

impl<'t> Pretriage<'t> {
    pub fn new(tables: &'t Tables, ctx: &'t IngestContext) -> Self {
        Pretriage { tables, ctx, header: None, rules: HashMap::new() }
    }

    /// The header of the claims that follow.
    pub fn header(&mut self, header: &RemitHeader) {
        self.header = Some(header.clone());
    }

    /// The claim's work, when it has denied parts (a reversal opens none).
    pub fn claim(&mut self, claim: &RemitClaim, class: &Classification) -> Option<Box<Pretriaged>> {
        if class.parts.is_empty() || claim.is_reversal() {
            return None;
        }
        let header = self.header.as_ref()?;
        let filing = claim.filing_indicator.clone();
        let key = (LedgerSink::payer_key(&header.payer), filing);
        let tables = self.tables;
        let (rule, rule_text) = self.rules.entry(key).or_insert_with_key(|k| {
            let rule = resolve_rule(tables, &header.payer, k.1.as_deref());
            let text = Arc::from(rule.describe());
            (rule, text)
        });
        let parts: Vec<PartFacts> = class.parts.iter().map(|f| part_facts(tables, f, claim, rule)).collect();
        let source = self.ctx.kind.as_str();
        let items = parts
            .iter()
            .map(|part| {
                let item = part.item(0, None, header.notice_date(), rule, source, claim);
                let prior = prior_recoverability(tables, &item);
                let triage = triage_item(&item, prior, self.ctx.write_off_threshold, self.ctx.today);
                let classification = classification(&item.facts, &triage);
                let detail = created_detail(&item, &triage, &self.ctx.file_name);
                PreItem { triage, classification, rule_text: rule_text.clone(), detail }
            })
            .collect();
        Some(Box::new(Pretriaged { rule: rule.clone(), parts, items }))
    }
}
