//! The denied parts of a remit claim as the ledger records them, and how a later remit of the
//! same claim answers earlier work part by part: a part that overlaps an earlier item's lines is
//! that item denied again; an earlier item none of whose lines is denied any more is paid; a
//! part no earlier item covers is new work.

use chrono::NaiveDate;

use crate::domain::classify::DenialFinding;
use crate::domain::money::Cents;
use crate::domain::payer_rules::ResolvedRule;
use crate::domain::remit::{RemitClaim, RemitHeader};
use crate::domain::tables::Tables;
use crate::domain::vocab::PlanType;
use crate::domain::workflow::{ItemFacts, WorkKind};
use crate::store::StoreError;
use crate::store::answers::{self, EarlierItem};
use crate::store::work_items;

use super::sink::LedgerSink;
use super::work::NewItem;

/// One denied part, with everything its work item records.
pub(super) struct PartFacts {
    /// A denial, or an underpayment found against a fee schedule.
    pub kind: WorkKind,
    pub finding: DenialFinding,
    pub reason: String,
    pub label: String,
    pub group: Option<String>,
    pub carc: Option<String>,
    pub rarcs: String,
    pub lines: Option<String>,
    pub procedures: Vec<String>,
    pub procedure: Option<String>,
    pub amount: Cents,
    /// Appealable by the CARC and the plan.
    pub appealable: bool,
    pub service_date: Option<NaiveDate>,
    /// An underpayment's short lines (none for a denial).
    pub short: Vec<crate::domain::fee_schedule::ShortLine>,
}

impl LedgerSink<'_> {
    pub(super) fn part_facts(&self, f: &DenialFinding, claim: &RemitClaim, rule: &ResolvedRule) -> PartFacts {
        part_facts(self.tables, f, claim, rule)
    }
}

/// A denied part's facts: its codes, lines, amount, appealability and service date.
pub(super) fn part_facts(tables: &Tables, f: &DenialFinding, claim: &RemitClaim, rule: &ResolvedRule) -> PartFacts {
    let appealable = f.appealable && f.primary.is_none_or(|(_, carc)| rule.allows_appeal_of(carc));
    let label = f.primary.map_or("denied with no adjustment code", |(_, c)| tables.carc_label(c));
    let line = f.primary_line.and_then(|i| claim.lines.get(i)).or(claim.lines.first());
    let part_lines: Vec<_> = f.lines.iter().filter_map(|i| claim.lines.get(*i)).collect();
    // Professional claims file by the earliest line date: a part files by its own lines.
    let part_date = part_lines.iter().filter_map(|l| l.date_from).min();
    let service_date =
        if claim.institutional { claim.filing_clock_date() } else { part_date.or(claim.filing_clock_date()) };
    PartFacts {
        kind: WorkKind::Denial,
        finding: f.clone(),
        reason: f.reason_code(),
        label: label.to_string(),
        group: f.primary.map(|(g, _)| g.as_str().to_string()),
        carc: f.primary.map(|(_, c)| c.to_string()),
        rarcs: f.rarcs.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(" "),
        lines: f.lines_text(),
        procedures: part_lines.iter().map(|l| l.procedure.clone()).filter(|p| !p.is_empty()).collect(),
        procedure: line.map(|l| l.procedure.clone()).filter(|p| !p.is_empty()),
        amount: f.at_risk,
        appealable,
        service_date,
        short: Vec::new(),
    }
}

impl PartFacts {
    pub(super) fn item<'a>(
        &'a self,
        claim_id: i64,
        payer_id: Option<i64>,
        notice_date: Option<NaiveDate>,
        rule: &'a ResolvedRule,
        source_label: &'a str,
        claim: &RemitClaim,
    ) -> NewItem<'a> {
        let f = &self.finding;
        NewItem {
            facts: ItemFacts {
                kind: self.kind,
                reason_code: &self.reason,
                group_code: self.group.as_deref(),
                carc: self.carc.as_deref(),
                rarcs: &self.rarcs,
                status_code: None,
                entity_code: None,
                category: f.category,
                work_type: f.work_type,
                team: f.team,
                hardness: f.hardness,
                appealable: self.appealable,
                caqh: f.caqh,
                amount: self.amount,
                service_date: self.service_date,
                procedure_code: self.procedure.as_deref(),
                lines: self.lines.as_deref(),
            },
            claim_id,
            payer_id,
            reason_label: &self.label,
            default_path: f.default_path,
            remarks: f.remarks,
            patient_liable: f.patient_liable,
            institutional: claim.institutional,
            notice_date,
            rule,
            source_label,
            claim_facts: None,
            pre: None,
        }
    }
}

