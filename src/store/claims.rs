//! Writing what files say: import batches, transaction sets, payers, claims with their lines,
//! adjustments and remarks, provider-level adjustments and 277 statuses.

use chrono::NaiveDate;
use rusqlite::{Connection, Statement};

use super::StoreError;
use super::db::{Conn, ToValue};
use super::first_adjudication::FirstFacts;
use super::sql_types::DayText;
use super::sticky_params::StickyParams;
use crate::domain::money::Cents;
use crate::domain::payer_rules::ResolvedRule;
use crate::domain::remit::{ProviderAdjustment, RemitClaim};
use crate::import::ParseCounts;

type Res<T> = Result<T, StoreError>;

/// An earlier import, for "already imported" messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorImport {
    pub file_name: String,
    pub imported_at: String,
}

pub fn batch_by_hash<'a>(db: impl Into<Conn<'a>>, sha256: &str) -> Res<Option<PriorImport>> {
    let sql = "SELECT file_name, imported_at FROM import_batch WHERE sha256 = ?1";
    db.into().query_opt(sql, &[&sha256], |r| Ok(PriorImport { file_name: r.get(0)?, imported_at: r.get(1)? }))
}

pub struct NewBatch<'a> {
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub kind: &'a str,
    pub imported_at: &'a str,
    pub imported_by: &'a str,
    pub tables_version: &'a str,
}

pub fn insert_batch<'a>(db: impl Into<Conn<'a>>, b: &NewBatch<'_>) -> Res<i64> {
    db.into().insert(
        "INSERT INTO import_batch (file_name, sha256, kind, imported_at, imported_by, tables_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[&b.file_name, &b.sha256, &b.kind, &b.imported_at, &b.imported_by, &b.tables_version],
    )
}

/// The hash of a batch's file, once it has been read whole.
pub fn set_batch_hash<'a>(db: impl Into<Conn<'a>>, id: i64, sha256: &str) -> Res<()> {
    db.into().execute("UPDATE import_batch SET sha256 = ?2 WHERE id = ?1", &[&id, &sha256]).map(|_| ())
}

/// The totals of a finished batch: what the file said, and the work it opened.
#[derive(Debug, Clone, Copy, Default)]
pub struct BatchTotals {
    pub counts: ParseCounts,
    pub denials: u64,
    pub rejections: u64,
    pub at_risk: Cents,
    pub warnings: u64,
}

pub fn finish_batch<'a>(
    db: impl Into<Conn<'a>>,
    id: i64,
    isa13: Option<&str>,
    trn02: Option<&str>,
    t: &BatchTotals,
) -> Res<()> {
    let c = &t.counts;
    db.into().execute(
        "UPDATE import_batch SET isa13 = ?2, trn02 = ?3, claims = ?4, service_lines = ?5, adjustments = ?6,
         remarks = ?7, plb = ?8, reversals = ?9, statuses = ?10, denials = ?11, rejections = ?12,
         at_risk_cents = ?13, warnings = ?14 WHERE id = ?1",
        &[
            &id,
            &isa13,
            &trn02,
            &c.claims,
            &c.service_lines,
            &c.adjustments,
            &c.remarks,
            &c.plb,
            &c.reversals,
            &c.statuses,
            &t.denials,
            &t.rejections,
            &t.at_risk,
            &t.warnings,
        ],
    )?;
    Ok(())
}

/// The earlier import of a transaction set with the same dedupe key, if any.
pub fn txn_seen<'a>(db: impl Into<Conn<'a>>, dedupe_key: &str) -> Res<Option<PriorImport>> {
    let sql = "SELECT b.file_name, b.imported_at FROM remit_txn t JOIN import_batch b ON b.id = t.batch_id
               WHERE t.dedupe_key = CAST(?1 AS TEXT)"; // planned once (see `matching::reversal_target`)
    db.into().query_opt(sql, &[&dedupe_key], |r| Ok(PriorImport { file_name: r.get(0)?, imported_at: r.get(1)? }))
}

pub struct NewTxn<'a> {
    pub batch_id: i64,
    pub kind: &'a str,
    pub isa_sender: &'a str,
    pub isa13: &'a str,
    pub st02: &'a str,
    pub trace: &'a str,
    pub trace_origin: &'a str,
    pub payer_id: Option<i64>,
    pub payment: Option<Cents>,
    pub payment_method: Option<&'a str>,
    pub payment_date: Option<NaiveDate>,
    pub notice_date: Option<NaiveDate>,
    pub dedupe_key: Option<&'a str>,
}

