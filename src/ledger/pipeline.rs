//! Parsing on one thread while the ledger is written on another: the parser hands each record
//! over a bounded channel and goes on reading, so a large file costs about the longer of the
//! two, not their sum. Records arrive in file order; the two calls whose answer the parser
//! needs (is this transaction set new?) wait for it. Memory stays bounded by the channel.
//!
//! When writing fails, the writer stops taking records; the parser then stops at its next
//! record and the writer's error, which names the transaction set and claim, is the one
//! reported.

use std::io::Read;
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};

use super::pretriage::{Pretriage, Pretriaged};
use super::sink::LedgerSink;
use crate::domain::classify::{Classification, classify_claim};
use crate::domain::remit::{ClaimStatusRecord, ProviderAdjustment, RemitClaim, RemitHeader};
use crate::domain::tables::Tables;
use crate::import::fee_csv::FeeRow;
use crate::import::{FileKind, ImportError, ParseCounts, ReadOptions, RecordSink, TxnKey, importer_for};
use crate::store::StoreError;
use crate::store::claim_body;
use crate::store::claim_writer::ClaimPlace;

/// Records go over in batches (one wake-up of the writer per batch, not per record), and a
/// few batches may wait: a few hundred small claims in flight keep both threads busy.
const BATCH: usize = 64;
const BATCHES_IN_FLIGHT: usize = 4;

enum Record {
    RemitHeader(TxnKey, Box<RemitHeader>),
    /// A claim, its packed lines, its classification and its denied parts triaged (all made
    /// here, on the parsing thread, which has time to spare: the writer is the slower of the
    /// two).
    Claim(Box<RemitClaim>, Option<String>, Classification, Option<Box<Pretriaged>>),
    ProviderAdjustment(ProviderAdjustment),
    StatusHeader(TxnKey),
    Status(Box<ClaimStatusRecord>),
    StatusEnd(TxnKey, String),
    FeeRate(Box<FeeRow>),
    Submitted(Box<crate::domain::submitted::SubmittedClaim>),
}

/// The parser's side: records go out, answers come back.
struct Handoff<'t> {
    tables: &'t Tables,
    pretriage: Pretriage<'t>,
    out: SyncSender<Vec<Record>>,
    /// Batches the writer is done with, to be freed here: memory allocated on one thread and
    /// freed on another makes glibc's allocator take the allocating thread's arena lock, and
    /// the two threads spent their time waking each other.
    spent: Receiver<Vec<Record>>,
    batch: Vec<Record>,
    answers: Receiver<Result<bool, String>>,
}

/// What the parser says when the writer has stopped (its own error is reported instead).
const STOPPED: &str = "the ledger stopped taking records";

impl Handoff<'_> {
    fn flush(&mut self) -> Result<(), String> {
        while let Ok(done) = self.spent.try_recv() {
            drop(done);
        }
        if self.batch.is_empty() {
            return Ok(());
        }
        let full = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.out.send(full).map_err(|_| STOPPED.to_string())
    }

    fn send(&mut self, r: Record) -> Result<(), String> {
        self.batch.push(r);
        if self.batch.len() >= BATCH { self.flush() } else { Ok(()) }
    }

    fn ask(&mut self, r: Record) -> Result<bool, String> {
        self.batch.push(r);
        self.flush()?;
        self.answers.recv().map_err(|_| STOPPED.to_string())?
    }
}

impl RecordSink for Handoff<'_> {
    fn remit_header(&mut self, key: &TxnKey, header: &RemitHeader) -> Result<bool, String> {
        self.pretriage.header(header);
        self.ask(Record::RemitHeader(key.clone(), Box::new(header.clone())))
    }
    fn remit_claim(&mut self, claim: RemitClaim) -> Result<(), String> {
        let packed = claim_body::pack(&claim);
        let class = classify_claim(&claim, self.tables);
        let pre = self.pretriage.claim(&claim, &class);
        self.send(Record::Claim(Box::new(claim), packed, class, pre))
    }
    fn provider_adjustment(&mut self, adj: ProviderAdjustment) -> Result<(), String> {
        self.send(Record::ProviderAdjustment(adj))
    }
    fn status_header(&mut self, key: &TxnKey) -> Result<(), String> {
        self.send(Record::StatusHeader(key.clone()))
    }
    fn claim_status(&mut self, rec: ClaimStatusRecord) -> Result<(), String> {
        self.send(Record::Status(Box::new(rec)))
    }
    fn status_end(&mut self, key: &TxnKey, digest: &str) -> Result<bool, String> {
        self.ask(Record::StatusEnd(key.clone(), digest.to_string()))
    }
    fn fee_rate(&mut self, row: FeeRow) -> Result<(), String> {
        self.send(Record::FeeRate(Box::new(row)))
    }
    fn submitted_claim(&mut self, claim: crate::domain::submitted::SubmittedClaim) -> Result<(), String> {
        self.send(Record::Submitted(Box::new(claim)))
    }
}

/// `e` said of the claim at this place in the file, unless it names its own place (a claim
/// written in a batch after the file moved on, [`StoreError::is_located`]).
fn at(st02: &str, claim: u64, e: StoreError) -> String {
    if e.is_located() { e.to_string() } else { format!("{}: {e}", ClaimPlace { st02, claim }) }
}

