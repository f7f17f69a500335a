//! Importers: X12 835 remits, X12 277/277CA acknowledgements and status responses, and
//! denials spreadsheets. Each implements [`Importer`] and streams records into a
//! [`RecordSink`], so memory is bounded by one claim, not by the file.

pub mod ack277;
pub mod claim837;
pub mod claims_csv;
pub mod csv_row;
pub mod denials_csv;
pub mod detect;
pub mod era835;
pub mod fee_csv;

pub mod x12;

use std::fmt;
use std::io::Read;

use serde::Serialize;

use crate::domain::remit::{ClaimStatusRecord, ProviderAdjustment, RemitClaim, RemitHeader};
use x12::X12Error;

pub use detect::{FileKind, detect_kind};

/// What a file said, counted as it was read (before anything was classified).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ParseCounts {
    pub transactions: u64,
    /// CLP segments, reversals included.
    pub claims: u64,
    /// SVC segments.
    pub service_lines: u64,
    /// CAS reason/amount triplets.
    pub adjustments: u64,
    /// Remark codes from LQ, MOA and MIA.
    pub remarks: u64,
    /// PLB segments.
    pub plb: u64,
    /// CLP02 = 22.
    pub reversals: u64,
    /// Claim-level status records (277).
    pub statuses: u64,
    /// Transaction sets skipped because they were imported before.
    pub skipped_transactions: u64,
    /// Contracted rates (fee schedule rows).
    pub rates: u64,
}

/// Envelope facts handed to the sink with each transaction set.
#[derive(Debug, Clone, Default)]
pub struct TxnKey {
    pub kind: FileKind,
    pub isa_sender: String,
    pub isa13: String,
    pub st02: String,
    /// TRN02 (835) or BHT03 (277); empty for CSV.
    pub trace: String,
    /// TRN03 for an 835.
    pub trace_origin: String,
}

impl TxnKey {
    /// The key of an X12 transaction set as its envelope names it (trace filled in later).
    pub fn from_envelope(kind: FileKind, ctx: &x12::TxnContext) -> TxnKey {
        TxnKey {
            kind,
            isa_sender: ctx.isa_sender.clone(),
            isa13: ctx.isa13.clone(),
            st02: ctx.st02.clone(),
            trace: String::new(),
            trace_origin: String::new(),
        }
    }
}

/// Receives parsed records; the ledger writes them, a test collects them.
/// Errors are plain text: the importer adds where in the file it happened.
pub trait RecordSink {
    /// A new 835 payment. `Ok(false)` skips the transaction set (it was imported before).
    fn remit_header(&mut self, key: &TxnKey, header: &RemitHeader) -> Result<bool, String>;
    fn remit_claim(&mut self, claim: RemitClaim) -> Result<(), String>;
    fn provider_adjustment(&mut self, adj: ProviderAdjustment) -> Result<(), String>;
    /// A new 277 transaction set begins.
    fn status_header(&mut self, key: &TxnKey) -> Result<(), String>;
    fn claim_status(&mut self, rec: ClaimStatusRecord) -> Result<(), String>;
    /// The 277 transaction set ended; `digest` fingerprints its content. `Ok(false)`: it was
    /// imported before, and everything it did has been undone.
    fn status_end(&mut self, key: &TxnKey, digest: &str) -> Result<bool, String>;
    /// One contracted rate of a fee schedule.
    fn fee_rate(&mut self, row: fee_csv::FeeRow) -> Result<(), String>;
    /// One claim of an 837 the practice submitted.
    fn submitted_claim(&mut self, claim: crate::domain::submitted::SubmittedClaim) -> Result<(), String>;
}

/// A sink that accepts every record and stores nothing: parsing alone (the robustness tests,
/// the benchmark's parse-only time). Counts the claims it was handed.
#[derive(Debug, Default)]
pub struct ParseOnly {
    pub claims: u64,
}

