//! `overturn demo`: builds the demo ledger in its own file, never the real one.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{Cli, Env};
use crate::config;
use crate::ledger::ImportSettings;
use crate::store::{self, Store};

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Where to build it (default: demo.db in your data directory).
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Seed for the generated practice.
    #[arg(long, default_value = "2026")]
    pub seed: u64,
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Removes an earlier demo ledger at `path`; refuses anything else.
fn clear_previous(path: &Path) -> Result<(), String> {
    if !path.exists() {
        return Ok(());
    }
    let demo = Store::open(path)
        .and_then(|s| store::is_demo(s.conn()))
        .unwrap_or(false);
    if !demo {
        return Err(format!(
            "{} exists and is not a demo database; choose another path with -o",
            path.display()
        ));
    }
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| format!("cannot replace {}: {e}", p.display()))?;
        }
    }
    Ok(())
}

pub fn build_demo(env: &Env, path: &Path, seed: u64) -> Result<Vec<crate::ledger::FileReport>, String> {
    if same_file(path, &env.db_path)
        && !Store::open(path)
            .and_then(|s| store::is_demo(s.conn()))
            .unwrap_or(false)
    {
        return Err(format!(
            "{} is your working database; the demo never writes there",
            path.display()
        ));
    }
    clear_previous(path)?;
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = parent.join(format!(".overturn-demo-{}", std::process::id()));
    crate::fsutil::create_private_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let settings = ImportSettings {
        today: env.today,
        now: Env::now_utc(),
        actor: "demo".into(),
        write_off_threshold: env.config.write_off_threshold()?,
        dry_run: false,
        skip_bad_rows: false,
    };
    let result = crate::generate::demo::build(path, &dir, &env.tables, &settings, seed);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

pub fn run(env: &Env, cli: &Cli, args: &DemoArgs) -> Result<ExitCode, String> {
    let path = match &args.output {
        Some(p) => p.clone(),
        None => config::demo_db_path()?,
    };
    let _ = cli;
    let reports = build_demo(env, &path, args.seed)?;
    let claims: u64 = reports.iter().map(|r| r.counts.claims).sum();
    let denials: u64 = reports.iter().map(|r| r.denials).sum();
    let rejections: u64 = reports.iter().map(|r| r.rejections).sum();
    let accepted: u64 = reports.iter().map(|r| r.accepted).sum();
    println!("Demo database: {}", path.display());
    println!(
        "  {claims} remitted claims, {denials} denials, {rejections} rejections ({accepted} since accepted after correction)"
    );
    println!("Open it with:  overturn --db {}", path.display());
    println!("List it with:  overturn --db {} queue", path.display());
    Ok(ExitCode::SUCCESS)
}
