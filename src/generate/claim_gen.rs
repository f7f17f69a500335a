//! One generated claim: lines, payer pricing, cost share, and (sometimes) a denial.

use chrono::NaiveDate;

use super::practice::{ADD_ONS, DENIALS, Denial, FIRST_NAMES, LAST_NAMES, PROCEDURES, Payer, Scope};
use super::rng::Rng;

#[derive(Clone)]
pub struct Adj {
    pub group: &'static str,
    pub carc: &'static str,
    pub cents: i64,
}

#[derive(Clone)]
pub struct LineRec {
    pub code: &'static str,
    pub modifier: Option<&'static str>,
    pub charge: i64,
    pub paid: i64,
    pub allowed: i64,
    pub adjs: Vec<Adj>,
    pub rarc: Option<&'static str>,
}

#[derive(Clone)]
pub struct ClaimRec {
    pub pcn: String,
    pub payer_claim_no: String,
    pub status: &'static str,
    pub last: &'static str,
    pub first: &'static str,
    pub member: String,
    pub provider: usize,
    pub pos: &'static str,
    pub dos: NaiveDate,
    pub lines: Vec<LineRec>,
    /// Claim-level adjustments (claims sent without service lines) and their remark.
    pub claim_adjs: Vec<Adj>,
    pub claim_rarc: Option<&'static str>,
    pub denied: bool,
}

impl ClaimRec {
    pub fn charge(&self) -> i64 {
        match self.lines.is_empty() {
            true => self.claim_adjs.iter().map(|a| a.cents).sum(),
            false => self.lines.iter().map(|l| l.charge).sum(),
        }
    }

    pub fn paid(&self) -> i64 {
        self.lines.iter().map(|l| l.paid).sum()
    }

    pub fn patient_resp(&self) -> i64 {
        let line_pr = self.lines.iter().flat_map(|l| l.adjs.iter());
        line_pr.chain(self.claim_adjs.iter()).filter(|a| a.group == "PR").map(|a| a.cents).sum()
    }

    /// The same claim with every amount negated: what a CLP02 22 reversal carries.
    pub fn reversed(&self) -> ClaimRec {
        let neg = |a: &Adj| Adj { cents: -a.cents, ..a.clone() };
        let mut r = self.clone();
        r.status = "22";
        r.claim_adjs = self.claim_adjs.iter().map(neg).collect();
        r.claim_rarc = None;
        for l in &mut r.lines {
            l.charge = -l.charge;
            l.paid = -l.paid;
            l.allowed = -l.allowed;
            l.adjs = l.adjs.iter().map(neg).collect();
            l.rarc = None;
        }
        r
    }
}

fn price(rng: &mut Rng, payer: &Payer, code: &'static str, fee: i64, visit: bool) -> LineRec {
    let allowed = fee * payer.allowed_permille / 1000;
    let mut adjs = vec![Adj { group: "CO", carc: "45", cents: fee - allowed }];
    let share = if rng.chance(0.04) {
        Adj { group: "PR", carc: "1", cents: allowed } // deductible: nothing paid, and not a denial
    } else if payer.coinsurance_permille > 0 {
        Adj { group: "PR", carc: "2", cents: allowed * payer.coinsurance_permille / 1000 }
    } else if visit && payer.copay_cents > 0 {
        Adj { group: "PR", carc: "3", cents: payer.copay_cents.min(allowed) }
    } else {
        Adj { group: "PR", carc: "2", cents: 0 }
    };
    let paid = allowed - share.cents;
    if share.cents > 0 {
        adjs.push(share);
    }
    LineRec { code, modifier: None, charge: fee, paid, allowed, adjs, rarc: None }
}

/// Replaces a line's outcome with a denial of its whole charge.
fn deny(line: &mut LineRec, d: &Denial) {
    line.adjs = vec![Adj { group: d.group, carc: d.carc, cents: line.charge }];
    line.paid = 0;
    line.allowed = 0;
    line.rarc = d.rarc;
}

pub struct Patient {
    pub last: &'static str,
    pub first: &'static str,
    pub member: String,
}

pub fn patient(rng: &mut Rng) -> Patient {
    let member = format!("{}{}", ["W", "H", "M", "X", "Z"][rng.below(5) as usize], rng.digits(9));
    Patient { last: rng.pick(LAST_NAMES), first: rng.pick(FIRST_NAMES), member }
}

/// A new claim for `payer` on `dos`, denied with probability `denial_rate`.
pub fn claim(rng: &mut Rng, payer: &Payer, pcn: String, dos: NaiveDate, denial_rate: f64) -> ClaimRec {
    let p = patient(rng);
    let main = rng.weighted(PROCEDURES);
    let mut lines = vec![price(rng, payer, main.code, main.fee_cents, main.visit)];
    if main.visit && rng.chance(0.45) {
        for _ in 0..rng.range(1, 2) {
            let add = rng.weighted(ADD_ONS);
            if lines.iter().all(|l| l.code != add.code) {
                lines.push(price(rng, payer, add.code, add.fee_cents, false));
            }
        }
    }
    if main.visit && lines.len() > 1 && rng.chance(0.3) {
        lines[0].modifier = Some("25");
    }
    let &pos = rng.weighted(super::practice::LOCATIONS);
    let mut rec = ClaimRec {
        pcn,
        payer_claim_no: format!("{}{}", &payer.id[..2], rng.digits(11)),
        status: "1",
        last: p.last,
        first: p.first,
        member: p.member,
        provider: rng.below(super::practice::PROVIDERS.len() as u64) as usize,
        pos,
        dos,
        lines,
        claim_adjs: Vec::new(),
        claim_rarc: None,
        denied: false,
    };
    if rng.chance(denial_rate) {
        apply_denial(rng, &mut rec);
    }
    rec
}

fn apply_denial(rng: &mut Rng, rec: &mut ClaimRec) {
    let d = rng.weighted(DENIALS);
    rec.denied = true;
    match d.scope {
        Scope::Line if rec.lines.len() > 1 => {
            let i = rng.below(rec.lines.len() as u64) as usize;
            deny(&mut rec.lines[i], d);
        }
        _ if rng.chance(0.2) => {
            // No service lines: the whole claim adjusted at claim level.
            let charge = rec.charge();
            rec.lines.clear();
            rec.claim_adjs = vec![Adj { group: d.group, carc: d.carc, cents: charge }];
            rec.claim_rarc = d.rarc;
            rec.status = "4";
        }
        _ => {
            rec.lines.iter_mut().for_each(|l| deny(l, d));
            // Most payers say "denied"; some send "processed as primary" with $0 ("creative").
            rec.status = if rng.chance(0.15) { "1" } else { "4" };
        }
    }
}
