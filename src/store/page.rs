//! Pages of a queue for the desk: a filter, an order, and a keyset anchor (the first page, the
//! last page, or the rows after / before a known row). Never an OFFSET: moving a page costs
//! the same at row 10 and at row 900,000.

use chrono::{Duration, NaiveDate};

use super::StoreError;
use super::db::{Conn, Value, refs};
use super::queue::{QueueRow, QueueSort, QueueTotal};
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
            QueueSort::Priority => Value::Int(r.priority),
            QueueSort::Amount => Value::Int(r.amount.cents()),
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

/// `WHERE` conditions (after the queue) and their parameters for a filter. The dialects differ
/// here only: SQLite's LIKE ignores ASCII case (PostgreSQL's ILIKE does), and SQLite's unary
/// `+` keeps a range off index choice (PostgreSQL's planner needs no hint).
pub(super) fn conditions(db: Conn<'_>, f: &QueueFilter, today: NaiveDate) -> Res<(String, Vec<Value>)> {
    let like = db.pick("LIKE", "ILIKE");
    let unindexed = db.pick("+", "");
    let mut sql = String::new();
    let mut params: Vec<Value> = Vec::new();
    let mut add = |clause: &str, values: Vec<Value>| {
        sql.push_str(" AND ");
        sql.push_str(clause);
        params.extend(values);
    };
    if let Some(p) = &f.payer {
        // Resolve the payer first: one payer becomes an indexed equality.
        let sql = format!("SELECT id FROM payer WHERE name {like} ?1 ESCAPE '\\' OR ident = ?2");
        let ids: Vec<i64> = db.query_map(&sql, &[&contains(p), p], |r| r.get(0))?;
        match ids.len() {
            0 => add("1 = 0", vec![]),
            1 => add("w.payer_id = ?", vec![Value::Int(ids[0])]),
            n => add(&format!("w.payer_id IN ({})", vec!["?"; n].join(",")), ids.into_iter().map(Value::Int).collect()),
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
            let name = super::owners::on_file(db, o)?.unwrap_or_else(|| o.to_string());
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
            &format!("(c.rendering_npi = ? OR c.rendering_name {like} ? ESCAPE '\\')"),
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
        add(&format!("{unindexed}w.due_date {} ?", symbol(cmp)), vec![date]);
    }
    if let Some((cmp, cents)) = f.amount {
        add(&format!("{unindexed}w.amount_cents {} ?", symbol(cmp)), vec![Value::Int(cents.cents())]);
    }
    for word in &f.text {
        let pattern = Value::Text(contains(word));
        add(
            &format!(
                "(c.patient_last {like} ? ESCAPE '\\' OR c.patient_first {like} ? ESCAPE '\\'
                  OR c.pcn {like} ? ESCAPE '\\' OR c.payer_claim_no {like} ? ESCAPE '\\'
                  OR w.payer_name {like} ? ESCAPE '\\')"
            ),
            vec![pattern.clone(), pattern.clone(), pattern.clone(), pattern.clone(), pattern],
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
pub fn page<'a>(db: impl Into<Conn<'a>>, req: &PageRequest<'_>) -> Res<Vec<QueueRow>> {
    let db = db.into();
    let reversed = matches!(req.anchor, Anchor::Last | Anchor::Before(_));
    let mut rows = match &req.anchor {
        Anchor::First | Anchor::Last => rows_where(db, req, "", &[], reversed, req.limit)?,
        Anchor::After(k) | Anchor::Before(k) | Anchor::From(k) => {
            // "After" follows the order; in a descending order that means smaller keys.
            let forward = !matches!(req.anchor, Anchor::Before(_));
            let beyond = if forward == req.sort.descending() { "<" } else { ">" };
            let from = if matches!(req.anchor, Anchor::From(_)) { format!("{beyond}=") } else { beyond.to_string() };
            let col = req.sort.column();
            // The anchor's ties first (one index seek to the anchor's id), then the values
            // beyond it: a single row-value range makes SQLite seek on the value alone and
            // walk every tie before the anchor (200,000 items of one payer).
            let id = Value::Int(k.id);
            let ties = format!(" AND {col} = ? AND w.id {from} ?");
            let mut rows = rows_where(db, req, &ties, &[k.value.clone(), id], reversed, req.limit)?;
            if rows.len() < req.limit {
                let rest = format!(" AND {col} {beyond} ?");
                rows.extend(rows_where(
                    db,
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
    db: Conn<'_>,
    req: &PageRequest<'_>,
    extra: &str,
    extra_params: &[Value],
    reversed: bool,
    limit: usize,
) -> Res<Vec<QueueRow>> {
    let (sql, params) = conditions(db, req.filter, req.today)?;
    let full = format!(
        "{} WHERE w.queue = ?{sql}{extra} ORDER BY {} LIMIT ?",
        super::queue::select(db),
        req.sort.order_by(reversed)
    );
    let mut all: Vec<Value> = vec![Value::Text(req.queue.as_str().into())];
    all.extend(params);
    all.extend(extra_params.iter().cloned());
    all.push(Value::Int(limit as i64));
    db.query_map(&full, &refs(&all), super::queue::row)
}

/// How many items of the queue come before `key` in `sort`'s order under the filter: the rank
/// of the row at `key` (an index range count, so re-sorting keeps the cursor's item in view).
pub fn rank<'a>(
    db: impl Into<Conn<'a>>,
    queue: Queue,
    sort: QueueSort,
    filter: &QueueFilter,
    key: &SortKey,
    today: NaiveDate,
) -> Res<u64> {
    let db = db.into();
    let (sql, params) = conditions(db, filter, today)?;
    let before = if sort.descending() { ">" } else { "<" };
    let col = sort.column();
    // The values before the key's, then the key's ties before its id: two index ranges that end
    // at the key (one row-value range would also walk the ties after it, as pages did).
    let mut n = 0;
    for (extra, values) in [
        (format!("{col} {before} ?"), vec![key.value.clone()]),
        (format!("{col} = ? AND w.id {before} ?"), vec![key.value.clone(), Value::Int(key.id)]),
    ] {
        let full = format!("SELECT count(*) FROM {} WHERE w.queue = ?{sql} AND {extra}", from_clause(filter));
        let mut all: Vec<Value> = vec![Value::Text(queue.as_str().into())];
        all.extend(params.iter().cloned());
        all.extend(values);
        n += db.query_row(&full, &refs(&all), |r| r.get::<i64, _>(0))?;
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
pub fn count<'a>(db: impl Into<Conn<'a>>, queue: Queue, filter: &QueueFilter, today: NaiveDate) -> Res<QueueTotal> {
    let db = db.into();
    if filter.is_empty() {
        return super::queue::totals(db, queue);
    }
    let (sql, params) = conditions(db, filter, today)?;
    let full = format!(
        "SELECT count(*), coalesce(sum(w.amount_cents), 0) FROM {} WHERE w.queue = ?{sql}",
        from_clause(filter)
    );
    let mut all: Vec<Value> = vec![Value::Text(queue.as_str().into())];
    all.extend(params);
    db.query_row(&full, &refs(&all), |r| Ok(QueueTotal { count: r.get::<i64, _>(0)? as u64, amount: Cents(r.get(1)?) }))
}

/// Items and dollars by age since the denial: 0-30, 31-60, 61-90, over 90 days.
pub fn aging<'a>(
    db: impl Into<Conn<'a>>,
    queue: Queue,
    filter: &QueueFilter,
    today: NaiveDate,
) -> Res<[QueueTotal; 4]> {
    let db = db.into();
    let (sql, params) = conditions(db, filter, today)?;
    let d = |n: i64| Value::Text((today - Duration::days(n)).to_string());
    let full = format!(
        "SELECT CASE WHEN w.opened_on >= ? THEN 0 WHEN w.opened_on >= ? THEN 1 WHEN w.opened_on >= ? THEN 2 ELSE 3 END AS b,
         count(*), sum(w.amount_cents) FROM {} WHERE w.queue = ?{sql} GROUP BY b",
        from_clause(filter)
    );
    let mut all = vec![d(30), d(60), d(90), Value::Text(queue.as_str().into())];
    all.extend(params);
    let mut out = [QueueTotal::default(); 4];
    let rows =
        db.query_map(&full, &refs(&all), |r| Ok((r.get::<i64, _>(0)?, r.get::<i64, _>(1)?, r.get::<i64, _>(2)?)))?;
    for (b, n, cents) in rows {
        out[b.clamp(0, 3) as usize] = QueueTotal { count: n as u64, amount: Cents(cents) };
    }
    Ok(out)
}
