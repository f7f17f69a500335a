//! `gen-835`: a deterministic, valid 005010X221A1 835 of a small practice's remits over the
//! eight weeks before `as_of`: one payment (ST-SE) per payer per week, with denials,
//! reversals followed by corrected payments, and provider-level adjustments (PLB).

use std::collections::VecDeque;
use std::io::{self, Write};

use chrono::{Datelike, Duration, NaiveDate};

use super::claim_gen::{self, ClaimRec};
use super::practice::{PAYERS, PROVIDERS, Payer};
use super::rng::{Rng, npi};
use super::x12_writer::{X12Writer, amount, d8};

#[derive(Debug, Clone, Copy)]
pub struct Gen835Options {
    /// CLP segments to write, reversals and corrections included.
    pub claims: u64,
    pub seed: u64,
    pub denial_rate: f64,
    pub as_of: NaiveDate,
    /// Weeks of remits, ending with the week of `as_of` (1 or more; the default is 8).
    pub weeks: u32,
}

/// Weeks a generated file covers unless asked otherwise.
pub const DEFAULT_WEEKS: u32 = 8;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gen835Summary {
    pub claims: u64,
    pub denied: u64,
    pub reversals: u64,
    pub plb: u64,
    pub transactions: u64,
    pub bytes: u64,
}

const REVERSAL_RATE: f64 = 0.006;

/// How many claims each (week, payer) payment carries; sums to `total`.
fn allocation(total: u64, weeks: usize) -> Vec<[u64; 6]> {
    let shares: u64 = PAYERS.iter().map(|p| u64::from(p.share)).sum();
    let mut per_payer: Vec<u64> = PAYERS.iter().map(|p| total * u64::from(p.share) / shares).collect();
    let rest = total - per_payer.iter().sum::<u64>();
    for i in 0..rest as usize {
        per_payer[i % PAYERS.len()] += 1;
    }
    (0..weeks)
        .map(|w| {
            let mut row = [0u64; 6];
            for (p, n) in per_payer.iter().enumerate() {
                row[p] = n / weeks as u64 + u64::from((w as u64) < n % weeks as u64);
            }
            row
        })
        .collect()
}

/// The payer's pay day in week `w` (week 7 is the week ending on `as_of`).
fn remit_date(as_of: NaiveDate, weeks: usize, week: usize, payer: &Payer) -> NaiveDate {
    let back = (i64::from(as_of.weekday().num_days_from_monday()) - payer.pay_weekday).rem_euclid(7);
    as_of - Duration::days(7 * (weeks - 1 - week) as i64 + back)
}

/// A weekday date of service in the window, before the remit.
fn service_date(rng: &mut Rng, window_start: NaiveDate, remit: NaiveDate) -> NaiveDate {
    let hi = remit - Duration::days(7);
    let lo = (remit - Duration::days(40)).max(window_start);
    let (lo, hi) = if hi < lo { (window_start, remit - Duration::days(1)) } else { (lo, hi) };
    let mut d = lo + Duration::days(rng.below((hi - lo).num_days().max(0) as u64 + 1) as i64);
    while d.weekday().number_from_monday() > 5 && d < hi {
        d += Duration::days(1);
    }
    d
}

struct Gen<'w, 'o> {
    w: &'w mut X12Writer<'o>,
    rng: Rng,
    opts: Gen835Options,
    summary: Gen835Summary,
    /// Recently paid claims per payer, candidates for a later reversal (bounded).
    paid: Vec<VecDeque<ClaimRec>>,
    next_pcn: u64,
}

pub fn write_835(out: &mut dyn Write, opts: Gen835Options) -> io::Result<Gen835Summary> {
    let mut w = X12Writer::new(out);
    let control = opts.seed % 900_000_000 + 1;
    let mut g = Gen {
        w: &mut w,
        rng: Rng::new(opts.seed),
        opts,
        summary: Gen835Summary::default(),
        paid: PAYERS.iter().map(|_| VecDeque::new()).collect(),
        next_pcn: 1,
    };
    g.w.open_interchange(control, opts.as_of, "005010X221A1", "HP")?;
    for (week, row) in allocation(opts.claims, opts.weeks.max(1) as usize).iter().enumerate() {
        for (p, &n) in row.iter().enumerate() {
            if n > 0 {
                g.payment(week, p, n)?;
            }
        }
    }
    let transactions = g.summary.transactions;
    let mut summary = g.summary;
    w.close_interchange(control, transactions)?;
    summary.bytes = w.bytes;
    Ok(summary)
}

impl Gen<'_, '_> {
    fn payment(&mut self, week: usize, p: usize, n: u64) -> io::Result<()> {
        let payer = &PAYERS[p];
        let weeks = self.opts.weeks.max(1) as usize;
        let remit = remit_date(self.opts.as_of, weeks, week, payer);
        let window_start = self.opts.as_of - Duration::days(7 * weeks as i64);
        let mut claims: Vec<ClaimRec> = Vec::new();
        while (claims.len() as u64) < n {
            let room = n - claims.len() as u64;
            if room >= 2 && !self.paid[p].is_empty() && self.rng.chance(REVERSAL_RATE) {
                let original = self.paid[p].pop_front().expect("checked non-empty");
                let mut corrected = original.clone();
                for l in corrected.lines.iter_mut().filter(|l| l.paid > 0) {
                    let extra = l.adjs[0].cents.min(l.charge / 20);
                    l.adjs[0].cents -= extra;
                    l.paid += extra;
                    l.allowed += extra;
                }
                claims.push(original.reversed());
                claims.push(corrected);
                self.summary.reversals += 1;
                continue;
            }
            let dos = service_date(&mut self.rng, window_start, remit);
            let pcn = format!("PC{:08}", self.next_pcn + self.opts.seed % 1000 * 100_000_000);
            self.next_pcn += 1;
            let c = claim_gen::claim(&mut self.rng, payer, pcn, dos, self.opts.denial_rate);
            self.summary.denied += u64::from(c.denied);
            if !c.denied && c.paid() > 0 {
                if self.paid[p].len() >= 32 {
                    self.paid[p].pop_back();
                }
                self.paid[p].push_back(c.clone());
            }
            claims.push(c);
        }
        self.write_payment(payer, remit, &claims)
    }

