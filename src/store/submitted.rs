//! The claim inventory (`submitted_claim`, schema v9): claims from the practice's 837s and
//! when the payer acknowledged, rejected and answered each (matched by the patient control
//! number, whichever file came first).

use chrono::NaiveDate;
use serde::Serialize;

use super::StoreError;
use super::db::Conn;
use crate::domain::submitted::SubmittedClaim;

type Res<T> = Result<T, StoreError>;

#[derive(Serialize)]
struct PackedLine<'a> {
    #[serde(rename = "p")]
    procedure: &'a str,
    #[serde(rename = "md", skip_serializing_if = "str::is_empty")]
    modifiers: String,
    #[serde(rename = "rv", skip_serializing_if = "Option::is_none")]
    revenue_code: Option<&'a str>,
    #[serde(rename = "ch")]
    charge: i64,
    #[serde(rename = "u", skip_serializing_if = "Option::is_none")]
    units: Option<f64>,
    #[serde(rename = "f", skip_serializing_if = "Option::is_none")]
    date: Option<NaiveDate>,
}

/// What the ledger already knew of a claim when its 837 arrived.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Answers {
    pub acknowledged: bool,
    pub rejected: bool,
    pub remitted: bool,
}

/// Stores a submitted claim (`on`: the day it was submitted) with the answers already in the
/// ledger for its patient control number on or after that day.
pub fn insert<'a>(db: impl Into<Conn<'a>>, batch_id: i64, c: &SubmittedClaim, on: NaiveDate) -> Res<Answers> {
    let conn = db.into();
    let lines: Vec<PackedLine<'_>> = c
        .lines
        .iter()
        .map(|l| PackedLine {
            procedure: &l.procedure,
            modifiers: l.modifiers.join(" "),
            revenue_code: l.revenue_code.as_deref(),
            charge: l.charge.cents(),
            units: l.units,
            date: l.date,
        })
        .collect();
    let packed =
        serde_json::to_string(&lines).map_err(|e| StoreError::new(format!("lines could not be packed: {e}")))?;
    let (from, to) = c.dates();
    let day = on.to_string();
    // The patient (loop 2010CA) when not the subscriber.
    let patient = c.patient.as_ref().unwrap_or(&c.subscriber);
    let status = |effect: &str| -> Res<Option<String>> {
        conn.query_row(
            "SELECT min(status_date) FROM claim_status
             WHERE pcn = ?1 AND source = '277CA' AND effect = ?2 AND status_date >= ?3",
            &[&c.pcn, &effect, &day],
            |r| r.get(0),
        )
    };
    let (ack, rej) = (status("accept")?, status("reject")?);
    let remit: Option<(i64, String)> = conn.query_opt(
        "SELECT id, remit_date FROM claim WHERE pcn = ?1 AND source = '835' AND status_code <> '22'
         AND remit_date >= ?2 ORDER BY remit_date, id LIMIT 1",
        &[&c.pcn, &day],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (remit_on, remit_id) = (remit.as_ref().map(|r| r.1.clone()), remit.as_ref().map(|r| r.0));
    conn.execute(
        "INSERT INTO submitted_claim (batch_id, pcn, frequency, original_ref, institutional, payer_name, payer_ident,
         member_id, billing_npi, rendering_npi, facility_code, charge_cents, service_from, service_to, submitted_on,
         lines, acknowledged_on, rejected_on, remitted_on, remit_claim_id, filing_indicator, patient_last, patient_first)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
        &[
            &batch_id,
            &c.pcn,
            &c.frequency,
            &c.original_ref,
            &c.institutional,
            &c.payer.name,
            &c.payer.id,
            &c.member_id,
            &c.billing_npi,
            &c.rendering_npi,
            &c.facility,
            &c.charge,
            &from,
            &to,
            &day,
            &packed,
            &ack,
            &rej,
            &remit_on,
            &remit_id,
            &c.filing_indicator,
            &patient.last,
            &patient.first,
        ],
    )?;
    Ok(Answers { acknowledged: ack.is_some(), rejected: rej.is_some(), remitted: remit.is_some() })
}

/// True when the ledger holds any submitted claim (remits and acknowledgements skip the
/// matching otherwise).
pub fn any<'a>(db: impl Into<Conn<'a>>) -> Res<bool> {
    db.into().query_row("SELECT EXISTS (SELECT 1 FROM submitted_claim)", &[], |r| r.get(0))
}

