//! Pages of a queue for the desk: a filter, an order, and a keyset anchor (the first page, the
//! last page, or the rows after / before a known row). Never an OFFSET: moving a page costs
//! the same at row 10 and at row 900,000.

use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use rusqlite::types::Value;

use super::StoreError;
use super::queue::{QueueRow, QueueSort, QueueTotal, SELECT, row};
use crate::domain::filter::{Cmp, QueueFilter, StateFilter};
use crate::domain::money::Cents;
use crate::domain::workflow::Queue;

type Res<T> = Result<T, StoreError>;

/// A row's position in an order: its sort value and id.
#[derive(Debug, Clone, PartialEq)]
pub struct SortKey {
    pub value: Value,
    pub id: i64,
}

impl SortKey {
    pub fn of(sort: QueueSort, r: &QueueRow) -> SortKey {
        let value = match sort {
            QueueSort::Priority => Value::Integer(r.priority),
            QueueSort::Amount => Value::Integer(r.amount.cents()),
            QueueSort::Due => Value::Text(r.due_rank.clone()),
            QueueSort::Age => Value::Text(r.opened_on.map(|d| d.to_string()).unwrap_or_default()),
            QueueSort::Payer => Value::Text(r.payer.clone()),
        };
        SortKey { value, id: r.id }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Anchor {
    First,
    Last,
    After(SortKey),
    Before(SortKey),
    /// This row (if it still exists) and the ones after it.
    From(SortKey),
}

#[derive(Debug, Clone)]
pub struct PageRequest<'a> {
    pub queue: Queue,
    pub sort: QueueSort,
    pub filter: &'a QueueFilter,
    pub anchor: Anchor,
    pub limit: usize,
    pub today: NaiveDate,
}

/// A LIKE pattern matching `text` anywhere, its own `%`, `_` and `\` taken literally.
fn contains(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// `WHERE` conditions (after the queue) and their parameters for a filter.
pub(super) fn conditions(conn: &Connection, f: &QueueFilter, today: NaiveDate) -> Res<(String, Vec<Value>)> {
    let mut sql = String::new();
    let mut params: Vec<Value> = Vec::new();
    let mut add = |clause: &str, values: Vec<Value>| {
        sql.push_str(" AND ");
        sql.push_str(clause);
        params.extend(values);
    };
    if let Some(p) = &f.payer {
        // Resolve the payer first: one payer becomes an indexed equality.
        let mut stmt = conn.prepare_cached("SELECT id FROM payer WHERE name LIKE ?1 ESCAPE '\\' OR ident = ?2")?;
        let ids: Vec<i64> = stmt.query_map([contains(p), p.clone()], |r| r.get(0))?.collect::<Result<_, _>>()?;
        match ids.len() {
            0 => add("0", vec![]),
            1 => add("w.payer_id = ?", vec![Value::Integer(ids[0])]),
            n => add(
                &format!("w.payer_id IN ({})", vec!["?"; n].join(",")),
                ids.into_iter().map(Value::Integer).collect(),
            ),
        }
    }
    if let Some((group, carc)) = &f.carc {
        add("w.carc = ?", vec![Value::Text(carc.clone())]);
        if let Some(g) = group {
            add("w.group_code = ?", vec![Value::Text(g.clone())]);
        }
    }
    match f.categories.len() {
        0 => {}
        1 => add("w.category = ?", vec![Value::Text(f.categories[0].as_str().into())]),
        n => add(
            &format!("w.category IN ({})", vec!["?"; n].join(",")),
            f.categories.iter().map(|c| Value::Text(c.as_str().into())).collect(),
        ),
    }
    match f.owner.as_deref() {
        Some(o) if o.eq_ignore_ascii_case("none") => add("w.owner IS NULL", vec![]),
        Some(o) => {
            // The spelling on file, whatever the case typed.
            let name = super::owners::on_file(conn, o)?.unwrap_or_else(|| o.to_string());
            add("w.owner = ?", vec![Value::Text(name)])
        }
        None => {}
    }
    if let Some(cpt) = &f.cpt {
        add("w.procedure_code = ?", vec![Value::Text(cpt.clone())]);
    }
    if let Some(w) = f.week {
        add(
            "w.opened_on BETWEEN ? AND ?",
            vec![Value::Text(w.monday().to_string()), Value::Text(w.sunday().to_string())],
        );
    }
    if let Some(p) = &f.provider {
        add(
            "(c.rendering_npi = ? OR c.rendering_name LIKE ? ESCAPE '\\')",
            vec![Value::Text(p.clone()), Value::Text(contains(p))],
        );
    }
    match f.state {
        Some(StateFilter::Again) => add("w.state = 'open' AND w.repeat_count > 0", vec![]),
        Some(StateFilter::Is(st)) => add("w.state = ?", vec![Value::Text(st.as_str().into())]),
        None => {}
    }
    if let Some((cmp, days)) = f.due {
        // Checked: a filter can hold any number (the parser bounds it too).
        let day = Duration::try_days(days).and_then(|d| today.checked_add_signed(d));
        let day = day.unwrap_or(if days < 0 { NaiveDate::MIN } else { NaiveDate::MAX });
        let date = Value::Text(day.to_string());
        // `+` keeps a range off index choice: the index that serves the order must win.
        add(&format!("+w.due_date {} ?", symbol(cmp)), vec![date]);
    }
    if let Some((cmp, cents)) = f.amount {
        add(&format!("+w.amount_cents {} ?", symbol(cmp)), vec![Value::Integer(cents.cents())]);
    }
    for word in &f.text {
        let like = Value::Text(contains(word));
        add(
            "(c.patient_last LIKE ? ESCAPE '\\' OR c.patient_first LIKE ? ESCAPE '\\' OR c.pcn LIKE ? ESCAPE '\\'
              OR c.payer_claim_no LIKE ? ESCAPE '\\' OR w.payer_name LIKE ? ESCAPE '\\')",
            vec![like.clone(), like.clone(), like.clone(), like.clone(), like],
        );
    }
    Ok((sql, params))
}

fn symbol(c: Cmp) -> &'static str {
    match c {
        Cmp::Less => "<",
        Cmp::More => ">",
        Cmp::Equal => "=",
    }
}

