//! What an import's new work items add to the work rollups, tallied in memory while their
//! insert triggers are set aside ([`super::bulk`]) and written with one upsert per key before
//! the import commits. Updates and deletes keep their triggers throughout, so an item the same
//! file later voids or resolves is counted right (inserted as open, then moved by its update).

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::StoreError;

type Res<T> = Result<T, StoreError>;

/// What `work_totals_insert` and `rca_week_insert` add for a new item, which is always open:
/// its queue's count and dollars, a denial on the day it was opened, open dollars by the day
/// its age counts from, items and denied dollars by day opened and root cause, and the week's
/// slice values and queues.
#[derive(Debug, Clone, Default)]
pub struct ItemTally {
    queues: HashMap<&'static str, (i64, i64)>,
    denials_opened: HashMap<String, i64>,
    open_by_age: HashMap<String, (i64, i64)>,
    categories: HashMap<(String, &'static str), (i64, i64)>,
    /// The weekly review's rollups (schema v8): (week, slice, value, category) and
    /// (week, category, kind, queue).
    slices: HashMap<SliceKey, (i64, i64, i64)>,
    week_queues: HashMap<(String, &'static str, &'static str, &'static str), i64>,
}

/// Week, slice, value and root cause.
type SliceKey = (String, &'static str, String, &'static str);

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
        if i.denial {
            *self.denials_opened.entry(i.opened_on.to_string()).or_default() += 1;
        }
        if matches!(i.queue, "rejections" | "denials" | "appeals" | "waiting") {
            add(self.open_by_age.entry(i.age_from.to_string()).or_default(), i.amount_cents);
        }
        add(self.categories.entry((i.opened_on.to_string(), i.category)).or_default(), i.denied_cents);
        for (slice, value) in i.slices {
            let t = self.slices.entry((i.week.to_string(), slice, value.to_string(), i.category)).or_default();
            t.0 += 1;
            t.1 += i.denied_cents;
            t.2 += i64::from(i.era_denial);
        }
        *self.week_queues.entry((i.week.to_string(), i.category, i.kind, i.queue)).or_default() += 1;
    }

    pub(super) fn flush(&mut self, conn: &Connection) -> Res<()> {
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
            w.execute(params![day, n])?;
        }
        let mut o = conn.prepare_cached(
            "INSERT INTO open_day (age_from, items, amount_cents) VALUES (?1, ?2, ?3)
             ON CONFLICT (age_from) DO UPDATE SET items = items + excluded.items,
             amount_cents = amount_cents + excluded.amount_cents",
        )?;
        for (day, (n, cents)) in self.open_by_age.drain() {
            o.execute(params![day, n, cents])?;
        }
        let mut c = conn.prepare_cached(
            "INSERT INTO category_day (opened_on, category, items, denied_cents) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (opened_on, category) DO UPDATE SET items = items + excluded.items,
             denied_cents = denied_cents + excluded.denied_cents",
        )?;
        for ((day, category), (n, cents)) in self.categories.drain() {
            c.execute(params![day, category, n, cents])?;
        }
        let mut s = conn.prepare_cached(
            "INSERT INTO slice_week (week, slice, value, category, items, denied_cents, era_denials)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (week, slice, value, category) DO UPDATE SET items = items + excluded.items,
             denied_cents = denied_cents + excluded.denied_cents, era_denials = era_denials + excluded.era_denials",
        )?;
        for ((week, slice, value, category), (n, cents, era)) in self.slices.drain() {
            s.execute(params![week, slice, value, category, n, cents, era])?;
        }
        let mut q = conn.prepare_cached(
            "INSERT INTO queue_week (week, category, kind, queue, items) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (week, category, kind, queue) DO UPDATE SET items = items + excluded.items",
        )?;
        for ((week, category, kind, queue), n) in self.week_queues.drain() {
            q.execute(params![week, category, kind, queue, n])?;
        }
        Ok(())
    }
}
