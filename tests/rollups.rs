//! The rollups the ledger keeps (claims by remit day, denials by the day opened, open work by
//! age, write-offs, appeal decisions, decisions per biller, the week's review by slice and by
//! queue) equal the ones rebuilt from scratch, after any sequence of imports (new, repeated, dry
//! runs, files cut short), 277 acknowledgements, decisions and their undo; and each week's
//! review read from them equals the one computed from the week's items.

mod common;

use common::steps::{Step, run, step};
use overturn::store::Store;
use overturn::store::backend::Backend;
use overturn::store::{claim_day, rca, work_day};
use proptest::prelude::*;
use rusqlite::types::Value;

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
        // Every week's review from the kept rollups says what the week's items say (and on
        // PostgreSQL in engines_alike).
        common::steps::review_agrees(store.db());
    }
}
