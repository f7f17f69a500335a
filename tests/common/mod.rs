//! Helpers shared by the integration tests.
#![allow(dead_code, unused_macros, unused_imports)]

pub mod cli;
pub mod desk;
pub mod pg;
pub mod steps;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use overturn::domain::money::Cents;
use overturn::ledger::{FileReport, ImportSettings, import_path};
use overturn::store::Store;
use overturn::tables;

pub const TODAY: &str = "2026-11-23";

pub fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// `../shared/samples` beside the project, when it exists.
pub fn samples() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples");
    p.is_dir().then_some(p)
}

pub fn settings() -> ImportSettings {
    ImportSettings {
        today: today(),
        now: "2026-11-23T15:00:00Z".into(),
        actor: "tester".into(),
        write_off_threshold: Cents(2500),
        dry_run: false,
        skip_bad_rows: false,
        tolerance: Default::default(),
    }
}

/// A fresh ledger in a temporary directory (kept alive by the returned guard).
pub fn ledger() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db")).unwrap();
    (dir, store)
}

/// A new ledger on one back end, with a folder for the test's files. Its parts can be moved
/// out (a desk takes the ledger); the folder and database last as long as they are held.
pub struct Engine {
    pub ledger: overturn::store::backend::Backend,
    pub dir: tempfile::TempDir,
    pub database: Option<pg::PgDb>,
    /// Says which back end a failing assertion failed on.
    pub note: EngineNote,
}

pub struct EngineNote(pub overturn::store::db::Dialect);

impl Drop for EngineNote {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("(the failure above was on {:?})", self.0);
        }
    }
}

/// A new ledger on each back end a test runs on: SQLite always, PostgreSQL when
/// `OVERTURN_TEST_PG` names a cluster (otherwise said on the terminal).
pub fn engines(test: &str) -> Vec<Engine> {
    use overturn::store::backend::Backend;
    let dir = tempfile::tempdir().unwrap();
    let lite = Backend::Sqlite(Store::open(&dir.path().join("t.db")).unwrap());
    let note = EngineNote(overturn::store::db::Dialect::Sqlite);
    let mut out = vec![Engine { dir, ledger: lite, database: None, note }];
    if let Some(db) = pg::database(test) {
        let target = overturn::store::pg::PgTarget::parse(&db.url).unwrap();
        let ledger = Backend::create_postgres(target).unwrap();
        let note = EngineNote(overturn::store::db::Dialect::Postgres);
        out.push(Engine { dir: tempfile::tempdir().unwrap(), ledger, database: Some(db), note });
    }
    out
}

/// Imports a file into a ledger on either back end.
pub fn import_into(ledger: &mut overturn::store::backend::Backend, path: &Path, s: &ImportSettings) -> FileReport {
    import_with(ledger, path, s)
}

/// One value of a query on either back end.
pub fn value<T: overturn::store::db::FromValue>(db: overturn::store::db::Conn<'_>, sql: &str) -> T {
    db.query_row(sql, &[], |r| r.get(0)).unwrap()
}

/// A ledger on either back end: an SQLite [`Store`] or a [`Backend`].
pub trait AnyLedger {
    fn at(&self) -> overturn::store::db::Conn<'_>;
    fn target(&mut self) -> overturn::ledger::Target<'_>;
}

impl AnyLedger for Store {
    fn at(&self) -> overturn::store::db::Conn<'_> {
        self.db()
    }
    fn target(&mut self) -> overturn::ledger::Target<'_> {
        overturn::ledger::Target::Sqlite(self)
    }
}

impl AnyLedger for overturn::store::backend::Backend {
    fn at(&self) -> overturn::store::db::Conn<'_> {
        self.db()
    }
    fn target(&mut self) -> overturn::ledger::Target<'_> {
        self.into()
    }
}

pub fn import(ledger: &mut impl AnyLedger, path: &Path) -> FileReport {
    import_with(ledger, path, &settings())
}

pub fn import_with(ledger: &mut impl AnyLedger, path: &Path, s: &ImportSettings) -> FileReport {
    overturn::ledger::import_into(ledger.target(), &tables::builtin(), path, s, &mut |_, _| {})
}

/// Row counts of every table, to prove a failed import changed nothing.
pub fn table_counts(ledger: &impl AnyLedger) -> Vec<(String, i64)> {
    let db = ledger.at();
    let list = db.pick(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
    );
    let names: Vec<String> = db.query_map(list, &[], |r| r.get(0)).unwrap();
    names.into_iter().map(|n| (n.clone(), value(db, &format!("SELECT count(*) FROM \"{n}\"")))).collect()
}

