//! Reading the queues: rows in priority (or another) order, and per-tab totals.
//! Every order here is served by an index on (queue, key, id).

use std::sync::LazyLock;

use chrono::NaiveDate;

use super::StoreError;
use super::db::{Conn, Row};
use super::queue_appeal::{self, AppealBrief};
use crate::domain::appeal::{AppealLevel, NextAction};
use crate::domain::money::Cents;
use crate::domain::vocab::{Path, PlanType, RootCause, Team};
use crate::domain::workflow::{Queue, WorkKind, WorkState};

type Res<T> = Result<T, StoreError>;

/// How a queue is ordered. Each order is one index: (queue, column, id), one direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueSort {
    #[default]
    Priority,
    Amount,
    Due,
    Age,
    Payer,
}

impl QueueSort {
    pub const ALL: [QueueSort; 5] =
        [QueueSort::Priority, QueueSort::Amount, QueueSort::Due, QueueSort::Age, QueueSort::Payer];

    pub fn label(self) -> &'static str {
        match self {
            QueueSort::Priority => "priority",
            QueueSort::Amount => "dollars",
            QueueSort::Due => "due date",
            QueueSort::Age => "age",
            QueueSort::Payer => "payer",
        }
    }

    pub fn next(self) -> QueueSort {
        let i = QueueSort::ALL.iter().position(|s| *s == self).unwrap_or(0);
        QueueSort::ALL[(i + 1) % QueueSort::ALL.len()]
    }

    pub(super) fn column(self) -> &'static str {
        match self {
            QueueSort::Priority => "w.priority",
            QueueSort::Amount => "w.amount_cents",
            QueueSort::Due => "w.due_rank",
            QueueSort::Age => "w.opened_on",
            QueueSort::Payer => "w.payer_name",
        }
    }

    /// Biggest first for money and priority; soonest, oldest, A-Z otherwise.
    pub(super) fn descending(self) -> bool {
        matches!(self, QueueSort::Priority | QueueSort::Amount)
    }

    pub(super) fn order_by(self, reversed: bool) -> String {
        let dir = if self.descending() != reversed { "DESC" } else { "ASC" };
        format!("{c} {dir}, w.id {dir}", c = self.column())
    }
}

/// One work item as a queue shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueRow {
    pub id: i64,
    pub kind: WorkKind,
    pub state: WorkState,
    pub priority: i64,
    pub urgency: u32,
    pub recoverability: u32,
    pub amount: Cents,
    pub opened_on: Option<NaiveDate>,
    pub patient_last: String,
    pub patient_first: String,
    pub payer: String,
    pub pcn: String,
    pub payer_claim_no: Option<String>,
    pub service_date: Option<NaiveDate>,
    pub procedure: Option<String>,
    pub reason_code: String,
    pub carc: Option<String>,
    pub rarcs: String,
    pub category: RootCause,
    pub team: Team,
    pub due_date: Option<NaiveDate>,
    pub filing_deadline: Option<NaiveDate>,
    pub appeal_deadline: Option<NaiveDate>,
    /// Last possible dates of the two windows (`None`: no published outer limit, or none).
    pub filing_last: Option<NaiveDate>,
    pub appeal_last: Option<NaiveDate>,
    pub owner: Option<String>,
    pub suggested_path: Path,
    pub path_reason: String,
    pub appealable: bool,
    pub plan_type: PlanType,
    /// The deadline order's key: the due date (9999-12-31 when none), then dollars descending.
    pub due_rank: String,
    pub close_reason: Option<String>,
    pub close_note: Option<String>,
    pub closed_on: Option<NaiveDate>,
    pub recovered: Cents,
    /// How often the payer denied it again after it was worked.
    pub repeat_count: u32,
    /// When the path was decided (a fix: when the corrected claim went out).
    pub decided_on: Option<NaiveDate>,
    pub member_id: Option<String>,
    pub appeal: Option<AppealBrief>,
    /// Counts every change: a decision on this row is refused when the item moved on since.
    pub version: i64,
}

