//! Keeping stored priorities true as days pass. Urgency moves in steps, so on any day only
//! items whose days-left crossed a step boundary change: those are found by an indexed lookup
//! on their due dates instead of rescoring every item.

use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use crate::domain::money::Cents;
use crate::domain::priority::{PriorityFactors, urgency, urgency_boundaries};

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

/// Rescores the items with this due date (or every open item when `due` is `None`).
fn rescore(conn: &Connection, due: Option<NaiveDate>, today: NaiveDate) -> Res<u64> {
    let select = match due {
        Some(_) => {
            "SELECT id, due_date, amount_cents, recover_permille FROM work_item WHERE queue <> 'done' AND due_date = ?1"
        }
        None => "SELECT id, due_date, amount_cents, recover_permille FROM work_item WHERE queue <> 'done'",
    };
    let mut read = conn.prepare_cached(select)?;
    let mut write = conn.prepare_cached(
        "UPDATE work_item SET urgency_permille = ?2, priority = ?3, priority_as_of = ?4 WHERE id = ?1",
    )?;
    let mut rows = match due {
        Some(d) => read.query([d.to_string()])?,
        None => read.query([])?,
    };
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let due: Option<NaiveDate> = r.get::<_, Option<String>>(1)?.and_then(|s| s.parse().ok());
        let factors =
            PriorityFactors { at_risk: Cents(r.get(2)?), urgency: urgency(due, today), recoverability: r.get(3)? };
        write.execute(params![id, factors.urgency, factors.score(), today.to_string()])?;
        n += 1;
    }
    Ok(n)
}

/// Brings every open item's urgency and priority to `today`; returns how many were rescored.
pub fn refresh(conn: &Connection, today: NaiveDate) -> Res<u64> {
    let mut n = 0;
    match as_of(conn)? {
        Some(last) if last >= today => return Ok(0),
        Some(last) if (today - last).num_days() <= FULL_REFRESH_AFTER_DAYS => {
            let mut dues: Vec<NaiveDate> = Vec::new();
            let mut day = last + Duration::days(1);
            while day <= today {
                dues.extend(urgency_boundaries().iter().map(|k| day + Duration::days(*k)));
                day += Duration::days(1);
            }
            dues.sort();
            dues.dedup();
            for due in dues {
                n += rescore(conn, Some(due), today)?;
            }
        }
        _ => n += rescore(conn, None, today)?,
    }
    set_as_of(conn, today)?;
    Ok(n)
}

/// Marks priorities as true for `today` (after items were scored with `today`).
pub fn mark_current(conn: &Connection, today: NaiveDate) -> Res<()> {
    match as_of(conn)? {
        Some(last) if last >= today => Ok(()),
        Some(_) => refresh(conn, today).map(|_| ()),
        None => set_as_of(conn, today),
    }
}
