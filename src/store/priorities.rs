//! Keeping stored priorities true as days pass. Urgency moves in steps, so on any day only
//! items whose days-left crossed a step boundary change: those are found by an indexed lookup
//! on their due dates instead of rescoring every item.

use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use crate::domain::priority::{action_urgency, urgency, urgency_boundaries};

type Res<T> = Result<T, StoreError>;

const META_KEY: &str = "priorities_as_of";
/// Past this many days since the last refresh, rescoring everything is simpler.
const FULL_REFRESH_AFTER_DAYS: i64 = 62;

fn as_of(conn: &Connection) -> Res<Option<NaiveDate>> {
    let v: Option<String> =
        conn.query_row("SELECT value FROM ledger_meta WHERE key = ?1", [META_KEY], |r| r.get(0)).optional()?;
    Ok(v.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()))
}

fn set_as_of(conn: &Connection, today: NaiveDate) -> Res<()> {
    conn.execute(
        "INSERT INTO ledger_meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![META_KEY, today.to_string()],
    )?;
    Ok(())
}

/// Rescores the open items due on `due` (or without a due date): they all share one urgency,
/// so this is one UPDATE, and items already at that urgency are left alone. The arithmetic is
/// `PriorityFactors::score`'s, in integers.
fn rescore(conn: &Connection, due: Option<NaiveDate>, today: NaiveDate) -> Res<u64> {
    let mut n = 0;
    // Appeals are worked by their next action, whose lateness makes it more urgent, not less.
    for (queues, u) in [
        ("queue <> 'done' AND queue <> 'appeals'", urgency(due, today)),
        ("queue <> 'done' AND +queue = 'appeals'", action_urgency(due, today)),
    ] {
        let set = format!(
            "UPDATE work_item SET urgency_permille = ?1,
             priority = max(amount_cents, 0) * ?1 * recover_permille / 1000000, priority_as_of = ?2
             WHERE {queues} AND urgency_permille <> ?1"
        );
        n += match due {
            Some(d) => conn.prepare_cached(&format!("{set} AND due_date = ?3"))?.execute(params![
                u,
                today.to_string(),
                d.to_string()
            ])?,
            None => {
                conn.prepare_cached(&format!("{set} AND due_date IS NULL"))?.execute(params![u, today.to_string()])?
            }
        };
    }
    Ok(n as u64)
}

/// Every due date of an open item.
fn open_due_dates(conn: &Connection) -> Res<Vec<NaiveDate>> {
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT due_date FROM work_item WHERE queue <> 'done' AND due_date IS NOT NULL")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.filter_map(|r| r.ok().and_then(|s| s.parse().ok())).collect())
}

/// The due dates whose items may have changed urgency since the last refresh (`None` stands
/// for items without a due date). Empty when priorities are already today's.
pub fn stale_due_dates(conn: &Connection, today: NaiveDate) -> Res<Vec<Option<NaiveDate>>> {
    match as_of(conn)? {
        Some(last) if last >= today => Ok(Vec::new()),
        Some(last) if (today - last).num_days() <= FULL_REFRESH_AFTER_DAYS => {
            let mut dues: Vec<NaiveDate> = Vec::new();
            let mut day = last + Duration::days(1);
            while day <= today {
                dues.extend(urgency_boundaries().iter().map(|k| day + Duration::days(*k)));
                day += Duration::days(1);
            }
            dues.sort();
            dues.dedup();
            Ok(dues.into_iter().map(Some).collect())
        }
        _ => {
            let mut all: Vec<Option<NaiveDate>> = open_due_dates(conn)?.into_iter().map(Some).collect();
            all.push(None);
            Ok(all)
        }
    }
}

/// Rescores one due date's items (one step of a refresh done in several transactions).
pub fn rescore_due(conn: &Connection, due: Option<NaiveDate>, today: NaiveDate) -> Res<u64> {
    rescore(conn, due, today)
}

/// Records that priorities are today's.
pub fn finish(conn: &Connection, today: NaiveDate) -> Res<()> {
    set_as_of(conn, today)
}

/// Brings every open item's urgency and priority to `today` in one go; returns how many changed.
pub fn refresh(conn: &Connection, today: NaiveDate) -> Res<u64> {
    let mut n = 0;
    for due in stale_due_dates(conn, today)? {
        n += rescore(conn, due, today)?;
    }
    set_as_of(conn, today)?;
    Ok(n)
}

/// After an import into a new ledger: its items were scored with `today`. An older ledger
/// keeps its date; the next refresh rescores from there (items already right are skipped), so
/// an import never pays for a refresh.
pub fn mark_current(conn: &Connection, today: NaiveDate) -> Res<()> {
    match as_of(conn)? {
        Some(_) => Ok(()),
        None => set_as_of(conn, today),
    }
}
