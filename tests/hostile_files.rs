//! Files Overturn writes or opens: `-o` never follows a link, never replaces without --force,
//! never touches a database; a ledger (or its WAL) someone else planted is refused and a loose
//! one of ours is made private; a remit that changes while it is read is not recorded under
//! either hash; pipes are read once, devices refused; a damaged ledger is named, never used;
//! a dry run creates nothing.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::cli::{mode, overturn, stderr, stdout};
use common::{fixture, write};

fn imported(home: &std::path::Path) {
    let out = overturn(home).arg("import").arg(fixture("remits-a.835")).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn output_files_are_new_private_and_never_a_link_a_database_or_the_ledger() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    imported(h);
    let ledger = h.join("data/overturn.db");
    let items = || -> i64 {
        rusqlite::Connection::open(&ledger)
            .unwrap()
            .query_row("SELECT count(*) FROM work_item", [], |r| r.get(0))
            .unwrap()
    };
    let before = items();

    // The ledger itself, even with --force: refused, untouched.
    for force in [false, true] {
        let mut cmd = overturn(h);
        cmd.args(["report", "rca", "-o"]).arg(&ledger);
        if force {
            cmd.arg("--force");
        }
        let out = cmd.output().unwrap();
        assert!(!out.status.success());
        assert!(stderr(&out).contains("is the ledger (or one of its files); nothing was written"), "{}", stderr(&out));
    }
    let wal = h.join("data/overturn.db-wal");
    let out = overturn(h).args(["queue", "--csv", "--force", "-o"]).arg(&wal).output().unwrap();
    assert!(!out.status.success() && stderr(&out).contains("is the ledger"), "{}", stderr(&out));
    assert_eq!(items(), before, "the ledger still holds its work");

    // Another SQLite database.
    let other = h.join("other.db");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    let out = overturn(h).args(["export", "--tab", "denials", "--force", "-o"]).arg(&other).output().unwrap();
    assert!(stderr(&out).contains("is a database; Overturn never writes over one"), "{}", stderr(&out));

    // A symbolic link, pointing anywhere: refused, the target untouched.
    let victim = h.join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let link = h.join("link.csv");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let out = overturn(h).args(["queue", "--csv", "--force", "-o"]).arg(&link).output().unwrap();
    assert!(stderr(&out).contains("is a symbolic link"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");

    // An existing file: only with --force, and then a new private file replaces it.
    let out_file = h.join("queue.csv");
    std::fs::write(&out_file, "old").unwrap();
    std::fs::set_permissions(&out_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = overturn(h).args(["queue", "--csv", "-o"]).arg(&out_file).output().unwrap();
    assert!(stderr(&out).contains("already exists; add --force to replace it"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), "old");
    let out = overturn(h).args(["queue", "--csv", "--force", "-o"]).arg(&out_file).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&out_file).unwrap().contains("patient_control_number"));
    assert_eq!(mode(&out_file), 0o600);

    // A new file: private; no temporary file is left beside it.
    let fresh = h.join("kpi.md");
    let out = overturn(h).args(["report", "kpi", "-o"]).arg(&fresh).output().unwrap();
    assert!(out.status.success() && mode(&fresh) == 0o600);
    let leftovers: Vec<_> = std::fs::read_dir(h)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".overturn-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_planted_or_loose_ledger_is_refused_or_made_private() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let data = h.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let ledger = data.join("overturn.db");
    // Ours but world-readable (an old umask): tightened, and said so.
    std::fs::write(&ledger, "").unwrap();
    std::fs::set_permissions(&ledger, std::fs::Permissions::from_mode(0o666)).unwrap();
    let out = overturn(h).arg("info").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("was readable by other users (mode 666); it is now readable by you only"));
    assert_eq!(mode(&ledger), 0o600);
    // A WAL someone else created beside it (as root we can plant one owned by another uid).
    if rustix::process::getuid().is_root() {
        let wal = data.join("overturn.db-wal");
        std::fs::write(&wal, "").unwrap();
        std::os::unix::fs::chown(&wal, Some(4242), Some(4242)).unwrap();
        let out = overturn(h).arg("info").output().unwrap();
        assert!(!out.status.success());
        assert!(stderr(&out).contains("belongs to another user (uid 4242)"), "{}", stderr(&out));
        std::fs::remove_file(&wal).unwrap();
        std::os::unix::fs::chown(&ledger, Some(4242), Some(4242)).unwrap();
        let out = overturn(h).arg("info").output().unwrap();
        assert!(stderr(&out).contains("belongs to another user"), "{}", stderr(&out));
    }
}

