//! Claims the payer never answered: a submitted claim with no 277CA acceptance a week after it
//! went out, or accepted and still without a remit a month later, is racing its filing limit
//! silently. The thresholds are practice defaults with their reasons; the filing deadline comes
//! from the payer's rule like any other.

use chrono::NaiveDate;
use serde::Serialize;

/// How long a claim may wait for each answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Waits {
    /// For the 277CA acceptance of an electronic claim.
    pub ack_days: i64,
    /// For the 835 once accepted.
    pub remit_days: i64,
}

impl Default for Waits {
    /// 7 days for the acknowledgement: a 277CA normally arrives within a day or two (the same
    /// practice default the desk expects a corrected claim's acknowledgement by). 30 days for the
    /// remit: Medicare pays clean claims within 30 days of receipt (Medicare Claims Processing
    /// Manual, Pub. 100-04, ch. 1 sec. 80.2.1.1); commercial prompt-pay laws mostly fall within
    /// 15-45 days.
    fn default() -> Self {
        Waits { ack_days: 7, remit_days: 30 }
    }
}

/// What the payer has not said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Silence {
    /// No 277CA acceptance (nor rejection) since the claim went out.
    NoAcknowledgement,
    /// Accepted into adjudication, no remit since.
    NoRemit,
}

impl Silence {
    /// The reason code its work item carries.
    pub fn code(self) -> &'static str {
        match self {
            Silence::NoAcknowledgement => "NO-ACK",
            Silence::NoRemit => "NO-REMIT",
        }
    }

    /// What is missing, in a few words (the desk's reason column).
    pub fn label(self) -> &'static str {
        match self {
            Silence::NoAcknowledgement => "no 277CA acceptance",
            Silence::NoRemit => "accepted, no remit",
        }
    }

    pub fn from_code(code: &str) -> Option<Silence> {
        [Silence::NoAcknowledgement, Silence::NoRemit].into_iter().find(|s| s.code() == code)
    }

    pub fn describe(self, days: i64, acknowledged: Option<NaiveDate>) -> String {
        match (self, acknowledged) {
            (Silence::NoRemit, Some(a)) => format!("accepted {a}; no remit {days} days after submission"),
            (Silence::NoRemit, None) => format!("no remit {days} days after submission"),
            (Silence::NoAcknowledgement, _) => format!("no 277CA acceptance {days} days after submission"),
        }
    }

    /// What to do about it.
    pub fn action(self) -> &'static str {
        match self {
            Silence::NoAcknowledgement => {
                "check the clearinghouse and the payer's portal for the claim; if the payer has no record, resubmit it \
                 before the filing limit"
            }
            Silence::NoRemit => {
                "call the payer or check its portal for the claim's status; ask for the reason it is pending and when \
                 it will pay"
            }
        }
    }
}

/// The silence of a submitted claim as of `today`, with the days it has waited; `None` while
/// its answers are not overdue, once it was remitted, and when it was rejected (a rejection is
/// work of its own).
pub fn silence(
    submitted: NaiveDate,
    acknowledged: Option<NaiveDate>,
    rejected: Option<NaiveDate>,
    remitted: Option<NaiveDate>,
    today: NaiveDate,
    waits: Waits,
) -> Option<(Silence, i64)> {
    if remitted.is_some() || (rejected.is_some() && acknowledged.is_none()) {
        return None;
    }
    let days = (today - submitted).num_days();
    match acknowledged {
        Some(_) if days > waits.remit_days => Some((Silence::NoRemit, days)),
        None if days > waits.ack_days => Some((Silence::NoAcknowledgement, days)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_unacknowledged_claim_is_overdue_after_seven_days_not_before() {
        let w = Waits::default();
        let sent = d("2026-11-01");
        assert_eq!(silence(sent, None, None, None, d("2026-11-08"), w), None, "7 days: not yet");
        assert_eq!(silence(sent, None, None, None, d("2026-11-09"), w), Some((Silence::NoAcknowledgement, 8)));
    }

    #[test]
    fn an_accepted_claim_waits_thirty_days_for_its_remit() {
        let w = Waits::default();
        let (sent, ack) = (d("2026-11-01"), Some(d("2026-11-02")));
        assert_eq!(silence(sent, ack, None, None, d("2026-12-01"), w), None, "30 days: not yet");
        assert_eq!(silence(sent, ack, None, None, d("2026-12-02"), w), Some((Silence::NoRemit, 31)));
    }

    #[test]
    fn remitted_and_rejected_claims_are_not_silent() {
        let w = Waits::default();
        let sent = d("2026-01-01");
        let today = d("2026-11-30");
        assert_eq!(silence(sent, None, None, Some(d("2026-02-01")), today, w), None);
        assert_eq!(silence(sent, None, Some(d("2026-01-03")), None, today, w), None, "a rejection is its own work");
        // Rejected, then a corrected claim accepted under the same account number: waiting again.
        let later = silence(sent, Some(d("2026-01-10")), Some(d("2026-01-03")), None, today, w);
        assert_eq!(later.map(|s| s.0), Some(Silence::NoRemit));
    }

    #[test]
    fn the_waits_are_the_practice_defaults_with_their_sources() {
        assert_eq!(Waits::default(), Waits { ack_days: 7, remit_days: 30 });
        assert!(Silence::NoRemit.action().contains("call the payer"));
        assert!(Silence::NoAcknowledgement.action().contains("before the filing limit"));
    }
}
