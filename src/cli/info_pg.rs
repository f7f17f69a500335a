//! `overturn info` on a PostgreSQL ledger: where it is, the server, the schema version, and
//! what its queues hold.

use std::process::ExitCode;

use serde_json::json;

use super::info_cmd::InfoArgs;
use crate::domain::money::Cents;
use crate::output::line;
use crate::store::pg::{self, PgTarget};

pub fn run(url: &str, args: &InfoArgs) -> Result<ExitCode, String> {
    let target = PgTarget::parse(url).map_err(|e| e.to_string())?;
    let mut client = pg::open_existing(&target).map_err(|e| e.to_string())?;
    let failed = |e: postgres::Error| pg::pg_error("reading the ledger", e).to_string();
    let server: String = client.query_one("SHOW server_version", &[]).map_err(failed)?.get(0);
    let version = pg::ledger_version(&mut client).map_err(|e| e.to_string())?.unwrap_or(0);
    let queues: Vec<(String, i64, i64)> = client
        .query("SELECT queue, items, amount_cents FROM queue_total ORDER BY queue COLLATE \"C\"", &[])
        .map_err(failed)?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    if args.json {
        let queues: serde_json::Map<String, serde_json::Value> =
            queues.iter().map(|(q, n, c)| (q.clone(), json!({"items": n, "dollars": *c as f64 / 100.0}))).collect();
        let value = json!({
            "database": target.shown(),
            "backend": "postgresql",
            "server_version": server,
            "schema_version": version,
            "queues": queues,
        });
        line(&value.to_string());
        return Ok(ExitCode::SUCCESS);
    }
    line(&format!("database:   {} (PostgreSQL {server}, schema version {version})", target.shown()));
    for (q, n, c) in &queues {
        line(&format!("{:<11} {:>8} items {:>16}", format!("{q}:"), n, Cents(*c).to_string()));
    }
    Ok(ExitCode::SUCCESS)
}
