//! The code tables and payer rules the domain consults. They are data (see `assets/`);
//! this file only defines their shape and the lookups.

use std::collections::HashMap;

use super::appeal::{AppealLevel, PacketItem};
use super::code::{Carc, Rarc, StatusCode, StcCategory};
use super::deadlines::{DeadlineRule, Period};
use super::kpi::KpiTarget;
use super::vocab::{ClockStart, Hardness, Path, PlanType, Resubmit, RootCause, StcEffect, Team, WorkType};

#[derive(Debug, Clone, PartialEq)]
pub struct CarcInfo {
    pub code: Carc,
    pub category: RootCause,
    pub work_type: WorkType,
    pub team: Team,
    pub hardness: Hardness,
    pub appealable: bool,
    pub default_path: Path,
    /// CAQH CORE business scenario 1-4, when one applies.
    pub caqh: Option<u8>,
    /// False for codes that never make a denial on their own (CO-45, PR-1/2/3, ...).
    pub denial: bool,
    /// CARC 16, 96, A1...: the RARC says what is actually wrong.
    pub needs_rarc: bool,
    pub label: String,
    pub status: CodeStatus,
}

/// Where a code stands in its published list: its start and stop dates (either may be
/// unrecorded). Deactivated codes still arrive on remits, so they keep their rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CodeStatus {
    pub start: Option<chrono::NaiveDate>,
    pub stop: Option<chrono::NaiveDate>,
    /// Deactivated in the list even where its stop date is not recorded.
    pub deactivated: bool,
}

