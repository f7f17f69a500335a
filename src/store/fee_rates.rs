//! Contracted rates (`fee_rate`) and the short-paid lines of underpayment items
//! (`short_line`), schema v9.

use chrono::NaiveDate;

use super::StoreError;
use super::db::Conn;
use crate::domain::fee_schedule::{AllowedFrom, FeeRate, ShortLine};
use crate::domain::money::Cents;
use crate::import::fee_csv::FeeRow;

type Res<T> = Result<T, StoreError>;

/// A rate a newer schedule replaced.
#[derive(Debug, Clone, PartialEq)]
pub struct Superseded {
    pub id: i64,
    pub rate: Cents,
    pub file_name: String,
}

/// Stores one rate of the schedule imported as `batch_id`; an earlier current rate for the same
/// payer, procedure, modifier and start date is marked superseded and returned.
pub fn insert<'a>(db: impl Into<Conn<'a>>, batch_id: i64, r: &FeeRow) -> Res<Option<Superseded>> {
    let conn = db.into();
    let ident = r.payer_id.as_deref().unwrap_or("").to_ascii_uppercase();
    let name = r.payer.as_deref().unwrap_or("").to_ascii_uppercase();
    let modifier = r.modifier.as_deref().unwrap_or("");
    let from = r.from.to_string();
    let prior: Option<Superseded> = conn.query_opt(
        "SELECT f.id, f.rate_cents, b.file_name FROM fee_rate f JOIN import_batch b ON b.id = f.batch_id
         WHERE f.superseded_by IS NULL AND f.procedure = ?1 AND f.modifier = ?2 AND f.effective_from = ?3
           AND f.payer_ident = ?4 AND f.payer_name = ?5",
        &[&r.procedure, &modifier, &from, &ident, &name],
        |row| Ok(Superseded { id: row.get(0)?, rate: Cents(row.get(1)?), file_name: row.get(2)? }),
    )?;
    if let Some(p) = &prior {
        conn.execute("UPDATE fee_rate SET superseded_by = ?1 WHERE id = ?2", &[&batch_id, &p.id])?;
    }
    let row_no = r.row as i64;
    conn.execute(
        "INSERT INTO fee_rate (batch_id, row_no, payer_ident, payer_name, procedure, modifier, rate_cents,
         effective_from, effective_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        &[&batch_id, &row_no, &ident, &name, &r.procedure, &modifier, &r.rate, &from, &r.to],
    )?;
    Ok(prior)
}

/// Current rates on file, and open underpayment items with their shortfall.
pub fn summary<'a>(db: impl Into<Conn<'a>>) -> Res<(u64, u64, Cents)> {
    let db = db.into();
    let rates: i64 = db.query_row("SELECT count(*) FROM fee_rate WHERE superseded_by IS NULL", &[], |r| r.get(0))?;
    let (items, cents): (i64, i64) = db.query_row(
        "SELECT count(*), coalesce(sum(amount_cents), 0) FROM work_item
         WHERE kind = 'underpayment' AND state IN ('open', 'appealed', 'resubmitted')",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((rates as u64, items as u64, Cents(cents)))
}

/// True when the ledger holds any current rate (imports skip the comparison otherwise).
pub fn any<'a>(db: impl Into<Conn<'a>>) -> Res<bool> {
    db.into().query_row("SELECT EXISTS (SELECT 1 FROM fee_rate WHERE superseded_by IS NULL)", &[], |r| r.get(0))
}

fn day(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|d| d.parse().ok())
}

/// The current rates for a payer of the ledger, matched by its identifier, else its name
/// (a row naming only the payer's name matches by name; one with an id, by id).
pub fn for_payer<'a>(db: impl Into<Conn<'a>>, payer_id: i64) -> Res<Vec<FeeRate>> {
    let rows = db.into().query_map(
        "SELECT f.id, f.procedure, f.modifier, f.rate_cents, f.effective_from, f.effective_to, b.file_name
         FROM fee_rate f JOIN import_batch b ON b.id = f.batch_id, payer p
         WHERE p.id = ?1 AND f.superseded_by IS NULL
           AND ((f.payer_ident <> '' AND f.payer_ident = upper(coalesce(p.ident, '')))
             OR (f.payer_ident = '' AND f.payer_name = upper(p.name)))",
        &[&payer_id],
        |r| {
            Ok((
                r.get::<i64, _>(0)?,
                r.get::<String, _>(1)?,
                r.get::<String, _>(2)?,
                r.get::<i64, _>(3)?,
                r.get::<String, _>(4)?,
                r.get::<Option<String>, _>(5)?,
                r.get::<String, _>(6)?,
            ))
        },
    )?;
    let mut out = Vec::new();
    for (id, procedure, modifier, rate, from, to, schedule) in rows {
        let Some(from) = day(Some(from)) else { continue };
        out.push(FeeRate {
            id,
            procedure,
            modifier: Some(modifier).filter(|m| !m.is_empty()),
            rate: Cents(rate),
            from,
            to: day(to),
            schedule,
        });
    }
    Ok(out)
}

/// A paid 835 claim a new schedule may find short-paid.
#[derive(Debug, Clone)]
pub struct PaidClaim {
    pub id: i64,
    pub payer_id: i64,
    pub payer_name: String,
    pub payer_ident: Option<String>,
    pub pcn: String,
    pub paid: Cents,
    pub filing_indicator: Option<String>,
    pub remit_date: Option<NaiveDate>,
    pub institutional: bool,
}

