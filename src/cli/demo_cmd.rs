//! `overturn demo`: builds the demo ledger in its own file, never the real one.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::Env;
use crate::config;
use crate::ledger::ImportSettings;
use crate::output::line;

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Where to build it (default: demo.db in your data directory).
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Seed for the generated practice.
    #[arg(long, default_value = "2026")]
    pub seed: u64,
}

/// Import settings for the demo: today, the configured threshold, recorded as "demo".
pub fn settings(env: &Env) -> Result<ImportSettings, String> {
    Ok(ImportSettings {
        today: env.today,
        now: Env::now_utc(),
        actor: "demo".into(),
        write_off_threshold: env.config.write_off_threshold()?,
        tolerance: env.config.underpayment_tolerance()?,
        dry_run: false,
        skip_bad_rows: false,
    })
}

pub fn run(env: &Env, args: &DemoArgs) -> Result<ExitCode, String> {
    let path = match &args.output {
        Some(p) => p.clone(),
        None => config::demo_db_path()?,
    };
    let reports = crate::generate::demo::rebuild(&path, &env.db_path, &env.tables, &settings(env)?, args.seed)?;
    let remitted = |r: &&crate::ledger::FileReport| {
        !matches!(r.kind, Some(crate::import::FileKind::Claims837 | crate::import::FileKind::ClaimsCsv))
    };
    let claims: u64 = reports.iter().filter(remitted).map(|r| r.counts.claims).sum();
    let submitted: u64 = reports.iter().map(|r| r.submitted).sum();
    let denials: u64 = reports.iter().map(|r| r.denials).sum();
    let rejections: u64 = reports.iter().map(|r| r.rejections).sum();
    let accepted: u64 = reports.iter().map(|r| r.accepted).sum();
    let underpaid: u64 = reports.iter().map(|r| r.underpayments).sum();
    let short = crate::domain::money::Cents(reports.iter().map(|r| r.underpaid_cents).sum());
    line(&format!("Demo database: {}", path.display()));
    line(&format!(
        "  {claims} remitted claims, {denials} denials, {rejections} rejections ({accepted} since accepted after correction)"
    ));
    line(&format!("  {underpaid} claims paid below the contracted rate ({short} short), against its fee schedule"));
    // Those past their waits are no-response work already.
    let mut store = crate::store::Store::open(&path).map_err(|e| e.to_string())?;
    let tx = store.begin().map_err(|e| e.to_string())?;
    let silent = env.sweep((&tx).into(), env.config.write_off_threshold()?)?;
    tx.commit().map_err(|e| e.to_string())?;
    line(&format!(
        "  {submitted} recently submitted claims no payer has answered yet, {silent} past their waits (the desk's \
         No answer tab; overturn unanswered)"
    ));
    line(&format!("Open it with:  overturn --db {}", path.display()));
    line(&format!("List it with:  overturn --db {} queue", path.display()));
    Ok(ExitCode::SUCCESS)
}
