//! `overturn check` (SQLite's full integrity check of the ledger and of its references) and `overturn backup` (a
//! consistent private copy, checked, that never replaces an existing file).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::Env;
use crate::output::{err_line, line};
use crate::store::health::{self, Health};
use crate::store::{RECOVER, Store};

#[derive(Args, Debug)]
pub struct BackupArgs {
    /// The copy to create (default: backups/overturn-DATE.db beside the ledger). It must not exist.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn report(health: &Health) -> bool {
    match health {
        Health::Ok => true,
        Health::Damaged(found) => {
            for f in found {
                err_line(&format!("  {f}"));
            }
            false
        }
    }
}

pub fn check(env: &Env) -> Result<ExitCode, String> {
    let store = env.open_existing_store()?;
    let health = health::full_check(store.conn()).map_err(|e| e.to_string())?;
    if !report(&health) {
        return Err(format!("{}: {RECOVER}", env.db_path.display()));
    }
    health::mark_checked(store.conn(), env.today).map_err(|e| e.to_string())?;
    line(&format!("{}: ok (every page, row, index and reference checked)", env.db_path.display()));
    Ok(ExitCode::SUCCESS)
}

/// `backups/overturn-DATE.db` beside the ledger, with `-2`, `-3`... when taken again that day.
fn default_target(env: &Env) -> Result<PathBuf, String> {
    let dir = env.db_path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join("backups");
    crate::fsutil::create_private_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let stem = format!("overturn-{}", env.today);
    (1..1000)
        .map(|n| dir.join(if n == 1 { format!("{stem}.db") } else { format!("{stem}-{n}.db") }))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .ok_or_else(|| format!("{} holds too many backups of today", dir.display()))
}

pub fn backup(env: &Env, args: &BackupArgs) -> Result<ExitCode, String> {
    let store: Store = env.open_existing_store()?;
    let target = match &args.output {
        Some(p) => p.clone(),
        None => default_target(env)?,
    };
    if std::fs::symlink_metadata(&target).is_ok() {
        return Err(format!("{} already exists; a backup never replaces a file", target.display()));
    }
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".overturn-backup-").suffix(".part");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    let tmp = builder.tempfile_in(dir).map_err(|e| format!("cannot create a file in {}: {e}", dir.display()))?;
    let health = health::backup_into(store.conn(), tmp.path()).map_err(|e| e.to_string())?;
    if !report(&health) {
        return Err(format!("the copy did not check out; the ledger may be damaged: {RECOVER}"));
    }
    tmp.persist_noclobber(&target).map_err(|e| format!("cannot create {}: {}", target.display(), e.error))?;
    line(&format!("backup: {} (readable by you only; checked)", target.display()));
    line(&format!("restore it by closing Overturn and using it as the ledger: overturn --db {}", target.display()));
    Ok(ExitCode::SUCCESS)
}