/// Paid 835 claims (not reversed) of payers with a current rate, that no underpayment item
/// holds yet.
pub fn paid_claims_to_compare<'a>(db: impl Into<Conn<'a>>) -> Res<Vec<PaidClaim>> {
    db.into().query_map(
        "SELECT c.id, p.id, p.name, p.ident, c.pcn, c.paid_cents, c.filing_indicator, c.remit_date, c.institutional
         FROM claim c JOIN payer p ON p.id = c.payer_id
         WHERE c.source = '835' AND c.paid_cents > 0 AND c.status_code <> '22' AND c.reversed_by_claim_id IS NULL
           AND EXISTS (SELECT 1 FROM fee_rate f WHERE f.superseded_by IS NULL
                       AND ((f.payer_ident <> '' AND f.payer_ident = upper(coalesce(p.ident, '')))
                         OR (f.payer_ident = '' AND f.payer_name = upper(p.name))))
           AND NOT EXISTS (SELECT 1 FROM work_item w WHERE w.claim_id = c.id AND w.kind = 'underpayment')
         ORDER BY c.id",
        &[],
        |r| {
            Ok(PaidClaim {
                id: r.get(0)?,
                payer_id: r.get(1)?,
                payer_name: r.get(2)?,
                payer_ident: r.get(3)?,
                pcn: r.get(4)?,
                paid: Cents(r.get(5)?),
                filing_indicator: r.get(6)?,
                remit_date: day(r.get(7)?),
                institutional: r.get::<i64, _>(8)? != 0,
            })
        },
    )
}

/// Records the short lines behind an underpayment item.
pub fn insert_short_lines<'a>(db: impl Into<Conn<'a>>, work_item_id: i64, lines: &[ShortLine]) -> Res<()> {
    let conn = db.into();
    for l in lines {
        let line_no = l.line as i64 + 1;
        conn.execute(
            "INSERT INTO short_line (work_item_id, line_no, procedure, modifiers, units, fee_rate_id, rate_cents,
             expected_cents, allowed_cents, allowed_from, short_cents)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            &[
                &work_item_id,
                &line_no,
                &l.procedure,
                &l.modifiers,
                &l.units,
                &l.rate.id,
                &l.rate.rate,
                &l.expected,
                &l.allowed,
                &l.allowed_from.as_str(),
                &l.short,
            ],
        )?;
    }
    Ok(())
}

/// Replaces an item's short lines with those of the remit that answered it.
pub fn replace_short_lines<'a>(db: impl Into<Conn<'a>>, work_item_id: i64, lines: &[ShortLine]) -> Res<()> {
    let conn = db.into();
    conn.execute("DELETE FROM short_line WHERE work_item_id = ?1", &[&work_item_id])?;
    insert_short_lines(conn, work_item_id, lines)
}

/// One stored short line, with the rate's schedule and dates, for the detail and the letter.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortLineRow {
    pub line_no: i64,
    pub procedure: String,
    pub modifiers: String,
    pub units: f64,
    pub rate: Cents,
    pub expected: Cents,
    pub allowed: Cents,
    pub allowed_from: String,
    pub short: Cents,
    pub schedule: String,
    pub from: String,
    pub to: Option<String>,
}

impl ShortLineRow {
    /// `line 1 99213: contracted $88.00 x 1 = $88.00; allowed (AMT*B6) $62.00; short $26.00`.
    pub fn arithmetic(&self) -> String {
        let line = ShortLine {
            line: self.line_no.max(1) as usize - 1,
            procedure: self.procedure.clone(),
            modifiers: self.modifiers.clone(),
            units: self.units,
            rate: FeeRate {
                id: 0,
                procedure: self.procedure.clone(),
                modifier: None,
                rate: self.rate,
                from: NaiveDate::MIN,
                to: None,
                schedule: self.schedule.clone(),
            },
            expected: self.expected,
            allowed: self.allowed,
            allowed_from: AllowedFrom::parse(&self.allowed_from).unwrap_or(AllowedFrom::Amt),
            short: self.short,
        };
        format!("line {} {}", self.line_no, line.arithmetic())
    }

    /// `fees-2026.csv, effective 2026-01-01 to 2026-12-31` (or `from 2026-01-01`).
    pub fn source(&self) -> String {
        match &self.to {
            Some(to) => format!("{}, effective {} to {to}", self.schedule, self.from),
            None => format!("{}, effective from {}", self.schedule, self.from),
        }
    }
}

pub fn short_lines_of<'a>(db: impl Into<Conn<'a>>, work_item_id: i64) -> Res<Vec<ShortLineRow>> {
    db.into().query_map(
        "SELECT s.line_no, s.procedure, s.modifiers, s.units, s.rate_cents, s.expected_cents, s.allowed_cents,
                s.allowed_from, s.short_cents, b.file_name, f.effective_from, f.effective_to
         FROM short_line s JOIN fee_rate f ON f.id = s.fee_rate_id JOIN import_batch b ON b.id = f.batch_id
         WHERE s.work_item_id = ?1 ORDER BY s.line_no",
        &[&work_item_id],
        |r| {
            Ok(ShortLineRow {
                line_no: r.get(0)?,
                procedure: r.get(1)?,
                modifiers: r.get(2)?,
                units: r.get(3)?,
                rate: Cents(r.get(4)?),
                expected: Cents(r.get(5)?),
                allowed: Cents(r.get(6)?),
                allowed_from: r.get(7)?,
                short: Cents(r.get(8)?),
                schedule: r.get(9)?,
                from: r.get(10)?,
                to: r.get(11)?,
            })
        },
    )
}
