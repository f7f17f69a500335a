//! `overturn export`: every item of a tab as CSV for Excel (or JSON lines for scripts), with
//! its appeal, recovery and write-off columns. Files are created readable by you only.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// Write to this file (created readable by you only) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(env: &Env, args: &ExportArgs) -> Result<ExitCode, String> {
    let mut store = env.open_store()?;
    queue_cmd::refresh(&mut store, env.today, env.config.write_off_threshold()?)?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(queue_csv::create_private(path)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    if args.json {
        queue_csv::write_json(env, &store, args.tab.queue(), &mut out)?;
    } else {
        queue_csv::write(env, &store, args.tab.queue(), QueueSort::Priority, None, &mut out)?;
    }
    out.flush().map_err(|e| e.to_string())?;
    if let Some(path) = &args.output {
        eprintln!("exported the {} tab to {}", args.tab.queue(), path.display());
    }
    Ok(ExitCode::SUCCESS)
}
