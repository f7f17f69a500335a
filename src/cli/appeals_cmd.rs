//! `overturn appeals`: the daily follow-up list. Every open appeal by its next action's date
//! (overdue first), with what to do, how it was sent and its confirmation number.

use std::io::Write;
use std::process::ExitCode;

use super::output_file::OutputFile;
use clap::Args;

use super::cells::{Cell, write_rows};
use super::{Env, queue_cmd};
use crate::domain::filter::{Cmp, QueueFilter};
use crate::domain::workflow::Queue;
use crate::store::page::{Anchor, PageRequest, SortKey, page};
use crate::store::queue::{QueueRow, QueueSort};
use crate::tui::view::text::cut;

#[derive(Args, Debug)]
pub struct AppealsArgs {
    /// Only appeals whose next action is due within this many days (overdue ones included).
    #[arg(long, value_name = "DAYS")]
    pub due_within: Option<u32>,
    /// Write CSV for Excel instead of a table.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// One JSON object per appeal and line (the CSV's columns, values typed).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub out: OutputFile,
}

/// Every appeal in next-action order, a page at a time (keyset, never the whole table).
pub(super) fn appeals(
    env: &Env,
    store: &crate::store::backend::Backend,
    due_within: Option<u32>,
) -> Result<Vec<QueueRow>, String> {
    let filter = QueueFilter { due: due_within.map(|d| (Cmp::Less, i64::from(d) + 1)), ..QueueFilter::default() };
    let mut out: Vec<QueueRow> = Vec::new();
    let mut anchor = Anchor::First;
    loop {
        let req = PageRequest {
            queue: Queue::Appeals,
            sort: QueueSort::Due,
            filter: &filter,
            anchor,
            limit: 500,
            today: env.today,
        };
        let rows = page(store.db(), &req).map_err(|e| e.to_string())?;
        let Some(last) = rows.last() else { break };
        anchor = Anchor::After(SortKey::of(QueueSort::Due, last));
        let n = rows.len();
        out.extend(rows);
        if n < 500 {
            break;
        }
    }
    Ok(out)
}

const CSV_HEADER: &[&str] = &[
    "id",
    "next_action_due",
    "days_left",
    "next_action",
    "appeal_level",
    "appeal_stage",
    "method",
    "submitted_on",
    "confirmation",
    "follow_up_due",
    "appeal_deadline",
    "patient_last",
    "patient_first",
    "payer",
    "patient_control_number",
    "payer_claim_number",
    "at_risk",
    "owner",
];

/// One appeal's cells, in `CSV_HEADER` order.
fn cells(env: &Env, r: &QueueRow) -> Vec<Cell> {
    let a = r.appeal.as_ref();
    let next = r.next_action(&env.tables.appeal_levels);
    let due = next.as_ref().and_then(|n| n.due);
    vec![
        Cell::Int(Some(r.id)),
        Cell::Date(due),
        Cell::Int(due.map(|x| (x - env.today).num_days())),
        Cell::Text(next.as_ref().map(|n| n.what.clone()).unwrap_or_default()),
        Cell::Int(a.map(|a| i64::from(a.level))),
        Cell::Word(a.map_or("", |a| a.stage.as_str()).to_string()),
        Cell::Word(a.and_then(|a| a.method).map_or("", |m| m.as_str()).to_string()),
        Cell::Date(a.and_then(|a| a.submitted_on)),
        Cell::text(a.and_then(|a| a.confirmation.as_deref())),
        Cell::Date(a.and_then(|a| a.followup_due)),
        Cell::Date(a.and_then(|a| a.deadline)),
        Cell::Text(r.patient_last.clone()),
        Cell::Text(r.patient_first.clone()),
        Cell::Text(r.payer.clone()),
        Cell::Text(r.pcn.clone()),
        Cell::text(r.payer_claim_no.as_deref()),
        Cell::Money(Some(r.amount)),
        Cell::text(r.owner.as_deref()),
    ]
}

pub fn run(env: &Env, args: &AppealsArgs) -> Result<ExitCode, String> {
    let mut store = env.open_backend()?;
    queue_cmd::refresh(&mut store, env.today, env.config.write_off_threshold()?)?;
    let rows = appeals(env, &store, args.due_within)?;
    let mut out = args.out.open(&env.db_path)?;
    let io = |e: std::io::Error| e.to_string();
    let d = |x: Option<chrono::NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
    if args.json || args.csv {
        write_rows(&mut out, CSV_HEADER, rows.iter().map(|r| cells(env, r)), args.json)?;
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    let window = args.due_within.map_or(String::new(), |n| format!(", next action due within {n} days"));
    writeln!(out, "Appeals{window}: {} (as of {})", rows.len(), env.today).map_err(io)?;
    if rows.is_empty() {
        writeln!(out, "Nothing to follow up.").map_err(io)?;
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    let line = |cols: [&str; 12]| {
        format!(
            "{:>7} {:<10} {:>9} {:<20} {:>3} {:<10} {:<10} {:<14} {:<18} {:<14} {:>11} {:<8}",
            cols[0],
            cols[1],
            cols[2],
            cols[3],
            cols[4],
            cols[5],
            cols[6],
            cols[7],
            cols[8],
            cols[9],
            cols[10],
            cols[11]
        )
        .trim_end()
        .to_string()
    };
    let head = [
        "ID",
        "DUE",
        "LEFT",
        "NEXT ACTION",
        "LVL",
        "STAGE",
        "SENT",
        "CONFIRMATION",
        "PATIENT",
        "PAYER",
        "AT RISK",
        "OWNER",
    ];
    writeln!(out, "{}", line(head)).map_err(io)?;
    for r in &rows {
        let a = r.appeal.as_ref();
        let next = r.next_action(&env.tables.appeal_levels);
        let due = next.as_ref().and_then(|n| n.due);
        let left = due.map_or("-".into(), |x| match (x - env.today).num_days() {
            n if n < 0 => format!("!{}d over", -n),
            n => format!("{n}d"),
        });
        let sent = a.and_then(|a| a.method.map(|m| m.as_str().to_string())).unwrap_or_else(|| "-".into());
        let patient = format!("{}, {}", r.patient_last, r.patient_first);
        let cols: [String; 12] = [
            r.id.to_string(),
            d(due),
            left,
            cut(next.as_ref().map_or("-", |n| n.what.as_str()), 20),
            a.map_or("-".into(), |a| a.level.to_string()),
            a.map_or("-".into(), |a| a.stage.as_str().replace("info_requested", "info req").replace('_', " ")),
            sent,
            cut(a.and_then(|a| a.confirmation.as_deref()).unwrap_or("-"), 14),
            cut(&patient, 18),
            cut(&r.payer, 14),
            r.amount.to_string(),
            cut(r.owner.as_deref().unwrap_or("-"), 8),
        ];
        writeln!(out, "{}", line(cols.each_ref().map(String::as_str))).map_err(io)?;
    }
    writeln!(out, "ID is the work item: `overturn letter ID` prints its appeal letter.").map_err(io)?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
