//! Importing into a PostgreSQL ledger: the same files leave every table holding what the same
//! import leaves in SQLite (rows and a checksum of every value), the reports say the same, a
//! repeated file changes nothing and a broken one leaves nothing behind. Runs when
//! `OVERTURN_TEST_PG` names a cluster (`.ci/run` starts one).

mod common;

use std::path::{Path, PathBuf};

use common::cli::{overturn, stderr, stdout};
use common::pg::{self, PgDb};
use overturn::ledger::{FileReport, Target, import_into};
use overturn::store::Store;
use overturn::store::backend::Backend;
use overturn::store::copy::{self, Ledger};
use overturn::store::pg::PgTarget;

/// Every kind of file the ledger takes, in an order where later files answer earlier ones.
const FILES: [&str; 16] = [
    "submitted.837",
    "claims.csv",
    "fees.csv",
    "remits-a.835",
    "acks-a.277",
    "denials.csv",
    "remits-b.835",
    "status.277",
    "acks-b.277",
    "remits-c.835",
    "underpaid.835",
    "underpaid-reprocessed.835",
    "answer-n9.277",
    "answer-r2.835",
    "answer-n9-by-claim-number.835",
    "remits-a.835",
];

fn sums(ledger: &str) -> Vec<copy::TableCopy> {
    copy::checksums(&Ledger::parse(ledger).unwrap()).unwrap()
}

fn import(ledger: &mut Backend, file: &Path) -> FileReport {
    import_into(ledger.into(), &overturn::tables::builtin(), file, &common::settings(), &mut |_, _| {})
}

fn both(db: &PgDb) -> (tempfile::TempDir, PathBuf, Backend, Backend) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let lite = Backend::Sqlite(Store::open(&path).unwrap());
    let pg = Backend::create_postgres(PgTarget::parse(&db.url).unwrap()).unwrap();
    (dir, path, lite, pg)
}

/// The report as the import prints it with `--json`.
fn said(r: &FileReport) -> String {
    serde_json::to_string(r).unwrap()
}

#[test]
fn every_kind_of_file_imports_into_postgresql_as_into_sqlite() {
    let Some(db) = pg::database("every_kind_of_file_imports_into_postgresql_as_into_sqlite") else { return };
    let (_dir, path, mut lite, mut pg) = both(&db);
    for name in FILES {
        let file = common::fixture(name);
        let (a, b) = (import(&mut lite, &file), import(&mut pg, &file));
        assert_eq!(said(&b), said(&a), "{name}");
        assert!(b.error.is_none(), "{name}: {:?}", b.error);
    }
    let last = import(&mut pg, &common::fixture("remits-a.835"));
    assert!(last.duplicate, "a file imported before changes nothing");
    let (on_pg, on_sqlite) = (sums(&db.url), sums(path.to_str().unwrap()));
    assert_eq!(on_pg, on_sqlite, "every table holds the same rows, value for value");
    let items = on_pg.iter().find(|t| t.table == "work_item").unwrap();
    assert!(items.rows >= 10, "the files opened work: {items:?}");
}

#[test]
fn a_broken_file_leaves_the_postgresql_ledger_as_it_was() {
    let Some(db) = pg::database("a_broken_file_leaves_the_postgresql_ledger_as_it_was") else { return };
    let (dir, _path, _lite, mut pg) = both(&db);
    assert!(import(&mut pg, &common::fixture("remits-a.835")).error.is_none());
    let before = sums(&db.url);
    // The second remit, cut in the middle of a claim: read until the cut, then refused whole.
    let text = std::fs::read_to_string(common::fixture("remits-b.835")).unwrap();
    let cut = dir.path().join("cut.835");
    std::fs::write(&cut, &text[..text.len() * 2 / 3]).unwrap();
    let r = import(&mut pg, &cut);
    assert!(r.error.is_some(), "{}", said(&r));
    assert_eq!(sums(&db.url), before, "nothing of the broken file was written");
    // A dry run reads the whole file and writes nothing either.
    let mut settings = common::settings();
    settings.dry_run = true;
    let file = common::fixture("remits-b.835");
    let dry = import_into((&mut pg).into(), &overturn::tables::builtin(), &file, &settings, &mut |_, _| {});
    assert!(dry.error.is_none() && dry.denials > 0, "{}", said(&dry));
    assert_eq!(sums(&db.url), before, "a dry run writes nothing");
    let _ = Target::Postgres; // the target type is public for the CLI's import
}

