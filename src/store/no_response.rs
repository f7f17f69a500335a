//! The ledger side of no-response work (schema v10): the claim row a no-response item stands
//! on (the 837's claim as submitted, source `837`), whether an item already covers a claim's
//! silence, and the open items an answer resolves.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Deserialize;

use super::StoreError;
use super::db::Conn;
use super::first_adjudication::FirstFacts;
use super::submitted::AnswerKeys;
use super::{
    claim_writer::ClaimPlace,
    claims::{ClaimOrigin, insert_claim},
};
use crate::domain::money::Cents;
use crate::domain::remit::{PersonName, RemitClaim, ServiceLine};

type Res<T> = Result<T, StoreError>;

/// A line as `submitted::insert` packed it.
#[derive(Deserialize)]
struct PackedLine {
    p: String,
    #[serde(default)]
    md: String,
    #[serde(default)]
    rv: Option<String>,
    ch: i64,
    #[serde(default)]
    u: Option<f64>,
    #[serde(default)]
    f: Option<NaiveDate>,
}

fn day(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|d| d.parse().ok())
}

/// The submitted claim's row in `claim` (made the first time an item needs it), with its lines
/// as they were sent, so the desk's detail shows the claim like any other.
pub fn claim_row<'a>(db: impl Into<Conn<'a>>, submitted_id: i64, payer_id: Option<i64>) -> Res<i64> {
    type Row = (Option<i64>, i64, RemitClaim, String);
    let conn = db.into();
    let (existing, batch_id, mut claim, lines): Row = conn.query_row(
        "SELECT claim_id, batch_id, pcn, frequency, original_ref, institutional, filing_indicator, member_id,
                    rendering_npi, facility_code, charge_cents, service_from, service_to, lines,
                    coalesce(patient_last, ''), coalesce(patient_first, '')
             FROM submitted_claim WHERE id = ?1",
        &[&submitted_id],
        |r| {
            let claim = RemitClaim {
                pcn: r.get(2)?,
                frequency: r.get(3)?,
                original_ref: r.get(4)?,
                institutional: r.get(5)?,
                filing_indicator: r.get(6)?,
                member_id: r.get(7)?,
                rendering_npi: r.get(8)?,
                facility_code: r.get(9)?,
                charge: Cents(r.get(10)?),
                statement_from: r.get(11)?,
                statement_to: r.get(12)?,
                patient: PersonName { last: r.get(14)?, first: r.get(15)? },
                ..RemitClaim::default()
            };
            Ok((r.get(0)?, r.get(1)?, claim, r.get(13)?))
        },
    )?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let packed: Vec<PackedLine> = serde_json::from_str(&lines)
        .map_err(|e| StoreError::new(format!("submitted claim {submitted_id}: its lines do not read: {e}")))?;
    claim.lines = packed
        .into_iter()
        .map(|l| ServiceLine {
            qualifier: if l.rv.is_some() && l.p.is_empty() { "NU".into() } else { "HC".into() },
            procedure: l.p,
            modifiers: l.md.split_whitespace().map(str::to_string).collect(),
            revenue_code: l.rv,
            units: l.u,
            charge: Cents(l.ch),
            date_from: l.f,
            ..ServiceLine::default()
        })
        .collect();
    let origin = ClaimOrigin {
        batch_id,
        txn_id: None,
        payer_id,
        source: "837",
        remit_date: None,
        check_number: None,
        first: FirstFacts::default(),
        place: ClaimPlace::default(),
    };
    let body = super::claim_body::pack(&claim);
    let id = insert_claim(conn, &origin, &claim, body.as_deref())?;
    conn.execute("UPDATE submitted_claim SET claim_id = ?2 WHERE id = ?1", &[&submitted_id, &id])?;
    Ok(id)
}

/// No-response items still open or resubmitted on the submitted claims an answer names, sent
/// on or before `on`, with their reason codes: what an answer of that day resolves.
pub fn open_for<'a>(db: impl Into<Conn<'a>>, k: AnswerKeys<'_>, on: NaiveDate) -> Res<Vec<(i64, String)>> {
    db.into().query_map(
        "SELECT w.id, w.reason_code FROM submitted_claim s JOIN work_item w ON w.claim_id = s.claim_id
         WHERE (s.pcn = ?1 OR s.payer_claim_no = ?3) AND s.submitted_on <= ?2 AND w.kind = 'no_response'
           AND w.state IN ('open', 'resubmitted')
         ORDER BY w.id",
        &[&k.pcn, &on, &k.payer_claim_no],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The control numbers and payer claim numbers of the submitted claims whose no-response items
/// wait for an answer, each with the earliest day such a claim was submitted: a remitted claim
/// naming none of them, or sent before that day, resolves none of them (see [`open_for`]).
pub fn open_keys<'a>(db: impl Into<Conn<'a>>) -> Res<WaitingOn> {
    let rows: Vec<(String, Option<String>, NaiveDate)> = db.into().query_map(
        "SELECT s.pcn, s.payer_claim_no, s.submitted_on FROM submitted_claim s JOIN work_item w ON w.claim_id = s.claim_id
         WHERE w.kind = 'no_response' AND w.state IN ('open', 'resubmitted')",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut keys = WaitingOn::default();
    for (pcn, payer_claim_no, on) in rows {
        keys.add(pcn, payer_claim_no, on);
    }
    Ok(keys)
}

/// What no-response items wait on, by control number and by payer claim number: the earliest
/// submission named so.
#[derive(Debug, Default)]
pub struct WaitingOn {
    pcns: HashMap<String, NaiveDate>,
    numbers: HashMap<String, NaiveDate>,
}

impl WaitingOn {
    fn add(&mut self, pcn: String, payer_claim_no: Option<String>, on: NaiveDate) {
        let earliest = |d: &mut NaiveDate| *d = (*d).min(on);
        self.pcns.entry(pcn).and_modify(earliest).or_insert(on);
        if let Some(n) = payer_claim_no {
            self.numbers.entry(n).and_modify(earliest).or_insert(on);
        }
    }

    /// Whether an answer of day `on` naming these numbers may resolve an item.
    pub fn may_resolve(&self, pcn: &str, payer_claim_no: Option<&str>, on: NaiveDate) -> bool {
        let sent_before = |d: Option<&NaiveDate>| d.is_some_and(|d| *d <= on);
        sent_before(self.pcns.get(pcn)) || sent_before(payer_claim_no.and_then(|n| self.numbers.get(n)))
    }
}

/// Whether the ledger holds any no-response item still to be answered (answers skip the
/// lookup otherwise).
pub fn any_open<'a>(db: impl Into<Conn<'a>>) -> Res<bool> {
    db.into().query_row(
        "SELECT EXISTS (SELECT 1 FROM work_item WHERE queue IN ('unanswered', 'waiting') AND kind = 'no_response'
         AND state IN ('open', 'resubmitted'))",
        &[],
        |r| r.get(0),
    )
}

