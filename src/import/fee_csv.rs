//! Fee schedules: the practice's contracted rates as CSV, header
//! `payer_id,payer,procedure,modifier,rate,effective_from,effective_to` (payer_id or payer;
//! modifier and effective_to may be blank; rate in dollars). Every row is checked and every
//! problem named by row and column; one bad row refuses the file unless bad rows are skipped.

use std::collections::HashSet;
use std::io::Read;

use chrono::NaiveDate;

use super::csv_row::parse_date;
use super::denials_csv::{LineLimit, each_row, header};
use super::{FileKind, ImportError, Importer, ParseCounts, ReadOptions, RecordSink, RowError};
use crate::domain::money::Cents;

pub const COLUMNS: [&str; 7] = ["payer_id", "payer", "procedure", "modifier", "rate", "effective_from", "effective_to"];

/// Rows a schedule may hold (a large payer contract lists a few thousand codes).
pub const MAX_ROWS: usize = 200_000;

/// One contracted rate as the file gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeeRow {
    pub row: u64,
    pub payer_id: Option<String>,
    pub payer: Option<String>,
    pub procedure: String,
    pub modifier: Option<String>,
    pub rate: Cents,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

pub struct FeeImporter;

impl Importer for FeeImporter {
    fn kind(&self) -> FileKind {
        FileKind::FeeSchedule
    }

    fn read(
        &self,
        input: &mut dyn Read,
        sink: &mut dyn RecordSink,
        opts: ReadOptions,
        warnings: &mut Vec<String>,
    ) -> Result<ParseCounts, ImportError> {
        let rows = read(input, opts.skip_bad_rows, warnings)?;
        let mut counts = ParseCounts::default();
        for r in rows {
            let row = r.row;
            sink.fee_rate(r).map_err(|e| ImportError::File(format!("row {row}: {e}")))?;
            counts.rates += 1;
        }
        Ok(counts)
    }
}

/// True when the first line is a fee schedule's header.
pub fn looks_like_ours(body: &[u8]) -> bool {
    let first = body.split(|b| *b == b'\n').next().unwrap_or_default();
    let line = String::from_utf8_lossy(first).to_ascii_lowercase();
    line.contains("procedure") && line.contains("rate") && line.contains("effective_from")
}

/// Reads and checks the whole schedule. Bad rows are returned as warnings when `skip_bad_rows`.
pub fn read(input: &mut dyn Read, skip_bad_rows: bool, warnings: &mut Vec<String>) -> Result<Vec<FeeRow>, ImportError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(LineLimit { inner: input, run: 0 });
    let header = header(&mut reader, &COLUMNS, warnings)?;
    let missing: Vec<&str> = ["procedure", "rate", "effective_from"]
        .into_iter()
        .filter(|c| !header.iter().any(|h| h == c))
        .chain((!header.iter().any(|h| h == "payer_id" || h == "payer")).then_some("payer_id or payer"))
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::File(format!(
            "header row: missing column(s) {} (a fee schedule's header is {})",
            missing.join(", "),
            COLUMNS.join(",")
        )));
    }
    let mut rows = Vec::new();
    let mut errors: Vec<RowError> = Vec::new();
    let mut seen: HashSet<(String, String, String, NaiveDate)> = HashSet::new();
    each_row(&mut reader, &header, MAX_ROWS, &mut errors, |row, cells, errors| {
        match parse_row(row, &|c| cells.get(c)) {
            Ok(r) => {
                let payer = r.payer_id.clone().or(r.payer.clone()).unwrap_or_default().to_ascii_uppercase();
                let key = (payer, r.procedure.clone(), r.modifier.clone().unwrap_or_default(), r.from);
                if seen.insert(key) {
                    rows.push(r);
                } else {
                    let reason = "repeats an earlier row's payer, procedure, modifier and effective_from".to_string();
                    errors.push(RowError { row, column: "-".into(), reason });
                }
            }
            Err(mut bad) => errors.append(&mut bad),
        }
    })?;
    if !errors.is_empty() {
        if !skip_bad_rows {
            return Err(ImportError::Rows(errors));
        }
        warnings.extend(errors.iter().map(|e| format!("{e} (row skipped)")));
    }
    if rows.is_empty() {
        return Err(ImportError::File("the fee schedule has no rates".into()));
    }
    Ok(rows)
}

fn code_like(t: &str, len: std::ops::RangeInclusive<usize>) -> bool {
    len.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn parse_row<'a>(row: u64, get: &dyn Fn(&str) -> &'a str) -> Result<FeeRow, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut bad = |column: &str, reason: String| errors.push(RowError { row, column: column.into(), reason });
    let opt = |c: &str| Some(get(c).to_string()).filter(|s| !s.is_empty());
    let (payer_id, payer) = (opt("payer_id"), opt("payer"));
    if payer_id.is_none() && payer.is_none() {
        bad("payer_id", "is blank and so is payer: name the payer by its id or its name".into());
    }
    let procedure = get("procedure").to_ascii_uppercase();
    if !code_like(&procedure, 5..=5) {
        bad(
            "procedure",
            format!("'{}' is not a five-character CPT or HCPCS code", crate::text::escape(&procedure, false)),
        );
    }
    let modifier = opt("modifier").map(|m| m.to_ascii_uppercase());
    if let Some(m) = modifier.as_deref().filter(|m| !code_like(m, 2..=2)) {
        bad("modifier", format!("'{}' is not a two-character modifier", crate::text::escape(m, false)));
    }
    let rate = match Cents::parse_decimal(get("rate").trim_start_matches('$')) {
        Ok(c) if c > Cents::ZERO => c,
        Ok(_) => {
            bad("rate", "must be more than zero".into());
            Cents::ZERO
        }
        Err(e) => {
            bad("rate", format!("'{}' is not an amount in dollars: {e}", crate::text::escape(get("rate"), false)));
            Cents::ZERO
        }
    };
    let day = |c: &str| parse_date(get(c));
    let from = day("effective_from");
    if from.is_none() {
        bad(
            "effective_from",
            format!("'{}' is not a date (2026-01-31 or 01/31/2026)", crate::text::escape(get("effective_from"), false)),
        );
    }
    let to = match get("effective_to") {
        "" => None,
        t => match day("effective_to") {
            Some(d) => Some(d),
            None => {
                bad(
                    "effective_to",
                    format!("'{}' is not a date (2026-12-31 or 12/31/2026)", crate::text::escape(t, false)),
                );
                None
            }
        },
    };
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        bad("effective_to", format!("{t} is before effective_from {f}"));
    }
    match from {
        Some(from) if errors.is_empty() => Ok(FeeRow { row, payer_id, payer, procedure, modifier, rate, from, to }),
        _ => Err(errors),
    }
}