#[test]
fn a_remit_that_changes_while_it_is_read_is_not_imported() {
    let (g, mut store) = common::ledger();
    let file = g.path().join("growing.835");
    let mut out = std::fs::File::create(&file).unwrap();
    let opts =
        overturn::generate::Gen835Options { claims: 3000, seed: 3, denial_rate: 0.2, as_of: common::today(), weeks: 2 };
    overturn::generate::write_835(&mut out, opts).unwrap();
    drop(out);
    let body = std::fs::read(&file).unwrap();
    assert!(body.len() > 600 * 1024, "bigger than the reader's buffer");
    // The interchange control number in the trailer: rewriting it keeps the file readable.
    let at = body.windows(6).rposition(|w| w == b"IEA*1*").unwrap() as u64 + 6;
    // While the import reads it, something rewrites its tail (a client still writing it).
    let path = file.clone();
    let mut changed = false;
    let report = overturn::ledger::import_path(
        &mut store,
        &overturn::tables::builtin(),
        &file,
        &common::settings(),
        &mut |_, _| {
            if !changed {
                changed = true;
                use std::io::{Seek, SeekFrom, Write};
                let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
                f.seek(SeekFrom::Start(at)).unwrap();
                f.write_all(b"987654321").unwrap();
            }
        },
    );
    let e = report.error.unwrap_or_default();
    assert!(e.contains("the file changed while it was being read"), "{e}");
    assert_eq!(common::scalar(&store, "SELECT count(*) FROM import_batch"), 0, "no hash recorded");
    assert_eq!(common::scalar(&store, "SELECT count(*) FROM claim"), 0, "nothing half-written");
    // As it is now, the file imports.
    let again = common::import(&mut store, &file);
    assert!(again.error.is_none(), "{again:?}");
}

#[test]
fn pipes_are_read_once_and_devices_refused() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let bytes = std::fs::read(fixture("remits-a.835")).unwrap();
    let out = overturn(h).args(["import", "/dev/stdin"]).write_stdin(bytes).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("new denials"), "{}", stdout(&out));
    // The same bytes from the file are the same remit.
    let out = overturn(h).arg("import").arg(fixture("remits-a.835")).output().unwrap();
    assert!(stdout(&out).contains("duplicate, nothing changed"), "{}", stdout(&out));
    let out = overturn(h).args(["import", "/dev/zero"]).timeout(std::time::Duration::from_secs(20)).output().unwrap();
    assert!(stderr(&out).contains("is a device or socket, not a file"), "{}", stderr(&out));
    // A named pipe nobody writes to does not hang the import.
    let fifo = h.join("remit.fifo");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let out = overturn(h).arg("import").arg(&fifo).timeout(std::time::Duration::from_secs(20)).output().unwrap();
    assert!(!out.status.success(), "an empty pipe is no remit");
    let out = overturn(h).arg("import").arg(h).output().unwrap();
    assert!(stderr(&out).contains("is a folder"), "{}", stderr(&out));
}