impl RecordSink for ParseOnly {
    fn remit_header(&mut self, _: &TxnKey, _: &RemitHeader) -> Result<bool, String> {
        Ok(true)
    }
    fn remit_claim(&mut self, _: RemitClaim) -> Result<(), String> {
        self.claims += 1;
        Ok(())
    }
    fn provider_adjustment(&mut self, _: ProviderAdjustment) -> Result<(), String> {
        Ok(())
    }
    fn status_header(&mut self, _: &TxnKey) -> Result<(), String> {
        Ok(())
    }
    fn claim_status(&mut self, _: ClaimStatusRecord) -> Result<(), String> {
        Ok(())
    }
    fn status_end(&mut self, _: &TxnKey, _: &str) -> Result<bool, String> {
        Ok(true)
    }
    fn fee_rate(&mut self, _: fee_csv::FeeRow) -> Result<(), String> {
        Ok(())
    }
    fn submitted_claim(&mut self, _: crate::domain::submitted::SubmittedClaim) -> Result<(), String> {
        self.claims += 1;
        Ok(())
    }
}

/// One bad spreadsheet row: where and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: u64,
    pub column: String,
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}, column {}: {}", self.row, self.column, self.reason)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Located in an X12 file.
    X12(X12Error),
    /// Spreadsheet rows that failed validation (nothing was written).
    Rows(Vec<RowError>),
    /// The file as a whole: unreadable, unknown kind, bad header.
    File(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::X12(e) => e.fmt(f),
            ImportError::File(s) => f.write_str(s),
            ImportError::Rows(rows) => {
                let shown: Vec<String> = rows.iter().take(20).map(|r| r.to_string()).collect();
                let mut distinct: Vec<u64> = rows.iter().map(|r| r.row).collect();
                distinct.dedup();
                write!(
                    f,
                    "{} bad row(s), {} problem(s), nothing imported: {}",
                    distinct.len(),
                    rows.len(),
                    shown.join("; ")
                )?;
                if rows.len() > 20 {
                    write!(f, "; and {} more", rows.len() - 20)?;
                }
                Ok(())
            }
        }
    }
}

impl From<X12Error> for ImportError {
    fn from(e: X12Error) -> Self {
        ImportError::X12(e)
    }
}

/// Options an importer honours.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// CSV: write the good rows and report the bad ones instead of refusing the file.
    pub skip_bad_rows: bool,
}

/// The one interface of every importer.
pub trait Importer {
    fn kind(&self) -> FileKind;
    /// Reads all of `input` into `sink`; warnings are appended, never fatal.
    fn read(
        &self,
        input: &mut dyn Read,
        sink: &mut dyn RecordSink,
        opts: ReadOptions,
        warnings: &mut Vec<String>,
    ) -> Result<ParseCounts, ImportError>;
}

/// An X12 transaction handler that counts what it read and keeps its own warnings.
pub(crate) trait CountingHandler: x12::TransactionHandler {
    fn into_report(self) -> (ParseCounts, Vec<String>);
}

/// Reads every interchange of an X12 file with `handler`: envelope warnings first, then the
/// handler's, then the counts (or the located error).
pub(crate) fn read_x12<H: CountingHandler>(
    input: &mut dyn Read,
    mut handler: H,
    warnings: &mut Vec<String>,
) -> Result<ParseCounts, ImportError> {
    let mut reader = x12::SegmentReader::new(input);
    let mut envelope = Vec::new();
    let result = x12::walk(&mut reader, &mut handler, &mut envelope);
    let (mut counts, mut own) = handler.into_report();
    warnings.append(&mut envelope);
    warnings.append(&mut own);
    counts.transactions = result?;
    Ok(counts)
}

/// The importer for a detected kind.
/// Dates outside these years are typing or file errors (a year 9999 would also print as
/// `+10000-...` once a deadline is added to it): refused at intake with a warning or row error.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2199;

/// `d` if its year is one a claim can carry.
pub fn plausible(d: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
    use chrono::Datelike;
    (FIRST_YEAR..=LAST_YEAR).contains(&d.year()).then_some(d)
}

pub fn importer_for(kind: FileKind) -> Box<dyn Importer> {
    match kind {
        FileKind::Remit835 => Box::new(era835::Era835Importer),
        FileKind::Status277 => Box::new(ack277::Ack277Importer),
        FileKind::DenialsCsv => Box::new(denials_csv::CsvImporter),
        FileKind::FeeSchedule => Box::new(fee_csv::FeeImporter),
        FileKind::Claims837 => Box::new(claim837::Claim837Importer),
        FileKind::ClaimsCsv => Box::new(claims_csv::ClaimsCsvImporter),
    }
}
