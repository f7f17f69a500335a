//! Keeping stored priorities true as days pass. Urgency moves in steps, so on any day only
//! items whose days-left crossed a step boundary change: those are found by an indexed lookup
//! on their due dates instead of rescoring every item.

use super::StoreError;
use super::db::Conn;
use crate::domain::money::Cents;
use crate::domain::priority::{
    DUE_SOON_BAND, DUE_SOON_URGENCY, URGENCY_LATE, URGENCY_OVERDUE, action_urgency, urgency, urgency_boundaries,
};
use chrono::{Duration, NaiveDate};

type Res<T> = Result<T, StoreError>;

const META_KEY: &str = "priorities_as_of";
/// Past this many days since the last refresh, rescoring everything is simpler.
const FULL_REFRESH_AFTER_DAYS: i64 = 62;

fn as_of(conn: Conn<'_>) -> Res<Option<NaiveDate>> {
    let v: Option<String> =
        conn.query_opt("SELECT value FROM ledger_meta WHERE key = ?1", &[&META_KEY], |r| r.get(0))?;
    Ok(v.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()))
}

fn set_as_of(conn: Conn<'_>, today: NaiveDate) -> Res<()> {
    conn.execute(
        "INSERT INTO ledger_meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&META_KEY, &today],
    )?;
    Ok(())
}

/// The urgency of a row in SQL: the due date's urgency, or for an overdue aim date, "closed"
/// once the row's last possible date has passed.
/// ?7: the urgency of a row whose window has no published last date (it goes stale). The
/// casts give PostgreSQL the parameters' types (a CASE of parameters alone would be text).
const URGENCY: &str = "(CASE WHEN ?5 AND last_date IS NOT NULL AND last_date < ?2 THEN CAST(?6 AS BIGINT)
    WHEN last_date IS NULL THEN CAST(?7 AS BIGINT) ELSE CAST(?1 AS BIGINT) END)";

/// `PriorityFactors::score` in SQL for urgency `u`: the due-soon band plus the score (the
/// domain test `sql_priority_matches_the_domain` keeps the two equal).
/// SQLite's scalar `min`/`max` are PostgreSQL's `least`/`greatest`.
fn priority_sql(conn: Conn<'_>, u: &str) -> String {
    let (least, greatest) = match conn.dialect() {
        super::db::Dialect::Sqlite => ("min", "max"),
        super::db::Dialect::Postgres => ("least", "greatest"),
    };
    format!(
        "(CASE WHEN amount_cents >= ?4 AND {u} >= {DUE_SOON_URGENCY} THEN {DUE_SOON_BAND} ELSE 0 END)
         + {least}({greatest}(amount_cents, 0) * {u} * recover_permille / 1000000, {max})",
        max = DUE_SOON_BAND - 1
    )
}

/// Rescores the open items of one step: due on `due` (or without a due date), whose urgency is
/// one value except for overdue ones whose window closed; or whose last date is `last`.
/// Items already at their urgency are left alone.
fn rescore(conn: Conn<'_>, step: Step, today: NaiveDate, threshold: Cents) -> Res<u64> {
    let mut n = 0;
    let overdue = |d: Option<NaiveDate>| d.is_some_and(|d| d < today);
    // SQLite's `+` keeps the queue off index choice (the due date's index must serve).
    let unindexed = conn.pick("+", "");
    // Appeals are worked by their next action, whose lateness makes it more urgent, not less.
    // (rows, urgency with an open last date, closed-last check, urgency without a last date)
    let groups: Vec<(String, u32, bool, u32)> = match step {
        Step::Due(due) => {
            let open = if overdue(due) { URGENCY_LATE } else { urgency(due, None, today) };
            vec![
                ("queue <> 'done' AND queue <> 'appeals'".into(), open, overdue(due), urgency(due, None, today)),
                (
                    format!("queue <> 'done' AND {unindexed}queue = 'appeals'"),
                    action_urgency(due, today),
                    false,
                    action_urgency(due, today),
                ),
            ]
        }
        Step::Last(_) => {
            vec![("queue <> 'done' AND queue <> 'appeals' AND due_date < ?2".into(), URGENCY_LATE, true, URGENCY_LATE)]
        }
    };
    for (queues, u, late, unknown_last) in groups {
        let set = format!(
            "UPDATE work_item SET urgency_permille = {URGENCY}, priority = {}, priority_as_of = ?2
             WHERE {queues} AND (urgency_permille <> {URGENCY} OR priority <> {})",
            priority_sql(conn, URGENCY),
            priority_sql(conn, URGENCY)
        );
        let (sql, key) = match step {
            Step::Due(Some(d)) => (format!("{set} AND due_date = ?3"), Some(d.to_string())),
            Step::Due(None) => (format!("{set} AND due_date IS NULL AND CAST(?3 AS TEXT) IS NULL"), None),
            Step::Last(l) => (format!("{set} AND last_date = ?3"), Some(l.to_string())),
        };
        n += conn.execute(&sql, &[&u, &today, &key, &threshold, &late, &URGENCY_OVERDUE, &unknown_last])?;
    }
    Ok(n)
}

