//! Claims the payer never answered, as work. Once a day (when the ledger opens, and after an
//! import) every submitted claim past its waits gets a no-response item: the charge at risk,
//! the filing deadline it is racing, the payer's rule, and the path "follow up" (call the
//! payer or check its portal; resubmit only if the payer has no record). An answer resolves
//! it: a 277CA acceptance or rejection the missing acknowledgement, a remit either silence.

use std::collections::HashMap;

use crate::store::db::Conn;
use chrono::NaiveDate;

use super::silent::{SilentClaim, silent_claims};
use super::sink::{LedgerSink, payer_row};
use crate::domain::money::Cents;
use crate::domain::remarks::RemarkRules;
use crate::domain::remit::PayerIdent;
use crate::domain::tables::Tables;
use crate::domain::triage::{TriageInput, triage};
use crate::domain::vocab::{Hardness, Path, RootCause, Team, WorkType};
use crate::domain::workflow::{ItemFacts, WorkKind};
use crate::store::no_response::{self, Answered};
use crate::store::submitted::AnswerKeys;
use crate::store::work_items::{self, NewEvent, NewWorkItem};
use crate::store::work_tally::ItemTally;
use crate::store::{StoreError, submitted};

/// Who opens the items and when.
pub struct Sweep<'a> {
    pub tables: &'a Tables,
    pub today: NaiveDate,
    pub threshold: Cents,
    pub actor: &'a str,
    pub now: &'a str,
}

/// Opens a no-response item for every silent claim that has none for its silence yet (one
/// that was worked, closed or answered is not opened again); returns how many were opened.
/// The caller's transaction holds them all.
pub fn open_silent<'a>(db: impl Into<Conn<'a>>, s: &Sweep<'_>) -> Result<u64, StoreError> {
    let conn = db.into();
    if !submitted::any(conn)? {
        return Ok(0);
    }
    let before = no_response::opened(conn)?;
    let mut payers: HashMap<String, i64> = HashMap::new();
    let mut rule_ids = crate::store::rule_texts::RuleIds::default();
    let mut opened = 0;
    for silent in silent_claims(conn, s.tables, s.today)? {
        if before.contains(&(silent.claim.id, silent.silence.code().to_string())) {
            continue;
        }
        let payer = PayerIdent { name: silent.claim.payer_name.clone(), id: silent.claim.payer_ident.clone() };
        let key = LedgerSink::payer_key(&payer);
        let payer_id = match payers.get(&key) {
            Some(id) => *id,
            None => {
                let id = payer_row(conn, s.tables, &payer, &key)?;
                payers.insert(key, id);
                id
            }
        };
        open_item(conn, s, &silent, payer_id, &mut rule_ids)?;
        opened += 1;
    }
    no_response::set_swept_on(conn, s.today)?;
    Ok(opened)
}

/// One claim's item: on its claim row, triaged against its filing deadline, with its event.
fn open_item(
    conn: Conn<'_>,
    s: &Sweep<'_>,
    silent: &SilentClaim,
    payer_id: i64,
    rule_ids: &mut crate::store::rule_texts::RuleIds,
) -> Result<(), StoreError> {
    let (w, code, rule) = (&silent.claim, silent.silence.code(), &*silent.rule);
    let claim_id = no_response::claim_row(conn, w.id, Some(payer_id))?;
    let label = silent.silence.describe(silent.days, w.acknowledged_on);
    let input = TriageInput {
        kind: WorkKind::NoResponse,
        at_risk: w.charge,
        reason_code: code,
        reason_label: &label,
        default_path: Path::Fix,
        appealable: false,
        remarks: RemarkRules::default(),
        patient_liable: false,
        hard: false,
        institutional: w.institutional,
        service_date: w.service_from,
        notice_date: None,
        rule,
        recoverability: s.tables.category(RootCause::Unknown).map_or(400, |c| c.recoverability),
        write_off_threshold: s.threshold,
        today: s.today,
    };
    let tri = triage(&input);
    let facts = ItemFacts {
        kind: WorkKind::NoResponse,
        reason_code: code,
        group_code: None,
        carc: None,
        rarcs: "",
        status_code: None,
        entity_code: None,
        // Why the payer is silent is not known until someone asks.
        category: RootCause::Unknown,
        work_type: WorkType::Research,
        team: Team::BillingOps,
        hardness: Hardness::Soft,
        appealable: false,
        caqh: None,
        amount: w.charge,
        service_date: w.service_from,
        procedure_code: None,
        lines: None,
    };
    // The work-item triggers are in place here (this is no import): they keep the totals, and
    // the insert's own tally is left unwritten.
    let id = work_items::insert_work_item(
        conn,
        &mut ItemTally::default(),
        &NewWorkItem {
            facts: &facts,
            claim_id,
            batch_id: w.batch_id,
            payer_id: Some(payer_id),
            rule_id: rule_ids.id(conn, &rule.describe())?,
            plan_type: rule.plan.as_str(),
            triage: &tri,
            // Its age counts from the day the claim went out, as a biller ages unpaid claims.
            opened_on: w.submitted_on.min(s.today),
            today: s.today,
            created_at: s.now,
        },
    )?;
    let detail = format!("no answer ({code}) to the claim submitted {}: {}", w.submitted_on, tri.path_reason);
    work_items::append_event(
        conn,
        &NewEvent {
            work_item_id: Some(id),
            batch_id: Some(w.batch_id),
            at: s.now,
            actor: s.actor,
            action: "created",
            before: None,
            after: Some("open"),
            detail: Some(&detail),
        },
    )?;
    Ok(())
}

