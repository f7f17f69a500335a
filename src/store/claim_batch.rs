//! The PostgreSQL import's claims, a batch at a time. Every statement is a round trip to the
//! server, and a remit is mostly claims paid as billed, each of which the import only stores:
//! those wait here until the import needs them in the ledger (work on a claim, an answer to an
//! earlier one, another kind of record, the end of the file) or a thousand wait. Then their
//! first-adjudication facts are settled with one query, their ids drawn with one, and their
//! rows and documents loaded with COPY: four round trips for a thousand claims instead of
//! three for each.

use std::collections::HashSet;
use std::io::Write;

use super::StoreError;
use super::claim_day::{ClaimDays, DayFigures};
use super::copy::Cell;
use super::db::{PgConn, Value};
use super::first_adjudication::{FirstFacts, counts_as_seen, is_first};
use super::held_answers::{self, HeldAnswer};
use super::held_items::{self, HeldItem};
use super::{
    claim_writer::ClaimPlace,
    claims::{COLUMNS, ClaimOrigin, claim_row_values},
};
use crate::domain::money::Cents;
use crate::domain::remit::RemitClaim;

type Res<T> = Result<T, StoreError>;

/// Claims held before a batch is written.
const BATCH: usize = 1000;

/// A claim waiting to be written.
struct Waiting {
    values: Vec<Value>,
    /// Whether it may be the claim's first adjudication (then the ledger is asked).
    first: bool,
    denied: Option<Cents>,
    contractual: Cents,
    seen_key: (String, i64),
    /// Whether later claims count it as seen (an 835 claim that is not a reversal).
    seen_by_later: bool,
    source: String,
    remit_date: Option<chrono::NaiveDate>,
    payer_id: Option<i64>,
    provider: String,
    place: String,
    charge: Cents,
    paid: Cents,
    /// Where it is in the file ([`ClaimPlace`]), to name it if the server refuses it.
    st02: String,
    claim_no: u64,
}

#[derive(Default)]
pub struct ClaimBatch {
    waiting: Vec<Waiting>,
    /// New work on the held claims (see [`super::held_items`]).
    items: Vec<HeldItem>,
    /// The held claims' answers to the claim inventory, applied once they are written, and
    /// how many submitted claims they answered (see [`super::held_answers`]).
    answers: Vec<HeldAnswer>,
    answered: u64,
    /// Claims this import wrote, and how many there were when it last had the server count
    /// the tables (see [`ClaimBatch::keep_plans_true`]).
    written: usize,
    counted_at: usize,
}

/// Where the first-adjudication columns are among the claim row's values.
const INITIAL: usize = 26;

impl ClaimBatch {
    /// Holds a claim; `true` when a batch is full and should be written.
    pub fn hold(&mut self, o: &ClaimOrigin<'_>, c: &RemitClaim, packed: Option<&str>, denied: Option<Cents>) -> bool {
        let place = c.facility_code.clone().unwrap_or_default();
        let figures = DayFigures::of(c, &place);
        let provider = figures.provider.to_string();
        self.waiting.push(Waiting {
            values: claim_row_values(o, c, packed),
            first: is_first(o.source, c),
            denied,
            contractual: o.first.contractual,
            seen_key: (c.pcn.clone(), o.payer_id.unwrap_or(0)),
            seen_by_later: counts_as_seen(o.source, c),
            source: o.source.to_string(),
            remit_date: o.remit_date,
            payer_id: o.payer_id,
            provider,
            place,
            charge: c.charge,
            paid: c.paid,
            st02: o.place.st02.to_string(),
            claim_no: o.place.claim,
        });
        self.waiting.len() >= BATCH
    }

    /// Holds a new work item and its creation event on the claim held last.
    pub fn hold_item(&mut self, row: Vec<Value>, event: [Value; 7]) -> Res<()> {
        let claim = self.waiting.len().checked_sub(1).ok_or_else(|| StoreError::new("work on a claim not held"))?;
        self.items.push(HeldItem { claim, row, event });
        Ok(())
    }