/// Every due date of an open item.
fn open_due_dates(conn: Conn<'_>) -> Res<Vec<NaiveDate>> {
    let sql = "SELECT DISTINCT due_date FROM work_item WHERE queue <> 'done' AND due_date IS NOT NULL";
    let rows: Vec<String> = conn.query_map(sql, &[], |r| r.get(0))?;
    Ok(rows.into_iter().filter_map(|s| s.parse().ok()).collect())
}

/// One indexed slice of a refresh: the items due on a date (`None`: without a due date), or
/// the items whose last possible date is a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Due(Option<NaiveDate>),
    Last(NaiveDate),
}

/// The steps whose items may have changed urgency since the last refresh: due dates whose
/// days-left crossed a boundary, and last dates that passed. Empty when priorities are already
/// today's; every due date after a long absence or after priorities were scored for a later day.
pub fn stale_steps<'a>(db: impl Into<Conn<'a>>, today: NaiveDate) -> Res<Vec<Step>> {
    let conn = db.into();
    match as_of(conn)? {
        Some(last) if last == today => Ok(Vec::new()),
        // A run with a later date (OVERTURN_TODAY, a wrong clock) must not freeze rescoring until
        // that date: priorities scored for the future are all rescored for today.
        Some(last) if last < today && (today - last).num_days() <= FULL_REFRESH_AFTER_DAYS => {
            let mut dues: Vec<NaiveDate> = Vec::new();
            let mut lasts: Vec<NaiveDate> = Vec::new();
            let mut day = last + Duration::days(1);
            while day <= today {
                dues.extend(urgency_boundaries().iter().map(|k| day + Duration::days(*k)));
                lasts.push(day - Duration::days(1));
                day += Duration::days(1);
            }
            dues.sort();
            dues.dedup();
            let mut steps: Vec<Step> = dues.into_iter().map(|d| Step::Due(Some(d))).collect();
            steps.extend(lasts.into_iter().map(Step::Last));
            Ok(steps)
        }
        _ => {
            let mut all: Vec<Step> = open_due_dates(conn)?.into_iter().map(|d| Step::Due(Some(d))).collect();
            all.push(Step::Due(None));
            Ok(all)
        }
    }
}

/// Rescores one step's items (one step of a refresh done in several transactions).
pub fn rescore_step<'a>(db: impl Into<Conn<'a>>, step: Step, today: NaiveDate, threshold: Cents) -> Res<u64> {
    let conn = db.into();
    rescore(conn, step, today, threshold)
}

/// Records that priorities are today's.
pub fn finish<'a>(db: impl Into<Conn<'a>>, today: NaiveDate) -> Res<()> {
    let conn = db.into();
    set_as_of(conn, today)
}

/// Brings every open item's urgency and priority to `today` in one go; returns how many changed.
pub fn refresh<'a>(db: impl Into<Conn<'a>>, today: NaiveDate, threshold: Cents) -> Res<u64> {
    let conn = db.into();
    let mut n = 0;
    for step in stale_steps(conn, today)? {
        n += rescore(conn, step, today, threshold)?;
    }
    set_as_of(conn, today)?;
    Ok(n)
}

/// After an import into a new ledger: its items were scored with `today`. An older ledger
/// keeps its date; the next refresh rescores from there (items already right are skipped), so
/// an import never pays for a refresh.
pub fn mark_current<'a>(db: impl Into<Conn<'a>>, today: NaiveDate) -> Res<()> {
    let conn = db.into();
    match as_of(conn)? {
        Some(_) => Ok(()),
        None => set_as_of(conn, today),
    }
}
