//! The ladder of appeal levels (`assets/appeal-levels.csv`): which comes next, by when, and
//! whether the amount in controversy allows it.

use chrono::{Datelike, Duration, NaiveDate};

use super::AppealTrack;
use crate::domain::deadlines::{Deadline, Period, describe, finish};
use crate::domain::money::Cents;
use crate::domain::vocab::PlanType;

/// One level of a track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealLevel {
    pub track: AppealTrack,
    pub level: u8,
    pub name: String,
    /// Time to request this level after the previous level's decision; `None` for level 1,
    /// whose window is the payer's appeal window.
    pub window: Option<Period>,
    /// Days added to the decision date for its receipt by mail.
    pub mail_days: u32,
    /// The amount in controversy this level requires (Medicare ALJ and federal court), by the
    /// calendar year from which it applies to requests (CMS publishes it each year).
    pub min_amounts: Vec<(i32, Cents)>,
}

impl AppealLevel {
    /// The amount in controversy for a request filed on `on`: that year's figure, the latest
    /// earlier one, or the earliest known for a date before the table begins.
    pub fn min_amount_on(&self, on: NaiveDate) -> Option<(i32, Cents)> {
        let year = on.year();
        self.min_amounts.iter().rev().find(|(y, _)| *y <= year).or(self.min_amounts.first()).copied()
    }
}

/// Medicare and Medicare Advantage follow the statutory ladder; every other plan its own.
pub fn track_for(plan: PlanType) -> AppealTrack {
    match plan {
        PlanType::Medicare | PlanType::MedicareAdvantage => AppealTrack::Medicare,
        _ => AppealTrack::Commercial,
    }
}

/// The level after `current` (0 = none yet) for an item with `amount` in controversy, or
/// why there is none.
pub fn next_level(
    levels: &[AppealLevel],
    track: AppealTrack,
    current: u8,
    amount: Cents,
    on: NaiveDate,
) -> Result<&AppealLevel, String> {
    let wanted = current.saturating_add(1);
    let Some(level) = levels.iter().find(|l| l.track == track && l.level == wanted) else {
        let last = levels.iter().filter(|l| l.track == track).map(|l| l.level).max().unwrap_or(0);
        return Err(if current >= last && last > 0 {
            format!("appeals exhausted: level {current} was the last {track} level; write the balance off")
        } else {
            format!("no level {wanted} for {track} appeals in appeal-levels.csv")
        });
    };
    match level.min_amount_on(on) {
        Some((year, min)) if amount < min => Err(format!(
            "level {} ({}) needs at least {min} in controversy for requests filed in {}; this item has {amount}",
            level.level,
            level.name,
            on.year().max(year)
        )),
        _ => Ok(level),
    }
}

/// The last day to request `level` after the previous level was decided on `decided_on`.
/// `None` for a level without its own window (level 1 uses the payer's appeal deadline).
pub fn level_deadline(level: &AppealLevel, decided_on: NaiveDate, roll_forward: bool) -> Option<Deadline> {
    let window = level.window?;
    let mut basis = format!("level {} decided {decided_on}", level.level.saturating_sub(1));
    let mut from = decided_on;
    if level.mail_days > 0 {
        from = decided_on + Duration::days(i64::from(level.mail_days));
        basis.push_str(&format!(" + {} mail days = receipt {from}", level.mail_days));
    }
    let raw = window.after(from);
    basis.push_str(&format!("; + {} = {raw}", describe(window)));
    Some(finish(raw, roll_forward, basis))
}

/// After an unfavourable decision on `level` (made on `decided_on`): the next level's number
/// and its deadline, or why there is none.
pub fn escalation(
    levels: &[AppealLevel],
    track: AppealTrack,
    level: u8,
    amount: Cents,
    decided_on: Option<NaiveDate>,
) -> Result<(u8, Option<NaiveDate>), String> {
    // The request follows the decision: its year picks the amount in controversy.
    let next = next_level(levels, track, level, amount, decided_on.unwrap_or(NaiveDate::MAX))?;
    let roll = track == AppealTrack::Medicare;
    Ok((next.level, decided_on.and_then(|d| level_deadline(next, d, roll)).map(|d| d.date)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels() -> Vec<AppealLevel> {
        let l = |track, level, window, mail_days, min: Option<i64>| AppealLevel {
            track,
            level,
            name: format!("L{level}"),
            window,
            mail_days,
            min_amounts: min.map(|m| vec![(2025, Cents(m))]).unwrap_or_default(),
        };
        vec![
            l(AppealTrack::Commercial, 1, None, 0, None),
            l(AppealTrack::Commercial, 2, Some(Period::Days(60)), 0, None),
            l(AppealTrack::Medicare, 1, None, 5, None),
            l(AppealTrack::Medicare, 2, Some(Period::Days(180)), 5, None),
            l(AppealTrack::Medicare, 3, Some(Period::Days(60)), 5, Some(19_000)),
        ]
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn medicare_plans_take_the_statutory_ladder() {
        assert_eq!(track_for(PlanType::Medicare), AppealTrack::Medicare);
        assert_eq!(track_for(PlanType::MedicareAdvantage), AppealTrack::Medicare);
        assert_eq!(track_for(PlanType::Bcbs), AppealTrack::Commercial);
    }

    #[test]
    fn the_next_level_follows_or_says_why_not() {
        let ls = levels();
        assert_eq!(next_level(&ls, AppealTrack::Commercial, 0, Cents(100), d("2026-11-30")).unwrap().level, 1);
        assert_eq!(next_level(&ls, AppealTrack::Commercial, 1, Cents(100), d("2026-11-30")).unwrap().level, 2);
        let done = next_level(&ls, AppealTrack::Commercial, 2, Cents(100), d("2026-11-30")).unwrap_err();
        assert!(done.starts_with("appeals exhausted: level 2"), "{done}");
        let on = d("2025-06-01");
        let small = next_level(&ls, AppealTrack::Medicare, 2, Cents(18_999), on).unwrap_err();
        assert_eq!(
            small,
            "level 3 (L3) needs at least $190.00 in controversy for requests filed in 2025; this item has $189.99"
        );
        assert_eq!(next_level(&ls, AppealTrack::Medicare, 2, Cents(19_000), on).unwrap().level, 3);
    }

    #[test]
    fn later_levels_count_from_the_decision_plus_mail_days() {
        let ls = levels();
        // Medicare level 2: decision 2026-11-02 + 5 mail days = 11-07; + 180 days = 2027-05-06 (Thu).
        let dl = level_deadline(&ls[3], d("2026-11-02"), true).unwrap();
        assert_eq!(dl.date, d("2027-05-06"));
        assert_eq!(dl.basis, "level 1 decided 2026-11-02 + 5 mail days = receipt 2026-11-07; + 180 days = 2027-05-06");
        // Commercial level 2: 2026-11-23 + 60 days = 2027-01-22 (Fri); 2026-11-28 + 60 = 2027-01-27.
        assert_eq!(level_deadline(&ls[1], d("2026-11-23"), true).unwrap().date, d("2027-01-22"));
        // Landing on Saturday 2027-01-23 rolls to Monday the 25th.
        let rolled = level_deadline(&ls[1], d("2026-11-24"), true).unwrap();
        assert_eq!(rolled.date, d("2027-01-25"));
        assert!(rolled.basis.ends_with("rolled to 2027-01-25, Mon)"), "{}", rolled.basis);
        assert!(level_deadline(&ls[0], d("2026-11-24"), true).is_none());
    }
}
