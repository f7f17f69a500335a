//! The weekly root-cause review: a week's denied dollars grouped into clusters by root cause,
//! ranked, sliced by payer, procedure, provider, location, CARC, intake source and work type;
//! peers whose denial rate stands out; and whether prevention actions worked. Pure maths over
//! rows the store reads.

mod outliers;
mod prevention;
mod summary;
mod tallies;

use serde::Serialize;

use super::code::string_enum;
use super::money::Cents;
use super::vocab::RootCause;
use super::workflow::{Queue, WorkKind};

pub use outliers::{MIN_CLAIMS, MIN_DENIALS, OUTLIER_FACTOR, Outlier, PeerClaims, Ratio, outliers, outliers_of};
pub use prevention::{BeforeAfter, PreventionAction, WINDOW_WEEKS, before_after_weeks};
pub use summary::{Cluster, SliceRow, WeekSummary, rank_clusters, summarize, summarize_tallies};
pub use tallies::{QueueTally, SliceTally, TallyBuilder, WeekTallies};

/// Clusters shown per week: a small practice can act on three.
pub const TOP_CLUSTERS: usize = 3;
/// Weeks of trend before the week shown.
pub const TREND_WEEKS: usize = 8;

/// Items and dollars.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub count: u64,
    pub cents: Cents,
}

impl Tally {
    pub fn add(&mut self, cents: Cents) {
        self.count += 1;
        self.cents += cents;
    }

    /// Adds another tally's items and dollars.
    pub fn merge(&mut self, other: Tally) {
        self.count += other.count;
        self.cents += other.cents;
    }

    /// Ranking order: more dollars first, then more items.
    pub fn rank_key(&self) -> (std::cmp::Reverse<Cents>, std::cmp::Reverse<u64>) {
        (std::cmp::Reverse(self.cents), std::cmp::Reverse(self.count))
    }
}

/// `part` as per mille of `whole`, rounded; 0 when the whole is nothing.
pub fn share_permille(part: Cents, whole: Cents) -> u32 {
    if whole.0 <= 0 {
        return 0;
    }
    ((part.0.max(0) as i128 * 1000 + whole.0 as i128 / 2) / whole.0 as i128) as u32
}

string_enum!(
    /// Where a work item came in.
    Intake {
        Era835 => "835",
        Ack277 => "277CA",
        Csv => "CSV",
    }
);

impl Intake {
    /// From the claim's `source` column (`835`, `277`, `csv`).
    pub fn from_source(source: &str) -> Intake {
        match source {
            "277" => Intake::Ack277,
            "csv" => Intake::Csv,
            _ => Intake::Era835,
        }
    }
}

string_enum!(
    /// The ways a week can be broken down.
    Slice {
        Payer => "payer",
        Procedure => "procedure",
        Provider => "provider",
        Location => "location",
        Carc => "carc",
        Source => "source",
        WorkType => "work_type",
    }
);

impl Slice {
    pub fn title(self) -> &'static str {
        match self {
            Slice::Payer => "Payer",
            Slice::Procedure => "Procedure code",
            Slice::Provider => "Rendering provider",
            Slice::Location => "Location",
            Slice::Carc => "CARC or 277 status",
            Slice::Source => "Intake source",
            Slice::WorkType => "Work type",
        }
    }

    pub fn cycle(self, step: i64) -> Slice {
        let n = Slice::ALL.len() as i64;
        let i = Slice::ALL.iter().position(|s| *s == self).unwrap_or(0) as i64;
        Slice::ALL[(i + step).rem_euclid(n) as usize]
    }
}

/// One work item of the week as the review sees it. Text values are display-ready
/// (`(none)` where the remit did not say).
#[derive(Debug, Clone, PartialEq)]
pub struct WeekItem {
    pub category: RootCause,
    pub amount: Cents,
    pub kind: WorkKind,
    pub queue: Queue,
    pub intake: Intake,
    pub payer: Text,
    pub procedure: Text,
    pub provider: Text,
    pub location: Text,
    pub carc: Text,
    pub work_type: Text,
}

/// A week's items repeat a few payers, codes and providers thousands of times: each text is
/// shared, not copied per item.
pub type Text = std::sync::Arc<str>;

/// A map for the week's tallies, keyed by short codes and names looked up once per item and
/// slice: FNV-1a hashes them in a few instructions (the standard hasher resists attacks these
/// in-memory tallies do not face).
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

#[derive(Default)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

impl WeekItem {
    pub fn value(&self, slice: Slice) -> &str {
        match slice {
            Slice::Payer => &self.payer,
            Slice::Procedure => &self.procedure,
            Slice::Provider => &self.provider,
            Slice::Location => &self.location,
            Slice::Carc => &self.carc,
            Slice::Source => self.intake.as_str(),
            Slice::WorkType => &self.work_type,
        }
    }
}

/// Shown where a value is missing.
pub const NONE: &str = "(none)";

#[cfg(test)]
mod tests;