/// Who answered, for the resolving event.
pub struct Answered<'a> {
    pub on: NaiveDate,
    /// "accepted on 277CA file acks.277", "remit remits.835 (paid $120.00)".
    pub by: &'a str,
    pub batch_id: i64,
    pub at: &'a str,
    pub actor: &'a str,
    pub today: NaiveDate,
    pub threshold: Cents,
}

/// The payer answered the claim an item was following up: the item is resolved on the day of
/// the answer (what the answer says is work of its own: a denial, a rejection).
pub fn resolve<'a>(db: impl Into<Conn<'a>>, id: i64, a: &Answered<'_>) -> Res<()> {
    let conn = db.into();
    let c = super::decision_current::current(conn, id)?;
    let mut after = c.snapshot.clone();
    after.state = crate::domain::workflow::WorkState::Resolved;
    after.closed_on = Some(a.on.min(a.today).to_string());
    super::decisions::write(conn, id, c.kind, &c.snapshot, &after, a.today, a.threshold)?;
    let json = super::decisions::snapshot_json;
    super::work_items::append_event(
        conn,
        &super::work_items::NewEvent {
            work_item_id: Some(id),
            batch_id: Some(a.batch_id),
            at: a.at,
            actor: a.actor,
            action: "resolved",
            before: Some(&json(&c.snapshot)?),
            after: Some(&json(&after)?),
            detail: Some(&format!("the payer answered: {}", a.by)),
        },
    )?;
    Ok(())
}

/// Every (submitted claim, silence) that has had a no-response item, read in one pass.
pub fn opened<'a>(db: impl Into<Conn<'a>>) -> Res<std::collections::HashSet<(i64, String)>> {
    let rows = db.into().query_map(
        "SELECT s.id, w.reason_code FROM submitted_claim s JOIN work_item w ON w.claim_id = s.claim_id
         WHERE s.claim_id IS NOT NULL AND w.kind = 'no_response'",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(rows.into_iter().collect())
}

const SWEPT: &str = "no_response_swept_on";

/// The day silent claims were last swept into work (`None`: never).
pub fn swept_on<'a>(db: impl Into<Conn<'a>>) -> Res<Option<NaiveDate>> {
    let v: Option<String> =
        db.into().query_opt("SELECT value FROM ledger_meta WHERE key = ?1", &[&SWEPT], |r| r.get(0))?;
    Ok(day(v))
}

pub fn set_swept_on<'a>(db: impl Into<Conn<'a>>, today: NaiveDate) -> Res<()> {
    db.into().execute(
        "INSERT INTO ledger_meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&SWEPT, &today],
    )?;
    Ok(())
}

/// A no-response item as the claim list shows it: its id, state and the date it is worked
/// against (the next follow-up, or the filing deadline).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemOf {
    pub id: i64,
    pub state: String,
    pub due: Option<NaiveDate>,
}

/// The latest no-response item of each submitted claim that has one, by submitted claim.
pub fn items_by_claim<'a>(db: impl Into<Conn<'a>>) -> Res<std::collections::HashMap<i64, ItemOf>> {
    let rows = db.into().query_map(
        "SELECT s.id, w.id, w.state, w.due_date FROM submitted_claim s JOIN work_item w ON w.claim_id = s.claim_id
         WHERE s.claim_id IS NOT NULL AND w.kind = 'no_response' ORDER BY w.id",
        &[],
        |r| Ok((r.get::<i64, _>(0)?, ItemOf { id: r.get(1)?, state: r.get(2)?, due: r.get(3)? })),
    )?;
    Ok(rows.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> NaiveDate {
        d.parse().unwrap()
    }

    #[test]
    fn an_answer_may_resolve_only_items_on_claims_it_names_sent_by_its_day() {
        let mut w = WaitingOn::default();
        w.add("A1".into(), None, day("2026-11-10"));
        w.add("A1".into(), Some("P9".into()), day("2026-11-01"));
        w.add("B2".into(), Some("P7".into()), day("2026-11-15"));
        assert!(w.may_resolve("A1", None, day("2026-11-05")), "the earlier of A1's submissions");
        assert!(!w.may_resolve("A1", None, day("2026-10-31")), "sent before any A1 was submitted");
        assert!(w.may_resolve("X", Some("P7"), day("2026-11-15")), "by the payer's claim number, the same day");
        assert!(!w.may_resolve("X", Some("P7"), day("2026-11-14")));
        assert!(!w.may_resolve("B", Some("P8"), day("2026-12-01")), "names no waiting claim");
    }
}
