//! One queue as the desk sees it: a window of loaded rows around the cursor, the order and
//! filter, and the marked rows. Moves that run past the window ask for a page (keyset, never
//! the whole table); the window never holds more than `MAX_WINDOW` rows.

use std::collections::BTreeMap;

use crate::domain::filter::QueueFilter;
use crate::domain::money::Cents;
use crate::store::page::{Anchor, SortKey};
use crate::store::queue::{QueueRow, QueueSort, QueueTotal};

/// Rows asked for per page.
pub const CHUNK: usize = 100;
/// Rows kept loaded at most.
pub const MAX_WINDOW: usize = 400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up(usize),
    Down(usize),
    Top,
    Bottom,
}

/// How a loaded page joins the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    Replace,
    Append,
    Prepend,
}

/// A marked item: its dollars (the footer sums them) and the version it was marked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub amount: Cents,
    pub version: i64,
}

/// An item a decision is about to cover, as the biller saw it (`version` none where the
/// screen never showed one: a decision on it then applies to the item as it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub id: i64,
    pub amount: Cents,
    pub version: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct QueueView {
    pub rows: Vec<QueueRow>,
    /// Position of `rows[0]` in the whole ordered queue (0-based).
    pub first_rank: u64,
    pub cursor: usize,
    pub scroll: usize,
    pub at_start: bool,
    pub at_end: bool,
    /// Items and dollars under the current filter.
    pub total: QueueTotal,
    /// A new filter's count is on its way.
    pub counting: bool,
    /// The rows were loaded around a kept item whose rank is still being counted.
    pub ranking: bool,
    pub sort: QueueSort,
    pub filter: QueueFilter,
    /// Marked rows: id and dollars at risk.
    pub marks: BTreeMap<i64, Mark>,
    pub loaded: bool,
    /// A move waiting for the page it needs.
    pub pending: Option<Move>,
}

/// A page the view needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Need {
    pub anchor: Anchor,
    pub merge: Merge,
}

impl QueueView {
    pub fn selected(&self) -> Option<&QueueRow> {
        self.rows.get(self.cursor)
    }

    /// Rank (1-based) of the selected row in the whole queue.
    pub fn position(&self) -> u64 {
        self.first_rank + self.cursor as u64 + 1
    }

    fn keep_visible(&mut self, height: usize) {
        let h = height.max(1);
        if self.cursor < self.scroll {
            self.scroll = self.cursor;
        } else if self.cursor >= self.scroll + h {
            self.scroll = self.cursor + 1 - h;
        }
    }

    /// Moves the cursor; returns the page to load when the move runs past the window.
    pub fn apply(&mut self, m: Move, height: usize) -> Option<Need> {
        let last = self.rows.len().saturating_sub(1);
        let need = match m {
            Move::Down(n) if self.cursor + n <= last || self.at_end => {
                self.cursor = (self.cursor + n).min(last);
                None
            }
            Move::Down(_) => self
                .rows
                .last()
                .map(|r| Need { anchor: Anchor::After(SortKey::of(self.sort, r)), merge: Merge::Append }),
            Move::Up(n) if self.cursor >= n || self.at_start => {
                self.cursor = self.cursor.saturating_sub(n);
                None
            }
            Move::Up(_) => self
                .rows
                .first()
                .map(|r| Need { anchor: Anchor::Before(SortKey::of(self.sort, r)), merge: Merge::Prepend }),
            Move::Top if self.at_start => {
                self.cursor = 0;
                None
            }
            Move::Top => Some(Need { anchor: Anchor::First, merge: Merge::Replace }),
            Move::Bottom if self.at_end => {
                self.cursor = last;
                None
            }
            Move::Bottom => Some(Need { anchor: Anchor::Last, merge: Merge::Replace }),
        };
        self.pending = need.as_ref().map(|_| m);
        self.keep_visible(height);
        need
    }

