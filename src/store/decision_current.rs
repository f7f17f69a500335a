//! What a decision needs to know about an item before it applies: its changeable fields, the
//! facts the rules read, and its current appeal.

use super::StoreError;
use super::appeals::{self, AppealRecord};
use super::db::Conn;
use crate::domain::code::Carc;
use crate::domain::decision::ItemStatus;
use crate::domain::money::Cents;
use crate::domain::payer_rules::{ResolvedRule, resolve_rule};
use crate::domain::remarks::RemarkRules;
use crate::domain::remit::PayerIdent;
use crate::domain::resubmission::{instruction, resubmit_for};
use crate::domain::tables::Tables;
use crate::domain::vocab::RootCause;
use crate::domain::vocab::{PlanType, Resubmit};
use crate::domain::workflow::WorkKind;
use chrono::NaiveDate;

type Res<T> = Result<T, StoreError>;

pub use crate::domain::workflow::Snapshot;

pub(super) struct Current {
    pub kind: WorkKind,
    pub snapshot: Snapshot,
    pub appealable: bool,
    pub appeal_deadline: Option<NaiveDate>,
    pub appeal_last: Option<NaiveDate>,
    pub filing_deadline: Option<NaiveDate>,
    pub filing_last: Option<NaiveDate>,
    /// Space-separated remark codes (a remark can take away appeal rights).
    pub rarcs: String,
    /// How a fix goes back (stored at triage), and whether the claim is institutional.
    pub resubmit: Option<Resubmit>,
    pub institutional: bool,
    pub reason_code: String,
    pub carc: Option<String>,
    pub plan: PlanType,
    pub category: RootCause,
    pub payer_claim_no: Option<String>,
    pub payer: PayerIdent,
    pub filing_indicator: Option<String>,
    pub appeal: Option<AppealRecord>,
}

pub(super) fn current(db: Conn<'_>, id: i64) -> Res<Current> {
    let sql =
        "SELECT w.kind, w.state, w.owner, w.decided_path, w.decided_on, w.close_reason, w.close_note, w.closed_on,
               w.due_date, w.amount_cents, w.recovered_cents, w.appeal_id, w.appealable, w.appeal_deadline,
               w.filing_deadline, w.reason_code, w.carc, w.plan_type, w.category, c.payer_claim_no,
               coalesce(p.name, w.payer_name) AS payer_name, p.ident, c.filing_indicator, w.worked, w.appeal_last,
               w.filing_last, coalesce(w.rarcs, '') AS rarcs, w.resubmit, c.institutional
               FROM work_item w JOIN claim c ON c.id = w.claim_id LEFT JOIN payer p ON p.id = w.payer_id
               WHERE w.id = ?1";
    let found = db.query_opt(sql, &[&id], |r| {
        let resubmit = match r.get::<Option<String>, _>("resubmit")? {
            Some(t) => Some(
                Resubmit::parse(&t)
                    .ok_or_else(|| StoreError::new(format!("'{t}' is not a resubmission this build knows")))?,
            ),
            None => None,
        };
        Ok(Current {
            kind: r.get("kind")?,
            snapshot: Snapshot {
                state: r.get("state")?,
                owner: r.get("owner")?,
                decided_path: r.get("decided_path")?,
                decided_on: r.get("decided_on")?,
                close_reason: r.get("close_reason")?,
                close_note: r.get("close_note")?,
                closed_on: r.get("closed_on")?,
                due_date: r.get("due_date")?,
                amount_cents: r.get("amount_cents")?,
                recovered_cents: r.get("recovered_cents")?,
                appeal_id: r.get("appeal_id")?,
                worked: r.get("worked")?,
            },
            appealable: r.get("appealable")?,
            appeal_deadline: r.get("appeal_deadline")?,
            appeal_last: r.get("appeal_last")?,
            filing_deadline: r.get("filing_deadline")?,
            filing_last: r.get("filing_last")?,
            rarcs: r.get("rarcs")?,
            resubmit,
            institutional: r.get("institutional")?,
            reason_code: r.get("reason_code")?,
            carc: r.get("carc")?,
            plan: r.get("plan_type")?,
            category: r.get("category")?,
            payer_claim_no: r.get("payer_claim_no")?,
            payer: PayerIdent { name: r.get("payer_name")?, id: r.get("ident")? },
            filing_indicator: r.get("filing_indicator")?,
            appeal: None,
        })
    })?;
    let mut c = found.ok_or_else(|| StoreError::new(format!("work item {id} does not exist")))?;
    if let Some(appeal_id) = c.snapshot.appeal_id {
        c.appeal = appeals::load(db, appeal_id)?;
    }
    Ok(c)
}

impl Current {
    pub fn amount(&self) -> Cents {
        Cents(self.snapshot.amount_cents)
    }

    pub fn rule(&self, tables: &Tables) -> ResolvedRule {
        resolve_rule(tables, &self.payer, self.filing_indicator.as_deref())
    }

    /// What a corrected claim must be and carry (the fix's event and dialog say it).
    pub fn resubmission(&self, tables: &Tables) -> String {
        let remarks = RemarkRules::of_text(&self.rarcs, tables);
        let how = self.resubmit.unwrap_or_else(|| resubmit_for(self.kind, self.plan, self.institutional, &remarks));
        instruction(how, self.institutional, self.payer_claim_no.as_deref(), &remarks)
    }

    pub fn carc_label<'t>(&self, tables: &'t Tables) -> &'t str {
        self.carc.as_deref().and_then(Carc::new).map_or("", |x| tables.carc_label(x))
    }

    /// What the decision rules read; `forced` when the biller gave a reason to go ahead.
    pub fn status<'a>(&'a self, tables: &'a Tables, forced: bool) -> ItemStatus<'a> {
        let reason_label = self.carc_label(tables);
        let no_appeal = RemarkRules::of_text(&self.rarcs, tables).no_appeal.map(|r| (r, tables.rarc_label(r)));
        ItemStatus {
            kind: self.kind,
            state: self.snapshot.work_state(),
            appealable: self.appealable,
            appeal_deadline: self.appeal_deadline,
            appeal_last: self.appeal_last,
            filing_deadline: self.filing_deadline,
            filing_last: self.filing_last,
            no_appeal,
            forced,
            reason_code: &self.reason_code,
            reason_label,
            plan: self.plan,
            category: self.category,
            amount: self.amount(),
            appeal: self.appeal.as_ref().map(|a| a.brief().status()),
        }
    }
}
