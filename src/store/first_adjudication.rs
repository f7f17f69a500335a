//! The first adjudication of each claim, fixed when its remit is imported, so the initial denial
//! rate counts each claim once, as that remit adjudicated it, whatever happens to the work
//! later (fixes, appeals, reversals, corrections).

use rusqlite::{Connection, params};

use super::StoreError;
use crate::domain::money::Cents;

/// What the remit said about a claim when it arrived.
pub struct FirstFacts {
    pub claim_id: i64,
    /// Dollars the remit denied (0: not a denial).
    pub denied: Option<Cents>,
    /// Contractual CO adjustments that are not denials (net collection rate).
    pub contractual: Cents,
}

/// Records the facts; the claim counts as an initial adjudication unless it is a reversal, a
/// correction (frequency 7 or 8), or an earlier claim of the same payer already carried its
/// patient control number (a reprocessing, a correction after a reversal, a split claim).
pub fn record(conn: &Connection, f: &FirstFacts) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE claim SET contractual_cents = ?2,
            initial = (source = '835' AND status_code <> '22' AND coalesce(frequency_code, '1') NOT IN ('7', '8')
                AND NOT EXISTS (SELECT 1 FROM claim e WHERE e.pcn = claim.pcn AND e.id < claim.id AND e.source = '835'
                                AND e.status_code <> '22' AND coalesce(e.payer_id, 0) = coalesce(claim.payer_id, 0)))
         WHERE id = ?1",
    )?
    .execute(params![f.claim_id, f.contractual.cents()])?;
    if let Some(denied) = f.denied {
        conn.prepare_cached(
            "UPDATE claim SET initial_denied = 1, initial_denied_cents = ?2 WHERE id = ?1 AND initial = 1",
        )?
        .execute(params![f.claim_id, denied.cents()])?;
    }
    Ok(())
}
