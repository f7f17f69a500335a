//! Prevention actions: what the owner changed upstream against a root cause, and from when.

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::StoreError;
use crate::domain::rca::PreventionAction;
use crate::domain::vocab::RootCause;

type Res<T> = Result<T, StoreError>;

/// What the owner enters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPrevention {
    pub category: RootCause,
    pub what: String,
    pub who: String,
    pub from: NaiveDate,
}

impl NewPrevention {
    /// The reason it cannot be recorded, if any.
    pub fn check(&self) -> Result<(), String> {
        if self.what.trim().is_empty() {
            return Err("say what changed upstream".into());
        }
        if self.who.trim().is_empty() {
            return Err("say who owns the change".into());
        }
        Ok(())
    }
}

/// Records an action with its audit event, inside the caller's transaction.
pub fn record(tx: &Connection, p: &NewPrevention, today: NaiveDate, now: &str, actor: &str) -> Res<i64> {
    p.check().map_err(StoreError::new)?;
    tx.execute(
        "INSERT INTO prevention (category, what, who, effective_on, recorded_on, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![p.category.as_str(), p.what.trim(), p.who.trim(), p.from.to_string(), today.to_string(), actor],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO event (at, actor, action, detail) VALUES (?1, ?2, 'prevention', ?3)",
        params![now, actor, format!("prevention {id} on {} from {}", p.category, p.from)],
    )?;
    Ok(id)
}

/// Every action, newest effective date first.
pub fn all(conn: &Connection) -> Res<Vec<PreventionAction>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, category, what, who, effective_on, recorded_on FROM prevention ORDER BY effective_on DESC, id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, category, what, who, from, recorded) = row?;
        let (Some(category), Ok(from), Ok(recorded_on)) =
            (RootCause::parse(&category), from.parse::<NaiveDate>(), recorded.parse::<NaiveDate>())
        else {
            return Err(StoreError::new(format!("prevention action {id} is damaged in the ledger")));
        };
        out.push(PreventionAction { id, category, what, who, from, recorded_on });
    }
    Ok(out)
}
