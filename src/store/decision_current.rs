//! What a decision needs to know about an item before it applies: its changeable fields, the
//! facts the rules read, and its current appeal.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::StoreError;
use super::appeals::{self, AppealRecord};
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
use crate::domain::workflow::{WorkKind, WorkState};

type Res<T> = Result<T, StoreError>;

/// The fields of a work item that decisions change (recorded before and after on each event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub state: String,
    pub owner: Option<String>,
    pub decided_path: Option<String>,
    pub decided_on: Option<String>,
    pub close_reason: Option<String>,
    pub close_note: Option<String>,
    pub closed_on: Option<String>,
    /// The date the item is worked against (moves with the path and the appeal's next action).
    pub due_date: Option<String>,
    /// Still at risk: a partly overturned appeal lowers it.
    pub amount_cents: i64,
    pub recovered_cents: i64,
    pub appeal_id: Option<i64>,
    /// A fix or an appeal was tried (its final state then teaches recoverability).
    pub worked: bool,
}

impl Snapshot {
    pub fn work_state(&self) -> WorkState {
        WorkState::parse(&self.state).unwrap_or(WorkState::Open)
    }
}

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
    pub plan: String,
    pub category: RootCause,
    pub payer_claim_no: Option<String>,
    pub payer: PayerIdent,
    pub filing_indicator: Option<String>,
    pub appeal: Option<AppealRecord>,
}

fn day(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| s.parse().ok())
}

pub(super) fn current(conn: &Connection, id: i64) -> Res<Current> {
    let sql =
        "SELECT w.kind, w.state, w.owner, w.decided_path, w.decided_on, w.close_reason, w.close_note, w.closed_on,
               w.due_date, w.amount_cents, w.recovered_cents, w.appeal_id, w.appealable, w.appeal_deadline,
               w.filing_deadline, w.reason_code, w.carc, w.plan_type, w.category, c.payer_claim_no,
               coalesce(p.name, w.payer_name), p.ident, c.filing_indicator, w.worked, w.appeal_last, w.filing_last,
               coalesce(w.rarcs, ''), w.resubmit, c.institutional
               FROM work_item w JOIN claim c ON c.id = w.claim_id LEFT JOIN payer p ON p.id = w.payer_id
               WHERE w.id = ?1";
    let found = conn
        .prepare_cached(sql)?
        .query_row([id], |r| {
            Ok(Current {
                kind: WorkKind::parse(&r.get::<_, String>(0)?).unwrap_or(WorkKind::Denial),
                snapshot: Snapshot {
                    state: r.get(1)?,
                    owner: r.get(2)?,
                    decided_path: r.get(3)?,
                    decided_on: r.get(4)?,
                    close_reason: r.get(5)?,
                    close_note: r.get(6)?,
                    closed_on: r.get(7)?,
                    due_date: r.get(8)?,
                    amount_cents: r.get(9)?,
                    recovered_cents: r.get(10)?,
                    appeal_id: r.get(11)?,
                    worked: r.get(23)?,
                },
                appealable: r.get(12)?,
                appeal_deadline: day(r.get(13)?),
                appeal_last: day(r.get(24)?),
                filing_deadline: day(r.get(14)?),
                filing_last: day(r.get(25)?),
                rarcs: r.get(26)?,
                resubmit: r.get::<_, Option<String>>(27)?.as_deref().and_then(Resubmit::parse),
                institutional: r.get(28)?,
                reason_code: r.get(15)?,
                carc: r.get(16)?,
                plan: r.get(17)?,
                category: RootCause::parse(&r.get::<_, String>(18)?).unwrap_or(RootCause::Unknown),
                payer_claim_no: r.get(19)?,
                payer: PayerIdent { name: r.get(20)?, id: r.get(21)? },
                filing_indicator: r.get(22)?,
                appeal: None,
            })
        })
        .optional()?;
    let mut c = found.ok_or_else(|| StoreError::new(format!("work item {id} does not exist")))?;
    if let Some(appeal_id) = c.snapshot.appeal_id {
        c.appeal = appeals::load(conn, appeal_id)?;
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
        let plan = PlanType::parse(&self.plan).unwrap_or(PlanType::Commercial);
        let how = self.resubmit.unwrap_or_else(|| resubmit_for(self.kind, plan, self.institutional, &remarks));
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
            plan: &self.plan,
            category: self.category.as_str(),
            amount: self.amount(),
            appeal: self.appeal.as_ref().map(|a| a.brief().status()),
        }
    }
}