/// The columns of a queue row and their joins (the appeal's brief differs by dialect).
pub(super) fn select(db: Conn<'_>) -> &'static str {
    static SQLITE: LazyLock<String> = LazyLock::new(|| select_with(queue_appeal::COLUMNS_SQLITE));
    static POSTGRES: LazyLock<String> = LazyLock::new(|| select_with(queue_appeal::COLUMNS_POSTGRES));
    db.pick(&SQLITE, &POSTGRES)
}

fn select_with(appeal_columns: &str) -> String {
    format!(
        "SELECT w.id, w.kind, w.state, w.priority, w.urgency_permille, w.recover_permille, w.amount_cents,
    w.opened_on, coalesce(c.patient_last, '') AS patient_last, coalesce(c.patient_first, '') AS patient_first,
    w.payer_name, c.pcn, c.payer_claim_no, w.service_date, w.procedure_code, w.reason_code, w.carc,
    coalesce(w.rarcs, '') AS rarcs, w.category, w.team, w.due_date, w.filing_deadline, w.appeal_deadline, w.owner,
    w.suggested_path, w.path_reason, w.appealable, w.plan_type, w.due_rank, w.close_reason, w.closed_on,
    w.recovered_cents, w.repeat_count, w.close_note, w.filing_last, w.appeal_last, w.decided_on, c.member_id,
    w.version, {appeal_columns}
    FROM work_item w JOIN claim c ON c.id = w.claim_id LEFT JOIN appeal a ON a.id = w.appeal_id"
    )
}

/// One row of `SELECT`, read by column name and type: an unknown word or a malformed date is
/// an error that names it, never a silent default.
pub(super) fn row(r: &Row<'_>) -> Res<QueueRow> {
    Ok(QueueRow {
        version: r.get("version")?,
        id: r.get("id")?,
        kind: r.get("kind")?,
        state: r.get("state")?,
        priority: r.get("priority")?,
        urgency: r.get("urgency_permille")?,
        recoverability: r.get("recover_permille")?,
        amount: r.get("amount_cents")?,
        opened_on: r.get("opened_on")?,
        patient_last: r.get("patient_last")?,
        patient_first: r.get("patient_first")?,
        payer: r.get("payer_name")?,
        pcn: r.get("pcn")?,
        payer_claim_no: r.get("payer_claim_no")?,
        service_date: r.get("service_date")?,
        procedure: r.get("procedure_code")?,
        reason_code: r.get("reason_code")?,
        carc: r.get("carc")?,
        rarcs: r.get("rarcs")?,
        category: r.get("category")?,
        team: r.get("team")?,
        due_date: r.get("due_date")?,
        filing_deadline: r.get("filing_deadline")?,
        appeal_deadline: r.get("appeal_deadline")?,
        owner: r.get("owner")?,
        suggested_path: r.get("suggested_path")?,
        path_reason: r.get("path_reason")?,
        appealable: r.get("appealable")?,
        plan_type: r.get("plan_type")?,
        due_rank: r.get("due_rank")?,
        close_reason: r.get("close_reason")?,
        closed_on: r.get("closed_on")?,
        recovered: r.get("recovered_cents")?,
        repeat_count: r.get("repeat_count")?,
        close_note: r.get("close_note")?,
        filing_last: r.get("filing_last")?,
        appeal_last: r.get("appeal_last")?,
        decided_on: r.get("decided_on")?,
        member_id: r.get("member_id")?,
        appeal: queue_appeal::brief(r)?,
    })
}

impl QueueRow {
    /// The suggested path in the biller's words: a claim the payer never answered is followed
    /// up (its stored path is the fix it may come to, a resubmission).
    pub fn path_word(&self) -> &'static str {
        match self.kind {
            crate::domain::workflow::WorkKind::NoResponse => "follow",
            _ => self.suggested_path.as_str(),
        }
    }

    /// What to do next on the item's appeal, while the item is still being worked.
    pub fn next_action(&self, levels: &[AppealLevel]) -> Option<NextAction> {
        let active = self.state.is_active();
        self.appeal.as_ref().filter(|_| active).and_then(|a| a.next_action(levels, self.amount))
    }
}

/// Calls `f` for each item of `queue` in `sort` order, at most `limit` of them.
pub fn for_each<'a>(
    db: impl Into<Conn<'a>>,
    queue: Queue,
    sort: QueueSort,
    limit: Option<u64>,
    f: impl FnMut(QueueRow) -> Res<()>,
) -> Res<()> {
    let db = db.into();
    let order = sort.order_by(false);
    match limit {
        Some(n) => {
            let sql = format!("{} WHERE w.queue = ?1 ORDER BY {order} LIMIT ?2", select(db));
            db.for_each(&sql, &[&queue, &n], row, f)
        }
        None => db.for_each(&format!("{} WHERE w.queue = ?1 ORDER BY {order}", select(db)), &[&queue], row, f),
    }
}

/// One item by id.
pub fn item<'a>(db: impl Into<Conn<'a>>, id: i64) -> Res<Option<QueueRow>> {
    let db = db.into();
    db.query_opt(&format!("{} WHERE w.id = ?1", select(db)), &[&id], row)
}

/// Open count and dollars per queue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueTotal {
    pub count: u64,
    pub amount: Cents,
}

/// Kept by triggers on `work_item`: one row read, whatever the size of the ledger.
pub fn totals<'a>(db: impl Into<Conn<'a>>, queue: Queue) -> Res<QueueTotal> {
    db.into().query_row("SELECT items, amount_cents FROM queue_total WHERE queue = ?1", &[&queue], |r| {
        Ok(QueueTotal { count: r.get::<i64, _>(0)? as u64, amount: r.get(1)? })
    })
}
