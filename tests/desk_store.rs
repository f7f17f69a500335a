//! The desk's data layer: keyset pages agree with a full ordering, filters agree with their
//! counts, decisions change items in one transaction with events, and undo restores them.

mod common;

use overturn::domain::decision::Decision;
use overturn::domain::filter::QueueFilter;
use overturn::domain::workflow::Queue;
use overturn::generate::{Gen835Options, write_835};
use overturn::store::backend::Backend;
use overturn::store::db::Conn;
use overturn::store::decisions::{DecisionContext, decide_in, undo_in};
use overturn::store::page::{Anchor, PageRequest, SortKey, count, page, rank};
use overturn::store::queue::{QueueSort, for_each};
use overturn::store::{Store, StoreError};

/// A generated month of 1,500 claims (a third denied) in `ledger`; `dir` holds the file.
fn generate_into(ledger: &mut impl common::AnyLedger, dir: &std::path::Path) {
    let file = dir.join("g.835");
    let mut out = std::fs::File::create(&file).unwrap();
    write_835(
        &mut out,
        Gen835Options {
            claims: 1500,
            seed: 5,
            denial_rate: 0.3,
            as_of: common::today(),
            weeks: overturn::generate::DEFAULT_WEEKS,
        },
    )
    .unwrap();
    let r = common::import(ledger, &file);
    assert!(r.error.is_none() && r.denials > 300, "{r:?}");
}

fn generated_ledger() -> (tempfile::TempDir, Store) {
    let (g, mut store) = common::ledger();
    generate_into(&mut store, g.path());
    (g, store)
}

/// Runs `test` on a generated month on each back end.
fn on_both_generated(name: &str, test: impl Fn(&mut Backend)) {
    common::on_both(name, |ledger, dir| {
        generate_into(ledger, dir);
        test(ledger);
    });
}

/// Runs `test` on each back end with remits-a.835 imported.
fn on_both_remits(name: &str, test: impl Fn(&mut Backend)) {
    common::on_both(name, |ledger, _| {
        assert!(common::import(ledger, &common::fixture("remits-a.835")).error.is_none());
        test(ledger);
    });
}