    /// Holds the answer of the claim held last to the submitted claims it names (see
    /// [`super::submitted::remitted`]), applied when it is written, in file order.
    pub fn hold_answer(&mut self, pcn: &str, payer_claim_no: Option<&str>, on: chrono::NaiveDate) -> Res<()> {
        let claim =
            self.waiting.len().checked_sub(1).ok_or_else(|| StoreError::new("an answer of a claim not held"))?;
        let (pcn, payer_claim_no) = (pcn.to_string(), payer_claim_no.map(str::to_string));
        self.answers.push(HeldAnswer { claim, pcn, payer_claim_no, on });
        Ok(())
    }

    /// Submitted claims the written answers answered since the last call.
    pub fn take_answered(&mut self) -> u64 {
        std::mem::take(&mut self.answered)
    }

    /// Writes the held claims and the work on them; returns the id of the last claim (`None`
    /// when none was held). The file has moved on since they were read: an error names the
    /// claim the server refused (its row in the COPY), or else the claims of the batch.
    pub fn write(&mut self, pg: &PgConn, days: &mut ClaimDays) -> Res<Option<i64>> {
        let places: Vec<(String, u64)> = self.waiting.iter().map(|w| (w.st02.clone(), w.claim_no)).collect();
        let place = |i: usize| places.get(i).map(|(st02, claim)| ClaimPlace { st02, claim: *claim });
        self.write_held(pg, days).map_err(|(row, e)| {
            let (first, last) = match row {
                Some(n) => (place(n), place(n)),
                None => (place(0), place(places.len().wrapping_sub(1))),
            };
            match (first, last) {
                _ if e.is_busy() || e.is_located() => e,
                (Some(a), Some(b)) if a.claim > 0 && a == b => StoreError::located(a, &e),
                (Some(a), Some(b)) if a.claim > 0 && a.st02 == b.st02 => {
                    let set = if a.st02.is_empty() { String::new() } else { format!("transaction set {}, ", a.st02) };
                    StoreError::located(format!("{set}claims {}-{} (written together)", a.claim, b.claim), &e)
                }
                (Some(a), Some(b)) if a.claim > 0 => StoreError::located(format!("{a} to {b} (written together)"), &e),
                _ => e,
            }
        })
    }

    /// [`ClaimBatch::write`]; an error with the row of the claims' COPY it was raised on.
    fn write_held(&mut self, pg: &PgConn, days: &mut ClaimDays) -> Result<Option<i64>, (Option<usize>, StoreError)> {
        let whole = |e: StoreError| (None, e);
        if self.waiting.is_empty() {
            return Ok(None);
        }
        let mut seen = self.seen_before(pg).map_err(whole)?;
        let n = self.waiting.len() as i64;
        let ids: Vec<i64> = super::db::Conn::Postgres(pg)
            .query_map(
                "SELECT nextval(pg_get_serial_sequence('claim', 'id')) FROM generate_series(1, ?1)",
                &[&n],
                |r| r.get(0),
            )
            .map_err(whole)?;
        let mut rows = String::new();
        for (w, id) in self.waiting.iter_mut().zip(&ids) {
            let initial = w.first && !seen.contains(&w.seen_key);
            if w.seen_by_later {
                seen.insert(w.seen_key.clone());
            }
            let first = FirstFacts { initial, denied: w.denied.filter(|_| initial), contractual: w.contractual };
            w.values[INITIAL] = Value::Int(i64::from(first.initial));
            w.values[INITIAL + 1] = Value::Int(i64::from(first.denied.is_some()));
            w.values[INITIAL + 2] = Value::Int(first.denied.map_or(0, Cents::cents));
            line(&mut rows, std::iter::once(Value::Int(*id)).chain(w.values.drain(..)));
            let figures = DayFigures { provider: &w.provider, place: &w.place, charge: w.charge, paid: w.paid };
            days.add_figures(&w.source, w.remit_date, w.payer_id, &first, figures);
        }
        copy_rows(pg, &format!("COPY claim (id, {COLUMNS}) FROM STDIN"), &rows)?;
        held_items::write(pg, &mut self.items, &ids).map_err(whole)?;
        self.answered += held_answers::write(pg, &mut self.answers, &ids).map_err(whole)?;
        self.written += self.waiting.len();
        self.waiting.clear();
        self.keep_plans_true(pg).map_err(whole)?;
        Ok(ids.last().copied())
    }

