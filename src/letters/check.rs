//! What `overturn letter --check-templates` and the tests render every template against:
//! sample data with every optional fact and with none, and what reads as unfinished.

use chrono::NaiveDate;

use super::LetterData;
use crate::domain::vocab::RootCause;

/// Sample data with every optional field, and with none (no fax, contact, title, remarks,
/// enclosures, procedure code or deadline): a template must read right either way.
pub fn samples(today: NaiveDate, category: RootCause) -> [LetterData; 2] {
    let mut full = LetterData::sample(today);
    full.denial.category = category.as_str().into();
    let mut bare = full.clone();
    (bare.practice.fax, bare.practice.title) = (String::new(), String::new());
    bare.practice.contact = bare.biller.name.clone();
    bare.denial.remarks = String::new();
    bare.denial.contract = Vec::new();
    bare.payer.address = Vec::new();
    bare.appeal.enclosures = Vec::new();
    bare.appeal.deadline = String::new();
    (bare.claim.procedures, bare.claim.services, bare.claim.procedures_known) =
        ("not on file".into(), "the services billed".into(), false);
    [full, bare]
}

/// What reads as unfinished in a rendered letter: a placeholder, or a sentence with a gap.
pub fn unfinished(letter: &str) -> Option<String> {
    let marks = ["[practice", "{{", "{%", " ,", " .", "()", "not on file."];
    let prose = letter.lines().filter(|l| !l.starts_with("- "));
    prose.flat_map(|l| marks.iter().filter(move |m| l.contains(**m)).map(move |m| format!("`{m}` in: {l}"))).next()
}
