//! The demo ledger: a generated month of a small practice (six payers, eight providers),
//! imported through the same path as real files: its fee schedule, one 835, two 277CAs
//! (rejections, then corrected claims accepted), a portal spreadsheet and an 837 of recent
//! claims no payer has answered yet; then a month of desk work on it
//! (`demo_work.rs`).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};

use super::claim_gen::patient;
use super::practice::PROCEDURES;
use super::rng::Rng;
use super::{Gen277Options, Gen835Options, write_277, write_835};
use crate::domain::tables::Tables;
use crate::fsutil;
use crate::ledger::{FileReport, ImportSettings, import_path};
use crate::store::Store;

pub const DEMO_CLAIMS: u64 = 2000;
pub const DEMO_DENIAL_RATE: f64 = 0.13;
/// Submitted claims in the demo's 837 (none answered yet).
pub const DEMO_UNANSWERED: u64 = 24;

/// The files of the demo, written into `dir`.
pub fn write_files(dir: &Path, as_of: NaiveDate, seed: u64) -> Result<Vec<PathBuf>, String> {
    let io = |e: std::io::Error| format!("cannot write demo files in {}: {e}", dir.display());
    let create = |name: &str| -> Result<(PathBuf, BufWriter<std::fs::File>), String> {
        let p = dir.join(name);
        let f = fsutil::create_private_for_write(&p).map_err(io)?;
        Ok((p, BufWriter::new(f)))
    };
    let (fees, mut out) = create("fee-schedule.csv")?;
    write_fee_schedule(&mut out, as_of).map_err(io)?;
    out.flush().map_err(io)?;
    let (remit, mut out) = create("remits.835")?;
    write_835(
        &mut out,
        Gen835Options { claims: DEMO_CLAIMS, seed, denial_rate: DEMO_DENIAL_RATE, as_of, weeks: super::DEFAULT_WEEKS },
    )
    .map_err(io)?;
    out.flush().map_err(io)?;
    let (ack1, mut out) = create("acks-1.277")?;
    let first = Gen277Options {
        claims: 260,
        seed,
        rejection_rate: 0.09,
        as_of: as_of - Duration::days(6),
        resubmitted: vec![],
    };
    let acked = write_277(&mut out, &first).map_err(io)?;
    out.flush().map_err(io)?;
    let fixed: Vec<String> = acked.rejected.iter().step_by(2).cloned().collect();
    let (ack2, mut out) = create("acks-2.277")?;
    let second = Gen277Options { claims: 120, seed: seed + 1, rejection_rate: 0.06, as_of, resubmitted: fixed };
    write_277(&mut out, &second).map_err(io)?;
    out.flush().map_err(io)?;
    let (sheet, mut out) = create("portal-denials.csv")?;
    write_portal_csv(&mut out, as_of, seed).map_err(io)?;
    out.flush().map_err(io)?;
    // Claims sent in the last four weeks that no payer has acknowledged yet: the claim
    // inventory's unanswered claims.
    let (claims, mut out) = create("claims.837")?;
    let sent = super::Gen837Options { claims: DEMO_UNANSWERED, seed, as_of, weeks: 4 };
    super::write_837(&mut out, sent).map_err(io)?;
    out.flush().map_err(io)?;
    Ok(vec![fees, remit, ack1, ack2, sheet, claims])
}

/// The practice's contracted rates for the year: what each payer allows, except two payers that
/// pay some visits below their contract (Cigna the longer visits at 78% of the charge against
/// 90% agreed, UnitedHealthcare 99213 at 72% against 80%).
fn write_fee_schedule(out: &mut dyn Write, as_of: NaiveDate) -> std::io::Result<()> {
    use chrono::Datelike;
    writeln!(out, "payer_id,payer,procedure,modifier,rate,effective_from,effective_to")?;
    let year = as_of.year();
    for payer in super::practice::PAYERS {
        for (_, p) in PROCEDURES {
            let agreed = match (payer.name, p.code) {
                ("CIGNA", "99214" | "99215" | "99204") => 900,
                ("UNITEDHEALTHCARE", "99213") => 800,
                _ => payer.allowed_permille,
            };
            let rate = crate::domain::money::Cents(p.fee_cents * agreed / 1000);
            let (id, code) = (payer.id, p.code);
            writeln!(out, "{id},,{code},,{},{}-01-01,{}-12-31", rate.to_decimal_string(), year - 1, year)?;
        }
    }
    Ok(())
}

