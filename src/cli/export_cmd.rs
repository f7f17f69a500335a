//! `overturn export`: every item of a tab as CSV for Excel (or JSON lines for scripts), with
//! its appeal, recovery and write-off columns. Files are created readable by you only.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::queue_cmd::{self, Tab};
use super::{Env, queue_csv};
use crate::output::Sink;
use crate::store::queue::QueueSort;

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Which tab to export.
    #[arg(long, value_enum)]
    pub tab: Tab,
    /// CSV for Excel: UTF-8 with BOM, ISO dates, formula-safe text (the default).
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// One JSON object per line instead of CSV.
    #[arg(long)]
    pub json: bool,
    /// Write to this file (created readable by you only) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it already exists (never a database or the ledger).
    #[arg(long, requires = "output")]
    pub force: bool,
}

pub fn run(env: &Env, args: &ExportArgs) -> Result<ExitCode, String> {
    let mut store = env.open_existing_store()?;
    queue_cmd::refresh(&mut store, env.today, env.config.write_off_threshold()?)?;
    let mut out = Sink::open(args.output.as_deref(), args.force, &env.db_path)?;
    if args.json {
        queue_csv::write_json(env, &store, args.tab.queue(), QueueSort::Priority, None, &mut out)?;
    } else {
        queue_csv::write(env, &store, args.tab.queue(), QueueSort::Priority, None, &mut out)?;
    }
    out.finish()?;
    if let Some(path) = &args.output {
        crate::output::err_line(&format!("exported the {} tab to {}", args.tab.queue(), path.display()));
    }
    Ok(ExitCode::SUCCESS)
}
