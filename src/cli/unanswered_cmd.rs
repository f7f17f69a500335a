//! `overturn unanswered`: submitted claims (from imported 837s) the payer has not answered in
//! time, with the filing deadline each is racing and what to do, nearest deadline first.

use std::io::Write;
use std::process::ExitCode;

use super::output_file::OutputFile;
use clap::Args;

use super::Env;
use super::cells::{Cell, write_rows};
use crate::domain::inventory::Waits;
use crate::ledger::{SilentClaim as Silent, silent_claims};
use crate::store::no_response::{ItemOf, items_by_claim};
use crate::tui::view::text::cut;

#[derive(Args, Debug)]
pub struct UnansweredArgs {
    /// Write CSV for Excel instead of a table.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// One JSON object per claim and line.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub out: OutputFile,
}

const CSV_HEADER: &[&str] = &[
    "patient_control_number",
    "payer",
    "date_of_service",
    "charge",
    "submitted_on",
    "days_waiting",
    "missing",
    "acknowledged_on",
    "filing_deadline",
    "filing_last",
    "filing_days_left",
    "filing_basis",
    "action",
    "work_item",
    "work_state",
    "work_due",
];

fn cells(env: &Env, s: &Silent, item: Option<&ItemOf>) -> Vec<Cell> {
    let c = &s.claim;
    vec![
        Cell::Text(c.pcn.clone()),
        Cell::Text(c.payer_name.clone()),
        Cell::Date(c.service_from),
        Cell::Money(Some(c.charge)),
        Cell::Date(Some(c.submitted_on)),
        Cell::Int(Some(s.days)),
        Cell::Text(s.silence.describe(s.days, c.acknowledged_on)),
        Cell::Date(c.acknowledged_on),
        Cell::Date(s.filing.as_ref().map(|f| f.date)),
        Cell::Date(s.filing.as_ref().and_then(|f| f.last)),
        Cell::Int(s.filing.as_ref().map(|f| (f.date - env.today).num_days())),
        Cell::Text(s.filing.as_ref().map_or_else(|| "no date of service on the claim".into(), |f| f.basis.clone())),
        Cell::Text(s.silence.action().to_string()),
        Cell::Int(item.map(|i| i.id)),
        Cell::text(item.map(|i| i.state.as_str())),
        Cell::Date(item.and_then(|i| i.due)),
    ]
}

pub fn run(env: &Env, args: &UnansweredArgs) -> Result<ExitCode, String> {
    let ledger = env.open_backend()?;
    let waits = Waits::default();
    let found = silent_claims(ledger.db(), &env.tables, env.today).map_err(|e| e.to_string())?;
    let items = items_by_claim(ledger.db()).map_err(|e| e.to_string())?;
    let mut out = args.out.open(&env.db_path)?;
    let io = |e: std::io::Error| e.to_string();
    if args.json || args.csv {
        write_rows(&mut out, CSV_HEADER, found.iter().map(|s| cells(env, s, items.get(&s.claim.id))), args.json)?;
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "Submitted claims without an answer: {} (as of {}; waits: {} days for the 277CA, {} for the remit, unless payers.csv sets a payer's)",
        found.len(),
        env.today,
        waits.ack_days,
        waits.remit_days
    )
    .map_err(io)?;
    if found.is_empty() {
        writeln!(out, "Every submitted claim has been answered in time (or is still within its wait).").map_err(io)?;
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{:<14} {:<16} {:<10} {:>10} {:<10} {:>5}  {:<22} {:<10} {:>6}  ITEM",
        "CLAIM", "PAYER", "DOS", "CHARGE", "SENT", "DAYS", "MISSING", "FILE BY", "LEFT"
    )
    .map_err(io)?;
    for s in &found {
        let c = &s.claim;
        let missing = s.silence.label();
        // The desk's work item for it (`overturn letter`/`queue` take the id), and its state.
        let item = items.get(&c.id).map_or("-".into(), |i| format!("#{} {}", i.id, i.state.replace('_', " ")));
        let left = s.filing.as_ref().map_or("-".into(), |f| match (f.date - env.today).num_days() {
            n if n < 0 => format!("!{}d", -n),
            n => format!("{n}d"),
        });
        writeln!(
            out,
            "{:<14} {:<16} {:<10} {:>10} {:<10} {:>5}  {:<22} {:<10} {:>6}  {item}",
            cut(&c.pcn, 14),
            cut(&c.payer_name, 16),
            c.service_from.map_or("-".into(), |d| d.to_string()),
            c.charge.to_string(),
            c.submitted_on.to_string(),
            s.days,
            missing,
            s.filing.as_ref().map_or("-".into(), |f| f.date.to_string()),
            left
        )
        .map_err(io)?;
    }
    writeln!(out, "No 277CA: check the clearinghouse and the payer's portal; resubmit before the filing limit if the payer has no record.").map_err(io)?;
    writeln!(out, "Accepted, no remit: call the payer or check its portal for the claim's status.").map_err(io)?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
