//! Reads for the weekly root-cause review: the week's work items, weekly totals per root cause
//! (from the `category_day` rollup), and claims adjudicated per provider and location
//! (from the claim rollup).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::types::Type;
use rusqlite::{Connection, Row, params};

use super::StoreError;
use super::db::Conn;
use crate::domain::money::Cents;
use crate::domain::rca::{FastMap, Intake, NONE, PeerClaims, Slice, Tally, TallyBuilder, Text, WeekItem, WeekTallies};
use crate::domain::tables::Tables;
use crate::domain::vocab::RootCause;
use crate::domain::week::Week;

type Res<T> = Result<T, StoreError>;

/// The rendering provider as the review names it: the remit's name, else the NPI (copied onto
/// each work item from its claim).
pub(super) const PROVIDER: &str = "coalesce(nullif(c.rendering_name, ''), c.rendering_npi, '')";

fn text_or_none(s: String) -> String {
    if s.trim().is_empty() { NONE.to_string() } else { s }
}

/// Rebuilds the weekly review rollups (`slice_week`, `queue_week`) from the work items (also
/// run by the schema v8 migration).
pub const REBUILD_WEEKS: &str = include_str!("rca_week.sql");

/// The week's tallies from the rollups the work items' triggers keep (schema v8): a few rows
/// per slice value instead of a row per item. Values show as [`week_items`] shows them.
pub fn week_tallies<'a>(db: impl Into<Conn<'a>>, tables: &Tables, week: Week) -> Res<WeekTallies> {
    let db = db.into();
    let monday = week.monday().to_string();
    let mut b = TallyBuilder::default();
    let rows = db.query_map(
        "SELECT slice, value, category, items, denied_cents, era_denials FROM slice_week
         WHERE week = ?1 AND (items <> 0 OR denied_cents <> 0 OR era_denials <> 0)",
        &[&monday],
        |r| {
            let tally = Tally { count: r.get(3)?, cents: r.get(4)? };
            Ok((r.get::<String, _>(0)?, r.get::<String, _>(1)?, r.get::<RootCause, _>(2)?, tally, r.get::<u64, _>(5)?))
        },
    )?;
    let mut places: Vec<(String, String)> = Vec::new();
    for (slice, raw, category, tally, era) in rows {
        let Some(slice) = Slice::parse(&slice) else { continue };
        match slice {
            Slice::Location => {
                let label = match places.iter().find(|(p, _)| *p == raw) {
                    Some((_, l)) => l.clone(),
                    None => {
                        let l = tables.place_label(Some(&raw));
                        places.push((raw.clone(), l.clone()));
                        l
                    }
                };
                b.add_slice(slice, &label, category, tally, era);
            }
            Slice::Source => b.add_slice(slice, Intake::from_source(&raw).as_str(), category, tally, era),
            Slice::WorkType if raw.contains('_') => b.add_slice(slice, &raw.replace('_', " "), category, tally, era),
            _ => b.add_slice(slice, &raw, category, tally, era),
        }
    }
    let queues = db.query_map(
        "SELECT category, kind, queue, items FROM queue_week WHERE week = ?1 AND items <> 0",
        &[&monday],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<u64, _>(3)?)),
    )?;
    for (category, kind, queue, items) in queues {
        b.add_queue(category, kind, queue, items);
    }
    Ok(b.finish())
}

