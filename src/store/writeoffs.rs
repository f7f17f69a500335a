//! Write-off policy reads: totals by reason and period for the Write-offs tab, and the items
//! under the threshold that can be approved in bulk.

use super::StoreError;
use super::db::{Conn, Value, refs};
use super::page::{conditions, from_clause};
use super::queue::QueueTotal;
use crate::domain::filter::QueueFilter;
use crate::domain::money::Cents;
use crate::domain::workflow::Queue;
use chrono::{Datelike, Months, NaiveDate};

type Res<T> = Result<T, StoreError>;

/// The periods the totals are split by.
pub const PERIODS: [&str; 4] = ["this month", "last month", "this year", "all time"];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WriteOffTotals {
    /// Per reason code, one total per period.
    pub rows: Vec<(String, [QueueTotal; 4])>,
    pub all: [QueueTotal; 4],
}

/// The totals of every write-off by reason, from `writeoff_day` (kept by the work-item
/// triggers): ?1 this month's first day, ?2 last month's, ?3 this year's.
const ROLLUP: &str = "SELECT close_reason,
       sum(CASE WHEN closed_on >= ?1 THEN items END), sum(CASE WHEN closed_on >= ?1 THEN amount_cents END),
       sum(CASE WHEN closed_on >= ?2 AND closed_on < ?1 THEN items END),
       sum(CASE WHEN closed_on >= ?2 AND closed_on < ?1 THEN amount_cents END),
       sum(CASE WHEN closed_on >= ?3 THEN items END), sum(CASE WHEN closed_on >= ?3 THEN amount_cents END),
       sum(items), sum(amount_cents)
     FROM writeoff_day GROUP BY 1 HAVING sum(items) <> 0 ORDER BY sum(amount_cents) DESC";

/// Written-off items and dollars by reason: this month, last month, this year, all time.
pub fn totals<'a>(db: impl Into<Conn<'a>>, filter: &QueueFilter, today: NaiveDate) -> Res<WriteOffTotals> {
    let db = db.into();
    let month = today.with_day(1).unwrap_or(today);
    let last_month = month.checked_sub_months(Months::new(1)).unwrap_or(month);
    let year = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let mut all: Vec<Value> = [month, last_month, year].iter().map(|d| Value::Text(d.to_string())).collect();
    // Unfiltered, the rollup answers (a row per reason, day and kind); a filter needs the items.
    let sql = if filter.is_empty() {
        ROLLUP.to_string()
    } else {
        let (cond, params) = conditions(db, filter, today)?;
        all.push(Value::Text(Queue::WriteOffs.as_str().into()));
        all.extend(params);
        format!(
            "SELECT coalesce(w.close_reason, ''),
               count(CASE WHEN w.closed_on >= ?1 THEN 1 END), sum(CASE WHEN w.closed_on >= ?1 THEN w.amount_cents END),
               count(CASE WHEN w.closed_on >= ?2 AND w.closed_on < ?1 THEN 1 END),
               sum(CASE WHEN w.closed_on >= ?2 AND w.closed_on < ?1 THEN w.amount_cents END),
               count(CASE WHEN w.closed_on >= ?3 THEN 1 END), sum(CASE WHEN w.closed_on >= ?3 THEN w.amount_cents END),
               count(*), sum(w.amount_cents)
             FROM {} WHERE w.queue = ?4{cond} GROUP BY 1 ORDER BY sum(w.amount_cents) DESC",
            from_clause(filter)
        )
    };
    let rows = db.query_map(&sql, &refs(&all), |r| {
        let t = |i: usize| -> Res<QueueTotal> {
            Ok(QueueTotal {
                count: r.get::<Option<i64>, _>(i)?.unwrap_or(0) as u64,
                amount: Cents(r.get::<Option<i64>, _>(i + 1)?.unwrap_or(0)),
            })
        };
        Ok((r.get::<String, _>(0)?, [t(1)?, t(3)?, t(5)?, t(7)?]))
    })?;
    let mut out = WriteOffTotals::default();
    for (reason, totals) in rows {
        for (sum, t) in out.all.iter_mut().zip(totals) {
            sum.count += t.count;
            sum.amount += t.amount;
        }
        out.rows.push((reason, totals));
    }
    Ok(out)
}

/// Open items of a queue under the threshold (with the view's filter): what a bulk approval
/// writes off, each with its version (the write-off is refused if one changes meanwhile).
pub fn under_threshold<'a>(
    db: impl Into<Conn<'a>>,
    queue: Queue,
    filter: &QueueFilter,
    threshold: Cents,
    today: NaiveDate,
) -> Res<Vec<(i64, Cents, i64)>> {
    let db = db.into();
    let (cond, params) = conditions(db, filter, today)?;
    let sql = format!(
        "SELECT w.id, w.amount_cents, w.version FROM {} WHERE w.queue = ?{cond} AND w.state = 'open' AND {}w.amount_cents < ?
         ORDER BY w.id",
        from_clause(filter),
        db.pick("+", "")
    );
    let mut all = vec![Value::Text(queue.as_str().into())];
    all.extend(params);
    all.push(Value::Int(threshold.cents()));
    db.query_map(&sql, &refs(&all), |r| Ok((r.get::<i64, _>(0)?, Cents(r.get(1)?), r.get::<i64, _>(2)?)))
}
