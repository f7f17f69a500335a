//! The command line as a user (or a script) runs it.

mod common;

use std::ffi::OsStr;

use common::cli::{mode, overturn, stderr, stdout};
use common::fixture;

#[test]
fn help_on_everything() {
    let home = tempfile::tempdir().unwrap();
    let subs: [&[&str]; 10] = [
        &[],
        &["import"],
        &["queue"],
        &["gen-835"],
        &["gen-277"],
        &["demo"],
        &["info"],
        &["appeals"],
        &["letter"],
        &["export"],
    ];
    for sub in subs {
        let out = overturn(home.path()).args(sub).arg("--help").output().unwrap();
        assert!(out.status.success(), "{sub:?}");
        let text = stdout(&out);
        assert!(text.contains("Usage: overturn"), "{sub:?}: {text}");
    }
    let text = stdout(&overturn(home.path()).arg("import").arg("--help").output().unwrap());
    for flag in ["--dry-run", "--json", "--skip-bad", "--db"] {
        assert!(text.contains(flag), "{flag} missing from import --help");
    }
}

#[test]
fn import_json_lines_and_exit_status() {
    let home = tempfile::tempdir().unwrap();
    let bad = home.path().join("cut.835");
    let good = std::fs::read_to_string(fixture("remits-a.835")).unwrap();
    std::fs::write(&bad, &good[..good.find("SE*").unwrap()]).unwrap();
    let out = overturn(home.path()).args(["import", "--json"]).arg(fixture("remits-a.835")).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a failed file makes the exit status non-zero");
    let lines: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    for key in [
        "file",
        "kind",
        "claims",
        "service_lines",
        "adjustments",
        "remarks",
        "plb",
        "reversals",
        "denials",
        "rejections",
        "duplicate",
        "error",
    ] {
        assert!(lines[0].get(key).is_some(), "key {key} missing");
    }
    assert_eq!(lines[0]["kind"], "835");
    assert_eq!(lines[0]["claims"], 6);
    assert_eq!(lines[0]["denials"], 5);
    assert!(lines[0]["error"].is_null());
    assert!(lines[1]["error"].as_str().unwrap().contains("cut short"));
    // The default database lives in the data directory, private.
    let db = home.path().join("data/overturn.db");
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(&home.path().join("data")), 0o700);
    // Again: a duplicate, exit status 0.
    let out = overturn(home.path()).args(["import", "--json"]).arg(fixture("remits-a.835")).output().unwrap();
    assert!(out.status.success());
    let again: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(again["duplicate"], true);

    // The same on PostgreSQL: the reports, the refusal and the duplicate.
    let (json, good) = (OsStr::new("--json"), fixture("remits-a.835"));
    let import = OsStr::new("import");
    let steps: [&[&OsStr]; 2] = [&[import, json, good.as_os_str(), bad.as_os_str()], &[import, json, good.as_os_str()]];
    if let Some(printed) = common::cli::alike_from_scratch(home.path(), "import_json_lines_and_exit_status", &steps) {
        assert!(!printed[0].0 && printed[0].1.contains("cut short"), "{:?}", printed[0]);
        assert!(printed[1].0 && printed[1].1.contains("\"duplicate\":true"), "{:?}", printed[1]);
    }
}

#[test]
fn db_flag_and_environment_override_the_location() {
    let home = tempfile::tempdir().unwrap();
    let via_env = home.path().join("env.db");
    let out =
        overturn(home.path()).env("OVERTURN_DB", &via_env).arg("import").arg(fixture("acks-a.277")).output().unwrap();
    assert!(out.status.success());
    assert!(via_env.exists());
    let via_flag = home.path().join("flag.db");
    overturn(home.path())
        .env("OVERTURN_DB", &via_env)
        .arg("--db")
        .arg(&via_flag)
        .arg("import")
        .arg(fixture("acks-a.277"))
        .assert()
        .success();
    assert!(via_flag.exists(), "--db wins over OVERTURN_DB");
    assert!(!home.path().join("data/overturn.db").exists());
}

