//! Appeals: the levels a payer offers and their windows, the packet checklist, follow-up
//! dates, and the next thing to do for an appeal in whatever stage it is.

mod decide;
mod levels;
mod next_action;
mod packet;
mod record;

pub use decide::{AppealContext, Decided, decide};
pub use levels::{AppealLevel, escalation, level_deadline, next_level, track_for};
pub use next_action::{AppealFacts, FollowUpDays, NextAction, followup_due, next_action};
pub use packet::{COVER_LETTER, PacketEntry, PacketItem, missing_required, packet_for};
pub use record::{AppealBrief, AppealRecord};

use super::code::string_enum;

string_enum!(
    /// Which ladder of appeal levels applies: Medicare's five statutory levels or a
    /// commercial plan's internal levels and external review.
    AppealTrack {
        Commercial => "commercial",
        Medicare => "medicare",
    }
);

string_enum!(
    /// How an appeal went to the payer.
    SubmitMethod {
        Portal => "portal",
        Fax => "fax",
        Mail => "mail",
        Electronic => "electronic",
    }
);

string_enum!(
    /// What the payer decided, as the biller records it.
    AppealOutcome {
        /// Paid in full (the amount paid is recorded).
        Overturned => "overturned",
        /// Paid in part; the balance may go to the next level or be written off.
        Partial => "partial",
        Upheld => "upheld",
        /// The payer wants more information by a new due date.
        InfoRequested => "info_requested",
    }
);

string_enum!(
    /// Where one appeal (one level) stands.
    AppealStage {
        /// Opened: packet and letter being prepared.
        Preparing => "preparing",
        Submitted => "submitted",
        InfoRequested => "info_requested",
        Overturned => "overturned",
        Partial => "partial",
        Upheld => "upheld",
        /// Replaced by the next level.
        Escalated => "escalated",
        /// Undone, or abandoned when the item was closed.
        Withdrawn => "withdrawn",
    }
);

impl AppealStage {
    /// Decided against the provider (wholly or in part): the next level may follow.
    pub fn can_escalate(self) -> bool {
        matches!(self, AppealStage::Upheld | AppealStage::Partial)
    }

    /// Still waiting on the biller or the payer.
    pub fn is_pending(self) -> bool {
        matches!(self, AppealStage::Preparing | AppealStage::Submitted | AppealStage::InfoRequested)
    }
}

impl AppealOutcome {
    pub fn stage(self) -> AppealStage {
        match self {
            AppealOutcome::Overturned => AppealStage::Overturned,
            AppealOutcome::Partial => AppealStage::Partial,
            AppealOutcome::Upheld => AppealStage::Upheld,
            AppealOutcome::InfoRequested => AppealStage::InfoRequested,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AppealOutcome::Overturned => "overturned (paid)",
            AppealOutcome::Partial => "partly overturned",
            AppealOutcome::Upheld => "upheld",
            AppealOutcome::InfoRequested => "more information requested",
        }
    }
}
