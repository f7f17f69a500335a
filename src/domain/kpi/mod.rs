//! The practice's denial KPIs, their definitions (HFMA's wording where HFMA defines one) and
//! benchmark targets (`assets/kpi-targets.csv`). Pure: the store counts, this divides.

mod figures;

use chrono::NaiveDate;
use serde::Serialize;

use super::code::string_enum;
use super::week::Week;

/// Weeks the KPI screen and report cover by default (a quarter).
pub const PERIOD_WEEKS: i64 = 13;

/// The default KPI period: the `PERIOD_WEEKS` weeks ending with `last`.
pub fn period_ending(last: Week) -> (NaiveDate, NaiveDate) {
    (last.plus(-(PERIOD_WEEKS - 1)).monday(), last.sunday())
}

pub use figures::{
    AGING_BUCKETS, BillerDays, CategoryAppeals, Figure, KpiCounts, PayerCounts, UNANSWERED_AGES, WeekRate,
    aging_bucket, figures,
};

string_enum!(
    /// Every headline figure of the KPI screen and report.
    KpiKey {
        DenialRateCount => "denial_rate_count",
        DenialRateDollars => "denial_rate_dollars",
        CleanClaimRate => "clean_claim_rate",
        OverturnRate => "overturn_rate",
        DaysToDecision => "days_to_decision",
        DaysToResolution => "days_to_resolution",
        ResolvedWithin30 => "resolved_within_30_days",
        RecoveredShare => "recovered_share",
        NetCollectionRate => "net_collection_rate",
        WriteOffs => "denial_write_offs",
        DecisionsPerBillerDay => "decisions_per_biller_day",
        UnderpaidFound => "underpaid_found",
        UnderpaidRecovered => "underpaid_recovered",
        DaysToRemit => "days_submission_to_remit",
        UnansweredClaims => "claims_without_answer",
    }
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Percent,
    Days,
    PerDay,
    Dollars,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Lower,
    Higher,
}

/// A row of `kpi-targets.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiTarget {
    pub key: KpiKey,
    /// None: no published benchmark (the row still says where to look).
    pub target: Option<f64>,
    pub better: Better,
    pub source: String,
}

impl KpiTarget {
    pub fn meets(&self, value: f64) -> Option<bool> {
        let t = self.target?;
        Some(match self.better {
            Better::Lower => value <= t,
            Better::Higher => value >= t,
        })
    }

    /// "< 5%", ">= 95%", "<= 7 days", or "none published".
    pub fn text(&self, unit: Unit) -> String {
        let Some(t) = self.target else { return "none published".into() };
        let op = match self.better {
            Better::Lower => "<=",
            Better::Higher => ">=",
        };
        format!("{op} {}", unit.format(t))
    }
}

impl Unit {
    pub fn format(self, v: f64) -> String {
        match self {
            Unit::Percent => format!("{v:.1}%"),
            Unit::Days => format!("{v:.1} days"),
            Unit::PerDay => format!("{v:.1}/day"),
            Unit::Dollars => super::money::Cents((v * 100.0).round() as i64).to_string(),
        }
    }
}

