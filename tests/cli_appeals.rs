//! `overturn appeals`, `letter` and `export` as a user runs them, on a ledger whose decisions
//! were made through the same library the desk uses.

mod common;

use overturn::domain::decision::Decision;

use common::cli::{appeal, ledger_with, mode, overturn, stderr, stdout, submit};

#[test]
fn the_daily_follow_up_list() {
    let home = tempfile::tempdir().unwrap();
    ledger_with(home.path(), &[("A105", appeal()), ("A105", submit("=cmd|' /C calc'!A0")), ("A100", appeal())]);
    let out = overturn(home.path()).arg("appeals").output().unwrap();
    let text = stdout(&out);
    assert!(text.starts_with("Appeals: 2 (as of 2026-11-23)"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[2].contains("2026-12-07") && lines[2].contains("follow up") && lines[2].contains("portal"), "{text}");
    assert!(lines[3].contains("packet: 4 missing"), "the follow-up comes first: {text}");

    // Due within 14 days: the follow-up only (the other's next action is its deadline).
    let text = stdout(&overturn(home.path()).args(["appeals", "--due-within", "14"]).output().unwrap());
    assert!(text.starts_with("Appeals, next action due within 14 days: 1"), "{text}");
    let later =
        overturn(home.path()).env("OVERTURN_TODAY", "2026-12-09").args(["appeals", "--due-within", "0"]).output();
    assert!(stdout(&later.unwrap()).contains("!2d over"), "overdue follow-ups stay on the list");

    let csv = stdout(&overturn(home.path()).args(["appeals", "--csv"]).output().unwrap());
    assert!(csv.starts_with("\u{feff}id,next_action_due,days_left,next_action,"), "{csv}");
    assert!(csv.contains(",'=cmd|' /C calc'!A0,"), "a formula-looking confirmation is defused: {csv}");

    let lists: [&[&str]; 3] = [&["appeals"], &["appeals", "--due-within", "14"], &["appeals", "--csv"]];
    let ledger = home.path().join("data/overturn.db");
    common::cli::alike_on_postgresql(home.path(), &ledger, "the_daily_follow_up_list", &lists);
}

#[test]
fn letters_print_save_and_check() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(home.path().join("config/config.toml"), "practice_name = \"Riverbend Family Medicine\"\n").unwrap();
    let store = ledger_with(home.path(), &[("A105", appeal())]);
    let id = common::scalar(&store, "SELECT work_item_id FROM appeal");
    // A name alone is not enough to write to a payer: the letter is refused, naming what is missing.
    let early = home.path().join("early.md");
    let out = overturn(home.path()).args(["letter", &id.to_string(), "-o"]).arg(&early).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no letter yet: set address, phone, npi, tin under [practice] in config.toml"),
        "{}",
        stderr(&out)
    );
    assert!(!early.exists(), "nothing is written");
    common::cli::practice_config(home.path());
    let out = overturn(home.path()).args(["letter", &id.to_string()]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(
        md.starts_with(
            "Riverbend Family Medicine\n120 River Road\nSpringfield, IL 62701\nPhone (217) 555-0142\n\
             NPI 1234567893, TIN 12-3456789\n"
        ),
        "{md}"
    );
    assert!(md.contains(" at (217) 555-0142.\n"), "questions go to the practice's phone: {md}");
    assert!(!md.contains("[practice"), "{md}");
    assert!(md.contains("# First-level appeal (level 1)") && md.contains("- Our account number: A105"), "{md}");
    assert!(stderr(&out).contains("rendered from the templates"));

    let file = home.path().join("letter.txt");
    let out =
        overturn(home.path()).args(["letter", &id.to_string(), "--format", "text", "-o"]).arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&file), 0o600, "letters carry patient data: owner only");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\nFirst-level appeal (level 1)\n") && !text.contains('#'), "{text}");
    let item = id.to_string();
    let letters: [&[&str]; 4] =
        [&["letter", &item], &["letter", &item, "--format", "text"], &["letter", "999"], &["letter", &item, "--fresh"]];
    let ledger = home.path().join("data/overturn.db");
    common::cli::alike_on_postgresql(home.path(), &ledger, "letters_print_save_and_check", &letters);

    // A letter an earlier version saved with its placeholder for the practice is not exported.
    store
        .conn()
        .execute("UPDATE appeal SET letter = 'At [practice name: set practice_name in config.toml].'", [])
        .unwrap();
    let out =
        overturn(home.path()).args(["letter", &id.to_string(), "-o"]).arg(home.path().join("old.md")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the letter still says \"[practice name: ...]\""), "{}", stderr(&out));
    assert!(!home.path().join("old.md").exists());
    assert!(overturn(home.path()).args(["letter", &id.to_string(), "--fresh"]).output().unwrap().status.success());

    // An id that is not in the ledger.
    let out = overturn(home.path()).args(["letter", "999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("work item 999 does not exist"));

    assert!(overturn(home.path()).args(["letter", "--check-templates"]).output().unwrap().status.success());
    std::fs::create_dir_all(home.path().join("config/templates")).unwrap();
    std::fs::write(home.path().join("config/templates/coding.md"), "Claim {{ claim.number }} was miscoded.\n").unwrap();
    let out = overturn(home.path()).args(["letter", "--check-templates"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a broken override fails the check");
    let report = stdout(&out);
    assert!(
        report.contains("FAILED coding") && report.contains("line 1: `Claim {{ claim.number }} was miscoded.`"),
        "{report}"
    );
    // A sentence that reads unfinished when an optional fact is missing fails the check too.
    std::fs::remove_file(home.path().join("config/templates/coding.md")).unwrap();
    std::fs::write(
        home.path().join("config/templates/medical_necessity.md"),
        "The policy that applies to {{ claim.procedures }}.{% if denial.remarks %} Remarks: {{ denial.remarks }}.{% endif %}\n",
    )
    .unwrap();
    let out = overturn(home.path()).args(["letter", "--check-templates"]).output().unwrap();
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("FAILED medical_necessity") && report.contains("reads unfinished: `not on file.`"),
        "{report}"
    );
    assert!(report.contains("ok     coding"), "{report}");
}

#[test]
fn write_offs_export_with_their_reasons() {
    let home = tempfile::tempdir().unwrap();
    let close = Decision::Close { reason: "other".into(), note: "payer closed; no appeal route".into() };
    ledger_with(home.path(), &[("A102", close)]);
    let file = home.path().join("writeoffs.csv");
    let out = overturn(home.path()).args(["export", "--tab", "write-offs", "--csv", "-o"]).arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&file), 0o600);
    let csv = std::fs::read_to_string(&file).unwrap();
    let mut rows = csv.lines();
    let header = rows.next().unwrap();
    assert!(header.ends_with(",recovered,repeat_denials,write_off_reason,write_off_note,closed_on"), "{header}");
    let row = rows.next().unwrap();
    assert!(row.contains(",A102,") && row.ends_with(",0.00,0,other,payer closed; no appeal route,2026-11-23"), "{row}");
    assert_eq!(rows.next(), None);

    let json = stdout(&overturn(home.path()).args(["export", "--tab", "write-offs", "--json"]).output().unwrap());
    let item: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(item["write_off_reason"], "other");
    assert_eq!(item["patient_control_number"], "A102");

    let exports: [&[&str]; 2] =
        [&["export", "--tab", "write-offs", "--csv"], &["export", "--tab", "write-offs", "--json"]];
    let ledger = home.path().join("data/overturn.db");
    common::cli::alike_on_postgresql(home.path(), &ledger, "write_offs_export_with_their_reasons", &exports);
}
