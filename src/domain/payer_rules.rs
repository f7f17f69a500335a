//! Which deadline rule applies to a claim, decided in this order:
//! 1. a `payers.csv` row listing the payer's exact identifier (N1*PR N104, REF*2U, 277 NM1*PR);
//! 2. the claim's own plan type (CLP06 filing indicator, or a spreadsheet's plan_type): a
//!    government plan (Medicare, Medicare Advantage, Medicaid, TRICARE, workers' comp) is never
//!    overridden by a commercial row;
//! 3. a row whose name appears in the payer's name, the most specific (longest) first.
//!
//! A payer row overrides the plan type's defaults; blank cells keep them.

use super::appeal::FollowUpDays;
use super::code::Carc;
use super::deadlines::{DeadlineRule, Window};
use super::inventory::Waits;
use super::remit::PayerIdent;
use super::tables::{PayerRule, Tables};
use super::vocab::PlanType;

#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedRule {
    pub plan: PlanType,
    pub rule: DeadlineRule,
    /// Where the rule came from: `payers.csv: aetna (commercial)` or `plan default: medicare`.
    pub source: String,
    /// Why that row or plan applies: `payer id 12502`, `filing indicator 16`.
    pub because: String,
    /// The published sources of the windows, from the table rows.
    pub citation: String,
    /// CARCs this plan does not allow to be appealed (Medicare: 29).
    pub not_appealable: Vec<Carc>,
    /// The `payers.csv` row's key (letter templates are overridden per payer by it).
    pub key: Option<String>,
    pub followup: FollowUpDays,
    /// How long a submitted claim of this payer may wait for each answer.
    pub waits: Waits,
}

impl ResolvedRule {
    pub fn allows_appeal_of(&self, carc: Carc) -> bool {
        !self.not_appealable.contains(&carc)
    }

    /// The one line the detail shows and the ledger keeps: "payers.csv: aetna (commercial)
    /// because payer id 60054; sources: ...".
    pub fn describe(&self) -> String {
        let mut s = format!("{} because {}", self.source, self.because);
        if !self.citation.is_empty() {
            s.push_str("; sources: ");
            s.push_str(&self.citation);
        }
        s
    }
}

/// Plans whose rules are set by law or program, not by a commercial contract.
fn government(plan: PlanType) -> bool {
    !matches!(plan, PlanType::Commercial | PlanType::Bcbs | PlanType::Other)
}

/// Whether a row may apply to a claim whose own plan type is `claim_plan`.
fn fits(row: &PayerRule, claim_plan: Option<PlanType>) -> bool {
    match (claim_plan, row.plan_type) {
        (None, _) => true,
        // A row for any plan of the payer is a commercial row.
        (Some(c), None) => !government(c),
        (Some(c), Some(r)) => c == r || (!government(c) && !government(r)),
    }
}

fn name_matches<'t>(tables: &'t Tables, name: &str, claim_plan: Option<PlanType>) -> Vec<&'t PayerRule> {
    let upper = name.to_ascii_uppercase();
    let mut rows: Vec<&PayerRule> = tables
        .payers
        .iter()
        .filter(|r| r.name_contains.as_ref().is_some_and(|n| upper.contains(&n.to_ascii_uppercase())))
        .filter(|r| fits(r, claim_plan))
        .collect();
    // Most specific first; the table's order breaks ties.
    rows.sort_by_key(|r| std::cmp::Reverse(r.name_contains.as_ref().map_or(0, String::len)));
    rows
}

