//! Hostile files: escape sequences, C1 controls, NUL and line breaks in every text field of an
//! 835, a 277CA and a spreadsheet (and in a file's name). No command may print or save a control
//! byte, a spreadsheet cell may not forge a row, and a name may not become markup in a letter.

mod common;

use common::cli::{overturn, stderr, stdout};
use common::{remit, write};

/// Window title (OSC 0), clipboard write (OSC 52), cursor report (DSR), erase screen (C1 CSI),
/// NUL and BEL.
const TITLE: &str = "\u{1b}]0;pwned\u{7}";
const CLIP: &str = "\u{1b}]52;c;ZXZpbA==\u{7}";
const DSR: &str = "\u{1b}[6n";
const ERASE: &str = "\u{9b}2J";
const NUL: &str = "\u{0}";

/// Every control character in `bytes` except newline, tab and CR before LF.
fn controls(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        let allowed = *c == '\n' || *c == '\t' || (*c == '\r' && chars.get(i + 1) == Some(&'\n'));
        if overturn::text::is_control(*c) && !allowed {
            found.push(format!("U+{:04X} at char {i}", *c as u32));
        }
    }
    found
}

fn assert_clean(what: &str, out: &std::process::Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let found = controls(bytes);
        assert!(found.is_empty(), "{what} {stream}: {found:?}\n{}", String::from_utf8_lossy(bytes));
    }
}

fn hostile_835() -> String {
    let claim = format!(
        "CLP*PCN{TITLE}1*4*300*0**CI*PAY{ERASE}9*11*1~NM1*QC*1*DOE{DSR}*JANE{CLIP}****MI*W{NUL}1~\
         NM1*82*1*DR{TITLE}WHO*****XX*1904452176~SVC*HC:99213*300*0**1~DTM*472*20261001~CAS*CO*50*300~LQ*HE*N115"
    );
    remit(911, "20261101", &format!("AETNA{TITLE}"), "60054", &[&claim])
        .replace("TRN*1*EFT911*", &format!("TRN*1*EFT911{DSR}*"))
        .replace("N1*PE*RIVERBEND", &format!("N1*PE*RIVER{ERASE}BEND"))
}

fn hostile_277() -> String {
    format!(
        "ISA*00*          *00*          *ZZ*CH             *ZZ*OVERTURNTEST   *261110*0900*^*00501*000000912*0*P*:~\
         GS*HN*CH*OVERTURNTEST*20261110*0900*912*X*005010X214~ST*277*0001*005010X214~\
         BHT*0085*08*ACK912*20261110*0900*TH~HL*1**20*1~NM1*PR*2*CIGNA{CLIP}*****PI*62308~TRN*1*ACK912~\
         DTP*050*D8*20261110~DTP*009*D8*20261110~HL*2*1*21*1~NM1*41*2*RIVERBEND*****46*RFM001~TRN*2*B912~\
         HL*3*2*19*1~NM1*85*2*RIVERBEND*****XX*1904452176~HL*4*3*PT~NM1*QC*1*ROE{TITLE}*JOHN{ERASE}****MI*W2~\
         TRN*2*R{DSR}9~STC*A7:562:85*20261110*U*200~DTP*472*D8*20261105~SE*18*0001~GE*1*912~IEA*1*000000912~"
    )
}

fn hostile_csv() -> String {
    let header = "patient_control_number,payer_name,patient_last_name,patient_first_name,date_of_service,charge,carc,denied_amount,denial_date";
    format!(
        "{header}\nCSV{ERASE}1,\"UNITED{TITLE}\",\"SMITH\nAppeal withdrawn by provider; do not pay\",\"# ANN{DSR}\",2026-10-01,150,50,150,2026-11-02\n"
    )
}

