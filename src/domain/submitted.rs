//! Claims the practice submitted (X12 837P/837I, the claim inventory): what was billed, to
//! whom and when, so that a claim the payer never answered can be seen.

use chrono::NaiveDate;

use super::money::Cents;
use super::remit::{PayerIdent, PersonName};

/// One service line of a submitted claim (SV1 professional, SV2 institutional, SV3 dental).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubmittedLine {
    pub procedure: String,
    pub modifiers: Vec<String>,
    /// Institutional lines: the revenue code.
    pub revenue_code: Option<String>,
    pub charge: Cents,
    pub units: Option<f64>,
    pub date: Option<NaiveDate>,
}

/// One CLM loop of an 837.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubmittedClaim {
    /// CLM01, the patient control number the 277CA and 835 answer with.
    pub pcn: String,
    pub charge: Cents,
    /// CLM05-1 place of service (837P) or facility type (837I).
    pub facility: Option<String>,
    /// CLM05-3: 1 original, 7 replacement, 8 void.
    pub frequency: String,
    pub institutional: bool,
    /// The destination payer (loop 2010BB), not the other payers of a coordination loop.
    pub payer: PayerIdent,
    /// SBR09 claim filing indicator (CI, MB, MC, ...), which picks the payer's rule.
    pub filing_indicator: Option<String>,
    pub subscriber: PersonName,
    pub member_id: Option<String>,
    /// The patient when not the subscriber (loop 2010CA).
    pub patient: Option<PersonName>,
    pub billing_npi: Option<String>,
    pub rendering_npi: Option<String>,
    /// REF*F8: the payer's claim number a replacement or void refers to.
    pub original_ref: Option<String>,
    /// BHT04: the day the file was created (the submission date).
    pub created: Option<NaiveDate>,
    pub service_from: Option<NaiveDate>,
    pub service_to: Option<NaiveDate>,
    pub lines: Vec<SubmittedLine>,
}

impl SubmittedClaim {
    /// The claim's dates of service: its own (DTP*434 or a claim-level 472), else its lines'.
    pub fn dates(&self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let from = self.service_from.or_else(|| self.lines.iter().filter_map(|l| l.date).min());
        let to = self.service_to.or_else(|| self.lines.iter().filter_map(|l| l.date).max());
        (from, to)
    }
}
