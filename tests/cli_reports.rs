//! `overturn report rca|kpi` as the owner runs them: on the demo ledger, every format, a
//! private output file, and clear refusals of bad weeks and periods.

mod common;

use common::cli::{mode, overturn, stderr, stdout};

/// A home with a practice name and the demo ledger; the ledger's path.
fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(home.path().join("config/config.toml"), "practice_name = \"Riverbend Family Medicine\"\n").unwrap();
    let out = overturn(home.path()).args(["demo"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let db = home.path().join("data/demo.db");
    (home, db)
}

#[test]
fn reports_in_every_format() {
    let (home, db) = demo();
    let run = |args: &[&str]| {
        let out = overturn(home.path()).arg("--db").arg(&db).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    let md = run(&["report", "rca"]);
    assert!(
        md.starts_with("# Weekly root-cause review: 2026-W47 (16-22 Nov 2026)\n\n**Riverbend Family Medicine**"),
        "{md}"
    );
    assert!(md.contains("## Top 3 root causes") && md.contains("**Upstream fix:**"), "{md}");
    let earlier = run(&["report", "rca", "--week", "2026-W45"]);
    assert!(earlier.contains("2026-W45 (2-8 Nov 2026)"));
    assert_ne!(md, earlier);
    let csv = run(&["report", "rca", "--format", "csv"]);
    assert!(csv.starts_with("\u{feff}week,section,rank,category,value,items,amount,share_percent,detail\n"));
    assert_eq!(csv.lines().filter(|l| l.contains(",cluster,")).count(), 3);
    let json: serde_json::Value = serde_json::from_str(&run(&["report", "rca", "--format", "json"])).unwrap();
    assert_eq!(json["week"], "2026-W47");
    assert_eq!(json["summary"]["clusters"].as_array().unwrap().len(), 3);

    let kpi = run(&["report", "kpi"]);
    assert!(kpi.starts_with("# Denial KPIs: 2026-08-24 to 2026-11-22\n"), "{kpi}");
    assert!(kpi.contains("| Initial denial rate (claims) |") && kpi.contains("## Definitions"));
    let short = run(&["report", "kpi", "--from", "2026-11-16", "--to", "2026-11-22", "--format", "json"]);
    let k: serde_json::Value = serde_json::from_str(&short).unwrap();
    assert_eq!(
        k["figures"].as_array().unwrap().len(),
        15,
        "nine KPIs, net collection rate, write-offs, underpaid found and recovered, days to remit, unanswered claims"
    );
    // The demo's fee schedule finds short payments on the week's remits.
    let found = k["figures"].as_array().unwrap().iter().find(|f| f["key"] == "underpaid_found").unwrap();
    assert!(found["value"].as_f64().unwrap() > 0.0, "{found}");
    assert!(found["basis"].as_str().unwrap().ends_with("claims paid below the contracted rate"), "{found}");
    assert_eq!(k["counts"]["weeks"].as_array().unwrap().len(), 1);

    let file = home.path().join("kpi.csv");
    overturn(home.path())
        .arg("--db")
        .arg(&db)
        .args(["report", "kpi", "--format", "csv", "-o"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(mode(&file), 0o600);
    assert!(std::fs::read_to_string(&file).unwrap().contains(",kpi,denial_rate_count,"));

    let bad = overturn(home.path()).arg("--db").arg(&db).args(["report", "rca", "--week", "2026-47"]).output().unwrap();
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("write it like 2026-W47"), "{}", stderr(&bad));
    let backwards = overturn(home.path())
        .arg("--db")
        .arg(&db)
        .args(["report", "kpi", "--from", "2026-11-22", "--to", "2026-11-01"])
        .output()
        .unwrap();
    assert!(
        stderr(&backwards).contains("the period starts (2026-11-22) after it ends (2026-11-01)"),
        "{}",
        stderr(&backwards)
    );
    let help = overturn(home.path()).args(["report", "kpi", "--help"]).output().unwrap();
    assert!(stdout(&help).contains("Clean claim rate (277CA first pass): Claims whose first 277CA"));
}

/// The owner's reports and the biller's lists read the same from PostgreSQL: the demo ledger
/// copied over (`overturn copy`), every command run on both, the output compared byte for byte.
#[test]
fn reports_and_lists_read_the_same_from_postgresql() {
    let (home, db) = demo();
    let commands: [&[&str]; 14] = [
        &["report", "rca"],
        &["report", "rca", "--week", "2026-W45"],
        &["report", "rca", "--format", "csv"],
        &["report", "rca", "--format", "json"],
        &["report", "kpi"],
        &["report", "kpi", "--from", "2026-11-16", "--to", "2026-11-22", "--format", "json"],
        &["report", "kpi", "--format", "csv"],
        &["report", "rca", "--week", "2026-47"],
        &["queue"],
        &["queue", "--tab", "appeals"],
        &["queue", "--tab", "write-offs"],
        &["appeals"],
        &["export", "--tab", "denials", "--json"],
        &["export", "--tab", "rejections"],
    ];
    let test = "reports_and_lists_read_the_same_from_postgresql";
    let Some(printed) = common::cli::alike_on_postgresql(home.path(), &db, test, &commands) else { return };
    for (args, (ok, out, err)) in commands.iter().zip(&printed) {
        assert_eq!(*ok, !args.contains(&"2026-47"), "{args:?}: {err}");
        assert!(!out.is_empty() || !ok, "{args:?} printed nothing");
    }
}