#[test]
fn no_command_prints_or_saves_a_control_byte() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    common::cli::practice_config(dir);
    let remit = write(dir, &format!("evil{TITLE}\u{9b}31m.835"), &hostile_835());
    let ack = write(dir, "acks.277", &hostile_277());
    let sheet = write(dir, "portal.csv", &hostile_csv());
    let files = [remit.clone(), ack.clone(), sheet.clone()];

    let out = overturn(dir).arg("import").args(&files).output().unwrap();
    assert_clean("import", &out);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("evil\\u001b]0;pwned\\u0007\\u009b31m.835"), "the file name, escaped");
    assert!(stderr(&out).is_empty() || !stderr(&out).contains('\u{1b}'));

    // Again as JSON: duplicates, whose warnings name the file; C1 escaped keeps JSON valid.
    let out = overturn(dir).args(["import", "--json"]).args(&files).output().unwrap();
    assert_clean("import --json", &out);
    let first: serde_json::Value = serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert!(first["file"].as_str().unwrap().contains("\u{9b}31m"), "JSON decodes back to the real name");

    // Nothing stored carries a control character either: names are single-line at intake.
    let db = dir.join("data/overturn.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let stored: Vec<String> = conn
        .prepare(
            "SELECT coalesce(patient_last, '') || coalesce(patient_first, '') || pcn || coalesce(payer_claim_no, '')
                    || coalesce(member_id, '') || coalesce(rendering_name, '') FROM claim
             UNION ALL SELECT name FROM payer UNION ALL SELECT payer_name FROM work_item",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(stored.len() >= 6);
    for s in &stored {
        assert!(!s.chars().any(overturn::text::is_control), "stored {s:?}");
    }

    let id: i64 = conn.query_row("SELECT min(id) FROM work_item WHERE kind = 'denial'", [], |r| r.get(0)).unwrap();
    let id = id.to_string();
    let runs: Vec<Vec<&str>> = vec![
        vec!["queue"],
        vec!["queue", "--csv"],
        vec!["queue", "--tab", "rejections"],
        vec!["appeals"],
        vec!["export", "--tab", "denials"],
        vec!["export", "--tab", "denials", "--json"],
        vec!["report", "rca", "--week", "2026-W44"],
        vec!["report", "rca", "--week", "2026-W44", "--format", "csv"],
        vec!["report", "rca", "--week", "2026-W44", "--format", "json"],
        vec!["report", "kpi"],
        vec!["letter", &id],
        vec!["letter", &id, "--format", "text"],
        vec!["info"],
    ];
    for args in &runs {
        let out = overturn(dir).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_clean(&args.join(" "), &out);
    }

    // A shared ledger prints them the same: escaped (`info` names the ledger, so it differs).
    let import: Vec<&std::ffi::OsStr> =
        std::iter::once(std::ffi::OsStr::new("import")).chain(files.iter().map(|f| f.as_os_str())).collect();
    let listed: Vec<Vec<&std::ffi::OsStr>> =
        runs.iter().filter(|a| a[0] != "info").map(|a| a.iter().map(std::ffi::OsStr::new).collect()).collect();
    let steps: Vec<&[&std::ffi::OsStr]> = std::iter::once(&import).chain(&listed).map(Vec::as_slice).collect();
    common::cli::alike_from_scratch(dir, "no_command_prints_or_saves_a_control_byte", &steps);
}

#[test]
fn a_line_break_in_a_cell_forges_no_row_and_no_heading() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    common::cli::practice_config(dir);
    let sheet = write(dir, "portal.csv", &hostile_csv());
    let out = overturn(dir).args(["import"]).arg(&sheet).output().unwrap();
    assert!(stdout(&out).contains("row 2: line breaks or control characters inside cells were replaced"));
    let out = overturn(dir).args(["queue"]).output().unwrap();
    let text = stdout(&out);
    let rows: Vec<&str> = text.lines().filter(|l| l.contains("SMITH")).collect();
    assert_eq!(rows.len(), 1, "{text}");
    assert!(!text.lines().any(|l| l.starts_with("Appeal withdrawn")), "{text}");
    let out = overturn(dir).args(["letter", "1"]).output().unwrap();
    let letter = stdout(&out);
    assert!(letter.contains("SMITH Appeal withdrawn by provider; do not pay"), "{letter}");
    assert!(letter.contains("\\# ANN"), "a name starting with # stays text: {letter}");
    assert!(!letter.lines().any(|l| l.starts_with("Appeal withdrawn") || l.starts_with("# ANN")), "{letter}");
}

#[test]
fn the_desk_never_draws_a_control_character_even_from_an_older_ledger() {
    // Ledgers written before intake flattened names may still hold control characters.
    let (_g, mut app, mut io) = common::desk::desk(120, 35, false);
    io.sqlite().unwrap()
        .conn()
        .execute_batch(&format!(
            "UPDATE claim SET patient_last = 'DOE{TITLE}{ERASE}'; UPDATE work_item SET payer_name = 'AETNA{CLIP}\nFORGED';"
        ))
        .unwrap();
    overturn::tui::dispatch(&mut app, &mut io, overturn::tui::action::Action::Refresh);
    overturn::tui::dispatch(&mut app, &mut io, overturn::tui::action::Action::OpenDetail);
    let screen = common::desk::screen(&app);
    assert!(screen.contains("DOE"), "{screen}");
    assert!(controls(screen.as_bytes()).is_empty(), "{screen}");
}
