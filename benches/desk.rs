//! Desk benchmark: `cargo bench --bench desk`.
//!
//! Builds a ledger of `OVERTURN_BENCH_ITEMS` work items (default 1,000,000) with the real
//! path: `gen-835`'s generator (every claim denied) and the import. Then 10% of the items are
//! appealed and 10% written off, so every tab has work. The ledger is kept under `target/` and
//! reused by later runs. Then, like the desk does at start, it opens the ledger, refreshes
//! priorities and draws the first frame; and it drives the app with key actions, timing each
//! one from the key to the finished frame (update, ledger reads, render on a 120x35
//! TestBackend). Resident memory is read from the kernel.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use overturn::domain::money::Cents;
use overturn::generate::{Gen835Options, write_835};
use overturn::ledger::{ImportSettings, import_path};
use overturn::store::Store;
use overturn::store::backend::Backend;
use overturn::store::copy::Ledger;
use overturn::store::pg::PgTarget;
use overturn::tui::action::Action;
use overturn::tui::app::{App, Tab};
use overturn::tui::io::DeskIo;
use overturn::tui::theme::Theme;
use overturn::tui::view_state::Move;
use overturn::tui::{dispatch, dispatch_now, run_later, start};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Two years of remits.
const WEEKS: u32 = 104;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn status_kib(field: &str) -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

/// The ledger, built once per size and kept under target/; built by a child process, so the
/// memory figures below are the desk's own, not what the import freed.
fn ledger(items: u64) -> PathBuf {
    let db = ledger_path(items);
    if !db.exists() {
        let exe = std::env::current_exe().unwrap();
        let status = std::process::Command::new(exe).arg("--build-ledger").arg(items.to_string()).status().unwrap();
        assert!(status.success() && db.exists(), "building the ledger failed: {status}");
    }
    db
}

fn ledger_path(items: u64) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("desk-v{}-{items}.db", overturn::store::LATEST_VERSION))
}

/// Builds the ledger of [`ledger`] (in the child process).
fn build_ledger(items: u64) {
    let db = ledger_path(items);
    let dir = db.parent().unwrap();
    let file = dir.join(format!("desk-{items}.835"));
    let t = Instant::now();
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&file).unwrap());
    write_835(&mut out, Gen835Options { claims: items, seed: 77, denial_rate: 1.0, as_of: today(), weeks: WEEKS })
        .unwrap();
    out.flush().unwrap();
    drop(out);
    let building = dir.join("building.db");
    let _ = std::fs::remove_file(&building);
    let mut store = Store::open(&building).unwrap();
    let settings = ImportSettings {
        today: today(),
        now: "2026-11-23T08:00:00Z".into(),
        actor: "bench".into(),
        write_off_threshold: Cents(2500),
        dry_run: false,
        skip_bad_rows: false,
        tolerance: Default::default(),
    };
    let r = import_path(&mut store, &overturn::tables::builtin(), &file, &settings, &mut |_, _| {});
    assert!(r.error.is_none(), "{:?}", r.error);
    // Spread the work over the tabs: 10% appealed (a third each preparing, submitted with a
    // follow-up date, upheld), 10% written off with reasons over the last 90 days.
    store.conn().execute_batch(include_str!("desk_work.sql")).unwrap();
    drop(store);
    std::fs::remove_file(&file).unwrap();
    std::fs::rename(&building, &db).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::rename(format!("{}{suffix}", building.display()), format!("{}{suffix}", db.display()));
    }
    println!("built {} with {} work items in {:.0} s", db.display(), r.denials, t.elapsed().as_secs_f64());
}

fn frame(term: &mut Terminal<TestBackend>, app: &App) {
    term.draw(|f| f.render_widget(app, f.area())).unwrap();
}

