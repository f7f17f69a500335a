//! `overturn import`: one report per file, a summary, exit status 1 when any file failed.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Args;

use super::Env;
use crate::domain::money::Cents;
use crate::ledger::{FileReport, ImportSettings, import_into};
use crate::output::Sink;
use crate::store::backend::Backend;

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Read and classify everything, report what would change, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print one JSON object per file on its own line instead of text.
    #[arg(long)]
    pub json: bool,
    /// Spreadsheets: import the good rows and report the bad ones (default: refuse the file).
    #[arg(long)]
    pub skip_bad: bool,
    /// 835, 277/277CA or denials CSV files; the kind is read from the content.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// A progress line on stderr for big files, redrawn at most ten times a second.
struct Progress {
    name: String,
    last: Instant,
    shown: bool,
    enabled: bool,
}

impl Progress {
    fn new(name: String, enabled: bool) -> Self {
        Progress { name, last: Instant::now(), shown: false, enabled }
    }

    fn update(&mut self, done: u64, total: u64) {
        const BIG: u64 = 4 * 1024 * 1024;
        if !self.enabled || total < BIG || self.last.elapsed() < Duration::from_millis(100) {
            return;
        }
        self.last = Instant::now();
        self.shown = true;
        let pct = done * 100 / total.max(1);
        let bar: String = (0..30).map(|i| if i * 100 / 30 < pct { '#' } else { '.' }).collect();
        let mb = |b: u64| b as f64 / 1_048_576.0;
        eprint!("\r  {} [{bar}] {pct:>3}% {:.1}/{:.1} MB", crate::text::escape(&self.name, false), mb(done), mb(total));
        let _ = std::io::stderr().flush();
    }

    fn finish(&self) {
        if self.shown {
            eprint!("\r{}\r", " ".repeat(crate::text::escape(&self.name, false).len() + 60));
        }
    }
}

fn human(r: &FileReport) -> String {
    let kind = r.kind.map_or("?", |k| k.as_str());
    if let Some(e) = &r.error {
        return format!("error: {}: {e}\n", r.file);
    }
    let mut out = format!("{} ({kind})", r.file);
    if r.duplicate {
        out.push_str(": duplicate, nothing changed\n");
    } else if matches!(r.kind, Some(crate::import::FileKind::Claims837 | crate::import::FileKind::ClaimsCsv)) {
        let n = |count: u64, one: &str, many: &str| format!("{count} {}", if count == 1 { one } else { many });
        out.push_str(&format!(
            ": {}, {}\n  {} already answered on a remit in the ledger",
            n(r.submitted, "submitted claim", "submitted claims"),
            n(r.counts.service_lines, "service line", "service lines"),
            n(r.submitted_answered, "claim", "claims")
        ));
        if r.dry_run {
            out.push_str(" (dry run: nothing written)");
        }
        out.push('\n');
    } else if r.kind == Some(crate::import::FileKind::FeeSchedule) {
        out.push_str(&format!(": {} contracted rates", r.counts.rates));
        if r.rates_superseded > 0 {
            out.push_str(&format!(" ({} replace an earlier schedule's)", r.rates_superseded));
        }
        out.push_str(&format!(
            "\n  {} claims already in the ledger were paid below these rates ({} short)",
            r.underpayments,
            Cents(r.underpaid_cents)
        ));
        if r.dry_run {
            out.push_str(" (dry run: nothing written)");
        }
        out.push('\n');
    } else {
        out.push_str(&format!(
            ": {} claims, {} service lines, {} adjustments, {} remarks, {} PLB, {} reversals",
            r.counts.claims,
            r.counts.service_lines,
            r.counts.adjustments,
            r.counts.remarks,
            r.counts.plb,
            r.counts.reversals
        ));
        if r.counts.statuses > 0 {
            out.push_str(&format!(", {} claim statuses", r.counts.statuses));
        }
        out.push_str(&format!(
            "\n  {} new denials, {} new rejections, {} at risk",
            r.denials,
            r.rejections,
            Cents(r.at_risk_cents)
        ));
        if r.underpayments > 0 {
            out.push_str(&format!(
                "; {} claims paid below the contracted rate ({} short)",
                r.underpayments,
                Cents(r.underpaid_cents)
            ));
        }
        if r.inventory_answered > 0 {
            let s = if r.inventory_answered == 1 { "" } else { "s" };
            out.push_str(&format!("; {} answer{s} to submitted claims", r.inventory_answered));
        }
        if r.no_response_resolved > 0 {
            out.push_str(&format!("; {} no-response items answered", r.no_response_resolved));
        }
        if r.accepted > 0 {
            out.push_str(&format!("; {} rejections resolved by acceptance", r.accepted));
        }
        if r.resolved > 0 {
            out.push_str(&format!(
                "; {} earlier items paid ({} recovered)",
                r.resolved,
                crate::domain::money::Cents(r.recovered_cents)
            ));
        }
        if r.repeat_denials > 0 {
            out.push_str(&format!("; {} repeat denials back in Denials", r.repeat_denials));
        }
        if r.voided > 0 {
            out.push_str(&format!("; {} items voided by reversals", r.voided));
        }
        if r.dry_run {
            out.push_str(" (dry run: nothing written)");
        }
        out.push('\n');
    }
    for w in &r.warnings {
        out.push_str(&format!("  warning: {w}\n"));
    }
    out
}

