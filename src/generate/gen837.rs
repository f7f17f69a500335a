//! `gen-837`: a deterministic, valid 005010X222A1 837P of claims the practice submitted over
//! the weeks before `as_of`, one transaction set per submission day, for tests and the demo's
//! claim inventory (claims the payers never answered).

use std::io::{self, Write};

use chrono::{Datelike, Duration, NaiveDate};

use super::claim_gen::patient;
use super::practice::{PAYERS, PROCEDURES, PROVIDERS};
use super::rng::{Rng, npi};
use super::x12_writer::{X12Writer, amount, d8};

#[derive(Debug, Clone, Copy)]
pub struct Gen837Options {
    pub claims: u64,
    pub seed: u64,
    /// Claims are submitted on weekdays in the `weeks` weeks ending with this date.
    pub as_of: NaiveDate,
    pub weeks: u32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gen837Summary {
    pub claims: u64,
    pub lines: u64,
    pub charged_cents: i64,
    pub transactions: u64,
}

/// Patient control numbers of generated submissions: never those of `gen-835` (`PC...`).
pub const PCN_PREFIX: &str = "SB";

pub fn write_837(out: &mut dyn Write, o: Gen837Options) -> io::Result<Gen837Summary> {
    let mut w = X12Writer::new(out);
    let mut rng = Rng::new(o.seed ^ 0x837);
    let control = o.seed % 900_000_000 + 1;
    let mut s = Gen837Summary::default();
    w.open_interchange(control, o.as_of, "005010X222A1", "HC")?;
    let days = i64::from(o.weeks.max(1)) * 7;
    // Each claim's submission day; one transaction set per day, in date order.
    let mut sent: Vec<NaiveDate> = (0..o.claims)
        .map(|_| {
            let mut d = o.as_of - Duration::days(rng.below(days as u64) as i64);
            while d.weekday().number_from_monday() > 5 {
                d -= Duration::days(1);
            }
            d
        })
        .collect();
    sent.sort();
    let mut n = 0u64;
    let mut i = 0;
    while i < sent.len() {
        let day = sent[i];
        let count = sent[i..].iter().take_while(|d| **d == day).count();
        s.transactions += 1;
        let st02 = format!("{:04}", s.transactions);
        w.open_txn("837", &st02, "005010X222A1")?;
        w.seg(&["BHT", "0019", "00", &format!("SUB{}", d8(day)), &d8(day), "0800", "CH"])?;
        w.seg(&["NM1", "41", "2", "RIVERBEND FAMILY MEDICINE", "", "", "", "", "46", "RFM01"])?;
        w.seg(&["PER", "IC", "BILLING OFFICE", "TE", "2175550142"])?;
        w.seg(&["NM1", "40", "2", "CLEARINGHOUSE", "", "", "", "", "46", "CH01"])?;
        w.seg(&["HL", "1", "", "20", "1"])?;
        w.seg(&["NM1", "85", "2", "RIVERBEND FAMILY MEDICINE", "", "", "", "", "XX", "1904452176"])?;
        w.seg(&["N3", "120 RIVER ROAD"])?;
        w.seg(&["N4", "SPRINGFIELD", "IL", "62701"])?;
        w.seg(&["REF", "EI", "123456789"])?;
        for k in 0..count {
            n += 1;
            let payer = &PAYERS[rng.below(PAYERS.len() as u64) as usize];
            let who = patient(&mut rng);
            let provider = &PROVIDERS[rng.below(PROVIDERS.len() as u64) as usize];
            let dos = day - Duration::days(rng.range(1, 10));
            let hl = (k + 2).to_string();
            w.seg(&["HL", &hl, "1", "22", "0"])?;
            w.seg(&["SBR", "P", "18", "", "", "", "", "", "", payer.filing])?;
            w.seg(&["NM1", "IL", "1", who.last, who.first, "", "", "", "MI", &who.member])?;
            w.seg(&["NM1", "PR", "2", payer.name, "", "", "", "", "PI", payer.id])?;
            let lines: Vec<_> = (0..1 + rng.below(2)).map(|_| rng.weighted(PROCEDURES)).collect();
            let charge: i64 = lines.iter().map(|p| p.fee_cents).sum();
            let pcn = format!("{PCN_PREFIX}{}{:06}", day.format("%y"), n);
            w.seg(&["CLM", &pcn, &amount(charge), "", "", "11:B:1", "Y", "A", "Y", "Y"])?;
            w.seg(&["HI", "ABK:Z0000"])?;
            w.seg(&["NM1", "82", "1", provider.last, provider.first, "", "", "", "XX", &npi(provider.npi_base)])?;
            for (j, p) in lines.iter().enumerate() {
                w.seg(&["LX", &(j + 1).to_string()])?;
                w.seg(&["SV1", &format!("HC:{}", p.code), &amount(p.fee_cents), "UN", "1", "", "", "1"])?;
                w.seg(&["DTP", "472", "D8", &d8(dos)])?;
                s.lines += 1;
            }
            s.claims += 1;
            s.charged_cents += charge;
        }
        w.close_txn(&st02)?;
        i += count;
    }
    w.close_interchange(control, s.transactions)?;
    Ok(s)
}
