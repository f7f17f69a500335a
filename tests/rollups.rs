//! The rollups the ledger keeps (claims by remit day, denials by the day opened, open work by
//! age, write-offs, appeal decisions, decisions per biller, the week's review by slice and by
//! queue) equal the ones rebuilt from scratch, after any sequence of imports (new, repeated, dry
//! runs, files cut short), 277 acknowledgements, decisions and their undo; and each week's
//! review read from them equals the one computed from the week's items.

mod common;

use std::io::Write;

use chrono::Duration;
use overturn::domain::appeal::{AppealOutcome, SubmitMethod};
use overturn::domain::decision::Decision;
use overturn::domain::money::Cents;
use overturn::domain::rca::{WeekTallies, summarize, summarize_tallies};
use overturn::domain::week::Week;
use overturn::generate::{Gen277Options, Gen835Options, write_277, write_835};
use overturn::store::Store;
use overturn::store::decisions::{DecisionContext, decide, undo};
use overturn::store::{claim_day, rca, work_day, writeoffs};
use proptest::prelude::*;
use rusqlite::types::Value;
use std::collections::HashMap;

#[derive(Debug, Clone)]
enum Step {
    /// A generated 835: seed (few, so files repeat), claims, weeks before today, weeks covered.
    Import {
        seed: u64,
        claims: u64,
        back: i64,
        weeks: u32,
    },
    DryRun {
        seed: u64,
        claims: u64,
    },
    /// The file cut at this share of its length: refused.
    Cut {
        seed: u64,
        share: f64,
    },
    /// One 277, or two in one file: when the first was imported before, its transaction set is
    /// rolled back inside the import and the second kept.
    Ack {
        seed: u64,
        then: Option<u64>,
    },
    /// Fix, appeal or close the n-th open item, and maybe undo it.
    Decide {
        nth: usize,
        which: u8,
        undo: bool,
    },
    /// Appeal the n-th open item, submit it and record the payer's decision; maybe undo that.
    Outcome {
        nth: usize,
        which: u8,
        undo: bool,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0u64..4, 5u64..60, 0i64..20, 1u32..4).prop_map(|(seed, claims, back, weeks)| Step::Import { seed, claims, back, weeks }),
        1 => (0u64..4, 5u64..60).prop_map(|(seed, claims)| Step::DryRun { seed, claims }),
        1 => (0u64..4, 0.1f64..0.9).prop_map(|(seed, share)| Step::Cut { seed, share }),
        2 => (0u64..4, prop::option::of(0u64..4)).prop_map(|(seed, then)| Step::Ack { seed, then }),
        3 => (0usize..50, 0u8..3, any::<bool>()).prop_map(|(nth, which, undo)| Step::Decide { nth, which, undo }),
        4 => (0usize..50, 0u8..3, any::<bool>()).prop_map(|(nth, which, undo)| Step::Outcome { nth, which, undo }),
    ]
}

fn gen_835(seed: u64, claims: u64, back: i64, weeks: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let as_of = common::today() - Duration::weeks(back);
    write_835(&mut out, Gen835Options { claims, seed, denial_rate: 0.3, as_of, weeks }).unwrap();
    out
}

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

/// Every week that has a work item.
fn weeks(store: &Store) -> Vec<Week> {
    let mut s = store.conn().prepare("SELECT DISTINCT opened_on FROM work_item").unwrap();
    let mut out: Vec<Week> = s
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|d| Week::containing(d.unwrap().parse().unwrap()))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn context(tables: &overturn::domain::tables::Tables) -> DecisionContext<'_> {
    DecisionContext {
        actor: "dana",
        now: "2026-11-23T16:00:00Z",
        today: common::today(),
        tables,
        write_off_threshold: Cents(2500),
    }
}

