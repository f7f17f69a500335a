//! Domain rule tests that need the shipped code tables.

mod appeal_decide;
mod classify;
mod fee_schedule;
mod known_answers;
mod rejections;
mod triage;

use crate::domain::code::{Carc, GroupCode, Rarc};
use crate::domain::money::Cents;
use crate::domain::remit::{Adjustment, Remark, RemarkSource, RemitClaim, ServiceLine};

pub fn adj(group: GroupCode, carc: &str, cents: i64) -> Adjustment {
    Adjustment { group, carc: Carc::new(carc).unwrap(), amount: Cents(cents), quantity: None }
}

pub fn lq(code: &str) -> Remark {
    Remark { source: RemarkSource::Lq { ncpdp: false }, code: Rarc::new(code).unwrap() }
}

/// A one-line claim: `charge` billed, `paid` paid, with the given line adjustments.
pub fn claim(status: &str, charge: i64, paid: i64, line_adjs: Vec<Adjustment>) -> RemitClaim {
    RemitClaim {
        pcn: "PCN1".into(),
        status: status.into(),
        charge: Cents(charge),
        paid: Cents(paid),
        lines: vec![ServiceLine {
            procedure: "99213".into(),
            charge: Cents(charge),
            paid: Cents(paid),
            adjustments: line_adjs,
            ..ServiceLine::default()
        }],
        ..RemitClaim::default()
    }
}