/// A few denials found on a payer's portal (not on its remits), as the portal exports them.
fn write_portal_csv(out: &mut dyn Write, as_of: NaiveDate, seed: u64) -> std::io::Result<()> {
    const CARCS: &[(&str, &str, &str)] =
        &[("CO", "197", ""), ("CO", "16", "MA130"), ("CO", "50", "N115"), ("CO", "27", "")];
    let mut rng = Rng::new(seed ^ 0xC5);
    let header = include_str!("../../assets/denials-template.csv");
    out.write_all(header.as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    for i in 0..14 {
        let p = patient(&mut rng);
        let proc = rng.weighted(PROCEDURES);
        let (group, carc, rarc) = rng.pick(CARCS);
        let dos = as_of - Duration::days(rng.range(20, 50));
        let denial = dos + Duration::days(rng.range(14, 19));
        let charge = crate::domain::money::Cents(proc.fee_cents).to_decimal_string();
        let row = [
            format!("CP{:06}", i + 1 + seed % 1000 * 1000),
            format!("62{}", rng.digits(11)),
            "CIGNA".into(),
            "62308".into(),
            "commercial".into(),
            p.last.into(),
            p.first.into(),
            p.member.clone(),
            dos.to_string(),
            proc.code.into(),
            String::new(),
            "1".into(),
            String::new(),
            String::new(),
            "11".into(),
            charge.clone(),
            "0.00".into(),
            group.into(),
            carc.into(),
            rarc.into(),
            charge,
            denial.to_string(),
        ];
        w.write_record(&row)?;
    }
    w.flush()
}

/// Builds the demo ledger at `db` (which must be new or an earlier demo) from `dir`'s files.
pub fn build(
    db: &Path,
    dir: &Path,
    tables: &Tables,
    settings: &ImportSettings,
    seed: u64,
) -> Result<Vec<FileReport>, String> {
    let files = write_files(dir, settings.today, seed)?;
    let mut store = Store::open(db).map_err(|e| e.to_string())?;
    let mut reports = Vec::new();
    for f in &files {
        let r = import_path(&mut store, tables, f, settings, &mut |_, _| {});
        if let Some(e) = &r.error {
            return Err(format!("demo file {} did not import: {e}", f.display()));
        }
        reports.push(r);
    }
    super::demo_work::work(&mut store, tables, settings.today, settings.write_off_threshold)
        .map_err(|e| e.to_string())?;
    let tx = store.begin().map_err(|e| e.to_string())?;
    crate::store::mark_demo(&tx).map_err(|e| e.to_string())?;
    tx.commit().map_err(|e| e.to_string())?;
    Ok(reports)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn is_demo(path: &Path) -> bool {
    Store::open(path).and_then(|s| crate::store::is_demo(s.conn())).unwrap_or(false)
}

/// Builds (or rebuilds) the demo ledger at `path`. Refuses the working ledger and any file
/// that is not an earlier demo; the generated files live in a private temporary folder.
pub fn rebuild(
    path: &Path,
    working: &Path,
    tables: &Tables,
    settings: &ImportSettings,
    seed: u64,
) -> Result<Vec<FileReport>, String> {
    if same_file(path, working) && !is_demo(path) {
        return Err(format!("{} is your working database; the demo never writes there", path.display()));
    }
    // Never replace a ledger that is open: every Overturn holds a shared lock on the file it has
    // open, so the exclusive one is refused while a desk (or a command) uses the old demo.
    let _held = if path.exists() {
        if !is_demo(path) {
            return Err(format!("{} exists and is not a demo database; choose another path with -o", path.display()));
        }
        Some(fsutil::lock_file(path, true).map_err(|_| {
            format!("{} is open in a desk or another command; close it, then build the demo again", path.display())
        })?)
    } else {
        None
    };
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fsutil::create_private_dir(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    // Built aside in a new private folder (0700) with a name nobody could have prepared, then
    // moved into place in one rename: the old demo is never half replaced.
    let dir = tempfile::Builder::new()
        .prefix(".overturn-demo-")
        .tempdir_in(parent)
        .map_err(|e| format!("cannot create a folder in {}: {e}", parent.display()))?;
    let fresh = dir.path().join("demo.db");
    let reports = build(&fresh, dir.path(), tables, settings, seed)?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let old = PathBuf::from(format!("{}{suffix}", path.display()));
        if old.exists() {
            std::fs::remove_file(&old).map_err(|e| format!("cannot replace {}: {e}", old.display()))?;
        }
    }
    std::fs::rename(&fresh, path).map_err(|e| format!("cannot put the demo in place at {}: {e}", path.display()))?;
    Ok(reports)
}

/// The demo ledger at `path`: opened as it is when it exists, built when it does not.
pub fn ensure(
    path: &Path,
    working: &Path,
    tables: &Tables,
    settings: &ImportSettings,
    seed: u64,
) -> Result<(), String> {
    if path.exists() && is_demo(path) {
        return Ok(());
    }
    rebuild(path, working, tables, settings, seed).map(|_| ())
}
