//! Contracted rates and short payments. A fee schedule gives, per payer, procedure code and
//! (optionally) modifier, the rate the practice is owed for one unit of service over a span of
//! dates of service. A paid service line is short-paid when what the payer allowed (AMT*B6, else
//! paid plus patient responsibility) falls below rate x units by more than the tolerance; CARC
//! 45 on such a line is not the contractual write-off it claims to be (domain notes: "an
//! underpayment only when paid < contracted rate").

use chrono::NaiveDate;
use serde::Serialize;

use super::code::GroupCode;
use super::money::Cents;
use super::remit::{RemitClaim, ServiceLine};

/// One contracted rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeeRate {
    /// The ledger's row (0 before it is stored).
    pub id: i64,
    pub procedure: String,
    /// Blank: any modifier.
    pub modifier: Option<String>,
    pub rate: Cents,
    pub from: NaiveDate,
    /// Blank: open-ended.
    pub to: Option<NaiveDate>,
    /// The schedule file it came from, for the evidence.
    pub schedule: String,
}

impl FeeRate {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }
}

/// How far below the contract a line may be allowed before it is work: both a few cents of
/// rounding and a sliver of a large rate are ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tolerance {
    pub min: Cents,
    /// Of the expected amount, in tenths of a percent.
    pub permille: u32,
}

impl Default for Tolerance {
    /// $1.00 and 1% (issue 16's default).
    fn default() -> Self {
        Tolerance { min: Cents(100), permille: 10 }
    }
}

impl Tolerance {
    /// True when `short` exceeds both the dollar floor and the share of `expected`.
    pub fn exceeded(&self, short: Cents, expected: Cents) -> bool {
        short > self.min && short.0 as i128 * 1000 > expected.0 as i128 * i128::from(self.permille)
    }
}

/// Where the allowed amount came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AllowedFrom {
    /// AMT*B6 on the line.
    Amt,
    /// Paid plus the line's PR adjustments (no AMT*B6).
    PaidPlusPatient,
}

impl AllowedFrom {
    pub fn as_str(self) -> &'static str {
        match self {
            AllowedFrom::Amt => "allowed (AMT*B6)",
            AllowedFrom::PaidPlusPatient => "paid + patient responsibility",
        }
    }

    pub fn parse(text: &str) -> Option<AllowedFrom> {
        [AllowedFrom::Amt, AllowedFrom::PaidPlusPatient].into_iter().find(|a| a.as_str() == text)
    }
}

/// One short-paid line and the arithmetic behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShortLine {
    /// 0-based index on the claim.
    pub line: usize,
    pub procedure: String,
    pub modifiers: String,
    pub units: f64,
    pub rate: FeeRate,
    pub expected: Cents,
    pub allowed: Cents,
    pub allowed_from: AllowedFrom,
    pub short: Cents,
}

impl ShortLine {
    /// `99213: contracted $88.00 x 1 = $88.00; allowed (AMT*B6) $62.00; short $26.00`.
    pub fn arithmetic(&self) -> String {
        let code = if self.modifiers.is_empty() {
            self.procedure.clone()
        } else {
            format!("{}-{}", self.procedure, self.modifiers.replace(' ', "-"))
        };
        format!(
            "{code}: contracted {} x {} = {}; {} {}; short {}",
            self.rate.rate,
            units_text(self.units),
            self.expected,
            self.allowed_from.as_str(),
            self.allowed,
            self.short
        )
    }
}

fn units_text(u: f64) -> String {
    if u.fract() == 0.0 { format!("{u:.0}") } else { format!("{u}") }
}

/// The rate for a line: a rate for one of its modifiers wins over the procedure's plain rate.
pub fn rate_for<'r>(rates: &'r [FeeRate], l: &ServiceLine, day: NaiveDate) -> Option<&'r FeeRate> {
    let live = |r: &&FeeRate| r.procedure.eq_ignore_ascii_case(&l.procedure) && r.covers(day);
    rates
        .iter()
        .filter(live)
        .filter(|r| r.modifier.as_ref().is_some_and(|m| l.modifiers.iter().any(|x| x.eq_ignore_ascii_case(m))))
        .max_by_key(|r| r.from)
        .or_else(|| rates.iter().filter(live).filter(|r| r.modifier.is_none()).max_by_key(|r| r.from))
}

/// The line's allowed amount: AMT*B6, else paid plus its PR adjustments.
pub fn allowed_of(l: &ServiceLine) -> (Cents, AllowedFrom) {
    match l.allowed {
        Some(a) => (a, AllowedFrom::Amt),
        None => {
            let pr: Cents = l.adjustments.iter().filter(|a| a.group == GroupCode::Pr).map(|a| a.amount).sum();
            (l.paid + pr, AllowedFrom::PaidPlusPatient)
        }
    }
}

/// Expected = rate x units, to the cent (half a cent rounds up).
pub fn expected(rate: Cents, units: f64) -> Cents {
    Cents((rate.0 as f64 * units).round() as i64)
}

/// The claim's paid lines allowed below their contracted rate by more than the tolerance.
/// A line's date of service is its own, else the claim's.
pub fn short_lines(claim: &RemitClaim, rates: &[FeeRate], tol: Tolerance) -> Vec<ShortLine> {
    let claim_day = claim.service_from();
    let mut out = Vec::new();
    for (i, l) in claim.lines.iter().enumerate() {
        if l.paid <= Cents::ZERO || l.procedure.is_empty() {
            continue; // a denied line is a denial, not a short payment
        }
        let Some(day) = l.date_from.or(claim_day) else { continue };
        let Some(rate) = rate_for(rates, l, day) else { continue };
        let units = l.units.filter(|u| *u > 0.0).unwrap_or(1.0);
        let expected = expected(rate.rate, units);
        let (allowed, allowed_from) = allowed_of(l);
        let short = expected - allowed;
        if tol.exceeded(short, expected) {
            out.push(ShortLine {
                line: i,
                procedure: l.procedure.clone(),
                modifiers: l.modifiers.join(" "),
                units,
                rate: rate.clone(),
                expected,
                allowed,
                allowed_from,
                short,
            });
        }
    }
    out
}
