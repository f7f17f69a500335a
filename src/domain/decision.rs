//! The biller's decisions and when each one applies. A refusal is a sentence the desk shows
//! as is ("appeal unavailable: CO-29 ... is not appealable on medicare").

use chrono::NaiveDate;

use super::workflow::{WorkKind, WorkState};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Corrected and resubmitted: which fields were corrected, and a note.
    Fix {
        fields: Vec<String>,
        note: String,
    },
    /// Appeal at level 1.
    Appeal {
        note: String,
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
        }
    }

    /// The state an item moves to, if the decision moves it.
    pub fn next_state(&self) -> Option<WorkState> {
        match self {
            Decision::Fix { .. } => Some(WorkState::Resubmitted),
            Decision::Appeal { .. } => Some(WorkState::Appealed),
            Decision::Close { .. } => Some(WorkState::WrittenOff),
            Decision::Assign { .. } | Decision::Note { .. } => None,
        }
    }
}

/// What an item is, as far as the decision rules care.
#[derive(Debug, Clone, Copy)]
pub struct ItemStatus<'a> {
    pub kind: WorkKind,
    pub state: WorkState,
    pub appealable: bool,
    pub appeal_deadline: Option<NaiveDate>,
    /// `CO-29`, with its short label.
    pub reason_code: &'a str,
    pub reason_label: &'a str,
    pub plan: &'a str,
}

fn closed(s: &ItemStatus<'_>) -> Option<&'static str> {
    match s.state {
        WorkState::WrittenOff => Some("it is written off"),
        WorkState::Resolved => Some("it is resolved"),
        WorkState::Voided => Some("its claim was reversed"),
        _ => None,
    }
}

pub fn can_fix(s: &ItemStatus<'_>) -> Result<(), String> {
    if let Some(why) = closed(s) {
        return Err(format!("fix unavailable: {why}"));
    }
    match s.state {
        WorkState::Resubmitted => Err("fix unavailable: already resubmitted; waiting for the payer's answer".into()),
        WorkState::Appealed => Err("fix unavailable: an appeal is open for it".into()),
        _ => Ok(()),
    }
}

pub fn can_appeal(s: &ItemStatus<'_>, today: NaiveDate) -> Result<(), String> {
    if s.kind == WorkKind::Rejection {
        return Err("appeal unavailable: a rejection never reached adjudication; fix and resubmit it".into());
    }
    if let Some(why) = closed(s) {
        return Err(format!("appeal unavailable: {why}"));
    }
    if s.state == WorkState::Appealed {
        return Err("appeal unavailable: already under appeal".into());
    }
    if !s.appealable {
        return Err(format!(
            "appeal unavailable: {} {} is not appealable on {}",
            s.reason_code, s.reason_label, s.plan
        ));
    }
    match s.appeal_deadline {
        Some(d) if d < today => Err(format!("appeal unavailable: the appeal window closed on {d}")),
        None => Err("appeal unavailable: no appeal deadline could be computed (no remit date)".into()),
        _ => Ok(()),
    }
}

pub fn can_close(s: &ItemStatus<'_>) -> Result<(), String> {
    match closed(s) {
        Some(why) => Err(format!("close unavailable: {why}")),
        None => Ok(()),
    }
}

/// What a corrected claim must carry to be matched to the original.
pub fn resubmission_note(kind: WorkKind, payer_claim_no: Option<&str>) -> String {
    match (kind, payer_claim_no) {
        (WorkKind::Rejection, _) => {
            "resubmit as a new claim (frequency code 1): the payer never accepted the original".into()
        }
        (WorkKind::Denial, Some(n)) => format!("send a corrected claim: frequency code 7 with payer claim number {n}"),
        (WorkKind::Denial, None) => {
            "send a corrected claim: frequency code 7; the remit gave no payer claim number, ask the payer".into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn item() -> ItemStatus<'static> {
        ItemStatus {
            kind: WorkKind::Denial,
            state: WorkState::Open,
            appealable: true,
            appeal_deadline: Some(d("2027-01-15")),
            reason_code: "CO-29",
            reason_label: "Filing time limit expired",
            plan: "medicare",
        }
    }

    #[test]
    fn open_denials_take_every_decision() {
        let today = d("2026-11-23");
        assert_eq!(can_fix(&item()), Ok(()));
        assert_eq!(can_appeal(&item(), today), Ok(()));
        assert_eq!(can_close(&item()), Ok(()));
    }

    #[test]
    fn refusals_say_why() {
        let today = d("2026-11-23");
        let not = ItemStatus { appealable: false, ..item() };
        assert_eq!(
            can_appeal(&not, today).unwrap_err(),
            "appeal unavailable: CO-29 Filing time limit expired is not appealable on medicare"
        );
        let late = ItemStatus { appeal_deadline: Some(d("2026-11-20")), ..item() };
        assert_eq!(can_appeal(&late, today).unwrap_err(), "appeal unavailable: the appeal window closed on 2026-11-20");
        let rejection = ItemStatus { kind: WorkKind::Rejection, ..item() };
        assert!(can_appeal(&rejection, today).unwrap_err().contains("never reached adjudication"));
        let resubmitted = ItemStatus { state: WorkState::Resubmitted, ..item() };
        assert!(can_fix(&resubmitted).unwrap_err().contains("waiting for the payer"));
        let appealed = ItemStatus { state: WorkState::Appealed, ..item() };
        assert_eq!(can_appeal(&appealed, today).unwrap_err(), "appeal unavailable: already under appeal");
        assert_eq!(can_close(&appealed), Ok(()), "an appeal can still be abandoned");
        let written_off = ItemStatus { state: WorkState::WrittenOff, ..item() };
        assert_eq!(can_close(&written_off).unwrap_err(), "close unavailable: it is written off");
        assert_eq!(can_fix(&written_off).unwrap_err(), "fix unavailable: it is written off");
    }

    #[test]
    fn decisions_move_items() {
        assert_eq!(Decision::Appeal { note: String::new() }.next_state(), Some(WorkState::Appealed));
        assert_eq!(Decision::Note { text: "x".into() }.next_state(), None);
        assert_eq!(Decision::Close { reason: "other".into(), note: "n".into() }.action(), "close");
    }

    #[test]
    fn corrected_claims_need_frequency_7_and_the_payer_claim_number() {
        assert_eq!(
            resubmission_note(WorkKind::Denial, Some("AE100")),
            "send a corrected claim: frequency code 7 with payer claim number AE100"
        );
        assert!(resubmission_note(WorkKind::Rejection, None).contains("frequency code 1"));
    }
}
