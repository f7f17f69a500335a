//! Submitted claims from a practice-management export, for practices that cannot export their
//! 837s: one row per service line (or one per claim), the claim's columns repeated on each of
//! its rows; a claim is the consecutive rows with the same patient control number and day
//! submitted. Header (the first four required, the rest optional, in any order):
//! `patient_control_number,submitted_on,payer,charge,payer_id,service_date,procedure,modifiers,
//! units,frequency,filing_indicator,member_id,patient_last,patient_first,billing_npi,
//! rendering_npi,place_of_service`. Every problem is named by row and column; one bad row
//! refuses the file unless bad rows are skipped (then its whole claim is left out).

use std::collections::HashMap;
use std::io::Read;

use chrono::NaiveDate;

use super::csv_row::parse_date;
use super::denials_csv::{LineLimit, each_row, header};
use super::{FileKind, ImportError, Importer, ParseCounts, ReadOptions, RecordSink, RowError};
use crate::domain::money::Cents;
use crate::domain::remit::{PayerIdent, PersonName};
use crate::domain::submitted::{SubmittedClaim, SubmittedLine};
use crate::text::escape;

pub const COLUMNS: [&str; 17] = [
    "patient_control_number",
    "submitted_on",
    "payer",
    "charge",
    "payer_id",
    "service_date",
    "procedure",
    "modifiers",
    "units",
    "frequency",
    "filing_indicator",
    "member_id",
    "patient_last",
    "patient_first",
    "billing_npi",
    "rendering_npi",
    "place_of_service",
];

/// Rows a file may hold.
pub const MAX_ROWS: usize = 2_000_000;

pub struct ClaimsCsvImporter;

impl Importer for ClaimsCsvImporter {
    fn kind(&self) -> FileKind {
        FileKind::ClaimsCsv
    }

    fn read(
        &self,
        input: &mut dyn Read,
        sink: &mut dyn RecordSink,
        opts: ReadOptions,
        warnings: &mut Vec<String>,
    ) -> Result<ParseCounts, ImportError> {
        let claims = read(input, opts.skip_bad_rows, warnings)?;
        let mut counts = ParseCounts::default();
        for (row, c) in claims {
            counts.claims += 1;
            counts.service_lines += c.lines.len() as u64;
            sink.submitted_claim(c).map_err(|e| ImportError::File(format!("row {row}: {e}")))?;
        }
        Ok(counts)
    }
}

/// True when the first line is a claims export's header.
pub fn looks_like_ours(body: &[u8]) -> bool {
    let first = body.split(|b| *b == b'\n').next().unwrap_or_default();
    let line = String::from_utf8_lossy(first).to_ascii_lowercase();
    line.contains("patient_control_number") && line.contains("submitted_on")
}

/// One row, checked.
struct Row {
    pcn: String,
    submitted: NaiveDate,
    payer: PayerIdent,
    line: Option<SubmittedLine>,
    date: Option<NaiveDate>,
    charge: Cents,
    frequency: String,
    filing_indicator: Option<String>,
    member_id: Option<String>,
    patient: PersonName,
    billing_npi: Option<String>,
    rendering_npi: Option<String>,
    facility: Option<String>,
}

