//! `gen-277`: a deterministic 005010X214 claim acknowledgement (277CA) for claims the
//! practice sent in the days before `as_of`: most accepted (A2:20), some rejected at the
//! front end (A3/A6/A7/A8 with status and entity codes), grouped by payer.

use std::io::{self, Write};

use chrono::{Duration, NaiveDate};

use super::claim_gen::patient;
use super::practice::{PAYERS, PROCEDURES, REJECTIONS};
use super::rng::{Rng, npi};
use super::x12_writer::{X12Writer, amount, d8};

#[derive(Debug, Clone)]
pub struct Gen277Options {
    pub claims: u64,
    pub seed: u64,
    pub rejection_rate: f64,
    pub as_of: NaiveDate,
    /// Claims (PCNs) being acknowledged again after correction: always accepted.
    pub resubmitted: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gen277Summary {
    pub claims: u64,
    pub rejected: Vec<String>,
    pub bytes: u64,
}

struct Ack {
    pcn: String,
    rejection: Option<(&'static str, &'static str, Option<&'static str>)>,
    charge: i64,
}

pub fn write_277(out: &mut dyn Write, opts: &Gen277Options) -> io::Result<Gen277Summary> {
    let mut rng = Rng::new(opts.seed ^ 0x277);
    let mut w = X12Writer::new(out);
    let control = opts.seed % 900_000_000 + 1;
    let date = d8(opts.as_of);
    let mut summary = Gen277Summary::default();
    w.open_interchange(control, opts.as_of, "005010X214", "HN")?;
    w.open_txn("277", "0001", "005010X214")?;
    w.seg(&["BHT", "0085", "08", &format!("ACK{control}"), &date, "0800", "TH"])?;
    let new_claims = (0..opts.claims).map(|i| format!("RC{:08}", i + 1 + opts.seed % 1000 * 100_000_000));
    let all: Vec<String> = opts.resubmitted.iter().cloned().chain(new_claims).collect();
    let mut hl = 0u64;
    let per_payer = all.len().div_ceil(PAYERS.len()).max(1);
    for (p, chunk) in all.chunks(per_payer).enumerate() {
        let payer = &PAYERS[p % PAYERS.len()];
        let acks: Vec<Ack> = chunk
            .iter()
            .map(|pcn| {
                let resent = opts.resubmitted.contains(pcn);
                let rejection = (!resent && rng.chance(opts.rejection_rate)).then(|| *rng.weighted(REJECTIONS));
                Ack { pcn: pcn.clone(), rejection, charge: rng.weighted(PROCEDURES).fee_cents }
            })
            .collect();
        let (ok, bad): (Vec<&Ack>, Vec<&Ack>) = acks.iter().partition(|a| a.rejection.is_none());
        let sum = |v: &[&Ack]| amount(v.iter().map(|a| a.charge).sum());
        hl += 1;
        let payer_hl = hl;
        w.seg(&["HL", &payer_hl.to_string(), "", "20", "1"])?;
        w.seg(&["NM1", "PR", "2", payer.name, "", "", "", "", "PI", payer.id])?;
        w.seg(&["TRN", "1", &format!("{control}{p}")])?;
        w.seg(&["DTP", "050", "D8", &date])?;
        w.seg(&["DTP", "009", "D8", &date])?;
        hl += 1;
        w.seg(&["HL", &hl.to_string(), &payer_hl.to_string(), "21", "1"])?;
        w.seg(&["NM1", "41", "2", "RIVERBEND FAMILY MEDICINE", "", "", "", "", "46", "RFM001"])?;
        w.seg(&["TRN", "2", &format!("B{control}{p}")])?;
        w.seg(&["STC", "A1:19", &date, "WQ", &sum(&ok.iter().chain(bad.iter()).copied().collect::<Vec<_>>())])?;
        w.seg(&["QTY", "90", &ok.len().to_string()])?;
        w.seg(&["QTY", "AA", &bad.len().to_string()])?;
        w.seg(&["AMT", "YU", &sum(&ok)])?;
        w.seg(&["AMT", "YY", &sum(&bad)])?;
        hl += 1;
        let provider_hl = hl;
        w.seg(&["HL", &provider_hl.to_string(), &(provider_hl - 1).to_string(), "19", "1"])?;
        w.seg(&["NM1", "85", "2", "RIVERBEND FAMILY MEDICINE", "", "", "", "", "XX", &npi(190_445_217)])?;
        for a in &acks {
            hl += 1;
            summary.claims += 1;
            let pt = patient(&mut rng);
            let dos = opts.as_of - Duration::days(rng.range(2, 10));
            w.seg(&["HL", &hl.to_string(), &provider_hl.to_string(), "PT"])?;
            w.seg(&["NM1", "QC", "1", pt.last, pt.first, "", "", "", "MI", &pt.member])?;
            w.seg(&["TRN", "2", &a.pcn])?;
            match a.rejection {
                Some((cat, code, entity)) => {
                    summary.rejected.push(a.pcn.clone());
                    let status = match entity {
                        Some(e) => format!("{cat}:{code}:{e}"),
                        None => format!("{cat}:{code}"),
                    };
                    w.seg(&["STC", &status, &date, "U", &amount(a.charge)])?;
                }
                None => {
                    w.seg(&["STC", "A2:20", &date, "WQ", &amount(a.charge)])?;
                    w.seg(&["REF", "1K", &format!("{}{}", &payer.id[..2], rng.digits(12))])?;
                }
            }
            w.seg(&["DTP", "472", "D8", &d8(dos)])?;
        }
    }
    w.close_txn("0001")?;
    w.close_interchange(control, 1)?;
    summary.bytes = w.bytes;
    Ok(summary)
}
