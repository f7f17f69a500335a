//! What an import's new work items add to the work rollups, tallied in memory while their
//! insert triggers are set aside ([`super::bulk`]) and written with one upsert per key before
//! the import commits. Updates and deletes keep their triggers throughout, so an item the same
//! file later voids or resolves is counted right (inserted as open, then moved by its update).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rusqlite::{Connection, params};

use super::StoreError;

type Res<T> = Result<T, StoreError>;

/// What `work_totals_insert` and `rca_week_insert` add for a new item, which is always open:
/// its queue's count and dollars, a denial on the day it was opened, open dollars by the day
/// its age counts from, items and denied dollars by day opened and root cause, and the week's
/// slice values and queues.
///
/// Days, weeks and slice values are keyed by their number in [`Names`]: an item's keys are
/// mostly ones an earlier item had, and are found without copying them.
#[derive(Debug, Clone, Default)]
pub struct ItemTally {
    names: Names,
    queues: Keyed<&'static str, (i64, i64)>,
    denials_opened: Keyed<Name, i64>,
    open_by_age: Keyed<Name, (i64, i64)>,
    categories: Keyed<(Name, &'static str), (i64, i64)>,
    /// The weekly review's rollups (schema v8): (week, slice, value, category) and
    /// (week, category, kind, queue).
    slices: Keyed<SliceKey, (i64, i64, i64)>,
    week_queues: Keyed<(Name, &'static str, &'static str, &'static str), i64>,
}

/// A map keyed by the tally's own words and numbers (never by text from a file, which
/// [`Names`] holds under a seeded hasher), hashed by multiplying word by word.
type Keyed<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

#[derive(Debug, Clone, Copy, Default)]
struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A string's number in [`Names`].
type Name = u32;

/// Week, slice, value and root cause.
type SliceKey = (Name, &'static str, Name, &'static str);

/// The strings the tally has seen, each held once and numbered.
#[derive(Debug, Clone, Default)]
struct Names {
    numbers: crate::domain::FastMap<String, Name>,
    texts: Vec<String>,
}

impl Names {
    fn number(&mut self, s: &str) -> Name {
        if let Some(&n) = self.numbers.get(s) {
            return n;
        }
        let n = self.texts.len() as Name;
        self.texts.push(s.to_string());
        self.numbers.insert(s.to_string(), n);
        n
    }

    fn text(&self, n: Name) -> &str {
        &self.texts[n as usize]
    }
}

/// A new item as the tally needs it.
pub struct TalliedItem<'a> {
    pub queue: &'static str,
    pub denial: bool,
    pub opened_on: &'a str,
    pub age_from: &'a str,
    pub category: &'static str,
    pub amount_cents: i64,
    pub denied_cents: i64,
    pub kind: &'static str,
    /// The Monday of the week opened.
    pub week: &'a str,
    /// A denial that came on an 835.
    pub era_denial: bool,
    /// Each slice's value as `slice_week` keeps it (`rca_week.sql` says how).
    pub slices: [(&'static str, &'a str); 7],
}

fn add(to: &mut (i64, i64), cents: i64) {
    to.0 += 1;
    to.1 += cents;
}

impl ItemTally {
    pub fn add(&mut self, i: &TalliedItem<'_>) {
        add(self.queues.entry(i.queue).or_default(), i.amount_cents);
        let (opened_on, week) = (self.names.number(i.opened_on), self.names.number(i.week));
        if i.denial {
            *self.denials_opened.entry(opened_on).or_default() += 1;
        }
        if matches!(i.queue, "rejections" | "denials" | "appeals" | "waiting") {
            let age_from = self.names.number(i.age_from);
            add(self.open_by_age.entry(age_from).or_default(), i.amount_cents);
        }
        add(self.categories.entry((opened_on, i.category)).or_default(), i.denied_cents);
        for (slice, value) in i.slices {
            let value = self.names.number(value);
            let t = self.slices.entry((week, slice, value, i.category)).or_default();
            t.0 += 1;
            t.1 += i.denied_cents;
            t.2 += i64::from(i.era_denial);
        }
        *self.week_queues.entry((week, i.category, i.kind, i.queue)).or_default() += 1;
    }

    pub(super) fn flush(&mut self, conn: &Connection) -> Res<()> {
        let names = std::mem::take(&mut self.names);
        let text = |n: Name| names.text(n);
        let mut q = conn.prepare_cached(
            "UPDATE queue_total SET items = items + ?2, amount_cents = amount_cents + ?3 WHERE queue = ?1",
        )?;
        for (queue, (n, cents)) in self.queues.drain() {
            q.execute(params![queue, n, cents])?;
        }
        let mut w = conn.prepare_cached(
            "INSERT INTO work_day (opened_on, items, decided, decision_days, resolved, resolution_days, within_30,
             recovered_cents, written_off_cents) VALUES (?1, ?2, 0, 0, 0, 0, 0, 0, 0)
             ON CONFLICT (opened_on) DO UPDATE SET items = items + excluded.items",
        )?;
        for (day, n) in self.denials_opened.drain() {
            w.execute(params![text(day), n])?;
        }
        let mut o = conn.prepare_cached(
            "INSERT INTO open_day (age_from, items, amount_cents) VALUES (?1, ?2, ?3)
             ON CONFLICT (age_from) DO UPDATE SET items = items + excluded.items,
             amount_cents = amount_cents + excluded.amount_cents",
        )?;
        for (day, (n, cents)) in self.open_by_age.drain() {
            o.execute(params![text(day), n, cents])?;
        }
        let mut c = conn.prepare_cached(
            "INSERT INTO category_day (opened_on, category, items, denied_cents) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (opened_on, category) DO UPDATE SET items = items + excluded.items,
             denied_cents = denied_cents + excluded.denied_cents",
        )?;
        for ((day, category), (n, cents)) in self.categories.drain() {
            c.execute(params![text(day), category, n, cents])?;
        }
        let mut s = conn.prepare_cached(
            "INSERT INTO slice_week (week, slice, value, category, items, denied_cents, era_denials)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (week, slice, value, category) DO UPDATE SET items = items + excluded.items,
             denied_cents = denied_cents + excluded.denied_cents, era_denials = era_denials + excluded.era_denials",
        )?;
        for ((week, slice, value, category), (n, cents, era)) in self.slices.drain() {
            s.execute(params![text(week), slice, text(value), category, n, cents, era])?;
        }
        let mut q = conn.prepare_cached(
            "INSERT INTO queue_week (week, category, kind, queue, items) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (week, category, kind, queue) DO UPDATE SET items = items + excluded.items",
        )?;
        for ((week, category, kind, queue), n) in self.week_queues.drain() {
            q.execute(params![text(week), category, kind, queue, n])?;
        }
        Ok(())
    }
}
