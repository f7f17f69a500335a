//! `overturn copy FROM TO`: a whole ledger into a new one, on the same or the other back end
//! (an SQLite file, or a PostgreSQL database named by a `postgres://` URL).

use std::process::ExitCode;

use clap::Args;

use crate::output::line;
use crate::store::copy::{self, Ledger};

#[derive(Args, Debug)]
pub struct CopyArgs {
    /// The ledger to copy: an SQLite file, or postgres://USER@HOST/DATABASE.
    #[arg(value_name = "FROM")]
    pub from: String,
    /// The new ledger: a file that does not exist yet, or an empty PostgreSQL database.
    #[arg(value_name = "TO")]
    pub to: String,
}

pub fn run(args: &CopyArgs) -> Result<ExitCode, String> {
    let from = Ledger::parse(&args.from).map_err(|e| e.to_string())?;
    let to = Ledger::parse(&args.to).map_err(|e| e.to_string())?;
    // A large ledger takes minutes: say which table is being loaded or checked (standard
    // error, on one line when it is a terminal).
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut progress = |step: copy::Step<'_>| {
        let text = match step {
            copy::Step::Loading { table, n, of } => format!("copying {table} ({n} of {of})"),
            copy::Step::Checking { table, n, of } => format!("checking {table} ({n} of {of})"),
        };
        if terminal {
            eprint!("\r\x1b[K{text}");
        }
    };
    let copied = copy::copy(&from, &to, &mut progress);
    if terminal {
        eprint!("\r\x1b[K");
    }
    let copied = copied.map_err(|e| e.to_string())?;
    line(&format!("copied {} -> {}", from.shown(), to.shown()));
    let width = copied.iter().map(|t| t.table.len()).max().unwrap_or(0);
    for t in &copied {
        line(&format!("  {:<width$} {:>12} rows  checksum {}", t.table, thousands(t.rows), &t.checksum[..16]));
    }
    let rows: u64 = copied.iter().map(|t| t.rows).sum();
    line(&format!(
        "{} tables, {} rows; every table read back from the new ledger with the same rows and checksum",
        copied.len(),
        thousands(rows)
    ));
    Ok(ExitCode::SUCCESS)
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