impl KpiKey {
    pub fn title(self) -> &'static str {
        match self {
            KpiKey::DenialRateCount => "Initial denial rate (claims)",
            KpiKey::DenialRateDollars => "Initial denial rate (dollars)",
            KpiKey::CleanClaimRate => "Clean claim rate (277CA first pass)",
            KpiKey::OverturnRate => "Appeal overturn rate",
            KpiKey::DaysToDecision => "Days from denial to decision",
            KpiKey::DaysToResolution => "Days from denial to resolution",
            KpiKey::ResolvedWithin30 => "Denials resolved within 30 days",
            KpiKey::RecoveredShare => "Recovered of recovered + written off",
            KpiKey::NetCollectionRate => "Net collection rate",
            KpiKey::WriteOffs => "Denial write-offs in the period",
            KpiKey::DecisionsPerBillerDay => "Decisions per biller per day",
            KpiKey::UnderpaidFound => "Underpaid dollars found",
            KpiKey::UnderpaidRecovered => "Underpaid dollars recovered",
            KpiKey::DaysToRemit => "Days from submission to remit",
            KpiKey::UnansweredClaims => "Claims without an answer",
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            KpiKey::DaysToDecision | KpiKey::DaysToResolution | KpiKey::DaysToRemit => Unit::Days,
            KpiKey::DecisionsPerBillerDay => Unit::PerDay,
            KpiKey::WriteOffs | KpiKey::UnderpaidFound | KpiKey::UnderpaidRecovered | KpiKey::UnansweredClaims => {
                Unit::Dollars
            }
            _ => Unit::Percent,
        }
    }

    /// The definition, as the README and `report kpi --help` print it.
    pub fn definition(self) -> &'static str {
        match self {
            KpiKey::DenialRateCount => {
                "Claims denied on their first adjudication / claims first adjudicated on the 835s imported for the \
                 period (by remit date). Each claim counts once, as its first remit adjudicated it: later fixes, \
                 appeals, reversals and corrected claims change neither the count nor the dollars. HFMA Claim \
                 Integrity Task Force: initially denied claims / claims submitted, the denominator averaged over the \
                 three months before; MAP Key AR-5 is the remittance denial rate. Where the practice's 837s reach \
                 back to the period's first day and hold at least 90% of the claims its remits adjudicated (a \
                 practice threshold), the denominator is the original claims (frequency 1) submitted in the period \
                 instead (the basis says which); the by-payer and weekly rates stay on remits."
            }
            KpiKey::DenialRateDollars => {
                "Dollars denied on those first adjudications / dollars charged on the claims first adjudicated, or \
                 on the claims submitted in the period where the 837s cover it (HFMA's Task Force measures the \
                 initial denial rate by dollars too)."
            }
            KpiKey::CleanClaimRate => {
                "Claims whose first 277CA acceptance or rejection accepted them (A2/A5; A0/A1 are receipts) / claims \
                 accepted or rejected for the first time in the period. HFMA MAP CL-1: claims passing all edits with \
                 no manual touch / claims accepted into the claim scrubber (HFMA publishes no target)."
            }
            KpiKey::OverturnRate => {
                "Appeal decisions in the period that overturned the denial (paid in full or in part) / all appeal \
                 decisions in the period (overturned, partly paid, upheld)."
            }
            KpiKey::DaysToDecision => {
                "Average days from a denial's remit date to the biller's decision (fix, appeal or close), over \
                 the denials received in the period that have one."
            }
            KpiKey::DaysToResolution => {
                "Average days from a denial's remit date to its final disposition (paid, resolved or written off), \
                 over the denials received in the period that are closed."
            }
            KpiKey::ResolvedWithin30 => {
                "Denials closed within 30 days of their remit date / denials received in the period that are at \
                 least 30 days old (the 85% target some vendors quote has no HFMA source: set your own)."
            }
            KpiKey::RecoveredShare => {
                "Dollars recovered on worked denials / (dollars recovered + dollars written off), over the \
                 denials received in the period."
            }
            KpiKey::NetCollectionRate => {
                "Payments / (charges - contractual adjustments) on the 835 claims remitted in the period; \
                 contractual = CO adjustments the code table marks as not denials (CO-45 and the like); reversals net \
                 their originals out. The usual net collection rate, from the remits alone."
            }
            KpiKey::WriteOffs => {
                "Dollars of denials closed as written off in the period (by closing day). HFMA MAP Key AR-6 divides \
                 denial write-offs by net patient service revenue, which the remits alone do not give."
            }
            KpiKey::DecisionsPerBillerDay => {
                "Decisions recorded (fix, appeal, close, submit, outcome) / days on which each biller recorded at \
                 least one, over the period."
            }
            KpiKey::UnderpaidFound => {
                "Shortfall of the claims found paid below their contracted rate (allowed below rate x units by more \
                 than the tolerance) on remits received in the period; needs a fee schedule (`overturn import` a \
                 CSV of contracted rates). Not counted in the denial rates."
            }
            KpiKey::UnderpaidRecovered => {
                "Dollars a later remit paid on underpayment items closed in the period (by closing day)."
            }
            KpiKey::DaysToRemit => {
                "Average days from a claim's submission (its 837's creation date) to the first 835 that answered it, \
                 over the submitted claims answered in the period; beside it, the submitted claims still without a \
                 remit at the end of the period and how many of them are over 30 days old. Needs the practice's 837s \
                 (`overturn import`)."
            }
            KpiKey::UnansweredClaims => {
                "Charges of the submitted claims (837s) no 835 had answered by the end of the period, with their \
                 count by days since submission (0-30, 31-60, 61-90, over 90). A claim rejected on its 277CA counts \
                 until a remit answers it. Needs the practice's 837s."
            }
        }
    }
}
