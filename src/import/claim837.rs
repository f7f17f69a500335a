//! The 837 reader: claims the practice submitted, professional (005010X222A1/A2) and
//! institutional (005010X223A2). Each CLM loop goes to the sink with its destination payer
//! (loop 2010BB, before the claim: the payers named after it are coordination of benefits),
//! subscriber and patient, its frequency, dates and service lines.

use std::io::Read;

use super::x12::{self, Segment, TransactionHandler, TxnContext, X12Error};
use super::{CountingHandler, FileKind, ImportError, Importer, ParseCounts, ReadOptions, RecordSink, read_x12};
use crate::domain::remit::{PayerIdent, PersonName};
use crate::domain::submitted::{SubmittedClaim, SubmittedLine};

pub struct Claim837Importer;

impl Importer for Claim837Importer {
    fn kind(&self) -> FileKind {
        FileKind::Claims837
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
    institutional: bool,
    created: Option<chrono::NaiveDate>,
    /// HL03 of the current loop: 20 billing provider, 22 subscriber, 23 patient.
    level: String,
    billing_npi: Option<String>,
    payer: PayerIdent,
    filing_indicator: Option<String>,
    subscriber: PersonName,
    member_id: Option<String>,
    patient: Option<PersonName>,
    claim: Option<SubmittedClaim>,
    /// Inside a service line (LX): dates belong to the line.
    in_line: bool,
}

struct Handler<'s> {
    sink: &'s mut dyn RecordSink,
    warnings: Vec<String>,
    counts: ParseCounts,
    txn: Txn,
}

impl Handler<'_> {
    fn flush(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        if let Some(c) = self.txn.claim.take() {
            self.sink.submitted_claim(c).map_err(|e| seg.error(e))?;
        }
        Ok(())
    }

    fn start_claim(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        self.flush(seg)?;
        self.counts.claims += 1;
        let charge = x12::money_or_zero(seg, 2, "total claim charge")?;
        let t = &self.txn;
        let facility = Some(seg.component(5, 1)).filter(|s| !s.is_empty());
        let frequency = Some(seg.component(5, 3)).filter(|s| !s.is_empty()).unwrap_or_else(|| "1".into());
        self.txn.claim = Some(SubmittedClaim {
            pcn: seg.text(1).into_owned(),
            charge,
            facility,
            frequency,
            institutional: t.institutional || seg.component(5, 2) == "A",
            payer: t.payer.clone(),
            filing_indicator: t.filing_indicator.clone(),
            subscriber: t.subscriber.clone(),
            member_id: t.member_id.clone(),
            patient: t.patient.clone(),
            billing_npi: t.billing_npi.clone(),
            created: t.created,
            ..SubmittedClaim::default()
        });
        self.txn.in_line = false;
        Ok(())
    }

    fn name(&mut self, seg: &Segment<'_>) {
        let t = &mut self.txn;
        let person = PersonName { last: seg.text(3).into_owned(), first: seg.text(4).into_owned() };
        let npi = (seg.text(8) == "XX").then(|| seg.opt(9)).flatten();
        match (&*seg.text(1), t.claim.as_mut()) {
            ("85", None) => t.billing_npi = npi,
            ("IL", None) => {
                t.subscriber = person;
                t.member_id = seg.opt(9);
            }
            ("PR", None) => t.payer = PayerIdent { name: seg.text(3).into_owned(), id: seg.opt(9) },
            ("QC", None) => t.patient = Some(person),
            ("82", Some(c)) if !t.in_line => c.rendering_npi = npi,
            _ => {} // payers and subscribers after CLM are other coverage (loop 2330)
        }
    }

    /// SV1 (professional), SV2 (institutional) or SV3 (dental).
    fn line(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        self.counts.service_lines += 1;
        let institutional = seg.is("SV2");
        let (code_at, charge_at, units_at) = if institutional { (2, 3, 5) } else { (1, 2, 4) };
        let charge = x12::money_or_zero(seg, charge_at, "line charge")?;
        let mut parts = seg.components(code_at);
        let _qualifier = parts.next();
        let procedure = parts.next().map(|p| p.into_owned()).unwrap_or_default();
        let modifiers = parts.take(4).map(|m| m.into_owned()).filter(|m| !m.is_empty()).collect();
        let units = seg.text(units_at).trim().parse::<f64>().ok();
        let line = SubmittedLine {
            procedure,
            modifiers,
            revenue_code: institutional.then(|| seg.opt(1)).flatten(),
            charge,
            units,
            date: None,
        };
        match self.txn.claim.as_mut() {
            Some(c) => c.lines.push(line),
            None => self.warnings.push(format!(
                "segment {} ({}): a service line before any claim; ignored",
                seg.number,
                seg.id()
            )),
        }
        self.txn.in_line = true;
        Ok(())
    }

    fn date(&mut self, seg: &Segment<'_>) {
        let (from, to) = x12::period(&seg.text(3));
        let in_line = self.txn.in_line;
        let Some(c) = self.txn.claim.as_mut() else { return };
        match (&*seg.text(1), in_line) {
            ("472", true) => {
                if let Some(l) = c.lines.last_mut() {
                    l.date = from;
                }
            }
            ("472" | "434", false) => (c.service_from, c.service_to) = (from, to),
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
        st01 == "837"
    }

    fn begin(&mut self, ctx: &TxnContext, st: &Segment<'_>) -> Result<(), X12Error> {
        let version = if ctx.version.is_empty() { st.text(3).into_owned() } else { ctx.version.clone() };
        self.txn = Txn { institutional: version.contains("X223"), ..Txn::default() };
        self.counts.transactions += 1;
        Ok(())
    }

    fn segment(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        match seg.id() {
            "BHT" => self.txn.created = x12::opt_date(seg, 4, &mut self.warnings),
            "HL" => {
                self.flush(seg)?;
                self.txn.level = seg.text(3).into_owned();
                if self.txn.level == "22" {
                    // A new subscriber: its payer, name and patient are its own.
                    (self.txn.payer, self.txn.subscriber, self.txn.member_id, self.txn.patient) =
                        (PayerIdent::default(), PersonName::default(), None, None);
                    self.txn.filing_indicator = None;
                }
            }
            "NM1" => self.name(seg),
            // The subscriber's own SBR (loop 2000B), not a coordination loop's after the claim.
            "SBR" if self.txn.claim.is_none() => self.txn.filing_indicator = seg.opt(9),
            "CLM" => self.start_claim(seg)?,
            "LX" => self.txn.in_line = true,
            "SV1" | "SV2" | "SV3" => self.line(seg)?,
            "DTP" => self.date(seg),
            "REF" if seg.text(1) == "F8" && !self.txn.in_line => {
                if let Some(c) = self.txn.claim.as_mut() {
                    c.original_ref = seg.opt(2);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, se: &Segment<'_>) -> Result<(), X12Error> {
        self.flush(se)
    }
}