/// Runs `work` in a transaction that is rolled back.
fn rolled_back(ledger: &mut Backend, work: impl Fn(Conn<'_>)) {
    let e = ledger.transaction(|db| {
        work(db);
        Err::<(), _>(StoreError::new("rolled back"))
    });
    assert_eq!(e.unwrap_err().to_string(), "rolled back");
}

fn ids(store: &Backend, sort: QueueSort, filter: &QueueFilter, anchor: Anchor, limit: usize) -> Vec<i64> {
    let req = PageRequest { queue: Queue::Denials, sort, filter, anchor, limit, today: common::today() };
    page(store.db(), &req).unwrap().into_iter().map(|r| r.id).collect()
}

#[test]
fn keyset_pages_walk_the_same_order_both_ways() {
    on_both_generated("keyset_pages_walk_the_same_order_both_ways", |store| {
        let none = QueueFilter::default();
        for sort in QueueSort::ALL {
            let all = ids(store, sort, &none, Anchor::First, 100_000);
            let mut cli = Vec::new();
            for_each(store.db(), Queue::Denials, sort, None, |r| {
                cli.push(r.id);
                Ok(())
            })
            .unwrap();
            assert_eq!(all, cli, "{sort:?}: the desk and the CLI agree on the order");
            let request = |anchor, limit| PageRequest {
                queue: Queue::Denials,
                sort,
                filter: &none,
                anchor,
                limit,
                today: common::today(),
            };
            // Forward, 37 at a time.
            let mut walked: Vec<i64> = Vec::new();
            let mut anchor = Anchor::First;
            loop {
                let rows = page(store.db(), &request(anchor, 37)).unwrap();
                let Some(last) = rows.last() else { break };
                anchor = Anchor::After(SortKey::of(sort, last));
                walked.extend(rows.iter().map(|r| r.id));
            }
            assert_eq!(walked, all, "{sort:?} forward");
            // Backward from the end.
            let mut back: Vec<i64> = Vec::new();
            let mut anchor = Anchor::Last;
            loop {
                let rows = page(store.db(), &request(anchor, 41)).unwrap();
                let Some(first) = rows.first() else { break };
                anchor = Anchor::Before(SortKey::of(sort, first));
                let mut ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
                ids.extend(back);
                back = ids;
            }
            assert_eq!(back, all, "{sort:?} backward");
            // A row's rank is its place in the order (re-sorting keeps the cursor's item).
            let req = request(Anchor::First, 100_000);
            for (i, r) in page(store.db(), &req).unwrap().iter().enumerate().step_by(53) {
                let key = SortKey::of(sort, r);
                assert_eq!(rank(store.db(), Queue::Denials, sort, &none, &key, common::today()).unwrap(), i as u64);
                // The page from a row (a re-sort keeping the cursor's item) is the order from it on.
                let from = ids(store, sort, &none, Anchor::From(key), 45);
                assert_eq!(from, all[i..(i + 45).min(all.len())], "{sort:?} from row {i}");
            }
        }
    });
}

#[test]
fn filters_select_what_they_say_and_count_it() {
    on_both_generated("filters_select_what_they_say_and_count_it", |store| {
        let conn = store.db();
        for text in [
            "payer:aetna",
            "cat:elig",
            "carc:197",
            "carc:CO-97",
            "amt:>200",
            "amt:<30",
            "due:<60",
            "cpt:99214",
            "provider:okafor",
            "owner:none",
            "garcia",
            "payer:medicare cat:coding",
        ] {
            let f = QueueFilter::parse(text).unwrap();
            let rows = page(
                conn,
                &PageRequest {
                    queue: Queue::Denials,
                    sort: QueueSort::Priority,
                    filter: &f,
                    anchor: Anchor::First,
                    limit: 100_000,
                    today: common::today(),
                },
            )
            .unwrap();
            let total = count(conn, Queue::Denials, &f, common::today()).unwrap();
            assert_eq!(total.count as usize, rows.len(), "{text}");
            assert_eq!(total.amount, rows.iter().map(|r| r.amount).sum(), "{text}");
            assert!(!rows.is_empty(), "{text} should match something in the generated month");
            for r in &rows {
                let ok = match text {
                    "payer:aetna" => r.payer == "AETNA",
                    "cat:elig" => r.category.as_str() == "eligibility",
                    "carc:197" => r.carc.as_deref() == Some("197"),
                    "carc:CO-97" => r.reason_code == "CO-97",
                    "amt:>200" => r.amount.cents() > 20_000,
                    "amt:<30" => r.amount.cents() < 3_000,
                    "due:<60" => r.due_date.is_some_and(|d| (d - common::today()).num_days() < 60),
                    "cpt:99214" => r.procedure.as_deref() == Some("99214"),
                    "owner:none" => r.owner.is_none(),
                    "garcia" => r.patient_last.contains("GARCIA") || r.patient_first.contains("GARCIA"),
                    "payer:medicare cat:coding" => r.payer.contains("MEDICARE") && r.category.as_str() == "coding",
                    _ => true,
                };
                assert!(ok, "{text} let through {r:?}");
            }
        }
        let nobody = QueueFilter::parse("payer:nosuchpayer").unwrap();
        assert_eq!(count(conn, Queue::Denials, &nobody, common::today()).unwrap().count, 0);
    });
}

fn ctx<'a>(tables: &'a overturn::domain::tables::Tables) -> DecisionContext<'a> {
    DecisionContext {
        actor: "dana",
        now: "2026-11-23T16:00:00Z",
        today: common::today(),
        tables,
        write_off_threshold: overturn::config::DEFAULT_WRITE_OFF_THRESHOLD,
    }
}

