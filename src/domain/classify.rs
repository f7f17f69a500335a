//! Is this remit a denial, how much is at risk, what root cause is behind it, and which lines.
//!
//! Rules (see `../shared/domain.md`):
//! - a reversal (CLP02 22) is never a denial;
//! - CLP02 4 is a denial;
//! - otherwise a claim is a denial when it carries denial-class adjustments: CARCs the table
//!   marks `denial=yes` (CO-45, PR-1/2/3, withholds and sequestration are not), CO-45 equal to
//!   the whole charge of a line paid nothing (CARC 45 "cannot equal the total charge": a
//!   creative denial), and codes the table does not know on a line (or claim) paid nothing,
//!   flagged for review. An unknown code on a paid line is a warning, never a denial.
//! - remarks and adjustments apply to the line that carries them; claim-level CAS and MOA/MIA
//!   apply to every line. Denied lines whose ways out differ (a remark takes away appeal rights
//!   on one line only) become separate parts; lines with the same way out form one part.
//!
//! The CARC is evidence, not truth: when the CARC says "see the remark" (16, 96, A1...), a
//! remark with a known root cause decides the category.

use super::code::{Carc, GroupCode, Rarc};
use super::money::Cents;
use super::remarks::RemarkRules;
use super::remit::{Adjustment, RemitClaim};
use super::tables::Tables;
use super::vocab::{Hardness, Path, RootCause, Team, WorkType};

/// One denied part of a claim: its lines, dollars and root cause.
#[derive(Debug, Clone, PartialEq)]
pub struct DenialFinding {
    pub at_risk: Cents,
    /// The denial-class adjustment with the largest amount, if any.
    pub primary: Option<(GroupCode, Carc)>,
    /// Index of the service line that carries the primary adjustment (None: claim level).
    pub primary_line: Option<usize>,
    /// The service lines (indices) this part covers; empty: the claim as a whole.
    pub lines: Vec<usize>,
    /// Remarks that explain the primary adjustment, most specific first.
    pub rarcs: Vec<Rarc>,
    pub remarks: RemarkRules,
    pub category: RootCause,
    pub team: Team,
    pub work_type: WorkType,
    pub hardness: Hardness,
    pub appealable: bool,
    pub default_path: Path,
    pub caqh: Option<u8>,
    /// PR-96, PR-204 and the like: the service is denied and billable to the patient.
    pub patient_liable: bool,
    /// True when nothing was paid; false for a line-level (partial) denial.
    pub full: bool,
}

impl DenialFinding {
    /// `CO-197`, or `CLP02-4` when the payer denied without an adjustment code.
    pub fn reason_code(&self) -> String {
        match self.primary {
            Some((g, c)) => format!("{g}-{c}"),
            None => "CLP02-4".to_string(),
        }
    }

    /// Line numbers (1-based, space-separated) as the ledger keeps them; `None` for the claim.
    pub fn lines_text(&self) -> Option<String> {
        let nums: Vec<String> = self.lines.iter().map(|i| (i + 1).to_string()).collect();
        (!nums.is_empty()).then(|| nums.join(" "))
    }
}

/// What classification found on a claim.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Classification {
    /// The denied parts; empty when the claim is not a denial.
    pub parts: Vec<DenialFinding>,
    /// Codes the table does not know, found on paid lines: reported, not denied.
    pub unknown_on_paid: Vec<Carc>,
    /// Contractual CO adjustments (not denials), for the net collection rate.
    pub contractual: Cents,
}

impl Classification {
    pub fn at_risk(&self) -> Cents {
        self.parts.iter().map(|p| p.at_risk).sum()
    }
}

/// Where an adjustment sits: its line's charge and payment (or the claim's).
#[derive(Clone, Copy)]
struct Place {
    line: Option<usize>,
    charge: Cents,
    paid: Cents,
}

/// True when this adjustment by itself is a refusal to pay (not contractual, not cost share).
fn is_denial(adj: &Adjustment, at: Place, tables: &Tables) -> bool {
    if adj.amount.cents() <= 0 {
        return false;
    }
    match tables.carc(adj.carc) {
        // CARC 45's usage note: it cannot equal the total charge. All of it, nothing paid: denied.
        Some(_) if adj.carc.as_str() == "45" => {
            at.paid.cents() <= 0 && adj.amount >= at.charge && at.charge.cents() > 0
        }
        Some(info) => info.denial,
        None => at.paid.cents() <= 0,
    }
}

