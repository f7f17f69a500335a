//! Is this remit a denial, how much is at risk, and what root cause is behind it.
//!
//! Rules (see `../shared/domain.md`):
//! - a reversal (CLP02 22) is never a denial;
//! - CLP02 4 is a denial;
//! - otherwise a claim is a denial when it carries denial-class adjustments: CARCs the table
//!   marks `denial=yes` (CO-45 and PR-1/2/3 are not), or unknown CARCs outside group PR.
//!   That catches the "creative denial" (CLP02 1 with $0 paid and no CO-45) and line-level
//!   denials on an otherwise paid claim.
//!
//! The CARC is evidence, not truth: when the CARC says "see the remark" (16, 96, A1...), a
//! remark with a known root cause decides the category.

use super::code::{Carc, GroupCode, Rarc};
use super::money::Cents;
use super::remit::{Adjustment, RemitClaim};
use super::tables::Tables;
use super::vocab::{Hardness, Path, RootCause, Team, WorkType};

/// What classification found on a claim that is a denial.
#[derive(Debug, Clone, PartialEq)]
pub struct DenialFinding {
    pub at_risk: Cents,
    /// The denial-class adjustment with the largest amount, if any.
    pub primary: Option<(GroupCode, Carc)>,
    /// Index of the service line that carries the primary adjustment (None: claim level).
    pub primary_line: Option<usize>,
    /// Remarks that explain the primary adjustment, most specific first.
    pub rarcs: Vec<Rarc>,
    pub category: RootCause,
    pub team: Team,
    pub work_type: WorkType,
    pub hardness: Hardness,
    pub appealable: bool,
    pub default_path: Path,
    pub caqh: Option<u8>,
    /// A remark that dictates the path (MA130: fix, never appeal).
    pub rarc_path: Option<(Path, Rarc)>,
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
}

/// True when this adjustment by itself is a refusal to pay (not contractual, not cost share).
pub fn is_denial_adjustment(adj: &Adjustment, tables: &Tables) -> bool {
    if adj.amount.cents() <= 0 {
        return false;
    }
    match tables.carc(adj.carc) {
        Some(info) => info.denial,
        None => adj.group != GroupCode::Pr,
    }
}

/// Classifies a remit claim; `None` when it is not a denial.
pub fn classify_claim(claim: &RemitClaim, tables: &Tables) -> Option<DenialFinding> {
    if claim.is_reversal() {
        return None;
    }
    let denied: Vec<(Option<usize>, &Adjustment)> = claim
        .adjustments
        .iter()
        .map(|a| (None, a))
        .chain(claim.lines.iter().enumerate().flat_map(|(i, l)| l.adjustments.iter().map(move |a| (Some(i), a))))
        .filter(|(_, a)| is_denial_adjustment(a, tables))
        .collect();
    let denied_status = claim.status == "4";
    if denied.is_empty() && !denied_status {
        return None;
    }
    let mut at_risk: Cents = denied.iter().map(|(_, a)| a.amount).sum();
    if at_risk.is_zero() {
        at_risk = (claim.charge - claim.paid - claim.patient_resp).max(Cents::ZERO);
    }
    // Largest amount wins; on a tie the first in file order.
    let primary = denied.iter().fold(None::<&(Option<usize>, &Adjustment)>, |best, cur| match best {
        Some(b) if b.1.amount >= cur.1.amount => Some(b),
        _ => Some(cur),
    });
    let rarcs = relevant_remarks(claim, primary.and_then(|(line, _)| *line));
    let mut finding = base_finding(primary.map(|(_, a)| **a), tables, at_risk, rarcs);
    finding.full = claim.paid.cents() <= 0;
    finding.primary_line = primary.and_then(|(line, _)| *line);
    Some(finding)
}

/// Remarks of the primary adjustment's line first, then claim-level ones, then the rest.
fn relevant_remarks(claim: &RemitClaim, line: Option<usize>) -> Vec<Rarc> {
    let mut out: Vec<Rarc> = Vec::new();
    let mut push = |code: Rarc| {
        if !out.contains(&code) {
            out.push(code);
        }
    };
    if let Some(l) = line.and_then(|i| claim.lines.get(i)) {
        l.remarks.iter().for_each(|r| push(r.code));
    }
    claim.remarks.iter().for_each(|r| push(r.code));
    claim.all_remarks().into_iter().for_each(&mut push);
    out
}

fn base_finding(primary: Option<Adjustment>, tables: &Tables, at_risk: Cents, rarcs: Vec<Rarc>) -> DenialFinding {
    let info = primary.and_then(|a| tables.carc(a.carc));
    let mut category = info.map_or(RootCause::Unknown, |i| i.category);
    let mut team = info.map_or(Team::BillingOps, |i| i.team);
    let mut work_type = info.map_or(WorkType::Research, |i| i.work_type);
    let needs_rarc = info.is_none_or(|i| i.needs_rarc);
    if needs_rarc {
        let specific = rarcs.iter().find_map(|r| tables.rarc(*r).and_then(|ri| ri.category));
        if let Some(cat) = specific {
            category = cat;
            if let Some(ci) = tables.category(cat) {
                team = ci.team;
                work_type = ci.work_type;
            }
        }
    }
    let rarc_path = rarcs.iter().find_map(|r| tables.rarc(*r).and_then(|ri| ri.path.map(|p| (p, *r))));
    DenialFinding {
        at_risk,
        primary: primary.map(|a| (a.group, a.carc)),
        primary_line: None,
        rarcs,
        category,
        team,
        work_type,
        hardness: info.map_or(Hardness::Soft, |i| i.hardness),
        appealable: info.is_none_or(|i| i.appealable),
        default_path: info.map_or(Path::Fix, |i| i.default_path),
        caqh: info.and_then(|i| i.caqh),
        rarc_path,
        full: true,
    }
}
