//! `overturn packet ID -o FILE.pdf`: a whole appeal submission as one PDF: a cover sheet (to,
//! from, regarding, contents with page counts, a confidentiality notice), the letter, and the
//! list of enclosures. The enclosures themselves (records, notes) are the practice's to add.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::Env;
use super::letter_cmd::{Format, composed, contents};
use crate::output::err_line;

#[derive(Args, Debug)]
pub struct PacketArgs {
    /// The work item's id (the ID column of `overturn appeals`, or the desk's detail).
    pub id: i64,
    /// The PDF to write (created readable by you only).
    #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
    pub output: PathBuf,
    /// Replace FILE if it already exists (never a database or the ledger).
    #[arg(long)]
    pub force: bool,
    /// The payer's appeal address, lines separated by | (instead of payers.csv's).
    #[arg(long, value_name = "ADDRESS")]
    pub to: Option<String>,
}

pub fn run(env: &Env, args: &PacketArgs) -> Result<ExitCode, String> {
    let store = env.open_backend()?;
    let c = composed(env, &store, args.id, false, args.to.as_deref())?;
    // The cover sheet names the sender: a saved letter does not excuse a missing profile.
    if let Some(why) = env.config.practice_profile().incomplete() {
        return Err(why);
    }
    let bytes = contents(env, &c, Format::Pdf, true)?;
    let mut out = crate::output::file::create_binary(&args.output, args.force, &env.db_path)?;
    out.write_all(&bytes).map_err(|e| format!("cannot write: {e}"))?;
    out.commit()?;
    let what = if c.saved { "saved letter" } else { "letter rendered from the templates (not saved)" };
    err_line(&format!(
        "wrote the packet of item {} (cover sheet, {what}, enclosures) to {}",
        args.id,
        args.output.display()
    ));
    for n in crate::letters::pdf_notes(&c).iter() {
        err_line(&format!("note: {}", n.long));
    }
    Ok(ExitCode::SUCCESS)
}
