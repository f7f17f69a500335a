//! The prevention loop: an upstream change the owner made for a root cause, and whether the
//! cause's weekly volume fell after it.

use chrono::NaiveDate;
use serde::Serialize;

use super::Tally;
use crate::domain::money::Cents;
use crate::domain::vocab::RootCause;
use crate::domain::week::Week;

/// Weeks compared on each side of an action.
pub const WINDOW_WEEKS: usize = 8;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreventionAction {
    pub id: i64,
    pub category: RootCause,
    /// What changed upstream.
    pub what: String,
    /// Who owns the change.
    pub who: String,
    /// When the change took effect.
    pub from: NaiveDate,
    pub recorded_on: NaiveDate,
}

/// The weeks compared for an action that took effect on `from`, seen from week `shown`:
/// before = the `WINDOW_WEEKS` full weeks that ended before `from`; after = the full weeks
/// that started on or after `from`, through `shown` (the latest `WINDOW_WEEKS` of them). A
/// week that `from` falls inside counts on neither side.
pub fn before_after_weeks(from: NaiveDate, shown: Week) -> (Vec<Week>, Vec<Week>) {
    let own = Week::containing(from);
    let last_before = own.prev();
    let before = (0..WINDOW_WEEKS as i64).rev().map(|i| last_before.plus(-i)).collect();
    let first_after = if own.monday() == from { own } else { own.next() };
    let span = first_after.weeks_until(shown);
    let after = if span < 0 {
        Vec::new()
    } else {
        let n = (span + 1).min(WINDOW_WEEKS as i64);
        (0..n).rev().map(|i| shown.plus(-i)).collect()
    };
    (before, after)
}

/// A cause's weekly tallies on both sides of an action.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BeforeAfter {
    pub before: Vec<Tally>,
    pub after: Vec<Tally>,
}

fn sum(weeks: &[Tally]) -> Tally {
    weeks.iter().fold(Tally::default(), |a, t| Tally { count: a.count + t.count, cents: a.cents + t.cents })
}

impl BeforeAfter {
    /// Items per week before the action.
    pub fn before_per_week(&self) -> Option<f64> {
        (!self.before.is_empty()).then(|| sum(&self.before).count as f64 / self.before.len() as f64)
    }

    pub fn after_per_week(&self) -> Option<f64> {
        (!self.after.is_empty()).then(|| sum(&self.after).count as f64 / self.after.len() as f64)
    }

    /// Dollars per week before and after (cents, rounded down).
    pub fn dollars_per_week(&self) -> (Option<Cents>, Option<Cents>) {
        let avg = |w: &[Tally]| (!w.is_empty()).then(|| Cents(sum(w).cents.0 / w.len() as i64));
        (avg(&self.before), avg(&self.after))
    }

    /// The prevented-denial rate: how much the weekly volume fell, per mille of the volume
    /// before (negative when it rose). None until there is a week after, or with nothing before.
    pub fn prevented_permille(&self) -> Option<i64> {
        let (b, a) = (sum(&self.before).count as i128, sum(&self.after).count as i128);
        let (nb, na) = (self.before.len() as i128, self.after.len() as i128);
        if b == 0 || na == 0 {
            return None;
        }
        // 1 - (a / na) / (b / nb), rounded half away from zero.
        let num = 1000 * (b * na - a * nb);
        let den = b * na;
        let rounded = if num >= 0 { (num + den / 2) / den } else { (num - den / 2) / den };
        Some(rounded as i64)
    }

    /// "12.0/wk -> 6.0/wk, 50% fewer" (or "more").
    pub fn explain(&self) -> String {
        let fmt = |v: Option<f64>| v.map_or("-".into(), |v| format!("{v:.1}/wk"));
        let verdict = match self.prevented_permille() {
            Some(p) if p >= 0 => format!(", {:.0}% fewer", p as f64 / 10.0),
            Some(p) => format!(", {:.0}% more", -p as f64 / 10.0),
            None if self.after.is_empty() => ", no full week after it yet".into(),
            None => String::new(),
        };
        format!("{} before -> {} after{verdict}", fmt(self.before_per_week()), fmt(self.after_per_week()))
    }
}
