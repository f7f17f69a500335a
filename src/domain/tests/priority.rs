use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A window whose last date is the aim date (certain rules such as Medicare's).
fn exact(due: NaiveDate, today: NaiveDate) -> u32 {
    urgency(Some(due), Some(due), today)
}

#[test]
fn urgency_steps_by_days_left() {
    let today = d(2026, 11, 23);
    assert_eq!(urgency(None, None, today), 1000);
    assert_eq!(exact(d(2026, 11, 22), today), 100);
    assert_eq!(exact(today, today), 3000);
    assert_eq!(exact(d(2026, 11, 26), today), 3000);
    assert_eq!(exact(d(2026, 11, 27), today), 2500);
    assert_eq!(exact(d(2026, 11, 30), today), 2500);
    assert_eq!(exact(d(2026, 12, 1), today), 2000);
    assert_eq!(exact(d(2026, 12, 23), today), 1500);
    assert_eq!(exact(d(2027, 1, 22), today), 1200);
    assert_eq!(exact(d(2027, 1, 23), today), 1000);
}

#[test]
fn a_passed_aim_date_with_the_window_still_open_is_the_most_urgent() {
    // domain.md "Uncertain windows": the earliest date drives urgency, only the latest closes.
    let today = d(2026, 11, 30);
    assert_eq!(urgency(Some(d(2026, 10, 13)), Some(d(2027, 7, 15)), today), URGENCY_LATE);
    assert_eq!(urgency(Some(d(2026, 10, 13)), None, today), URGENCY_LATE, "no outer limit published");
    assert_eq!(urgency(Some(d(2026, 10, 13)), Some(d(2026, 11, 29)), today), URGENCY_OVERDUE);
    // With no published last date, urgency stops rising a year past the aim date.
    assert_eq!(urgency(Some(d(2025, 11, 29)), None, today), URGENCY_LATE, "366 days past");
    assert_eq!(urgency(Some(d(2025, 11, 28)), None, today), URGENCY_OVERDUE, "367 days past");
}

#[test]
fn boundaries_are_exactly_where_urgency_changes_overnight() {
    let today = d(2026, 11, 23);
    let yesterday = d(2026, 11, 22);
    let bounds = urgency_boundaries();
    for offset in -5..80 {
        let due = today + chrono::Duration::days(offset);
        let changed = exact(due, today) != exact(due, yesterday);
        assert_eq!(changed, bounds.contains(&offset), "offset {offset}");
    }
    // A window without a last date changes once more, when it goes stale.
    for offset in -400..80 {
        let due = today + chrono::Duration::days(offset);
        let changed = urgency(Some(due), None, today) != urgency(Some(due), None, yesterday);
        if changed {
            assert!(bounds.contains(&offset), "offset {offset}");
        }
    }
}

#[test]
fn an_overdue_appeal_action_is_the_most_urgent() {
    let today = d(2026, 11, 23);
    assert_eq!(action_urgency(Some(d(2026, 11, 20)), today), 3000);
    assert_eq!(action_urgency(Some(d(2026, 12, 23)), today), exact(d(2026, 12, 23), today));
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

fn factors(cents: i64, urgency: u32, recoverability: u32) -> PriorityFactors {
    PriorityFactors::new(Cents(cents), urgency, recoverability, Cents(2500))
}

#[test]
fn score_multiplies_the_three_factors() {
    let f = factors(100_000, 2000, 500);
    assert_eq!(f.score(), 100_000);
    let f = factors(100_000, 100, 500);
    assert_eq!(f.score(), 5_000);
    let neg = factors(-5, 3000, 1000);
    assert_eq!(neg.base_score(), 0);
}

#[test]
fn bigger_sooner_likelier_ranks_higher() {
    let base = factors(50_000, 1000, 600);
    assert!(factors(60_000, 1000, 600).score() > base.score());
    assert!(factors(50_000, 1500, 600).score() > base.score());
    assert!(factors(50_000, 1000, 700).score() > base.score());
}

#[test]
fn due_soon_band_ranks_a_big_denial_due_in_two_days_above_a_likelier_one_due_later() {
    // Issue 9: $1,000 due in 2 days at 10% recoverability against $350 due in 80 days at 90%.
    let soon = factors(100_000, 3000, 100);
    let later = factors(35_000, 1000, 900);
    assert!(soon.base_score() < later.base_score(), "the bare score alone ranks them the wrong way");
    assert!(soon.due_soon && !later.due_soon);
    assert!(soon.score() > later.score());
    // Within the band, the score orders.
    assert!(factors(200_000, 3000, 100).score() > soon.score());
    // Below the write-off threshold an item never joins the band.
    assert!(!factors(2_499, 3000, 900).due_soon);
    assert_eq!(shown_score(soon.score()), (true, soon.base_score()));
    assert_eq!(shown_score(later.score()), (false, later.base_score()));
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
