//! The first adjudication of each claim, fixed when its remit is imported, so the initial denial
//! rate counts each claim once, as that remit adjudicated it, whatever happens to the work
//! later (fixes, appeals, reversals, corrections). The facts are worked out before the claim is
//! inserted and written with it, so the import writes each claim row once.

use super::StoreError;
use crate::domain::money::Cents;
use crate::domain::remit::RemitClaim;

/// What the remit said about a claim when it arrived.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FirstFacts {
    /// The claim's first adjudication (not a reversal, a correction or a later remit of it).
    pub initial: bool,
    /// Dollars that first adjudication denied (`None`: not a denial, or not the first).
    pub denied: Option<Cents>,
    /// Contractual CO adjustments that are not denials (net collection rate).
    pub contractual: Cents,
}

/// Whether a claim may be its first adjudication: an 835 claim that is neither a reversal nor
/// a correction (frequency 7 or 8). It is, unless the payer's earlier claim had its number.
pub(super) fn is_first(source: &str, claim: &RemitClaim) -> bool {
    let correction = matches!(claim.frequency.as_deref(), Some("7" | "8"));
    source == "835" && !claim.is_reversal() && !correction
}

/// Whether later claims of the payer with its number are not first adjudications because of
/// it ([`SEEN_BEFORE`]: an 835 claim that is not a reversal).
pub(super) fn counts_as_seen(source: &str, claim: &RemitClaim) -> bool {
    source == "835" && claim.status != "22"
}

/// The facts of a remitted claim about to be inserted: it counts as an initial adjudication
/// (from an 835) unless it is a reversal, a correction (frequency 7 or 8), or an earlier claim of the same
/// payer already carried its patient control number (a reprocessing, a correction after a
/// reversal, a split claim).
/// An earlier claim of the payer with the same patient control number.
pub(super) const SEEN_BEFORE: &str = "SELECT 1 FROM claim WHERE pcn = ?1 AND source = '835' AND status_code <> '22'
     AND coalesce(payer_id, 0) = coalesce(?2, 0) LIMIT 1";

/// `seen` runs [`SEEN_BEFORE`] for a patient control number and payer (the caller keeps it
/// prepared where it can).
pub(super) fn facts(
    seen: impl FnOnce(&str, Option<i64>) -> Result<bool, StoreError>,
    source: &str,
    payer_id: Option<i64>,
    claim: &RemitClaim,
    denied: Option<Cents>,
    contractual: Cents,
) -> Result<FirstFacts, StoreError> {
    let initial = is_first(source, claim) && !seen(&claim.pcn, payer_id)?;
    Ok(FirstFacts { initial, denied: denied.filter(|_| initial), contractual })
}