pub fn insert_txn<'a>(db: impl Into<Conn<'a>>, t: &NewTxn<'_>) -> Res<i64> {
    db.into().insert(
        "INSERT INTO remit_txn (batch_id, kind, isa_sender, isa13, st02, trace, trace_origin, payer_id,
         payment_cents, payment_method, payment_date, notice_date, dedupe_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        &[
            &t.batch_id,
            &t.kind,
            &t.isa_sender,
            &t.isa13,
            &t.st02,
            &t.trace,
            &t.trace_origin,
            &t.payer_id,
            &t.payment,
            &t.payment_method,
            &t.payment_date,
            &t.notice_date,
            &t.dedupe_key,
        ],
    )
}

pub fn set_txn_dedupe_key<'a>(db: impl Into<Conn<'a>>, txn_id: i64, dedupe_key: &str) -> Res<()> {
    db.into().execute("UPDATE remit_txn SET dedupe_key = ?2 WHERE id = ?1", &[&txn_id, &dedupe_key])?;
    Ok(())
}

/// Inserts or refreshes a payer; returns its id.
pub fn upsert_payer<'a>(
    db: impl Into<Conn<'a>>,
    key: &str,
    name: &str,
    ident: Option<&str>,
    rule: &ResolvedRule,
) -> Res<i64> {
    let conn = db.into();
    let r = &rule.rule;
    let (plan, source, filing, appeal) =
        (rule.plan.as_str(), rule.describe(), r.filing.to_string(), r.appeal.to_string());
    let values: [&dyn ToValue; 10] =
        [&key, &name, &ident, &plan, &source, &filing, &appeal, &r.appeal_from.as_str(), &r.mail_days, &r.roll_forward];
    // A payer seen before is updated in place; only a new one is inserted (PostgreSQL's upsert
    // would draw an id for every file that names the payer, and leave holes in the numbering).
    let updated = conn.execute(
        "UPDATE payer SET name = ?2, ident = coalesce(?3, ident), plan_type = ?4, rule_source = ?5, filing_limit = ?6,
         appeal_window = ?7, appeal_from = ?8, mail_days = ?9, roll_forward = ?10 WHERE payer_key = ?1",
        &values,
    )?;
    if updated == 0 {
        // Two imports naming a new payer at once: the second updates the first's row.
        conn.execute(
            "INSERT INTO payer (payer_key, name, ident, plan_type, rule_source, filing_limit, appeal_window,
             appeal_from, mail_days, roll_forward) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (payer_key) DO UPDATE SET name = excluded.name, ident = coalesce(excluded.ident, payer.ident),
             plan_type = excluded.plan_type, rule_source = excluded.rule_source, filing_limit = excluded.filing_limit,
             appeal_window = excluded.appeal_window, appeal_from = excluded.appeal_from,
             mail_days = excluded.mail_days, roll_forward = excluded.roll_forward",
            &values,
        )?;
    }
    conn.query_row("SELECT id FROM payer WHERE payer_key = ?1", &[&key], |r| r.get(0))
}

/// Where a claim came from and the payment it rode on.
pub struct ClaimOrigin<'a> {
    pub batch_id: i64,
    pub txn_id: Option<i64>,
    pub payer_id: Option<i64>,
    pub source: &'a str,
    pub remit_date: Option<NaiveDate>,
    pub check_number: Option<&'a str>,
    /// The first-adjudication facts of a remitted claim (all zero for 277CA claims).
    pub first: FirstFacts,
    /// Where the claim is in its file, to name it in an error.
    pub place: super::claim_writer::ClaimPlace<'a>,
}

/// The claim row, its lines, adjustments and remarks in `body` (packed by
/// [`super::claim_body::pack`]); [`ClaimWriter`] keeps its insert prepared for a whole file.
pub(super) const COLUMNS: &str = "batch_id, txn_id, payer_id, source, pcn, payer_claim_no, status_code, charge_cents,
         paid_cents, patient_resp_cents, filing_indicator, facility_code, frequency_code, service_from, service_to,
         patient_last, patient_first, member_id, rendering_npi, rendering_name, remit_date, check_number,
         received_date, prior_auth, institutional, original_ref, initial, initial_denied, initial_denied_cents,
         contractual_cents, body";

