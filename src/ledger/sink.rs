//! The sink that writes parsed records into the ledger inside the file's transaction.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::money::Cents;
use crate::domain::payer_rules::{ResolvedRule, resolve_rule};
use crate::domain::remit::{ClaimStatusRecord, PayerIdent, ProviderAdjustment, RemitClaim, RemitHeader};
use crate::domain::tables::Tables;
use crate::import::{RecordSink, TxnKey};
use crate::store::claim_body;
use crate::store::claim_day::ClaimDays;
use crate::store::claim_writer::ClaimWriter;
use crate::store::claims::{self, NewTxn};
use crate::store::db::Conn;
use crate::store::work_tally::ItemTally;
use crate::store::{StoreError, claims::PriorImport};

/// Facts that hold for the whole import.
pub struct IngestContext {
    pub batch_id: i64,
    pub kind: crate::import::FileKind,
    pub file_name: String,
    pub today: NaiveDate,
    /// ISO UTC timestamp recorded on events.
    pub now: String,
    pub actor: String,
    pub write_off_threshold: Cents,
    /// How far below a contracted rate a paid line may be allowed before it is work.
    pub tolerance: crate::domain::fee_schedule::Tolerance,
}

/// What the ledger did with the records (beyond what the parser counted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub denials: u64,
    pub rejections: u64,
    pub at_risk: Cents,
    /// Open rejections resolved by an acceptance.
    pub accepted: u64,
    /// Reversals that found the claim they reverse.
    pub reversals_matched: u64,
    pub reversals_unmatched: u64,
    /// Work items voided because their claim was reversed.
    pub voided: u64,
    /// Fixed or appealed items this file's claims paid, and what they recovered.
    pub resolved: u64,
    pub recovered: Cents,
    /// Fixed or appealed items this file's claims denied again.
    pub repeat_denials: u64,
    /// 277 statuses that found their claim in the ledger.
    pub statuses_matched: u64,
    /// Underpayment items opened (paid below a contracted rate), and their shortfall.
    pub underpayments: u64,
    pub underpaid: Cents,
    /// Rates of earlier schedules this file replaced.
    pub rates_superseded: u64,
    /// Submitted claims stored (837), those the ledger had already seen answered on an 835,
    /// and earlier submitted claims this file answered (acknowledged, rejected or remitted).
    pub submitted: u64,
    pub submitted_answered: u64,
    pub inventory_answered: u64,
    /// No-response items this file's answers resolved.
    pub no_response_resolved: u64,
    pub first_isa13: Option<String>,
    pub first_trace: Option<String>,
    /// Transaction sets skipped as already imported: (ST02, trace, earlier file, when).
    pub skipped: Vec<(String, String, String, String)>,
    pub warnings: Vec<String>,
}

impl Outcome {
    /// One warning for all skipped transaction sets (a file can repeat one hundreds of times).
    pub fn skipped_warning(&self) -> Option<String> {
        let (st02, trace, file, at) = self.skipped.first()?;
        let first = format!("transaction set {st02} (trace {trace}) was already imported from {file} at {at}");
        Some(match self.skipped.len() {
            1 => format!("{first}; skipped"),
            n => format!("{n} transaction sets were already imported (first: {first}); skipped"),
        })
    }
}

/// The current transaction set (payment or acknowledgement).
pub(super) struct CurrentTxn {
    pub id: i64,
    /// Shared, so each claim takes it without a copy.
    pub header: std::rc::Rc<RemitHeader>,
    /// The payer of an 835 payment; 277 statuses name their payer per claim.
    pub payer_id: Option<i64>,
}

pub struct LedgerSink<'a> {
    pub(super) conn: Conn<'a>,
    pub(super) tables: &'a Tables,
    pub(super) ctx: &'a IngestContext,
    pub(super) txn: Option<CurrentTxn>,
    pub(super) payers: HashMap<String, i64>,
    pub(super) rules: HashMap<(String, Option<String>), ResolvedRule>,
    /// The ids of the rules' texts (see [`crate::store::rule_texts`]).
    pub(super) rule_ids: crate::store::rule_texts::RuleIds,
    pub outcome: Outcome,
    /// Claims seen so far in the transaction set (warnings and errors name a claim by its
    /// place, "transaction set 0001, claim 7", as the parser counts it, not by its patient).
    pub(super) claims_seen: u64,
    /// The outcome and item tally when the current 277 transaction set began, to undo a repeat.
    status_mark: Option<(Outcome, ItemTally)>,
    /// The file's additions to the claim rollup, written before the import commits.
    pub claim_days: ClaimDays,
    /// What the file's new items add to the work rollups (their insert triggers are set aside).
    pub item_tally: ItemTally,
    /// Whether earlier items wait for an answer (read once: this file's own items never do).
    pub(super) awaiting: Option<bool>,
    /// The statements every remitted claim runs, prepared at the first claim.
    pub(super) writer: Option<ClaimWriter<'a>>,
    /// The SQLite import's prepared work-item and event inserts.
    pub(super) items: Option<crate::store::item_writer::ItemWriter<'a>>,
    /// Whether any submitted claim is on file (read once): remits and acknowledgements answer them.
    pub(super) inventory_on_file: Option<bool>,
    /// Whether any no-response item waits for an answer (read at the first answer of a file).
    pub(super) no_response_open: Option<bool>,
    /// What those items wait on (read at the first answer that could wait; items answered
    /// since stay in it, which only sends their claims the slow way).
    pub(super) waiting_on: Option<crate::store::no_response::WaitingOn>,
    /// Whether any contracted rate is on file (read once), and each payer's rates.
    pub(super) rates_on_file: Option<bool>,
    pub(super) fee_rates: HashMap<i64, std::rc::Rc<Vec<crate::domain::fee_schedule::FeeRate>>>,
    /// What denials held beside their claims read (PostgreSQL), until the batch is written.
    pub(super) held_reads: super::held::HeldReads,
}