#[test]
fn human_import_output_and_dry_run() {
    let home = tempfile::tempdir().unwrap();
    let out = overturn(home.path()).args(["import", "--dry-run"]).arg(fixture("remits-a.835")).output().unwrap();
    let text = stdout(&out);
    assert!(text.contains("6 claims, 6 service lines, 11 adjustments, 6 remarks, 1 PLB, 0 reversals"), "{text}");
    assert!(text.contains("5 new denials, 0 new rejections, $955.00 at risk (dry run: nothing written)"), "{text}");
    let q = overturn(home.path()).arg("queue").output().unwrap();
    assert!(!q.status.success(), "the dry run created no ledger to list");
    assert!(stderr(&q).contains("no ledger at"), "{}", stderr(&q));
}

#[test]
fn queue_table_and_excel_csv() {
    let home = tempfile::tempdir().unwrap();
    overturn(home.path()).arg("import").arg(fixture("denials.csv")).arg(fixture("remits-a.835")).assert().success();
    let table = stdout(&overturn(home.path()).args(["queue", "--limit", "2"]).output().unwrap());
    let lines: Vec<&str> = table.lines().collect();
    // P900's two denied lines (CO-197 appeal, CO-97 close) are two items (issue 9): 8, not 7.
    assert_eq!(lines[0], "denials: 8 items, $2,340.00 at risk (as of 2026-11-23)");
    assert!(lines[1].contains("PRIORITY") && lines[1].contains("AT RISK"));
    assert!(lines[2].contains("P901") && lines[2].contains("$1,150.00"), "highest priority first: {table}");
    assert_eq!(lines[4], "... 6 more (use --limit N, or --csv for all)");
    let out_path = home.path().join("denials.csv");
    overturn(home.path()).args(["queue", "--csv", "-o"]).arg(&out_path).assert().success();
    assert_eq!(mode(&out_path), 0o600);
    let bytes = std::fs::read(&out_path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFid,kind,state,priority"), "UTF-8 BOM then the header");
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(text.lines().count(), 9, "the header and eight items");
    let p901 = text.lines().find(|l| l.contains("P901")).unwrap();
    assert!(p901.contains(",'=TESTER,MARK,"), "formula guard: {p901}");
    assert!(p901.contains(",2026-10-02,"), "ISO dates: {p901}");
    assert!(p901.contains(",1150.00,"), "plain amounts: {p901}");

    let (csv, remits) = (fixture("denials.csv"), fixture("remits-a.835"));
    let o = |s: &'static str| OsStr::new(s);
    let steps: [&[&OsStr]; 4] = [
        &[o("import"), csv.as_os_str(), remits.as_os_str()],
        &[o("queue"), o("--limit"), o("2")],
        &[o("queue"), o("--csv")],
        &[o("queue"), o("--json"), o("--limit"), o("3")],
    ];
    if let Some(printed) = common::cli::alike_from_scratch(home.path(), "queue_table_and_excel_csv", &steps) {
        assert!(printed[1].1.starts_with("denials: 8 items, $2,340.00 at risk"), "{:?}", printed[1]);
        assert_eq!(printed[2].1.lines().count(), 9, "{:?}", printed[2]);
    }
}

#[test]
fn gen_835_is_deterministic_valid_and_imports_cleanly() {
    let home = tempfile::tempdir().unwrap();
    let a = home.path().join("a.835");
    let b = home.path().join("b.835");
    let c = home.path().join("c.835");
    let args = ["gen-835", "--claims", "3000", "--seed", "11", "--as-of", "2026-11-23", "-o"];
    overturn(home.path()).args(args).arg(&a).assert().success();
    overturn(home.path()).args(args).arg(&b).assert().success();
    let other = ["gen-835", "--claims", "3000", "--seed", "12", "--as-of", "2026-11-23", "-o"];
    overturn(home.path()).args(other).arg(&c).assert().success();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&c).unwrap());
    assert_eq!(mode(&a), 0o600);
    let out = overturn(home.path()).args(["import", "--json"]).arg(&a).output().unwrap();
    let r: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert!(r["error"].is_null(), "{r}");
    assert_eq!(r["warnings"].as_array().unwrap().len(), 0, "a generated file is clean: {r}");
    assert_eq!(r["claims"], 3000);
    let denials = r["denials"].as_u64().unwrap();
    assert!((300..=500).contains(&denials), "about 12% denied: {denials}");
    assert!(r["reversals"].as_u64().unwrap() > 0 && r["plb"].as_u64().unwrap() > 0);
    // Dates fall in the eight weeks before --as-of.
    let text = std::fs::read_to_string(&a).unwrap();
    let dates: Vec<&str> =
        text.lines().filter(|l| l.starts_with("DTM*472*") || l.starts_with("DTM*405*")).map(|l| &l[8..16]).collect();
    assert!(dates.iter().all(|d| ("20260928"..="20261123").contains(d)), "{:?}", dates.iter().min());
}

