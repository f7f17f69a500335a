//! Running the `overturn` binary as a user would, in a private home.

use std::ffi::OsStr;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use assert_cmd::Command;
use overturn::domain::appeal::SubmitMethod;
use overturn::domain::decision::Decision;
use overturn::domain::money::Cents;
use overturn::store::Store;
use overturn::store::decisions::{DecisionContext, decide};

use super::fixture;

/// `overturn` with private data/config dirs under `home` and a fixed today.
pub fn overturn(home: &Path) -> Command {
    let mut c = Command::cargo_bin("overturn").unwrap();
    c.env("OVERTURN_DATA_DIR", home.join("data"))
        .env("OVERTURN_CONFIG_DIR", home.join("config"))
        .env("OVERTURN_TODAY", super::TODAY)
        .env_remove("OVERTURN_DB");
    c
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

pub fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// A config.toml with a complete practice profile (letters need one).
pub fn practice_config(home: &Path) {
    std::fs::create_dir_all(home.join("config")).unwrap();
    std::fs::write(
        home.join("config/config.toml"),
        "[practice]\nname = \"Riverbend Family Medicine\"\naddress = \"120 River Road\\nSpringfield, IL 62701\"\n\
         phone = \"(217) 555-0142\"\nnpi = \"1234567893\"\ntin = \"12-3456789\"\n",
    )
    .unwrap();
}

/// Imports remits-a into the default ledger of `home` and applies `decisions` to items by PCN.
pub fn ledger_with(home: &Path, decisions: &[(&str, Decision)]) -> Store {
    let out = overturn(home).arg("import").arg(fixture("remits-a.835")).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut store = Store::open(&home.join("data/overturn.db")).unwrap();
    let tables = overturn::tables::builtin();
    for (pcn, d) in decisions {
        let id = super::scalar(
            &store,
            &format!("SELECT w.id FROM work_item w JOIN claim c ON c.id = w.claim_id WHERE c.pcn = '{pcn}'"),
        );
        let tx = store.begin().unwrap();
        let ctx = DecisionContext {
            actor: "dana",
            now: "2026-11-23T16:00:00Z",
            today: super::today(),
            tables: &tables,
            write_off_threshold: Cents(2500),
        };
        decide(&tx, &[id], d, &ctx).unwrap();
        tx.commit().unwrap();
    }
    store
}

pub fn submit(confirmation: &str) -> Decision {
    Decision::Submit {
        method: SubmitMethod::Portal,
        on: super::today(),
        confirmation: confirmation.into(),
        override_reason: "sent as is".into(),
    }
}

pub fn appeal() -> Decision {
    Decision::Appeal { note: String::new(), force: String::new() }
}

/// What a command printed and how it ended: (success, stdout, stderr).
pub type Printed = (bool, String, String);

/// Runs each of `commands` on the `lite` ledger, then on the `shared` one: what they print and
/// how they end must be the same, but for the line that names a ledger just created. SQLite's
/// results, in order.
fn compare(home: &Path, lite: &OsStr, shared: &OsStr, commands: &[&[&OsStr]]) -> Vec<Printed> {
    let run = |db: &OsStr, args: &[&OsStr]| -> Printed {
        let out = overturn(home).arg("--db").arg(db).args(args).output().unwrap();
        let err: String =
            stderr(&out).lines().filter(|l| !l.starts_with("created a new ledger")).map(|l| format!("{l}\n")).collect();
        (out.status.success(), clock_masked(&stdout(&out)), clock_masked(&err))
    };
    let mut printed = Vec::new();
    for args in commands {
        let a = run(lite, args);
        assert_eq!(a, run(shared, args), "{args:?}: SQLite's output, then PostgreSQL's");
        printed.push(a);
    }
    printed
}

/// `text` with every instant the clock gave (`2026-12-02T01:18:09Z`, an import's time) as
/// `<time>`: two runs a second apart differ only there.
fn clock_masked(text: &str) -> String {
    let shape = |w: &[u8]| {
        w.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b'T',
            13 | 16 => *b == b':',
            19 => *b == b'Z',
            _ => b.is_ascii_digit(),
        })
    };
    let bytes = text.as_bytes();
    let (mut out, mut i) = (String::new(), 0);
    while i < bytes.len() {
        if bytes.len() - i >= 20 && shape(&bytes[i..i + 20]) {
            out.push_str("<time>");
            i += 20;
        } else {
            let ch = text[i..].chars().next().unwrap_or_default();
            out.push(ch);
            i += ch.len_utf8().max(1);
        }
    }
    out
}

/// Copies the SQLite `ledger` into a new PostgreSQL database (`overturn copy`) and runs each of
/// `commands` on both, `home`'s settings alike (see [`compare`]); `None` when no PostgreSQL
/// cluster is configured (said on the terminal).
pub fn alike_on_postgresql(home: &Path, ledger: &Path, test: &str, commands: &[&[&str]]) -> Option<Vec<Printed>> {
    let pg = super::pg::database(test)?;
    let out = overturn(home).arg("copy").arg(ledger).arg(&pg.url).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let commands: Vec<Vec<&OsStr>> = commands.iter().map(|a| a.iter().map(OsStr::new).collect()).collect();
    let commands: Vec<&[&OsStr]> = commands.iter().map(Vec::as_slice).collect();
    Some(compare(home, ledger.as_os_str(), OsStr::new(&pg.url), &commands))
}

/// Runs `commands` in order on a new SQLite ledger and on a new PostgreSQL database (imports
/// included: the files are read from the same paths; see [`compare`]); `None` when no
/// PostgreSQL cluster is configured.
pub fn alike_from_scratch(home: &Path, test: &str, commands: &[&[&OsStr]]) -> Option<Vec<Printed>> {
    let pg = super::pg::database(test)?;
    let lite = home.join(format!("{test}.db"));
    Some(compare(home, lite.as_os_str(), OsStr::new(&pg.url), commands))
}
