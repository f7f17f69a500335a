//! `overturn grant ROLE --as biller|owner`: what a person may do on a PostgreSQL ledger (run by
//! the ledger's owner; see `store::pg::grants`).

use std::process::ExitCode;

use clap::Args;

use super::Env;
use crate::output::line;
use crate::store::backend::Backend;
use crate::store::pg::grants::{self, Rights};

#[derive(Args, Debug)]
pub struct GrantArgs {
    /// The person's PostgreSQL role (created first by the database administrator: createuser NAME).
    #[arg(value_name = "ROLE")]
    pub role: String,
    /// biller: works the queues; owner: reads everything and records prevention actions, but
    /// cannot decide on items.
    #[arg(long = "as", value_name = "biller|owner", value_parser = ["biller", "owner"])]
    pub rights: String,
}

pub fn run(env: &Env, args: &GrantArgs) -> Result<ExitCode, String> {
    let rights = Rights::parse(&args.rights).ok_or("--as takes biller or owner")?;
    // An SQLite ledger is refused before it is opened (opening one does the day's work).
    if env.postgres_url().is_none() {
        return Err(format!(
            "{} is an SQLite ledger: one file, whose rights are the file's (it is private to you). Grants are for a \
             PostgreSQL ledger (--db postgres://...)",
            env.db_path.display()
        ));
    }
    let Backend::Postgres(ledger) = env.open_backend()? else {
        return Err("a PostgreSQL URL opened as an SQLite file".into());
    };
    grants::grant(&mut ledger.conn.client(), &args.role, rights).map_err(|e| e.to_string())?;
    line(&format!("{} on {}: {}", args.role, ledger.target.shown(), rights.describe()));
    Ok(ExitCode::SUCCESS)
}
