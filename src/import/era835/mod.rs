//! The 835 (health care claim payment/advice) importer: one claim at a time into the sink.

use std::io::Read;

mod claim_loop;

use super::x12::{self, Segment, TransactionHandler, TxnContext, X12Error, money_or_zero};
use super::{CountingHandler, FileKind, ImportError, Importer, ParseCounts, ReadOptions, RecordSink, TxnKey, read_x12};
use crate::domain::remit::{RemarkSource, RemitClaim, RemitHeader};

pub struct Era835Importer;

impl Importer for Era835Importer {
    fn kind(&self) -> FileKind {
        FileKind::Remit835
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

#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Party {
    #[default]
    None,
    Payer,
    Payee,
}

/// State of the transaction set being read.
#[derive(Default)]
struct Txn {
    key: TxnKey,
    header: RemitHeader,
    header_sent: bool,
    skipping: bool,
    party: Party,
    facility: Option<String>,
    claim: Option<RemitClaim>,
    /// Segments read into the current claim (bounded, like a segment's length).
    claim_segments: u64,
}

/// The most segments one claim may hold: a 20,000-line claim has about 100,000. A claim past
/// this would only grow memory; the file is refused with the claim's segment named.
pub const MAX_CLAIM_SEGMENTS: u64 = 250_000;

struct Handler<'s> {
    sink: &'s mut dyn RecordSink,
    warnings: Vec<String>,
    counts: ParseCounts,
    txn: Txn,
}

impl Handler<'_> {
    fn send_header(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        if self.txn.header_sent {
            return Ok(());
        }
        self.txn.header_sent = true;
        self.txn.key.trace = self.txn.header.trace.clone();
        self.txn.key.trace_origin = self.txn.header.trace_origin.clone();
        let keep = self.sink.remit_header(&self.txn.key, &self.txn.header).map_err(|e| seg.error(e))?;
        if !keep {
            self.txn.skipping = true;
            self.counts.skipped_transactions += 1;
        }
        Ok(())
    }

    /// Hands the finished claim to the sink (or drops it in a transaction set being skipped).
    fn flush_claim(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        if let Some(claim) = self.txn.claim.take()
            && !self.txn.skipping
        {
            self.sink.remit_claim(claim).map_err(|e| seg.error(e))?;
        }
        Ok(())
    }

    fn claim_mut(&mut self, seg: &Segment<'_>) -> Result<&mut RemitClaim, X12Error> {
        self.txn.claim.as_mut().ok_or_else(|| seg.error("appears before any CLP claim segment"))
    }

    fn header_segment(&mut self, seg: &Segment<'_>) {
        let h = &mut self.txn.header;
        match seg.id() {
            "BPR" => {
                h.payment = money_or_zero(seg, 2, "payment amount").unwrap_or_else(|e| {
                    self.warnings.push(e.to_string());
                    Default::default()
                });
                h.payment_method = seg.opt(4);
                h.payment_date = x12::opt_date(seg, 16, &mut self.warnings);
            }
            "TRN" => {
                h.trace = seg.text(2).into_owned();
                h.trace_origin = seg.text(3).into_owned();
            }
            "DTM" if seg.text(1) == "405" => h.production_date = x12::opt_date(seg, 2, &mut self.warnings),
            "N1" => {
                self.txn.party = match &*seg.text(1) {
                    "PR" => Party::Payer,
                    "PE" => Party::Payee,
                    _ => Party::None,
                };
                match self.txn.party {
                    Party::Payer => {
                        h.payer.name = seg.text(2).into_owned();
                        h.payer.id = seg.opt(4);
                    }
                    Party::Payee => {
                        h.payee_name = seg.text(2).into_owned();
                        h.payee_npi = (seg.text(3) == "XX").then(|| seg.opt(4)).flatten();
                    }
                    Party::None => {}
                }
            }
            "REF" if self.txn.party == Party::Payer && seg.text(1) == "2U" && h.payer.id.is_none() => {
                h.payer.id = seg.opt(2);
            }
            _ => {}
        }
    }
}

impl CountingHandler for Handler<'_> {
    fn into_report(self) -> (ParseCounts, Vec<String>) {
        (self.counts, self.warnings)
    }
}

impl TransactionHandler for Handler<'_> {
    fn accepts(&self, st01: &str) -> bool {
        st01 == "835"
    }

    fn begin(&mut self, ctx: &TxnContext, _st: &Segment<'_>) -> Result<(), X12Error> {
        let key = TxnKey::from_envelope(FileKind::Remit835, ctx);
        self.txn =
            Txn { key, header: RemitHeader { st02: ctx.st02.clone(), ..RemitHeader::default() }, ..Txn::default() };
        Ok(())
    }

    /// Segments of a skipped (already imported) transaction set are still read and counted,
    /// so the report describes the whole file; only the sink does not receive them.
    fn segment(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        match seg.id() {
            "LX" | "CLP" | "PLB" => self.send_header(seg)?,
            _ if !self.txn.header_sent => {
                self.header_segment(seg);
                return Ok(());
            }
            _ => {}
        }
        if seg.is("CLP") {
            self.txn.claim_segments = 0;
        } else if self.txn.claim.is_some() {
            self.txn.claim_segments += 1;
            if self.txn.claim_segments > MAX_CLAIM_SEGMENTS {
                return Err(seg.error(format!(
                    "the claim being read has more than {MAX_CLAIM_SEGMENTS} segments; Overturn does not import a \
                     claim this large"
                )));
            }
        }
        match seg.id() {
            "LX" => self.flush_claim(seg),
            "TS3" => {
                self.txn.facility = seg.opt(2);
                Ok(())
            }
            "CLP" => self.start_claim(seg),
            "CAS" => self.adjustments(seg),
            "SVC" => self.service_line(seg),
            "LQ" => {
                let ncpdp = seg.text(1) == "RX";
                self.remarks(seg, &[2], RemarkSource::Lq { ncpdp })
            }
            "MOA" => self.remarks(seg, &[3, 4, 5, 6, 7], RemarkSource::Moa),
            "MIA" => {
                self.claim_mut(seg)?.institutional = true;
                self.remarks(seg, &[5, 20, 21, 22, 23], RemarkSource::Mia)
            }
            "PLB" => self.plb(seg),
            _ if self.txn.claim.is_some() => self.claim_segment(seg),
            _ => Ok(()),
        }
    }

    fn end(&mut self, se: &Segment<'_>) -> Result<(), X12Error> {
        self.send_header(se)?;
        self.flush_claim(se)
    }
}
