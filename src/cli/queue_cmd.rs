//! `overturn queue`: the work items of one tab by priority, as a text table or as CSV.

use std::io::Write;
use std::process::ExitCode;

use super::output_file::OutputFile;
use clap::{Args, ValueEnum};

use super::{Env, queue_csv};
use crate::domain::money::Cents;
use crate::domain::priority::shown_score;
use crate::domain::tables::Tables;
use crate::domain::workflow::Queue;
use crate::output::Sink;
use crate::store::backend::Backend;
use crate::store::priorities;
use crate::store::queue::{self, QueueRow, QueueSort};
use crate::tui::view::text::cut;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Tab {
    Rejections,
    Denials,
    /// Submitted claims the payer has not answered in time (no-response items).
    Unanswered,
    Appeals,
    /// Fixed and resubmitted, waiting for the payer's answer.
    Waiting,
    WriteOffs,
    /// Resolved, paid and voided items.
    Done,
}

impl Tab {
    pub fn queue(self) -> Queue {
        match self {
            Tab::Rejections => Queue::Rejections,
            Tab::Denials => Queue::Denials,
            Tab::Unanswered => Queue::Unanswered,
            Tab::Appeals => Queue::Appeals,
            Tab::Waiting => Queue::Waiting,
            Tab::WriteOffs => Queue::WriteOffs,
            Tab::Done => Queue::Done,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Sort {
    Priority,
    Amount,
    Due,
    Age,
    Payer,
}

#[derive(Args, Debug)]
pub struct QueueArgs {
    /// Which tab to list.
    #[arg(long, value_enum, default_value = "denials")]
    pub tab: Tab,
    /// Order of the rows.
    #[arg(long, value_enum, default_value = "priority")]
    pub sort: Sort,
    /// Write CSV for Excel (UTF-8 with BOM, ISO dates, formula-safe text) instead of a table.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// One JSON object per item and line (the CSV's columns, values typed).
    #[arg(long)]
    pub json: bool,
    /// At most this many rows (default: 50 for the table, all for CSV and JSON).
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    #[command(flatten)]
    pub out: OutputFile,
}

/// Refreshes time-dependent priorities so the order is today's.
pub fn refresh(ledger: &mut Backend, today: chrono::NaiveDate, threshold: Cents) -> Result<(), String> {
    ledger.transaction(|db| priorities::refresh(db, today, threshold)).map(|_| ()).map_err(|e| e.to_string())
}

pub fn reason_label(tables: &Tables, row: &QueueRow) -> String {
    tables.reason_label(row.carc.as_deref(), &row.reason_code)
}

/// The score, marked `!` in the due-soon band (which sorts first).
fn priority_text(priority: i64) -> String {
    let (soon, score) = shown_score(priority);
    format!("{}{}", if soon { "!" } else { "" }, Cents(score).to_decimal_string())
}

fn table_line(env: &Env, r: &QueueRow) -> String {
    let days = r.due_date.map(|d| (d - env.today).num_days());
    let due = match days {
        Some(d) if d < 0 => format!("!{}d over", -d),
        Some(d) if d <= 7 => format!("!{d}d"),
        Some(d) => format!("{d}d"),
        None => "-".into(),
    };
    let age = r.opened_on.map_or("-".into(), |o| format!("{}d", (env.today - o).num_days()));
    let patient = format!("{}, {}", r.patient_last, r.patient_first);
    let reason = format!("{} {}", r.reason_code, reason_label(&env.tables, r));
    format!(
        "{:>7} {:>10} {:>5} {:<18} {:<16} {:<14} {:<10} {:<6} {:<30} {:<15} {:>11} {:>10} {:<6} {:<8}",
        r.id,
        priority_text(r.priority),
        age,
        cut(&patient, 18),
        cut(&r.payer, 16),
        cut(&r.pcn, 14),
        r.service_date.map_or("-".into(), |d| d.to_string()),
        cut(r.procedure.as_deref().unwrap_or("-"), 6),
        cut(&reason, 30),
        cut(r.category.as_str(), 15),
        r.amount.to_string(),
        due,
        r.path_word(),
        cut(r.owner.as_deref().unwrap_or("-"), 8),
    )
}

pub fn run(env: &Env, args: &QueueArgs) -> Result<ExitCode, String> {
    let mut store = env.open_backend()?;
    refresh(&mut store, env.today, env.config.write_off_threshold()?)?;
    let q = args.tab.queue();
    let sort = match args.sort {
        Sort::Priority => QueueSort::Priority,
        Sort::Amount => QueueSort::Amount,
        Sort::Due => QueueSort::Due,
        Sort::Age => QueueSort::Age,
        Sort::Payer => QueueSort::Payer,
    };
    let mut out = args.out.open(&env.db_path)?;
    if args.csv || args.json {
        if args.json {
            queue_csv::write_json(env, &store, q, sort, args.limit, &mut out)?;
        } else {
            queue_csv::write(env, &store, q, sort, args.limit, &mut out)?;
        }
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    let total = queue::totals(store.db(), q).map_err(|e| e.to_string())?;
    let limit = args.limit.unwrap_or(50);
    let w = |out: &mut Sink, s: String| writeln!(out, "{}", s.trim_end()).map_err(|e| e.to_string());
    w(&mut out, format!("{}: {} items, {} at risk (as of {})", q, total.count, total.amount, env.today))?;
    if total.count == 0 {
        w(&mut out, "Nothing here. Import remits with: overturn import FILE...".into())?;
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    w(
        &mut out,
        format!(
            "{:>7} {:>10} {:>5} {:<18} {:<16} {:<14} {:<10} {:<6} {:<30} {:<15} {:>11} {:>10} {:<6} {:<8}",
            "ID",
            "PRIORITY",
            "AGE",
            "PATIENT",
            "PAYER",
            "CLAIM",
            "DOS",
            "CPT",
            "REASON",
            "CATEGORY",
            "AT RISK",
            "DUE",
            "PATH",
            "OWNER"
        ),
    )?;
    queue::for_each(store.db(), q, sort, Some(limit), |r| {
        writeln!(out, "{}", table_line(env, &r).trim_end()).map_err(|e| crate::store::StoreError::new(e.to_string()))
    })
    .map_err(|e| e.to_string())?;
    if total.count > limit {
        w(&mut out, format!("... {} more (use --limit N, or --csv for all)", total.count - limit))?;
    }
    w(
        &mut out,
        "! = due within 7 days or overdue (before a priority: the due-soon band, sorted first); \
         ID is the work item (overturn letter ID)"
            .into(),
    )?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