    /// Joins a loaded page to the window, then finishes the move that asked for it.
    pub fn page_loaded(&mut self, anchor: &Anchor, merge: Merge, rows: Vec<QueueRow>, requested: usize, height: usize) {
        let complete = rows.len() < requested;
        self.loaded = true;
        let old_scroll = self.scroll;
        match merge {
            Merge::Replace => {
                let n = rows.len();
                self.rows = rows;
                self.scroll = 0;
                match anchor {
                    Anchor::Last => {
                        self.at_end = true;
                        self.at_start = complete;
                        self.first_rank = self.total.count.saturating_sub(n as u64);
                        self.cursor = n.saturating_sub(1);
                    }
                    Anchor::First => {
                        self.at_start = true;
                        self.at_end = complete;
                        self.first_rank = 0;
                        // A reload of the top keeps the cursor's place; a jump to the top does not.
                        let top = matches!(self.pending, Some(Move::Top));
                        self.cursor = if top { 0 } else { self.cursor.min(n.saturating_sub(1)) };
                    }
                    _ => {
                        // Reloaded from the first visible row: it becomes rows[0].
                        self.first_rank += old_scroll as u64;
                        self.at_start = self.first_rank == 0;
                        self.at_end = complete;
                        self.cursor = self.cursor.saturating_sub(old_scroll).min(n.saturating_sub(1));
                    }
                }
            }
            Merge::Append => {
                self.at_end = complete;
                self.rows.extend(rows);
                let excess = self.rows.len().saturating_sub(MAX_WINDOW);
                if excess > 0 {
                    self.rows.drain(..excess);
                    self.first_rank += excess as u64;
                    self.cursor = self.cursor.saturating_sub(excess);
                    self.scroll = self.scroll.saturating_sub(excess);
                    self.at_start = false;
                }
            }
            Merge::Prepend => {
                self.at_start = complete;
                let added = rows.len();
                let mut joined = rows;
                joined.append(&mut self.rows);
                self.rows = joined;
                self.cursor += added;
                self.scroll += added;
                self.first_rank = self.first_rank.saturating_sub(added as u64);
                if self.rows.len() > MAX_WINDOW {
                    self.rows.truncate(MAX_WINDOW);
                    self.at_end = false;
                }
            }
        }
        if let Some(m) = self.pending.take() {
            let retry = match m {
                Move::Top | Move::Bottom => None,
                other => Some(other),
            };
            if let Some(m) = retry {
                // The page is here; a second shortfall means the queue ended.
                let (s, e) = (self.at_start, self.at_end);
                (self.at_start, self.at_end) = (true, true);
                self.apply(m, height);
                (self.at_start, self.at_end) = (s, e);
            }
        }
        self.keep_visible(height);
    }

    /// The anchor that reloads the window from the first visible row (after a decision): the
    /// cursor keeps its place, on whatever item is there now.
    /// At the top of the queue it reloads the top: a decided item whose order key fell (an
    /// appeal submitted, worked by its nearer follow-up date) stays in view.
    /// A page that starts at item `id` (the one a re-sort or filter kept): the cursor goes to
    /// it, or to the first row when that item left the view. Its rank follows ([`Self::ranked`]).
    pub fn page_around(&mut self, id: i64, rows: Vec<QueueRow>, requested: usize) {
        self.loaded = true;
        self.at_end = rows.len() < requested;
        self.ranking = true;
        self.at_start = false; // until the rank says; a page up finds out meanwhile
        self.cursor = rows.iter().position(|r| r.id == id).unwrap_or(0);
        self.scroll = self.cursor;
        self.rows = rows;
        self.pending = None;
    }

    /// `rank` rows come before item `id`: numbers the rows loaded around it.
    pub fn ranked(&mut self, id: i64, rank: u64) {
        if !self.ranking {
            return;
        }
        self.ranking = false;
        if let Some(i) = self.rows.iter().position(|r| r.id == id) {
            self.first_rank = rank.saturating_sub(i as u64);
            self.at_start = self.first_rank == 0;
        }
    }

    pub fn reload_here(&self) -> Anchor {
        match self.rows.get(self.scroll) {
            Some(r) if self.first_rank + self.scroll as u64 > 0 => Anchor::From(SortKey::of(self.sort, r)),
            _ => Anchor::First,
        }
    }

    pub fn toggle_mark(&mut self) {
        if let Some(r) = self.selected() {
            let (id, mark) = (r.id, Mark { amount: r.amount, version: r.version });
            if self.marks.remove(&id).is_none() {
                self.marks.insert(id, mark);
            }
        }
    }

    /// The rows a decision applies to: the marked ones, else the selected one.
    /// The items a decision covers (the marked ones, else the selected one) as shown.
    pub fn targets(&self) -> Vec<Target> {
        if self.marks.is_empty() {
            self.selected()
                .map(|r| vec![Target { id: r.id, amount: r.amount, version: Some(r.version) }])
                .unwrap_or_default()
        } else {
            self.marks.iter().map(|(id, m)| Target { id: *id, amount: m.amount, version: Some(m.version) }).collect()
        }
    }
}
