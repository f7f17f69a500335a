//! A 277CA status composite (`A7:562:85`) in words, from the code tables (X12 claim status
//! category, claim status and entity identifier code lists, in our own short labels), and the
//! claim field a corrected claim most likely needs: what the fix dialog ticks first.

use super::code::{StatusCode, StcCategory};
use super::tables::Tables;

/// The parts of `category:status:entity`, each spelled out (`None` for a part not present).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusWords {
    pub category: String,
    pub status: Option<String>,
    pub entity: Option<String>,
}

fn parts(code: &str) -> (&str, Option<&str>, Option<&str>) {
    let mut it = code.split(':');
    let cat = it.next().unwrap_or("");
    let status = it.next().filter(|s| !s.is_empty());
    let entity = it.next().filter(|s| !s.is_empty());
    (cat, status, entity)
}

/// `A7:562:85` -> "A7 Rejected for invalid information", "562 Entity's NPI", "85 Billing
/// provider". Codes the tables do not hold say so, so nothing is silently guessed.
pub fn spell(code: &str, tables: &Tables) -> StatusWords {
    let (cat, status, entity) = parts(code);
    let category = StcCategory::new(cat)
        .and_then(|c| tables.stc_categories.get(&c))
        .map_or_else(|| format!("{cat} (not in stc-categories.csv)"), |i| format!("{cat} {}", i.label));
    let status = status.map(|s| {
        StatusCode::new(s)
            .and_then(|c| tables.status_codes.get(&c))
            .map_or_else(|| format!("{s} (not in status-codes.csv)"), |i| format!("{s} {}", i.label))
    });
    let entity = entity.map(|e| {
        tables.entities.get(e).map_or_else(|| format!("{e} (not in entities.csv)"), |(label, _)| format!("{e} {label}"))
    });
    StatusWords { category, status, entity }
}

/// The fix field (`fix-fields.csv` code) a rejection's status points to, if one does.
/// Identifier statuses read the entity: an NPI of the rendering, attending, operating,
/// referring or ordering provider is the rendering NPI field; any other provider's is the
/// billing provider's.
pub fn fix_field(code: &str) -> Option<&'static str> {
    let (_, status, entity) = parts(code);
    let rendering = matches!(entity, Some("82" | "71" | "72" | "DK" | "DN"));
    let patient = matches!(entity, Some("QC" | "IL" | "03"));
    Some(match status? {
        "562" | "128" | "153" if rendering => "rendering_npi",
        "562" | "128" | "153" => "billing_npi",
        "24" | "25" if rendering => "rendering_npi",
        "24" | "25" => "billing_npi",
        "145" | "164" | "29" | "30" | "32" | "33" => "member_id",
        "26" | "109" if patient => "member_id",
        "125" | "31" | "34" | "146" => "demographics",
        "147" => "date_of_birth",
        "85" | "116" => "payer",
        "187" => "dates",
        "454" | "455" => "procedure",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejection_reads_in_words() {
        let t = crate::tables::builtin();
        let w = spell("A7:562:85", &t);
        assert!(w.category.starts_with("A7 "), "{w:?}");
        assert_eq!(w.status.as_deref(), Some("562 Entity's NPI"));
        assert_eq!(w.entity.as_deref(), Some("85 Billing provider"));
        let unknown = spell("A6:9999", &t);
        assert_eq!(unknown.status.as_deref(), Some("9999 (not in status-codes.csv)"));
        assert_eq!(unknown.entity, None);
    }

    #[test]
    fn the_fix_field_follows_status_and_entity() {
        assert_eq!(fix_field("A7:562:85"), Some("billing_npi"));
        assert_eq!(fix_field("A7:562:82"), Some("rendering_npi"));
        assert_eq!(fix_field("A7:145:IL"), Some("member_id"));
        assert_eq!(fix_field("A3:147:QC"), Some("date_of_birth"));
        assert_eq!(fix_field("A7:454"), Some("procedure"));
        assert_eq!(fix_field("A7:21"), None, "missing or invalid information: no one field");
        assert_eq!(fix_field("A7"), None);
    }
}