impl<'a> LedgerSink<'a> {
    pub fn new(conn: impl Into<Conn<'a>>, tables: &'a Tables, ctx: &'a IngestContext) -> Self {
        LedgerSink {
            conn: conn.into(),
            tables,
            ctx,
            txn: None,
            payers: HashMap::new(),
            rules: HashMap::new(),
            rule_ids: Default::default(),
            outcome: Outcome::default(),
            claims_seen: 0,
            status_mark: None,
            claim_days: ClaimDays::default(),
            item_tally: ItemTally::default(),
            awaiting: None,
            writer: None,
            items: None,
            rates_on_file: None,
            inventory_on_file: None,
            no_response_open: None,
            waiting_on: None,
            fee_rates: HashMap::new(),
            held_reads: Default::default(),
        }
    }

    /// The payer's stable key: its identifier, else its name.
    pub(super) fn payer_key(p: &PayerIdent) -> String {
        match &p.id {
            Some(id) if !id.trim().is_empty() => format!("id:{}", id.trim().to_ascii_uppercase()),
            _ => format!("name:{}", p.name.trim().to_ascii_uppercase()),
        }
    }

    pub(super) fn payer_id(&mut self, p: &PayerIdent) -> Result<i64, StoreError> {
        let key = Self::payer_key(p);
        if let Some(id) = self.payers.get(&key) {
            return Ok(*id);
        }
        let id = payer_row(self.conn, self.tables, p, &key)?;
        self.payers.insert(key, id);
        Ok(id)
    }

    /// The deadline rule for a payer and a claim filing indicator (cached).
    pub(super) fn rule(&mut self, p: &PayerIdent, filing: Option<&str>) -> ResolvedRule {
        let key = (Self::payer_key(p), filing.map(str::to_string));
        self.rules.entry(key).or_insert_with(|| resolve_rule(self.tables, p, filing)).clone()
    }

    /// Records a transaction set unless its key was imported before; `Ok(false)` skips it.
    fn open_txn(&mut self, key: &TxnKey, header: RemitHeader) -> Result<bool, StoreError> {
        self.claims_seen = 0;
        let csv = key.kind == crate::import::FileKind::DenialsCsv;
        let by_envelope = key.kind == crate::import::FileKind::Remit835;
        let dedupe = by_envelope.then(|| {
            let parts = [key.kind.as_str(), &key.isa_sender, &key.isa13, &key.st02, &key.trace, &key.trace_origin];
            parts.join("|")
        });
        if let Some(d) = &dedupe
            && let Some(PriorImport { file_name, imported_at }) = claims::txn_seen(self.conn, d)?
        {
            self.outcome.skipped.push((key.st02.clone(), key.trace.clone(), file_name, imported_at));
            return Ok(false);
        }
        let payer_id =
            if key.kind == crate::import::FileKind::Status277 { None } else { Some(self.payer_id(&header.payer)?) };
        let id = claims::insert_txn(
            self.conn,
            &NewTxn {
                batch_id: self.ctx.batch_id,
                kind: key.kind.as_str(),
                isa_sender: &key.isa_sender,
                isa13: &key.isa13,
                st02: &key.st02,
                trace: &key.trace,
                trace_origin: &key.trace_origin,
                payer_id,
                payment: (!csv).then_some(header.payment),
                payment_method: header.payment_method.as_deref(),
                payment_date: header.payment_date,
                notice_date: header.notice_date(),
                dedupe_key: dedupe.as_deref(),
            },
        )?;
        if self.outcome.first_isa13.is_none() && !key.isa13.is_empty() {
            self.outcome.first_isa13 = Some(key.isa13.clone());
        }
        if self.outcome.first_trace.is_none() && !key.trace.is_empty() {
            self.outcome.first_trace = Some(key.trace.clone());
        }
        self.txn = Some(CurrentTxn { id, header: std::rc::Rc::new(header), payer_id });
        Ok(true)
    }
}

