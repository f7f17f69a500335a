//! `overturn info`: where things are and what the ledger holds.

use std::process::ExitCode;

use super::Env;
use crate::domain::money::Cents;
use crate::domain::workflow::Queue;
use crate::output::line;
use crate::store::{self, outcome_stats, queue};

pub fn run(env: &Env) -> Result<ExitCode, String> {
    let store = env.open_store()?;
    line(&format!(
        "database:   {}{}",
        env.db_path.display(),
        if store::is_demo(store.conn()).unwrap_or(false) { " (demo)" } else { "" }
    ));
    match &env.config_dir {
        Some(d) => {
            let overrides = crate::tables::overridden(d);
            line(&format!(
                "config dir: {} (config.toml{})",
                d.display(),
                if d.join("config.toml").is_file() { "" } else { " not present" }
            ));
            if !overrides.is_empty() {
                line(&format!("overrides:  {}", overrides.join(", ")));
            }
        }
        None => line("config dir: none"),
    }
    line(&format!("tables:     {}", env.tables.versions_text()));
    line(&format!("threshold:  {} write-off threshold", env.config.write_off_threshold()?));
    for q in [Queue::Rejections, Queue::Denials, Queue::Appeals, Queue::WriteOffs, Queue::Done] {
        let t = queue::totals(store.conn(), q).map_err(|e| e.to_string())?;
        line(&format!("{:<11} {:>8} items {:>16}", format!("{q}:"), t.count, t.amount.to_string()));
    }
    let (items, cents) = outcome_stats::recovered(store.conn()).map_err(|e| e.to_string())?;
    line(&format!(
        "{:<11} {:>8} items {:>16}  (paid after a fix or an appeal)",
        "recovered:",
        items,
        Cents(cents).to_string()
    ));
    Ok(ExitCode::SUCCESS)
}
