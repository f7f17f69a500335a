//! `overturn gen-835` and `overturn gen-277`: synthetic files for benchmarks and demos.

use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;

use super::{Cli, parse_date};
use crate::generate::{Gen277Options, Gen835Options, write_277, write_835};
use crate::output::OutputFile;

fn rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(r) if (0.0..=1.0).contains(&r) => Ok(r),
        _ => Err(format!("'{s}' is not a rate between 0 and 1")),
    }
}

#[derive(Args, Debug)]
pub struct Gen835Args {
    /// Number of claims (CLP segments, reversals and their corrections included).
    #[arg(long, value_name = "N")]
    pub claims: u64,
    /// Seed: the same seed, count and date always give the same file.
    #[arg(long, value_name = "S")]
    pub seed: u64,
    /// Share of claims denied (0-1).
    #[arg(long, value_name = "R", default_value = "0.12", value_parser = rate)]
    pub denial_rate: f64,
    /// Dates fall in the weeks before this date (default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Weeks of remits, ending with the week of --as-of.
    #[arg(long, value_name = "N", default_value_t = crate::generate::DEFAULT_WEEKS,
          value_parser = clap::value_parser!(u32).range(1..=520))]
    pub weeks: u32,
    /// Output file (created readable by you only).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Replace FILE if it already exists (never a database or the ledger).
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct Gen277Args {
    /// Number of claims acknowledged.
    #[arg(long, value_name = "N")]
    pub claims: u64,
    /// Seed: the same seed, count and date always give the same file.
    #[arg(long, value_name = "S")]
    pub seed: u64,
    /// Share of claims rejected at the front end (0-1).
    #[arg(long, value_name = "R", default_value = "0.08", value_parser = rate)]
    pub rejection_rate: f64,
    /// Acknowledgement date (default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Output file (created readable by you only).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Replace FILE if it already exists (never a database or the ledger).
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct Gen837Args {
    /// Number of claims submitted.
    #[arg(long, value_name = "N")]
    pub claims: u64,
    /// Seed: the same seed, count and date always give the same file.
    #[arg(long, value_name = "S")]
    pub seed: u64,
    /// Claims are submitted in the weeks before this date (default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Weeks of submissions, ending with --as-of.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=520))]
    pub weeks: u32,
    /// Output file (created readable by you only).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Replace FILE if it already exists (never a database or the ledger).
    #[arg(long)]
    pub force: bool,
}

fn open(cli: &Cli, path: &std::path::Path, force: bool) -> Result<BufWriter<OutputFile>, String> {
    let ledger = match &cli.db {
        Some(p) => p.clone(),
        None => crate::config::default_db_path()?,
    };
    Ok(BufWriter::with_capacity(1 << 20, crate::output::file::create(path, force, &ledger)?))
}

fn done(out: BufWriter<OutputFile>) -> Result<(), String> {
    out.into_inner().map_err(|e| e.error().to_string())?.commit()
}

fn as_of(cli: &Cli, given: Option<NaiveDate>) -> NaiveDate {
    given.or(cli.today).unwrap_or_else(|| chrono::Local::now().date_naive())
}

pub fn run_835(cli: &Cli, a: &Gen835Args) -> Result<ExitCode, String> {
    let mut out = open(cli, &a.output, a.force)?;
    let opts = Gen835Options {
        claims: a.claims,
        seed: a.seed,
        denial_rate: a.denial_rate,
        as_of: as_of(cli, a.as_of),
        weeks: a.weeks,
    };
    let s = write_835(&mut out, opts).map_err(|e| e.to_string())?;
    done(out)?;
    crate::output::line(&format!(
        "{}: {} claims ({} denied, {} reversals with corrections), {} payments, {} PLB, {:.1} MB",
        a.output.display(),
        s.claims,
        s.denied,
        s.reversals,
        s.transactions,
        s.plb,
        s.bytes as f64 / 1_048_576.0
    ));
    Ok(ExitCode::SUCCESS)
}

pub fn run_277(cli: &Cli, a: &Gen277Args) -> Result<ExitCode, String> {
    let mut out = open(cli, &a.output, a.force)?;
    let opts = Gen277Options {
        claims: a.claims,
        seed: a.seed,
        rejection_rate: a.rejection_rate,
        as_of: as_of(cli, a.as_of),
        resubmitted: Vec::new(),
    };
    let s = write_277(&mut out, &opts).map_err(|e| e.to_string())?;
    done(out)?;
    crate::output::line(&format!(
        "{}: {} claims acknowledged, {} rejected",
        a.output.display(),
        s.claims,
        s.rejected.len()
    ));
    Ok(ExitCode::SUCCESS)
}

pub fn run_837(cli: &Cli, a: &Gen837Args) -> Result<ExitCode, String> {
    let mut out = open(cli, &a.output, a.force)?;
    let opts =
        crate::generate::Gen837Options { claims: a.claims, seed: a.seed, as_of: as_of(cli, a.as_of), weeks: a.weeks };
    let s = crate::generate::write_837(&mut out, opts).map_err(|e| e.to_string())?;
    done(out)?;
    crate::output::line(&format!(
        "{}: {} claims submitted ({} lines, {} charged) in {} transaction sets",
        a.output.display(),
        s.claims,
        s.lines,
        crate::domain::money::Cents(s.charged_cents),
        s.transactions
    ));
    Ok(ExitCode::SUCCESS)
}
