//! Opening a work item: triage (deadlines, path, priority), insert, and the audit event.

use chrono::NaiveDate;

use crate::domain::money::Cents;

use crate::domain::payer_rules::ResolvedRule;
use crate::domain::remarks::RemarkRules;
use crate::domain::triage::{Triage, TriageInput, triage};
use crate::domain::vocab::Path;
use crate::domain::workflow::{ItemFacts, WorkState};
use crate::store::item_writer::ItemWriter;
use crate::store::work_items::{self, NewEvent, NewWorkItem};
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
    /// Its claim's payer name, intake, provider and place, when the import has just written
    /// the claim ([`work_items::claim_facts`]); read from the claim's row otherwise.
    pub claim_facts: Option<&'a [crate::store::db::Value; 4]>,
    /// Its triage and row values worked out on the parsing thread (see [`super::pretriage`]).
    pub pre: Option<&'a super::pretriage::PreItem>,
}

/// What the creation event of a new item from `file_name` says.
pub(super) fn created_detail(n: &NewItem<'_>, tri: &Triage, file_name: &str) -> String {
    let f = &n.facts;
    format!(
        "{} {} from {} file {file_name}; suggested {}: {}",
        f.kind, f.reason_code, n.source_label, tri.path, tri.path_reason
    )
}

/// The category's recoverability before any outcome is known.
pub(super) fn prior_recoverability(tables: &crate::domain::tables::Tables, n: &NewItem<'_>) -> u32 {
    tables.category(n.facts.category).map_or(400, |c| c.recoverability)
}

/// Deadlines, path and priority of an item with this recoverability.
pub(super) fn triage_item(
    n: &NewItem<'_>,
    recoverability: u32,
    write_off_threshold: Cents,
    today: NaiveDate,
) -> Triage {
    let f = &n.facts;
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
        write_off_threshold,
        today,
    };
    triage(&input)
}

impl<'a> LedgerSink<'a> {
    /// Deadlines, path and priority; recoverability learned from this payer's outcomes. An item
    /// triaged on the parsing thread ([`NewItem::pre`]) only takes the learned figure.
    pub(super) fn triage_for(&self, n: &NewItem<'_>) -> Result<Triage, StoreError> {
        let recoverability = outcome_stats::learned(self.conn, n.payer_id, n.facts.category.as_str(), self.prior(n))?;
        Ok(match n.pre {
            Some(pre) => {
                let mut t = pre.triage.clone();
                t.factors.recoverability = recoverability;
                t
            }
            None => self.triage_with(n, recoverability),
        })
    }

    /// The category's recoverability before any outcome is known.
    pub(super) fn prior(&self, n: &NewItem<'_>) -> u32 {
        prior_recoverability(self.tables, n)
    }

    /// [`LedgerSink::triage_for`] with the recoverability already learned.
    pub(super) fn triage_with(&self, n: &NewItem<'_>, recoverability: u32) -> Triage {
        triage_item(n, recoverability, self.ctx.write_off_threshold, self.ctx.today)
    }

    /// The row of a new item, triaged as `tri` (`rule_id` is its rule's text, see [`Self::rule_id`]).
    pub(super) fn new_work_item<'n>(&self, n: &'n NewItem<'n>, tri: &'n Triage, rule_id: i64) -> NewWorkItem<'n>
    where
        'a: 'n,
    {
        let ctx: &'a super::sink::IngestContext = self.ctx;
        NewWorkItem {
            facts: &n.facts,
            claim_id: n.claim_id,
            batch_id: ctx.batch_id,
            payer_id: n.payer_id,
            rule_id,
            plan_type: n.rule.plan.as_str(),
            triage: tri,
            opened_on: n.notice_date.unwrap_or(ctx.today).min(ctx.today),
            today: ctx.today,
            created_at: &ctx.now,
        }
    }

    /// What the creation event of a new item says.
    pub(super) fn created_detail(&self, n: &NewItem<'_>, tri: &Triage) -> String {
        created_detail(n, tri, &self.ctx.file_name)
    }

    /// The id of the rule's text in the ledger (see [`crate::store::rule_texts`]).
    pub(super) fn rule_id(&mut self, rule: &ResolvedRule) -> Result<i64, StoreError> {
        self.rule_ids.id(self.conn, &rule.describe())
    }

    pub(super) fn open_item(&mut self, n: &NewItem<'_>) -> Result<i64, StoreError> {
        let tri = self.triage_for(n)?;
        let (rule_id, made);
        let detail = match n.pre {
            Some(pre) => {
                rule_id = self.rule_ids.id_shared(self.conn, &pre.rule_text)?;
                pre.detail.as_str()
            }
            None => {
                rule_id = self.rule_id(n.rule)?;
                made = self.created_detail(n, &tri);
                made.as_str()
            }
        };
        let new = self.new_work_item(n, &tri, rule_id);
        let mut held = ItemWriter::in_slot(&mut self.items, self.conn)?;
        let known = n.claim_facts;
        let classified = n.pre.map(|p| p.classification.as_slice());
        let tally = &mut self.item_tally;
        let id = work_items::insert_work_item_with(self.conn, held.as_deref_mut(), tally, &new, known, classified)?;
        let event = NewEvent {
            work_item_id: Some(id),
            batch_id: Some(self.ctx.batch_id),
            at: &self.ctx.now,
            actor: &self.ctx.actor,
            action: "created",
            before: None,
            after: Some(WorkState::Open.as_str()),
            detail: Some(detail),
        };
        match held {
            Some(writer) => writer.append_event(&event)?,
            None => work_items::append_event(self.conn, &event)?,
        };
        Ok(id)
    }
}