#[test]
fn decisions_move_items_with_events_and_undo_restores_them() {
    on_both_remits("decisions_move_items_with_events_and_undo_restores_them", |store| {
        let tables = overturn::tables::builtin();
        let id = |store: &Backend, pcn: &str| {
            common::scalar(
                store,
                &format!("SELECT w.id FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = '{pcn}'"),
            )
        };
        let (a102, a104, a105) = (id(store, "A102"), id(store, "A104"), id(store, "A105"));

        let fix =
            Decision::Fix { fields: vec!["member_id".into()], note: "new card on file".into(), force: String::new() };
        let applied = store.transaction(|db| decide_in(db, &[a104], &fix, &ctx(&tables))).unwrap();
        assert_eq!(
            common::text(
                store,
                &format!("SELECT state || ' ' || queue || ' ' || due_date FROM work_item WHERE id = {a104}")
            ),
            "resubmitted waiting 2026-12-23",
            "out of Denials, waiting for the payer's answer by 2026-11-23 + 30 days (MCPM ch. 1 sec. 80.2.1.1)"
        );
        let waiting = overturn::store::queue::totals(store.db(), overturn::domain::workflow::Queue::Waiting).unwrap();
        assert_eq!(waiting.count, 1, "the Waiting tab counts it; Denials no longer does");
        let detail =
            common::text(store, &format!("SELECT detail FROM event WHERE work_item_id = {a104} AND action = 'fix'"));
        assert_eq!(
            detail,
            "corrected: Member ID / subscriber ID; submit a new claim (frequency code 1) (MA130): the payer holds no processed claim to replace; note: new card on file"
        );

        let appeal = Decision::Appeal { note: String::new(), force: String::new() };
        store.transaction(|db| decide_in(db, &[a105], &appeal, &ctx(&tables))).unwrap();
        assert_eq!(common::text(store, &format!("SELECT queue FROM work_item WHERE id = {a105}")), "appeals");
        assert_eq!(
            common::text(
                store,
                &format!("SELECT level || ' ' || deadline || ' ' || state FROM appeal WHERE work_item_id = {a105}")
            ),
            "1 2027-04-30 preparing"
        );

        // Appealing an item whose suggested path was a fix moves its working deadline and priority.
        let dates = |db: Conn<'_>| -> (String, i64) {
            let sql = "SELECT due_date, priority FROM work_item WHERE id = ?1";
            db.query_row(sql, &[&a102], |r| Ok((r.get(0)?, r.get(1)?))).unwrap()
        };
        rolled_back(store, |tx| {
            let before = dates(tx);
            // 2026-10-03 + 90 days = 2027-01-01, not rolled: only Medicare publishes a roll (issue 9).
            assert_eq!(before.0, "2027-01-01", "CO-27 suggests a fix: the filing deadline");
            let undo_appeal = decide_in(tx, &[a102], &appeal, &ctx(&tables)).unwrap();
            let after = dates(tx);
            assert_eq!(after.0, "2027-04-30", "an appeal works against the appeal deadline");
            assert!(after.1 < before.1, "a later deadline is less urgent: {after:?} vs {before:?}");
            undo_in(tx, &undo_appeal, &ctx(&tables)).unwrap();
            assert_eq!(dates(tx), before, "undo restores the deadline and the priority");
        });

        // A batch with one refused item changes nothing.
        rolled_back(store, |tx| {
            let e = decide_in(
                tx,
                &[a102, a105],
                &Decision::Appeal { note: String::new(), force: String::new() },
                &ctx(&tables),
            )
            .unwrap_err()
            .to_string();
            assert_eq!(
                e,
                "nothing applied: 1 of 2 items refused (appeal unavailable: already under appeal (level 1 is preparing))"
            );
            // A write-off reason must be true of every item: the filing windows are still open.
            let untrue = Decision::Close { reason: "timely_filing".into(), note: String::new() };
            let e = decide_in(tx, &[a102, a105, a104], &untrue, &ctx(&tables)).unwrap_err().to_string();
            assert!(
                e.contains("'Timely filing limit passed' is not true of this item: the filing window is open until"),
                "{e}"
            );
            let close = Decision::Close { reason: "other".into(), note: "practice decision".into() };
            let closed = decide_in(tx, &[a102, a105, a104], &close, &ctx(&tables)).unwrap();
            assert_eq!(closed.len(), 3, "closing is allowed from open, appealed and resubmitted");
        });
        assert_eq!(
            common::text(store, &format!("SELECT state FROM work_item WHERE id = {a102}")),
            "open",
            "rolled back"
        );

        // Undo puts the fix back and says so in the log.
        store.transaction(|db| undo_in(db, &applied, &ctx(&tables))).unwrap();
        assert_eq!(
            common::text(
                store,
                &format!("SELECT state || ' ' || coalesce(decided_path, '-') FROM work_item WHERE id = {a104}")
            ),
            "open -"
        );
        assert_eq!(
            common::joined(store, &format!("SELECT action FROM event WHERE work_item_id = {a104} ORDER BY id"), ","),
            "created,fix,undo"
        );
        let before = common::text(
            store,
            &format!("SELECT after_state FROM event WHERE work_item_id = {a104} AND action = 'undo'"),
        );
        assert!(before.contains("\"state\":\"open\""), "{before}");

        // Undo refuses when the item changed since.
        rolled_back(store, |tx| {
            let appealed_again =
                decide_in(tx, &[a102], &Decision::Assign { owner: Some("lee".into()) }, &ctx(&tables)).unwrap();
            decide_in(tx, &[a102], &Decision::Assign { owner: Some("kim".into()) }, &ctx(&tables)).unwrap();
            let e = undo_in(tx, &appealed_again, &ctx(&tables)).unwrap_err().to_string();
            assert!(e.starts_with(&format!("cannot undo: item {a102} changed since")), "{e}");
        });
    });
}