/// Writes the claims held for a batch before a record the parser waits on: their error names
/// its own claim and is the writer's to report (the parser has read on since those claims).
fn held_claims(sink: &mut LedgerSink<'_>) -> Result<(), String> {
    sink.write_claims().map(|_| ()).map_err(|e| e.to_string())
}

/// Sends the parser its answer; an error stops the writer too (with nothing of its own to
/// report: the parser reports it, located in the file).
fn reply(answers: &Sender<Result<bool, String>>, answer: Result<bool, String>) -> Result<(), String> {
    let stop = answer.is_err();
    let _ = answers.send(answer);
    if stop { Err(String::new()) } else { Ok(()) }
}

/// The writer's side: applies each record to the ledger, in order, until the first error.
fn write_all(
    batches: Receiver<Vec<Record>>,
    answers: Sender<Result<bool, String>>,
    spent: Sender<Vec<Record>>,
    sink: &mut LedgerSink<'_>,
    on_record: &mut dyn FnMut(),
) -> Result<(), String> {
    let (mut st02, mut claim) = (String::new(), 0u64);
    for batch in batches {
        for r in &batch {
            on_record();
            write_one(r, &answers, sink, &mut st02, &mut claim)?;
        }
        // Freed where it was allocated (see `Handoff::flush`).
        let _ = spent.send(batch);
    }
    Ok(())
}

/// One record into the ledger. A 277's records are small and few: they are copied out of the
/// batch rather than taken (the batch goes back whole to be freed by the parser).
fn write_one(
    r: &Record,
    answers: &Sender<Result<bool, String>>,
    sink: &mut LedgerSink<'_>,
    st02: &mut String,
    claim: &mut u64,
) -> Result<(), String> {
    // An answered error travels back to the parser, which reports it with its place in the
    // file; any other error is the writer's to report.
    match r {
        Record::RemitHeader(key, header) => {
            held_claims(sink)?;
            (*st02, *claim) = (key.st02.clone(), 0);
            reply(answers, sink.remit_header(key, header))
        }
        Record::StatusEnd(key, digest) => {
            held_claims(sink)?;
            reply(answers, sink.status_end(key, digest))
        }
        Record::Claim(c, packed, class, pre) => {
            *claim += 1;
            sink.record_claim(c, packed.as_deref(), class, pre.as_deref()).map_err(|e| at(st02, *claim, e))
        }
        Record::ProviderAdjustment(a) => {
            sink.provider_adjustment(a.clone()).map_err(|e| format!("transaction set {st02}, PLB: {e}"))
        }
        Record::StatusHeader(key) => {
            (*st02, *claim) = (key.st02.clone(), 0);
            sink.status_header(key).map_err(|e| format!("transaction set {st02}: {e}"))
        }
        Record::Status(s) => {
            *claim += 1;
            sink.claim_status((**s).clone()).map_err(|e| format!("{}: {e}", ClaimPlace { st02, claim: *claim }))
        }
        Record::FeeRate(r) => sink.store_rate(r).map_err(|e| format!("row {}: {e}", r.row)),
        Record::Submitted(c) => {
            *claim += 1;
            sink.store_submitted(c).map_err(|e| at(st02, *claim, e))
        }
    }
}

/// Reads `input` as `kind` on a second thread into `sink` on this one. Returns the parser's
/// counts and warnings with the input it read (to finish its hash), or the first error.
pub(super) fn read_into<R: Read + Send>(
    kind: FileKind,
    mut input: R,
    sink: &mut LedgerSink<'_>,
    opts: ReadOptions,
    on_record: &mut dyn FnMut(),
) -> (Result<ParseCounts, String>, Vec<String>, R) {
    let (out, batches) = mpsc::sync_channel(BATCHES_IN_FLIGHT);
    let (answer, answers) = mpsc::channel();
    let (spent_out, spent) = mpsc::channel();
    let tables: &Tables = sink.tables;
    let ctx = sink.ctx;
    std::thread::scope(|scope| {
        let parser = scope.spawn(move || {
            let mut warnings = Vec::new();
            let pretriage = Pretriage::new(tables, ctx);
            let mut handoff = Handoff { tables, pretriage, out, spent, batch: Vec::with_capacity(BATCH), answers };
            let counts = importer_for(kind).read(&mut input, &mut handoff, opts, &mut warnings);
            // What the last batch holds is written too (a failed read rolls everything back).
            let counts = counts.and_then(|c| handoff.flush().map(|_| c).map_err(ImportError::File));
            (counts, warnings, input)
        });
        let written = write_all(batches, answer, spent_out, sink, on_record);
        let (counts, warnings, input) = match parser.join() {
            Ok(done) => done,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        let result = match (written, counts) {
            (Err(e), _) if !e.is_empty() => Err(e),
            (_, Err(ImportError::X12(x))) => Err(x.to_string()),
            (_, Err(other)) => Err(other.to_string()),
            (_, Ok(counts)) => Ok(counts),
        };
        (result, warnings, input)
    })
}