/// Classifies a remit claim into denied parts (none when it is not a denial).
pub fn classify_claim(claim: &RemitClaim, tables: &Tables) -> Classification {
    let mut out = Classification::default();
    let reversal = claim.is_reversal();
    let claim_place = Place { line: None, charge: claim.charge, paid: claim.paid };
    let all =
        claim.adjustments.iter().map(|a| (claim_place, a)).chain(claim.lines.iter().enumerate().flat_map(|(i, l)| {
            l.adjustments.iter().map(move |a| (Place { line: Some(i), charge: l.charge, paid: l.paid }, a))
        }));
    let mut denied: Vec<(Option<usize>, Adjustment)> = Vec::new();
    for (place, a) in all {
        if !reversal && is_denial(a, place, tables) {
            denied.push((place.line, *a));
        } else if a.group == GroupCode::Co && tables.carc(a.carc).is_some_and(|i| !i.denial) {
            // A reversal's negative amounts net its original's out.
            out.contractual += a.amount;
        } else if !reversal && tables.carc(a.carc).is_none() && !out.unknown_on_paid.contains(&a.carc) {
            out.unknown_on_paid.push(a.carc);
        }
    }
    if reversal {
        return out;
    }
    if denied.is_empty() {
        if claim.status == "4" {
            let at_risk = (claim.charge - claim.paid - claim.patient_resp).max(Cents::ZERO);
            let mut f = base_finding(None, tables, at_risk, relevant_remarks(claim, None));
            f.full = claim.paid.cents() <= 0;
            out.parts.push(f);
        }
        return out;
    }
    // One finding per unit (a line, or the claim level), then units with the same way out merge.
    // Grouped by one stable sort, so a claim of many lines costs n log n, not n squared.
    denied.sort_by_key(|(l, _)| *l);
    for group in denied.chunk_by(|a, b| a.0 == b.0) {
        let unit = group[0].0;
        let adjs: Vec<&Adjustment> = group.iter().map(|(_, a)| a).collect();
        let at_risk: Cents = adjs.iter().map(|a| a.amount).sum();
        // Largest amount wins; on a tie the first in file order.
        let primary = adjs.iter().fold(None::<&Adjustment>, |best, cur| match best {
            Some(b) if b.amount >= cur.amount => Some(b),
            _ => Some(cur),
        });
        let mut f = base_finding(primary.copied(), tables, at_risk, relevant_remarks(claim, unit));
        f.primary_line = unit;
        f.lines = unit.into_iter().collect();
        merge_into(&mut out.parts, f);
    }
    let full = claim.paid.cents() <= 0;
    for p in &mut out.parts {
        p.full = full;
        p.lines.sort_unstable();
        p.lines.dedup();
    }
    out
}

/// The way out a part implies: parts that agree on it are one piece of work.
fn way_out(f: &DenialFinding) -> (Path, bool, bool) {
    let path = f.remarks.path.map_or(f.default_path, |(p, _)| p);
    (path, f.appealable && f.remarks.no_appeal.is_none(), f.patient_liable)
}

fn merge_into(parts: &mut Vec<DenialFinding>, f: DenialFinding) {
    let Some(p) = parts.iter_mut().find(|p| way_out(p) == way_out(&f)) else {
        parts.push(f);
        return;
    };
    let total = p.at_risk + f.at_risk;
    // Sorted once, when every unit has merged (`classify_claim`).
    let mut lines = std::mem::take(&mut p.lines);
    lines.extend(f.lines.iter().copied());
    if f.at_risk > p.at_risk {
        let mut rarcs = f.rarcs.clone();
        rarcs.extend(p.rarcs.iter().filter(|r| !f.rarcs.contains(r)));
        *p = DenialFinding { rarcs, ..f };
    } else {
        let extra: Vec<Rarc> = f.rarcs.iter().copied().filter(|r| !p.rarcs.contains(r)).collect();
        p.rarcs.extend(extra);
    }
    p.at_risk = total;
    p.lines = lines;
}

/// Remarks of the line first, then claim-level ones (MOA, MIA, claim LQ), which apply to every
/// line; a claim-level unit also reads every line's remarks.
fn relevant_remarks(claim: &RemitClaim, line: Option<usize>) -> Vec<Rarc> {
    let mut out: Vec<Rarc> = Vec::new();
    let mut push = |code: Rarc| {
        if !out.contains(&code) {
            out.push(code);
        }
    };
    match line.and_then(|i| claim.lines.get(i)) {
        Some(l) => {
            l.remarks.iter().for_each(|r| push(r.code));
            claim.remarks.iter().for_each(|r| push(r.code));
        }
        None => {
            claim.remarks.iter().for_each(|r| push(r.code));
            claim.all_remarks().into_iter().for_each(&mut push);
        }
    }
    out
}

fn base_finding(primary: Option<Adjustment>, tables: &Tables, at_risk: Cents, rarcs: Vec<Rarc>) -> DenialFinding {
    let info = primary.and_then(|a| tables.carc(a.carc));
    let mut category = info.map_or(RootCause::Unknown, |i| i.category);
    let mut team = info.map_or(Team::BillingOps, |i| i.team);
    let mut work_type = info.map_or(WorkType::Research, |i| i.work_type);
    let needs_rarc = info.is_none_or(|i| i.needs_rarc);
    if needs_rarc && info.is_some() {
        let specific = rarcs.iter().find_map(|r| tables.rarc(*r).and_then(|ri| ri.category));
        if let Some(cat) = specific {
            category = cat;
            if let Some(ci) = tables.category(cat) {
                team = ci.team;
                work_type = ci.work_type;
            }
        }
    }
    let whole_charge_45 = primary.is_some_and(|a| a.carc.as_str() == "45");
    if whole_charge_45 {
        // A creative denial dressed as a fee-schedule cut: contract management appeals it.
        category = RootCause::Contractual;
        team = Team::ContractManagement;
        work_type = WorkType::ContractReview;
    }
    let patient_liable = primary.is_some_and(|a| a.group == GroupCode::Pr)
        && matches!(category, RootCause::MedicalNecessity | RootCause::Experimental);
    let remarks = RemarkRules::of(&rarcs, tables);
    DenialFinding {
        at_risk,
        primary: primary.map(|a| (a.group, a.carc)),
        primary_line: None,
        lines: Vec::new(),
        rarcs,
        remarks,
        category,
        team,
        work_type,
        hardness: info.map_or(Hardness::Soft, |i| i.hardness),
        appealable: whole_charge_45 || info.is_none_or(|i| i.appealable),
        default_path: if whole_charge_45 { Path::Appeal } else { info.map_or(Path::Fix, |i| i.default_path) },
        caqh: info.and_then(|i| i.caqh),
        patient_liable,
        full: true,
    }
}
