//! Walks ISA/GS/ST...SE/GE/IEA, checks counts and control numbers (a mismatch is a warning),
//! refuses a transaction set without its SE trailer (the file was cut short), and hands each
//! transaction set's inner segments to a [`TransactionHandler`].

use std::io::Read;

use super::reader::SegmentReader;
use super::segment::{Segment, X12Error};

/// Envelope facts a transaction handler may need.
#[derive(Debug, Clone, Default)]
pub struct TxnContext {
    pub st01: String,
    pub st02: String,
    /// ISA06 sender and ISA13 control number; empty for a file that starts at ST.
    pub isa_sender: String,
    pub isa13: String,
    /// GS08 implementation convention (`005010X221A1`, `005010X214`, ...).
    pub version: String,
}

pub trait TransactionHandler {
    /// The transaction set types (ST01) this handler reads.
    fn accepts(&self, st01: &str) -> bool;
    fn begin(&mut self, ctx: &TxnContext, st: &Segment<'_>) -> Result<(), X12Error>;
    fn segment(&mut self, seg: &Segment<'_>) -> Result<(), X12Error>;
    fn end(&mut self, se: &Segment<'_>) -> Result<(), X12Error>;
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Level {
    Outside,
    Interchange,
    Group,
    Transaction,
}

/// Where the open envelope pieces started, for messages.
#[derive(Default)]
struct Open {
    isa: (u64, u64),
    st: (u64, u64),
    groups: u64,
    txns: u64,
    gs06: String,
    segs: u64,
}

fn cut_short(at: (u64, u64), id: &str, what: String, end: u64) -> X12Error {
    X12Error {
        segment: at.0,
        offset: at.1,
        id: Some(id.to_string()),
        reason: format!("{what}: the file was cut short (it ends at byte {end})"),
    }
}

fn count_mismatch(warnings: &mut Vec<String>, seg: &Segment<'_>, n: usize, what: &str, counted: u64) {
    let stated = seg.text(n);
    if stated.parse::<u64>().ok() != Some(counted) {
        warnings.push(format!(
            "segment {} ({}): {}{n:02} says {stated} {what}, counted {counted}",
            seg.number,
            seg.id(),
            seg.id()
        ));
    }
}

fn control_mismatch(warnings: &mut Vec<String>, seg: &Segment<'_>, n: usize, opener: &str, expected: &str) {
    if seg.text(n).trim_start_matches('0') != expected.trim().trim_start_matches('0') {
        warnings.push(format!(
            "segment {} ({}): control number {}{n:02} does not match its {opener}",
            seg.number,
            seg.id(),
            seg.id()
        ));
    }
}

/// Reads the whole file; returns the number of transaction sets handled.
pub fn walk<R: Read>(
    reader: &mut SegmentReader<R>,
    handler: &mut dyn TransactionHandler,
    warnings: &mut Vec<String>,
) -> Result<u64, X12Error> {
    let mut level = Level::Outside;
    let mut ctx = TxnContext::default();
    let mut open = Open::default();
    let mut handled = 0u64;
    let mut enveloped = false;
    while let Some(seg) = reader.next_segment()? {
        let here = (seg.number, seg.offset);
        let no_se = |open: &Open, ctx: &TxnContext| {
            let what = format!("transaction set {} has no SE trailer before segment {}", ctx.st02, seg.number);
            X12Error {
                segment: open.st.0,
                offset: open.st.1,
                id: Some("ST".into()),
                reason: format!("{what}: the file was cut short or joined"),
            }
        };
        match seg.id() {
            "ISA" => {
                if level == Level::Transaction {
                    return Err(no_se(&open, &ctx));
                }
                if level != Level::Outside {
                    return Err(seg.error(format!("interchange {} has no IEA trailer before this ISA", ctx.isa13)));
                }
                enveloped = true;
                ctx = TxnContext {
                    isa_sender: seg.text(6).into_owned(),
                    isa13: seg.text(13).into_owned(),
                    ..TxnContext::default()
                };
                open = Open { isa: here, ..Open::default() };
                level = Level::Interchange;
            }
            "GS" => {
                if level == Level::Transaction {
                    return Err(no_se(&open, &ctx));
                }
                if level == Level::Group {
                    warnings.push(format!("segment {}: functional group {} has no GE trailer", seg.number, open.gs06));
                }
                open.groups += 1;
                open.txns = 0;
                open.gs06 = seg.text(6).into_owned();
                ctx.version = seg.text(8).into_owned();
                level = Level::Group;
            }
            "ST" => {
                if level == Level::Transaction {
                    return Err(no_se(&open, &ctx));
                }
                if enveloped && level == Level::Outside {
                    return Err(seg.error("ST outside an interchange (after IEA, before ISA)"));
                }
                let st01 = seg.text(1);
                if !handler.accepts(&st01) {
                    return Err(seg.error(format!("transaction set type '{st01}' is not supported here")));
                }
                ctx.st01 = st01.into_owned();
                ctx.st02 = seg.text(2).into_owned();
                if ctx.version.is_empty() {
                    ctx.version = seg.text(3).into_owned();
                }
                open.st = here;
                open.segs = 1;
                open.txns += 1;
                handler.begin(&ctx, &seg)?;
                level = Level::Transaction;
            }
            "SE" => {
                if level != Level::Transaction {
                    return Err(seg.error("SE without a matching ST"));
                }
                open.segs += 1;
                count_mismatch(warnings, &seg, 1, "segments", open.segs);
                control_mismatch(warnings, &seg, 2, "ST02", &ctx.st02);
                handler.end(&seg)?;
                handled += 1;
                level = if enveloped { Level::Group } else { Level::Outside };
            }
            "GE" | "IEA" if level == Level::Transaction => return Err(no_se(&open, &ctx)),
            "GE" => {
                if level == Level::Group {
                    count_mismatch(warnings, &seg, 1, "transaction sets", open.txns);
                    control_mismatch(warnings, &seg, 2, "GS06", &open.gs06);
                } else {
                    warnings.push(format!("segment {}: GE without a GS", seg.number));
                }
                level = if enveloped { Level::Interchange } else { Level::Outside };
            }
            "IEA" => {
                if level == Level::Group {
                    warnings.push(format!("segment {}: functional group {} has no GE trailer", seg.number, open.gs06));
                }
                if enveloped && seg.terminated {
                    count_mismatch(warnings, &seg, 1, "functional groups", open.groups);
                    control_mismatch(warnings, &seg, 2, "ISA13", &ctx.isa13);
                } else if enveloped {
                    // The file ends inside its last IEA: the interchange is complete only if that
                    // IEA is whole (its count and control number match), else it was cut.
                    let mut problems = Vec::new();
                    count_mismatch(&mut problems, &seg, 1, "functional groups", open.groups);
                    control_mismatch(&mut problems, &seg, 2, "ISA13", &ctx.isa13);
                    if let Some(first) = problems.first() {
                        let why = first.split_once("): ").map_or(first.as_str(), |(_, w)| w);
                        return Err(
                            seg.error(format!("the file ends inside its IEA trailer ({why}): it was cut short"))
                        );
                    }
                }
                level = Level::Outside;
            }
            "TA1" if level != Level::Transaction => {}
            _ if level == Level::Transaction => {
                open.segs += 1;
                handler.segment(&seg)?;
            }
            _ => return Err(seg.error("segment outside a transaction set (no ST before it)")),
        }
    }
    let end = reader.offset();
    match level {
        Level::Transaction => {
            Err(cut_short(open.st, "ST", format!("transaction set {} has no SE trailer", ctx.st02), end))
        }
        Level::Group | Level::Interchange => {
            Err(cut_short(open.isa, "ISA", format!("interchange {} has no IEA trailer", ctx.isa13), end))
        }
        Level::Outside if handled == 0 => Err(X12Error {
            segment: reader.count(),
            offset: end,
            id: None,
            reason: "no transaction set (ST...SE) found".into(),
        }),
        Level::Outside => Ok(handled),
    }
}
