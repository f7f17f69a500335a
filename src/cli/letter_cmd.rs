//! `overturn letter ID`: an item's appeal letter (the one saved with its appeal, else one
//! rendered from the templates), as Markdown, plain text or a PDF; `--all --due-within DAYS`
//! writes the day's batch into a folder; `--check-templates` renders every template for every
//! root cause so a broken override is found before a letter is due.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::Env;
use crate::domain::vocab::RootCause;
use crate::letters::{Composed, LetterData, LetterSetup, Templates, compose, compose_fresh, to_plain_text};
use crate::output::{Sink, err_line, line};

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Markdown, as written and edited in the desk.
    Md,
    /// Plain text: headings and emphasis marks removed.
    Text,
    /// A PDF to print, fax or upload (needs -o): letterhead, the payer's appeal address, the
    /// letter, signature, page numbers and a last page listing the enclosures.
    Pdf,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Text => "txt",
            Format::Pdf => "pdf",
        }
    }
}

#[derive(Args, Debug)]
pub struct LetterArgs {
    /// The work item's id (the ID column of `overturn appeals`, or the desk's detail).
    #[arg(required_unless_present_any = ["check_templates", "all"])]
    pub id: Option<i64>,
    /// Write to this file (created readable by you only) instead of standard output; with
    /// --all, the folder the letters go into (appeal-ID.pdf and so on; created if missing).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Every appeal still being prepared (the day's batch), one file each into -o DIR.
    #[arg(long, conflicts_with = "id", requires = "output")]
    pub all: bool,
    /// With --all: only appeals due within this many days (overdue ones included).
    #[arg(long, value_name = "DAYS", requires = "all")]
    pub due_within: Option<u32>,
    /// The payer's appeal address for this letter, lines separated by | (instead of the
    /// payers.csv row's appeal_address).
    #[arg(long, value_name = "ADDRESS")]
    pub to: Option<String>,
    /// Replace FILE if it already exists (never a database or the ledger).
    #[arg(long, requires = "output")]
    pub force: bool,
    #[arg(long, value_enum, default_value = "md")]
    pub format: Format,
    /// Render from the templates even when a letter was saved with the appeal.
    #[arg(long)]
    pub fresh: bool,
    /// Render every template (with your overrides) for every root cause with sample data.
    #[arg(long, conflicts_with_all = ["id", "all"])]
    pub check_templates: bool,
}

fn check(env: &Env, templates: &Templates) -> Result<ExitCode, String> {
    let mut failed = 0;
    for category in RootCause::ALL {
        let body = templates.body(None, *category)?;
        let rendered: Result<Vec<String>, String> = crate::letters::samples(env.today, *category)
            .iter()
            .map(|d| templates.render(None, *category, d))
            .collect();
        match rendered.map(|r| r.iter().find_map(|l| crate::letters::unfinished(l))) {
            Ok(None) => line(&format!("ok     {category:<25} {}", body.shown)),
            Ok(Some(gap)) => {
                failed += 1;
                line(&format!("FAILED {category:<25} {}: reads unfinished: {gap}", body.shown));
            }
            Err(e) => {
                failed += 1;
                line(&format!("FAILED {category:<25} {e}"));
            }
        }
    }
    let payers = env.config_dir.as_ref().map(|d| d.join("templates")).filter(|d| d.is_dir());
    if let Some(dir) = payers {
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?.flatten() {
            let Some(key) = entry.file_name().to_str().map(str::to_string).filter(|_| entry.path().is_dir()) else {
                continue;
            };
            for category in RootCause::ALL {
                if let Err(e) = templates.render(Some(&key), *category, &LetterData::sample(env.today)) {
                    failed += 1;
                    line(&format!("FAILED {key}/{category}: {e}"));
                }
            }
        }
    }
    if failed > 0 {
        err_line(&format!("error: {failed} template renderings failed"));
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// The `--to` address as lines.
pub fn address(to: Option<&str>) -> Option<Vec<String>> {
    to.map(|t| t.split('|').map(|l| crate::text::flatten(l).trim().to_string()).filter(|l| !l.is_empty()).collect())
}

/// The letter's file contents in `format` (a PDF with the profile's signature).
pub fn contents(env: &Env, composed: &Composed, format: Format, cover: bool) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Md => composed.text.clone().into_bytes(),
        Format::Text => to_plain_text(&composed.text).into_bytes(),
        Format::Pdf => {
            let profile = env.config.practice_profile();
            let sig = crate::letters::signature(&profile, env.config_dir.as_deref())?;
            crate::letters::pdf_bytes(composed, sig, cover)
        }
    })
}

/// Composes item `id`'s letter, refusing one that still carries an old placeholder.
pub fn composed(
    env: &Env,
    store: &crate::store::backend::Backend,
    id: i64,
    fresh: bool,
    to: Option<&str>,
) -> Result<Composed, String> {
    let templates = Templates::new(env.config_dir.clone());
    let practice = env.config.practice_profile();
    let setup = LetterSetup {
        templates: &templates,
        tables: &env.tables,
        practice: &practice,
        biller: &env.config.actor(),
        today: env.today,
        payer_address: address(to),
    };
    let composed = if fresh { compose_fresh(store.db(), id, &setup)? } else { compose(store.db(), id, &setup)? };
    if let Some(why) = crate::letters::unsendable(&composed.text) {
        return Err(format!("item {id}: {why}"));
    }
    Ok(composed)
}

pub fn run(env: &Env, args: &LetterArgs) -> Result<ExitCode, String> {
    let templates = Templates::new(env.config_dir.clone());
    if args.check_templates {
        return check(env, &templates);
    }
    if args.all {
        return super::letter_batch::run(env, args);
    }
    let id = args.id.ok_or("give the work item's id")?;
    let store = env.open_backend()?;
    let composed = composed(env, &store, id, args.fresh, args.to.as_deref())?;
    let mut out = match (args.format, &args.output) {
        (Format::Pdf, None) => return Err("a PDF goes to a file: add -o FILE.pdf".into()),
        (Format::Pdf, Some(path)) => Sink::File(crate::output::file::create_binary(path, args.force, &env.db_path)?),
        (_, path) => Sink::open(path.as_deref(), args.force, &env.db_path)?,
    };
    let bytes = contents(env, &composed, args.format, false)?;
    out.write_all(&bytes).map_err(|e| format!("cannot write: {e}"))?;
    let to_file = out.is_file();
    out.finish()?;
    match &args.output {
        Some(path) if to_file => {
            let what = if composed.saved { "saved letter" } else { "letter rendered from the templates (not saved)" };
            err_line(&format!("wrote the {what} of item {id} to {}", path.display()));
        }
        _ if !composed.saved => err_line("(rendered from the templates; edit and save it in the desk with L)"),
        _ => {}
    }
    if args.format == Format::Pdf {
        crate::letters::pdf_notes(&composed).iter().for_each(|n| {
            err_line(&format!("note: {}", n.long));
        });
    }
    Ok(ExitCode::SUCCESS)
}
