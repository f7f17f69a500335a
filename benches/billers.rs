//! Decisions per second with several billers at once (threads, one connection each), each
//! deciding on items as they saw them (notes and owner changes, a version check and an event
//! each): on one SQLite file, and on PostgreSQL when `OVERTURN_TEST_PG` names a cluster (its
//! maintenance database; a throwaway database is made and dropped). The demo ledger (~300 open
//! denials) is the work; billers pick items at random, so some meet and one of them is refused.

use std::time::{Duration, Instant};

use overturn::domain::decision::Decision;
use overturn::domain::money::Cents;
use overturn::store::Store;
use overturn::store::db::{Conn, PgConn};
use overturn::store::decisions::{DecisionContext, decide_seen, versions};

const FOR: Duration = Duration::from_secs(4);

enum Desk {
    Sqlite(Store),
    Postgres(PgConn),
}

impl Desk {
    fn db(&self) -> Conn<'_> {
        match self {
            Desk::Sqlite(s) => s.db(),
            Desk::Postgres(p) => Conn::Postgres(p),
        }
    }
}

/// Saved decisions and refusals of one biller.
fn biller(n: usize, mut desk: Desk, items: &[i64]) -> (u64, u64) {
    let tables = overturn::tables::builtin();
    let actor = format!("biller{n}");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut seed = 0x2545_F491_4F6C_DD1Du64.wrapping_mul(n as u64 + 7);
    let (mut saved, mut refused) = (0, 0);
    let start = Instant::now();
    while start.elapsed() < FOR {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let id = items[(seed % items.len() as u64) as usize];
        let seen = versions(desk.db(), &[id]).unwrap();
        let d = if seed.is_multiple_of(4) {
            Decision::Assign { owner: Some(format!("Owner {}", seed % 3)) }
        } else {
            Decision::Note { text: format!("{actor} {saved}") }
        };
        let ctx = DecisionContext {
            actor: &actor,
            now: "2026-11-23T10:00:00Z",
            today,
            tables: &tables,
            write_off_threshold: Cents(2500),
        };
        let result = match &mut desk {
            Desk::Sqlite(store) => {
                let tx = store.begin().unwrap();
                let r = decide_seen((&tx).into(), &seen, &d, &ctx);
                if r.is_ok() {
                    tx.commit().unwrap();
                }
                r.map(|_| ())
            }
            Desk::Postgres(pg) => pg.transaction(|db| decide_seen(db, &seen, &d, &ctx)).map(|_| ()),
        };
        match result {
            Ok(()) => saved += 1,
            Err(e) if e.is_conflict() => refused += 1,
            Err(e) => panic!("{e}"),
        }
    }
    (saved, refused)
}

fn race(label: &str, billers: usize, open: &(dyn Fn() -> Desk + Sync), items: &[i64]) {
    let results: Vec<(u64, u64)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..billers).map(|n| s.spawn(move || biller(n, open(), items))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let saved: u64 = results.iter().map(|r| r.0).sum();
    let refused: u64 = results.iter().map(|r| r.1).sum();
    println!(
        "{label:<11} {billers:>2} billers  {:>7.0} decisions/s  ({saved} saved, {refused} refused as changed since seen)",
        saved as f64 / FOR.as_secs_f64()
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_overturn"))
        .args(["demo", "-o"])
        .arg(&db)
        .env("OVERTURN_DATA_DIR", dir.path().join("data"))
        .env("OVERTURN_CONFIG_DIR", dir.path().join("config"))
        .env("OVERTURN_TODAY", "2026-11-23")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let store = Store::open(&db).unwrap();
    let items: Vec<i64> = store
        .db()
        .query_map("SELECT id FROM work_item WHERE queue IN ('denials', 'rejections') ORDER BY id", &[], |r| r.get(0))
        .unwrap();
    drop(store);
    println!("decisions on {} open items of the demo ledger, {} s per run", items.len(), FOR.as_secs());
    for n in [1, 4, 10] {
        race("SQLite", n, &|| Desk::Sqlite(Store::open(&db).unwrap()), &items);
    }
    let Ok(admin) = std::env::var("OVERTURN_TEST_PG") else {
        println!("PostgreSQL: not measured (set OVERTURN_TEST_PG to a cluster's maintenance database URL)");
        return;
    };
    let name = format!("overturn_bench_{}", std::process::id());
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let url = admin.replacen("/postgres", &format!("/{name}"), 1);
    let out =
        std::process::Command::new(env!("CARGO_BIN_EXE_overturn")).arg("copy").arg(&db).arg(&url).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for n in [1, 4, 10] {
        race(
            "PostgreSQL",
            n,
            &|| Desk::Postgres(PgConn::new(postgres::Client::connect(&url, postgres::NoTls).unwrap())),
            &items,
        );
    }
    let _ = c.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"));
}
