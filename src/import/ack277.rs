//! The 277 importer: claim acknowledgements (277CA, 005010X214) and claim status responses
//! (005010X212). Every claim-level status (HL PT, 22 or 23 loop) goes to the sink.

use std::io::Read;

use sha2::{Digest, Sha256};

use super::x12::{self, Segment, TransactionHandler, TxnContext, X12Error};
use super::{CountingHandler, FileKind, ImportError, Importer, ParseCounts, ReadOptions, RecordSink, TxnKey, read_x12};
use crate::domain::code::{EntityCode, StatusCode, StcCategory};
use crate::domain::money::Cents;
use crate::domain::remit::{ClaimStatusRecord, PayerIdent, PersonName, StatusDetail, StatusSource};

pub struct Ack277Importer;

impl Importer for Ack277Importer {
    fn kind(&self) -> FileKind {
        FileKind::Status277
    }

    fn read(
        &self,
        input: &mut dyn Read,
        sink: &mut dyn RecordSink,
        _opts: ReadOptions,
        warnings: &mut Vec<String>,
    ) -> Result<ParseCounts, ImportError> {
        let handler = Handler { sink, warnings: Vec::new(), counts: ParseCounts::default(), txn: Txn::default() };
        read_x12(input, handler, warnings)
    }
}

#[derive(Default)]
struct Txn {
    key: TxnKey,
    source: Option<StatusSource>,
    header_sent: bool,
    /// Fingerprint of the transaction set's content, whatever its separators or line ends.
    digest: Sha256,
    /// HL03 of the current loop: 20, 21, 19, 22, 23 or PT.
    level: String,
    payer: PayerIdent,
    provider_npi: Option<String>,
    provider_name: Option<String>,
    subscriber: PersonName,
    member_id: Option<String>,
    claim: Option<ClaimStatusRecord>,
    /// After an SVC, statuses belong to the service line, not the claim.
    in_line: bool,
}

struct Handler<'s> {
    sink: &'s mut dyn RecordSink,
    warnings: Vec<String>,
    counts: ParseCounts,
    txn: Txn,
}

fn source_of(version: &str) -> Option<StatusSource> {
    if version.contains("X214") {
        Some(StatusSource::Ack277Ca)
    } else if version.contains("X212") {
        Some(StatusSource::Status277)
    } else {
        None
    }
}

/// STC01, STC10 or STC11: category : status : entity.
fn status_detail(seg: &Segment<'_>, n: usize) -> Option<StatusDetail> {
    let category = StcCategory::new(&seg.component(n, 1))?;
    Some(StatusDetail {
        category,
        code: StatusCode::new(&seg.component(n, 2)),
        entity: EntityCode::new(&seg.component(n, 3)),
    })
}

