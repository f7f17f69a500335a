//! Work items and the append-only event log.

use std::sync::LazyLock;

use chrono::NaiveDate;

use super::StoreError;
use super::db::{Conn, ToValue, Value};
use super::rca::PROVIDER;
use super::work_tally::{ItemTally, TalliedItem};
use crate::domain::triage::Triage;
use crate::domain::workflow::{ItemFacts, WorkKind, WorkState, queue_of};

type Res<T> = Result<T, StoreError>;

pub(super) use super::item_log::{INSERT_EVENT, event_values};
pub use super::item_log::{
    NewEvent, active_items_of_claim, active_rejections_for_pcn, append_event, resubmitted_denials_for_pcn, set_state,
};

use super::sql_types::iso_opt as day;

/// Everything a new work item records: its facts, where it came from, and its triage.
pub struct NewWorkItem<'a> {
    pub facts: &'a ItemFacts<'a>,
    pub claim_id: i64,
    pub batch_id: i64,
    pub payer_id: Option<i64>,
    /// The rule it was triaged by ([`super::rule_texts`]).
    pub rule_id: i64,
    pub plan_type: &'a str,
    pub triage: &'a Triage,
    pub opened_on: NaiveDate,
    pub today: NaiveDate,
    pub created_at: &'a str,
}

/// The columns a classification and its triage fill, in the order of [`classification`]: the
/// same for a new item and for one reclassified by a repeat denial.
const CLASSIFIED: &[&str] = &[
    "reason_code",
    "group_code",
    "carc",
    "rarcs",
    "status_code",
    "entity_code",
    "category",
    "work_type",
    "team",
    "hardness",
    "appealable",
    "caqh",
    "amount_cents",
    "service_date",
    "procedure_code",
    "filing_deadline",
    "filing_last",
    "filing_basis",
    "appeal_deadline",
    "appeal_last",
    "appeal_basis",
    "last_date",
    "suggested_path",
    "path_reason",
    "resubmit",
    "lines",
];

/// A new or reclassified item's [`CLASSIFIED`] values.
pub fn classification(f: &ItemFacts<'_>, t: &Triage) -> Vec<Value> {
    let text = |s: Option<&str>| s.map_or(Value::Null, |s| Value::Text(s.to_string()));
    let date = |d: Option<NaiveDate>| text(day(d).as_deref());
    vec![
        text(Some(f.reason_code)),
        text(f.group_code),
        text(f.carc),
        text(Some(f.rarcs)),
        text(f.status_code),
        text(f.entity_code),
        text(Some(f.category.as_str())),
        text(Some(f.work_type.as_str())),
        text(Some(f.team.as_str())),
        text(Some(f.hardness.as_str())),
        Value::Int(i64::from(f.appealable)),
        f.caqh.map_or(Value::Null, |c| Value::Int(i64::from(c))),
        Value::Int(f.amount.cents()),
        date(f.service_date),
        text(f.procedure_code),
        date(t.filing.as_ref().map(|d| d.date)),
        date(t.filing.as_ref().and_then(|d| d.last)),
        text(t.filing.as_ref().map(|d| d.basis.as_str())),
        date(t.appeal.as_ref().map(|d| d.date)),
        date(t.appeal.as_ref().and_then(|d| d.last)),
        text(t.appeal.as_ref().map(|d| d.basis.as_str())),
        date(t.last),
        text(Some(t.path.as_str())),
        text(Some(&t.path_reason)),
        text(Some(t.resubmit.as_str())),
        text(f.lines),
    ]
}

/// The claim's facts an item carries (payer name, intake, rendering provider, place).
static CLAIM_FACTS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT coalesce((SELECT name FROM payer WHERE id = ?2), ''), c.source, {PROVIDER}, c.facility_code
         FROM claim c WHERE c.id = ?1"
    )
});

/// A new item's columns, in the order of [`new_item_values`].
pub(super) static COLUMNS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "kind, state, queue, claim_id, batch_id, payer_id, rule_id, rule_source, due_date, urgency_permille, recover_permille,
         priority, priority_as_of, opened_on, created_at, plan_type, payer_name, intake, provider, place,
         denied_cents, {}",
        CLASSIFIED.join(", ")
    )
});

/// Where the claim's id is among a new item's values.
pub(super) const CLAIM_COLUMN: usize = 3;

/// One row of VALUES, not INSERT ... SELECT: an insert of one row without triggers checks its
/// foreign keys before it writes, so SQLite keeps no statement journal (a copy of every page
/// the insert touches, fifteen indexes' worth) for it.
pub(super) static INSERT: LazyLock<String> = LazyLock::new(|| {
    let marks: Vec<String> = (0..21 + CLASSIFIED.len()).map(|i| format!("?{}", i + 1)).collect();
    format!("INSERT INTO work_item ({}) VALUES ({})", *COLUMNS, marks.join(", "))
});

/// A new (open) item's row in [`COLUMNS`] order; `facts` are its claim's payer name, intake,
/// rendering provider and place as [`CLAIM_FACTS`] reads them.
pub fn new_item_values(w: &NewWorkItem<'_>, facts: [Value; 4]) -> Vec<Value> {
    let class = classification(w.facts, w.triage);
    with_item_row(w, &facts, &class, |row| row.iter().map(|v| v.to_value()).collect())
}

fn as_param(v: &Value) -> &dyn ToValue {
    v
}

