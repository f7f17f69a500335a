//! Follow-up dates and the next action of an appeal: what the biller must do and by when.
//! The Appeals tab sorts by that date, so an overdue follow-up comes before a deadline.

use chrono::{Duration, NaiveDate};

use super::{AppealStage, SubmitMethod};

/// Days after a submission to follow up with the payer (per payer in `payers.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowUpDays {
    /// Portal, fax and electronic submissions.
    pub portal: u32,
    pub mail: u32,
}

impl Default for FollowUpDays {
    /// 14 days after a portal submission, 30 after mail (domain notes, seed workflow).
    fn default() -> Self {
        FollowUpDays { portal: 14, mail: 30 }
    }
}

impl FollowUpDays {
    pub fn after(self, method: SubmitMethod) -> u32 {
        match method {
            SubmitMethod::Mail => self.mail,
            SubmitMethod::Portal | SubmitMethod::Fax | SubmitMethod::Electronic => self.portal,
        }
    }
}

pub fn followup_due(from: NaiveDate, method: SubmitMethod, days: FollowUpDays) -> NaiveDate {
    from + Duration::days(i64::from(days.after(method)))
}

/// What the next-action rule needs to know about the current appeal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealFacts {
    pub stage: AppealStage,
    pub level: u8,
    pub deadline: Option<NaiveDate>,
    pub followup_due: Option<NaiveDate>,
    pub info_due: Option<NaiveDate>,
    pub missing_required: usize,
    pub has_letter: bool,
    /// After an unfavourable decision: the next level's number and deadline, or why none.
    pub escalation: Option<Result<(u8, Option<NaiveDate>), String>>,
    pub decided_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextAction {
    /// Short enough for a table column: "follow up", "packet: 2 missing".
    pub what: String,
    pub due: Option<NaiveDate>,
}

fn act(what: impl Into<String>, due: Option<NaiveDate>) -> Option<NextAction> {
    Some(NextAction { what: what.into(), due })
}

/// The next thing to do, or `None` once the appeal is over.
pub fn next_action(f: &AppealFacts) -> Option<NextAction> {
    match f.stage {
        AppealStage::Preparing if f.missing_required > 0 => {
            act(format!("packet: {} missing", f.missing_required), f.deadline)
        }
        AppealStage::Preparing if !f.has_letter => act("write letter", f.deadline),
        AppealStage::Preparing => act("submit", f.deadline),
        AppealStage::Submitted => act("follow up", f.followup_due.or(f.deadline)),
        AppealStage::InfoRequested => act("send information", f.info_due.or(f.deadline)),
        AppealStage::Upheld | AppealStage::Partial => match &f.escalation {
            Some(Ok((level, due))) => act(format!("level {level} or write off"), *due),
            Some(Err(_)) | None => act("write off", f.decided_on),
        },
        AppealStage::Overturned | AppealStage::Escalated | AppealStage::Withdrawn => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn facts(stage: AppealStage) -> AppealFacts {
        AppealFacts {
            stage,
            level: 1,
            deadline: Some(d("2027-03-01")),
            followup_due: None,
            info_due: None,
            missing_required: 0,
            has_letter: true,
            escalation: None,
            decided_on: None,
        }
    }

    #[test]
    fn follow_up_after_14_days_on_a_portal_and_30_by_mail() {
        let days = FollowUpDays::default();
        assert_eq!(followup_due(d("2026-11-23"), SubmitMethod::Portal, days), d("2026-12-07"));
        assert_eq!(followup_due(d("2026-11-23"), SubmitMethod::Fax, days), d("2026-12-07"));
        assert_eq!(followup_due(d("2026-11-23"), SubmitMethod::Mail, days), d("2026-12-23"));
        let payer = FollowUpDays { portal: 21, mail: 45 };
        assert_eq!(followup_due(d("2026-11-23"), SubmitMethod::Electronic, payer), d("2026-12-14"));
    }

    #[test]
    fn preparing_asks_for_the_packet_then_the_letter_then_submission() {
        let missing = AppealFacts { missing_required: 2, has_letter: false, ..facts(AppealStage::Preparing) };
        assert_eq!(next_action(&missing).unwrap().what, "packet: 2 missing");
        assert_eq!(next_action(&missing).unwrap().due, Some(d("2027-03-01")));
        let no_letter = AppealFacts { has_letter: false, ..facts(AppealStage::Preparing) };
        assert_eq!(next_action(&no_letter).unwrap().what, "write letter");
        assert_eq!(next_action(&facts(AppealStage::Preparing)).unwrap().what, "submit");
    }

    #[test]
    fn submitted_appeals_are_worked_by_their_follow_up_date() {
        let f = AppealFacts { followup_due: Some(d("2026-12-07")), ..facts(AppealStage::Submitted) };
        assert_eq!(next_action(&f), Some(NextAction { what: "follow up".into(), due: Some(d("2026-12-07")) }));
        let info = AppealFacts { info_due: Some(d("2026-12-01")), ..facts(AppealStage::InfoRequested) };
        assert_eq!(next_action(&info).unwrap().due, Some(d("2026-12-01")));
    }

    #[test]
    fn upheld_offers_the_next_level_or_a_write_off() {
        let up = AppealFacts { escalation: Some(Ok((2, Some(d("2027-01-22"))))), ..facts(AppealStage::Upheld) };
        assert_eq!(
            next_action(&up),
            Some(NextAction { what: "level 2 or write off".into(), due: Some(d("2027-01-22")) })
        );
        let last = AppealFacts {
            escalation: Some(Err("appeals exhausted".into())),
            decided_on: Some(d("2026-11-20")),
            ..facts(AppealStage::Upheld)
        };
        assert_eq!(next_action(&last), Some(NextAction { what: "write off".into(), due: Some(d("2026-11-20")) }));
        assert_eq!(next_action(&facts(AppealStage::Overturned)), None);
    }
}
