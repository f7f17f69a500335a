//! Prevention actions: what the owner changed upstream against a root cause, and from when.

use super::StoreError;
use super::db::Conn;
use crate::domain::rca::PreventionAction;
use crate::domain::vocab::RootCause;
use chrono::NaiveDate;

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
pub fn record<'a>(tx: impl Into<Conn<'a>>, p: &NewPrevention, today: NaiveDate, now: &str, actor: &str) -> Res<i64> {
    p.check().map_err(StoreError::new)?;
    let db = tx.into();
    let id = db.insert(
        "INSERT INTO prevention (category, what, who, effective_on, recorded_on, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[&p.category, &p.what.trim(), &p.who.trim(), &p.from, &today, &actor],
    )?;
    db.insert(
        "INSERT INTO event (at, actor, action, detail) VALUES (?1, ?2, 'prevention', ?3)",
        &[&now, &actor, &format!("prevention {id} on {} from {}", p.category, p.from)],
    )?;
    Ok(id)
}

/// Every action, newest effective date first.
pub fn all<'a>(db: impl Into<Conn<'a>>) -> Res<Vec<PreventionAction>> {
    let rows = db.into().query_map(
        "SELECT id, category, what, who, effective_on, recorded_on FROM prevention ORDER BY effective_on DESC, id DESC",
        &[],
        |r| {
            Ok((
                r.get::<i64, _>(0)?,
                r.get::<String, _>(1)?,
                r.get::<String, _>(2)?,
                r.get::<String, _>(3)?,
                r.get::<String, _>(4)?,
                r.get::<String, _>(5)?,
            ))
        },
    )?;
    let mut out = Vec::new();
    for (id, category, what, who, from, recorded) in rows {
        let (Some(category), Ok(from), Ok(recorded_on)) =
            (RootCause::parse(&category), from.parse::<NaiveDate>(), recorded.parse::<NaiveDate>())
        else {
            return Err(StoreError::new(format!("prevention action {id} is damaged in the ledger")));
        };
        out.push(PreventionAction { id, category, what, who, from, recorded_on });
    }
    Ok(out)
}
