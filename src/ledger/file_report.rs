//! What an import is told (its settings) and what it tells (the report of one file).

use chrono::NaiveDate;
use serde::Serialize;

use super::sink::Outcome;
use crate::domain::money::Cents;
use crate::import::{FileKind, ParseCounts};

#[derive(Debug, Clone)]
pub struct ImportSettings {
    pub today: NaiveDate,
    /// ISO UTC timestamp for the batch and its events.
    pub now: String,
    pub actor: String,
    pub write_off_threshold: Cents,
    pub dry_run: bool,
    pub skip_bad_rows: bool,
    /// How far below a contracted rate a paid line may be allowed before it is work.
    pub tolerance: crate::domain::fee_schedule::Tolerance,
}

/// What happened to one file; `--json` prints it as one line.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FileReport {
    pub file: String,
    pub kind: Option<FileKind>,
    /// What the file said (claims, service_lines, adjustments, remarks, plb, reversals, ...).
    #[serde(flatten)]
    pub counts: ParseCounts,
    pub denials: u64,
    pub rejections: u64,
    pub accepted: u64,
    pub voided: u64,
    /// Earlier work this file answered: items resolved by payment (and cents recovered), and
    /// fixed or appealed items denied again.
    pub resolved: u64,
    pub recovered_cents: i64,
    pub repeat_denials: u64,
    /// Dollars at risk on the new denials and rejections, in cents.
    pub at_risk_cents: i64,
    /// Claims paid below their contracted rates (new underpayment items), and the shortfall.
    pub underpayments: u64,
    pub underpaid_cents: i64,
    /// Rates of earlier fee schedules this one replaced.
    pub rates_superseded: u64,
    /// Submitted claims stored (837), and those an 835 in the ledger had already answered.
    pub submitted: u64,
    pub submitted_answered: u64,
    /// Submitted claims this file acknowledged, rejected or answered.
    pub inventory_answered: u64,
    /// No-response items those answers resolved.
    pub no_response_resolved: u64,
    pub duplicate: bool,
    pub dry_run: bool,
    pub warnings: Vec<String>,
    pub error: Option<String>,
}

impl FileReport {
    pub(super) fn fill(&mut self, c: &ParseCounts, o: &Outcome) {
        self.counts = *c;
        self.denials = o.denials;
        self.rejections = o.rejections;
        self.accepted = o.accepted;
        self.voided = o.voided;
        self.resolved = o.resolved;
        self.recovered_cents = o.recovered.cents();
        self.repeat_denials = o.repeat_denials;
        self.at_risk_cents = o.at_risk.cents();
        self.underpayments = o.underpayments;
        self.underpaid_cents = o.underpaid.cents();
        self.rates_superseded = o.rates_superseded;
        self.submitted = o.submitted;
        self.submitted_answered = o.submitted_answered;
        self.inventory_answered = o.inventory_answered;
        self.no_response_resolved = o.no_response_resolved;
    }
}
