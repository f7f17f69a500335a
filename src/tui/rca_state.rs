//! The RCA tab's state: the week shown, the slice, the selected cluster, whether the KPI
//! screen is up, and what was last read for them.

use chrono::NaiveDate;

use crate::domain::filter::QueueFilter;
use crate::domain::rca::Slice;
use crate::domain::week::Week;
use crate::report::{KpiReport, RcaReport};

use super::app::Tab;
use super::effect::Effect;

#[derive(Debug, Clone)]
pub struct RcaState {
    pub week: Week,
    pub slice: Slice,
    /// The cluster under the cursor (0-2).
    pub selected: usize,
    pub kpi_open: bool,
    pub report: Option<Box<RcaReport>>,
    pub kpis: Option<Box<KpiReport>>,
}

impl RcaState {
    pub fn new(today: NaiveDate) -> RcaState {
        RcaState {
            week: Week::last_full(today),
            slice: Slice::Payer,
            selected: 0,
            kpi_open: false,
            report: None,
            kpis: None,
        }
    }

    /// The KPI screen's period: the 13 weeks ending with the week shown.
    pub fn kpi_period(&self) -> (NaiveDate, NaiveDate) {
        crate::domain::kpi::period_ending(self.week)
    }

    /// The report for the week shown, once read.
    pub fn current(&self) -> Option<&RcaReport> {
        self.report.as_deref().filter(|r| r.week == self.week)
    }

    pub fn current_kpis(&self) -> Option<&KpiReport> {
        let (from, to) = self.kpi_period();
        self.kpis.as_deref().filter(|k| k.from == from && k.to == to)
    }

    /// Reads whatever the screen shows and is not loaded yet.
    pub fn load_if_needed(&self) -> Vec<Effect> {
        if self.kpi_open {
            if self.current_kpis().is_some() {
                return Vec::new();
            }
            let (from, to) = self.kpi_period();
            return vec![Effect::LoadKpi { from, to }];
        }
        if self.current().is_some() { Vec::new() } else { vec![Effect::LoadRca { week: self.week }] }
    }

    /// The queue tab and filter that show the selected cluster's items.
    pub fn cluster_items(&self) -> Option<(Tab, QueueFilter)> {
        let r = self.current()?;
        let c = r.summary.clusters.get(self.selected)?;
        let tab = Tab::ALL.iter().copied().find(|t| t.queue() == Some(c.queue)).unwrap_or(Tab::Denials);
        Some((tab, QueueFilter { categories: vec![c.category], week: Some(self.week), ..QueueFilter::default() }))
    }
}
