//! A week's clusters and slices from its work items.

use std::collections::HashMap;

use serde::Serialize;

use super::{FastMap, QueueTally, Slice, TOP_CLUSTERS, Tally, Text, WeekItem, WeekTallies, share_permille};
use crate::domain::vocab::RootCause;
use crate::domain::workflow::{Queue, WorkKind};

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

const LEADER_SLICES: [Slice; 4] = [Slice::Payer, Slice::Procedure, Slice::Provider, Slice::Location];

/// The week's summary from its items. `trend` holds each category's tallies of the weeks
/// before, oldest first.
pub fn summarize(items: &[WeekItem], trend: &HashMap<RootCause, Vec<Tally>>, trend_weeks: usize) -> WeekSummary {
    summarize_tallies(&WeekTallies::from_items(items), trend, trend_weeks)
}

/// The week's summary from its tallies (what the ledger keeps per week).
pub fn summarize_tallies(
    week: &WeekTallies,
    trend: &HashMap<RootCause, Vec<Tally>>,
    trend_weeks: usize,
) -> WeekSummary {
    let by_category = week.categories();
    let mut total = Tally::default();
    for t in by_category.values() {
        total.merge(*t);
    }
    let categories = rank_clusters(by_category.into_iter().collect());
    let clusters = categories
        .iter()
        .take(TOP_CLUSTERS)
        .map(|&(category, tally)| {
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
                        let values = week.slice(s).filter(|t| t.category == category).map(|t| (&t.value, t.tally));
                        let (value, t) = ranked(values).into_iter().next()?;
                        Some((s, value.to_string(), t))
                    })
                    .collect(),
                queue: working_queue(week, category),
            }
        })
        .collect();
    let slices = Slice::ALL.iter().map(|&s| (s, slice_rows(week, s, total))).collect();
    WeekSummary { total, categories, clusters, slices }
}

/// Values by dollars, then items, then the value itself (one value's rows summed).
fn ranked<'t>(rows: impl Iterator<Item = (&'t Text, Tally)>) -> Vec<(&'t Text, Tally)> {
    let mut map: FastMap<&Text, Tally> = FastMap::default();
    for (value, tally) in rows {
        map.entry(value).or_default().merge(tally);
    }
    let mut v: Vec<(&Text, Tally)> = map.into_iter().collect();
    v.sort_by(|a, b| a.1.rank_key().cmp(&b.1.rank_key()).then_with(|| a.0.cmp(b.0)));
    v
}

/// A slice value's tally per root cause.
type Causes = Vec<(RootCause, Tally)>;

/// Every value of the slice with its tally and the root cause with most of its dollars.
fn slice_rows(week: &WeekTallies, slice: Slice, total: Tally) -> Vec<SliceRow> {
    let mut values: FastMap<&str, (Tally, Causes)> = FastMap::default();
    for t in week.slice(slice) {
        let (tally, causes) = values.entry(&t.value).or_default();
        tally.merge(t.tally);
        causes.push((t.category, t.tally));
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

/// The open queue with most of the category's items; Denials (or Rejections, for a
/// rejection-only cluster) when everything is closed.
fn working_queue(week: &WeekTallies, category: RootCause) -> Queue {
    let members: Vec<&QueueTally> = week.queues.iter().filter(|q| q.category == category).collect();
    let mut counts: HashMap<Queue, u64> = HashMap::new();
    for q in members.iter().filter(|q| q.queue != Queue::Done) {
        *counts.entry(q.queue).or_default() += q.items;
    }
    let order = [Queue::Denials, Queue::Rejections, Queue::Appeals, Queue::WriteOffs];
    let best = order.iter().copied().max_by_key(|q| (counts.get(q).copied().unwrap_or(0), std::cmp::Reverse(*q)));
    match best {
        Some(q) if counts.get(&q).copied().unwrap_or(0) > 0 => q,
        _ if members.iter().all(|q| q.kind == WorkKind::Rejection) => Queue::Rejections,
        _ => Queue::Denials,
    }
}
