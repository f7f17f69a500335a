//! `overturn grant ROLE --as biller|owner`: what a person may do on a PostgreSQL ledger (run by
//! the ledger's owner; see `store::pg::grants`).

use std::process::ExitCode;

use clap::Args;

use super::Env;
use crate::output::line;
use crate::store::pg::{self, PgTarget, grants::Rights};

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
    let Some(url) = env.db_path.to_str().filter(|s| pg::is_url(s)) else {
        return Err(format!(
            "{} is an SQLite ledger: one file, whose rights are the file's (it is private to you). Grants are for a \
             PostgreSQL ledger (--db postgres://...)",
            env.db_path.display()
        ));
    };
    let rights = Rights::parse(&args.rights).ok_or("--as takes biller or owner")?;
    let target = PgTarget::parse(url).map_err(|e| e.to_string())?;
    let mut client = pg::open_existing(&target).map_err(|e| e.to_string())?;
    pg::grants::grant(&mut client, &args.role, rights).map_err(|e| e.to_string())?;
    line(&format!("{} on {}: {}", args.role, target.shown(), rights.describe()));
    Ok(ExitCode::SUCCESS)
}
