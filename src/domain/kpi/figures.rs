//! The counts the store reads for a period, and the figures computed from them.

use chrono::NaiveDate;
use serde::Serialize;

use super::{KpiKey, KpiTarget};
use crate::domain::money::Cents;
use crate::domain::rca::{Ratio, Tally};
use crate::domain::vocab::RootCause;
use crate::domain::week::Week;

/// Submitted claims still without an answer, by days since submission.
pub const UNANSWERED_AGES: [(&str, i64); 4] = [("0-30", 30), ("31-60", 60), ("61-90", 90), ("90+", i64::MAX)];

/// Open A/R ages by date of service: 0-30, 31-60, 61-90, 91-120, over 120 days.
pub const AGING_BUCKETS: [(&str, i64); 5] =
    [("0-30", 30), ("31-60", 60), ("61-90", 90), ("91-120", 120), ("120+", i64::MAX)];

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PayerCounts {
    pub payer: String,
    pub claims: u64,
    pub denied: u64,
    pub charged: Cents,
    pub denied_cents: Cents,
    pub appeals_decided: u64,
    pub appeals_won: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryAppeals {
    pub category: RootCause,
    pub decided: u64,
    pub won: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BillerDays {
    pub biller: String,
    pub decisions: u64,
    pub days: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekRate {
    pub week: Week,
    pub claims: u64,
    pub denied: u64,
}

impl WeekRate {
    /// The week's initial denial rate per mille (0 without claims), for sparklines.
    pub fn permille(&self) -> u64 {
        (self.denied * 1000).checked_div(self.claims).unwrap_or(0)
    }
}

/// Everything the KPIs are computed from, for `from..=to`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiCounts {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub claims: u64,
    pub denied: u64,
    pub charged: Cents,
    pub denied_cents: Cents,
    pub acknowledged: u64,
    pub first_pass: u64,
    pub appeals_decided: u64,
    pub appeals_won: u64,
    pub decided: u64,
    pub decision_days: i64,
    pub resolved: u64,
    pub resolution_days: i64,
    /// Denials old enough to judge the 30-day rule, and those closed within 30 days.
    pub judged_30: u64,
    pub within_30: u64,
    pub recovered: Cents,
    pub written_off: Cents,
    /// Net collection rate: payments, charges and contractual adjustments on the 835s.
    pub payments: Cents,
    pub remitted_charges: Cents,
    pub contractual: Cents,
    /// Denials written off in the period (by their closing day).
    pub written_off_in_period: Tally,
    /// Open items (as of the end of the period) by age.
    pub aging: [Tally; 5],
    /// Underpayments found on the period's remits (their shortfall), and recovered on those
    /// closed in the period.
    pub underpaid_found: Tally,
    pub underpaid_recovered: Tally,
    /// Whether a fee schedule is on file: without one, underpayments cannot be seen at all.
    pub rates_on_file: bool,
    /// The claim inventory (837s): claims answered in the period and their days from
    /// submission, and those still without a remit at its end (and over 30 days old).
    pub inventory_on_file: bool,
    pub remitted_submitted: u64,
    pub submission_days: i64,
    pub unanswered: u64,
    pub unanswered_over_30: u64,
    /// Those without a remit at the period's end by days since submission (`UNANSWERED_AGES`),
    /// with their charges.
    pub unanswered_by_age: [Tally; 4],
    /// Original claims (frequency 1) submitted in the period and their charges, when the 837s
    /// on file reach back to its first day and hold 90% of the claims its remits adjudicated:
    /// the initial denial rate's denominator then.
    pub submitted: Option<Tally>,
    pub by_payer: Vec<PayerCounts>,
    pub by_category: Vec<CategoryAppeals>,
    pub billers: Vec<BillerDays>,
    pub weeks: Vec<WeekRate>,
}

impl KpiCounts {
    pub fn empty(from: NaiveDate, to: NaiveDate) -> KpiCounts {
        KpiCounts {
            from,
            to,
            claims: 0,
            denied: 0,
            charged: Cents::ZERO,
            denied_cents: Cents::ZERO,
            acknowledged: 0,
            first_pass: 0,
            appeals_decided: 0,
            appeals_won: 0,
            decided: 0,
            decision_days: 0,
            resolved: 0,
            resolution_days: 0,
            judged_30: 0,
            within_30: 0,
            recovered: Cents::ZERO,
            written_off: Cents::ZERO,
            payments: Cents::ZERO,
            remitted_charges: Cents::ZERO,
            contractual: Cents::ZERO,
            written_off_in_period: Tally::default(),
            aging: [Tally::default(); 5],
            underpaid_found: Tally::default(),
            underpaid_recovered: Tally::default(),
            rates_on_file: false,
            inventory_on_file: false,
            remitted_submitted: 0,
            submission_days: 0,
            unanswered: 0,
            unanswered_over_30: 0,
            unanswered_by_age: [Tally::default(); 4],
            submitted: None,
            by_payer: Vec::new(),
            by_category: Vec::new(),
            billers: Vec::new(),
            weeks: Vec::new(),
        }
    }
}

/// Why the underpayment figures are blank.
const NO_SCHEDULE: &str = "no fee schedule imported: import your contracted rates to see underpayments";

/// Why the claim inventory's figures are blank.
const NO_INVENTORY: &str = "no 837s imported: import the claims you send to see this";

/// One headline figure with its benchmark.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub key: KpiKey,
    pub value: Option<f64>,
    /// The numbers behind it: "12 of 240 claims".
    pub basis: String,
    pub target: Option<KpiTarget>,
    pub meets: Option<bool>,
}

impl Figure {
    pub fn value_text(&self) -> String {
        self.value.map_or("-".into(), |v| self.key.unit().format(v))
    }

    pub fn target_text(&self) -> String {
        self.target.as_ref().map_or("none published".into(), |t| t.text(self.key.unit()))
    }
}

fn ratio_pct(num: u64, den: u64) -> Option<f64> {
    Ratio::new(num, den).percent()
}

fn cents_pct(num: Cents, den: Cents) -> Option<f64> {
    (den.0 > 0).then(|| num.0 as f64 * 100.0 / den.0 as f64)
}

fn average(total: i64, n: u64) -> Option<f64> {
    (n > 0).then(|| total as f64 / n as f64)
}

/// The headline figures in display order, each with its target.
pub fn figures(c: &KpiCounts, targets: &[KpiTarget]) -> Vec<Figure> {
    let decisions: u64 = c.billers.iter().map(|b| b.decisions).sum();
    let biller_days: u64 = c.billers.iter().map(|b| b.days).sum();
    let net_charges = c.remitted_charges - c.contractual;
    // Blank, saying why, until a fee schedule makes underpayments visible.
    let underpaid = |key, t: Tally, what: &str| match c.rates_on_file {
        true => (key, Some(t.cents.0 as f64 / 100.0), format!("{} {what}", t.count)),
        false => (key, None, NO_SCHEDULE.to_string()),
    };
    // HFMA's denominator is the claims submitted: the 837s' when they cover the period, else
    // the claims the period's remits adjudicated.
    let (claims, charged, of) = match c.submitted {
        Some(t) => (t.count, t.cents, "submitted"),
        None => (c.claims, c.charged, "on remits"),
    };
    let mut unanswered = Tally::default();
    c.unanswered_by_age.iter().for_each(|t| unanswered.merge(*t));
    // The ages that hold any claim: "0-30d 20, 90+d 4".
    let ages: Vec<String> = UNANSWERED_AGES
        .iter()
        .zip(&c.unanswered_by_age)
        .filter(|(_, t)| t.count > 0)
        .map(|((label, _), t)| format!("{label}d {}", t.count))
        .collect();
    let rows: [(KpiKey, Option<f64>, String); 15] = [
        (KpiKey::DenialRateCount, ratio_pct(c.denied, claims), format!("{} of {claims} claims {of}", c.denied)),
        (
            KpiKey::DenialRateDollars,
            cents_pct(c.denied_cents, charged),
            format!("{} of {charged} {}", c.denied_cents, if c.submitted.is_some() { "submitted" } else { "charged" }),
        ),
        (
            KpiKey::CleanClaimRate,
            ratio_pct(c.first_pass, c.acknowledged),
            format!("{} of {} acknowledged", c.first_pass, c.acknowledged),
        ),
        (
            KpiKey::OverturnRate,
            ratio_pct(c.appeals_won, c.appeals_decided),
            format!("{} of {} decided", c.appeals_won, c.appeals_decided),
        ),
        (KpiKey::DaysToDecision, average(c.decision_days, c.decided), format!("{} decided", c.decided)),
        (KpiKey::DaysToResolution, average(c.resolution_days, c.resolved), format!("{} closed", c.resolved)),
        (
            KpiKey::ResolvedWithin30,
            ratio_pct(c.within_30, c.judged_30),
            format!("{} of {} denials 30+ days old", c.within_30, c.judged_30),
        ),
        (
            KpiKey::RecoveredShare,
            cents_pct(c.recovered, c.recovered + c.written_off),
            format!("{} recovered, {} written off", c.recovered, c.written_off),
        ),
        (
            KpiKey::NetCollectionRate,
            cents_pct(c.payments, net_charges),
            format!("{} paid of {} net charges", c.payments, net_charges),
        ),
        (
            KpiKey::WriteOffs,
            Some(c.written_off_in_period.cents.0 as f64 / 100.0),
            format!("{} denials closed as written off in the period", c.written_off_in_period.count),
        ),
        (
            KpiKey::DecisionsPerBillerDay,
            average(decisions as i64, biller_days),
            format!("{decisions} decisions, {biller_days} biller-days"),
        ),
        underpaid(KpiKey::UnderpaidFound, c.underpaid_found, "claims paid below the contracted rate"),
        underpaid(KpiKey::UnderpaidRecovered, c.underpaid_recovered, "underpayments paid in the period"),
        match c.inventory_on_file {
            true => (
                KpiKey::DaysToRemit,
                average(c.submission_days, c.remitted_submitted),
                format!(
                    "{} answered; {} unanswered, {} over 30 days",
                    c.remitted_submitted, c.unanswered, c.unanswered_over_30
                ),
            ),
            false => (KpiKey::DaysToRemit, None, NO_INVENTORY.into()),
        },
        match c.inventory_on_file {
            true => (
                KpiKey::UnansweredClaims,
                Some(unanswered.cents.0 as f64 / 100.0),
                format!("{} claims; by days since sent: {}", unanswered.count, ages.join(", ")),
            ),
            false => (KpiKey::UnansweredClaims, None, NO_INVENTORY.into()),
        },
    ];
    rows.into_iter()
        .map(|(key, value, basis)| {
            let target = targets.iter().find(|t| t.key == key).cloned();
            let meets = value.zip(target.as_ref()).and_then(|(v, t)| t.meets(v));
            Figure { key, value, basis, target, meets }
        })
        .collect()
}

/// The aging bucket of an open item `age_days` old.
pub fn aging_bucket(age_days: i64) -> usize {
    AGING_BUCKETS.iter().position(|(_, max)| age_days <= *max).unwrap_or(AGING_BUCKETS.len() - 1)
}