/// One line of the table: p50, p99 and max in milliseconds.
fn print_times(name: &str, times: &mut [Duration]) {
    times.sort();
    let max = times.last().map_or(0.0, |t| t.as_secs_f64() * 1000.0);
    println!("{name:<26} {:>8.2} {:>8.2} {max:>8.2}", percentile(times, 0.5), percentile(times, 0.99));
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--build-ledger") {
        build_ledger(args[i + 1].parse().unwrap());
        return;
    }
    let items: u64 = std::env::var("OVERTURN_BENCH_ITEMS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let db = ledger(items);
    // OVERTURN_BENCH_PG=postgres://...: the same desk on a PostgreSQL copy of the ledger (made
    // there by `overturn copy` when the database is empty, before the clock starts).
    let pg = std::env::var("OVERTURN_BENCH_PG").ok();
    if let Some(url) = &pg {
        copy_to_postgres(&db, url);
    }
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    // Start: open, refresh priorities, first frame.
    let t = Instant::now();
    let tables = Arc::new(overturn::tables::builtin());
    let ledger = match &pg {
        Some(url) => Backend::open_postgres(PgTarget::parse(url).unwrap()).unwrap(),
        None => Backend::Sqlite(Store::open(&db).unwrap()),
    };
    let mut io = DeskIo::new(ledger, tables.clone(), "bench".into(), today(), None);
    let mut app = App::new(today(), tables, Theme { color: true }, "desk.db".into(), false);
    let mut term = Terminal::new(TestBackend::new(120, 35)).unwrap();
    dispatch(&mut app, &mut io, Action::Resize(120, 35));
    start(&mut app, &mut io);
    frame(&mut term, &app);
    let first = t.elapsed();
    let open: u64 = app.totals.iter().map(|t| t.count).sum();
    println!("ledger: {open} work items in the four queues ({} denials)", app.totals[Tab::Denials.index()].count);
    println!("first frame: {:.1} ms (target 150 ms)", first.as_secs_f64() * 1000.0);

    let scenarios: Vec<(&str, Vec<Action>)> = vec![
        ("move down (j)", vec![Action::Move(Move::Down(1))]),
        ("page down", vec![Action::PageDown]),
        ("page up", vec![Action::PageUp]),
        ("end (G)", vec![Action::Move(Move::Bottom)]),
        ("home (g)", vec![Action::Move(Move::Top)]),
        ("sort change (s)", vec![Action::CycleSort]),
        ("filter payer:aetna", "payer:aetna".chars().map(Action::Input).chain([Action::ApplyFilter]).collect()),
        ("filter cat:eligibility", "cat:eligibility".chars().map(Action::Input).chain([Action::ApplyFilter]).collect()),
        (
            "filter carc:197 amt:>200",
            "carc:197 amt:>200".chars().map(Action::Input).chain([Action::ApplyFilter]).collect(),
        ),
        ("tab switch (Tab)", vec![Action::NextTab]),
    ];
    println!("{:<26} {:>8} {:>8} {:>8}   (ms from key to finished frame, 120x35)", "action", "p50", "p99", "max");
    let mut counts = Vec::new();
    for (name, actions) in scenarios {
        let mut times = Vec::new();
        for i in 0..200 {
            let filtering = matches!(actions.last(), Some(Action::ApplyFilter));
            if filtering {
                // Open the filter line and clear it first (not timed): the timed part is typing the
                // last key (Enter) that applies the filter.
                dispatch(&mut app, &mut io, Action::OpenFilter);
                while app.filter_input.as_ref().is_some_and(|t| !t.text.is_empty()) {
                    dispatch(&mut app, &mut io, Action::Backspace);
                }
                for a in &actions[..actions.len() - 1] {
                    dispatch(&mut app, &mut io, a.clone());
                }
            }
            if name.starts_with("page up") && i == 0 {
                dispatch(&mut app, &mut io, Action::Move(Move::Bottom));
            }
            let timed: &[Action] = if filtering { &actions[actions.len() - 1..] } else { &actions };
            let t = Instant::now();
            let mut later = Vec::new();
            for a in timed {
                dispatch_now(&mut app, &mut io, a.clone(), &mut later);
            }
            frame(&mut term, &app);
            times.push(t.elapsed());
            // The kept item's rank and the filtered count follow on the next frame.
            if !later.is_empty() {
                let t = Instant::now();
                run_later(&mut app, &mut io, &mut later);
                frame(&mut term, &app);
                counts.push((name, t.elapsed()));
            }
            if name.starts_with("tab") && app.tab == Tab::Rca {
                dispatch(&mut app, &mut io, Action::GoTab(Tab::Rejections));
            }
        }
        if matches!(actions.last(), Some(Action::ApplyFilter)) {
            dispatch(&mut app, &mut io, Action::ClearFilter);
        }
        print_times(name, &mut times);
    }
    let mut names: Vec<&str> = counts.iter().map(|(n, _)| *n).collect();
    names.dedup();
    for n in names {
        let mut t: Vec<Duration> = counts.iter().filter(|(m, _)| *m == n).map(|(_, d)| *d).collect();
        t.sort();
        println!(
            "  then rank/count: {n:<25} p50 {:>7.2} ms  p99 {:>7.2} ms",
            percentile(&t, 0.5),
            percentile(&t, 0.99)
        );
    }
    appeals_and_write_offs(&mut app, &mut io, &mut term);
    owner_view(&mut app, &mut io, &mut term);
    if pg.is_none() {
        monday_morning(&db); // SQLite's background rescoring of a copy of the file
    }
    println!(
        "resident memory: {:.1} MiB now, {:.1} MiB peak while working (target under 100 MiB)",
        status_kib("VmRSS:") / 1024.0,
        status_kib("VmHWM:") / 1024.0
    );
}

