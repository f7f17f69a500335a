//! Import benchmark: `cargo bench --bench import`.
//!
//! Generates a 100,000-claim 835 with `gen-835`'s generator, times the parser alone (records
//! counted, nothing stored), imports it through the real path (parse, classify, triage, write,
//! index, one transaction), then measures the fixed baseline: the same file's rows as the
//! version 3 schema held them (a row per claim, service line, adjustment, remark, work item,
//! event, ...) inserted into a fresh version 3 ledger with bare prepared statements in one
//! transaction. The baseline's schema and row set stay those of version 3 whatever the ledger
//! becomes, so the ratio stays comparable across versions. The import and the baseline take
//! turns for a few rounds and the median round is reported, with every round's figures. Peak
//! memory of the import alone is read from the kernel (VmHWM, reset before). A second, four
//! times larger import shows that the time scales linearly and peak memory does not grow with
//! the file.
//!
//! `OVERTURN_BENCH_CLAIMS` changes the main size (default 100000), `OVERTURN_BENCH_ROUNDS` the
//! number of rounds (default 3).

use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use overturn::domain::money::Cents;
use overturn::generate::{Gen835Options, write_835};
use overturn::import::{FileKind, ParseOnly, ReadOptions, importer_for};
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
        tolerance: Default::default(),
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

/// Rows of one table, each a list of column values.
type Rows = Vec<Vec<Value>>;

/// A table's name, stored columns and rows.
type TableRows = (String, Vec<String>, Rows);

/// The baseline's ledger: the version 3 schema, with the pragmas every ledger is opened with.
fn baseline_ledger(path: &Path) -> rusqlite::Connection {
    let mut c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -16000;",
    )
    .unwrap();
    overturn::store::migrate::migrate_to(&mut c, 3).unwrap();
    c
}

fn all(c: &rusqlite::Connection, sql: &str) -> Vec<Vec<Value>> {
    let mut s = c.prepare(sql).unwrap();
    let n = s.column_count();
    s.query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect()).unwrap().map(Result::unwrap).collect()
}

/// The rows version 3 held for what the import wrote, table by table in the order the version
/// 3 schema creates them (parents first): each table's version 3 columns, and a claim's lines,
/// adjustments and remarks unpacked into their row tables with the ids the version 3 import
/// gave them. `queue_total` is kept by triggers: skipped.
fn v3_rows(db: &Path, v3: &rusqlite::Connection) -> Vec<TableRows> {
    let store = Store::open(db).unwrap();
    let c = store.conn();
    let names: Vec<String> = {
        let mut s = v3.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rootpage").unwrap();
        s.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let (lines, adjustments, remarks) = unpacked(c);
    names
        .into_iter()
        .filter(|name| name != "queue_total")
        .map(|name| {
            let cols = columns(v3, &name);
            let rows = match name.as_str() {
                "service_line" => lines.clone(),
                "adjustment" => adjustments.clone(),
                "remark" => remarks.clone(),
                _ => all(c, &format!("SELECT {} FROM \"{name}\"", cols.join(", "))),
            };
            (name, cols, rows)
        })
        .collect()
}

/// Service line, adjustment and remark rows in version 3's columns, numbered as the version 3
/// import numbered them: per claim its own adjustments and remarks, then each line with its.
fn unpacked(c: &rusqlite::Connection) -> (Rows, Rows, Rows) {
    use overturn::store::claim_body::{BodyAdjustment, BodyRemark};
    let (mut lines, mut adjs, mut rems) = (Vec::new(), Vec::new(), Vec::new());
    let text = |s: Option<&str>| s.map_or(Value::Null, |s| Value::Text(s.to_string()));
    let int = |i: i64| Value::Integer(i);
    let real = |f: Option<f64>| f.map_or(Value::Null, Value::Real);
    let adj = |adjs: &mut Vec<Vec<Value>>, claim: i64, line: Value, a: &BodyAdjustment<'_>| {
        let id = adjs.len() as i64 + 1;
        adjs.push(vec![
            int(id),
            int(claim),
            line,
            text(Some(&a.group)),
            text(Some(&a.carc)),
            int(a.amount),
            real(a.quantity),
        ]);
    };
    let rem = |rems: &mut Vec<Vec<Value>>, claim: i64, line: Value, r: &BodyRemark<'_>| {
        let id = rems.len() as i64 + 1;
        rems.push(vec![int(id), int(claim), line, text(Some(&r.source)), text(Some(&r.code))]);
    };
    let ids: Vec<i64> = {
        // Claims with a document: in their own row (schema v14), or in claim_body before.
        let sql = "SELECT id FROM claim WHERE body IS NOT NULL UNION SELECT claim_id FROM claim_body ORDER BY 1";
        let mut s = c.prepare(sql).unwrap();
        s.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    for claim in ids {
        let body = overturn::store::claim_body::read(c, claim).unwrap();
        body.adjustments.iter().for_each(|a| adj(&mut adjs, claim, Value::Null, a));
        body.remarks.iter().for_each(|r| rem(&mut rems, claim, Value::Null, r));
        for (i, l) in body.lines.iter().enumerate() {
            let id = lines.len() as i64 + 1;
            lines.push(vec![
                int(id),
                int(claim),
                int(i as i64 + 1),
                text(l.qualifier.as_deref()),
                text(l.procedure.as_deref()),
                text(l.modifiers.as_deref()),
                text(l.revenue_code.as_deref()),
                real(l.units),
                int(l.charge),
                int(l.paid),
                l.allowed.map_or(Value::Null, int),
                text(l.from.map(|d| d.to_string()).as_deref()),
                text(l.to.map(|d| d.to_string()).as_deref()),
                text(l.control_no.as_deref()),
            ]);
            l.adjustments.iter().for_each(|a| adj(&mut adjs, claim, int(id), a));
            l.remarks.iter().for_each(|r| rem(&mut rems, claim, int(id), r));
        }
    }
    (lines, adjs, rems)
}

