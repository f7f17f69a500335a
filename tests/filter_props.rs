//! The filter grammar takes any text: it parses or is refused with a message, and whatever
//! parses runs as a query (counted and paged) without error. `due:<100000000` once crashed the
//! desk (a date overflow); huge numbers, LIKE wildcards and stray bytes are all in the mix.

mod common;

use overturn::domain::filter::QueueFilter;
use overturn::domain::workflow::Queue;
use overturn::store::page::{Anchor, PageRequest, count, page};
use overturn::store::queue::QueueSort;
use proptest::prelude::*;

fn token() -> impl Strategy<Value = String> {
    let keys = prop::sample::select(vec![
        "payer:",
        "carc:",
        "cat:",
        "owner:",
        "cpt:",
        "provider:",
        "state:",
        "due:",
        "due:<",
        "due:>",
        "amt:",
        "amt:>",
        "amt:<",
        "week:",
        "",
        "colour:",
    ]);
    let values = prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        prop::sample::select(vec![
            "100000000",
            "-99999999999",
            "aetna",
            "%",
            "_",
            "\\",
            "%_%",
            "open",
            "again",
            "2026-W47",
            "2026-W99",
            "elig",
            "co",
            "CO-197",
            "none",
            "9e9",
            "1.5",
            "",
            "12.345",
            "∞",
            "'; DROP TABLE work_item; --",
        ])
        .prop_map(str::to_string),
        "\\PC{0,12}",
    ];
    (keys, values).prop_map(|(k, v)| format!("{k}{v}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn any_filter_parses_or_says_why_and_what_parses_runs(words in prop::collection::vec(token(), 0..5), raw in "\\PC{0,40}") {
        let (_g, store) = LEDGER.with(|l| l.clone());
        for line in [words.join(" "), raw] {
            match QueueFilter::parse(&line) {
                Err(why) => prop_assert!(!why.is_empty()),
                Ok(f) => {
                    for q in [Queue::Denials, Queue::Rejections, Queue::Waiting] {
                        let n = count(store.conn(), q, &f, common::today()).map_err(|e| TestCaseError::fail(format!("{line:?}: {e}")))?;
                        let req = PageRequest { queue: q, sort: QueueSort::Due, filter: &f, anchor: Anchor::First, limit: 5, today: common::today() };
                        let rows = page(store.conn(), &req).map_err(|e| TestCaseError::fail(format!("{line:?}: {e}")))?;
                        // The same ledger on PostgreSQL finds the same items in the same order.
                        if let Some(pg) = PG.with(|p| p.clone()) {
                            let on_pg = count(pg.0.db(), q, &f, common::today()).map_err(|e| TestCaseError::fail(format!("{line:?} on PostgreSQL: {e}")))?;
                            prop_assert_eq!((on_pg.count, on_pg.amount), (n.count, n.amount), "{:?} {:?}", line, q);
                            let pg_rows = page(pg.0.db(), &req).map_err(|e| TestCaseError::fail(format!("{line:?} on PostgreSQL: {e}")))?;
                            let ids = |r: &[overturn::store::queue::QueueRow]| r.iter().map(|r| r.id).collect::<Vec<_>>();
                            prop_assert_eq!(ids(&pg_rows), ids(&rows), "{:?} {:?}", line, q);
                        }
                    }
                    // The canonical form reads back as the same filter.
                    prop_assert_eq!(QueueFilter::parse(&f.to_string()).ok(), Some(f));
                }
            }
        }
    }
}

thread_local! {
    /// One ledger of fixtures for every case (read only).
    static LEDGER: (std::rc::Rc<tempfile::TempDir>, std::rc::Rc<overturn::store::Store>) = {
        let (g, mut store) = common::ledger();
        for f in ["remits-a.835", "acks-a.277", "denials.csv"] {
            assert!(common::import(&mut store, &common::fixture(f)).error.is_none());
        }
        (std::rc::Rc::new(g), std::rc::Rc::new(store))
    };

    /// The same files imported into a PostgreSQL ledger, when a cluster is configured.
    static PG: Option<std::rc::Rc<(overturn::store::backend::Backend, Option<common::pg::PgDb>)>> =
        postgres_ledger().map(std::rc::Rc::new);
}

fn postgres_ledger() -> Option<(overturn::store::backend::Backend, Option<common::pg::PgDb>)> {
    let mut engines = common::engines("any_filter_parses_or_says_why_and_what_parses_runs");
    let common::Engine { mut ledger, database, .. } = (engines.len() == 2).then(|| engines.remove(1))?;
    for f in ["remits-a.835", "acks-a.277", "denials.csv"] {
        assert!(common::import(&mut ledger, &common::fixture(f)).error.is_none());
    }
    Some((ledger, database))
}
