//! `overturn letter --all [--due-within DAYS] -o DIR`: the day's batch of appeal letters, one
//! file per appeal still being prepared (`appeal-ID.pdf`, `.md` or `.txt`), in next-action
//! order. An item whose letter cannot be written is named with the reason and the others are
//! still written; each file appears only when complete.

use std::io::Write;
use std::process::ExitCode;

use super::Env;
use super::letter_cmd::{Format, LetterArgs, composed, contents};
use crate::domain::appeal::AppealStage;
use crate::output::{OutputFile, err_line, line};

fn create(env: &Env, path: &std::path::Path, format: Format, force: bool) -> Result<OutputFile, String> {
    match format {
        Format::Pdf => crate::output::file::create_binary(path, force, &env.db_path),
        _ => crate::output::file::create(path, force, &env.db_path),
    }
}

pub fn run(env: &Env, args: &LetterArgs) -> Result<ExitCode, String> {
    let dir = args.output.as_deref().ok_or("give the folder the letters go into: -o DIR")?;
    if dir.exists() && !dir.is_dir() {
        return Err(format!(
            "{}: is not a folder; nothing was written",
            crate::text::escape(&dir.display().to_string(), false)
        ));
    }
    let store = env.open_backend()?;
    let rows = super::appeals_cmd::appeals(env, &store, args.due_within)?;
    let batch: Vec<_> =
        rows.iter().filter(|r| r.appeal.as_ref().is_some_and(|a| a.stage == AppealStage::Preparing)).collect();
    if batch.is_empty() {
        let within = args.due_within.map_or(String::new(), |d| format!(" due within {d} days"));
        line(&format!("no appeal being prepared{within}: no letters written"));
        return Ok(ExitCode::SUCCESS);
    }
    crate::fsutil::create_private_dir(dir).map_err(|e| format!("{}: cannot create ({e})", dir.display()))?;
    let (mut written, mut failed) = (0usize, 0usize);
    for row in batch {
        let name = format!("appeal-{}.{}", row.id, args.format.extension());
        let path = dir.join(&name);
        let result = composed(env, &store, row.id, args.fresh, args.to.as_deref()).and_then(|c| {
            let bytes = contents(env, &c, args.format, false)?;
            let mut out = create(env, &path, args.format, args.force)?;
            out.write_all(&bytes).map_err(|e| format!("cannot write: {e}"))?;
            out.commit()?;
            Ok(c)
        });
        match result {
            Ok(c) => {
                written += 1;
                let due = row.due_date.map_or_else(|| "no due date".to_string(), |d| format!("due {d}"));
                line(&format!("wrote {name}  item {} ({due})", row.id));
                if args.format == Format::Pdf {
                    for n in crate::letters::pdf_notes(&c).iter() {
                        line(&format!("      note: {}", n.long));
                    }
                }
            }
            Err(why) => {
                failed += 1;
                err_line(&format!("item {}: {why}", row.id));
            }
        }
    }
    let noun = if written == 1 { "letter" } else { "letters" };
    let failures = if failed > 0 { format!("; {failed} not written (above)") } else { String::new() };
    line(&format!("{written} {noun} written to {}{failures}", dir.display()));
    Ok(if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
