//! Importing one file: detect its kind, hash it and refuse it quietly if it was imported before,
//! then read it into the ledger inside one IMMEDIATE transaction that commits only when the
//! whole file was read (and never in a dry run). A remit or acknowledgement read into SQLite
//! is hashed as it is parsed instead, and a repeat found at the end rolls back.

use std::io::BufReader;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;

use super::file_bytes::{Counting, Hashing, head_of, sha256_of};
use super::file_report::{FileReport, ImportSettings};
use super::pipeline;
use super::sink::{IngestContext, LedgerSink};
use super::source::Source;
use crate::domain::tables::Tables;
use crate::import::{FileKind, ReadOptions, detect_kind};
use crate::store::backend::Backend;
use crate::store::bulk::{self, ChecksOff, ForeignKeysOff, SetAside};
use crate::store::claim_day::ClaimDays;
use crate::store::claims::{self, BatchTotals, NewBatch};
use crate::store::db::{Conn, PgConn};
use crate::store::work_tally::ItemTally;
use crate::store::{Store, StoreError, priorities};

/// Whether a file of this kind skips the hash before the import: a remit or acknowledgement
/// read into SQLite. Each of its transaction sets is asked whether it is new, so a file
/// imported before writes nothing as it is read, and its hash, taken as it is parsed, finds
/// the earlier import at the end (the transaction rolls back). A large file no longer reads
/// every byte twice; a repeated one costs a parse instead of a hash.
fn hash_as_read(kind: FileKind, target: &Target<'_>) -> bool {
    matches!(target, Target::Sqlite(_)) && matches!(kind, FileKind::Remit835 | FileKind::Status277)
}

/// What the batch row holds as its hash until the parsed bytes' hash replaces it (never a
/// SHA-256 in hex, and never committed: the same transaction replaces or rolls it back).
const HASH_PENDING: &str = "pending";

/// Imports one file; never panics, never half-writes. Errors are in the report.
pub fn import_path(
    store: &mut Store,
    tables: &Tables,
    path: &Path,
    settings: &ImportSettings,
    progress: &mut dyn FnMut(u64, u64),
) -> FileReport {
    import_into(Target::Sqlite(store), tables, path, settings, progress)
}

/// [`import_path`] into a ledger on either back end.
pub fn import_into(
    target: Target<'_>,
    tables: &Tables,
    path: &Path,
    settings: &ImportSettings,
    progress: &mut dyn FnMut(u64, u64),
) -> FileReport {
    let mut report =
        FileReport { file: path.display().to_string(), dry_run: settings.dry_run, ..FileReport::default() };
    if let Err(e) = run(target, tables, path, settings, progress, &mut report) {
        report.error = Some(e);
    }
    report
}

