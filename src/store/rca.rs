//! Reads for the weekly root-cause review: the week's work items, weekly totals per root cause
//! (from the `category_day` rollup), and claims adjudicated per provider and location
//! (from the claim rollup).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::StoreError;
use crate::domain::money::Cents;
use crate::domain::rca::{Intake, NONE, PeerClaims, Slice, Tally, WeekItem};
use crate::domain::tables::Tables;
use crate::domain::vocab::RootCause;
use crate::domain::week::Week;
use crate::domain::workflow::{Queue, WorkKind};

type Res<T> = Result<T, StoreError>;

/// The rendering provider as the review names it: the remit's name, else the NPI (copied onto
/// each work item from its claim).
pub(super) const PROVIDER: &str = "coalesce(nullif(c.rendering_name, ''), c.rendering_npi, '')";

fn text_or_none(s: String) -> String {
    if s.trim().is_empty() { NONE.to_string() } else { s }
}

/// Every work item received (remit or acknowledgement date) in the week.
pub fn week_items(conn: &Connection, tables: &Tables, week: Week) -> Res<Vec<WeekItem>> {
    // Every column is in the index on the day opened: one range of one index.
    let sql = "SELECT category, denied_cents, kind, queue, intake, payer_name, coalesce(procedure_code, ''), provider,
                      place, coalesce(group_code || '-' || carc, carc, reason_code), work_type
               FROM work_item INDEXED BY work_by_opened_on WHERE opened_on BETWEEN ?1 AND ?2";
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![week.monday().to_string(), week.sunday().to_string()], |r| {
        Ok((
            r.get::<_, RootCause>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, WorkKind>(2)?,
            r.get::<_, Queue>(3)?,
            r.get::<_, String>(4)?,
            [r.get::<_, String>(5)?, r.get::<_, String>(6)?, r.get::<_, String>(7)?],
            r.get::<_, Option<String>>(8)?,
            r.get::<_, String>(9)?,
            r.get::<_, String>(10)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (category, cents, kind, queue, source, [payer, procedure, provider], place, carc, work_type) = row?;
        out.push(WeekItem {
            category,
            amount: Cents(cents),
            kind,
            queue,
            intake: Intake::from_source(&source),
            payer: text_or_none(payer),
            procedure: text_or_none(procedure),
            provider: text_or_none(provider),
            location: tables.place_label(place.as_deref()),
            carc,
            work_type: text_or_none(work_type.replace('_', " ")),
        });
    }
    Ok(out)
}

/// Items and dollars per root cause for each week from `first` through `last`.
pub fn category_weeks(conn: &Connection, first: Week, last: Week) -> Res<HashMap<Week, HashMap<RootCause, Tally>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT opened_on, category, sum(items), sum(denied_cents) FROM category_day
         WHERE opened_on BETWEEN ?1 AND ?2 GROUP BY opened_on, category HAVING sum(items) <> 0",
    )?;
    let rows = stmt.query_map(params![first.monday().to_string(), last.sunday().to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?))
    })?;
    let mut out: HashMap<Week, HashMap<RootCause, Tally>> = HashMap::new();
    for row in rows {
        let (day, category, count, cents) = row?;
        let (Ok(day), Some(category)) = (day.parse::<NaiveDate>(), RootCause::parse(&category)) else { continue };
        let t = out.entry(Week::containing(day)).or_default().entry(category).or_default();
        t.count += count as u64;
        t.cents += Cents(cents);
    }
    Ok(out)
}

/// Each category's tallies over `weeks` (in that order).
pub fn category_trend(
    by_week: &HashMap<Week, HashMap<RootCause, Tally>>,
    weeks: &[Week],
    category: RootCause,
) -> Vec<Tally> {
    weeks.iter().map(|w| by_week.get(w).and_then(|m| m.get(&category)).copied().unwrap_or_default()).collect()
}

/// Claims adjudicated in the week per rendering provider and per location: the peers'
/// denominators for outliers (from the claim rollup).
pub fn peer_claims(conn: &Connection, tables: &Tables, week: Week) -> Res<Vec<PeerClaims>> {
    let mut stmt = conn.prepare_cached(
        "SELECT provider, nullif(place, ''), sum(initial) FROM claim_day
         WHERE remit_date BETWEEN ?1 AND ?2 GROUP BY 1, 2 HAVING sum(initial) > 0",
    )?;
    let rows = stmt.query_map(params![week.monday().to_string(), week.sunday().to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, i64>(2)?))
    })?;
    let mut counts: HashMap<(Slice, String), u64> = HashMap::new();
    for row in rows {
        let (provider, place, n) = row?;
        *counts.entry((Slice::Provider, text_or_none(provider))).or_default() += n as u64;
        *counts.entry((Slice::Location, tables.place_label(place.as_deref()))).or_default() += n as u64;
    }
    let mut out: Vec<PeerClaims> =
        counts.into_iter().map(|((slice, who), claims)| PeerClaims { slice, who, claims }).collect();
    out.sort_by(|a, b| (a.slice, &a.who).cmp(&(b.slice, &b.who)));
    Ok(out)
}