fn run(store: &mut Store, dir: &std::path::Path, i: usize, step: &Step) {
    let file = |bytes: &[u8]| {
        let p = dir.join(format!("f{i}"));
        std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
        p
    };
    let tables = overturn::tables::builtin();
    match *step {
        Step::Import { seed, claims, back, weeks } => {
            common::import(store, &file(&gen_835(seed, claims, back, weeks)));
        }
        Step::DryRun { seed, claims } => {
            let s = overturn::ledger::ImportSettings { dry_run: true, ..common::settings() };
            common::import_with(store, &file(&gen_835(seed + 10, claims, 0, 2)), &s);
        }
        Step::Cut { seed, share } => {
            let bytes = gen_835(seed + 20, 30, 1, 2);
            let r = common::import(store, &file(&bytes[..(bytes.len() as f64 * share) as usize]));
            assert!(r.error.is_some(), "a cut file is refused");
        }
        Step::Ack { seed, then } => {
            let mut out = Vec::new();
            for seed in std::iter::once(seed).chain(then.map(|s| s + 10)) {
                let opts = Gen277Options {
                    claims: 20,
                    seed,
                    rejection_rate: 0.2,
                    as_of: common::today(),
                    resubmitted: Vec::new(),
                };
                write_277(&mut out, &opts).unwrap();
            }
            let r = common::import(store, &file(&out));
            assert!(r.error.is_none(), "{:?}", r.error);
        }
        Step::Outcome { nth, which, undo: take_back } => {
            let ids: Vec<i64> = {
                let mut s = store
                    .conn()
                    .prepare("SELECT id FROM work_item WHERE state = 'open' AND kind = 'denial' ORDER BY id")
                    .unwrap();
                s.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
            };
            let Some(&id) = ids.get(nth % ids.len().max(1)) else { return };
            let ctx = context(&tables);
            let today = common::today();
            let submit = Decision::Submit {
                method: SubmitMethod::Portal,
                on: today,
                confirmation: "C1".into(),
                override_reason: "test".into(),
            };
            let outcome =
                [AppealOutcome::Upheld, AppealOutcome::Overturned, AppealOutcome::Partial][which as usize % 3];
            let tx = store.begin().unwrap();
            let appeal = Decision::Appeal { note: String::new(), force: "test".into() };
            if decide(&tx, &[id], &appeal, &ctx).is_err() {
                return; // a rejection, or no appeal rights: nothing changes (the transaction rolls back)
            }
            decide(&tx, &[id], &submit, &ctx).unwrap();
            let decided =
                Decision::Outcome { outcome, on: today, paid: Cents(1000), info_due: None, note: String::new() };
            let applied = decide(&tx, &[id], &decided, &ctx).unwrap();
            if take_back {
                undo(&tx, &applied, &ctx).unwrap();
            }
            tx.commit().unwrap();
        }
        Step::Decide { nth, which, undo: take_back } => {
            let ids: Vec<i64> = {
                let mut s = store.conn().prepare("SELECT id FROM work_item WHERE state = 'open' ORDER BY id").unwrap();
                s.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
            };
            let Some(&id) = ids.get(nth % ids.len().max(1)) else { return };
            let decision = match which {
                0 => Decision::Fix { fields: vec!["member_id".into()], note: String::new(), force: "test".into() },
                1 => Decision::Appeal { note: String::new(), force: "test".into() },
                _ => Decision::Close { reason: "other".into(), note: "test".into() },
            };
            let ctx = context(&tables);
            let tx = store.begin().unwrap();
            let applied = decide(&tx, &[id], &decision, &ctx);
            if let (Ok(applied), true) = (&applied, take_back) {
                undo(&tx, applied, &ctx).unwrap();
            }
            tx.commit().unwrap();
        }
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
    let (g, mut store) = common::ledger();
    run(&mut store, g.path(), 0, &Step::Ack { seed: 1, then: None });
    let rejections = common::scalar(&store, "SELECT count(*) FROM work_item WHERE kind = 'rejection'");
    assert!(rejections > 0);
    store
        .conn()
        .execute_batch("UPDATE work_item SET state = 'resolved', queue = 'done', closed_on = '2026-11-20'")
        .unwrap();
    run(&mut store, g.path(), 1, &Step::Ack { seed: 1, then: Some(1) });
    let after = common::scalar(&store, "SELECT count(*) FROM work_item WHERE kind = 'rejection'");
    assert!(after > rejections, "the second file's new transaction set is kept");
    let (kept, rebuilt) = kept_and_rebuilt(&store);
    assert_eq!(kept, rebuilt);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

    #[test]
    fn the_kept_claim_rollup_equals_a_rebuild(steps in prop::collection::vec(step(), 2..14)) {
        let (g, mut store) = common::ledger();
        for (i, s) in steps.iter().enumerate() {
            run(&mut store, g.path(), i, s);
        }
        let (kept, rebuilt) = kept_and_rebuilt(&store);
        let claims = common::scalar(&store, "SELECT count(*) FROM claim WHERE source = '835'");
        let claim_rows = kept.iter().filter(|r| r[0] == Value::Text("claim".into())).count();
        prop_assert_eq!(claim_rows == 0, claims == 0);
        prop_assert_eq!(kept, rebuilt);
        // Every week's review from the kept rollups says what the week's items say.
        let tables = overturn::tables::builtin();
        for week in weeks(&store) {
            let items = rca::week_items(store.conn(), &tables, week).unwrap();
            let tallies = rca::week_tallies(store.conn(), &tables, week).unwrap();
            prop_assert!(!tallies.slices.is_empty());
            prop_assert_eq!(&tallies, &WeekTallies::from_items(&items));
            prop_assert_eq!(summarize_tallies(&tallies, &HashMap::new(), 8), summarize(&items, &HashMap::new(), 8));
        }
        // Items carry their current claim's facts for the root-cause review (kept when an
        // answer moves an item to the corrected claim).
        let stale = common::scalar(&store, "SELECT count(*) FROM work_item w JOIN claim c ON c.id = w.claim_id
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
