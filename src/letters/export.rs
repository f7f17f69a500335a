//! A letter (or a whole packet) as PDF bytes, with the notes the biller should read before it
//! goes out: no appeal address on file, required packet items not ticked, no appeal open. (A
//! letter rendered but never saved is said by each caller in its own words.)

use std::path::Path;

use super::pdf::{PdfParts, letter_document};
use super::{Composed, PracticeProfile};
use crate::domain::appeal::{COVER_LETTER, missing_required};
use crate::pdf::Jpeg;

/// The profile's signature image, read and checked (a relative path is under the config
/// directory); `None` when the profile names none.
pub fn signature(profile: &PracticeProfile, config_dir: Option<&Path>) -> Result<Option<Jpeg>, String> {
    let Some(path) = profile.signature.as_deref().map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let path = match config_dir {
        Some(dir) if Path::new(path).is_relative() => dir.join(path),
        _ => Path::new(path).to_path_buf(),
    };
    let shown = crate::text::escape(&path.display().to_string(), false).into_owned();
    let data =
        std::fs::read(&path).map_err(|e| format!("signature {shown} ([practice] signature): cannot read: {e}"))?;
    Jpeg::parse(data).map(Some).map_err(|why| format!("signature {shown} ([practice] signature) {why}"))
}

/// The PDF's bytes: the letter, the enclosures page, and a cover sheet in front for a packet.
pub fn pdf_bytes(composed: &Composed, signature: Option<Jpeg>, cover: bool) -> Vec<u8> {
    letter_document(&PdfParts { composed, signature, cover }).into_bytes()
}

/// Something the biller should know before sending: a sentence for the command line and a
/// few words for the desk's status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfNote {
    pub long: String,
    pub short: String,
}

/// What the biller should know before sending (not reasons to refuse: the letter is theirs).
pub fn pdf_notes(c: &Composed) -> Vec<PdfNote> {
    let mut notes = Vec::new();
    let mut note = |long: String, short: String| notes.push(PdfNote { long, short });
    if c.data.payer.address.is_empty() {
        note(
            format!(
                "no appeal address for {} in payers.csv (appeal_address): the letter names the payer only; add the \
                 address from the payer's manual or denial letter, or give --to",
                c.data.payer.name
            ),
            "no appeal address in payers.csv".into(),
        );
    }
    let missing: Vec<&str> = missing_required(&c.packet)
        .into_iter()
        .filter(|e| !(e.item == COVER_LETTER && c.saved))
        .map(|e| e.label.as_str())
        .collect();
    if !missing.is_empty() {
        note(
            format!("required packet items not ticked: {}", missing.join("; ")),
            format!("{} required packet item{} unticked", missing.len(), if missing.len() == 1 { "" } else { "s" }),
        );
    }
    if c.packet.is_empty() {
        note(
            "no appeal is open for this item yet: the enclosures page lists nothing".into(),
            "no appeal open yet".into(),
        );
    }
    notes
}
