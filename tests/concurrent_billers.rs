//! Several billers (threads, one connection each) deciding on overlapping items at once, for a
//! bounded time: no decision is lost or written over another (each item's version moved once
//! per decision that was saved, and each saved decision has its event), and the loser of a race
//! is told who changed the item and when. On SQLite (one file, several connections) and, when
//! `OVERTURN_TEST_PG` names a cluster, on PostgreSQL.

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use common::cli::{overturn, stderr};
use overturn::domain::decision::Decision;
use overturn::domain::money::Cents;
use overturn::store::Store;
use overturn::store::db::{Conn, PgConn};
use overturn::store::decisions::{DecisionContext, Seen, decide_seen, versions};

const BILLERS: usize = 4;
const FOR: Duration = Duration::from_millis(1500);

enum Desk {
    Sqlite(Store),
    Postgres(PgConn),
}

impl Desk {
    fn db(&self) -> Conn<'_> {
        match self {
            Desk::Sqlite(store) => store.db(),
            Desk::Postgres(pg) => Conn::Postgres(pg),
        }
    }

    /// One decision in its own transaction, on what was seen.
    fn decide(&mut self, seen: &[Seen], d: &Decision, ctx: &DecisionContext<'_>) -> Result<(), String> {
        match self {
            Desk::Sqlite(store) => {
                let tx = store.begin().map_err(|e| e.to_string())?;
                match decide_seen(Conn::Sqlite(&tx), seen, d, ctx) {
                    Ok(_) => tx.commit().map_err(|e| e.to_string()),
                    Err(e) if e.is_conflict() => Err(format!("conflict: {e}")),
                    Err(e) => panic!("{e}"),
                }
            }
            Desk::Postgres(pg) => match pg.transaction(|db| decide_seen(db, seen, d, ctx)) {
                Ok(_) => Ok(()),
                Err(e) if e.is_conflict() => Err(format!("conflict: {e}")),
                Err(e) => panic!("{e}"),
            },
        }
    }
}

#[derive(Default)]
struct Tally {
    /// The version each saved decision saw, per item.
    saved: HashMap<i64, Vec<i64>>,
    /// Each saved note, and how many items it was saved on (one event each).
    notes: Vec<(String, i64)>,
    conflicts: Vec<String>,
}

fn biller(n: usize, mut desk: Desk, items: &[i64]) -> Tally {
    let tables = overturn::tables::builtin();
    let actor = format!("biller{n}");
    let mut tally = Tally::default();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64.wrapping_mul(n as u64 + 1);
    let mut next = |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m as u64) as usize
    };
    let start = Instant::now();
    let mut k = 0;
    while start.elapsed() < FOR {
        k += 1;
        // One item, or two in either order (locks are taken in id order: no deadlock).
        let mut picked = vec![items[next(items.len())]];
        if next(3) == 0 {
            let other = items[next(items.len())];
            if other != picked[0] {
                picked.push(other);
            }
        }
        let seen = versions(desk.db(), &picked).unwrap();
        std::thread::sleep(Duration::from_micros(next(2000) as u64));
        let note = format!("{actor} note {k}");
        let d = if next(4) == 0 {
            Decision::Assign { owner: Some(format!("Owner {}", next(3))) }
        } else {
            Decision::Note { text: note.clone() }
        };
        let now = format!("2026-11-23T10:{:02}:{:02}Z", n, k % 60);
        let ctx = DecisionContext {
            actor: &actor,
            now: &now,
            today: common::today(),
            tables: &tables,
            write_off_threshold: Cents(2500),
        };
        match desk.decide(&seen, &d, &ctx) {
            Ok(()) => {
                for s in &seen {
                    tally.saved.entry(s.id).or_default().push(s.version);
                }
                if matches!(d, Decision::Note { .. }) {
                    tally.notes.push((note, picked.len() as i64));
                }
            }
            Err(conflict) => tally.conflicts.push(conflict),
        }
    }
    tally
}

