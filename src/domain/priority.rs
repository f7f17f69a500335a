//! Priority = dollars at risk x deadline urgency x recoverability, with a "due soon" band on top.
//!
//! Each factor is kept and shown on its own. Urgency and recoverability are per mille so the
//! score stays integer: `score = at_risk_cents * urgency * recoverability / 1_000_000`, which
//! reads as "expected recoverable cents, weighted by how soon the door closes".
//!
//! Urgency spans 1-3x while recoverability spans about 9x, so a score alone can rank a $1,000
//! denial due in two days below a $350 one due in 80. Hence the band: every item at or above the
//! write-off threshold whose aim date is within 7 days (or passed while its window is still
//! open) sorts above everything else, ordered by score within the band.

use chrono::NaiveDate;

use super::money::Cents;

/// Urgency steps by days left to the working deadline (inclusive upper bounds), per mille.
pub const URGENCY_STEPS: &[(i64, u32)] = &[(3, 3000), (7, 2500), (14, 2000), (30, 1500), (60, 1200)];
pub const URGENCY_NONE: u32 = 1000;
/// The last possible date passed: the door has closed (such items usually end in close).
pub const URGENCY_OVERDUE: u32 = 100;
/// The aim date passed but the window is still open (or has no published outer limit): the
/// most urgent of all.
pub const URGENCY_LATE: u32 = 3000;
/// A window with no published last date stops being urgent this long after its aim date: no
/// rule in the tables allows more than 12 months, so a later answer is unlikely (the path is
/// kept: a guess never suggests a write-off).
pub const STALE_AFTER_DAYS: i64 = 366;
/// Urgency from which an item is "due soon" (7 days or fewer to its aim date).
pub const DUE_SOON_URGENCY: u32 = 2500;
/// Added to the score of an item in the due-soon band, so the band sorts first.
pub const DUE_SOON_BAND: i64 = 1_000_000_000_000_000;

/// How many earlier outcomes weigh as much as the category prior (smoothing strength).
pub const PRIOR_WEIGHT: u32 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriorityFactors {
    pub at_risk: Cents,
    pub urgency: u32,
    pub recoverability: u32,
    /// In the due-soon band: at or above the write-off threshold and due within 7 days.
    pub due_soon: bool,
}

impl PriorityFactors {
    pub fn new(at_risk: Cents, urgency: u32, recoverability: u32, threshold: Cents) -> PriorityFactors {
        let due_soon = at_risk >= threshold && urgency >= DUE_SOON_URGENCY;
        PriorityFactors { at_risk, urgency, recoverability, due_soon }
    }

    /// The stored priority: the band (if any) plus the score.
    pub fn score(&self) -> i64 {
        let band = if self.due_soon { DUE_SOON_BAND } else { 0 };
        band + self.base_score()
    }

    /// Expected recoverable cents weighted by urgency, without the band.
    pub fn base_score(&self) -> i64 {
        let amount = i128::from(self.at_risk.cents().max(0));
        let s = amount * i128::from(self.urgency) * i128::from(self.recoverability) / 1_000_000;
        i64::try_from(s).unwrap_or(i64::MAX).min(DUE_SOON_BAND - 1)
    }
}

/// The score shown to the biller (the band is shown as a mark, not as a number).
pub fn shown_score(priority: i64) -> (bool, i64) {
    if priority >= DUE_SOON_BAND { (true, priority - DUE_SOON_BAND) } else { (false, priority) }
}

/// Days from `today` to `due` (negative when overdue).
pub fn days_left(due: NaiveDate, today: NaiveDate) -> i64 {
    (due - today).num_days()
}

/// Urgency (per mille) for a working deadline `due` (the aim date) whose window stays open until
/// `last` (`None`: no published outer limit).
pub fn urgency(due: Option<NaiveDate>, last: Option<NaiveDate>, today: NaiveDate) -> u32 {
    let Some(due) = due else { return URGENCY_NONE };
    let left = days_left(due, today);
    if left < 0 {
        return match last {
            Some(l) if l < today => URGENCY_OVERDUE,
            None if left < -STALE_AFTER_DAYS => URGENCY_OVERDUE,
            _ => URGENCY_LATE,
        };
    }
    URGENCY_STEPS.iter().find(|(max, _)| left <= *max).map_or(URGENCY_NONE, |(_, u)| *u)
}

/// Urgency of an appeal's next action (a follow-up, an information request, an escalation or
/// its deadline): overdue is the most urgent of all, not a closed door, since the work is the
/// biller's to do now.
pub fn action_urgency(due: Option<NaiveDate>, today: NaiveDate) -> u32 {
    match due {
        Some(d) if days_left(d, today) < 0 => URGENCY_STEPS[0].1,
        _ => urgency(due, None, today),
    }
}

/// The days-left values at which an item changes urgency step when one more day passes:
/// an item whose `days_left` today is one of these moved step since yesterday. (Items whose
/// last possible date passed yesterday change too: see `store::priorities`.)
pub fn urgency_boundaries() -> Vec<i64> {
    let mut v: Vec<i64> = URGENCY_STEPS.iter().map(|(max, _)| *max).collect();
    v.push(-1);
    v.push(-STALE_AFTER_DAYS - 1);
    v
}

/// Recoverability (per mille): the category prior, smoothed with observed outcomes.
/// With no outcomes it is the prior; with many it approaches the observed rate.
pub fn recoverability(prior: u32, attempts: u32, recovered: u32) -> u32 {
    let recovered = recovered.min(attempts);
    let num = u64::from(prior) * u64::from(PRIOR_WEIGHT) + u64::from(recovered) * 1000;
    let den = u64::from(PRIOR_WEIGHT) + u64::from(attempts);
    (num / den) as u32
}

#[cfg(test)]
#[path = "tests/priority.rs"]
mod tests;
