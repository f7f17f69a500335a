//! Denials spreadsheets (`assets/denials-template.csv`) for practices whose clearinghouse or
//! portal exports CSV. Header first, every row validated; one bad row refuses the file
//! unless the caller asked to skip bad rows. Consecutive rows of one claim become its lines.

use std::io::Read;

use super::csv_row::{COLUMNS, Cells, DenialRow, REQUIRED};
use super::{FileKind, ImportError, Importer, ParseCounts, ReadOptions, RecordSink, RowError, TxnKey};
use crate::domain::remit::{
    Adjustment, PayerIdent, PersonName, Remark, RemarkSource, RemitClaim, RemitHeader, ServiceLine,
};

pub struct CsvImporter;

/// True when the first line is a header naming our key columns.
pub fn looks_like_ours(body: &[u8]) -> bool {
    let first = body.split(|b| *b == b'\n').next().unwrap_or_default();
    let line = String::from_utf8_lossy(first).to_ascii_lowercase();
    line.contains("patient_control_number") && line.contains("carc")
}

/// A header cell as the importers compare it: trimmed, lower case, `_` for spaces and dashes.
pub(super) fn normalise(h: &str) -> String {
    h.trim().trim_start_matches('\u{feff}').trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

impl Importer for CsvImporter {
    fn kind(&self) -> FileKind {
        FileKind::DenialsCsv
    }

    fn read(
        &self,
        input: &mut dyn Read,
        sink: &mut dyn RecordSink,
        opts: ReadOptions,
        warnings: &mut Vec<String>,
    ) -> Result<ParseCounts, ImportError> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(LineLimit { inner: input, run: 0 });
        let header = header(&mut reader, COLUMNS, warnings)?;
        let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| !header.iter().any(|h| h == c)).collect();
        if !missing.is_empty() {
            return Err(ImportError::File(format!(
                "header row: missing required column(s) {} (see assets/denials-template.csv)",
                missing.join(", ")
            )));
        }
        let mut state = Grouper { sink, counts: ParseCounts::default(), claim: None, payer_key: None };
        let mut errors: Vec<RowError> = Vec::new();
        for (i, rec) in reader.records().enumerate() {
            let row = i as u64 + 2;
            let Some(rec) = next_row(rec, row, &mut errors)? else { continue };
            if let Some(i) = rec.iter().position(|c| c.len() > MAX_CELL) {
                let column = header.get(i).cloned().unwrap_or_else(|| "-".into());
                errors.push(RowError { row, column, reason: format!("is longer than {} KiB", MAX_CELL / 1024) });
                continue;
            }
            if rec.iter().any(|c| c.chars().any(crate::text::is_control)) {
                warnings.push(format!(
                    "row {row}: line breaks or control characters inside cells were replaced with spaces"
                ));
            }
            if rec.len() != header.len() {
                let reason = format!("has {} cells, the header has {}", rec.len(), header.len());
                errors.push(RowError { row, column: "-".into(), reason });
                continue;
            }
            let get = |c: &str| header.iter().position(|h| h == c).and_then(|i| rec.get(i)).unwrap_or("");
            let cells = Cells { row, get: &get, errors: Vec::new() };
            match cells.parse() {
                Ok(parsed) => state.add(parsed).map_err(|e| ImportError::File(format!("row {row}: {e}")))?,
                Err(mut bad) => errors.append(&mut bad),
            }
        }
        state.flush().map_err(ImportError::File)?;
        if !errors.is_empty() {
            if !opts.skip_bad_rows {
                return Err(ImportError::Rows(errors));
            }
            warnings.extend(errors.iter().map(|e| format!("{e} (row skipped)")));
        }
        Ok(state.counts)
    }
}

/// A spreadsheet's header row, normalised, with a warning for each column not in `known`.
pub(super) fn header<R: Read>(
    reader: &mut csv::Reader<R>,
    known: &[&str],
    warnings: &mut Vec<String>,
) -> Result<Vec<String>, ImportError> {
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| ImportError::File(format!("cannot read the header row: {e}")))?
        .iter()
        .map(normalise)
        .collect();
    for unknown in header.iter().filter(|h| !known.contains(&h.as_str())) {
        warnings.push(format!("header row: column '{unknown}' is not one of ours; ignored"));
    }
    Ok(header)
}

/// The next row worth reading: `None` for a blank row or one the CSV reader could not split
/// (named in `errors`); a read error of the file itself stops the import.
pub(super) fn next_row(
    rec: csv::Result<csv::StringRecord>,
    row: u64,
    errors: &mut Vec<RowError>,
) -> Result<Option<csv::StringRecord>, ImportError> {
    match rec {
        Ok(r) if r.iter().all(|c| c.trim().is_empty()) => Ok(None),
        Ok(r) => Ok(Some(r)),
        Err(e) if e.is_io_error() => Err(ImportError::File(format!("row {row}: {e}"))),
        Err(e) => {
            errors.push(RowError { row, column: "-".into(), reason: format!("unreadable: {e}") });
            Ok(None)
        }
    }
}

