//! Work item kinds, states and the queue (desk tab) each state belongs to.

use chrono::NaiveDate;

use super::code::string_enum;
use super::money::Cents;
use serde::{Deserialize, Serialize};

use super::vocab::{Hardness, RootCause, Team, WorkType};

string_enum!(
    /// Rejections never reached adjudication (277CA); denials were adjudicated and refused (835).
    WorkKind {
        Rejection => "rejection",
        Denial => "denial",
        /// Paid, but allowed below the contracted rate (a fee schedule is on file).
        Underpayment => "underpayment",
        /// Submitted (837) and not answered in time: no 277CA acceptance, or no remit.
        NoResponse => "no_response",
    }
);

impl WorkKind {
    /// The payer processed the claim (denied or short-paid it), so its decision can be
    /// appealed or disputed; a rejected claim was never filed.
    pub fn was_adjudicated(self) -> bool {
        matches!(self, WorkKind::Denial | WorkKind::Underpayment)
    }
}

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
        /// Submitted claims the payer has not answered in time: follow up.
        Unanswered => "unanswered",
        Appeals => "appeals",
        /// Fixed and resubmitted: waiting for the payer's answer, out of the working queues.
        Waiting => "waiting",
        WriteOffs => "write-offs",
        Done => "done",
    }
);

/// The tab follows from kind and state; the store keeps it in a column only to index it.
pub fn queue_of(kind: WorkKind, state: WorkState) -> Queue {
    match (kind, state) {
        (_, WorkState::Appealed) => Queue::Appeals,
        (_, WorkState::Resubmitted) => Queue::Waiting,
        (_, WorkState::WrittenOff) => Queue::WriteOffs,
        (_, WorkState::Resolved | WorkState::Voided) => Queue::Done,
        (WorkKind::Rejection, _) => Queue::Rejections,
        // Short payments are worked beside denials: the same decisions, a contractual dispute.
        (WorkKind::Denial | WorkKind::Underpayment, _) => Queue::Denials,
        (WorkKind::NoResponse, _) => Queue::Unanswered,
    }
}

impl WorkState {
    /// True while the item still needs someone's attention.
    pub fn is_active(self) -> bool {
        matches!(self, WorkState::Open | WorkState::Resubmitted | WorkState::Appealed)
    }
}

/// The fields of a work item that decisions change (recorded before and after on each event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub state: WorkState,
    pub owner: Option<String>,
    pub decided_path: Option<String>,
    pub decided_on: Option<String>,
    pub close_reason: Option<String>,
    pub close_note: Option<String>,
    pub closed_on: Option<String>,
    /// The date the item is worked against (moves with the path and the appeal's next action).
    pub due_date: Option<String>,
    /// Still at risk: a partly overturned appeal lowers it.
    pub amount_cents: i64,
    pub recovered_cents: i64,
    pub appeal_id: Option<i64>,
    /// A fix or an appeal was tried (its final state then teaches recoverability).
    pub worked: bool,
}

impl Snapshot {
    pub fn work_state(&self) -> WorkState {
        self.state
    }
}

/// What classification says about a new work item (the same for the ledger and the store).
#[derive(Debug, Clone)]
pub struct ItemFacts<'a> {
    pub kind: WorkKind,
    /// `CO-197`, `A7:562:85`.
    pub reason_code: &'a str,
    pub group_code: Option<&'a str>,
    pub carc: Option<&'a str>,
    /// Space-separated remark codes.
    pub rarcs: &'a str,
    pub status_code: Option<&'a str>,
    pub entity_code: Option<&'a str>,
    pub category: RootCause,
    pub work_type: WorkType,
    pub team: Team,
    pub hardness: Hardness,
    pub appealable: bool,
    pub caqh: Option<u8>,
    pub amount: Cents,
    pub service_date: Option<NaiveDate>,
    pub procedure_code: Option<&'a str>,
    /// The service lines (numbers, space-separated) the item covers; `None`: the whole claim.
    pub lines: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_maps_to_one_tab() {
        assert_eq!(queue_of(WorkKind::Rejection, WorkState::Open), Queue::Rejections);
        assert_eq!(queue_of(WorkKind::Rejection, WorkState::Resubmitted), Queue::Waiting);
        assert_eq!(queue_of(WorkKind::Denial, WorkState::Resubmitted), Queue::Waiting);
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