/// [`open_silent`] unless it already ran today (every command opens the ledger; an import or
/// a new day at the desk sweeps regardless).
pub fn open_silent_daily<'a>(db: impl Into<Conn<'a>>, s: &Sweep<'_>) -> Result<u64, StoreError> {
    let conn = db.into();
    if no_response::swept_on(conn)? == Some(s.today) {
        return Ok(0);
    }
    open_silent(conn, s)
}

/// What a later file said about a submitted claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InventoryAnswer {
    Accepted,
    Rejected,
    Remitted { claim_id: i64, paid: Cents },
}

impl LedgerSink<'_> {
    /// Whether any submitted claim is on file (read once per file).
    pub(super) fn inventory_on_file(&mut self) -> Result<bool, StoreError> {
        Ok(match self.inventory_on_file {
            Some(b) => b,
            None => *self.inventory_on_file.insert(submitted::any(self.conn)?),
        })
    }

    /// Applies an answer to the inventory when it holds any claim (checked once per file), and
    /// resolves the no-response items it answers.
    pub(super) fn inventory_answer(
        &mut self,
        keys: AnswerKeys<'_>,
        on: NaiveDate,
        answer: InventoryAnswer,
    ) -> Result<(), StoreError> {
        if !self.inventory_on_file()? {
            return Ok(());
        }
        let n = match answer {
            InventoryAnswer::Remitted { claim_id, .. } => submitted::remitted(self.conn, keys, on, claim_id)?,
            InventoryAnswer::Accepted => submitted::acknowledged(self.conn, keys, on, true)?,
            InventoryAnswer::Rejected => submitted::acknowledged(self.conn, keys, on, false)?,
        };
        self.outcome.inventory_answered += n as u64;
        let open = match self.no_response_open {
            Some(b) => b,
            None => *self.no_response_open.insert(no_response::any_open(self.conn)?),
        };
        if !open {
            return Ok(());
        }
        let by = match answer {
            InventoryAnswer::Remitted { paid, .. } => format!("remit {} on {on} (paid {paid})", self.ctx.file_name),
            InventoryAnswer::Accepted => format!("accepted on 277CA file {} on {on}", self.ctx.file_name),
            InventoryAnswer::Rejected => format!("rejected on 277CA file {} on {on}", self.ctx.file_name),
        };
        for (id, code) in no_response::open_for(self.conn, keys, on)? {
            // An acknowledgement answers the missing acknowledgement; only a remit ends the wait for one.
            let answers = matches!(answer, InventoryAnswer::Remitted { .. }) || code == "NO-ACK";
            if !answers {
                continue;
            }
            let a = Answered {
                on,
                by: &by,
                batch_id: self.ctx.batch_id,
                at: &self.ctx.now,
                actor: &self.ctx.actor,
                today: self.ctx.today,
                threshold: self.ctx.write_off_threshold,
            };
            no_response::resolve(self.conn, id, &a)?;
            self.outcome.no_response_resolved += 1;
        }
        Ok(())
    }
}