/// The command line on a new PostgreSQL database: the first import creates the ledger, and
/// the samples of other projects' test suites read the same from it as from SQLite.
#[test]
fn the_samples_import_into_a_new_postgresql_ledger_from_the_command_line() {
    let Some(db) = pg::database("the_samples_import_into_a_new_postgresql_ledger_from_the_command_line") else {
        return;
    };
    let Some(samples) = common::samples() else { return };
    let home = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = Vec::new();
    for kind in ["837", "277", "835"] {
        let mut found: Vec<PathBuf> =
            std::fs::read_dir(samples.join(kind)).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
        found.sort();
        files.extend(found);
    }
    let lite = home.path().join("lite.db");
    let run = |db: &str| {
        let out = overturn(home.path()).args(["--db", db, "import", "--json"]).args(&files).output().unwrap();
        (stdout(&out), stderr(&out))
    };
    // The two runs import at different instants: "already imported ... at <when>" differs.
    let when = |t: String| -> String {
        t.split('"')
            .map(
                |part| {
                    if part.contains(" at 2") { part.split(" at 2").next().unwrap().to_string() } else { part.into() }
                },
            )
            .collect::<Vec<_>>()
            .join("\"")
    };
    let (pg_out, pg_err) = run(&db.url);
    let (lite_out, _) = run(lite.to_str().unwrap());
    let (pg_out, lite_out) = (when(pg_out), when(lite_out));
    assert!(pg_err.contains("created a new ledger in"), "{pg_err}");
    assert_eq!(pg_out, lite_out, "every file's report is the same");
    assert!(pg_out.lines().count() >= files.len(), "{pg_out}");
    let read = |db: &str, args: &[&str]| {
        let out = overturn(home.path()).args(["--db", db]).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    for args in [&["info"][..], &["unanswered"], &["export", "--tab", "denials"], &["report", "kpi"]] {
        let (a, b) = (read(&db.url, args), read(lite.to_str().unwrap(), args));
        // info's first line says where the ledger is; the rest is what it holds.
        let skip = usize::from(args[0] == "info");
        let body = |t: &str| t.lines().skip(skip).map(str::to_string).collect::<Vec<_>>();
        assert_eq!(body(&a), body(&b), "{args:?}");
    }
    // Importing them again changes nothing.
    let again = overturn(home.path()).args(["--db", &db.url, "import"]).args(&files).output().unwrap();
    assert!(stdout(&again).contains("duplicate"), "{}", stdout(&again));
}

/// Generated remits large enough to fill the PostgreSQL import's claim batches (a thousand
/// claims), with denials held beside their claims across batch boundaries, reversals and
/// corrections among them, and a batch filled by a denied claim: every table the same as
/// SQLite's, value for value (ids included), and the same reports.
#[test]
fn large_generated_remits_import_into_postgresql_as_into_sqlite() {
    let Some(db) = pg::database("large_generated_remits_import_into_postgresql_as_into_sqlite") else { return };
    let (dir, path, mut lite, mut pg) = both(&db);
    for (seed, claims, denial_rate) in [(11, 3000, 0.12), (12, 2500, 0.01), (13, 1200, 0.5)] {
        let file = dir.path().join(format!("gen-{seed}.835"));
        let mut out = std::fs::File::create(&file).unwrap();
        let opts = overturn::generate::Gen835Options {
            claims,
            seed,
            denial_rate,
            as_of: common::today(),
            weeks: overturn::generate::DEFAULT_WEEKS,
        };
        overturn::generate::write_835(&mut out, opts).unwrap();
        let (a, b) = (import(&mut lite, &file), import(&mut pg, &file));
        assert!(b.error.is_none(), "{}", said(&b));
        assert!(a.denials > 0, "{}", said(&a));
        assert_eq!(said(&b), said(&a), "seed {seed}");
    }
    let (on_pg, on_sqlite) = (sums(&db.url), sums(path.to_str().unwrap()));
    assert_eq!(on_pg, on_sqlite, "every table holds the same rows, value for value");
    let home = tempfile::tempdir().unwrap();
    for args in [&["report", "kpi"][..], &["report", "rca"], &["export", "--tab", "denials"]] {
        let read = |db: &str| {
            let out = overturn(home.path()).args(["--db", db]).args(args).output().unwrap();
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
            stdout(&out)
        };
        assert_eq!(read(&db.url), read(path.to_str().unwrap()), "{args:?}");
    }
}

/// A remit answering a claim inventory: claims paid or denied that only mark their submitted
/// claims answered wait in PostgreSQL's batches with their answers; those a no-response item
/// waits on are written at once and resolve it. Both leave every table as SQLite's, the
/// report's counts included.
#[test]
fn a_remit_answering_the_claim_inventory_imports_alike() {
    let Some(db) = pg::database("a_remit_answering_the_claim_inventory_imports_alike") else { return };
    let (dir, path, mut lite, mut pg) = both(&db);
    let claims = 2400;
    // Submitted claims named as the generated remit names its claims (PC, the seed, a number):
    // the even ones long overdue (the sweep gives them no-response items), the odd ones later.
    let inventory = |odd: bool, submitted: &str| {
        let mut text = "patient_control_number,submitted_on,payer,payer_id,charge,service_date,procedure,modifiers,\
                        units,filing_indicator,member_id,patient_last,patient_first,billing_npi,rendering_npi,\
                        place_of_service\n"
            .to_string();
        for n in (1..=claims).filter(|n| n % 2 == u64::from(odd)) {
            text.push_str(&format!(
                "PC21{n:08},{submitted},AETNA,60054,150.00,2026-05-20,99213,,1,CI,W{n:09},TESTER,UMA,1904452176,,11\n"
            ));
        }
        let file = dir.path().join(format!("inventory-{odd}.csv"));
        std::fs::write(&file, text).unwrap();
        file
    };
    let sweep = |ledger: &mut Backend| {
        let tables = overturn::tables::builtin();
        let s = overturn::ledger::Sweep {
            tables: &tables,
            today: chrono::NaiveDate::from_ymd_opt(2026, 9, 15).unwrap(),
            threshold: overturn::domain::money::Cents(2500),
            actor: "sweep",
            now: "2026-09-15T06:00:00Z",
        };
        ledger.transaction(|db| overturn::ledger::open_silent(db, &s)).unwrap()
    };
    let remit = dir.path().join("remit.835");
    let opts = overturn::generate::Gen835Options {
        claims,
        seed: 21,
        denial_rate: 0.12,
        as_of: common::today(),
        weeks: overturn::generate::DEFAULT_WEEKS,
    };
    overturn::generate::write_835(&mut std::fs::File::create(&remit).unwrap(), opts).unwrap();
    let (even, odd) = (inventory(false, "2026-06-01"), inventory(true, "2026-09-10"));
    let mut reports = Vec::new();
    for ledger in [&mut lite, &mut pg] {
        assert!(import(ledger, &even).error.is_none());
        assert!(sweep(ledger) > 0, "the even claims are overdue");
        assert!(import(ledger, &odd).error.is_none());
        let r = import(ledger, &remit);
        assert!(r.error.is_none(), "{}", said(&r));
        assert!(r.inventory_answered > 0 && r.no_response_resolved > 0, "{}", said(&r));
        reports.push(said(&r));
    }
    assert_eq!(reports[0], reports[1]);
    assert_eq!(sums(&db.url), sums(path.to_str().unwrap()), "every table holds the same rows");
}

/// Two paid claims of one remit naming the same submitted claim, and one sent before its
/// claim was submitted: PostgreSQL's batched answers leave the inventory as SQLite's claim by
/// claim updates do (the first answer is kept; an answer dated before the submission answers
/// nothing).
#[test]
fn batched_answers_keep_the_first_answer_as_claim_by_claim_updates_do() {
    let Some(db) = pg::database("batched_answers_keep_the_first_answer_as_claim_by_claim_updates_do") else {
        return;
    };
    let (dir, path, mut lite, mut pg) = both(&db);
    let inventory = dir.path().join("claims.csv");
    let header = "patient_control_number,submitted_on,payer,payer_id,charge,service_date,procedure,modifiers,units,\
                  filing_indicator,member_id,patient_last,patient_first,billing_npi,rendering_npi,place_of_service\n";
    let row = |pcn: &str, on: &str| {
        format!("{pcn},{on},AETNA,60054,150.00,2026-10-20,99213,,1,CI,W1,TESTER,UMA,1904452176,,11\n")
    };
    std::fs::write(&inventory, format!("{header}{}{}", row("D1", "2026-11-01"), row("D2", "2026-11-21"))).unwrap();
    let claim = |pcn: &str, number: &str| {
        vec![
            format!("CLP*{pcn}*1*150*120*0*CI*{number}*11*1"),
            "NM1*QC*1*TESTER*UMA****MI*W1".to_string(),
            "SVC*HC:99213*150*120**1".to_string(),
            "DTM*472*20261020".to_string(),
            "CAS*CO*45*30".to_string(),
        ]
    };
    let mut set = vec![
        "ST*835*0401*005010X221A1".to_string(),
        "BPR*I*360*C*ACH*CCP*01*011000015*DA*123456*1066033492**01*021000021*DA*654321*20261120".to_string(),
        "TRN*1*EFT4010*1066033492".to_string(),
        "DTM*405*20261120".to_string(),
        "N1*PR*AETNA*XV*60054".to_string(),
        "N1*PE*RIVERBEND FAMILY MEDICINE*XX*1904452176".to_string(),
        "LX*1".to_string(),
    ];
    set.extend(claim("D1", "AE401"));
    set.extend(claim("D1", "AE402"));
    set.extend(claim("D2", "AE403"));
    set.push(format!("SE*{}*0401", set.len() + 1));
    let remit = dir.path().join("remit.835");
    let text = format!(
        "ISA*00*          *00*          *ZZ*AETNASENDER    *ZZ*OVERTURNTEST   *261205*1200*^*00501*000000401*0*P*:~\
         GS*HP*AETNASENDER*OVERTURNTEST*20261120*1200*401*X*005010X221A1~{}~GE*1*401~IEA*1*000000401~",
        set.join("~")
    );
    std::fs::write(&remit, text).unwrap();
    let mut reports = Vec::new();
    for ledger in [&mut lite, &mut pg] {
        assert!(import(ledger, &inventory).error.is_none());
        let r = import(ledger, &remit);
        assert!(r.error.is_none(), "{}", said(&r));
        assert_eq!(r.inventory_answered, 1, "D1 once; D2 was submitted after the remit: {}", said(&r));
        reports.push(said(&r));
    }
    assert_eq!(reports[0], reports[1]);
    let first: (Option<String>, i64) = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT s.remitted_on, c.payer_claim_no = 'AE401' FROM submitted_claim s JOIN claim c ON c.id = s.remit_claim_id
             WHERE s.pcn = 'D1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(first, (Some("2026-11-20".to_string()), 1), "the first claim naming D1 answers it");
    assert_eq!(sums(&db.url), sums(path.to_str().unwrap()), "every table holds the same rows");
}
