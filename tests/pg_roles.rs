//! People on a PostgreSQL ledger: each connects as their own role; `overturn grant` gives a
//! biller the queues and an owner the reports and prevention actions, and the server refuses an
//! owner's decision. Runs when `OVERTURN_TEST_PG` names a cluster.

mod common;

use common::cli::{overturn, stderr, stdout};
use common::pg::{Roles, as_role};
use overturn::domain::decision::Decision;
use overturn::domain::money::Cents;
use overturn::domain::vocab::RootCause;
use overturn::store::db::{Conn, PgConn};
use overturn::store::decisions::{DecisionContext, decide_seen, versions};
use overturn::store::prevention::{self, NewPrevention};

#[test]
fn an_owner_reads_and_records_prevention_but_cannot_decide() {
    let pid = std::process::id();
    let (dana, pat) = (format!("dana_{pid}"), format!("pat_{pid}"));
    let _roles = Roles(vec![dana.clone(), pat.clone()]);
    let Some(db) = common::pg::database("an_owner_reads_and_records_prevention_but_cannot_decide") else { return };
    let admin: String = db.client().query_one("SELECT current_user::text", &[]).unwrap().get(0);
    assert!(db.url.contains(&format!("user={admin}")), "OVERTURN_TEST_PG names its user as user=: {}", db.url);
    let home = tempfile::tempdir().unwrap();
    let out = overturn(home.path()).arg("demo").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let src = home.path().join("data/demo.db");
    let run = |args: &[&str]| overturn(home.path()).args(args).output().unwrap();
    assert!(run(&["copy", src.to_str().unwrap(), &db.url]).status.success());
    db.client().batch_execute(&format!("CREATE ROLE {dana} LOGIN; CREATE ROLE {pat} LOGIN")).unwrap();

    let out = run(&["--db", &db.url, "grant", &dana, "--as", "biller"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("works the queues"), "{}", stdout(&out));
    let out = run(&["--db", &db.url, "grant", &pat, "--as", "owner"]);
    assert!(stdout(&out).contains("deciding on items is refused"), "{}", stderr(&out));
    let out = run(&["--db", &db.url, "grant", "nobody_here", "--as", "owner"]);
    assert!(stderr(&out).contains("there is no PostgreSQL role nobody_here"), "{}", stderr(&out));
    // The owner keeps its rights (a grant would take them away from it).
    let out = run(&["--db", &db.url, "grant", &admin, "--as", "owner"]);
    assert!(stderr(&out).contains("owns the ledger and keeps every right"), "{}", stderr(&out));
    // Only the ledger's owner gives rights.
    let out = run(&["--db", &as_role(&db.url, &admin, &pat), "grant", &pat, "--as", "biller"]);
    assert!(stderr(&out).contains(&format!("only the ledger's owner ({admin})")), "{}", stderr(&out));

    // The owner reads the reports as everyone does.
    let report = |who: &str| stdout(&run(&["--db", &as_role(&db.url, &admin, who), "report", "kpi"]));
    assert_eq!(report(&pat), report(&admin));
    assert!(report(&pat).contains("Initial denial rate"));
    // A day no biller has opened the ledger on yet: the owner's commands read without the
    // day's no-response sweep (its role writes no work; the server refused the whole command).
    let later = |who: &str| {
        overturn(home.path())
            .env("OVERTURN_TODAY", "2027-03-01")
            .args(["--db", &as_role(&db.url, &admin, who), "report", "kpi"])
            .output()
            .unwrap()
    };
    let out = later(&pat);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Initial denial rate"));

    let tables = overturn::tables::builtin();
    let ctx = |actor| DecisionContext {
        actor,
        now: "2026-11-23T10:00:00Z",
        today: common::today(),
        tables: &tables,
        write_off_threshold: Cents(2500),
    };
    let note = Decision::Note { text: "called".into() };
    let owner = PgConn::new(postgres::Client::connect(&as_role(&db.url, &admin, &pat), postgres::NoTls).unwrap());
    let ids: Vec<i64> = Conn::Postgres(&owner)
        .query_map("SELECT id FROM work_item WHERE queue = 'denials' ORDER BY id LIMIT 1", &[], |r| r.get(0))
        .unwrap();
    let seen = versions(Conn::Postgres(&owner), &ids).unwrap();
    let refused = owner.transaction(|db| decide_seen(db, &seen, &note, &ctx(&pat))).unwrap_err();
    assert!(refused.to_string().contains("permission denied"), "{refused}");
    // The owner records a prevention action with its event.
    let action = NewPrevention {
        category: RootCause::Eligibility,
        what: "verify coverage at check-in".into(),
        who: "front desk".into(),
        from: common::today(),
    };
    let id =
        owner.transaction(|db| prevention::record(db, &action, common::today(), "2026-11-23T10:05:00Z", &pat)).unwrap();
    assert!(id > 0);
    // A biller decides.
    let biller = PgConn::new(postgres::Client::connect(&as_role(&db.url, &admin, &dana), postgres::NoTls).unwrap());
    biller.transaction(|db| decide_seen(db, &seen, &note, &ctx(&dana))).unwrap();
    let events: i64 = Conn::Postgres(&biller)
        .query_row("SELECT count(*) FROM event WHERE actor = ?1 OR actor = ?2", &[&dana, &pat], |r| r.get(0))
        .unwrap();
    assert_eq!(events, 2, "the biller's decision and the owner's prevention action");
    // The audit log is the server's word: a role appends events in its own name only, and an
    // owner only prevention actions.
    let forged = biller.transaction(|db| {
        db.execute("INSERT INTO event (at, actor, action) VALUES ('2026-11-23T11:00:00Z', ?1, 'note')", &[&pat])
    });
    assert!(forged.unwrap_err().to_string().contains("row-level security"), "an event in another's name");
    let by_owner = owner.transaction(|db| {
        db.execute("INSERT INTO event (at, actor, action) VALUES ('2026-11-23T11:00:00Z', ?1, 'note')", &[&pat])
    });
    assert!(by_owner.unwrap_err().to_string().contains("row-level security"), "an owner's non-prevention event");
    let all: i64 = Conn::Postgres(&owner).query_row("SELECT count(*) FROM event", &[], |r| r.get(0)).unwrap();
    assert!(all > 100, "everyone reads the whole audit log: {all}");
    // The owner's desk remembers its own view.
    let view = vec![("tab".to_string(), "RCA".to_string())];
    owner.transaction(|db| overturn::store::desk_state::save(db, &view)).unwrap();
    assert_eq!(overturn::store::desk_state::load(Conn::Postgres(&owner)).unwrap(), view);
    // On SQLite there is nothing to grant: the file is private to its owner.
    let out = run(&["--db", src.to_str().unwrap(), "grant", &dana, "--as", "biller"]);
    assert!(stderr(&out).contains("is an SQLite ledger"), "{}", stderr(&out));
}

/// A biller's import of a file larger than the ledger has the server count the tables it grows
/// (ANALYZE is the tables' owner's on PostgreSQL 15: the ledger lends it through a function),
/// and a biller opening a ledger only its owner can upgrade is told who does it.
#[test]
fn a_billers_import_counts_the_tables_and_the_owner_upgrades() {
    let dana = format!("dana_an_{}", std::process::id());
    let _roles = Roles(vec![dana.clone()]);
    let Some(db) = common::pg::database("a_billers_import_counts_the_tables_and_the_owner_upgrades") else { return };
    let admin: String = db.client().query_one("SELECT current_user::text", &[]).unwrap().get(0);
    let home = tempfile::tempdir().unwrap();
    let run = |url: &str, args: &[&str]| overturn(home.path()).arg("--db").arg(url).args(args).output().unwrap();
    let small = home.path().join("small.835");
    let large = home.path().join("large.835");
    for (file, claims) in [(&small, "20"), (&large, "2500")] {
        let out = overturn(home.path())
            .args(["gen-835", "--claims", claims, "--seed", "4", "--as-of", "2026-11-20", "-o"])
            .arg(file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let out = run(&db.url, &["import", small.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    db.client().batch_execute(&format!("CREATE ROLE {dana} LOGIN")).unwrap();
    assert!(run(&db.url, &["grant", &dana, "--as", "biller"]).status.success());
    let analyzed = || -> i64 {
        db.client()
            .query_one("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'claim'", &[])
            .unwrap()
            .get(0)
    };
    let before = analyzed();
    let biller = as_role(&db.url, &admin, &dana);
    let out = run(&biller, &["import", large.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(analyzed() > before, "the biller's import had the claims counted");
    let queued: i64 =
        db.client().query_one("SELECT items FROM queue_total WHERE queue = 'denials'", &[]).unwrap().get(0);
    let recount: i64 =
        db.client().query_one("SELECT count(*) FROM work_item WHERE queue = 'denials'", &[]).unwrap().get(0);
    assert_eq!(queued, recount);

    // A ledger an older build left: the biller is refused, nothing changed; the owner upgrades.
    let latest = overturn::store::LATEST_VERSION;
    db.client().execute("UPDATE overturn_schema SET version = $1", &[&(latest - 1)]).unwrap();
    let out = run(&biller, &["queue"]);
    let said = stderr(&out);
    assert!(!out.status.success());
    assert!(said.contains(&format!("the ledger's owner ({admin}) upgrades it")), "{said}");
    let version: i64 = db.client().query_one("SELECT version FROM overturn_schema", &[]).unwrap().get(0);
    assert_eq!(version, latest - 1, "nothing was changed");
}
