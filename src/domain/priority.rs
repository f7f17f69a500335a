//! Priority = dollars at risk x deadline urgency x recoverability.
//!
//! Each factor is kept and shown on its own. Urgency and recoverability are per mille so the
//! score stays integer: `priority = at_risk_cents * urgency * recoverability / 1_000_000`,
//! which reads as "expected recoverable cents, weighted by how soon the door closes".

use chrono::NaiveDate;

use super::money::Cents;

/// Urgency steps by days left to the working deadline (inclusive upper bounds), per mille.
/// Overdue items are not urgent: their door has closed and they usually end in close.
pub const URGENCY_STEPS: &[(i64, u32)] = &[(3, 3000), (7, 2500), (14, 2000), (30, 1500), (60, 1200)];
pub const URGENCY_NONE: u32 = 1000;
pub const URGENCY_OVERDUE: u32 = 100;

/// How many earlier outcomes weigh as much as the category prior (smoothing strength).
pub const PRIOR_WEIGHT: u32 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriorityFactors {
    pub at_risk: Cents,
    pub urgency: u32,
    pub recoverability: u32,
}

impl PriorityFactors {
    pub fn score(&self) -> i64 {
        let amount = i128::from(self.at_risk.cents().max(0));
        let s = amount * i128::from(self.urgency) * i128::from(self.recoverability) / 1_000_000;
        i64::try_from(s).unwrap_or(i64::MAX)
    }
}

/// Days from `today` to `due` (negative when overdue).
pub fn days_left(due: NaiveDate, today: NaiveDate) -> i64 {
    (due - today).num_days()
}

/// Urgency factor (per mille) for a working deadline.
pub fn urgency(due: Option<NaiveDate>, today: NaiveDate) -> u32 {
    let Some(due) = due else { return URGENCY_NONE };
    let left = days_left(due, today);
    if left < 0 {
        return URGENCY_OVERDUE;
    }
    URGENCY_STEPS.iter().find(|(max, _)| left <= *max).map_or(URGENCY_NONE, |(_, u)| *u)
}

/// Urgency of an appeal's next action (a follow-up, an information request, an escalation or
/// its deadline): overdue is the most urgent of all, not a closed door, since the work is the
/// biller's to do now.
pub fn action_urgency(due: Option<NaiveDate>, today: NaiveDate) -> u32 {
    match due {
        Some(d) if days_left(d, today) < 0 => URGENCY_STEPS[0].1,
        _ => urgency(due, today),
    }
}

/// The days-left values at which an item changes urgency step when one more day passes:
/// an item whose `days_left` today is one of these moved step since yesterday.
pub fn urgency_boundaries() -> Vec<i64> {
    let mut v: Vec<i64> = URGENCY_STEPS.iter().map(|(max, _)| *max).collect();
    v.push(-1);
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
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn urgency_steps_by_days_left() {
        let today = d(2026, 11, 23);
        assert_eq!(urgency(None, today), 1000);
        assert_eq!(urgency(Some(d(2026, 11, 22)), today), 100);
        assert_eq!(urgency(Some(today), today), 3000);
        assert_eq!(urgency(Some(d(2026, 11, 26)), today), 3000);
        assert_eq!(urgency(Some(d(2026, 11, 27)), today), 2500);
        assert_eq!(urgency(Some(d(2026, 11, 30)), today), 2500);
        assert_eq!(urgency(Some(d(2026, 12, 1)), today), 2000);
        assert_eq!(urgency(Some(d(2026, 12, 23)), today), 1500);
        assert_eq!(urgency(Some(d(2027, 1, 22)), today), 1200);
        assert_eq!(urgency(Some(d(2027, 1, 23)), today), 1000);
    }

    #[test]
    fn boundaries_are_exactly_where_urgency_changes_overnight() {
        let today = d(2026, 11, 23);
        let yesterday = d(2026, 11, 22);
        let bounds = urgency_boundaries();
        for offset in -5..80 {
            let due = today + chrono::Duration::days(offset);
            let changed = urgency(Some(due), today) != urgency(Some(due), yesterday);
            assert_eq!(changed, bounds.contains(&offset), "offset {offset}");
        }
    }

    #[test]
    fn an_overdue_appeal_action_is_the_most_urgent() {
        let today = d(2026, 11, 23);
        assert_eq!(action_urgency(Some(d(2026, 11, 20)), today), 3000);
        assert_eq!(action_urgency(Some(d(2026, 12, 23)), today), urgency(Some(d(2026, 12, 23)), today));
        assert_eq!(action_urgency(None, today), URGENCY_NONE);
        // Its steps are a subset of the deadline steps: the overnight rescoring finds them too.
        let bounds = urgency_boundaries();
        for offset in -5..80 {
            let due = today + chrono::Duration::days(offset);
            if action_urgency(Some(due), today) != action_urgency(Some(due), d(2026, 11, 22)) {
                assert!(bounds.contains(&offset), "offset {offset}");
            }
        }
    }

    #[test]
    fn score_multiplies_the_three_factors() {
        let f = PriorityFactors { at_risk: Cents(100_000), urgency: 2000, recoverability: 500 };
        assert_eq!(f.score(), 100_000);
        let f = PriorityFactors { at_risk: Cents(100_000), urgency: 100, recoverability: 500 };
        assert_eq!(f.score(), 5_000);
        let neg = PriorityFactors { at_risk: Cents(-5), urgency: 3000, recoverability: 1000 };
        assert_eq!(neg.score(), 0);
    }

    #[test]
    fn bigger_sooner_likelier_ranks_higher() {
        let base = PriorityFactors { at_risk: Cents(50_000), urgency: 1000, recoverability: 600 };
        assert!(PriorityFactors { at_risk: Cents(60_000), ..base }.score() > base.score());
        assert!(PriorityFactors { urgency: 1500, ..base }.score() > base.score());
        assert!(PriorityFactors { recoverability: 700, ..base }.score() > base.score());
    }

    #[test]
    fn recoverability_learns_from_outcomes() {
        assert_eq!(recoverability(600, 0, 0), 600);
        // 10 attempts all recovered: halfway between prior and observed.
        assert_eq!(recoverability(600, 10, 10), 800);
        // Many failures pull it toward zero but never below.
        assert!(recoverability(600, 1000, 0) < 10);
        assert_eq!(recoverability(600, 5, 50), recoverability(600, 5, 5));
    }
}
