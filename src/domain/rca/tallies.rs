//! A week's work items reduced to what the review reads: items and dollars per slice value and
//! root cause (with the 835 denials the outliers count), and items per root cause, kind and
//! queue (where a cluster is worked). The store keeps these per week as items change; the same
//! reduction of a list of items is the reference they are tested against.

use super::{FastMap, NONE, Slice, Tally, Text, WeekItem};
use crate::domain::money::Cents;
use crate::domain::vocab::RootCause;
use crate::domain::workflow::{Queue, WorkKind};

/// One value of one slice under one root cause.
#[derive(Debug, Clone, PartialEq)]
pub struct SliceTally {
    pub slice: Slice,
    pub value: Text,
    pub category: RootCause,
    pub tally: Tally,
    /// Of those, denials that came on an 835 (the outliers' numerator).
    pub era_denials: u64,
}

/// Items of one root cause, kind and queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueTally {
    pub category: RootCause,
    pub kind: WorkKind,
    pub queue: Queue,
    pub items: u64,
}

/// The week reduced; every item counts once under every slice.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WeekTallies {
    /// In a fixed order: by slice, value and root cause.
    pub slices: Vec<SliceTally>,
    /// By root cause, kind and queue.
    pub queues: Vec<QueueTally>,
}

impl WeekTallies {
    pub fn from_items(items: &[WeekItem]) -> WeekTallies {
        let mut b = TallyBuilder::default();
        for i in items {
            let era_denial = i.kind == WorkKind::Denial && i.intake == super::Intake::Era835;
            for &slice in Slice::ALL {
                b.add_slice(
                    slice,
                    i.value(slice),
                    i.category,
                    Tally { count: 1, cents: i.amount },
                    u64::from(era_denial),
                );
            }
            b.add_queue(i.category, i.kind, i.queue, 1);
        }
        b.finish()
    }

    /// One slice's rows.
    pub fn slice(&self, slice: Slice) -> impl Iterator<Item = &SliceTally> {
        self.slices.iter().filter(move |t| t.slice == slice)
    }

    /// Items and dollars per root cause (every item has one value in each slice, so any one
    /// slice partitions the week).
    pub fn categories(&self) -> FastMap<RootCause, Tally> {
        let mut out: FastMap<RootCause, Tally> = FastMap::default();
        for t in self.slice(Slice::Source) {
            out.entry(t.category).or_default().merge(t.tally);
        }
        out
    }
}

/// Sums rows that name the same slice, value and root cause (a store's raw values can show the
/// same way, e.g. two empty spellings as `(none)`).
#[derive(Default)]
pub struct TallyBuilder {
    texts: FastMap<String, Text>,
    slices: FastMap<(Slice, Text, RootCause), (Tally, u64)>,
    queues: FastMap<(RootCause, WorkKind, Queue), u64>,
}

impl TallyBuilder {
    /// Adds a slice value's items; an empty value counts as `(none)`.
    pub fn add_slice(&mut self, slice: Slice, value: &str, category: RootCause, tally: Tally, era_denials: u64) {
        let value = if value.trim().is_empty() { NONE } else { value };
        let text = match self.texts.get(value) {
            Some(t) => t.clone(),
            None => {
                let t: Text = value.into();
                self.texts.insert(value.to_string(), t.clone());
                t
            }
        };
        let (t, e) = self.slices.entry((slice, text, category)).or_default();
        t.merge(tally);
        *e += era_denials;
    }

    pub fn add_queue(&mut self, category: RootCause, kind: WorkKind, queue: Queue, items: u64) {
        *self.queues.entry((category, kind, queue)).or_default() += items;
    }

    /// The tallies, rows that sum to nothing left out (a store's rollup keeps emptied rows).
    pub fn finish(self) -> WeekTallies {
        let mut slices: Vec<SliceTally> = self
            .slices
            .into_iter()
            .filter(|(_, (t, e))| t.count != 0 || t.cents != Cents(0) || *e != 0)
            .map(|((slice, value, category), (tally, era_denials))| SliceTally {
                slice,
                value,
                category,
                tally,
                era_denials,
            })
            .collect();
        slices.sort_by(|a, b| (a.slice, &a.value, a.category).cmp(&(b.slice, &b.value, b.category)));
        let mut queues: Vec<QueueTally> = self
            .queues
            .into_iter()
            .filter(|(_, n)| *n != 0)
            .map(|((category, kind, queue), items)| QueueTally { category, kind, queue, items })
            .collect();
        queues.sort_by_key(|q| (q.category, q.kind, q.queue));
        WeekTallies { slices, queues }
    }
}