    fn write_payment(&mut self, payer: &Payer, remit: NaiveDate, claims: &[ClaimRec]) -> io::Result<()> {
        self.summary.transactions += 1;
        let st02 = format!("{:04}", self.summary.transactions);
        let total: i64 = claims.iter().map(ClaimRec::paid).sum();
        let plb = self.plb_amount(total);
        let trace = format!("{}{}", self.rng.digits(4), self.summary.transactions + self.opts.seed % 10_000 * 1000);
        let w = &mut *self.w;
        w.open_txn("835", &st02, "005010X221A1")?;
        let pay = amount(total - plb.map_or(0, |(_, a)| a));
        let date = d8(remit);
        let origin = format!("1{}", payer.tin);
        w.seg(&[
            "BPR",
            "I",
            &pay,
            "C",
            "ACH",
            "CCP",
            "01",
            "011000015",
            "DA",
            "123456789",
            &origin,
            "",
            "01",
            "021000021",
            "DA",
            "9876543210",
            &date,
        ])?;
        w.seg(&["TRN", "1", &trace, &origin])?;
        w.seg(&["DTM", "405", &date])?;
        w.seg(&["N1", "PR", payer.name, "XV", payer.id])?;
        w.seg(&["N3", "PO BOX 1400"])?;
        w.seg(&["N4", "SPRINGFIELD", "IL", "62704"])?;
        w.seg(&["PER", "BL", "PROVIDER SERVICES", "TE", "8005550100"])?;
        w.seg(&["N1", "PE", "RIVERBEND FAMILY MEDICINE", "XX", &npi(190_445_217)])?;
        w.seg(&["REF", "TJ", "741852963"])?;
        w.seg(&["LX", "1"])?;
        for c in claims {
            self.write_claim(payer, remit, c)?;
        }
        if let Some((reason, cents)) = plb {
            self.summary.plb += 1;
            let fiscal = format!("{}1231", remit.year());
            let reference = format!("{reason}:{}", self.rng.digits(10));
            self.w.seg(&["PLB", &npi(190_445_217), &fiscal, &reference, &amount(cents)])?;
        }
        self.w.close_txn(&st02)
    }

    /// Provider-level adjustment for about one payment in three: interest paid (negative)
    /// or an overpayment recovered (positive); never more than the payment.
    fn plb_amount(&mut self, total: i64) -> Option<(&'static str, i64)> {
        if total <= 0 || !self.rng.chance(0.33) {
            return None;
        }
        if self.rng.chance(0.5) {
            Some(("L6", -self.rng.range(5, 900)))
        } else {
            Some(("WO", self.rng.range(1_000, 12_000).min(total)))
        }
    }

    fn write_claim(&mut self, payer: &Payer, remit: NaiveDate, c: &ClaimRec) -> io::Result<()> {
        self.summary.claims += 1;
        let w = &mut *self.w;
        let pr = c.patient_resp();
        let pr_text = if pr == 0 { String::new() } else { amount(pr) };
        let (charge, paid) = (amount(c.charge()), amount(c.paid()));
        w.seg(&["CLP", &c.pcn, c.status, &charge, &paid, &pr_text, payer.filing, &c.payer_claim_no, c.pos, "1"])?;
        for a in &c.claim_adjs {
            w.seg(&["CAS", a.group, a.carc, &amount(a.cents)])?;
        }
        let prov = &PROVIDERS[c.provider];
        w.seg(&["NM1", "QC", "1", c.last, c.first, "", "", "", "MI", &c.member])?;
        w.seg(&["NM1", "82", "1", prov.last, prov.first, "", "", "", "XX", &npi(prov.npi_base)])?;
        if let Some(r) = c.claim_rarc {
            w.seg(&["MOA", "", "", r])?;
        }
        w.seg(&["DTM", "050", &d8((c.dos + Duration::days(2)).min(remit))])?;
        if c.lines.is_empty() {
            w.seg(&["DTM", "232", &d8(c.dos)])?;
        }
        for (i, l) in c.lines.iter().enumerate() {
            let code = match l.modifier {
                Some(m) => format!("HC:{}:{m}", l.code),
                None => format!("HC:{}", l.code),
            };
            w.seg(&["SVC", &code, &amount(l.charge), &amount(l.paid), "", "1"])?;
            w.seg(&["DTM", "472", &d8(c.dos)])?;
            for a in l.adjs.iter().filter(|a| a.cents != 0) {
                w.seg(&["CAS", a.group, a.carc, &amount(a.cents)])?;
            }
            w.seg(&["REF", "6R", &format!("{}{}", c.pcn, i + 1)])?;
            if l.allowed != 0 {
                w.seg(&["AMT", "B6", &amount(l.allowed)])?;
            }
            if let Some(r) = l.rarc {
                w.seg(&["LQ", "HE", r])?;
            }
        }
        Ok(())
    }
}
