//! Appeal rows: one per level an item was appealed at. Decisions read a whole row, change it,
//! and write it back; undo writes the earlier copy.

use chrono::NaiveDate;

use super::StoreError;
use super::db::{Conn, Row};
pub use crate::domain::appeal::AppealRecord;
use crate::domain::appeal::{AppealTrack, PacketEntry, SubmitMethod};

type Res<T> = Result<T, StoreError>;

const COLUMNS: &str = "id, work_item_id, level, track, opened_on, deadline, state, submitted_on, method, confirmation,
    followup_due, info_due, outcome_on, paid_cents, packet, packet_override, letter, letter_saved_on, withdrawn_on";

/// A date column; one that is not a date reads as none (as the queues read them).
fn date(r: &Row<'_>, i: usize) -> Res<Option<NaiveDate>> {
    Ok(r.get::<Option<String>, _>(i)?.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()))
}

fn unknown(text: &str, what: &str) -> StoreError {
    StoreError::new(format!("'{text}' is not a {what} this build knows"))
}

fn record(r: &Row<'_>) -> Res<AppealRecord> {
    let packet: String = r.get(14)?;
    Ok(AppealRecord {
        id: r.get(0)?,
        work_item_id: r.get(1)?,
        level: r.get(2)?,
        track: {
            let t: String = r.get(3)?;
            AppealTrack::parse(&t).ok_or_else(|| unknown(&t, "appeal track"))?
        },
        opened_on: date(r, 4)?.unwrap_or_default(),
        deadline: date(r, 5)?,
        stage: r.get(6)?,
        submitted_on: date(r, 7)?,
        method: match r.get::<Option<String>, _>(8)? {
            Some(m) => Some(SubmitMethod::parse(&m).ok_or_else(|| unknown(&m, "submission method"))?),
            None => None,
        },
        confirmation: r.get(9)?,
        followup_due: date(r, 10)?,
        info_due: date(r, 11)?,
        outcome_on: date(r, 12)?,
        paid: r.get(13)?,
        packet: serde_json::from_str(&packet).unwrap_or_default(),
        packet_override: r.get(15)?,
        letter: r.get(16)?,
        letter_saved_on: date(r, 17)?,
        withdrawn_on: date(r, 18)?,
    })
}

pub fn load<'a>(db: impl Into<Conn<'a>>, id: i64) -> Res<Option<AppealRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM appeal WHERE id = ?1");
    db.into().query_opt(&sql, &[&id], record)
}

/// Every level of an item's appeals, oldest first.
pub fn history<'a>(db: impl Into<Conn<'a>>, work_item_id: i64) -> Res<Vec<AppealRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM appeal WHERE work_item_id = ?1 ORDER BY id");
    db.into().query_map(&sql, &[&work_item_id], record)
}

/// Inserts a new appeal (its `id` is ignored) and returns its id.
pub fn insert<'a>(db: impl Into<Conn<'a>>, a: &AppealRecord) -> Res<i64> {
    let db = db.into();
    let id = db.insert(
        "INSERT INTO appeal (work_item_id, level, track, opened_on, deadline, state, packet) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[
            &a.work_item_id,
            &a.level,
            &a.track.as_str(),
            &a.opened_on,
            &a.deadline,
            &a.stage.as_str(),
            &packet_json(&a.packet),
        ],
    )?;
    save(db, &AppealRecord { id, ..a.clone() })?;
    Ok(id)
}

fn packet_json(p: &[PacketEntry]) -> String {
    serde_json::to_string(p).unwrap_or_else(|_| "[]".into())
}

/// Writes every mutable column of `a`.
pub fn save<'a>(db: impl Into<Conn<'a>>, a: &AppealRecord) -> Res<()> {
    db.into().execute(
        "UPDATE appeal SET level = ?2, track = ?3, deadline = ?4, state = ?5, submitted_on = ?6, method = ?7,
         confirmation = ?8, followup_due = ?9, info_due = ?10, outcome_on = ?11, paid_cents = ?12, packet = ?13,
         packet_override = ?14, letter = ?15, letter_saved_on = ?16, withdrawn_on = ?17 WHERE id = ?1",
        &[
            &a.id,
            &a.level,
            &a.track.as_str(),
            &a.deadline,
            &a.stage.as_str(),
            &a.submitted_on,
            &a.method.map(|m| m.as_str()),
            &a.confirmation,
            &a.followup_due,
            &a.info_due,
            &a.outcome_on,
            &a.paid,
            &packet_json(&a.packet),
            &a.packet_override,
            &a.letter,
            &a.letter_saved_on,
            &a.withdrawn_on,
        ],
    )?;
    Ok(())
}
