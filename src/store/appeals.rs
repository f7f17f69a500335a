//! Appeal rows: one per level an item was appealed at. Decisions read a whole row, change it,
//! and write it back; undo writes the earlier copy.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;
use super::queue::date;
use super::queue_appeal::AppealBrief;
use crate::domain::appeal::{AppealLevel, AppealStage, AppealTrack, PacketEntry, SubmitMethod, missing_required};
use crate::domain::money::Cents;

type Res<T> = Result<T, StoreError>;

/// Every column of an appeal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealRecord {
    pub id: i64,
    pub work_item_id: i64,
    pub level: u8,
    pub track: AppealTrack,
    pub opened_on: NaiveDate,
    pub deadline: Option<NaiveDate>,
    pub stage: AppealStage,
    pub submitted_on: Option<NaiveDate>,
    pub method: Option<SubmitMethod>,
    pub confirmation: Option<String>,
    pub followup_due: Option<NaiveDate>,
    pub info_due: Option<NaiveDate>,
    pub outcome_on: Option<NaiveDate>,
    pub paid: Cents,
    pub packet: Vec<PacketEntry>,
    pub packet_override: Option<String>,
    pub letter: Option<String>,
    pub letter_saved_on: Option<NaiveDate>,
    pub withdrawn_on: Option<NaiveDate>,
}

const COLUMNS: &str = "id, work_item_id, level, track, opened_on, deadline, state, submitted_on, method, confirmation,
    followup_due, info_due, outcome_on, paid_cents, packet, packet_override, letter, letter_saved_on, withdrawn_on";

fn record(r: &Row<'_>) -> rusqlite::Result<AppealRecord> {
    let packet: String = r.get(14)?;
    Ok(AppealRecord {
        id: r.get(0)?,
        work_item_id: r.get(1)?,
        level: r.get(2)?,
        track: {
            let t: String = r.get(3)?;
            AppealTrack::parse(&t).ok_or_else(|| super::sql_types::unknown(&t, "appeal track"))?
        },
        opened_on: date(r, 4)?.unwrap_or_default(),
        deadline: date(r, 5)?,
        stage: r.get(6)?,
        submitted_on: date(r, 7)?,
        method: match r.get::<_, Option<String>>(8)? {
            Some(m) => Some(SubmitMethod::parse(&m).ok_or_else(|| super::sql_types::unknown(&m, "submission method"))?),
            None => None,
        },
        confirmation: r.get(9)?,
        followup_due: date(r, 10)?,
        info_due: date(r, 11)?,
        outcome_on: date(r, 12)?,
        paid: Cents(r.get(13)?),
        packet: serde_json::from_str(&packet).unwrap_or_default(),
        packet_override: r.get(15)?,
        letter: r.get(16)?,
        letter_saved_on: date(r, 17)?,
        withdrawn_on: date(r, 18)?,
    })
}

fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

pub fn load(conn: &Connection, id: i64) -> Res<Option<AppealRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM appeal WHERE id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], record).optional()?)
}

/// Every level of an item's appeals, oldest first.
pub fn history(conn: &Connection, work_item_id: i64) -> Res<Vec<AppealRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM appeal WHERE work_item_id = ?1 ORDER BY id");
    let rows = conn.prepare_cached(&sql)?.query_map([work_item_id], record)?.collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Inserts a new appeal (its `id` is ignored) and returns its id.
pub fn insert(conn: &Connection, a: &AppealRecord) -> Res<i64> {
    conn.prepare_cached(
        "INSERT INTO appeal (work_item_id, level, track, opened_on, deadline, state, packet) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        a.work_item_id,
        a.level,
        a.track.as_str(),
        a.opened_on.to_string(),
        day(a.deadline),
        a.stage.as_str(),
        packet_json(&a.packet)
    ])?;
    let id = conn.last_insert_rowid();
    save(conn, &AppealRecord { id, ..a.clone() })?;
    Ok(id)
}

fn packet_json(p: &[PacketEntry]) -> String {
    serde_json::to_string(p).unwrap_or_else(|_| "[]".into())
}

/// Writes every mutable column of `a`.
pub fn save(conn: &Connection, a: &AppealRecord) -> Res<()> {
    conn.prepare_cached(
        "UPDATE appeal SET level = ?2, track = ?3, deadline = ?4, state = ?5, submitted_on = ?6, method = ?7,
         confirmation = ?8, followup_due = ?9, info_due = ?10, outcome_on = ?11, paid_cents = ?12, packet = ?13,
         packet_override = ?14, letter = ?15, letter_saved_on = ?16, withdrawn_on = ?17 WHERE id = ?1",
    )?
    .execute(params![
        a.id,
        a.level,
        a.track.as_str(),
        day(a.deadline),
        a.stage.as_str(),
        day(a.submitted_on),
        a.method.map(|m| m.as_str()),
        a.confirmation,
        day(a.followup_due),
        day(a.info_due),
        day(a.outcome_on),
        a.paid.cents(),
        packet_json(&a.packet),
        a.packet_override,
        a.letter,
        day(a.letter_saved_on),
        day(a.withdrawn_on)
    ])?;
    Ok(())
}

impl AppealRecord {
    /// A new appeal (not yet inserted: `id` 0), preparing, with its checklist.
    pub fn opened(
        work_item_id: i64,
        level: u8,
        track: AppealTrack,
        opened_on: NaiveDate,
        deadline: Option<NaiveDate>,
        packet: Vec<PacketEntry>,
    ) -> AppealRecord {
        AppealRecord {
            id: 0,
            work_item_id,
            level,
            track,
            opened_on,
            deadline,
            stage: AppealStage::Preparing,
            submitted_on: None,
            method: None,
            confirmation: None,
            followup_due: None,
            info_due: None,
            outcome_on: None,
            paid: Cents::ZERO,
            packet,
            packet_override: None,
            letter: None,
            letter_saved_on: None,
            withdrawn_on: None,
        }
    }

    /// The row-sized summary the queues and the decision rules use.
    pub fn brief(&self) -> AppealBrief {
        AppealBrief {
            id: self.id,
            level: self.level,
            track: self.track,
            stage: self.stage,
            deadline: self.deadline,
            submitted_on: self.submitted_on,
            method: self.method,
            confirmation: self.confirmation.clone(),
            followup_due: self.followup_due,
            info_due: self.info_due,
            outcome_on: self.outcome_on,
            missing_required: missing_required(&self.packet).len() as u32,
            has_letter: self.letter.as_deref().is_some_and(|l| !l.trim().is_empty()),
        }
    }

    /// The date the item is worked against while this appeal is current.
    pub fn next_action_date(&self, levels: &[AppealLevel], amount: Cents) -> Option<NaiveDate> {
        self.brief().next_action(levels, amount).and_then(|a| a.due)
    }
}