#[test]
fn close_needs_a_known_reason_and_other_needs_a_note() {
    on_both_remits("close_needs_a_known_reason_and_other_needs_a_note", |store| {
        let tables = overturn::tables::builtin();
        let id = common::scalar(store, "SELECT min(id) FROM work_item");
        store
            .transaction(|tx| {
                let e = decide_in(
                    tx,
                    &[id],
                    &Decision::Close { reason: "bored".into(), note: String::new() },
                    &ctx(&tables),
                )
                .unwrap_err();
                assert_eq!(e.to_string(), "close: 'bored' is not a write-off reason");
                let e =
                    decide_in(tx, &[id], &Decision::Close { reason: "other".into(), note: " ".into() }, &ctx(&tables))
                        .unwrap_err();
                assert_eq!(e.to_string(), "close: 'Other (explain in the note)' needs a note");
                let e = decide_in(
                    tx,
                    &[id],
                    &Decision::Fix { fields: vec![], note: "x".into(), force: String::new() },
                    &ctx(&tables),
                )
                .unwrap_err();
                assert_eq!(e.to_string(), "fix: tick at least one corrected field");
                decide_in(
                    tx,
                    &[id],
                    &Decision::Close { reason: "other".into(), note: "payer out of business".into() },
                    &ctx(&tables),
                )
                .unwrap();
                Ok(())
            })
            .unwrap();
        assert_eq!(
            common::text(store, &format!("SELECT queue || ' ' || close_reason FROM work_item WHERE id = {id}")),
            "write-offs other"
        );
        let totals =
            common::joined(store, "SELECT queue || '=' || items FROM queue_total WHERE items > 0 ORDER BY queue", " ");
        assert_eq!(totals, "denials=4 write-offs=1", "totals follow the move");
    });
}

