//! Finding the claim a later record answers: the original of a reversal, the claim a 277
//! status is about; and recording those links.

use super::StoreError;
use super::db::Conn;
use crate::domain::money::Cents;
use chrono::NaiveDate;

type Res<T> = Result<T, StoreError>;

/// The most recent non-reversal claim with this PCN (and payer claim number, when both have
/// one) that has not been reversed yet: what a CLP02 22 reverses.
pub fn reversal_target<'a>(
    db: impl Into<Conn<'a>>,
    pcn: &str,
    payer_claim_no: Option<&str>,
    payer_id: Option<i64>,
) -> Res<Option<i64>> {
    // `CAST(?1 AS TEXT)`, not `?1`: SQLite marks a statement comparing a column with a bare
    // parameter to be planned again when its parameters are cleared, which rusqlite's
    // statement cache does each time it takes a statement back; every reversal was planned anew.
    let sql = "SELECT id FROM claim
               WHERE pcn = CAST(?1 AS TEXT) AND status_code <> '22' AND reversed_by_claim_id IS NULL AND source = '835'
                 AND (CAST(?2 AS TEXT) IS NULL OR payer_claim_no IS NULL OR payer_claim_no = ?2)
                 AND (CAST(?3 AS BIGINT) IS NULL OR payer_id IS NULL OR payer_id = ?3)
               ORDER BY id DESC LIMIT 1";
    db.into().query_opt(sql, &[&pcn, &payer_claim_no, &payer_id], |r| r.get(0))
}

pub fn link_reversal<'a>(db: impl Into<Conn<'a>>, original: i64, reversal: i64) -> Res<()> {
    let conn = db.into();
    conn.execute("UPDATE claim SET reversed_by_claim_id = ?2 WHERE id = ?1", &[&original, &reversal])?;
    conn.execute("UPDATE claim SET reverses_claim_id = ?1 WHERE id = ?2", &[&original, &reversal])?;
    Ok(())
}

/// The latest claim with this PCN (preferring a payer claim number match), for 277 statuses.
pub fn claim_for_status<'a>(db: impl Into<Conn<'a>>, pcn: &str, payer_claim_no: Option<&str>) -> Res<Option<i64>> {
    let sql = "SELECT id FROM claim WHERE pcn = ?1
               ORDER BY (CASE WHEN payer_claim_no = ?2 THEN 1 ELSE 0 END) DESC, id DESC LIMIT 1";
    db.into().query_opt(sql, &[&pcn, &payer_claim_no], |r| r.get(0))
}

pub fn set_last_status<'a>(db: impl Into<Conn<'a>>, claim_id: i64, status: &str, date: Option<NaiveDate>) -> Res<()> {
    db.into().execute(
        "UPDATE claim SET last_status = ?2, last_status_date = ?3 WHERE id = ?1",
        &[&claim_id, &status, &date],
    )?;
    Ok(())
}

pub struct NewStatus<'a> {
    pub batch_id: i64,
    pub claim_id: Option<i64>,
    pub source: &'a str,
    pub pcn: &'a str,
    pub payer_claim_no: Option<&'a str>,
    pub category: &'a str,
    pub status_code: Option<&'a str>,
    pub entity_code: Option<&'a str>,
    pub status_date: Option<NaiveDate>,
    pub amount: Cents,
    pub effect: &'a str,
}

pub fn insert_status<'a>(db: impl Into<Conn<'a>>, s: &NewStatus<'_>) -> Res<()> {
    db.into().execute(
        "INSERT INTO claim_status (batch_id, claim_id, source, pcn, payer_claim_no, category, status_code,
         entity_code, status_date, amount_cents, effect) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        &[
            &s.batch_id,
            &s.claim_id,
            &s.source,
            &s.pcn,
            &s.payer_claim_no,
            &s.category,
            &s.status_code,
            &s.entity_code,
            &s.status_date,
            &s.amount,
            &s.effect,
        ],
    )?;
    Ok(())
}
