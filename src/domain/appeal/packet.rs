//! The appeal packet checklist (`assets/packet.csv`): items every appeal needs plus the ones
//! its root cause needs. Required items block submission unless the biller overrides.

use serde::{Deserialize, Serialize};

use crate::domain::vocab::RootCause;

/// The packet item a saved letter fills (`packet.csv`'s `cover_letter`).
pub const COVER_LETTER: &str = "cover_letter";

/// A row of `packet.csv`: for every category (`None`) or one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacketItem {
    pub category: Option<RootCause>,
    pub item: String,
    pub label: String,
    pub required: bool,
}

/// One line of an appeal's checklist, as stored with the appeal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PacketEntry {
    pub item: String,
    pub label: String,
    pub required: bool,
    pub done: bool,
}

/// The checklist for a category: the common items, then the category's own. A category row
/// with the same item name as a common one replaces it.
pub fn packet_for(items: &[PacketItem], category: RootCause) -> Vec<PacketEntry> {
    let mut out: Vec<PacketEntry> = Vec::new();
    let rows =
        items.iter().filter(|i| i.category.is_none()).chain(items.iter().filter(|i| i.category == Some(category)));
    for i in rows {
        let entry = PacketEntry { item: i.item.clone(), label: i.label.clone(), required: i.required, done: false };
        match out.iter_mut().find(|e| e.item == i.item) {
            Some(slot) => *slot = entry,
            None => out.push(entry),
        }
    }
    out
}

/// Required items not yet ticked.
pub fn missing_required(entries: &[PacketEntry]) -> Vec<&PacketEntry> {
    entries.iter().filter(|e| e.required && !e.done).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(category: Option<RootCause>, item: &str, required: bool) -> PacketItem {
        PacketItem { category, item: item.into(), label: format!("{item} label"), required }
    }

    #[test]
    fn common_items_then_the_categorys_own() {
        let items = vec![
            row(None, "denial_notice", true),
            row(None, "receipt", false),
            row(Some(RootCause::Authorization), "auth_proof", true),
            row(Some(RootCause::Coding), "coding_rationale", true),
            row(Some(RootCause::Authorization), "receipt", true),
        ];
        let p = packet_for(&items, RootCause::Authorization);
        let names: Vec<&str> = p.iter().map(|e| e.item.as_str()).collect();
        assert_eq!(names, ["denial_notice", "receipt", "auth_proof"]);
        assert!(p[1].required, "the category row replaces the common one");
        assert_eq!(packet_for(&items, RootCause::Other).len(), 2);
    }

    #[test]
    fn only_unticked_required_items_are_missing() {
        let items = vec![row(None, "a", true), row(None, "b", false), row(None, "c", true)];
        let mut p = packet_for(&items, RootCause::Other);
        assert_eq!(missing_required(&p).len(), 2);
        p[0].done = true;
        let missing: Vec<&str> = missing_required(&p).iter().map(|e| e.item.as_str()).collect();
        assert_eq!(missing, ["c"]);
    }
}