/// The ledger an import writes into.
pub enum Target<'s> {
    Sqlite(&'s mut Store),
    Postgres(&'s PgConn),
}

impl<'s> From<&'s mut Backend> for Target<'s> {
    fn from(b: &'s mut Backend) -> Target<'s> {
        match b {
            Backend::Sqlite(store) => Target::Sqlite(store),
            Backend::Postgres(pg) => Target::Postgres(&pg.conn),
        }
    }
}

/// What reading a file into the ledger left to write before the commit.
struct Written {
    batch_id: i64,
    totals: BatchTotals,
    first_isa13: Option<String>,
    first_trace: Option<String>,
    claim_days: ClaimDays,
    item_tally: ItemTally,
}

fn run(
    target: Target<'_>,
    tables: &Tables,
    path: &Path,
    s: &ImportSettings,
    progress: &mut dyn FnMut(u64, u64),
    report: &mut FileReport,
) -> Result<(), String> {
    let mut source = Source::open(path)?;
    let stamp = source.stamp();
    let head = head_of(&mut source).map_err(|e| format!("cannot read: {e}"))?;
    let kind = detect_kind(&head)?;
    report.kind = Some(kind);
    let db = match &target {
        Target::Sqlite(store) => store.db(),
        Target::Postgres(pg) => Conn::Postgres(pg),
    };
    let sha = if hash_as_read(kind, &target) {
        None
    } else {
        let sha = sha256_of(&mut source).map_err(|e| format!("cannot read: {e}"))?;
        if let Some(prior) = claims::batch_by_hash(db, &sha).map_err(|e| e.to_string())? {
            already_imported(report, &prior);
            return Ok(());
        }
        Some(sha)
    };
    let file = File { path, source, sha, stamp, kind };
    match target {
        Target::Sqlite(store) => {
            let mut store = ForeignKeysOff::new(store).map_err(|e| e.to_string())?;
            let tx = store.begin().map_err(|e| e.to_string())?;
            // The work-item insert triggers and CHECKs are set aside while the file is written
            // (the tallies stand in for them), and for a large file into a ledger holding
            // little yet the desk's indexes too, built after the rows (see `store::bulk`).
            let desk_indexes = bulk::build_desk_indexes_after(&tx, file.source.size()).map_err(|e| e.to_string())?;
            let set_aside = SetAside::take(&tx, desk_indexes).map_err(|e| e.to_string())?;
            let checks_off = ChecksOff::new(&tx).map_err(|e| e.to_string())?;
            let Some(mut read) = ingest((&tx).into(), file, tables, s, progress, report)? else { return Ok(()) };
            drop(checks_off);
            let finish = |tx: &rusqlite::Transaction<'_>| -> Result<(), StoreError> {
                read.claim_days.flush(tx)?;
                set_aside.restore(tx, &mut read.item_tally)?;
                finish_batch(tx.into(), &read, s.today)
            };
            finish(&tx).map_err(|e| e.to_string())?;
            if !s.dry_run {
                tx.commit().map_err(|e| format!("cannot commit: {e}"))?;
            }
            Ok(())
        }
        Target::Postgres(pg) => {
            // PostgreSQL's triggers keep the work rollups as each row is written; the claim
            // rollup is the import's to add, as on SQLite. One transaction, rolled back unless
            // the whole file was read (and always in a dry run).
            let db = Conn::Postgres(pg);
            pg.client().batch_execute("BEGIN").map_err(|e| e.to_string())?;
            let written = ingest(db, file, tables, s, progress, report).and_then(|read| match read {
                Some(mut read) => {
                    read.claim_days
                        .flush(db)
                        .and_then(|_| finish_batch(db, &read, s.today))
                        .map_err(|e| e.to_string())?;
                    Ok(true)
                }
                None => Ok(false),
            });
            let end = if matches!(written, Ok(true)) && !s.dry_run { "COMMIT" } else { "ROLLBACK" };
            let ended =
                pg.client().batch_execute(end).map_err(|e| crate::store::pg::pg_error("cannot commit", e).to_string());
            written.and(ended)
        }
    }
}

fn already_imported(report: &mut FileReport, prior: &claims::PriorImport) {
    report.duplicate = true;
    report.warnings =
        vec![format!("already imported from {} at {}; nothing changed", prior.file_name, prior.imported_at)];
}

/// The batch's totals, and that its items were scored today.
fn finish_batch(db: Conn<'_>, read: &Written, today: NaiveDate) -> Result<(), StoreError> {
    claims::finish_batch(db, read.batch_id, read.first_isa13.as_deref(), read.first_trace.as_deref(), &read.totals)?;
    priorities::mark_current(db, today)
}

/// The file being imported.
struct File<'p> {
    path: &'p Path,
    source: Source,
    /// The hash read before the import; `None` when it is taken as the file is parsed.
    sha: Option<String>,
    /// The file's size and modification time when it was opened.
    stamp: Option<(u64, Option<std::time::SystemTime>)>,
    kind: FileKind,
}