/// Runs the billers against `open` (a connection each) and checks the ledger afterwards.
fn race(open: impl Fn() -> Desk + Sync, label: &str) {
    let check = open();
    let items: Vec<i64> = check
        .db()
        .query_map("SELECT id FROM work_item WHERE queue = 'denials' ORDER BY id LIMIT 12", &[], |r| r.get(0))
        .unwrap();
    assert_eq!(items.len(), 12, "{label}: the demo has open denials");
    let before: Vec<Seen> = versions(check.db(), &items).unwrap();
    let tallies: Vec<Tally> = std::thread::scope(|s| {
        let (open, items) = (&open, &items);
        let handles: Vec<_> = (0..BILLERS).map(|n| s.spawn(move || biller(n, open(), items))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let after = versions(check.db(), &items).unwrap();
    let mut saved: HashMap<i64, Vec<i64>> = HashMap::new();
    for t in &tallies {
        for (id, seen) in &t.saved {
            saved.entry(*id).or_default().extend(seen);
        }
    }
    let total: usize = saved.values().map(Vec::len).sum();
    let conflicts: Vec<&String> = tallies.iter().flat_map(|t| &t.conflicts).collect();
    assert!(total > 20, "{label}: billers got work done ({total} decisions)");
    assert!(!conflicts.is_empty(), "{label}: overlapping billers met ({total} decisions, no conflict)");
    assert!(
        conflicts.iter().all(|c| c.contains("not saved: item ") && c.contains("was changed by biller")),
        "{label}: {conflicts:?}"
    );
    println!("{label}: {total} decisions saved, {} refused as conflicts", conflicts.len());
    for (b, a) in before.iter().zip(&after) {
        let mut seen = saved.get(&b.id).cloned().unwrap_or_default();
        seen.sort();
        let n = seen.len() as i64;
        // Each saved decision was made on the item as the one before it left it: no two on the
        // same version (one would have written over the other), none lost.
        assert_eq!(seen, (b.version..b.version + n).collect::<Vec<_>>(), "{label}: item {}", b.id);
        assert_eq!(a.version - b.version, n, "{label}: item {} moved once per decision", b.id);
        let events: i64 = check
            .db()
            .query_row("SELECT count(*) FROM event WHERE work_item_id = ?1 AND actor LIKE 'biller%'", &[&b.id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(events, n, "{label}: item {} has an event per decision", b.id);
    }
    for (note, items) in tallies.iter().flat_map(|t| &t.notes) {
        let n: i64 =
            check.db().query_row("SELECT count(*) FROM event WHERE detail = ?1", &[note], |r| r.get(0)).unwrap();
        assert_eq!(n, *items, "{label}: {note}");
    }
}

fn demo(home: &std::path::Path) -> std::path::PathBuf {
    let out = overturn(home).arg("demo").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    home.join("data/demo.db")
}

#[test]
fn billers_racing_on_one_sqlite_file_lose_nothing() {
    let home = tempfile::tempdir().unwrap();
    let path = demo(home.path());
    race(|| Desk::Sqlite(Store::open(&path).unwrap()), "SQLite");
}

#[test]
fn billers_racing_on_postgres_lose_nothing() {
    let Some(pg) = common::pg::database("billers_racing_on_postgres_lose_nothing") else { return };
    let home = tempfile::tempdir().unwrap();
    let path = demo(home.path());
    let out = overturn(home.path()).args(["copy", path.to_str().unwrap(), &pg.url]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    race(|| Desk::Postgres(PgConn::new(pg.client())), "PostgreSQL");
}

#[test]
fn a_desk_on_postgres_hears_another_billers_decision() {
    let Some(pg) = common::pg::database("a_desk_on_postgres_hears_another_billers_decision") else { return };
    let home = tempfile::tempdir().unwrap();
    let path = demo(home.path());
    let out = overturn(home.path()).args(["copy", path.to_str().unwrap(), &pg.url]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let (desk, other) = (PgConn::new(pg.client()), PgConn::new(pg.client()));
    desk.listen().unwrap();
    assert!(!desk.changed().unwrap(), "nothing changed yet");
    let heard = |within: Duration| {
        let until = Instant::now() + within;
        while Instant::now() < until {
            if desk.changed().unwrap() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    };
    // Reading is not a change.
    let ids: Vec<i64> = Conn::Postgres(&other)
        .query_map("SELECT id FROM work_item WHERE queue = 'denials' ORDER BY id LIMIT 1", &[], |r| r.get(0))
        .unwrap();
    assert!(!heard(Duration::from_millis(300)), "a read is not heard");
    let tables = overturn::tables::builtin();
    let ctx = DecisionContext {
        actor: "sam",
        now: "2026-11-23T10:00:00Z",
        today: common::today(),
        tables: &tables,
        write_off_threshold: Cents(2500),
    };
    let seen = versions(Conn::Postgres(&other), &ids).unwrap();
    other.transaction(|db| decide_seen(db, &seen, &Decision::Note { text: "called".into() }, &ctx)).unwrap();
    assert!(heard(Duration::from_secs(3)), "the other biller's decision is heard");
    assert!(!desk.changed().unwrap(), "once");
}
