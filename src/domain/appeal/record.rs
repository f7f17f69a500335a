//! An appeal as the rules see it: the whole row (one level an item was appealed at) and the
//! summary a queue row carries. Plain data; the store reads and writes them.

use chrono::NaiveDate;

use super::{
    AppealFacts, AppealLevel, AppealStage, AppealTrack, NextAction, PacketEntry, SubmitMethod, escalation,
    missing_required, next_action,
};
use crate::domain::decision::AppealStatus;
use crate::domain::money::Cents;

/// Every column of an appeal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealRecord {
    pub id: i64,
    pub work_item_id: i64,
    pub level: u8,
    pub track: AppealTrack,
    pub opened_on: NaiveDate,
    pub deadline: Option<NaiveDate>,
    pub stage: AppealStage,
    pub submitted_on: Option<NaiveDate>,
    pub method: Option<SubmitMethod>,
    pub confirmation: Option<String>,
    pub followup_due: Option<NaiveDate>,
    pub info_due: Option<NaiveDate>,
    pub outcome_on: Option<NaiveDate>,
    pub paid: Cents,
    pub packet: Vec<PacketEntry>,
    pub packet_override: Option<String>,
    pub letter: Option<String>,
    pub letter_saved_on: Option<NaiveDate>,
    pub withdrawn_on: Option<NaiveDate>,
}

impl AppealRecord {
    /// A new appeal (not yet inserted: `id` 0), preparing, with its checklist.
    pub fn opened(
        work_item_id: i64,
        level: u8,
        track: AppealTrack,
        opened_on: NaiveDate,
        deadline: Option<NaiveDate>,
        packet: Vec<PacketEntry>,
    ) -> AppealRecord {
        AppealRecord {
            id: 0,
            work_item_id,
            level,
            track,
            opened_on,
            deadline,
            stage: AppealStage::Preparing,
            submitted_on: None,
            method: None,
            confirmation: None,
            followup_due: None,
            info_due: None,
            outcome_on: None,
            paid: Cents::ZERO,
            packet,
            packet_override: None,
            letter: None,
            letter_saved_on: None,
            withdrawn_on: None,
        }
    }

    /// The row-sized summary the queues and the decision rules use.
    pub fn brief(&self) -> AppealBrief {
        AppealBrief {
            id: self.id,
            level: self.level,
            track: self.track,
            stage: self.stage,
            deadline: self.deadline,
            submitted_on: self.submitted_on,
            method: self.method,
            confirmation: self.confirmation.clone(),
            followup_due: self.followup_due,
            info_due: self.info_due,
            outcome_on: self.outcome_on,
            missing_required: missing_required(&self.packet).len() as u32,
            has_letter: self.letter.as_deref().is_some_and(|l| !l.trim().is_empty()),
        }
    }

    /// The date the item is worked against while this appeal is current.
    pub fn next_action_date(&self, levels: &[AppealLevel], amount: Cents) -> Option<NaiveDate> {
        self.brief().next_action(levels, amount).and_then(|a| a.due)
    }
}

/// The item's current appeal, as a queue row shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AppealBrief {
    pub id: i64,
    pub level: u8,
    pub track: AppealTrack,
    pub stage: AppealStage,
    pub deadline: Option<NaiveDate>,
    pub submitted_on: Option<NaiveDate>,
    pub method: Option<SubmitMethod>,
    pub confirmation: Option<String>,
    pub followup_due: Option<NaiveDate>,
    pub info_due: Option<NaiveDate>,
    pub outcome_on: Option<NaiveDate>,
    pub missing_required: u32,
    pub has_letter: bool,
}

impl AppealBrief {
    pub fn status(&self) -> AppealStatus {
        AppealStatus {
            level: self.level,
            stage: self.stage,
            missing_required: self.missing_required as usize,
            decided_on: self.outcome_on,
        }
    }

    /// What to do next and by when (`None` once the appeal is over).
    pub fn next_action(&self, levels: &[AppealLevel], amount: Cents) -> Option<NextAction> {
        let escalation =
            self.stage.can_escalate().then(|| escalation(levels, self.track, self.level, amount, self.outcome_on));
        next_action(&AppealFacts {
            stage: self.stage,
            level: self.level,
            deadline: self.deadline,
            followup_due: self.followup_due,
            info_due: self.info_due,
            missing_required: self.missing_required as usize,
            has_letter: self.has_letter,
            escalation,
            decided_on: self.outcome_on,
        })
    }
}
