//! The biller's decisions: what each one is, the event it records and the state it moves an
//! item to. Whether a decision applies now is in `decision_rules`.

use chrono::NaiveDate;

use super::appeal::{AppealOutcome, SubmitMethod};
use super::money::Cents;
use super::workflow::WorkState;

pub use super::decision_rules::{
    AppealStatus, BELOW_THRESHOLD, ItemStatus, NextAppeal, can_appeal, can_close, can_fix, can_follow_up, can_prepare,
    can_record_outcome, can_reopen, can_submit, can_write_off_as, forceable, work_window,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Corrected and resubmitted: which fields were corrected, and a note. `force` is the
    /// biller's reason to resubmit after the filing window's last possible date (empty: none).
    Fix {
        fields: Vec<String>,
        note: String,
        force: String,
    },
    /// Appeal: level 1, or the next level after an unfavourable decision. `force` is the
    /// biller's reason to appeal despite a passed window or a no-appeal remark (empty: none).
    Appeal {
        note: String,
        force: String,
    },
    /// Written off with a reason from `writeoff-reasons.csv`.
    Close {
        reason: String,
        note: String,
    },
    /// Assign (or, with `None`, unassign) an owner.
    Assign {
        owner: Option<String>,
    },
    Note {
        text: String,
    },
    /// The packet items now ticked (all others unticked).
    Packet {
        done: Vec<String>,
    },
    /// The appeal letter as edited and saved.
    Letter {
        text: String,
    },
    /// Sent to the payer; `override_reason` when required packet items are unticked.
    Submit {
        method: SubmitMethod,
        on: NaiveDate,
        confirmation: String,
        override_reason: String,
    },
    /// Followed up with the payer; the next follow-up is scheduled.
    FollowUp {
        note: String,
    },
    /// The payer's decision on the current appeal.
    Outcome {
        outcome: AppealOutcome,
        on: NaiveDate,
        paid: Cents,
        info_due: Option<NaiveDate>,
        note: String,
    },
    /// Back from the write-offs while the appeal (or filing) window is open; after it only
    /// with `force`, the reason (empty: none).
    Reopen {
        note: String,
        force: String,
    },
}

impl Decision {
    /// The event action recorded for it.
    pub fn action(&self) -> &'static str {
        match self {
            Decision::Fix { .. } => "fix",
            Decision::Appeal { .. } => "appeal",
            Decision::Close { .. } => "close",
            Decision::Assign { .. } => "assign",
            Decision::Note { .. } => "note",
            Decision::Packet { .. } => "packet",
            Decision::Letter { .. } => "letter",
            Decision::Submit { .. } => "submit",
            Decision::FollowUp { .. } => "follow_up",
            Decision::Outcome { .. } => "outcome",
            Decision::Reopen { .. } => "reopen",
        }
    }

    /// The state an item moves to, if the decision moves it.
    pub fn next_state(&self) -> Option<WorkState> {
        match self {
            Decision::Fix { .. } => Some(WorkState::Resubmitted),
            Decision::Appeal { .. } => Some(WorkState::Appealed),
            Decision::Close { .. } => Some(WorkState::WrittenOff),
            Decision::Outcome { outcome: AppealOutcome::Overturned, .. } => Some(WorkState::Resolved),
            Decision::Reopen { .. } => Some(WorkState::Open),
            _ => None,
        }
    }

    /// The reason the biller gave to go ahead despite a passed window or a remark.
    pub fn force_reason(&self) -> Option<&str> {
        match self {
            Decision::Fix { force, .. } | Decision::Appeal { force, .. } | Decision::Reopen { force, .. } => {
                Some(force.trim()).filter(|f| !f.is_empty())
            }
            _ => None,
        }
    }

    /// Whether the decision is a path taken (fix, appeal, close), recorded as the item's path.
    pub fn is_path(&self) -> bool {
        matches!(self, Decision::Fix { .. } | Decision::Appeal { .. } | Decision::Close { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_move_items() {
        assert_eq!(
            Decision::Appeal { note: String::new(), force: String::new() }.next_state(),
            Some(WorkState::Appealed)
        );
        assert_eq!(Decision::Note { text: "x".into() }.next_state(), None);
        assert_eq!(Decision::Close { reason: "other".into(), note: "n".into() }.action(), "close");
        let on: NaiveDate = "2026-11-23".parse().unwrap();
        let won = Decision::Outcome {
            outcome: AppealOutcome::Overturned,
            on,
            paid: Cents(100),
            info_due: None,
            note: String::new(),
        };
        assert_eq!(won.next_state(), Some(WorkState::Resolved));
        let lost = Decision::Outcome {
            outcome: AppealOutcome::Upheld,
            on,
            paid: Cents::ZERO,
            info_due: None,
            note: String::new(),
        };
        assert_eq!(lost.next_state(), None, "an upheld appeal stays in Appeals until escalated or written off");
        assert_eq!(Decision::Reopen { note: String::new(), force: String::new() }.next_state(), Some(WorkState::Open));
        assert!(!Decision::Packet { done: vec![] }.is_path());
    }
}
