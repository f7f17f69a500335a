//! Work item kinds, states and the queue (desk tab) each state belongs to.

use super::code::string_enum;

string_enum!(
    /// Rejections never reached adjudication (277CA); denials were adjudicated and refused (835).
    WorkKind {
        Rejection => "rejection",
        Denial => "denial",
    }
);

string_enum!(
    /// Life of a work item.
    WorkState {
        /// Waiting for a decision.
        Open => "open",
        /// Corrected and resubmitted; waiting for the payer's answer.
        Resubmitted => "resubmitted",
        /// An appeal is in progress.
        Appealed => "appealed",
        /// Closed with a write-off reason.
        WrittenOff => "written_off",
        /// Paid, accepted or otherwise answered: nothing left to do.
        Resolved => "resolved",
        /// The underlying claim was reversed by the payer.
        Voided => "voided",
    }
);

string_enum!(
    /// The desk tab an item shows in.
    Queue {
        Rejections => "rejections",
        Denials => "denials",
        Appeals => "appeals",
        WriteOffs => "write-offs",
        Done => "done",
    }
);

/// The tab follows from kind and state; the store keeps it in a column only to index it.
pub fn queue_of(kind: WorkKind, state: WorkState) -> Queue {
    match (kind, state) {
        (_, WorkState::Appealed) => Queue::Appeals,
        (_, WorkState::WrittenOff) => Queue::WriteOffs,
        (_, WorkState::Resolved | WorkState::Voided) => Queue::Done,
        (WorkKind::Rejection, _) => Queue::Rejections,
        (WorkKind::Denial, _) => Queue::Denials,
    }
}

impl WorkState {
    /// True while the item still needs someone's attention.
    pub fn is_active(self) -> bool {
        matches!(self, WorkState::Open | WorkState::Resubmitted | WorkState::Appealed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_maps_to_one_tab() {
        assert_eq!(queue_of(WorkKind::Rejection, WorkState::Open), Queue::Rejections);
        assert_eq!(queue_of(WorkKind::Rejection, WorkState::Resubmitted), Queue::Rejections);
        assert_eq!(queue_of(WorkKind::Denial, WorkState::Open), Queue::Denials);
        assert_eq!(queue_of(WorkKind::Denial, WorkState::Appealed), Queue::Appeals);
        assert_eq!(queue_of(WorkKind::Denial, WorkState::WrittenOff), Queue::WriteOffs);
        assert_eq!(queue_of(WorkKind::Denial, WorkState::Voided), Queue::Done);
        assert_eq!(queue_of(WorkKind::Rejection, WorkState::Resolved), Queue::Done);
        assert!(WorkState::Appealed.is_active());
        assert!(!WorkState::WrittenOff.is_active());
    }

    #[test]
    fn queue_names_parse_back() {
        assert_eq!(Queue::parse("write-offs"), Some(Queue::WriteOffs));
        assert_eq!(Queue::parse("Denials"), Some(Queue::Denials));
        assert_eq!(Queue::parse("nope"), None);
    }
}