/// Copies the SQLite ledger `db` into the PostgreSQL database at `url` unless it holds one.
fn copy_to_postgres(db: &Path, url: &str) {
    let target = PgTarget::parse(url).unwrap();
    if overturn::store::pg::ledger_version(&mut target.connect().unwrap()).unwrap().is_none() {
        let t = Instant::now();
        let from = Ledger::Sqlite(db.to_path_buf());
        overturn::store::copy::copy(&from, &Ledger::Postgres(Box::new(target)), &mut |_| {}).unwrap();
        println!("copied the ledger to PostgreSQL in {:.0} s", t.elapsed().as_secs_f64());
    }
}

/// The Appeals tab (next-action order, each row with its appeal) and the write-off totals.
fn appeals_and_write_offs(app: &mut App, io: &mut DeskIo, term: &mut Terminal<TestBackend>) {
    let mut timed = |name: &str, setup: &[Action], action: Action| {
        let mut times = Vec::new();
        for _ in 0..100 {
            for a in setup {
                dispatch(app, io, a.clone());
            }
            let t = Instant::now();
            dispatch(app, io, action.clone());
            frame(term, app);
            times.push(t.elapsed());
        }
        print_times(name, &mut times);
    };
    timed("appeals tab (3)", &[Action::GoTab(Tab::Denials)], Action::GoTab(Tab::Appeals));
    timed("appeals: page down", &[], Action::PageDown);
    timed("appeals: detail", &[Action::CloseOverlay, Action::Move(Move::Down(1))], Action::OpenDetail);
    timed(
        "write-offs: totals (T)",
        &[Action::GoTab(Tab::WriteOffs), Action::CloseOverlay],
        Action::ToggleWriteOffTotals,
    );
}

