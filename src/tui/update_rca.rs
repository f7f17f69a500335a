//! The RCA tab's actions: the week picker, slices, clusters and their items, the KPI screen,
//! and prevention actions.

use super::action::Action;
use super::app::{App, Status};
use super::dialog::Dialog;
use super::dialog_kinds::{Kind, PREVENTION_FROM, PREVENTION_WHAT, PREVENTION_WHO};
use super::effect::Effect;
use super::update::{go_tab, reload};
use crate::domain::week::Week;

/// A typed week (`2026-W47`) or date (`2026-11-23`, `11/23/2026`), not after this week.
pub fn typed_week(text: &str, today: chrono::NaiveDate) -> Result<Week, String> {
    let t = text.trim();
    let week = Week::parse(t).or_else(|_| {
        crate::import::csv_row::parse_date(t)
            .map(Week::containing)
            .ok_or_else(|| format!("'{t}' is not a week like 2026-W47 or a date like 2026-11-23"))
    })?;
    if week > Week::containing(today) {
        return Err(format!("{week} has not started yet"));
    }
    Ok(week)
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let r = &mut app.rca;
    match action {
        Action::RcaWeek(step) => {
            r.week = r.week.plus(step).min(Week::containing(app.today));
            r.selected = 0;
            r.load_if_needed()
        }
        Action::RcaGoTo(week) => {
            r.week = week.min(Week::containing(app.today));
            r.selected = 0;
            r.load_if_needed()
        }
        Action::StartGoToWeek => {
            app.dialog = Some(Dialog::new(Kind::GoToWeek, &[], app.today));
            Vec::new()
        }
        Action::RcaLatest => vec![Effect::LoadLatestWeek],
        Action::RcaLastWeek => {
            r.week = Week::last_full(app.today);
            r.selected = 0;
            r.load_if_needed()
        }
        Action::RcaSlice(step) => {
            r.slice = r.slice.cycle(step);
            Vec::new()
        }
        Action::RcaSelect(step) => {
            let n = r.current().map_or(0, |x| x.summary.clusters.len());
            if n > 0 {
                r.selected = (r.selected as i64 + step).clamp(0, n as i64 - 1) as usize;
            }
            Vec::new()
        }
        Action::ToggleKpi => {
            r.kpi_open = !r.kpi_open;
            r.load_if_needed()
        }
        Action::OpenCluster => {
            let Some((tab, filter)) = r.cluster_items() else { return Vec::new() };
            app.status = Some(Status::Info(format!("{filter} (Esc clears the filter)")));
            let mut fx = go_tab(app, tab);
            if let Some(v) = app.view_mut() {
                v.filter = filter;
                fx = reload(app);
            }
            fx
        }
        Action::StartPrevention => {
            let Some(c) =
                r.current().and_then(|x| x.summary.clusters.get(r.selected).map(|c| (c.category, x.label(c.category))))
            else {
                return Vec::new();
            };
            app.dialog = Some(Dialog::new(Kind::Prevention { category: c.0, label: c.1 }, &[], app.today));
            Vec::new()
        }
        Action::RcaLoaded(report) => {
            r.selected = r.selected.min(report.summary.clusters.len().saturating_sub(1));
            r.report = Some(report);
            Vec::new()
        }
        Action::KpiLoaded(k) => {
            r.kpis = Some(k);
            Vec::new()
        }
        Action::PreventionRecorded(summary) => {
            app.dialog = None;
            app.status = Some(Status::Info(summary));
            r.report = None;
            r.load_if_needed()
        }
        _ => Vec::new(), // routed elsewhere by `update::route`
    }
}

/// The prevention action a confirmed dialog records, or what is missing.
pub fn prevention(d: &Dialog) -> Result<crate::store::prevention::NewPrevention, String> {
    let Kind::Prevention { category, .. } = &d.kind else { return Err("not a prevention dialog".into()) };
    let from = chrono::NaiveDate::parse_from_str(d.value(PREVENTION_FROM), "%Y-%m-%d")
        .map_err(|_| format!("{PREVENTION_FROM}: '{}' is not a date (YYYY-MM-DD)", d.value(PREVENTION_FROM)))?;
    let p = crate::store::prevention::NewPrevention {
        category: *category,
        what: d.value(PREVENTION_WHAT).to_string(),
        who: d.value(PREVENTION_WHO).to_string(),
        from,
    };
    p.check()?;
    Ok(p)
}