/// Before writing into the ledger, SQLite's quick check once a week: an import never commits
/// into a damaged file.
fn weekly_check(store: &crate::store::Store, env: &Env) -> Result<(), String> {
    use crate::store::health::{self, Health};
    let conn = store.conn();
    if !health::check_due(conn, env.today).map_err(|e| e.to_string())? {
        return Ok(());
    }
    let big = std::fs::metadata(&env.db_path).is_ok_and(|m| m.len() > 64 * 1024 * 1024);
    if big {
        crate::output::err_line("checking the ledger's health (once a week; a minute at most)...");
    }
    match health::quick_check(conn).map_err(|e| e.to_string())? {
        Health::Ok => health::mark_checked(conn, env.today).map_err(|e| e.to_string()),
        Health::Damaged(found) => {
            for f in &found {
                crate::output::err_line(&format!("  {f}"));
            }
            Err(format!("{}: {}", env.db_path.display(), crate::store::RECOVER))
        }
    }
}

pub fn run(env: &Env, args: &ImportArgs) -> Result<ExitCode, String> {
    let created = !args.dry_run && env.postgres_url().is_none() && !env.db_path.exists();
    let mut ledger = match (env.postgres_url(), args.dry_run) {
        (Some(_), true) => env.open_backend_sweeping(false)?,
        (Some(_), false) => env.open_backend_for_import()?,
        (None, true) => Backend::Sqlite(env.open_store_for_dry_run()?),
        (None, false) => Backend::Sqlite(env.open_store()?),
    };
    if created {
        crate::output::err_line(&format!("created a new ledger at {} (readable by you only)", env.db_path.display()));
    }
    let settings = ImportSettings {
        today: env.today,
        now: Env::now_utc(),
        actor: env.actor_in(ledger.db()),
        write_off_threshold: env.config.write_off_threshold()?,
        tolerance: env.config.underpayment_tolerance()?,
        dry_run: args.dry_run,
        skip_bad_rows: args.skip_bad,
    };
    // (PostgreSQL checks its own pages.)
    if let (Backend::Sqlite(store), false) = (&ledger, args.dry_run) {
        weekly_check(store, env)?;
    }
    let tty = std::io::stderr().is_terminal() && !args.json;
    let (mut failed, mut duplicates, mut denials, mut rejections, mut at_risk) = (0, 0, 0, 0, Cents::ZERO);
    let mut underpaid = (0u64, Cents::ZERO);
    let mut stdout = Sink::stdout();
    for path in &args.files {
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let mut progress = Progress::new(name, tty);
        let target = (&mut ledger).into();
        let report = import_into(target, &env.tables, path, &settings, &mut |d, t| progress.update(d, t));
        progress.finish();
        if report.error.is_some() {
            failed += 1;
        } else if report.duplicate {
            duplicates += 1;
        } else {
            denials += report.denials;
            rejections += report.rejections;
            at_risk += Cents(report.at_risk_cents);
            underpaid.0 += report.underpayments;
            underpaid.1 += Cents(report.underpaid_cents);
        }
        if args.json {
            let line = serde_json::to_string(&report).map_err(|e| e.to_string())? + "\n";
            stdout.write_all(line.as_bytes()).map_err(|e| e.to_string())?;
        } else if report.error.is_some() {
            // Errors go to standard error (after what was printed so far), results to output.
            stdout.flush().map_err(|e| e.to_string())?;
            crate::output::err_line(human(&report).trim_end());
        } else {
            stdout.write_all(human(&report).as_bytes()).map_err(|e| e.to_string())?;
        }
    }
    if !args.json && args.files.len() > 1 {
        let ok = args.files.len() - failed - duplicates;
        let short = match underpaid {
            (0, _) => String::new(),
            (n, c) => format!("; {n} underpaid claims, {c} short"),
        };
        let _ = writeln!(
            stdout,
            "{} files: {ok} imported, {duplicates} duplicate, {failed} failed; {denials} new denials, {rejections} new rejections, {at_risk} at risk{short}",
            args.files.len()
        );
    }
    // Submitted claims these files brought in (or left unanswered) may be overdue already.
    if !args.dry_run {
        let threshold = settings.write_off_threshold;
        let silent = ledger
            .transaction(|db| env.sweep(db, threshold).map_err(crate::store::StoreError::new))
            .map_err(|e| e.to_string())?;
        if silent > 0 && !args.json {
            let _ = writeln!(
                stdout,
                "{silent} submitted claim(s) overdue for an answer: no-response items opened (the desk's No answer tab, 6; overturn unanswered)"
            );
        }
    }
    stdout.finish()?;
    Ok(if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