    /// PostgreSQL plans each lookup by what it last counted of a table: a new ledger's claims
    /// counted when there were none are read whole for every lookup once there are thousands
    /// (a lookup by control number took 30 ms at 20,000 claims). The server counts the tables
    /// again (ANALYZE, inside the import's transaction, which sees its own rows) each time
    /// the import's claims grew fourfold: a handful of times in the largest file. ANALYZE is
    /// the tables' owner's; a biller's import has it run by the ledger's function for it.
    fn keep_plans_true(&mut self, pg: &PgConn) -> Res<()> {
        if self.written >= BATCH && self.written >= 4 * self.counted_at {
            // Only the columns the import looks claims and items up by: the table's size is
            // counted whatever the columns, and the whole of `claim` took 0.4 s at 100,000
            // claims (these, 0.1 s); the server's own ANALYZE after the commit does the rest.
            // (`pg/rollups_v13.sql`: claim by the columns looked up, claim_body, work_item)
            pg.client().batch_execute("SELECT overturn_count_import_tables()")?;
            self.counted_at = self.written;
        }
        Ok(())
    }

    /// The (patient control number, payer) pairs of the held claims the ledger already has an
    /// 835 claim for (one query for the batch).
    fn seen_before(&self, pg: &PgConn) -> Res<HashSet<(String, i64)>> {
        let pcns: Vec<&str> = self.waiting.iter().filter(|w| w.first).map(|w| w.seen_key.0.as_str()).collect();
        if pcns.is_empty() {
            return Ok(HashSet::new());
        }
        // One text parameter split on the unit separator, which no control number holds.
        let list = pcns.join("\u{1f}");
        let found = super::db::Conn::Postgres(pg).query_map(
            "SELECT DISTINCT c.pcn, coalesce(c.payer_id, 0)
             FROM unnest(string_to_array(?1, chr(31))) AS k(pcn) JOIN claim c ON c.pcn = k.pcn
             WHERE c.source = '835' AND c.status_code <> '22'",
            &[&list],
            |r| Ok((r.get::<String, _>(0)?, r.get::<i64, _>(1)?)),
        )?;
        Ok(found.into_iter().collect())
    }
}

/// One row of COPY's text format.
pub(super) fn line(out: &mut String, values: impl Iterator<Item = Value>) {
    for (i, v) in values.enumerate() {
        if i > 0 {
            out.push('\t');
        }
        Cell::from(v).write_copy_text(out);
    }
    out.push('\n');
}

pub(super) fn copy_in(pg: &PgConn, sql: &str, rows: &str) -> Res<()> {
    copy_rows(pg, sql, rows).map_err(|(_, e)| e)
}

/// [`copy_in`]; an error with the row (from 0) the server refused, when it says which.
fn copy_rows(pg: &PgConn, sql: &str, rows: &str) -> Result<(), (Option<usize>, StoreError)> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut client = pg.client();
    let failed = |e: std::io::Error| (None, StoreError::new(format!("loading the file's rows: {e}")));
    let mut writer = client.copy_in(sql).map_err(|e| (None, e.into()))?;
    writer.write_all(rows.as_bytes()).map_err(failed)?;
    writer.finish().map_err(|e| {
        let row = e.as_db_error().and_then(|d| d.where_()).and_then(copy_row);
        (row, e.into())
    })?;
    Ok(())
}

/// The row of "COPY claim, line 650" in the server's context of an error: 649.
fn copy_row(context: &str) -> Option<usize> {
    let at = context.find("COPY ")?;
    let rest = &context[at..];
    let line = rest.find(", line ")? + ", line ".len();
    let digits: String = rest[line..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<usize>().ok()?.checked_sub(1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_row_a_copy_error_names() {
        let context = "PL/pgSQL function refuse() line 2 at RAISE\nCOPY claim, line 650";
        assert_eq!(super::copy_row(context), Some(649));
        assert_eq!(super::copy_row("COPY claim, line 1, column pcn: \"x\""), Some(0));
        assert_eq!(super::copy_row("PL/pgSQL function refuse() line 2 at RAISE"), None);
        assert_eq!(super::copy_row("COPY claim, line 0"), None);
    }
}
