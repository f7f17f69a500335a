//! `overturn export`: every item of a tab as CSV for Excel (or JSON lines for scripts), with
//! its appeal, recovery and write-off columns. Files are created readable by you only.

use std::process::ExitCode;

use super::output_file::OutputFile;
use clap::Args;

use super::queue_cmd::{self, Tab};
use super::{Env, queue_csv};
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
    #[command(flatten)]
    pub out: OutputFile,
}

pub fn run(env: &Env, args: &ExportArgs) -> Result<ExitCode, String> {
    let mut store = env.open_backend()?;
    queue_cmd::refresh(&mut store, env.today, env.config.write_off_threshold()?)?;
    let mut out = args.out.open(&env.db_path)?;
    if args.json {
        queue_csv::write_json(env, &store, args.tab.queue(), QueueSort::Priority, None, &mut out)?;
    } else {
        queue_csv::write(env, &store, args.tab.queue(), QueueSort::Priority, None, &mut out)?;
    }
    out.finish()?;
    if let Some(path) = &args.out.output {
        crate::output::err_line(&format!("exported the {} tab to {}", args.tab.queue(), path.display()));
    }
    Ok(ExitCode::SUCCESS)
}