/// Runs `test` on a new ledger on each back end, with a folder for its files.
pub fn on_both(name: &str, mut test: impl FnMut(&mut overturn::store::backend::Backend, &Path)) {
    for mut engine in engines(name) {
        test(&mut engine.ledger, engine.dir.path());
    }
}

pub fn scalar(ledger: &impl AnyLedger, sql: &str) -> i64 {
    value(ledger.at(), sql)
}

/// The packed lines, adjustments and remarks of the (first) claim with this patient control
/// number.
pub fn body(ledger: &impl AnyLedger, pcn: &str) -> overturn::store::claim_body::ClaimBody<'static> {
    let id: i64 = ledger.at().query_row("SELECT min(id) FROM claim WHERE pcn = ?1", &[&pcn], |r| r.get(0)).unwrap();
    overturn::store::claim_body::read(ledger.at(), id).unwrap()
}

/// Every remark code of a claim, its own first, then its lines' in line order.
pub fn remark_codes(ledger: &impl AnyLedger, pcn: &str) -> Vec<String> {
    let b = body(ledger, pcn);
    let lines = b.lines.iter().flat_map(|l| l.remarks.iter());
    b.remarks.iter().chain(lines).map(|r| format!("{}:{}", r.source, r.code)).collect()
}

pub fn text(ledger: &impl AnyLedger, sql: &str) -> String {
    value(ledger.at(), sql)
}

/// The first column of every row, joined by `sep` (SQLite's group_concat, PostgreSQL's
/// string_agg, in the query's order on both).
pub fn joined(ledger: &impl AnyLedger, sql: &str, sep: &str) -> String {
    let all: Vec<String> = ledger.at().query_map(sql, &[], |r| r.get(0)).unwrap();
    all.join(sep)
}

/// A one-payment 835 dated `date` (YYYYMMDD) with the given claim loops (segments joined by
/// `~`, without the final one).
pub fn remit(control: u32, date: &str, payer: &str, payer_id: &str, claims: &[&str]) -> String {
    let body: Vec<&str> = claims.iter().flat_map(|c| c.split('~')).filter(|s| !s.is_empty()).collect();
    let mut st = vec![
        "ST*835*0001*005010X221A1".to_string(),
        format!("BPR*I*0*C*ACH*CCP*01*011000015*DA*123456*1066033492**01*021000021*DA*654321*{date}"),
        format!("TRN*1*EFT{control}*1066033492"),
        format!("DTM*405*{date}"),
        format!("N1*PR*{payer}*XV*{payer_id}"),
        "N1*PE*RIVERBEND FAMILY MEDICINE*XX*1904452176".to_string(),
        "LX*1".to_string(),
    ];
    st.extend(body.iter().map(|s| s.to_string()));
    st.push(format!("SE*{}*0001", st.len() + 1));
    let yymmdd = &date[2..];
    format!(
        "ISA*00*          *00*          *ZZ*PAYERSENDER    *ZZ*OVERTURNTEST   *{yymmdd}*1200*^*00501*{control:09}*0*P*:~\
         GS*HP*PAYERSENDER*OVERTURNTEST*{date}*1200*{control}*X*005010X221A1~{}~GE*1*{control}~IEA*1*{control:09}~",
        st.join("~")
    )
}

pub fn write(dir: &std::path::Path, name: &str, body: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

/// The strings a PDF shows (`(...) Tj` in its uncompressed content streams), one per line, in
/// drawing order: enough to check what a generated PDF says without a PDF reader.
pub fn pdf_text(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'(' {
            i += 1;
            continue;
        }
        let (mut s, mut j, mut depth) = (Vec::new(), i + 1, 1);
        while j < bytes.len() {
            match bytes[j] {
                b'\\' if j + 1 < bytes.len() => {
                    j += 1;
                    match bytes[j] {
                        b'n' => s.push(b'\n'),
                        b'r' => s.push(b'\r'),
                        b't' => s.push(b'\t'),
                        d @ b'0'..=b'7' => {
                            let mut v = u32::from(d - b'0');
                            while j + 1 < bytes.len() && (b'0'..=b'7').contains(&bytes[j + 1]) && v < 32 {
                                j += 1;
                                v = v * 8 + u32::from(bytes[j] - b'0');
                            }
                            s.push(v as u8);
                        }
                        other => s.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    s.push(b'(');
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    s.push(b')');
                }
                b => s.push(b),
            }
            j += 1;
        }
        let rest = &bytes[(j + 1).min(bytes.len())..];
        let after = rest.iter().position(|b| !b.is_ascii_whitespace()).map_or(&[][..], |p| &rest[p..]);
        if after.starts_with(b"Tj") {
            out.extend(s.iter().map(|&b| char::from(b)));
            out.push('\n');
        }
        i = j + 1;
    }
    out
}
