//! `overturn letter ID`: an item's appeal letter (the one saved with its appeal, else one
//! rendered from the templates), as Markdown or plain text; `--check-templates` renders every
//! template for every root cause so a broken override is found before a letter is due.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::Env;
use crate::domain::vocab::RootCause;
use crate::letters::{LetterData, LetterSetup, Templates, compose, compose_fresh, to_plain_text};
use crate::output::{Sink, err_line, line};

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Markdown, as written and edited in the desk.
    Md,
    /// Plain text: headings and emphasis marks removed.
    Text,
}

#[derive(Args, Debug)]
pub struct LetterArgs {
    /// The work item's id (the ID column of `overturn appeals`, or the desk's detail).
    #[arg(required_unless_present = "check_templates")]
    pub id: Option<i64>,
    /// Write to this file (created readable by you only) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it already exists (never a database or the ledger).
    #[arg(long, requires = "output")]
    pub force: bool,
    #[arg(long, value_enum, default_value = "md")]
    pub format: Format,
    /// Render from the templates even when a letter was saved with the appeal.
    #[arg(long)]
    pub fresh: bool,
    /// Render every template (with your overrides) for every root cause with sample data.
    #[arg(long, conflicts_with = "id")]
    pub check_templates: bool,
}

/// Sample data with every optional field, and with none (no fax, contact, title, remarks,
/// enclosures, procedure code or deadline): a template must read right either way.
fn samples(today: chrono::NaiveDate, category: RootCause) -> [LetterData; 2] {
    let mut full = LetterData::sample(today);
    full.denial.category = category.as_str().into();
    let mut bare = full.clone();
    (bare.practice.fax, bare.practice.title) = (String::new(), String::new());
    bare.practice.contact = bare.biller.name.clone();
    bare.denial.remarks = String::new();
    bare.appeal.enclosures = Vec::new();
    bare.appeal.deadline = String::new();
    (bare.claim.procedures, bare.claim.services, bare.claim.procedures_known) =
        ("not on file".into(), "the services billed".into(), false);
    [full, bare]
}

/// What reads as unfinished in a rendered letter: a placeholder, or a sentence with a gap.
fn unfinished(letter: &str) -> Option<String> {
    let marks = ["[practice", "{{", "{%", " ,", " .", "()", "not on file."];
    let prose = letter.lines().filter(|l| !l.starts_with("- "));
    prose.flat_map(|l| marks.iter().filter(move |m| l.contains(**m)).map(move |m| format!("`{m}` in: {l}"))).next()
}

fn check(env: &Env, templates: &Templates) -> Result<ExitCode, String> {
    let mut failed = 0;
    for category in RootCause::ALL {
        let body = templates.body(None, *category)?;
        let rendered: Result<Vec<String>, String> =
            samples(env.today, *category).iter().map(|d| templates.render(None, *category, d)).collect();
        match rendered.map(|r| r.iter().find_map(|l| unfinished(l))) {
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

pub fn run(env: &Env, args: &LetterArgs) -> Result<ExitCode, String> {
    let templates = Templates::new(env.config_dir.clone());
    if args.check_templates {
        return check(env, &templates);
    }
    let id = args.id.ok_or("give the work item's id")?;
    let store = env.open_existing_store()?;
    let practice = env.config.practice_profile();
    let setup = LetterSetup {
        templates: &templates,
        tables: &env.tables,
        practice: &practice,
        biller: &env.config.actor(),
        today: env.today,
    };
    let composed =
        if args.fresh { compose_fresh(store.conn(), id, &setup)? } else { compose(store.conn(), id, &setup)? };
    if let Some(why) = crate::letters::unsendable(&composed.text) {
        return Err(format!("item {id}: {why}"));
    }
    let text = match args.format {
        Format::Md => composed.text,
        Format::Text => to_plain_text(&composed.text),
    };
    let mut out = Sink::open(args.output.as_deref(), args.force, &env.db_path)?;
    out.write_all(text.as_bytes()).map_err(|e| format!("cannot write: {e}"))?;
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
    Ok(ExitCode::SUCCESS)
}
