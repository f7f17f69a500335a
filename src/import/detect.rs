//! Which importer reads a file, decided from its content (never from its name).

use serde::Serialize;

use super::denials_csv;
use super::x12::SegmentReader;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum FileKind {
    #[default]
    #[serde(rename = "835")]
    Remit835,
    #[serde(rename = "277")]
    Status277,
    #[serde(rename = "csv")]
    DenialsCsv,
    /// Contracted rates (`fee_csv`): stored, not read as claims.
    #[serde(rename = "fees")]
    FeeSchedule,
    /// Claims the practice submitted (837P/837I): the claim inventory.
    #[serde(rename = "837")]
    Claims837,
    /// Submitted claims from a practice-management export (`claims_csv`).
    #[serde(rename = "claims")]
    ClaimsCsv,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Remit835 => "835",
            FileKind::Status277 => "277",
            FileKind::DenialsCsv => "csv",
            FileKind::FeeSchedule => "fees",
            FileKind::Claims837 => "837",
            FileKind::ClaimsCsv => "claims",
        }
    }

    pub fn parse(text: &str) -> Option<FileKind> {
        [
            FileKind::Remit835,
            FileKind::Status277,
            FileKind::DenialsCsv,
            FileKind::FeeSchedule,
            FileKind::Claims837,
            FileKind::ClaimsCsv,
        ]
        .into_iter()
        .find(|k| k.as_str() == text)
    }
}

/// Decides the kind from the first bytes of a file (the first 64 KiB is plenty).
pub fn detect_kind(head: &[u8]) -> Result<FileKind, String> {
    let body = head.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(head);
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(body.len());
    let body = &body[start..];
    let x12 = body.len() > 3
        && (body.starts_with(b"ISA") || body.starts_with(b"ST"))
        && !body[if body.starts_with(b"ISA") { 3 } else { 2 }].is_ascii_alphanumeric();
    if x12 {
        return x12_kind(head);
    }
    if denials_csv::looks_like_ours(body) {
        return Ok(FileKind::DenialsCsv);
    }
    if super::fee_csv::looks_like_ours(body) {
        return Ok(FileKind::FeeSchedule);
    }
    if super::claims_csv::looks_like_ours(body) {
        return Ok(FileKind::ClaimsCsv);
    }
    if body.is_empty() {
        return Err("the file is empty".into());
    }
    Err("not an X12 835, 277 or 837 file (no ISA or ST header), not a denials CSV (see assets/denials-template.csv), \
         not a fee schedule (header payer_id,payer,procedure,modifier,rate,effective_from,effective_to) and not a \
         claims export (header patient_control_number,submitted_on,payer,charge,...)"
        .into())
}

fn x12_kind(head: &[u8]) -> Result<FileKind, String> {
    let mut reader = SegmentReader::new(head);
    loop {
        match reader.next_segment() {
            Ok(Some(seg)) if seg.is("ST") => {
                return match &*seg.text(1) {
                    "835" => Ok(FileKind::Remit835),
                    "277" => Ok(FileKind::Status277),
                    "837" => Ok(FileKind::Claims837),
                    other => Err(format!(
                        "X12 transaction set '{other}' is not supported: Overturn imports 835 remits, 277 acknowledgements and 837 claims"
                    )),
                };
            }
            Ok(Some(_)) => {}
            Ok(None) => return Err("X12 file with no ST segment in its first 64 KiB".into()),
            Err(e) => return Err(e.to_string()),
        }
    }
}