/// One page in display order (whatever the anchor's direction).
pub fn page(conn: &Connection, req: &PageRequest<'_>) -> Res<Vec<QueueRow>> {
    let reversed = matches!(req.anchor, Anchor::Last | Anchor::Before(_));
    let mut rows = match &req.anchor {
        Anchor::First | Anchor::Last => rows_where(conn, req, "", &[], reversed, req.limit)?,
        Anchor::After(k) | Anchor::Before(k) | Anchor::From(k) => {
            // "After" follows the order; in a descending order that means smaller keys.
            let forward = !matches!(req.anchor, Anchor::Before(_));
            let beyond = if forward == req.sort.descending() { "<" } else { ">" };
            let from = if matches!(req.anchor, Anchor::From(_)) { format!("{beyond}=") } else { beyond.to_string() };
            let col = req.sort.column();
            // The anchor's ties first (one index seek to the anchor's id), then the values
            // beyond it: a single row-value range makes SQLite seek on the value alone and
            // walk every tie before the anchor (200,000 items of one payer).
            let id = Value::Integer(k.id);
            let ties = format!(" AND {col} = ? AND w.id {from} ?");
            let mut rows = rows_where(conn, req, &ties, &[k.value.clone(), id], reversed, req.limit)?;
            if rows.len() < req.limit {
                let rest = format!(" AND {col} {beyond} ?");
                rows.extend(rows_where(
                    conn,
                    req,
                    &rest,
                    std::slice::from_ref(&k.value),
                    reversed,
                    req.limit - rows.len(),
                )?);
            }
            rows
        }
    };
    if reversed {
        rows.reverse();
    }
    Ok(rows)
}

/// Up to `limit` rows of the request's queue and filter meeting `extra` too, in the sort's
/// order (reversed when paging backwards).
fn rows_where(
    conn: &Connection,
    req: &PageRequest<'_>,
    extra: &str,
    extra_params: &[Value],
    reversed: bool,
    limit: usize,
) -> Res<Vec<QueueRow>> {
    let (sql, params) = conditions(conn, req.filter, req.today)?;
    let full = format!("{} WHERE w.queue = ?{sql}{extra} ORDER BY {} LIMIT ?", *SELECT, req.sort.order_by(reversed));
    let mut all: Vec<Value> = vec![Value::Text(req.queue.as_str().into())];
    all.extend(params);
    all.extend(extra_params.iter().cloned());
    all.push(Value::Integer(limit as i64));
    let mut stmt = conn.prepare_cached(&full)?;
    Ok(stmt.query_map(rusqlite::params_from_iter(all), row)?.collect::<Result<_, _>>()?)
}

