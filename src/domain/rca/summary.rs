//! A week's clusters and slices from its work items.

use std::collections::HashMap;

use serde::Serialize;

use super::{FastMap, NONE, Slice, TOP_CLUSTERS, Tally, WeekItem, share_permille};
use crate::domain::vocab::RootCause;
use crate::domain::workflow::Queue;

/// One of the week's top root causes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    pub category: RootCause,
    pub tally: Tally,
    /// Of the week's denied dollars.
    pub share_permille: u32,
    /// The weeks before, oldest first, then this week.
    pub trend: Vec<Tally>,
    /// The leading payer, procedure, provider and location within the cluster.
    pub leaders: Vec<(Slice, String, Tally)>,
    /// The queue holding most of the cluster's open items (Rejections or Denials when none is
    /// open any more): where its items are worked.
    pub queue: Queue,
}

/// One value of a slice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SliceRow {
    pub value: String,
    pub tally: Tally,
    pub share_permille: u32,
    /// The root cause with the most dollars under this value.
    pub top_category: RootCause,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WeekSummary {
    pub total: Tally,
    /// Every category of the week, in ranking order.
    pub categories: Vec<(RootCause, Tally)>,
    pub clusters: Vec<Cluster>,
    /// Every slice, its values in ranking order.
    pub slices: Vec<(Slice, Vec<SliceRow>)>,
}

impl WeekSummary {
    pub fn slice(&self, slice: Slice) -> &[SliceRow] {
        self.slices.iter().find(|(s, _)| *s == slice).map_or(&[], |(_, rows)| rows.as_slice())
    }
}

/// Categories by dollars, then items, then name (so equal clusters always rank the same way).
pub fn rank_clusters(mut tallies: Vec<(RootCause, Tally)>) -> Vec<(RootCause, Tally)> {
    tallies.sort_by(|a, b| a.1.rank_key().cmp(&b.1.rank_key()).then_with(|| a.0.as_str().cmp(b.0.as_str())));
    tallies
}

/// Values by dollars, then items, then the value itself.
fn ranked<K: Ord + Clone, S>(map: HashMap<K, Tally, S>) -> Vec<(K, Tally)> {
    let mut v: Vec<(K, Tally)> = map.into_iter().collect();
    v.sort_by(|a, b| a.1.rank_key().cmp(&b.1.rank_key()).then_with(|| a.0.cmp(&b.0)));
    v
}

const LEADER_SLICES: [Slice; 4] = [Slice::Payer, Slice::Procedure, Slice::Provider, Slice::Location];

/// The week's summary. `trend` holds each category's tallies of the weeks before, oldest first.
pub fn summarize(items: &[WeekItem], trend: &HashMap<RootCause, Vec<Tally>>, trend_weeks: usize) -> WeekSummary {
    let mut total = Tally::default();
    let mut by_category: HashMap<RootCause, Tally> = HashMap::new();
    for i in items {
        total.add(i.amount);
        by_category.entry(i.category).or_default().add(i.amount);
    }
    let categories = rank_clusters(by_category.into_iter().collect());
    let clusters = categories
        .iter()
        .take(TOP_CLUSTERS)
        .map(|&(category, tally)| {
            let members: Vec<&WeekItem> = items.iter().filter(|i| i.category == category).collect();
            let mut weeks = trend.get(&category).cloned().unwrap_or_default();
            weeks.resize(trend_weeks, Tally::default());
            weeks.push(tally);
            Cluster {
                category,
                tally,
                share_permille: share_permille(tally.cents, total.cents),
                trend: weeks,
                leaders: LEADER_SLICES
                    .iter()
                    .filter_map(|&s| {
                        let (value, t) = ranked(tallies(&members, s)).into_iter().next()?;
                        Some((s, value.to_string(), t))
                    })
                    .collect(),
                queue: working_queue(&members),
            }
        })
        .collect();
    let all: Vec<&WeekItem> = items.iter().collect();
    let slices = Slice::ALL.iter().map(|&s| (s, slice_rows(&all, s, total))).collect();
    WeekSummary { total, categories, clusters, slices }
}

/// The slice's value of an item, `NONE` when it has none.
fn slice_value(i: &WeekItem, slice: Slice) -> &str {
    let v = i.value(slice);
    if v.is_empty() { NONE } else { v }
}

fn tallies<'i>(items: &[&'i WeekItem], slice: Slice) -> FastMap<&'i str, Tally> {
    let mut map: FastMap<&str, Tally> = FastMap::default();
    for i in items {
        map.entry(slice_value(i, slice)).or_default().add(i.amount);
    }
    map
}

/// A slice value's tally per root cause.
type Causes = Vec<(RootCause, Tally)>;

/// Every value of the slice with its tally and the root cause with most of its dollars (one
/// pass over the week's items; keys borrow the items' text).
fn slice_rows(items: &[&WeekItem], slice: Slice, total: Tally) -> Vec<SliceRow> {
    // A value's root causes are few: a short list beats a map per value.
    let mut values: FastMap<&str, (Tally, Causes)> = FastMap::default();
    for i in items {
        let (tally, causes) = values.entry(slice_value(i, slice)).or_default();
        tally.add(i.amount);
        match causes.iter_mut().find(|(c, _)| *c == i.category) {
            Some((_, t)) => t.add(i.amount),
            None => {
                let mut t = Tally::default();
                t.add(i.amount);
                causes.push((i.category, t));
            }
        }
    }
    let mut rows: Vec<(&str, Tally, Causes)> =
        values.into_iter().map(|(value, (tally, causes))| (value, tally, causes)).collect();
    rows.sort_by(|a, b| a.1.rank_key().cmp(&b.1.rank_key()).then_with(|| a.0.cmp(b.0)));
    rows.into_iter()
        .map(|(value, tally, causes)| {
            let top_category = rank_clusters(causes).first().map_or(RootCause::Other, |(c, _)| *c);
            SliceRow {
                share_permille: share_permille(tally.cents, total.cents),
                value: value.to_string(),
                tally,
                top_category,
            }
        })
        .collect()
}

/// The open queue with most of the items; Denials (or Rejections, for a rejection-only
/// cluster) when everything is closed.
fn working_queue(items: &[&WeekItem]) -> Queue {
    let mut counts: HashMap<Queue, u64> = HashMap::new();
    for i in items.iter().filter(|i| i.queue != Queue::Done) {
        *counts.entry(i.queue).or_default() += 1;
    }
    let order = [Queue::Denials, Queue::Rejections, Queue::Appeals, Queue::WriteOffs];
    let best = order.iter().copied().max_by_key(|q| (counts.get(q).copied().unwrap_or(0), std::cmp::Reverse(*q)));
    match best {
        Some(q) if counts.get(&q).copied().unwrap_or(0) > 0 => q,
        _ if items.iter().all(|i| i.kind == crate::domain::workflow::WorkKind::Rejection) => Queue::Rejections,
        _ => Queue::Denials,
    }
}
