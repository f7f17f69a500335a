//! The KPI report for a period, read from the ledger.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::kpi::{Figure, KpiCounts, figures};
use crate::domain::tables::Tables;
use crate::store::db::Conn;
use crate::store::{StoreError, kpi};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiReport {
    pub practice: Option<String>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Open A/R is aged as of this day (today: what is open now).
    pub as_of: NaiveDate,
    /// Every root cause's label.
    pub labels: std::collections::BTreeMap<crate::domain::vocab::RootCause, String>,
    pub figures: Vec<Figure>,
    pub counts: KpiCounts,
}

pub fn build_kpi<'a>(
    db: impl Into<Conn<'a>>,
    tables: &Tables,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    practice: Option<String>,
) -> Result<KpiReport, StoreError> {
    if from > to {
        return Err(StoreError::new(format!("the period starts ({from}) after it ends ({to})")));
    }
    let counts = kpi::counts(db, from, to, today)?;
    Ok(KpiReport {
        practice,
        from,
        to,
        as_of: today,
        labels: tables.category_labels(),
        figures: figures(&counts, &tables.kpi_targets),
        counts,
    })
}
