//! Peers that stand out: a rendering provider or location whose denial rate for a root cause
//! is at least three times the median rate of its peers (a training issue, seed 003).

use std::cmp::Ordering;

use serde::Serialize;

use super::{FastMap, Slice, WeekItem, WeekTallies};
use crate::domain::vocab::RootCause;

pub const OUTLIER_FACTOR: u64 = 3;
/// Peers with fewer adjudicated claims in the week are too small to compare.
pub const MIN_CLAIMS: u64 = 10;
/// A flag needs at least this many denials of the cause (one bad day is not a pattern).
pub const MIN_DENIALS: u64 = 3;

/// An exact fraction (no rounding before comparing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Ratio {
    pub num: u64,
    pub den: u64,
}

impl Ratio {
    pub fn new(num: u64, den: u64) -> Ratio {
        Ratio { num, den }
    }

    pub fn cmp_to(&self, other: &Ratio) -> Ordering {
        (self.num as u128 * other.den as u128).cmp(&(other.num as u128 * self.den as u128))
    }

    /// Per cent with one decimal, for display; None when there is nothing to divide by.
    pub fn percent(&self) -> Option<f64> {
        (self.den > 0).then(|| self.num as f64 * 100.0 / self.den as f64)
    }

    /// "12.5%" or "-".
    pub fn percent_text(&self) -> String {
        self.percent().map_or("-".into(), |p| format!("{p:.1}%"))
    }

    /// The median of the rates; the mean of the middle two when their number is even.
    pub fn median(mut rates: Vec<Ratio>) -> Option<Ratio> {
        rates.sort_by(|a, b| a.cmp_to(b));
        let n = rates.len();
        match n {
            0 => None,
            _ if n % 2 == 1 => Some(rates[n / 2]),
            _ => {
                let (a, b) = (rates[n / 2 - 1], rates[n / 2]);
                Some(Ratio::new(a.num * b.den + b.num * a.den, 2 * a.den * b.den))
            }
        }
    }
}

/// Claims a peer had adjudicated in the week: the denominator of its rates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerClaims {
    pub slice: Slice,
    pub who: String,
    pub claims: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outlier {
    pub slice: Slice,
    pub who: String,
    pub category: RootCause,
    pub denials: u64,
    pub claims: u64,
    pub peer_median: Ratio,
    /// All peers' denials of the cause over all their claims: the reference when the median
    /// is zero (most peers had none), so one extra denial does not make an outlier.
    pub peer_pooled: Ratio,
    pub peers: usize,
}

impl Outlier {
    pub fn rate(&self) -> Ratio {
        Ratio::new(self.denials, self.claims)
    }

    /// What the rate is compared with: the peers' median, or their pooled rate when the median
    /// is zero.
    pub fn reference(&self) -> Ratio {
        if self.peer_median.num == 0 { self.peer_pooled } else { self.peer_median }
    }

    /// "9.1% of 44 claims vs peers' median 2.5% (8 peers)".
    pub fn explain(&self) -> String {
        let times = match (self.rate().percent(), self.reference().percent()) {
            (Some(r), Some(m)) if m > 0.0 => format!(", {:.1}x", r / m),
            _ => String::new(),
        };
        let pooled = if self.peer_median.num == 0 && self.peer_pooled.num > 0 {
            format!(", pooled {}", self.peer_pooled.percent_text())
        } else {
            String::new()
        };
        format!(
            "{} of {} claims ({}) vs peers' median {}{pooled} ({} peers{times})",
            self.denials,
            self.claims,
            self.rate().percent_text(),
            self.peer_median.percent_text(),
            self.peers
        )
    }
}

/// Denials are counted from the week's 835 denials (the same claims the denominator counts).
pub fn outliers(items: &[WeekItem], claims: &[PeerClaims]) -> Vec<Outlier> {
    outliers_of(&WeekTallies::from_items(items), claims)
}

/// [`outliers`] from the week's tallies.
pub fn outliers_of(week: &WeekTallies, claims: &[PeerClaims]) -> Vec<Outlier> {
    let mut denials: FastMap<(Slice, &str, RootCause), u64> = FastMap::default();
    for s in [Slice::Provider, Slice::Location] {
        for t in week.slice(s) {
            *denials.entry((s, &t.value, t.category)).or_default() += t.era_denials;
        }
    }
    let mut categories: Vec<RootCause> = week.slices.iter().map(|t| t.category).collect();
    categories.sort();
    categories.dedup();
    let mut out = Vec::new();
    for slice in [Slice::Provider, Slice::Location] {
        let peers: Vec<&PeerClaims> = claims.iter().filter(|p| p.slice == slice && p.claims >= MIN_CLAIMS).collect();
        for &category in &categories {
            let rate = |p: &PeerClaims| {
                Ratio::new(denials.get(&(slice, p.who.as_str(), category)).copied().unwrap_or(0), p.claims)
            };
            for p in &peers {
                let r = rate(p);
                if r.num < MIN_DENIALS {
                    continue;
                }
                let others: Vec<Ratio> = peers.iter().filter(|o| o.who != p.who).map(|o| rate(o)).collect();
                if others.len() < 2 {
                    continue;
                }
                let Some(median) = Ratio::median(others.clone()) else { continue };
                let pooled = others.iter().fold(Ratio::new(0, 0), |a, o| Ratio::new(a.num + o.num, a.den + o.den));
                let reference = if median.num == 0 { pooled } else { median };
                let bar = Ratio::new(reference.num * OUTLIER_FACTOR, reference.den);
                if r.cmp_to(&bar) != Ordering::Less {
                    out.push(Outlier {
                        slice,
                        who: p.who.clone(),
                        category,
                        denials: r.num,
                        claims: r.den,
                        peer_median: median,
                        peer_pooled: pooled,
                        peers: others.len(),
                    });
                }
            }
        }
    }
    // Worst first: the highest multiple of the median, then the most denials.
    out.sort_by(|a, b| excess(b).total_cmp(&excess(a)).then(b.denials.cmp(&a.denials)).then(a.who.cmp(&b.who)));
    out
}

/// The rate over the reference (infinite when the peers had none), for ordering only.
fn excess(o: &Outlier) -> f64 {
    match (o.rate().percent(), o.reference().percent()) {
        (Some(r), Some(m)) if m > 0.0 => r / m,
        _ => f64::INFINITY,
    }
}
