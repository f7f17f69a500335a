//! Fee schedules into the ledger, and the short payments found against them: a remitted
//! claim whose paid lines were allowed below their contracted rate becomes one underpayment
//! item (its short lines and their arithmetic kept beside it).

use std::rc::Rc;

use crate::domain::classify::DenialFinding;
use crate::domain::fee_schedule::{FeeRate, ShortLine, short_lines};
use crate::domain::money::Cents;
use crate::domain::remarks::RemarkRules;
use crate::domain::remit::{PayerIdent, RemitClaim};
use crate::domain::vocab::{Hardness, Path, RootCause, Team, WorkType};
use crate::domain::workflow::WorkKind;
use crate::import::fee_csv::FeeRow;
use crate::store::work_items::{self, NewEvent};
use crate::store::{StoreError, fee_rates};

use super::parts::PartFacts;
use super::sink::LedgerSink;
use super::work::NewItem;

impl LedgerSink<'_> {
    /// One rate of a fee schedule; a rate it replaces is marked superseded, with an event.
    pub(super) fn store_rate(&mut self, row: &FeeRow) -> Result<(), StoreError> {
        let Some(prior) = fee_rates::insert(self.conn, self.ctx.batch_id, row)? else { return Ok(()) };
        let payer = row.payer_id.as_deref().or(row.payer.as_deref()).unwrap_or("");
        let modifier = row.modifier.as_deref().map(|m| format!("-{m}")).unwrap_or_default();
        let detail = format!(
            "rate for {payer} {}{modifier} from {}: {} ({}) replaced by {} ({}, row {})",
            row.procedure, row.from, prior.rate, prior.file_name, row.rate, self.ctx.file_name, row.row
        );
        work_items::append_event(
            self.conn,
            &NewEvent {
                work_item_id: None,
                batch_id: Some(self.ctx.batch_id),
                at: &self.ctx.now,
                actor: &self.ctx.actor,
                action: "rate_superseded",
                before: Some(&prior.rate.to_decimal_string()),
                after: Some(&row.rate.to_decimal_string()),
                detail: Some(&detail),
            },
        )?;
        self.outcome.rates_superseded += 1;
        Ok(())
    }

    /// The payer's current rates, read once per payer and file (none without a fee schedule).
    fn rates_of(&mut self, payer_id: Option<i64>) -> Result<Rc<Vec<FeeRate>>, StoreError> {
        let on_file = match self.rates_on_file {
            Some(b) => b,
            None => *self.rates_on_file.insert(fee_rates::any(self.conn)?),
        };
        let Some(payer) = payer_id.filter(|_| on_file) else { return Ok(Rc::default()) };
        if let Some(r) = self.fee_rates.get(&payer) {
            return Ok(r.clone());
        }
        let rates = Rc::new(fee_rates::for_payer(self.conn, payer)?);
        self.fee_rates.insert(payer, rates.clone());
        Ok(rates)
    }

    /// The claim's short-paid lines against its payer's contracted rates.
    pub(super) fn short_paid(
        &mut self,
        claim: &RemitClaim,
        payer_id: Option<i64>,
    ) -> Result<Vec<ShortLine>, StoreError> {
        if claim.paid <= Cents::ZERO || claim.is_reversal() {
            return Ok(Vec::new());
        }
        let rates = self.rates_of(payer_id)?;
        if rates.is_empty() {
            return Ok(Vec::new());
        }
        Ok(short_lines(claim, &rates, self.ctx.tolerance))
    }

    /// After a fee schedule: every paid 835 claim of a payer it covers that no underpayment
    /// item holds yet is compared with the rates now on file (the remits came first).
    pub fn rescan_after_schedule(&mut self) -> Result<(), StoreError> {
        self.rates_on_file = None;
        self.fee_rates.clear();
        for c in fee_rates::paid_claims_to_compare(self.conn)? {
            let rates = self.rates_of(Some(c.payer_id))?;
            let body = crate::store::claim_body::read(self.conn, c.id)?;
            let claim = RemitClaim {
                pcn: c.pcn.clone(),
                paid: c.paid,
                institutional: c.institutional,
                lines: body.service_lines(),
                ..RemitClaim::default()
            };
            let short = short_lines(&claim, &rates, self.ctx.tolerance);
            if short.is_empty() {
                continue;
            }
            let payer = PayerIdent { name: c.payer_name.clone(), id: c.payer_ident.clone() };
            let rule = self.rule(&payer, c.filing_indicator.as_deref());
            let part = underpayment_part(&claim, short);
            let item = part.item(c.id, Some(c.payer_id), c.remit_date, &rule, "fee schedule", &claim);
            self.open_part(&part, &item)?;
        }
        Ok(())
    }

    /// Opens a part's item and counts it; an underpayment keeps its short lines.
    pub(super) fn open_part(&mut self, part: &PartFacts, item: &NewItem<'_>) -> Result<i64, StoreError> {
        let id = self.open_item(item)?;
        if part.kind == WorkKind::Underpayment {
            fee_rates::insert_short_lines(self.conn, id, &part.short)?;
            self.outcome.underpayments += 1;
            self.outcome.underpaid += part.amount;
        } else {
            self.count_denial(part);
        }
        Ok(id)
    }

    /// A new denial in the file's outcome.
    pub(super) fn count_denial(&mut self, part: &PartFacts) {
        self.outcome.denials += 1;
        self.outcome.at_risk += part.amount;
    }
}

/// The short lines of one claim as one part: category contractual, routed to contract
/// management, disputed (an appeal citing the contract), the shortfall at risk.
pub(super) fn underpayment_part(claim: &RemitClaim, short: Vec<ShortLine>) -> PartFacts {
    let amount: Cents = short.iter().map(|s| s.short).sum();
    let lines: Vec<usize> = short.iter().map(|s| s.line).collect();
    // The payer's own code for the reduction, when it gave one: its largest CO adjustment.
    let primary = short
        .iter()
        .filter_map(|s| claim.lines.get(s.line))
        .flat_map(|l| l.adjustments.iter())
        .filter(|a| a.group == crate::domain::code::GroupCode::Co)
        .max_by_key(|a| a.amount)
        .map(|a| (a.group, a.carc));
    let finding = DenialFinding {
        at_risk: amount,
        primary,
        primary_line: lines.first().copied(),
        lines: lines.clone(),
        rarcs: Vec::new(),
        remarks: RemarkRules::default(),
        category: RootCause::Contractual,
        team: Team::ContractManagement,
        work_type: WorkType::ContractReview,
        // Not fixable by a corrected claim: the claim was right, the payment was not.
        hardness: Hardness::Hard,
        appealable: true,
        default_path: Path::Appeal,
        caqh: None,
        patient_liable: false,
        full: false,
    };
    let part_lines: Vec<_> = lines.iter().filter_map(|i| claim.lines.get(*i)).collect();
    PartFacts {
        kind: WorkKind::Underpayment,
        reason: primary.map_or_else(|| "UNDERPAID".to_string(), |_| finding.reason_code()),
        label: format!("allowed {amount} below the contracted rate"),
        group: primary.map(|(g, _)| g.as_str().to_string()),
        carc: primary.map(|(_, c)| c.to_string()),
        rarcs: String::new(),
        lines: finding.lines_text(),
        procedures: short.iter().map(|s| s.procedure.clone()).collect(),
        procedure: short.first().map(|s| s.procedure.clone()),
        amount,
        appealable: true,
        service_date: part_lines.iter().filter_map(|l| l.date_from).min().or(claim.filing_clock_date()),
        finding,
        short,
    }
}