/// What identifies the submitted claims an answer is about: the patient control number, and
/// the payer's claim number once a 277CA acceptance gave it (a payer may cut the control
/// number short on its 835: Medicare keeps 20 of CLM01's 38 characters).
#[derive(Debug, Clone, Copy)]
pub struct AnswerKeys<'a> {
    pub pcn: &'a str,
    pub payer_claim_no: Option<&'a str>,
}

/// An 835 claim answers the submitted claims it names (see [`AnswerKeys`]) sent on or before
/// its remit date that had no answer yet.
pub fn remitted<'a>(db: impl Into<Conn<'a>>, k: AnswerKeys<'_>, remit_date: NaiveDate, claim_id: i64) -> Res<usize> {
    let n = db.into().execute(
        "UPDATE submitted_claim SET remitted_on = ?2, remit_claim_id = ?3
         WHERE (pcn = ?1 OR payer_claim_no = ?4) AND remitted_on IS NULL AND submitted_on <= ?2",
        &[&k.pcn, &remit_date, &claim_id, &k.payer_claim_no],
    )?;
    Ok(n as usize)
}

/// A 277CA acceptance or rejection of the claims it names sent on or before it (the first of
/// each is kept); an acceptance records the payer's claim number it gave.
pub fn acknowledged<'a>(db: impl Into<Conn<'a>>, k: AnswerKeys<'_>, on: NaiveDate, accepted: bool) -> Res<usize> {
    let sql = if accepted {
        "UPDATE submitted_claim SET acknowledged_on = ?2, payer_claim_no = coalesce(payer_claim_no, ?3)
         WHERE (pcn = ?1 OR payer_claim_no = ?3) AND acknowledged_on IS NULL AND submitted_on <= ?2"
    } else {
        "UPDATE submitted_claim SET rejected_on = ?2
         WHERE (pcn = ?1 OR payer_claim_no = ?3) AND rejected_on IS NULL AND submitted_on <= ?2"
    };
    Ok(db.into().execute(sql, &[&k.pcn, &on, &k.payer_claim_no])? as usize)
}

/// Submitted claims, and those without an 835 answer yet.
pub fn summary<'a>(db: impl Into<Conn<'a>>) -> Res<(u64, u64)> {
    let (all, open): (i64, i64) = db.into().query_row(
        "SELECT count(*), count(*) FILTER (WHERE remitted_on IS NULL) FROM submitted_claim",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((all as u64, open as u64))
}

/// A submitted claim still without its 835 (and not rejected without a later acceptance).
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    /// The `submitted_claim` row and the 837's batch.
    pub id: i64,
    pub batch_id: i64,
    pub institutional: bool,
    pub pcn: String,
    pub payer_name: String,
    pub payer_ident: Option<String>,
    pub filing_indicator: Option<String>,
    pub charge: crate::domain::money::Cents,
    pub service_from: Option<NaiveDate>,
    pub submitted_on: NaiveDate,
    pub acknowledged_on: Option<NaiveDate>,
    pub rejected_on: Option<NaiveDate>,
}

/// Submitted claims sent on or before `sent_by` that no remit answered, oldest first (the
/// partial index on the unanswered ones).
pub fn waiting<'a>(db: impl Into<Conn<'a>>, sent_by: NaiveDate) -> Res<Vec<Waiting>> {
    let db = db.into();
    let sql = db.pick(
        "SELECT pcn, payer_name, payer_ident, filing_indicator, charge_cents, service_from, submitted_on,
                acknowledged_on, rejected_on, id, batch_id, institutional
         FROM submitted_claim INDEXED BY submitted_unanswered
         WHERE remitted_on IS NULL AND submitted_on <= ?1 ORDER BY submitted_on, id",
        "SELECT pcn, payer_name, payer_ident, filing_indicator, charge_cents, service_from, submitted_on,
                acknowledged_on, rejected_on, id, batch_id, institutional
         FROM submitted_claim
         WHERE remitted_on IS NULL AND submitted_on <= ?1 ORDER BY submitted_on, id",
    );
    db.query_map(sql, &[&sent_by], |r| {
        Ok(Waiting {
            id: r.get(9)?,
            batch_id: r.get(10)?,
            institutional: r.get(11)?,
            pcn: r.get(0)?,
            payer_name: r.get(1)?,
            payer_ident: r.get(2)?,
            filing_indicator: r.get(3)?,
            charge: r.get(4)?,
            service_from: r.get(5)?,
            submitted_on: r.get(6)?,
            acknowledged_on: r.get(7)?,
            rejected_on: r.get(8)?,
        })
    })
}