impl LedgerSink<'_> {
    /// Writes the claims held for a batch (PostgreSQL): before any other record touches the
    /// ledger, and at the end of the file. The id of the last one, if any was held.
    pub fn write_claims(&mut self) -> Result<Option<i64>, StoreError> {
        self.held_reads = Default::default();
        match &mut self.writer {
            Some(w) => {
                let last = w.write(&mut self.claim_days)?;
                self.outcome.inventory_answered += w.take_answered();
                Ok(last)
            }
            None => Ok(None),
        }
    }

    /// Ends a 277 transaction set: a repeat of one imported before (same sender, same content)
    /// is rolled back to its savepoint; a new one is kept under its content key.
    fn close_status_txn(&mut self, key: &TxnKey, digest: &str) -> Result<bool, StoreError> {
        let dedupe = format!("277|{}|{digest}", key.isa_sender);
        let prior = claims::txn_seen(self.conn, &dedupe)?;
        let txn_id = self.txn.take().map(|t| t.id);
        if let Some(PriorImport { file_name, imported_at }) = prior {
            self.conn.execute_batch("ROLLBACK TO status_txn; RELEASE status_txn")?;
            // Undo the counts too, and forget payer ids the rollback removed.
            let (mut restored, tally) = self.status_mark.take().unwrap_or_default();
            self.item_tally = tally;
            restored.warnings = std::mem::take(&mut self.outcome.warnings);
            restored.skipped = std::mem::take(&mut self.outcome.skipped);
            self.outcome = restored;
            self.payers.clear();
            self.rule_ids.forget();
            self.outcome.skipped.push((key.st02.clone(), key.trace.clone(), file_name, imported_at));
            return Ok(false);
        }
        if let Some(id) = txn_id {
            claims::set_txn_dedupe_key(self.conn, id, &dedupe)?;
        }
        self.status_mark = None;
        self.conn.execute_batch("RELEASE status_txn")?;
        Ok(true)
    }
}

fn text(e: StoreError) -> String {
    e.to_string()
}

impl RecordSink for LedgerSink<'_> {
    fn remit_header(&mut self, key: &TxnKey, header: &RemitHeader) -> Result<bool, String> {
        self.write_claims().map_err(text)?;
        self.open_txn(key, header.clone()).map_err(text)
    }

    fn remit_claim(&mut self, claim: RemitClaim) -> Result<(), String> {
        let packed = claim_body::pack(&claim);
        let class = crate::domain::classify::classify_claim(&claim, self.tables);
        self.record_claim(&claim, packed.as_deref(), &class, None).map_err(text)
    }

    fn provider_adjustment(&mut self, adj: ProviderAdjustment) -> Result<(), String> {
        self.write_claims().map_err(text)?;
        let txn = self.txn.as_ref().map(|t| t.id);
        claims::insert_provider_adjustment(self.conn, self.ctx.batch_id, txn, &adj).map_err(text)
    }

    fn status_header(&mut self, key: &TxnKey) -> Result<(), String> {
        self.write_claims().map_err(text)?;
        self.conn.execute_batch("SAVEPOINT status_txn").map_err(|e| e.to_string())?;
        self.status_mark = Some((self.outcome.clone(), self.item_tally.clone()));
        self.open_txn(key, RemitHeader::default()).map(|_| ()).map_err(text)
    }

    fn status_end(&mut self, key: &TxnKey, digest: &str) -> Result<bool, String> {
        self.write_claims().map_err(text)?;
        self.close_status_txn(key, digest).map_err(text)
    }

    fn claim_status(&mut self, rec: ClaimStatusRecord) -> Result<(), String> {
        self.write_claims().map_err(text)?;
        self.record_status(rec).map_err(text)
    }

    fn fee_rate(&mut self, row: crate::import::fee_csv::FeeRow) -> Result<(), String> {
        self.write_claims().map_err(text)?;
        self.store_rate(&row).map_err(text)
    }

    fn submitted_claim(&mut self, claim: crate::domain::submitted::SubmittedClaim) -> Result<(), String> {
        self.write_claims().map_err(text)?;
        self.store_submitted(&claim).map_err(text)
    }
}

/// The payer's row (made the first time it is seen) under its key, with its general rule.
pub(super) fn payer_row<'a>(
    conn: impl Into<crate::store::db::Conn<'a>>,
    tables: &Tables,
    p: &PayerIdent,
    key: &str,
) -> Result<i64, StoreError> {
    let rule = resolve_rule(tables, p, None);
    let name = if p.name.trim().is_empty() { "(unnamed payer)" } else { p.name.trim() };
    claims::upsert_payer(conn, key, name, p.id.as_deref(), &rule)
}
