//! Import benchmark: `cargo bench --bench import`.
//!
//! Generates a 100,000-claim 835 with `gen-835`'s generator, imports it through the real path
//! (parse, classify, triage, write, index, one transaction), then inserts exactly the same
//! rows into a fresh ledger with a bare prepared-statement loop in one transaction: the
//! baseline. Peak memory of the import alone is read from the kernel (VmHWM, reset before).
//! A second, larger import shows that peak memory does not grow with the file.
//!
//! `OVERTURN_BENCH_CLAIMS` changes the main size (default 100000).

use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use overturn::domain::money::Cents;
use overturn::generate::{Gen835Options, write_835};
use overturn::ledger::{ImportSettings, import_path};
use overturn::store::Store;
use rusqlite::types::Value;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn generate(path: &Path, claims: u64) {
    let file = std::fs::File::create(path).unwrap();
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let opts =
        Gen835Options { claims, seed: 42, denial_rate: 0.12, as_of: today(), weeks: overturn::generate::DEFAULT_WEEKS };
    write_835(&mut out, opts).unwrap();
    out.flush().unwrap();
}

/// Resets the peak-RSS counter of this process (Linux: write 5 to clear_refs).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak resident memory since the last reset, in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN);
    kb / 1024.0
}

fn import(db: &Path, file: &Path) -> (Duration, f64, overturn::ledger::FileReport) {
    let tables = overturn::tables::builtin();
    let settings = ImportSettings {
        today: today(),
        now: "2026-11-23T12:00:00Z".into(),
        actor: "bench".into(),
        write_off_threshold: Cents(2500),
        dry_run: false,
        skip_bad_rows: false,
    };
    let mut store = Store::open(db).unwrap();
    reset_peak();
    let t = Instant::now();
    let report = import_path(&mut store, &tables, file, &settings, &mut |_, _| {});
    let elapsed = t.elapsed();
    assert!(report.error.is_none(), "{:?}", report.error);
    (elapsed, peak_mib(), report)
}

/// A table's stored (not generated) columns.
fn columns(c: &rusqlite::Connection, table: &str) -> Vec<String> {
    let mut s = c.prepare(&format!("SELECT name, hidden FROM pragma_table_xinfo('{table}')")).unwrap();
    s.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .filter(|(_, hidden)| *hidden == 0)
        .map(|(n, _)| n)
        .collect()
}

/// A table's name, stored columns and rows.
type TableRows = (String, Vec<String>, Vec<Vec<Value>>);

/// Every row the import wrote, table by table (`queue_total` is kept by triggers: skipped).
fn read_rows(db: &Path) -> Vec<TableRows> {
    let store = Store::open(db).unwrap();
    let c = store.conn();
    let names: Vec<String> = {
        let mut s = c.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rootpage").unwrap();
        s.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    names
        .into_iter()
        .filter(|name| name != "queue_total")
        .map(|name| {
            let cols = columns(c, &name);
            let mut s = c.prepare(&format!("SELECT {} FROM \"{name}\"", cols.join(", "))).unwrap();
            let n = s.column_count();
            let rows: Vec<Vec<Value>> = s
                .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
                .unwrap()
                .map(Result::unwrap)
                .collect();
            (name, cols, rows)
        })
        .collect()
}

/// The baseline: the same rows into a fresh ledger, bare prepared statements, one transaction.
/// A claim's link to the later reversal of it points forward, so, as in the import, it is
/// set by an UPDATE once the reversal row exists.
fn baseline(db: &Path, tables: &[TableRows]) -> Duration {
    let mut store = Store::open(db).unwrap();
    let link_col = {
        let s = store.conn().prepare("SELECT * FROM claim").unwrap();
        s.column_names().into_iter().position(|c| c == "reversed_by_claim_id").unwrap()
    };
    let t = Instant::now();
    let tx = store.begin().unwrap();
    let mut links = Vec::new();
    for (name, cols, rows) in tables {
        let Some(first) = rows.first() else { continue };
        let marks = vec!["?"; first.len()].join(", ");
        let mut stmt = tx.prepare(&format!("INSERT INTO \"{name}\" ({}) VALUES ({marks})", cols.join(", "))).unwrap();
        for row in rows {
            if name == "claim" && row[link_col] != Value::Null {
                links.push((row[0].clone(), row[link_col].clone()));
                let mut row = row.clone();
                row[link_col] = Value::Null;
                stmt.execute(rusqlite::params_from_iter(row.iter())).unwrap();
            } else {
                stmt.execute(rusqlite::params_from_iter(row.iter())).unwrap();
            }
        }
    }
    let mut link = tx.prepare("UPDATE claim SET reversed_by_claim_id = ?2 WHERE id = ?1").unwrap();
    for (id, by) in &links {
        link.execute([id, by]).unwrap();
    }
    drop(link);
    tx.commit().unwrap();
    t.elapsed()
}

/// Runs one import in a fresh child process (so its peak memory is its own) and returns
/// (seconds, peak MiB, denials, service lines, adjustments).
fn import_in_child(db: &Path, file: &Path) -> (f64, f64, u64, u64, u64) {
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe).arg("--child-import").arg(file).arg(db).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().find(|l| l.starts_with("CHILD ")).expect("child result line");
    let v: Vec<f64> = line[6..].split_whitespace().map(|x| x.parse().unwrap()).collect();
    (v[0], v[1], v[2] as u64, v[3] as u64, v[4] as u64)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child-import") {
        let (took, peak, r) = import(Path::new(&args[i + 2]), Path::new(&args[i + 1]));
        println!(
            "CHILD {} {peak} {} {} {}",
            took.as_secs_f64(),
            r.denials,
            r.counts.service_lines,
            r.counts.adjustments
        );
        return;
    }
    let claims: u64 = std::env::var("OVERTURN_BENCH_CLAIMS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bench.835");
    generate(&file, claims);
    let mb = std::fs::metadata(&file).unwrap().len() as f64 / 1_048_576.0;

    let db = dir.path().join("import.db");
    let (secs, peak, denials, lines, adjustments) = import_in_child(&db, &file);
    let rows = read_rows(&db);
    let row_count: usize = rows.iter().map(|(_, _, r)| r.len()).sum();
    let base = baseline(&dir.path().join("baseline.db"), &rows);
    drop(rows);

    let base_secs = base.as_secs_f64();
    println!("import of a generated 835: {claims} claims, {mb:.1} MB, {row_count} rows written");
    println!("  {denials} denials, {lines} service lines, {adjustments} adjustments");
    println!(
        "  import    {secs:>7.2} s  {:>9.0} claims/s  {:>10.0} rows/s",
        claims as f64 / secs,
        row_count as f64 / secs
    );
    println!(
        "  baseline  {base_secs:>7.2} s  {:>9.0} claims/s  {:>10.0} rows/s  (same rows, bare prepared INSERTs, one transaction)",
        claims as f64 / base_secs,
        row_count as f64 / base_secs
    );
    println!("  ratio     {:>7.2}x the baseline (target within 2x, aim 1.5x)", secs / base_secs);
    println!("  peak memory during import: {peak:.1} MiB (target under 64 MiB)");

    let big = claims * 4;
    let big_file = dir.path().join("big.835");
    generate(&big_file, big);
    let big_mb = std::fs::metadata(&big_file).unwrap().len() as f64 / 1_048_576.0;
    let (big_secs, big_peak, ..) = import_in_child(&dir.path().join("big.db"), &big_file);
    println!("import of {big} claims ({big_mb:.1} MB): {big_secs:.2} s, peak memory {big_peak:.1} MiB");
}