/// The claims of the file, each with the row it starts on.
pub fn read(
    input: &mut dyn Read,
    skip_bad_rows: bool,
    warnings: &mut Vec<String>,
) -> Result<Vec<(u64, SubmittedClaim)>, ImportError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(LineLimit { inner: input, run: 0 });
    let header = header(&mut reader, &COLUMNS, warnings)?;
    let missing: Vec<&str> = ["patient_control_number", "submitted_on", "charge"]
        .into_iter()
        .filter(|c| !header.iter().any(|h| h == c))
        .chain((!header.iter().any(|h| h == "payer_id" || h == "payer")).then_some("payer or payer_id"))
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::File(format!(
            "header row: missing column(s) {} (a claims export needs patient_control_number, submitted_on, payer and \
             charge; see the README)",
            missing.join(", ")
        )));
    }
    let mut claims: Vec<(u64, SubmittedClaim)> = Vec::new();
    let mut errors: Vec<RowError> = Vec::new();
    // A bad row leaves its whole claim out (when skipping): the claims it may belong to.
    let mut bad_keys: Vec<(String, Option<NaiveDate>)> = Vec::new();
    // The claim of the row before (a claim's rows follow each other).
    let mut prev: Option<(String, Option<NaiveDate>)> = None;
    // Where each claim began, to name a claim whose rows are split up.
    let mut began: HashMap<(String, NaiveDate), u64> = HashMap::new();
    each_row(&mut reader, &header, MAX_ROWS, &mut errors, |row, cells, errors| {
        let r = match parse_row(row, &|c| cells.get(c)) {
            Ok(r) => r,
            Err(mut bad) => {
                errors.append(&mut bad);
                let key = (cells.get("patient_control_number").to_string(), parse_date(cells.get("submitted_on")));
                bad_keys.push(key.clone());
                prev = Some(key);
                return;
            }
        };
        let key = (r.pcn.clone(), Some(r.submitted));
        let continues = prev.as_ref() == Some(&key);
        prev = Some(key.clone());
        match claims.last_mut() {
            Some((_, c)) if continues && c.pcn == r.pcn && c.created == Some(r.submitted) => add_line(c, r),
            _ => match began.get(&(r.pcn.clone(), r.submitted)) {
                Some(first) => {
                    let reason = format!(
                        "claim {} submitted {} began at row {first}; keep a claim's rows together",
                        escape(&r.pcn, false),
                        r.submitted
                    );
                    errors.push(RowError { row, column: "patient_control_number".into(), reason });
                    bad_keys.push(key);
                }
                None => {
                    began.insert((r.pcn.clone(), r.submitted), row);
                    claims.push((row, claim_of(r)));
                }
            },
        }
    })?;
    if !errors.is_empty() {
        if !skip_bad_rows {
            return Err(ImportError::Rows(errors));
        }
        warnings.extend(errors.iter().map(|e| format!("{e} (its claim skipped)")));
        claims.retain(|(_, c)| !bad_keys.iter().any(|(p, d)| *p == c.pcn && d.is_none_or(|d| Some(d) == c.created)));
    }
    if claims.is_empty() {
        return Err(ImportError::File("the export has no claims".into()));
    }
    Ok(claims)
}

fn claim_of(r: Row) -> SubmittedClaim {
    let mut c = SubmittedClaim {
        pcn: r.pcn.clone(),
        charge: Cents::ZERO,
        facility: r.facility.clone(),
        frequency: r.frequency.clone(),
        institutional: false,
        payer: r.payer.clone(),
        filing_indicator: r.filing_indicator.clone(),
        subscriber: r.patient.clone(),
        member_id: r.member_id.clone(),
        patient: None,
        billing_npi: r.billing_npi.clone(),
        rendering_npi: r.rendering_npi.clone(),
        original_ref: None,
        created: Some(r.submitted),
        service_from: None,
        service_to: None,
        lines: Vec::new(),
    };
    add_line(&mut c, r);
    c
}

/// A row's line and charge join its claim; the claim's dates span its rows'.
fn add_line(c: &mut SubmittedClaim, r: Row) {
    c.charge += r.charge;
    if let Some(d) = r.date {
        c.service_from = Some(c.service_from.map_or(d, |f| f.min(d)));
        c.service_to = Some(c.service_to.map_or(d, |t| t.max(d)));
    }
    c.lines.extend(r.line);
}