#[test]
fn gen_277_rejections_become_work() {
    let home = tempfile::tempdir().unwrap();
    let f = home.path().join("acks.277");
    let out = overturn(home.path())
        .args(["gen-277", "--claims", "200", "--seed", "3", "--rejection-rate", "0.1", "-o"])
        .arg(&f)
        .output()
        .unwrap();
    let said = stdout(&out);
    let rejected: u64 = said.split(", ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    let out = overturn(home.path()).args(["import", "--json"]).arg(&f).output().unwrap();
    let r: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(r["rejections"].as_u64().unwrap(), rejected);
    assert_eq!(r["statuses"], 200);
    assert_eq!(r["warnings"].as_array().unwrap().len(), 0, "{r}");
}

#[test]
fn demo_builds_its_own_database_and_never_the_real_one() {
    let home = tempfile::tempdir().unwrap();
    let out = overturn(home.path()).arg("demo").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    let demo = home.path().join("data/demo.db");
    assert!(text.contains(&format!("Demo database: {}", demo.display())), "{text}");
    assert!(!home.path().join("data/overturn.db").exists(), "the working database is not created");
    let info = stdout(&overturn(home.path()).arg("--db").arg(&demo).arg("info").output().unwrap());
    assert!(info.contains("(demo)"), "{info}");
    let count = |queue: &str| -> u64 {
        info.lines().find(|l| l.starts_with(queue)).unwrap().split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    // The Denials queue holds the open underpayments too (the demo's fee schedule finds some).
    let (denials, underpaid) = (count("denials:"), count("underpaid:"));
    assert!((100..=200).contains(&underpaid), "{info}");
    assert!((200..=330).contains(&(denials - underpaid)), "10-15% of ~2,000 claims: {denials} - {underpaid}");
    // Its recent submissions nobody answered: listed once past the 7-day wait for a 277CA.
    assert!(info.contains("submitted:        24 claims from 837s, 24 without a remit yet"), "{info}");
    let silent = stdout(&overturn(home.path()).arg("--db").arg(&demo).arg("unanswered").output().unwrap());
    let listed = silent.lines().filter(|l| l.starts_with("SB")).count();
    assert!((10..24).contains(&listed), "the older ones only: {silent}");
    // Rebuilding replaces the earlier demo.
    overturn(home.path()).arg("demo").assert().success();
    // The working database is refused as a target.
    overturn(home.path()).arg("import").arg(fixture("acks-a.277")).assert().success();
    let real = home.path().join("data/overturn.db");
    let out = overturn(home.path()).arg("demo").arg("-o").arg(&real).output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("working database"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_bad_config_names_the_file() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(home.path().join("config/config.toml"), "write_off_threshold = \"much\"\n").unwrap();
    let out = overturn(home.path()).arg("info").output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.toml: write_off_threshold 'much' is not an amount"), "{err}");
}

#[test]
fn demo_never_replaces_a_ledger_that_is_open() {
    let home = tempfile::tempdir().unwrap();
    let demo = home.path().join("demo.db");
    overturn(home.path()).args(["demo", "-o"]).arg(&demo).assert().success();
    let held = overturn::store::Store::open(&demo).unwrap(); // a desk has it open
    let out = overturn(home.path()).args(["demo", "-o"]).arg(&demo).output().unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("is open in a desk or another command; close it"), "{}", stderr(&out));
    let n: i64 = held.conn().query_row("SELECT count(*) FROM work_item", [], |r| r.get(0)).unwrap();
    assert!(n > 0, "the open ledger is intact");
    drop(held);
    overturn(home.path()).args(["demo", "-o"]).arg(&demo).assert().success();
    assert!(
        !home.path().read_dir().unwrap().any(|e| e.unwrap().file_name().to_string_lossy().starts_with(".overturn-"))
    );
}

#[test]
fn read_only_commands_refuse_a_missing_ledger_and_stop_quietly_on_a_closed_pipe() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        vec!["queue"],
        vec!["appeals"],
        vec!["info"],
        vec!["export", "--tab", "denials"],
        vec!["report", "kpi"],
        vec!["letter", "1"],
        vec!["check"],
        vec!["backup"],
    ] {
        let out = overturn(home.path()).args(["--db", "typo.db"]).args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr(&out).contains("no ledger at typo.db"), "{args:?}: {}", stderr(&out));
    }
    assert!(!home.path().join("typo.db").exists() && !std::path::Path::new("typo.db").exists());
    overturn(home.path()).arg("import").arg(fixture("remits-a.835")).assert().success();
    // `| head -1`: the reader goes away; the command ends quietly with success.
    for args in [vec!["info"], vec!["queue"], vec!["export", "--tab", "denials", "--json"], vec!["man"]] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("overturn"))
            .env("OVERTURN_DATA_DIR", home.path().join("data"))
            .env("OVERTURN_CONFIG_DIR", home.path().join("config"))
            .env("OVERTURN_TODAY", common::TODAY)
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // closed before anything is read
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}: {:?} {}", out.status, String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn json_is_typed_completions_and_the_manual_come_from_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    overturn(home.path()).arg("import").arg(fixture("remits-a.835")).assert().success();
    let out = overturn(home.path()).args(["queue", "--json", "--limit", "1"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert!(v["id"].is_i64() && v["at_risk"].is_f64() && v["due_soon"].is_boolean(), "{v}");
    assert!(v["owner"].is_null() && v["date_of_service"].is_string(), "{v}");
    let info: serde_json::Value =
        serde_json::from_str(&stdout(&overturn(home.path()).args(["info", "--json"]).output().unwrap())).unwrap();
    assert_eq!(info["queues"]["denials"]["items"], 5);
    let table = stdout(&overturn(home.path()).arg("queue").output().unwrap());
    assert!(table.lines().nth(1).unwrap().trim_start().starts_with("ID "), "the id letter ID needs: {table}");
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout(&overturn(home.path()).args(["completions", shell]).output().unwrap());
        assert!(script.contains("check-templates") && script.contains("overturn"), "{shell}");
    }
    let man = stdout(&overturn(home.path()).arg("man").output().unwrap());
    assert!(man.starts_with(".ie") || man.contains(".TH overturn"), "{}", &man[..200.min(man.len())]);
}

#[test]
fn info_shows_the_practice_profile_and_what_letters_still_need() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/config.toml"),
        "[practice]\nname = \"Riverbend\"\naddress = \"1 Main St\\nSpringfield\"\nnpi = \"1234567893\"\n",
    )
    .unwrap();
    overturn(home.path()).arg("import").arg(common::fixture("remits-a.835")).assert().success();
    let out = overturn(home.path()).arg("info").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("practice:   [practice] in config.toml, letters need phone, tin\n"), "{text}");
    assert!(
        text.contains("  address   1 Main St / Springfield\n") && text.contains("  fax       (not set)\n"),
        "{text}"
    );
    std::fs::write(home.path().join("config/config.toml"), "[practice]\nfacsimile = \"1\"\n").unwrap();
    let out = overturn(home.path()).arg("info").output().unwrap();
    assert!(!out.status.success(), "an unknown key is refused, not ignored");
    assert!(String::from_utf8_lossy(&out.stderr).contains("facsimile"), "{}", String::from_utf8_lossy(&out.stderr));
}