impl CodeStatus {
    /// "deactivated 2009-07-01", "deactivated", or None for a current code.
    pub fn note(&self) -> Option<String> {
        match (self.deactivated, self.stop) {
            (_, Some(stop)) => Some(format!("deactivated {stop}")),
            (true, None) => Some("deactivated".into()),
            (false, None) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RarcInfo {
    pub code: Rarc,
    pub label: String,
    /// When present, a more specific root cause than the CARC's.
    pub category: Option<RootCause>,
    /// When present, overrides the suggested path (MA130: fix, never appeal).
    pub path: Option<Path>,
    /// The remark says the decision cannot be appealed (MA130, N211, MA44, N704).
    pub no_appeal: bool,
    /// The remark says how to resubmit (MA130, N142: a new claim).
    pub resubmit: Option<Resubmit>,
    /// Informational alert, never an explanation of an adjustment.
    pub alert: bool,
    pub status: CodeStatus,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CategoryInfo {
    pub category: RootCause,
    pub label: String,
    pub team: Team,
    pub work_type: WorkType,
    pub upstream_fix: String,
    /// Prior probability (per mille) that working an item of this category recovers money.
    pub recoverability: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StcCategoryInfo {
    pub code: StcCategory,
    pub effect: StcEffect,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusCodeInfo {
    pub code: StatusCode,
    pub category: RootCause,
    /// "Entity's X" codes: the entity decides whether it is a patient or provider problem.
    pub entity_dependent: bool,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanDefaults {
    pub plan_type: PlanType,
    pub label: String,
    /// CLP06 claim filing indicator codes that mean this plan type.
    pub filing_codes: Vec<String>,
    pub rule: DeadlineRule,
    /// CARCs this plan type does not allow to be appealed (Medicare: CO-29 timely filing).
    pub not_appealable: Vec<Carc>,
    /// The published sources of its windows.
    pub source: String,
}

/// A row of `payers.csv`: matches a payer by identifier or name, overrides plan defaults.
/// Blank periods fall back to the plan type's.
#[derive(Debug, Clone, PartialEq)]
pub struct PayerRule {
    pub key: String,
    /// Payer identifiers that match exactly (several for a contractor with one per state).
    pub payer_ids: Vec<String>,
    pub name_contains: Option<String>,
    pub plan_type: Option<PlanType>,
    pub filing_limit: Option<Period>,
    pub filing_limit_last: Option<Period>,
    pub appeal_window: Option<Period>,
    pub appeal_window_last: Option<Period>,
    pub appeal_from: Option<ClockStart>,
    pub mail_days: Option<u32>,
    pub roll_forward: Option<bool>,
    pub note: String,
    /// The published sources of the row's windows.
    pub source: String,
    /// Days to follow up after a portal (fax, electronic) or a mailed appeal.
    pub followup_portal_days: Option<u32>,
    pub followup_mail_days: Option<u32>,
    /// Where written appeals go (`appeal_address`, lines separated by `|`); empty when the
    /// table does not say.
    pub appeal_address: Vec<String>,
    /// Days a submitted claim may wait for its 277CA acceptance, then for its remit, before
    /// it is no-response work (blank: the practice defaults, `inventory::Waits`).
    pub ack_wait_days: Option<u32>,
    pub remit_wait_days: Option<u32>,
}

/// One entry of a pick list (write-off reasons, fix fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub code: String,
    pub label: String,
    pub needs_note: bool,
}

/// Every table, loaded once per process.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    pub carcs: super::FastMap<Carc, CarcInfo>,
    pub rarcs: super::FastMap<Rarc, RarcInfo>,
    pub groups: HashMap<String, String>,
    pub claim_statuses: HashMap<String, String>,
    pub stc_categories: super::FastMap<StcCategory, StcCategoryInfo>,
    pub status_codes: super::FastMap<StatusCode, StatusCodeInfo>,
    pub entities: HashMap<String, (String, RootCause)>,
    pub categories: super::FastMap<RootCause, CategoryInfo>,
    pub plans: Vec<PlanDefaults>,
    pub payers: Vec<PayerRule>,
    pub writeoff_reasons: Vec<Choice>,
    pub fix_fields: Vec<Choice>,
    pub appeal_levels: Vec<AppealLevel>,
    pub packet: Vec<PacketItem>,
    pub kpi_targets: Vec<KpiTarget>,
    /// Location names by place-of-service code.
    pub places: HashMap<String, String>,
    /// `name@version` of every table, for the import batch record.
    pub versions: Vec<String>,
}

impl Tables {
    pub fn carc(&self, code: Carc) -> Option<&CarcInfo> {
        self.carcs.get(&code)
    }

    pub fn rarc(&self, code: Rarc) -> Option<&RarcInfo> {
        self.rarcs.get(&code)
    }

    pub fn category(&self, c: RootCause) -> Option<&CategoryInfo> {
        self.categories.get(&c)
    }

    /// Every root cause's label, for reports that name causes.
    pub fn category_labels(&self) -> std::collections::BTreeMap<RootCause, String> {
        self.categories.iter().map(|(c, i)| (*c, i.label.clone())).collect()
    }

    /// Short label of a CARC, or "unknown code".
    pub fn carc_label(&self, code: Carc) -> &str {
        self.carc(code).map_or("unknown code", |c| c.label.as_str())
    }

    pub fn rarc_label(&self, code: Rarc) -> &str {
        self.rarc(code).map_or("unknown code", |c| c.label.as_str())
    }

    /// The short label of a work item's reason: its CARC's, or for a rejection its 277 status
    /// code's (`A7:562:85` -> "Entity's NPI").
    pub fn reason_label(&self, carc: Option<&str>, reason_code: &str) -> String {
        if let Some(c) = carc.and_then(Carc::new) {
            return self.carc_label(c).to_string();
        }
        if let Some(s) = super::inventory::Silence::from_code(reason_code) {
            return s.label().to_string();
        }
        let mut parts = reason_code.split(':');
        match (parts.next().and_then(StcCategory::new), parts.next().and_then(StatusCode::new)) {
            (Some(cat), code) if self.stc_categories.contains_key(&cat) => code
                .and_then(|c| self.status_codes.get(&c))
                .map(|i| i.label.clone())
                .or_else(|| self.stc_categories.get(&cat).map(|i| i.label.clone()))
                .unwrap_or_else(|| "unknown status".into()),
            _ => "denied without an adjustment code".into(),
        }
    }

    pub fn stc_effect(&self, code: StcCategory) -> StcEffect {
        self.stc_categories.get(&code).map_or(StcEffect::Info, |c| c.effect)
    }

    /// Plan type from a CLP06 claim filing indicator (or a plan type name, as spreadsheets give).
    pub fn plan_for_filing_code(&self, code: &str) -> Option<PlanType> {
        let code = code.trim();
        if let Some(plan) = PlanType::parse(code) {
            return Some(plan);
        }
        self.plans.iter().find(|p| p.filing_codes.iter().any(|c| c.eq_ignore_ascii_case(code))).map(|p| p.plan_type)
    }

    pub fn plan_defaults(&self, plan: PlanType) -> Option<&PlanDefaults> {
        self.plans.iter().find(|p| p.plan_type == plan)
    }

    /// "11 Office", or "POS 99" for a code the table does not name; "(none)" when missing.
    pub fn place_label(&self, code: Option<&str>) -> String {
        match code.map(str::trim).filter(|c| !c.is_empty()) {
            None => super::rca::NONE.to_string(),
            Some(c) => match self.places.get(&c.to_ascii_uppercase()) {
                Some(name) => format!("{c} {name}"),
                None => format!("POS {c}"),
            },
        }
    }

    pub fn versions_text(&self) -> String {
        self.versions.join(" ")
    }
}
