//! The weekly root-cause review, read from the ledger.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::rca::{
    BeforeAfter, Outlier, PreventionAction, TREND_WEEKS, WeekSummary, before_after_weeks, outliers_of,
    summarize_tallies,
};
use crate::domain::tables::Tables;
use crate::domain::vocab::RootCause;
use crate::domain::week::Week;
use crate::store::StoreError;
use crate::store::db::Conn;
use crate::store::{kpi, prevention, rca};

/// What a cluster's category means and the upstream step that stops it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterNote {
    pub category: RootCause,
    pub label: String,
    pub team: String,
    pub upstream_fix: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreventionView {
    pub action: PreventionAction,
    pub volume: BeforeAfter,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RcaReport {
    pub practice: Option<String>,
    pub week: Week,
    /// Claims adjudicated on the week's remits, and the denied ones among them.
    pub claims: u64,
    pub denied_claims: u64,
    pub summary: WeekSummary,
    /// One per cluster, in the same order.
    pub notes: Vec<ClusterNote>,
    /// Every root cause's label (slices name their top cause).
    pub labels: std::collections::BTreeMap<RootCause, String>,
    pub outliers: Vec<Outlier>,
    /// Actions in effect by the end of the week, newest first.
    pub prevention: Vec<PreventionView>,
}

/// Actions listed at most (the newest).
pub const PREVENTION_SHOWN: usize = 10;

pub fn build_rca<'a>(
    db: impl Into<Conn<'a>>,
    tables: &Tables,
    week: Week,
    practice: Option<String>,
) -> Result<RcaReport, StoreError> {
    let conn = db.into();
    let tallies = rca::week_tallies(conn, tables, week)?;
    let first = week.plus(-(TREND_WEEKS as i64));
    let by_week = rca::category_weeks(conn, first, week.prev())?;
    let weeks: Vec<Week> = (0..TREND_WEEKS as i64).map(|i| first.plus(i)).collect();
    let trend = RootCause::ALL.iter().map(|&c| (c, rca::category_trend(&by_week, &weeks, c))).collect();
    let summary = summarize_tallies(&tallies, &trend, TREND_WEEKS);
    let notes = summary
        .clusters
        .iter()
        .map(|c| {
            let info = tables.category(c.category);
            ClusterNote {
                category: c.category,
                label: info.map_or_else(|| c.category.to_string(), |i| i.label.clone()),
                team: info.map_or_else(String::new, |i| i.team.to_string()),
                upstream_fix: info.map_or_else(String::new, |i| i.upstream_fix.clone()),
            }
        })
        .collect();
    let peers = rca::peer_claims(conn, tables, week)?;
    let found = outliers_of(&tallies, &peers);
    let adjudicated = kpi::adjudicated(conn, week.monday(), week.sunday())?;
    let mut views = Vec::new();
    // Weeks before the ledger's first item say nothing about the volume before an action.
    let first_week: Option<NaiveDate> = conn
        .query_row("SELECT min(opened_on) FROM work_item", &[], |r| r.get::<Option<String>, _>(0))?
        .and_then(|d| d.parse().ok());
    for action in prevention::all(conn)?.into_iter().filter(|a| a.from <= week.sunday()).take(PREVENTION_SHOWN) {
        let (mut before, after) = before_after_weeks(action.from, week);
        if let Some(first) = first_week.map(Week::containing) {
            before.retain(|w| *w >= first);
        }
        let span_start = before.first().copied().unwrap_or(week);
        let span_end = after.last().or(before.last()).copied().unwrap_or(week);
        let by_week = rca::category_weeks(conn, span_start, span_end)?;
        let volume = BeforeAfter {
            before: rca::category_trend(&by_week, &before, action.category),
            after: rca::category_trend(&by_week, &after, action.category),
        };
        views.push(PreventionView { action, volume });
    }
    Ok(RcaReport {
        practice,
        week,
        claims: adjudicated.claims,
        denied_claims: adjudicated.denied,
        summary,
        notes,
        labels: tables.category_labels(),
        outliers: found,
        prevention: views,
    })
}

impl RcaReport {
    pub fn label(&self, c: RootCause) -> String {
        self.labels.get(&c).cloned().unwrap_or_else(|| c.as_str().replace('_', " "))
    }
}
