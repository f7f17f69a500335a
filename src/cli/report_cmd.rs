//! `overturn report rca|kpi`: the owner's weekly review and KPI report for people who do not
//! open the desk, as Markdown (prints on its own), CSV for Excel, JSON, or a PDF with charts.

use std::io::Write;
use std::process::ExitCode;

use super::output_file::OutputFile;
use chrono::{Duration, NaiveDate};
use clap::{Args, Subcommand, ValueEnum};

use super::queue_csv::guard;
use super::{Env, parse_date};
use crate::domain::kpi::{PERIOD_WEEKS, period_ending};
use crate::domain::week::Week;
use crate::output::Sink;
use crate::report::{self, CsvTable};

#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub report: Report,
}

#[derive(Subcommand, Debug)]
pub enum Report {
    /// The week's top root causes of denied dollars, slices, outliers and prevention actions.
    Rca(RcaArgs),
    /// Denial KPIs for a period, each beside its benchmark target (definitions at the end of
    /// the Markdown report and in the README).
    #[command(after_help = kpi_definitions())]
    Kpi(KpiArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Markdown: prints cleanly and reads on its own.
    Md,
    /// CSV for Excel (UTF-8 with BOM, formula-safe text).
    Csv,
    Json,
    /// A one- or two-page PDF with the charts drawn (needs -o).
    Pdf,
}

#[derive(Args, Debug)]
pub struct Output {
    #[arg(long, value_enum, default_value = "md")]
    pub format: Format,
    #[command(flatten)]
    pub file: OutputFile,
}

#[derive(Args, Debug)]
pub struct RcaArgs {
    /// ISO week, like 2026-W47 (default: the last full week).
    #[arg(long, value_parser = Week::parse)]
    pub week: Option<Week>,
    #[command(flatten)]
    pub out: Output,
}

#[derive(Args, Debug)]
pub struct KpiArgs {
    /// First day (default: 13 weeks before --to).
    #[arg(long, value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day (default: the end of the last full week).
    #[arg(long, value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    #[command(flatten)]
    pub out: Output,
}

fn kpi_definitions() -> String {
    let mut s = String::from("Definitions:\n");
    for k in crate::domain::kpi::KpiKey::ALL {
        s.push_str(&format!("  {}: {}\n", k.title(), k.definition()));
    }
    s
}

pub fn run(env: &Env, args: &ReportArgs) -> Result<ExitCode, String> {
    let asked = match &args.report {
        Report::Rca(a) => &a.out,
        Report::Kpi(a) => &a.out,
    };
    if asked.format == Format::Pdf && asked.file.output.is_none() {
        return Err("a PDF goes to a file: add -o FILE.pdf".into());
    }
    let ledger = env.open_backend()?;
    let practice = env.config.practice_name();
    let (text, out) = match &args.report {
        Report::Rca(a) => {
            let week = a.week.unwrap_or_else(|| Week::last_full(env.today));
            let r = report::build_rca(ledger.db(), &env.tables, week, practice).map_err(|e| e.to_string())?;
            let text = match a.out.format {
                Format::Md => report::rca_markdown(&r).into_bytes(),
                Format::Csv => csv_text(&report::rca_csv(&r))?.into_bytes(),
                Format::Json => json(&r)?.into_bytes(),
                Format::Pdf => report::rca_pdf(&r).into_bytes(),
            };
            (text, &a.out)
        }
        Report::Kpi(a) => {
            let (mut from, mut to) = period_ending(Week::last_full(env.today));
            if let Some(t) = a.to {
                to = t;
                from = t - Duration::weeks(PERIOD_WEEKS) + Duration::days(1);
            }
            if let Some(f) = a.from {
                from = f;
            }
            let r = report::build_kpi(ledger.db(), &env.tables, from, to, env.today, practice)
                .map_err(|e| e.to_string())?;
            let text = match a.out.format {
                Format::Md => report::kpi_markdown(&r).into_bytes(),
                Format::Csv => csv_text(&report::kpi_csv(&r))?.into_bytes(),
                Format::Json => json(&r)?.into_bytes(),
                Format::Pdf => report::kpi_pdf(&r).into_bytes(),
            };
            (text, &a.out)
        }
    };
    let mut sink = match (out.format, &out.file.output) {
        (Format::Pdf, Some(path)) => {
            Sink::File(crate::output::file::create_binary(path, out.file.force, &env.db_path)?)
        }
        (_, _) => out.file.open(&env.db_path)?,
    };
    sink.write_all(&text).map_err(|e| format!("cannot write: {e}"))?;
    sink.finish()?;
    if let Some(path) = &out.file.output {
        crate::output::err_line(&format!("wrote {}", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map(|s| s + "\n").map_err(|e| e.to_string())
}

/// CSV for Excel: a BOM, then the table with text cells guarded against formulas.
fn csv_text(t: &CsvTable) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&t.header).map_err(|e| e.to_string())?;
    for row in &t.rows {
        w.write_record(row.iter().zip(&t.numeric).map(|(v, num)| if *num { v.clone() } else { guard(v) }))
            .map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}