/// The row that applies, the plan type, and why.
fn choose<'t>(
    tables: &'t Tables,
    payer: &PayerIdent,
    claim_plan: Option<(PlanType, &str)>,
) -> (Option<&'t PayerRule>, Option<PlanType>, String) {
    let plan = claim_plan.map(|(p, _)| p);
    let id = payer.id.as_deref().map(str::trim).filter(|i| !i.is_empty());
    if let Some(id) = id {
        let row = tables
            .payers
            .iter()
            .filter(|r| fits(r, plan))
            .find(|r| r.payer_ids.iter().any(|p| p.eq_ignore_ascii_case(id)));
        if let Some(row) = row {
            let mut why = format!("payer id {id}");
            if let Some((_, code)) = claim_plan {
                why.push_str(&format!(" and filing indicator {code}"));
            }
            return (Some(row), row.plan_type.or(plan), why);
        }
    }
    let named = name_matches(tables, &payer.name, plan);
    if let Some((p, code)) = claim_plan {
        // The claim says what plan it is; a payer's row for that plan refines it.
        let said = if PlanType::parse(code).is_some() {
            format!("plan type {p}")
        } else {
            format!("filing indicator {code} ({p})")
        };
        let row = named.iter().copied().find(|r| r.plan_type == Some(p) || (!government(p) && r.plan_type.is_none()));
        let why = match row {
            Some(r) => format!("{said} and the name contains '{}'", r.name_contains.as_deref().unwrap_or_default()),
            None => said,
        };
        return (row.or(named.first().copied().filter(|_| !government(p))), Some(p), why);
    }
    let Some(first) = named.first().copied() else {
        return (None, None, "no payer row matches its id or name".into());
    };
    let needle = first.name_contains.as_deref().unwrap_or_default();
    // "AETNA MEDICARE", "CIGNA MEDICARE ADVANTAGE": a commercial carrier's Medicare plan is a
    // Medicare Advantage plan, not original Medicare.
    if first.plan_type == Some(PlanType::Medicare)
        && let Some(carrier) = named.iter().find(|r| !r.plan_type.is_some_and(government))
    {
        let why = format!(
            "the name contains '{needle}' and the carrier '{}': a Medicare Advantage plan",
            carrier.name_contains.as_deref().unwrap_or_default()
        );
        return (None, Some(PlanType::MedicareAdvantage), why);
    }
    (Some(first), first.plan_type, format!("the name contains '{needle}'"))
}

/// Resolves the rule for a payer and a claim filing indicator (CLP06 code or plan type name).
pub fn resolve_rule(tables: &Tables, payer: &PayerIdent, filing_indicator: Option<&str>) -> ResolvedRule {
    let claim_plan = filing_indicator
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .and_then(|c| tables.plan_for_filing_code(c).map(|p| (p, c)));
    let (row, plan, because) = choose(tables, payer, claim_plan);
    let plan = plan.unwrap_or(PlanType::Commercial);
    let defaults = tables.plan_defaults(plan).or_else(|| tables.plan_defaults(PlanType::Commercial));
    let mut rule = defaults.map_or(FALLBACK, |d| d.rule);
    let not_appealable = defaults.map(|d| d.not_appealable.clone()).unwrap_or_default();
    let mut citation: Vec<String> = Vec::new();
    let source = match row {
        Some(r) => {
            overlay(&mut rule, r);
            citation.push(r.source.clone());
            format!("payers.csv: {} ({plan})", r.key)
        }
        None => format!("plan default: {plan}"),
    };
    if let Some(d) = defaults.filter(|d| !d.source.is_empty()) {
        citation.push(format!("{} defaults: {}", d.plan_type, d.source));
    }
    let defaults_fu = FollowUpDays::default();
    let followup = FollowUpDays {
        portal: row.and_then(|r| r.followup_portal_days).unwrap_or(defaults_fu.portal),
        mail: row.and_then(|r| r.followup_mail_days).unwrap_or(defaults_fu.mail),
    };
    let default_waits = Waits::default();
    let waits = Waits {
        ack_days: row.and_then(|r| r.ack_wait_days).map_or(default_waits.ack_days, i64::from),
        remit_days: row.and_then(|r| r.remit_wait_days).map_or(default_waits.remit_days, i64::from),
    };
    citation.retain(|c| !c.trim().is_empty());
    ResolvedRule {
        plan,
        rule,
        source,
        because,
        citation: citation.join("; "),
        not_appealable,
        key: row.map(|r| r.key.clone()),
        followup,
        waits,
    }
}

/// A payer row's cells over the plan defaults. A row that sets only the aim keeps the plan's
/// last period (a last date is never earlier than the aim date: see `deadlines::span`).
fn overlay(rule: &mut DeadlineRule, r: &PayerRule) {
    let merge =
        |w: Window, aim: Option<_>, last: Option<_>| Window { aim: aim.unwrap_or(w.aim), last: last.or(w.last) };
    rule.filing = merge(rule.filing, r.filing_limit, r.filing_limit_last);
    rule.appeal = merge(rule.appeal, r.appeal_window, r.appeal_window_last);
    rule.appeal_from = r.appeal_from.unwrap_or(rule.appeal_from);
    rule.mail_days = r.mail_days.unwrap_or(rule.mail_days);
    rule.roll_forward = r.roll_forward.unwrap_or(rule.roll_forward);
}

/// Used only if the plan table lacks even a commercial row (validation prevents that).
const FALLBACK: DeadlineRule = DeadlineRule {
    filing: Window { aim: super::deadlines::Period::Days(90), last: None },
    appeal: Window { aim: super::deadlines::Period::Days(180), last: None },
    appeal_from: super::vocab::ClockStart::Remit,
    mail_days: 0,
    roll_forward: false,
    reopening: None,
};