#[test]
fn queue_totals_kept_by_triggers_match_the_items() {
    on_both_generated("queue_totals_kept_by_triggers_match_the_items", |store| {
        let tables = overturn::tables::builtin();
        let sql = "SELECT id FROM work_item WHERE queue = 'denials' ORDER BY id LIMIT 40";
        let ids: Vec<i64> = store.db().query_map(sql, &[], |r| r.get(0)).unwrap();
        let close = Decision::Close { reason: "other".into(), note: "test".into() };
        let fix = Decision::Fix { fields: vec!["modifier".into()], note: String::new(), force: String::new() };
        store
            .transaction(|tx| {
                decide_in(tx, &ids[..20], &close, &ctx(&tables))?;
                // Refused or not, the transaction goes on.
                let _ = decide_in(tx, &ids[20..], &fix, &ctx(&tables));
                Ok(())
            })
            .unwrap();
        for q in [Queue::Rejections, Queue::Denials, Queue::Appeals, Queue::Waiting, Queue::WriteOffs, Queue::Done] {
            let kept = overturn::store::queue::totals(store.db(), q).unwrap();
            let sql = "SELECT count(*), coalesce(sum(amount_cents), 0) FROM work_item WHERE queue = ?1";
            let (n, sum): (i64, i64) =
                store.db().query_row(sql, &[&q.as_str()], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
            assert_eq!((kept.count as i64, kept.amount.cents()), (n, sum), "{q}");
        }
        assert_eq!(overturn::store::queue::totals(store.db(), Queue::WriteOffs).unwrap().count, 20);
    });
}

#[test]
fn a_new_day_is_rescored_in_the_background() {
    let (g, store) = generated_ledger();
    let path = g.path().join("t.db");
    let changed_before = common::scalar(&store, "SELECT count(*) FROM work_item WHERE priority_as_of = '2026-11-23'");
    let versions = "SELECT count(*) FROM work_item WHERE version <> 0";
    assert_eq!(common::scalar(&store, versions), 0);
    drop(store);
    let later = common::today() + chrono::Duration::days(40);
    let r = overturn::tui::refresh::Refresh::start(
        overturn::store::copy::Ledger::Sqlite(path.clone()),
        later,
        overturn::domain::money::Cents(2500),
    );
    let result = loop {
        if let Some(r) = r.finished() {
            break r;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let changed = result.unwrap();
    let store = Store::open(&path).unwrap();
    assert!(changed > 0 && changed as i64 <= changed_before, "{changed}");
    assert_eq!(
        common::scalar(&store, &format!("SELECT count(*) FROM work_item WHERE priority_as_of = '{later}'")),
        changed as i64
    );
    assert_eq!(common::text(&store, "SELECT value FROM ledger_meta WHERE key = 'priorities_as_of'"), later.to_string());
    // Rescoring is not a change a biller made: a desk's rows stay decidable (versions unmoved).
    assert_eq!(common::scalar(&store, versions), 0);
    // Every open item now carries the urgency its deadline has on that day.
    let mut stmt = store
        .conn()
        .prepare("SELECT due_date, last_date, urgency_permille FROM work_item WHERE queue NOT IN ('done', 'appeals')")
        .unwrap();
    let rows: Vec<(Option<String>, Option<String>, u32)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    for (due, last, u) in rows {
        let (due, last) = (due.and_then(|d| d.parse().ok()), last.and_then(|d| d.parse().ok()));
        assert_eq!(u, overturn::domain::priority::urgency(due, last, later), "{due:?} {last:?}");
    }
}

#[test]
fn owners_are_spelled_once_and_found_in_any_case() {
    on_both_generated("owners_are_spelled_once_and_found_in_any_case", |store| {
        let tables = overturn::tables::builtin();
        let sql = "SELECT id FROM work_item WHERE queue = 'denials' ORDER BY id LIMIT 3";
        let ids: Vec<i64> = store.db().query_map(sql, &[], |r| r.get(0)).unwrap();
        store
            .transaction(|tx| {
                decide_in(tx, &ids[..1], &Decision::Assign { owner: Some("Dana".into()) }, &ctx(&tables))?;
                decide_in(tx, &ids[1..2], &Decision::Assign { owner: Some("DANA".into()) }, &ctx(&tables))?;
                decide_in(tx, &ids[2..], &Decision::Assign { owner: Some(" lee ".into()) }, &ctx(&tables))
            })
            .unwrap();
        assert_eq!(overturn::store::owners::all(store.db()).unwrap(), ["Dana", "lee"]);
        let owners: Vec<String> =
            ids.iter().map(|id| common::text(store, &format!("SELECT owner FROM work_item WHERE id = {id}"))).collect();
        assert_eq!(owners, ["Dana", "Dana", "lee"], "the spelling on file wins");
        for typed in ["dana", "DANA", "Dana"] {
            let f = QueueFilter::parse(&format!("owner:{typed}")).unwrap();
            assert_eq!(count(store.db(), Queue::Denials, &f, common::today()).unwrap().count, 2, "owner:{typed}");
        }
    });
}
