//! Reads for the weekly root-cause review: the week's work items, weekly totals per root cause
//! (from the `category_day` rollup), and claims adjudicated per provider and location
//! (from the claim rollup).

use std::collections::HashMap;

use chrono::NaiveDate;

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
pub fn week_items<'a>(db: impl Into<Conn<'a>>, tables: &Tables, week: Week) -> Res<Vec<WeekItem>> {
    let sql = "SELECT category, denied_cents, kind, queue, intake, payer_name, coalesce(procedure_code, ''), provider,
                      place, coalesce(group_code || '-' || carc, carc, reason_code), work_type
               FROM work_item WHERE opened_on BETWEEN ?1 AND ?2 AND kind <> 'no_response'";
    let mut texts = Interned::default();
    let mut places: Vec<(Option<String>, Text)> = Vec::new();
    let mut out = Vec::new();
    let (monday, sunday) = (week.monday().to_string(), week.sunday().to_string());
    db.into().for_each(
        sql,
        &[&monday, &sunday],
        |r| {
            let head = (r.get(0)?, Cents(r.get(1)?), r.get(2)?, r.get(3)?);
            let words: [String; 5] = [r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(9)?];
            Ok((head, words, r.get::<Option<String>, _>(8)?, r.get::<String, _>(10)?))
        },
        |((category, amount, kind, queue), [intake, payer, procedure, provider, carc], place, work_type)| {
            // A handful of places of service: a short list beats hashing a key per item.
            let location = match places.iter().find(|(p, _)| *p == place) {
                Some((_, l)) => l.clone(),
                None => {
                    let l: Text = tables.place_label(place.as_deref()).into();
                    places.push((place, l.clone()));
                    l
                }
            };
            out.push(WeekItem {
                category,
                amount,
                kind,
                queue,
                intake: Intake::from_source(&intake),
                payer: texts.get(&payer),
                procedure: texts.get(&procedure),
                provider: texts.get(&provider),
                location,
                carc: texts.get(&carc),
                work_type: texts.get(&work_type.replace('_', " ")),
            });
            Ok(())
        },
    )?;
    Ok(out)
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