/// A row's cells by column name (trimmed; "" for a column the file does not have).
pub(super) struct RowCells<'r> {
    header: &'r [String],
    rec: &'r csv::StringRecord,
}

impl<'r> RowCells<'r> {
    pub fn get(&self, column: &str) -> &'r str {
        self.header.iter().position(|h| h == column).and_then(|i| self.rec.get(i)).map_or("", str::trim)
    }
}

/// Every row of an intake CSV whose cells line up with the header, numbered as a spreadsheet
/// numbers them (the header is row 1); blank rows are skipped, misshapen ones named in
/// `errors`. More than `max_rows` rows refuse the file.
pub(super) fn each_row<R: Read>(
    reader: &mut csv::Reader<R>,
    header: &[String],
    max_rows: usize,
    errors: &mut Vec<RowError>,
    mut each: impl FnMut(u64, &RowCells<'_>, &mut Vec<RowError>),
) -> Result<(), ImportError> {
    for (i, rec) in reader.records().enumerate() {
        let row = i as u64 + 2;
        let Some(rec) = next_row(rec, row, errors)? else { continue };
        if i >= max_rows {
            return Err(ImportError::File(format!("row {row}: more than {max_rows} rows; split the file")));
        }
        if rec.len() != header.len() || rec.iter().any(|c| c.len() > MAX_CELL) {
            let reason =
                format!("has {} cells, the header has {} (or a cell is far too long)", rec.len(), header.len());
            errors.push(RowError { row, column: "-".into(), reason });
            continue;
        }
        each(row, &RowCells { header, rec: &rec }, errors);
    }
    Ok(())
}

/// The longest cell a row may hold (names, identifiers, codes are far shorter).
pub const MAX_CELL: usize = 64 * 1024;
/// The longest run of bytes without a line break the reader accepts: a file that is one huge
/// line is refused before it is held in memory.
const MAX_LINE: usize = 1024 * 1024;

pub(super) struct LineLimit<R> {
    pub inner: R,
    pub run: usize,
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            self.run = if b == b'\n' { 0 } else { self.run + 1 };
            if self.run > MAX_LINE {
                return Err(std::io::Error::other(format!(
                    "a line is longer than {} MiB: this is not a spreadsheet export",
                    MAX_LINE / (1024 * 1024)
                )));
            }
        }
        Ok(n)
    }
}

struct Grouper<'s> {
    sink: &'s mut dyn RecordSink,
    counts: ParseCounts,
    claim: Option<RemitClaim>,
    payer_key: Option<(String, Option<String>, chrono::NaiveDate)>,
}

impl Grouper<'_> {
    fn add(&mut self, r: DenialRow) -> Result<(), String> {
        let same_claim = self.claim.as_ref().is_some_and(|c| c.pcn == r.pcn && c.payer_claim_no == r.payer_claim_no);
        let payer_key = (r.payer_name.clone(), r.payer_id.clone(), r.denial_date);
        if !same_claim || self.payer_key.as_ref() != Some(&payer_key) {
            self.flush()?;
        }
        if self.payer_key.as_ref() != Some(&payer_key) {
            let header = RemitHeader {
                payer: PayerIdent { name: r.payer_name.clone(), id: r.payer_id.clone() },
                production_date: Some(r.denial_date),
                ..RemitHeader::default()
            };
            self.counts.transactions += 1;
            let key = TxnKey { kind: FileKind::DenialsCsv, ..TxnKey::default() };
            self.sink.remit_header(&key, &header)?;
            self.payer_key = Some(payer_key);
        }
        let claim = self.claim.get_or_insert_with(|| {
            self.counts.claims += 1;
            RemitClaim {
                pcn: r.pcn.clone(),
                payer_claim_no: r.payer_claim_no.clone(),
                filing_indicator: r.plan_type.map(|p| p.as_str().to_string()),
                facility_code: r.place_of_service.clone(),
                patient: PersonName { last: r.patient_last.clone(), first: r.patient_first.clone() },
                member_id: r.member_id.clone(),
                rendering_npi: r.rendering_npi.clone(),
                rendering_name: r.rendering_name.clone(),
                ..RemitClaim::default()
            }
        });
        claim.charge += r.charge;
        claim.paid += r.paid;
        claim.status = if claim.paid.is_zero() { "4".into() } else { "1".into() };
        self.counts.service_lines += 1;
        self.counts.adjustments += 1;
        self.counts.remarks += r.rarcs.len() as u64;
        claim.lines.push(ServiceLine {
            qualifier: "HC".into(),
            procedure: r.procedure,
            modifiers: r.modifiers,
            units: r.units,
            charge: r.charge,
            paid: r.paid,
            date_from: Some(r.service_date),
            date_to: Some(r.service_date),
            adjustments: vec![Adjustment { group: r.group, carc: r.carc, amount: r.denied, quantity: None }],
            remarks: r.rarcs.into_iter().map(|code| Remark { source: RemarkSource::Csv, code }).collect(),
            ..ServiceLine::default()
        });
        Ok(())
    }

    fn flush(&mut self) -> Result<(), String> {
        match self.claim.take() {
            Some(c) => self.sink.remit_claim(c),
            None => Ok(()),
        }
    }
}