impl Handler<'_> {
    fn send_header(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        if self.txn.header_sent {
            return Ok(());
        }
        self.txn.header_sent = true;
        self.sink.status_header(&self.txn.key).map_err(|e| seg.error(e))
    }

    fn flush(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        if let Some(rec) = self.txn.claim.take()
            && !rec.statuses.is_empty()
        {
            self.counts.statuses += 1;
            self.sink.claim_status(rec).map_err(|e| seg.error(e))?;
        }
        Ok(())
    }

    /// Feeds a segment into the content fingerprint with canonical separators.
    fn digest(&mut self, seg: &Segment<'_>) {
        let d = &mut self.txn.digest;
        d.update(seg.id().as_bytes());
        for n in 1..=seg.len() {
            d.update(b"*");
            let canonical: Vec<u8> =
                seg.element(n).iter().map(|b| if *b == seg.seps.component { b':' } else { *b }).collect();
            d.update(&canonical);
        }
        d.update(b"~");
    }

    fn claim_level(&self) -> bool {
        matches!(self.txn.level.as_str(), "PT" | "22" | "23")
    }

    fn start_claim(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        self.flush(seg)?;
        let t = &self.txn;
        self.txn.claim = Some(ClaimStatusRecord {
            source: t.source.unwrap_or(StatusSource::Ack277Ca),
            pcn: seg.text(2).into_owned(),
            payer_claim_no: None,
            payer: t.payer.clone(),
            patient: t.subscriber.clone(),
            member_id: t.member_id.clone(),
            provider_npi: t.provider_npi.clone(),
            provider_name: t.provider_name.clone(),
            service_from: None,
            service_to: None,
            status_date: None,
            charge: Cents::ZERO,
            statuses: Vec::new(),
        });
        self.txn.in_line = false;
        Ok(())
    }

    fn name(&mut self, seg: &Segment<'_>) {
        let t = &mut self.txn;
        let person = PersonName { last: seg.text(3).into_owned(), first: seg.text(4).into_owned() };
        match (t.level.as_str(), &*seg.text(1)) {
            ("20", _) => t.payer = PayerIdent { name: seg.text(3).into_owned(), id: seg.opt(9) },
            ("19", "85" | "1P") => {
                t.provider_name = seg.opt(3);
                t.provider_npi = (seg.text(8) == "XX").then(|| seg.opt(9)).flatten();
            }
            ("22", "IL") => {
                t.subscriber = person;
                t.member_id = seg.opt(9);
            }
            ("23" | "PT", "QC") => {
                t.subscriber = person;
                if let Some(id) = seg.opt(9) {
                    t.member_id = Some(id);
                }
            }
            _ => {}
        }
    }

    fn status(&mut self, seg: &Segment<'_>) {
        let mut warn = Vec::new();
        if let Some(rec) = self.txn.claim.as_mut().filter(|_| !self.txn.in_line) {
            rec.statuses.extend([1, 10, 11].iter().filter_map(|n| status_detail(seg, *n)));
            if rec.status_date.is_none() {
                rec.status_date = x12::opt_date(seg, 2, &mut warn);
            }
            if rec.charge.is_zero() {
                rec.charge = x12::money_or_zero(seg, 4, "total claim charge").unwrap_or_else(|e| {
                    warn.push(e.to_string());
                    Cents::ZERO
                });
            }
        }
        self.warnings.append(&mut warn);
    }
}

impl CountingHandler for Handler<'_> {
    fn into_report(self) -> (ParseCounts, Vec<String>) {
        (self.counts, self.warnings)
    }
}

impl TransactionHandler for Handler<'_> {
    fn accepts(&self, st01: &str) -> bool {
        st01 == "277"
    }

    fn begin(&mut self, ctx: &TxnContext, _st: &Segment<'_>) -> Result<(), X12Error> {
        let key = TxnKey { trace: ctx.st02.clone(), ..TxnKey::from_envelope(FileKind::Status277, ctx) };
        self.txn = Txn { key, source: source_of(&ctx.version), ..Txn::default() };
        Ok(())
    }

    fn segment(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        self.digest(seg);
        if seg.is("BHT") {
            if let Some(trace) = seg.opt(3) {
                self.txn.key.trace = trace;
            }
            if self.txn.source.is_none() {
                self.txn.source =
                    Some(if seg.text(6) == "TH" { StatusSource::Ack277Ca } else { StatusSource::Status277 });
            }
            return Ok(());
        }
        self.send_header(seg)?;
        match seg.id() {
            "HL" => {
                self.flush(seg)?;
                self.txn.level = seg.text(3).into_owned();
            }
            "NM1" => self.name(seg),
            "TRN" if seg.text(1) == "2" && self.claim_level() => self.start_claim(seg)?,
            "STC" => self.status(seg),
            "SVC" => {
                self.counts.service_lines += 1;
                self.txn.in_line = true;
            }
            "REF" => {
                let status_response = self.txn.source == Some(StatusSource::Status277);
                if let Some(rec) = self.txn.claim.as_mut().filter(|_| !self.txn.in_line) {
                    match &*seg.text(1) {
                        "1K" => rec.payer_claim_no = seg.opt(2),
                        // In a status response TRN02 is the inquiry's trace; REF*EJ is the claim's PCN.
                        "EJ" if status_response => rec.pcn = seg.text(2).into_owned(),
                        _ => {}
                    }
                }
            }
            "DTP" if seg.text(1) == "472" => {
                if let Some(rec) = self.txn.claim.as_mut().filter(|_| !self.txn.in_line) {
                    (rec.service_from, rec.service_to) = x12::period(&seg.text(3));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, se: &Segment<'_>) -> Result<(), X12Error> {
        self.send_header(se)?;
        self.flush(se)?;
        let digest: String =
            std::mem::take(&mut self.txn.digest).finalize().iter().map(|b| format!("{b:02x}")).collect();
        if !self.sink.status_end(&self.txn.key, &digest).map_err(|e| se.error(e))? {
            self.counts.skipped_transactions += 1;
        }
        Ok(())
    }
}
