//! `overturn info`: where things are and what the ledger holds (`--json` for scripts).

use std::process::ExitCode;

use clap::Args;
use serde_json::json;

use super::Env;
use crate::domain::money::Cents;
use crate::domain::workflow::Queue;
use crate::output::line;
use crate::store::{self, outcome_stats, queue};

#[derive(Args, Debug, Default)]
pub struct InfoArgs {
    /// One JSON object instead of text (dollars as numbers).
    #[arg(long)]
    pub json: bool,
}

const QUEUES: [Queue; 7] = [
    Queue::Rejections,
    Queue::Denials,
    Queue::Unanswered,
    Queue::Appeals,
    Queue::Waiting,
    Queue::WriteOffs,
    Queue::Done,
];

pub fn run(env: &Env, args: &InfoArgs) -> Result<ExitCode, String> {
    let ledger = env.open_backend()?;
    let db = ledger.db();
    let demo = store::is_demo(db).unwrap_or(false);
    let overrides = env.config_dir.as_deref().map(crate::tables::overridden).unwrap_or_default();
    let threshold = env.config.write_off_threshold()?;
    let mut totals = Vec::new();
    for q in QUEUES {
        totals.push((q, queue::totals(db, q).map_err(|e| e.to_string())?));
    }
    let (items, cents) = outcome_stats::recovered(db).map_err(|e| e.to_string())?;
    let (rates, underpaid, short) = crate::store::fee_rates::summary(db).map_err(|e| e.to_string())?;
    let (submitted, unremitted) = crate::store::submitted::summary(db).map_err(|e| e.to_string())?;
    let where_ = ledger.describe().map_err(|e| e.to_string())?;
    if args.json {
        let dollars = |c: Cents| c.cents() as f64 / 100.0;
        let queues: serde_json::Map<String, serde_json::Value> = totals
            .iter()
            .map(|(q, t)| (q.as_str().to_string(), json!({"items": t.count, "dollars": dollars(t.amount)})))
            .collect();
        let value = json!({
            "database": where_,
            "demo": demo,
            "config_dir": env.config_dir.as_ref().map(|d| d.display().to_string()),
            "overrides": overrides,
            "tables": env.tables.versions_text(),
            "write_off_threshold": dollars(threshold),
            "queues": queues,
            "recovered": {"items": items, "dollars": dollars(Cents(cents))},
            "contracted_rates": rates,
            "underpaid_open": {"items": underpaid, "dollars": dollars(short)},
            "submitted_claims": {"all": submitted, "without_remit": unremitted},
            "practice": {"missing": env.config.practice_profile().missing()},
            "letters_dir": env.config.letters_dir().ok().map(|d| d.display().to_string()),
        });
        line(&value.to_string());
        return Ok(ExitCode::SUCCESS);
    }
    line(&format!("database:   {where_}{}", if demo { " (demo)" } else { "" }));
    match &env.config_dir {
        Some(d) => {
            let present = if d.join("config.toml").is_file() { "" } else { " not present" };
            line(&format!("config dir: {} (config.toml{present})", d.display()));
            if !overrides.is_empty() {
                line(&format!("overrides:  {}", overrides.join(", ")));
            }
        }
        None => line("config dir: none"),
    }
    line(&format!("tables:     {}", env.tables.versions_text()));
    line(&format!("threshold:  {threshold} write-off threshold"));
    let practice = env.config.practice_profile();
    let needs = practice.missing();
    let verdict = if needs.is_empty() { "complete".to_string() } else { format!("letters need {}", needs.join(", ")) };
    line(&format!("practice:   [practice] in config.toml, {verdict}"));
    for l in practice.describe() {
        line(&format!("  {l}"));
    }
    if let Some(npi) =
        practice.npi.as_deref().map(str::trim).filter(|n| !n.is_empty() && !crate::domain::npi::is_valid(n))
    {
        line(&format!("  warning: npi {npi} fails the NPI check digit: payers reject it"));
    }
    match crate::letters::signature(&practice, env.config_dir.as_deref()) {
        Ok(Some(j)) => line(&format!("  signature image ok (JPEG {}x{})", j.width, j.height)),
        Ok(None) => {}
        Err(why) => line(&format!("  warning: {why}")),
    }
    let addressed = env.tables.payers.iter().filter(|p| !p.appeal_address.is_empty()).count();
    line(&format!(
        "letters:    {} (the desk's x and X write PDFs here); {addressed} of {} payers.csv rows give an appeal_address",
        env.config.letters_dir().map_or_else(|e| e, |d| d.display().to_string()),
        env.tables.payers.len()
    ));
    for (q, t) in &totals {
        line(&format!("{:<11} {:>8} items {:>16}", format!("{q}:"), t.count, t.amount.to_string()));
    }
    line(&format!(
        "{:<11} {:>8} items {:>16}  (paid after a fix or an appeal)",
        "recovered:",
        items,
        Cents(cents).to_string()
    ));
    line(&format!(
        "{:<11} {:>8} items {:>16}  (open underpayments, counted in their queues; {rates} contracted rates on file)",
        "underpaid:",
        underpaid,
        short.to_string()
    ));
    line(&format!(
        "{:<11} {:>8} claims from 837s, {unremitted} without a remit yet (the claim inventory)",
        "submitted:", submitted
    ));
    Ok(ExitCode::SUCCESS)
}
