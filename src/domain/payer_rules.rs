//! Which deadline rule applies to a claim: the payer's row in `payers.csv` if one matches,
//! over the defaults of the claim's plan type (from CLP06), over the commercial default.

use super::appeal::FollowUpDays;
use super::code::Carc;
use super::deadlines::DeadlineRule;
use super::remit::PayerIdent;
use super::tables::{PayerRule, Tables};
use super::vocab::PlanType;

#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedRule {
    pub plan: PlanType,
    pub rule: DeadlineRule,
    /// Where the rule came from, for the detail pane: `payers.csv: aetna` or `plan default: medicare`.
    pub source: String,
    /// CARCs this plan does not allow to be appealed (Medicare: 29).
    pub not_appealable: Vec<Carc>,
    /// The `payers.csv` row's key (letter templates are overridden per payer by it).
    pub key: Option<String>,
    pub followup: FollowUpDays,
}

impl ResolvedRule {
    pub fn allows_appeal_of(&self, carc: Carc) -> bool {
        !self.not_appealable.contains(&carc)
    }
}

fn matches_identity(row: &PayerRule, payer: &PayerIdent) -> bool {
    let by_id = match (&row.payer_id, &payer.id) {
        (Some(want), Some(have)) => want.eq_ignore_ascii_case(have.trim()),
        _ => false,
    };
    let by_name =
        row.name_contains.as_ref().is_some_and(|n| payer.name.to_ascii_uppercase().contains(&n.to_ascii_uppercase()));
    by_id || by_name
}

/// Resolves the rule for a payer and a claim filing indicator.
pub fn resolve_rule(tables: &Tables, payer: &PayerIdent, filing_indicator: Option<&str>) -> ResolvedRule {
    let fi_plan = filing_indicator.and_then(|c| tables.plan_for_filing_code(c));
    let row = tables
        .payers
        .iter()
        .find(|r| matches_identity(r, payer) && (r.plan_type.is_none() || fi_plan.is_none() || r.plan_type == fi_plan));
    let plan = fi_plan.or(row.and_then(|r| r.plan_type)).unwrap_or(PlanType::Commercial);
    let defaults = tables.plan_defaults(plan).or_else(|| tables.plan_defaults(PlanType::Commercial));
    let mut rule = defaults.map(|d| d.rule).unwrap_or(FALLBACK);
    let not_appealable = defaults.map(|d| d.not_appealable.clone()).unwrap_or_default();
    let source = match row {
        Some(r) => {
            rule.filing_limit = r.filing_limit.unwrap_or(rule.filing_limit);
            rule.appeal_window = r.appeal_window.unwrap_or(rule.appeal_window);
            rule.appeal_from = r.appeal_from.unwrap_or(rule.appeal_from);
            rule.mail_days = r.mail_days.unwrap_or(rule.mail_days);
            format!("payers.csv: {} ({plan})", r.key)
        }
        None => format!("plan default: {plan}"),
    };
    let defaults = FollowUpDays::default();
    let followup = FollowUpDays {
        portal: row.and_then(|r| r.followup_portal_days).unwrap_or(defaults.portal),
        mail: row.and_then(|r| r.followup_mail_days).unwrap_or(defaults.mail),
    };
    ResolvedRule { plan, rule, source, not_appealable, key: row.map(|r| r.key.clone()), followup }
}

/// Used only if the plan table lacks even a commercial row (validation prevents that).
const FALLBACK: DeadlineRule = DeadlineRule {
    filing_limit: super::deadlines::Period::Days(90),
    appeal_window: super::deadlines::Period::Days(180),
    appeal_from: super::vocab::ClockStart::Remit,
    mail_days: 0,
    roll_forward: true,
};