/// Every work item received (remit or acknowledgement date) in the week, read from the items
/// themselves: the reference the rollups are tested against. No-response items are not in
/// the review (a payer's silence is not a denial), as the rollups leave them out.
pub fn week_items(conn: &Connection, tables: &Tables, week: Week) -> Res<Vec<WeekItem>> {
    let sql = "SELECT category, denied_cents, kind, queue, intake, payer_name, coalesce(procedure_code, ''), provider,
                      place, coalesce(group_code || '-' || carc, carc, reason_code), work_type
               FROM work_item WHERE opened_on BETWEEN ?1 AND ?2 AND kind <> 'no_response'";
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params![week.monday().to_string(), week.sunday().to_string()])?;
    let mut texts = Interned::default();
    let mut places: Vec<(Option<String>, Text)> = Vec::new();
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let place: Option<&str> = opt_text(r, 8)?;
        // A handful of places of service: a short list beats hashing a key per item.
        let location = match places.iter().find(|(p, _)| p.as_deref() == place) {
            Some((_, l)) => l.clone(),
            None => {
                let l: Text = tables.place_label(place).into();
                places.push((place.map(str::to_string), l.clone()));
                l
            }
        };
        let work_type: &str = text(r, 10)?;
        out.push(WeekItem {
            category: r.get(0)?,
            amount: Cents(r.get(1)?),
            kind: r.get(2)?,
            queue: r.get(3)?,
            intake: Intake::from_source(text(r, 4)?),
            payer: texts.get(text(r, 5)?),
            procedure: texts.get(text(r, 6)?),
            provider: texts.get(text(r, 7)?),
            location,
            carc: texts.get(text(r, 9)?),
            work_type: if work_type.contains('_') {
                texts.get(&work_type.replace('_', " "))
            } else {
                texts.get(work_type)
            },
        });
    }
    Ok(out)
}

fn text<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

fn opt_text<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    r.get_ref(i)?.as_str_or_null().map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

/// Each distinct text once (`NONE` for an empty one), looked up six times per item.
#[derive(Default)]
struct Interned(FastMap<String, Text>);

impl Interned {
    fn get(&mut self, s: &str) -> Text {
        let s = if s.trim().is_empty() { NONE } else { s };
        if let Some(t) = self.0.get(s) {
            return t.clone();
        }
        let t: Text = s.into();
        self.0.insert(s.to_string(), t.clone());
        t
    }
}

/// Items and dollars per root cause for each week from `first` through `last`.
pub fn category_weeks<'a>(
    db: impl Into<Conn<'a>>,
    first: Week,
    last: Week,
) -> Res<HashMap<Week, HashMap<RootCause, Tally>>> {
    let rows = db.into().query_map(
        "SELECT opened_on, category, sum(items), sum(denied_cents) FROM category_day
         WHERE opened_on BETWEEN ?1 AND ?2 GROUP BY opened_on, category HAVING sum(items) <> 0",
        &[&first.monday(), &last.sunday()],
        |r| Ok((r.get::<String, _>(0)?, r.get::<String, _>(1)?, r.get::<i64, _>(2)?, r.get::<i64, _>(3)?)),
    )?;
    let mut out: HashMap<Week, HashMap<RootCause, Tally>> = HashMap::new();
    for (day, category, count, cents) in rows {
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
pub fn peer_claims<'a>(db: impl Into<Conn<'a>>, tables: &Tables, week: Week) -> Res<Vec<PeerClaims>> {
    let rows = db.into().query_map(
        "SELECT provider, nullif(place, ''), sum(initial) FROM claim_day
         WHERE remit_date BETWEEN ?1 AND ?2 GROUP BY 1, 2 HAVING sum(initial) > 0",
        &[&week.monday(), &week.sunday()],
        |r| Ok((r.get::<String, _>(0)?, r.get::<Option<String>, _>(1)?, r.get::<i64, _>(2)?)),
    )?;
    let mut counts: HashMap<(Slice, String), u64> = HashMap::new();
    for (provider, place, n) in rows {
        *counts.entry((Slice::Provider, text_or_none(provider))).or_default() += n as u64;
        *counts.entry((Slice::Location, tables.place_label(place.as_deref()))).or_default() += n as u64;
    }
    let mut out: Vec<PeerClaims> =
        counts.into_iter().map(|((slice, who), claims)| PeerClaims { slice, who, claims }).collect();
    out.sort_by(|a, b| (a.slice, &a.who).cmp(&(b.slice, &b.who)));
    Ok(out)
}
