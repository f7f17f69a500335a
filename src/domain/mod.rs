//! The pure domain: claims, codes, deadlines, priority, classification and workflow rules.
//!
//! Nothing here touches the database, the terminal or the clock: `today` is always an argument.

pub mod acknowledge;
pub mod appeal;
pub mod classify;
pub mod code;
pub mod deadlines;
pub mod decision;
mod decision_rules;
pub mod fee_schedule;
pub mod filter;
pub mod holidays;
pub mod inventory;
pub mod kpi;
pub mod money;
pub mod npi;
pub mod payer_rules;
pub mod priority;
pub mod rca;
pub mod remarks;
pub mod remit;
pub mod resubmission;
pub mod status_words;
pub mod submitted;
pub mod tables;
pub mod triage;
pub mod vocab;
pub mod week;
pub mod workflow;
pub mod writeoff_rules;

pub use code::{Carc, EntityCode, GroupCode, Rarc, ShortCode, StatusCode, StcCategory};
pub use money::Cents;
pub use vocab::{ClockStart, Hardness, Path, PlanType, Resubmit, RootCause, StcEffect, Team, WorkType};
pub use workflow::{Queue, WorkKind, WorkState};

/// A map on an import's hot path (a lookup per claim or adjustment): foldhash, seeded per map,
/// in place of the standard library's SipHash, which cost a few hundredths of the import.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A set on an import's hot path, hashed as [`FastMap`].
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

#[cfg(test)]
mod tests;