#[test]
fn check_names_a_row_that_refers_to_nothing() {
    // Imports write with foreign keys unenforced (their references are ids they have just
    // written); the check verifies every reference in the ledger.
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    imported(h);
    let ledger = h.join("data/overturn.db");
    let out = overturn(h).arg("check").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("ok (every page, row, index and reference checked)"), "{}", stdout(&out));
    let c = rusqlite::Connection::open(&ledger).unwrap();
    c.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    let claim: i64 = c.query_row("SELECT min(id) FROM claim", [], |r| r.get(0)).unwrap();
    c.execute("UPDATE claim SET txn_id = 999999 WHERE id = ?1", [claim]).unwrap();
    drop(c);
    let out = overturn(h).arg("check").output().unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(&format!("claim row {claim} refers to a remit_txn row that does not exist")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_damaged_ledger_is_named_and_never_written_into() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    imported(h);
    let ledger = h.join("data/overturn.db");
    let out = overturn(h).arg("check").output().unwrap();
    assert!(out.status.success() && stdout(&out).contains("ok"), "{}", stderr(&out));
    // Checkpoint the WAL into the file, then garble pages in the middle.
    rusqlite::Connection::open(&ledger).unwrap().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    let mut bytes = std::fs::read(&ledger).unwrap();
    let mid = bytes.len() / 2;
    for (i, b) in bytes[mid - 4096..mid + 8192].iter_mut().enumerate() {
        *b = (i * 7 + 13) as u8;
    }
    std::fs::write(&ledger, &bytes).unwrap();
    let out = overturn(h).arg("check").output().unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("the ledger file is damaged; nothing was changed"), "{}", stderr(&out));
    // An import into it is refused once the weekly check runs (forced here by a new week).
    let out =
        overturn(h).env("OVERTURN_TODAY", "2026-12-31").arg("import").arg(fixture("remits-b.835")).output().unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("restore your latest backup"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&ledger).unwrap(), bytes, "not written into");
}

#[test]
fn backups_are_private_checked_and_never_replace_a_file() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    imported(h);
    let out = overturn(h).arg("backup").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let copy = h.join("data/backups/overturn-2026-11-23.db");
    assert_eq!(mode(&copy), 0o600);
    assert_eq!(mode(&h.join("data/backups")), 0o700);
    let n: i64 = rusqlite::Connection::open(&copy)
        .unwrap()
        .query_row("SELECT count(*) FROM work_item", [], |r| r.get(0))
        .unwrap();
    assert!(n > 0);
    let out = overturn(h).arg("backup").output().unwrap();
    assert!(stdout(&out).contains("overturn-2026-11-23-2.db"), "a second one the same day: {}", stdout(&out));
    let out = overturn(h).args(["backup", "-o"]).arg(&copy).output().unwrap();
    assert!(stderr(&out).contains("already exists; a backup never replaces a file"));
}

#[test]
fn a_dry_run_creates_nothing() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("nowhere/new.db");
    let out =
        overturn(h).arg("--db").arg(&db).args(["import", "--dry-run"]).arg(fixture("remits-a.835")).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("dry run: nothing written"), "{}", stdout(&out));
    assert!(!db.exists() && !h.join("nowhere").exists(), "no ledger, no folder");
}

#[test]
fn implausible_dates_and_oversized_cells_are_refused_at_intake() {
    let (g, mut store) = common::ledger();
    let claim =
        "CLP*Y9*4*100*0**CI*P9*11*1~NM1*QC*1*DOE*A****MI*W1~SVC*HC:99213*100*0**1~DTM*472*99990628~CAS*CO*50*100";
    let file = write(g.path(), "y.835", &common::remit(931, "20261101", "AETNA", "60054", &[claim]));
    let r = common::import(&mut store, &file);
    assert!(
        r.warnings.iter().any(|w| w.contains("DTM02 is not a valid CCYYMMDD date in the years 1900-2199")),
        "{r:?}"
    );
    let lines = common::body(&store, "Y9").lines;
    assert!(!lines.is_empty() && lines.iter().all(|l| l.from.is_none()), "{lines:?}");
    let header =
        "patient_control_number,payer_name,date_of_service,charge,carc,denied_amount,denial_date,patient_last_name";
    let csv = format!(
        "{header}\nC1,AETNA,06/28/9999,100,50,100,2026-11-02,DOE\nC2,AETNA,2026-10-01,100,50,100,2026-11-02,{}\n",
        "X".repeat(70_000)
    );
    let r = common::import(&mut store, &write(g.path(), "big.csv", &csv));
    let e = r.error.unwrap_or_default();
    assert!(e.contains("row 2") && e.contains("date_of_service") && e.contains("1900-2199"), "{e}");
    assert!(e.contains("row 3") && e.contains("patient_last_name") && e.contains("longer than 64 KiB"), "{e}");
    let one_line = format!("{header}\n{}", "Y".repeat(3 * 1024 * 1024));
    let r = common::import(&mut store, &write(g.path(), "line.csv", &one_line));
    assert!(r.error.unwrap_or_default().contains("a line is longer than 1 MiB"));
}
