//! The submitted claims the payer has not answered in time, as of a day: each with what is
//! missing, how long it has waited and the filing deadline it is racing (the payer's rule from
//! the date of service; the waits from its payers.csv row, else the practice defaults).

use std::collections::HashMap;
use std::rc::Rc;

use chrono::{Duration, NaiveDate};

use crate::domain::deadlines::Deadline;
use crate::domain::inventory::{Silence, silence};
use crate::domain::payer_rules::{ResolvedRule, resolve_rule};
use crate::domain::remit::PayerIdent;
use crate::domain::tables::Tables;
use crate::store::StoreError;
use crate::store::db::Conn;
use crate::store::submitted::{Waiting, waiting};

/// A claim overdue for an answer.
#[derive(Debug, Clone)]
pub struct SilentClaim {
    pub claim: Waiting,
    pub silence: Silence,
    /// Days since it was submitted.
    pub days: i64,
    /// The payer's rule for the claim (its waits and filing limit; shared by its payer's claims).
    pub rule: Rc<ResolvedRule>,
    pub filing: Option<Deadline>,
}

/// Every silent claim as of `today`, the nearest filing deadline first (claims without a date
/// of service last).
pub fn silent_claims(conn: Conn<'_>, tables: &Tables, today: NaiveDate) -> Result<Vec<SilentClaim>, StoreError> {
    // The shortest wait a payers.csv row may set is one day. A practice has few payers: each
    // rule is resolved once.
    let mut found = Vec::new();
    let mut rules: HashMap<(String, Option<String>, Option<String>), Rc<ResolvedRule>> = HashMap::new();
    for c in waiting(conn, today - Duration::days(2))? {
        let key = (c.payer_name.clone(), c.payer_ident.clone(), c.filing_indicator.clone());
        let rule = rules.entry(key).or_insert_with(|| {
            let payer = PayerIdent { name: c.payer_name.clone(), id: c.payer_ident.clone() };
            Rc::new(resolve_rule(tables, &payer, c.filing_indicator.as_deref()))
        });
        let rule = rule.clone();
        let Some((silence, days)) = silence(c.submitted_on, c.acknowledged_on, c.rejected_on, None, today, rule.waits)
        else {
            continue;
        };
        let filing = c.service_from.map(|d| rule.rule.filing_deadline(d));
        found.push(SilentClaim { claim: c, silence, days, rule, filing });
    }
    found.sort_by_key(|s| (s.filing.as_ref().map_or(NaiveDate::MAX, |f| f.date), s.claim.submitted_on));
    Ok(found)
}