fn overlap(a: &[String], b: &[String]) -> usize {
    a.iter().filter(|p| b.contains(p)).count()
}

/// Pairs parts with earlier items: each part (largest first) takes the unpaired earlier item
/// sharing most procedure codes with it (or one without line detail).
fn pair(parts: &[PartFacts], earlier: &[EarlierItem]) -> Vec<(usize, Option<usize>)> {
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(parts[*i].amount));
    let mut used = vec![false; earlier.len()];
    let mut out = Vec::new();
    for pi in order {
        let p = &parts[pi];
        let best = earlier
            .iter()
            .enumerate()
            .filter(|(ei, e)| !used[*ei] && e.kind == p.kind)
            .map(|(ei, e)| {
                (ei, overlap(&e.procedures, &p.procedures), e.procedures.is_empty() || p.procedures.is_empty())
            })
            .filter(|(_, n, blind)| *n > 0 || *blind)
            .max_by_key(|(ei, n, _)| (*n, std::cmp::Reverse(*ei)));
        if let Some((ei, _, _)) = best {
            used[ei] = true;
        }
        out.push((pi, best.map(|(ei, _, _)| ei)));
    }
    out
}

/// The newly remitted claim whose parts answer earlier work.
pub(super) struct Remitted<'a> {
    pub claim_id: i64,
    pub payer_id: Option<i64>,
    pub claim: &'a RemitClaim,
    pub header: &'a RemitHeader,
    pub rule: &'a ResolvedRule,
}

impl LedgerSink<'_> {
    /// A later remit of a claim with fixed or appealed work: denied parts answer earlier items
    /// (repeat denials), earlier items no part covers were paid, other parts are new work.
    pub(super) fn answer_earlier(
        &mut self,
        earlier_ids: &[i64],
        parts: &[PartFacts],
        new: &Remitted<'_>,
    ) -> Result<(), StoreError> {
        let Remitted { claim_id, payer_id, claim, header, rule } = *new;
        let earlier: Vec<EarlierItem> =
            earlier_ids.iter().map(|id| answers::earlier_item(self.conn, *id)).collect::<Result<_, _>>()?;
        let pairs = pair(parts, &earlier);
        let paired: Vec<usize> = pairs.iter().filter_map(|(_, e)| *e).collect();
        let source = self.ctx.kind.as_str();
        for (pi, ei) in &pairs {
            let part = &parts[*pi];
            let Some(ei) = ei else {
                let item = part.item(claim_id, payer_id, header.notice_date(), rule, source, claim);
                self.open_part(part, &item)?;
                continue;
            };
            let e = &earlier[*ei];
            // Medicare: a resubmission that does not revise the initial determination does not
            // extend its appeal window (Noridian): the clocks keep the first determination's date.
            let notice = match rule.plan {
                PlanType::Medicare => e.opened_on.or(header.notice_date()),
                _ => header.notice_date(),
            };
            let item = part.item(claim_id, payer_id, notice, rule, source, claim);
            let tri = self.triage_for(&item)?;
            let reason = format!("{} {}", part.reason, part.label);
            let answer = self.answer(claim_id, claim);
            let reclassify = |c| work_items::reclassify(c, e.id, claim_id, &item.facts, &tri);
            answers::denied_again(self.conn, e.id, &answer, &reason, tri.due, reclassify)?;
            if part.kind == WorkKind::Underpayment {
                crate::store::fee_rates::replace_short_lines(self.conn, e.id, &part.short)?;
            }
            self.outcome.repeat_denials += 1;
        }
        // Earlier items the new remit no longer denies: paid. The payment beyond the earlier
        // claim's is shared out, each item taking at most what it had at risk.
        let mut pool = Cents((claim.paid - earlier.first().map_or(Cents::ZERO, |e| e.paid_before)).cents().max(0));
        for (ei, e) in earlier.iter().enumerate().filter(|(ei, _)| !paired.contains(ei)) {
            let answer = self.answer(claim_id, claim);
            let still_denied = parts.iter().position(|p| overlap(&p.procedures, &e.procedures) > 0);
            match still_denied.and_then(|pi| pairs.iter().find(|(p, _)| *p == pi)).and_then(|(_, x)| *x) {
                Some(into) if into != ei => answers::merged_into(self.conn, e.id, earlier[into].id, &answer)?,
                _ => {
                    let share = pool.min(e.amount);
                    pool = pool - share;
                    let recovered = answers::resolve_paid(self.conn, e.id, &answer, share)?;
                    self.outcome.resolved += 1;
                    self.outcome.recovered += recovered;
                }
            }
        }
        Ok(())
    }
}