/// The owner's screens: the RCA week view and the KPI screen, each for a week (or a 13-week
/// period) not read before, from the key to the finished frame.
fn owner_view(app: &mut App, io: &mut DeskIo, term: &mut Terminal<TestBackend>) {
    // The reference the owner's figures are held to: one warm full scan of every work item.
    let scan = {
        let mut times: Vec<Duration> = (0..5)
            .map(|_| {
                let t = Instant::now();
                let _: (i64, i64) = io
                    .backend()
                    .db()
                    .query_row("SELECT count(*), sum(amount_cents) FROM work_item", &[], |r| Ok((r.get(0)?, r.get(1)?)))
                    .unwrap();
                t.elapsed()
            })
            .collect();
        times.sort();
        percentile(&times, 0.5)
    };
    println!("reference: a warm full scan, count(*) and sum(amount) over all work items: {scan:.1} ms");
    let against = |what: &str, ms: f64, target: f64| {
        let ratio = ms / scan;
        let verdict = if ratio <= target { "within" } else { "OVER" };
        println!("  {what:<34} {ms:>8.1} ms = {ratio:>5.2}x the scan ({verdict} the target {target}x)");
    };
    // Not read yet (the tab switches above passed through it).
    app.rca.report = None;
    let t = Instant::now();
    dispatch(app, io, Action::GoTab(Tab::Rca));
    frame(term, app);
    println!("RCA tab, last full week: {:.1} ms (target 100 ms)", t.elapsed().as_secs_f64() * 1000.0);
    let mut times = Vec::new();
    for _ in 0..40 {
        let t = Instant::now();
        dispatch(app, io, Action::RcaWeek(-1));
        frame(term, app);
        times.push(t.elapsed());
    }
    print_times("RCA: another week (←)", &mut times);
    times.sort();
    let rca = percentile(&times, 0.5);
    dispatch(app, io, Action::RcaLastWeek);
    let t = Instant::now();
    dispatch(app, io, Action::ToggleKpi);
    frame(term, app);
    let kpi = t.elapsed().as_secs_f64() * 1000.0;
    println!("KPI screen, 13 weeks: {kpi:.1} ms (target 500 ms)");
    let mut times = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        dispatch(app, io, Action::RcaWeek(-1));
        frame(term, app);
        times.push(t.elapsed());
    }
    print_times("KPI: 13 weeks, a week back", &mut times);
    let all = (today() - chrono::Duration::weeks(i64::from(WEEKS)), today());
    let t = Instant::now();
    let r = overturn::report::build_kpi(io.backend().db(), &overturn::tables::builtin(), all.0, all.1, today(), None)
        .unwrap();
    let report = t.elapsed().as_secs_f64() * 1000.0;
    println!("KPI report over all two years ({} claims): {report:.1} ms", r.counts.claims);
    dispatch(app, io, Action::ToggleKpi);
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            overturn::store::writeoffs::totals(io.backend().db(), &Default::default(), today()).unwrap();
            t.elapsed()
        })
        .collect();
    times.sort();
    let totals = percentile(&times, 0.5);
    println!("the owner's figures against the full scan (issue 13's targets):");
    against("RCA week (another week, p50)", rca, 0.25);
    against("KPI screen, 13 weeks (first read)", kpi, 0.5);
    against("KPI report, two years", report, 1.0);
    against("write-off totals (p50)", totals, 0.1);
}

/// A week without opening the desk: the first frame, the background rescoring it starts, and
/// keys pressed while that runs (on a copy of the ledger).
fn monday_morning(db: &Path) {
    let copy = db.with_file_name("monday.db");
    std::fs::copy(db, &copy).unwrap();
    let later = today() + chrono::Duration::days(7);
    let t = Instant::now();
    let tables = Arc::new(overturn::tables::builtin());
    let mut io = DeskIo::new(Store::open(&copy).unwrap(), tables.clone(), "bench".into(), later, None);
    let mut app = App::new(later, tables, Theme { color: true }, "desk.db".into(), false);
    let mut term = Terminal::new(TestBackend::new(120, 35)).unwrap();
    dispatch(&mut app, &mut io, Action::Resize(120, 35));
    start(&mut app, &mut io);
    frame(&mut term, &app);
    println!("a week later: first frame {:.1} ms (rescoring starts after it)", t.elapsed().as_secs_f64() * 1000.0);
    let t = Instant::now();
    let refresh = overturn::tui::refresh::Refresh::start(
        overturn::store::copy::Ledger::Sqlite(copy.clone()),
        later,
        overturn::domain::money::Cents(2500),
    );
    let mut times = Vec::new();
    let result = loop {
        if let Some(r) = refresh.finished() {
            break r;
        }
        let k = Instant::now();
        dispatch(&mut app, &mut io, Action::Move(Move::Down(1)));
        frame(&mut term, &app);
        times.push(k.elapsed());
        std::thread::sleep(Duration::from_millis(20));
    };
    times.sort();
    println!(
        "  background rescoring: {} items changed urgency in {:.1} s; keys meanwhile p50 {:.2} ms, p99 {:.2} ms ({} presses)",
        result.unwrap(),
        t.elapsed().as_secs_f64(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times.len()
    );
    drop(io);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
    }
}