/// [`new_item_values`] borrowed, handed to `run`, with the [`classification`] values `class`.
fn with_item_row<R>(
    w: &NewWorkItem<'_>,
    facts: &[Value; 4],
    class: &[Value],
    run: impl FnOnce(&[&dyn ToValue]) -> R,
) -> R {
    let t = w.triage;
    let f = w.facts;
    let state = WorkState::Open;
    let (queue, today, priority) = (queue_of(f.kind, state), super::sql_types::iso(w.today), t.priority());
    let opened_on = super::sql_types::iso(w.opened_on);
    let amount = f.amount.cents();
    let head: [&dyn ToValue; 16] = [
        &f.kind,
        &state,
        &queue,
        &w.claim_id,
        &w.batch_id,
        &w.payer_id,
        &w.rule_id,
        // rule_source: the text is rule_text's (schema v14); the column keeps older items'.
        &"",
        &t.due,
        &t.factors.urgency,
        &t.factors.recoverability,
        &priority,
        &today,
        &opened_on,
        &w.created_at,
        &w.plan_type,
    ];
    let row: Vec<&dyn ToValue> = head
        .into_iter()
        .chain(facts.iter().map(as_param))
        .chain([&amount as &dyn ToValue])
        .chain(class.iter().map(as_param))
        .collect();
    run(&row)
}

/// The claim facts of [`new_item_values`] from the claim itself (PostgreSQL's import, for a
/// claim not written yet): the same values [`CLAIM_FACTS`] reads from its row.
pub fn claim_facts(payer_name: &str, c: &crate::domain::remit::RemitClaim, intake: &str) -> [Value; 4] {
    let provider = c.rendering_name.as_deref().filter(|n| !n.is_empty()).or(c.rendering_npi.as_deref()).unwrap_or("");
    [
        Value::Text(payer_name.to_string()),
        Value::Text(intake.to_string()),
        Value::Text(provider.to_string()),
        c.facility_code.as_ref().map_or(Value::Null, |p| Value::Text(p.clone())),
    ]
}

/// Inserts a new (open) item while its insert triggers are set aside, and tallies what they
/// would have added (see [`super::work_tally`]).
pub fn insert_work_item<'a>(db: impl Into<Conn<'a>>, tally: &mut ItemTally, w: &NewWorkItem<'_>) -> Res<i64> {
    insert_work_item_with(db.into(), None, tally, w, None, None)
}

/// [`insert_work_item`] through the import's prepared statement when it has one, with its
/// claim's facts (payer name, intake, provider, place) when the caller knows them as
/// [`claim_facts`] gives them (otherwise [`CLAIM_FACTS`] reads them from the claim's row), and
/// with its [`classification`] values when they were made already.
pub fn insert_work_item_with(
    conn: Conn<'_>,
    held: Option<&mut super::item_writer::ItemWriter<'_>>,
    tally: &mut ItemTally,
    w: &NewWorkItem<'_>,
    known: Option<&[Value; 4]>,
    classified: Option<&[Value]>,
) -> Res<i64> {
    let f = w.facts;
    let state = WorkState::Open;
    let (opened_on, service_date) = (super::sql_types::iso(w.opened_on), day(f.service_date));
    let read: [Value; 4];
    let facts = match known {
        Some(facts) => facts,
        None => {
            let row = conn.query_opt(&CLAIM_FACTS, &[&w.claim_id, &w.payer_id], |r| {
                Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?])
            })?;
            read = row.ok_or_else(|| {
                StoreError::new(format!("work item on claim {}: the claim is not in the ledger", w.claim_id))
            })?;
            &read
        }
    };
    let denied = f.amount.cents();
    let made;
    let class = match classified {
        Some(c) => c,
        None => {
            made = classification(f, w.triage);
            &made[..]
        }
    };
    let id = with_item_row(w, facts, class, |row| match held {
        Some(writer) => writer.insert_item(row),
        None => conn.insert(&INSERT, row),
    })?;
    let fact = |i: usize| match &facts[i] {
        Value::Text(s) => s.as_str(),
        _ => "",
    };
    let carc = match (f.group_code, f.carc) {
        (Some(g), Some(c)) => format!("{g}-{c}"),
        (None, Some(c)) => c.to_string(),
        _ => f.reason_code.to_string(),
    };
    let week = super::sql_types::iso(crate::domain::week::Week::containing(w.opened_on).monday());
    tally.add(&TalliedItem {
        queue: queue_of(f.kind, state).as_str(),
        denial: f.kind == WorkKind::Denial,
        opened_on: &opened_on,
        age_from: service_date.as_deref().unwrap_or(&opened_on),
        category: f.category.as_str(),
        amount_cents: f.amount.cents(),
        denied_cents: denied,
        kind: f.kind.as_str(),
        week: &week,
        era_denial: f.kind == WorkKind::Denial && !matches!(fact(1), "277" | "csv"),
        slices: [
            ("payer", fact(0)),
            ("procedure", f.procedure_code.unwrap_or("")),
            ("provider", fact(2)),
            ("location", fact(3)),
            ("carc", &carc),
            ("source", fact(1)),
            ("work_type", f.work_type.as_str()),
        ],
    });
    Ok(id)
}

static RECLASSIFY: LazyLock<String> = LazyLock::new(|| {
    let sets: Vec<String> = CLASSIFIED.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 3)).collect();
    format!("UPDATE work_item SET claim_id = ?2, {} WHERE id = ?1", sets.join(", "))
});

/// A worked item denied again: its reason, classification, amount and deadlines become the new
/// denial's; the claim it points at is the new one.
pub fn reclassify<'a>(db: impl Into<Conn<'a>>, id: i64, claim_id: i64, f: &ItemFacts<'_>, t: &Triage) -> Res<()> {
    let mut all = vec![Value::Int(id), Value::Int(claim_id)];
    all.extend(classification(f, t));
    db.into().execute(&RECLASSIFY, &super::db::refs(&all))?;
    Ok(())
}