/// The baseline: the version 3 rows into a fresh version 3 ledger, bare prepared statements,
/// one transaction. A claim's link to the later reversal of it points forward, so, as in the
/// import, it is set by an UPDATE once the reversal row exists.
fn baseline(mut conn: rusqlite::Connection, tables: &[TableRows]) -> Duration {
    let link_col = {
        let s = conn.prepare("SELECT * FROM claim").unwrap();
        s.column_names().into_iter().position(|c| c == "reversed_by_claim_id").unwrap()
    };
    let t = Instant::now();
    let tx = conn.transaction().unwrap();
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

/// The parser alone over the file (read through a buffer, as the import reads it).
fn parse_only(file: &Path) -> Duration {
    let t = Instant::now();
    let mut input = std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(file).unwrap());
    let mut sink = ParseOnly::default();
    let mut warnings = Vec::new();
    importer_for(FileKind::Remit835).read(&mut input, &mut sink, ReadOptions::default(), &mut warnings).unwrap();
    assert!(sink.claims > 0);
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

    let parse = parse_only(&file).as_secs_f64();
    // The import and the baseline alternate, a fresh ledger each time: a machine whose speed
    // drifts during the run moves both, and the median round is the one reported.
    let rounds: usize = std::env::var("OVERTURN_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(3).max(1);
    let db = dir.path().join("import-1.db");
    let (secs, peak, denials, lines, adjustments) = import_in_child(&db, &file);
    let v3_schema = baseline_ledger(&dir.path().join("baseline-schema.db"));
    let rows = v3_rows(&db, &v3_schema);
    drop(v3_schema);
    let row_count: usize = rows.iter().map(|(_, _, r)| r.len()).sum();
    // The baseline's row set is fixed: every line the parser counted is a row of it (a ledger
    // that stores its documents elsewhere must still be unpacked whole).
    let line_rows = rows.iter().find(|(name, ..)| name == "service_line").map_or(0, |(_, _, r)| r.len());
    assert_eq!(line_rows as u64, lines, "the baseline holds a row per service line");
    let mut runs =
        vec![(secs, baseline(baseline_ledger(&dir.path().join("baseline-1.db")), &rows).as_secs_f64(), peak)];
    for round in 2..=rounds {
        let (secs, peak, ..) = import_in_child(&dir.path().join(format!("import-{round}.db")), &file);
        let base = baseline(baseline_ledger(&dir.path().join(format!("baseline-{round}.db"))), &rows);
        runs.push((secs, base.as_secs_f64(), peak));
    }
    drop(rows);
    let ratio = |r: &(f64, f64, f64)| r.0 / r.1;
    let mut sorted = runs.clone();
    sorted.sort_by(|a, b| ratio(a).total_cmp(&ratio(b)));
    let (secs, base_secs, _) = sorted[sorted.len() / 2];
    let peak = runs.iter().map(|r| r.2).fold(0.0, f64::max);

    println!("import of a generated 835: {claims} claims, {mb:.1} MB");
    println!("  {denials} denials, {lines} service lines, {adjustments} adjustments");
    println!("  parse only {parse:>6.2} s  {:>9.0} claims/s  (records counted, nothing stored)", claims as f64 / parse);
    println!("  median of {rounds} rounds, import and baseline alternating:");
    println!(
        "  import     {secs:>6.2} s  {:>9.0} claims/s  (parse, classify, write, index, commit)",
        claims as f64 / secs
    );
    println!(
        "  baseline   {base_secs:>6.2} s  {:>9.0} claims/s  {:>10.0} rows/s  ({row_count} version 3 rows, bare prepared INSERTs into the version 3 schema, one transaction)",
        claims as f64 / base_secs,
        row_count as f64 / base_secs
    );
    println!("  ratio      {:>6.2}x the baseline (target at most 0.5x, aim 0.3x)", secs / base_secs);
    let each: Vec<String> = runs.iter().map(|r| format!("{:.2}x ({:.2} s / {:.2} s)", ratio(r), r.0, r.1)).collect();
    println!("  rounds     {}", each.join(", "));
    println!("  peak memory during import: {peak:.1} MiB (target under 64 MiB)");

    let big = claims * 4;
    let big_file = dir.path().join("big.835");
    generate(&big_file, big);
    let big_mb = std::fs::metadata(&big_file).unwrap().len() as f64 / 1_048_576.0;
    let (big_secs, big_peak, ..) = import_in_child(&dir.path().join("big.db"), &big_file);
    println!(
        "import of {big} claims ({big_mb:.1} MB): {big_secs:.2} s ({:.2}x the time of {claims}), peak memory {big_peak:.1} MiB",
        big_secs / secs
    );
}