pub(super) static INSERT_CLAIM: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let marks: Vec<String> = (1..=31).map(|i| format!("?{i}")).collect();
    format!("INSERT INTO claim ({COLUMNS}) VALUES ({})", marks.join(", "))
});

/// The values of [`INSERT_CLAIM`] for a claim, in order (borrowed: building them costs nothing).
fn claim_values<'v>(
    o: &'v ClaimOrigin<'_>,
    c: &'v RemitClaim,
    d: &'v ClaimDates,
    f: &'v [i64; 3],
    body: &'v Option<&'v str>,
) -> [&'v dyn ToValue; 31] {
    [
        &o.batch_id,
        &o.txn_id,
        &o.payer_id,
        &o.source,
        &c.pcn,
        &c.payer_claim_no,
        &c.status,
        &f[0],
        &f[1],
        &f[2],
        &c.filing_indicator,
        &c.facility_code,
        &c.frequency,
        &d.0[0],
        &d.0[1],
        &c.patient.last,
        &c.patient.first,
        &c.member_id,
        &c.rendering_npi,
        &c.rendering_name,
        &d.0[2],
        &o.check_number,
        &d.0[3],
        &c.prior_auth,
        &c.institutional,
        &c.original_ref,
        &o.first.initial,
        &d.1,
        &d.2,
        &d.3,
        body,
    ]
}

/// The claim's dates (service from/to, remit, received) and first-adjudication figures.
struct ClaimDates([Option<DayText>; 4], bool, i64, i64);

fn claim_dates(o: &ClaimOrigin<'_>, c: &RemitClaim) -> (ClaimDates, [i64; 3]) {
    let dates = [c.service_from(), c.service_to(), o.remit_date, c.received];
    let first = ClaimDates(
        dates.map(|d| d.map(DayText::new)),
        o.first.denied.is_some(),
        o.first.denied.map_or(0, Cents::cents),
        o.first.contractual.cents(),
    );
    (first, [c.charge.cents(), c.paid.cents(), c.patient_resp.cents()])
}

/// The claim row's values in [`COLUMNS`] order, owned (a batch holds them until it is written).
pub(super) fn claim_row_values(o: &ClaimOrigin<'_>, c: &RemitClaim, body: Option<&str>) -> Vec<super::db::Value> {
    let (d, f) = claim_dates(o, c);
    claim_values(o, c, &d, &f, &body).iter().map(|v| v.to_value()).collect()
}

/// Writes the claim row with `stmt` (a prepared [`INSERT_CLAIM`], SQLite's import; `sticky`
/// holds what it was last bound to) and returns its id.
pub(super) fn insert_row(
    stmt: &mut Statement<'_>,
    sticky: &mut StickyParams,
    conn: &Connection,
    o: &ClaimOrigin<'_>,
    c: &RemitClaim,
    body: Option<&str>,
) -> Res<i64> {
    let (d, f) = claim_dates(o, c);
    sticky.execute(stmt, &claim_values(o, c, &d, &f, &body))?;
    Ok(conn.last_insert_rowid())
}

/// Writes the claim row on either back end and returns its id.
pub(super) fn insert_claim(db: Conn<'_>, o: &ClaimOrigin<'_>, c: &RemitClaim, body: Option<&str>) -> Res<i64> {
    match db {
        Conn::Sqlite(conn) => {
            insert_row(&mut *conn.prepare_cached(&INSERT_CLAIM)?, &mut StickyParams::default(), conn, o, c, body)
        }
        Conn::Postgres(_) => {
            let (d, f) = claim_dates(o, c);
            db.insert(&INSERT_CLAIM, &claim_values(o, c, &d, &f, &body))
        }
    }
}

pub fn insert_provider_adjustment<'a>(
    db: impl Into<Conn<'a>>,
    batch_id: i64,
    txn_id: Option<i64>,
    p: &ProviderAdjustment,
) -> Res<()> {
    db.into().execute(
        "INSERT INTO provider_adjustment (batch_id, txn_id, provider_id, fiscal_date, reason_code, reference, amount_cents)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[&batch_id, &txn_id, &p.provider_id, &p.fiscal_date, &p.reason, &p.reference, &p.amount],
    )?;
    Ok(())
}