/// How many items of the queue come before `key` in `sort`'s order under the filter: the rank
/// of the row at `key` (an index range count, so re-sorting keeps the cursor's item in view).
pub fn rank(
    conn: &Connection,
    queue: Queue,
    sort: QueueSort,
    filter: &QueueFilter,
    key: &SortKey,
    today: NaiveDate,
) -> Res<u64> {
    let (sql, params) = conditions(conn, filter, today)?;
    let before = if sort.descending() { ">" } else { "<" };
    let col = sort.column();
    // The values before the key's, then the key's ties before its id: two index ranges that end
    // at the key (one row-value range would also walk the ties after it, as pages did).
    let mut n = 0;
    for (extra, values) in [
        (format!("{col} {before} ?"), vec![key.value.clone()]),
        (format!("{col} = ? AND w.id {before} ?"), vec![key.value.clone(), Value::Integer(key.id)]),
    ] {
        let full = format!("SELECT count(*) FROM {} WHERE w.queue = ?{sql} AND {extra}", from_clause(filter));
        let mut all: Vec<Value> = vec![Value::Text(queue.as_str().into())];
        all.extend(params.iter().cloned());
        all.extend(values);
        n += conn.prepare_cached(&full)?.query_row(rusqlite::params_from_iter(all), |r| r.get::<_, i64>(0))?;
    }
    Ok(n as u64)
}

/// Counting reads the claim table only when a condition is about the claim.
pub(super) fn from_clause(f: &QueueFilter) -> &'static str {
    if f.provider.is_some() || !f.text.is_empty() {
        "work_item w JOIN claim c ON c.id = w.claim_id"
    } else {
        "work_item w"
    }
}

/// Items and dollars of a queue under a filter (the unfiltered totals come from `queue_total`).
pub fn count(conn: &Connection, queue: Queue, filter: &QueueFilter, today: NaiveDate) -> Res<QueueTotal> {
    if filter.is_empty() {
        return super::queue::totals(conn, queue);
    }
    let (sql, params) = conditions(conn, filter, today)?;
    let full = format!(
        "SELECT count(*), coalesce(sum(w.amount_cents), 0) FROM {} WHERE w.queue = ?{sql}",
        from_clause(filter)
    );
    let mut all: Vec<Value> = vec![Value::Text(queue.as_str().into())];
    all.extend(params);
    let mut stmt = conn.prepare_cached(&full)?;
    Ok(stmt.query_row(rusqlite::params_from_iter(all), |r| {
        Ok(QueueTotal { count: r.get::<_, i64>(0)? as u64, amount: Cents(r.get(1)?) })
    })?)
}

/// Items and dollars by age since the denial: 0-30, 31-60, 61-90, over 90 days.
pub fn aging(conn: &Connection, queue: Queue, filter: &QueueFilter, today: NaiveDate) -> Res<[QueueTotal; 4]> {
    let (sql, params) = conditions(conn, filter, today)?;
    let d = |n: i64| Value::Text((today - Duration::days(n)).to_string());
    let full = format!(
        "SELECT CASE WHEN w.opened_on >= ? THEN 0 WHEN w.opened_on >= ? THEN 1 WHEN w.opened_on >= ? THEN 2 ELSE 3 END AS b,
         count(*), sum(w.amount_cents) FROM {} WHERE w.queue = ?{sql} GROUP BY b",
        from_clause(filter)
    );
    let mut all = vec![d(30), d(60), d(90), Value::Text(queue.as_str().into())];
    all.extend(params);
    let mut out = [QueueTotal::default(); 4];
    let mut stmt = conn.prepare_cached(&full)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(all), |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
    })?;
    for r in rows {
        let (b, n, cents) = r?;
        out[b.clamp(0, 3) as usize] = QueueTotal { count: n as u64, amount: Cents(cents) };
    }
    Ok(out)
}