fn code_like(t: &str, len: std::ops::RangeInclusive<usize>) -> bool {
    len.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn parse_row<'a>(row: u64, get: &dyn Fn(&str) -> &'a str) -> Result<Row, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut bad = |column: &str, reason: String| errors.push(RowError { row, column: column.into(), reason });
    let opt = |c: &str| Some(get(c).to_string()).filter(|s| !s.is_empty());
    let pcn = get("patient_control_number").to_string();
    // CLM01 is at most 38 characters; the 277CA and 835 answer with it.
    if pcn.is_empty() || pcn.len() > 38 || pcn.chars().any(char::is_control) {
        bad(
            "patient_control_number",
            format!("'{}' is not a patient control number (1-38 characters)", escape(&pcn, false)),
        );
    }
    let submitted = parse_date(get("submitted_on"));
    if submitted.is_none() {
        bad(
            "submitted_on",
            format!("'{}' is not a date (2026-11-02 or 11/02/2026)", escape(get("submitted_on"), false)),
        );
    }
    let (payer_id, payer) = (opt("payer_id"), opt("payer"));
    if payer_id.is_none() && payer.is_none() {
        bad("payer", "is blank and so is payer_id: name the payer".into());
    }
    let charge = match Cents::parse_decimal(get("charge").trim_start_matches('$')) {
        Ok(c) if c >= Cents::ZERO => c,
        Ok(_) => {
            bad("charge", "must not be negative".into());
            Cents::ZERO
        }
        Err(e) => {
            bad("charge", format!("'{}' is not an amount in dollars: {e}", escape(get("charge"), false)));
            Cents::ZERO
        }
    };
    let date = match get("service_date") {
        "" => None,
        t => parse_date(t).or_else(|| {
            bad("service_date", format!("'{}' is not a date", escape(t, false)));
            None
        }),
    };
    let procedure = get("procedure").to_ascii_uppercase();
    if !procedure.is_empty() && !code_like(&procedure, 5..=5) {
        bad("procedure", format!("'{}' is not a five-character CPT or HCPCS code", escape(&procedure, false)));
    }
    let modifiers: Vec<String> =
        get("modifiers").split([' ', ':', ',']).filter(|m| !m.is_empty()).map(str::to_ascii_uppercase).collect();
    if let Some(m) = modifiers.iter().find(|m| !code_like(m, 2..=2)) {
        bad("modifiers", format!("'{}' is not a two-character modifier", escape(m, false)));
    }
    let units = match get("units") {
        "" => None,
        t => t.parse::<f64>().ok().filter(|u| u.is_finite() && *u > 0.0).or_else(|| {
            bad("units", format!("'{}' is not a number of units", escape(t, false)));
            None
        }),
    };
    let frequency = opt("frequency").unwrap_or_else(|| "1".into());
    if !matches!(frequency.as_str(), "1" | "7" | "8") {
        bad(
            "frequency",
            format!(
                "'{}' is not a claim frequency code (1 original, 7 replacement, 8 void)",
                escape(&frequency, false)
            ),
        );
    }
    let npi = |c: &str, bad: &mut dyn FnMut(&str, String)| {
        let v = opt(c);
        if let Some(n) = v.as_deref().filter(|n| n.len() != 10 || !n.bytes().all(|b| b.is_ascii_digit())) {
            bad(c, format!("'{}' is not a 10-digit NPI", escape(n, false)));
        }
        v
    };
    let billing_npi = npi("billing_npi", &mut bad);
    let rendering_npi = npi("rendering_npi", &mut bad);
    let (Some(submitted), true) = (submitted, errors.is_empty()) else { return Err(errors) };
    let line = (!procedure.is_empty()).then_some(SubmittedLine {
        procedure,
        modifiers,
        revenue_code: None,
        charge,
        units,
        date,
    });
    Ok(Row {
        pcn,
        submitted,
        payer: PayerIdent { name: payer.unwrap_or_default(), id: payer_id },
        line,
        date,
        charge,
        frequency,
        filing_indicator: opt("filing_indicator").map(|f| f.to_ascii_uppercase()),
        member_id: opt("member_id"),
        patient: PersonName { last: get("patient_last").to_string(), first: get("patient_first").to_string() },
        billing_npi,
        rendering_npi,
        facility: opt("place_of_service"),
    })
}