/// Reads the file into the ledger inside the caller's transaction; `None` when every
/// transaction set in it was imported before (the caller rolls back).
fn ingest(
    db: Conn<'_>,
    file: File<'_>,
    tables: &Tables,
    s: &ImportSettings,
    progress: &mut dyn FnMut(u64, u64),
    report: &mut FileReport,
) -> Result<Option<Written>, String> {
    let File { path, mut source, sha, stamp, kind } = file;
    let total = source.size();
    let reader = source.reader().map_err(|e| format!("cannot read: {e}"))?;
    let file_name = path.file_name().map_or_else(|| report.file.clone(), |n| n.to_string_lossy().into_owned());
    let batch = NewBatch {
        file_name: &file_name,
        sha256: sha.as_deref().unwrap_or(HASH_PENDING),
        kind: kind.as_str(),
        imported_at: &s.now,
        imported_by: &s.actor,
        tables_version: &tables.versions_text(),
    };
    let batch_id = claims::insert_batch(db, &batch).map_err(|e| e.to_string())?;
    let ctx = IngestContext {
        batch_id,
        kind,
        file_name: file_name.clone(),
        today: s.today,
        now: s.now.clone(),
        actor: s.actor.clone(),
        write_off_threshold: s.write_off_threshold,
        tolerance: s.tolerance,
    };
    let mut sink = LedgerSink::new(db, tables, &ctx);
    let read = AtomicU64::new(0);
    let counting = Counting { inner: BufReader::with_capacity(256 * 1024, reader), read: &read };
    let input = Hashing::new(counting);
    let opts = ReadOptions { skip_bad_rows: s.skip_bad_rows };
    let mut shown = 0;
    let mut on_record = || {
        let now = read.load(Ordering::Relaxed);
        if now != shown {
            shown = now;
            progress(now, total);
        }
    };
    let (counts, mut warnings, input) = pipeline::read_into(kind, input, &mut sink, opts, &mut on_record);
    report.warnings.append(&mut warnings);
    let counts = counts?;
    sink.write_claims().map_err(|e| e.to_string())?;
    if kind == FileKind::FeeSchedule {
        sink.rescan_after_schedule().map_err(|e| e.to_string())?;
    }
    progress(read.load(Ordering::Relaxed), total);
    // The ledger records the hash of exactly the bytes that were parsed: a file that changed
    // since it was first read (still being written, or swapped) is not imported under the
    // earlier hash.
    let parsed = input.finish().map_err(|e| format!("cannot read: {e}"))?;
    let changed = match &sha {
        Some(sha) => parsed != *sha,
        None => source.stamp() != stamp,
    };
    if changed {
        return Err("the file changed while it was being read (is it still being written?); nothing was \
                    imported. Import it again once it is complete"
            .into());
    }
    if sha.is_none() {
        if let Some(prior) = claims::batch_by_hash(db, &parsed).map_err(|e| e.to_string())? {
            already_imported(report, &prior);
            return Ok(None); // the caller rolls back: nothing changed
        }
        claims::set_batch_hash(db, batch_id, &parsed).map_err(|e| e.to_string())?;
    }
    let mut outcome = std::mem::take(&mut sink.outcome);
    report.warnings.append(&mut outcome.warnings);
    report.warnings.extend(outcome.skipped_warning());
    if outcome.reversals_unmatched > 0 {
        report.warnings.push(format!(
            "{} reversal(s) (CLP02 22) matched no earlier claim in the ledger; stored as received",
            outcome.reversals_unmatched
        ));
    }
    report.fill(&counts, &outcome);
    if counts.transactions > 0 && counts.skipped_transactions == counts.transactions {
        report.duplicate = true;
        return Ok(None); // every transaction set was imported before: roll back, change nothing
    }
    let totals = BatchTotals {
        counts,
        denials: outcome.denials,
        rejections: outcome.rejections,
        at_risk: outcome.at_risk,
        warnings: report.warnings.len() as u64,
    };
    let claim_days = std::mem::take(&mut sink.claim_days);
    let item_tally = std::mem::take(&mut sink.item_tally);
    Ok(Some(Written {
        batch_id,
        totals,
        first_isa13: outcome.first_isa13.take(),
        first_trace: outcome.first_trace.take(),
        claim_days,
        item_tally,
    }))
}
