//! The rollups the ledger keeps (claims by remit day, denials by the day opened, open work by
//! age, write-offs, appeal decisions, decisions per biller, the week's review by slice and by
//! queue) equal the ones rebuilt from scratch, after any sequence of imports (new, repeated, dry
//! runs, files cut short), 277 acknowledgements, decisions and their undo; and each week's
//! review read from them equals the one computed from the week's items.

mod common;

use common::steps::{Step, run, step};
use overturn::domain::rca::{WeekTallies, summarize, summarize_tallies};
use overturn::domain::week::Week;
use overturn::store::Store;
use overturn::store::backend::Backend;
use overturn::store::{claim_day, rca, work_day, writeoffs};
use proptest::prelude::*;
use rusqlite::types::Value;
use std::collections::HashMap;

/// Every rollup row that counts something (a kept row can come back to zero and stay).
fn rows(store: &Store) -> Vec<Vec<Value>> {
    let mut out = Vec::new();
    for sql in [
        "SELECT 'claim', * FROM claim_day ORDER BY remit_date, payer_id, provider, place",
        "SELECT 'work', * FROM work_day ORDER BY opened_on",
        "SELECT 'open', * FROM open_day ORDER BY age_from",
        "SELECT 'written off', * FROM writeoff_day ORDER BY close_reason, closed_on, kind",
        "SELECT 'appeals', * FROM appeal_day ORDER BY outcome_on, payer_name, category",
        "SELECT 'billers', * FROM biller_day ORDER BY day, actor",
        "SELECT 'causes', * FROM category_day ORDER BY opened_on, category",
        "SELECT 'queues', * FROM queue_total ORDER BY queue",
        "SELECT 'slices', * FROM slice_week ORDER BY week, slice, value, category",
        "SELECT 'week queues', * FROM queue_week ORDER BY week, category, kind, queue",
    ] {
        let mut s = store.conn().prepare(sql).unwrap();
        let n = s.column_count();
        let rows = s.query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect::<Result<Vec<_>, _>>()).unwrap();
        out.extend(
            rows.map(Result::unwrap)
                .filter(|r: &Vec<Value>| r.iter().any(|v| matches!(v, Value::Integer(i) if *i != 0))),
        );
    }
    out
}

/// Every week that has a work item of the review (no-response items are not denials).
fn weeks(store: &Store) -> Vec<Week> {
    let mut s = store.conn().prepare("SELECT DISTINCT opened_on FROM work_item WHERE kind <> 'no_response'").unwrap();
    let mut out: Vec<Week> = s
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|d| Week::containing(d.unwrap().parse().unwrap()))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn sqlite(ledger: &Backend) -> &Store {
    match ledger {
        Backend::Sqlite(store) => store,
        Backend::Postgres(_) => unreachable!("these ledgers are files"),
    }
}

/// The rollups as kept, and as rebuilt from scratch (queue totals included).
fn kept_and_rebuilt(store: &Store) -> (Vec<Vec<Value>>, Vec<Vec<Value>>) {
    let kept = rows(store);
    let queues = "UPDATE queue_total SET items = (SELECT count(*) FROM work_item w WHERE w.queue = queue_total.queue),
        amount_cents = (SELECT coalesce(sum(amount_cents), 0) FROM work_item w WHERE w.queue = queue_total.queue);";
    store
        .conn()
        .execute_batch(&format!("BEGIN; {} {} {} {queues}", claim_day::REBUILD, work_day::REBUILD, rca::REBUILD_WEEKS))
        .unwrap();
    let rebuilt = rows(store);
    store.conn().execute_batch("ROLLBACK").unwrap();
    (kept, rebuilt)
}

/// A 277 transaction set imported before, repeated in a new file, opens its rejections again
/// (the earlier ones were closed) and is then rolled back inside the import: what it added
/// to the tallies goes with it.
#[test]
fn a_repeated_277_rolled_back_inside_an_import_leaves_no_counts() {
    let (g, store) = common::ledger();
    let mut ledger = Backend::Sqlite(store);
    run(&mut ledger, g.path(), 0, &Step::Ack { seed: 1, then: None });
    let store = sqlite(&ledger);
    let rejections = common::scalar(store, "SELECT count(*) FROM work_item WHERE kind = 'rejection'");
    assert!(rejections > 0);
    store
        .conn()
        .execute_batch("UPDATE work_item SET state = 'resolved', queue = 'done', closed_on = '2026-11-20'")
        .unwrap();
    run(&mut ledger, g.path(), 1, &Step::Ack { seed: 1, then: Some(1) });
    let store = sqlite(&ledger);
    let after = common::scalar(store, "SELECT count(*) FROM work_item WHERE kind = 'rejection'");
    assert!(after > rejections, "the second file's new transaction set is kept");
    let (kept, rebuilt) = kept_and_rebuilt(store);
    assert_eq!(kept, rebuilt);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

    #[test]
    fn the_kept_claim_rollup_equals_a_rebuild(steps in prop::collection::vec(step(), 2..14)) {
        let (g, store) = common::ledger();
        let mut ledger = Backend::Sqlite(store);
        for (i, s) in steps.iter().enumerate() {
            run(&mut ledger, g.path(), i, s);
        }
        let store = sqlite(&ledger);
        let (kept, rebuilt) = kept_and_rebuilt(store);
        let claims = common::scalar(store, "SELECT count(*) FROM claim WHERE source = '835'");
        let claim_rows = kept.iter().filter(|r| r[0] == Value::Text("claim".into())).count();
        prop_assert_eq!(claim_rows == 0, claims == 0);
        prop_assert_eq!(kept, rebuilt);
        // Every week's review from the kept rollups says what the week's items say.
        let tables = overturn::tables::builtin();
        for week in weeks(store) {
            let items = rca::week_items(store.conn(), &tables, week).unwrap();
            let tallies = rca::week_tallies(store.conn(), &tables, week).unwrap();
            prop_assert!(!tallies.slices.is_empty());
            prop_assert_eq!(&tallies, &WeekTallies::from_items(&items));
            prop_assert_eq!(summarize_tallies(&tallies, &HashMap::new(), 8), summarize(&items, &HashMap::new(), 8));
        }
        // Items carry their current claim's facts for the root-cause review (kept when an
        // answer moves an item to the corrected claim).
        let stale = common::scalar(store, "SELECT count(*) FROM work_item w JOIN claim c ON c.id = w.claim_id
            WHERE w.intake <> c.source OR w.place IS NOT c.facility_code
               OR w.provider <> coalesce(nullif(c.rendering_name, ''), c.rendering_npi, '')");
        prop_assert_eq!(stale, 0);
        // The Write-offs tab's totals read the rollup unfiltered and the items under a filter:
        // a filter every item passes gives the same figures.
        let today = common::today();
        let all = overturn::domain::filter::QueueFilter::parse("amt:<9999999").unwrap();
        let from_rollup = writeoffs::totals(store.conn(), &Default::default(), today).unwrap();
        let from_items = writeoffs::totals(store.conn(), &all, today).unwrap();
        prop_assert_eq!(from_rollup.all, from_items.all);
        let sorted = |mut r: Vec<(String, [overturn::store::queue::QueueTotal; 4])>| { r.sort_by(|a, b| a.0.cmp(&b.0)); r };
        prop_assert_eq!(sorted(from_rollup.rows), sorted(from_items.rows));
    }
}
