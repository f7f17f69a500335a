//! What a remittance (835) says about one claim, and what a 277 says about a claim's status.
//! Importers produce these records; classification and the store consume them.

use chrono::NaiveDate;

use super::code::{Carc, EntityCode, GroupCode, Rarc, StatusCode, StcCategory};
use super::money::Cents;

/// The payer as identified in a remit or acknowledgement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PayerIdent {
    pub name: String,
    /// Payer identifier (N1*PR N104, REF*2U, or TRN03), when the file carries one.
    pub id: Option<String>,
}

/// The header of one 835 transaction set (one payment).
#[derive(Debug, Clone, Default)]
pub struct RemitHeader {
    pub st02: String,
    pub payment: Cents,
    pub payment_method: Option<String>,
    pub payment_date: Option<NaiveDate>,
    pub production_date: Option<NaiveDate>,
    /// TRN02: check or EFT trace number.
    pub trace: String,
    /// TRN03: the payer's originating company identifier.
    pub trace_origin: String,
    pub payer: PayerIdent,
    pub payee_name: String,
    pub payee_npi: Option<String>,
}

impl RemitHeader {
    /// The notice date that starts appeal clocks: production date, else payment date.
    pub fn notice_date(&self) -> Option<NaiveDate> {
        self.production_date.or(self.payment_date)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonName {
    pub last: String,
    pub first: String,
}

impl PersonName {
    pub fn display(&self) -> String {
        match (self.last.is_empty(), self.first.is_empty()) {
            (true, true) => String::new(),
            (false, true) => self.last.clone(),
            (true, false) => self.first.clone(),
            (false, false) => format!("{}, {}", self.last, self.first),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adjustment {
    pub group: GroupCode,
    pub carc: Carc,
    pub amount: Cents,
    pub quantity: Option<f64>,
}

/// Where a remark code was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemarkSource {
    /// LQ segment; the qualifier is `HE` (RARC) or `RX` (NCPDP reject code).
    Lq {
        ncpdp: bool,
    },
    Moa,
    Mia,
    Csv,
}

impl RemarkSource {
    pub fn as_str(self) -> &'static str {
        match self {
            RemarkSource::Lq { ncpdp: false } => "LQ",
            RemarkSource::Lq { ncpdp: true } => "LQ-RX",
            RemarkSource::Moa => "MOA",
            RemarkSource::Mia => "MIA",
            RemarkSource::Csv => "CSV",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Remark {
    pub source: RemarkSource,
    pub code: Rarc,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceLine {
    pub qualifier: String,
    pub procedure: String,
    pub modifiers: Vec<String>,
    pub revenue_code: Option<String>,
    pub units: Option<f64>,
    pub charge: Cents,
    pub paid: Cents,
    pub allowed: Option<Cents>,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
    pub control_no: Option<String>,
    pub adjustments: Vec<Adjustment>,
    pub remarks: Vec<Remark>,
}

/// One CLP loop of an 835 (or one claim from a denials spreadsheet).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RemitClaim {
    pub pcn: String,
    /// CLP02 as sent (`1`, `4`, `22`, ...).
    pub status: String,
    pub charge: Cents,
    pub paid: Cents,
    pub patient_resp: Cents,
    /// CLP06 claim filing indicator (`MB`, `CI`, `MC`, ...).
    pub filing_indicator: Option<String>,
    pub payer_claim_no: Option<String>,
    /// CLP08: facility type / place of service code.
    pub facility_code: Option<String>,
    /// CLP09: claim frequency code (`1` original, `7` replacement, `8` void).
    pub frequency: Option<String>,
    pub patient: PersonName,
    pub member_id: Option<String>,
    pub rendering_npi: Option<String>,
    pub rendering_name: Option<String>,
    pub statement_from: Option<NaiveDate>,
    pub statement_to: Option<NaiveDate>,
    pub received: Option<NaiveDate>,
    pub prior_auth: Option<String>,
    /// REF*F8 on a corrected claim: the payer claim number of the claim it replaces.
    pub original_ref: Option<String>,
    /// True when the claim carries inpatient/institutional detail (MIA, revenue codes, Part A).
    pub institutional: bool,
    pub adjustments: Vec<Adjustment>,
    pub remarks: Vec<Remark>,
    pub lines: Vec<ServiceLine>,
}

impl RemitClaim {
    pub fn is_reversal(&self) -> bool {
        self.status == "22"
    }

    /// Every adjustment on the claim and its lines.
    pub fn all_adjustments(&self) -> impl Iterator<Item = &Adjustment> {
        self.adjustments.iter().chain(self.lines.iter().flat_map(|l| l.adjustments.iter()))
    }

    /// Every remark code on the claim and its lines, claim-level first, without repeats.
    pub fn all_remarks(&self) -> Vec<Rarc> {
        let mut out: Vec<Rarc> = Vec::new();
        let codes = self.remarks.iter().chain(self.lines.iter().flat_map(|l| l.remarks.iter()));
        for r in codes {
            if !out.contains(&r.code) {
                out.push(r.code);
            }
        }
        out
    }

    /// The date that starts the timely-filing clock: the "through" date for institutional
    /// claims, the earliest line "from" date for professional ones.
    pub fn filing_clock_date(&self) -> Option<NaiveDate> {
        if self.institutional {
            return self.statement_to.or(self.statement_from).or_else(|| self.last_line_date());
        }
        self.lines.iter().filter_map(|l| l.date_from).min().or(self.statement_from).or(self.statement_to)
    }

    /// First date of service, for display.
    pub fn service_from(&self) -> Option<NaiveDate> {
        self.statement_from.or_else(|| self.lines.iter().filter_map(|l| l.date_from).min())
    }

    pub fn service_to(&self) -> Option<NaiveDate> {
        self.statement_to.or_else(|| self.last_line_date()).or(self.statement_from)
    }

    fn last_line_date(&self) -> Option<NaiveDate> {
        self.lines.iter().filter_map(|l| l.date_to.or(l.date_from)).max()
    }
}

/// One provider-level adjustment pair from a PLB segment.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderAdjustment {
    pub provider_id: String,
    pub fiscal_date: Option<NaiveDate>,
    pub reason: String,
    pub reference: Option<String>,
    pub amount: Cents,
}

/// Which kind of 277 carried a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusSource {
    /// 005010X214 claim acknowledgement.
    Ack277Ca,
    /// 005010X212 claim status response.
    Status277,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusDetail {
    pub category: StcCategory,
    pub code: Option<StatusCode>,
    pub entity: Option<EntityCode>,
}

/// A claim-level status from a 277 (HL PT, 22 or 23 loop).
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimStatusRecord {
    pub source: StatusSource,
    pub pcn: String,
    pub payer_claim_no: Option<String>,
    pub payer: PayerIdent,
    pub patient: PersonName,
    pub member_id: Option<String>,
    pub provider_npi: Option<String>,
    pub provider_name: Option<String>,
    pub service_from: Option<NaiveDate>,
    pub service_to: Option<NaiveDate>,
    pub status_date: Option<NaiveDate>,
    pub charge: Cents,
    /// Every STC composite for the claim, in file order.
    pub statuses: Vec<StatusDetail>,
}
