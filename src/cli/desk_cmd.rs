//! `overturn` with no command: the desk on the ledger (or the summary when not on a terminal).

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use super::{Env, demo_cmd, info_cmd};
use crate::letters::Templates;
use crate::store::{self, backend::Backend};
use crate::tui::app::App;
use crate::tui::io::{DemoBuilder, DeskIo};
use crate::tui::theme::Theme;

pub fn run(env: &Env) -> Result<ExitCode, String> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        info_cmd::run(env, &info_cmd::InfoArgs::default())?;
        crate::output::err_line("(the desk needs a terminal; this is the summary instead)");
        return Ok(ExitCode::SUCCESS);
    }
    let created = env.postgres_url().is_none() && !env.db_path.exists();
    let ledger = match env.postgres_url() {
        Some(_) => env.open_backend()?,
        None => Backend::Sqlite(env.open_store()?),
    };
    // The desk never blocks on another Overturn's write: a decision that finds the ledger
    // locked waits in the background and is retried (`Action::LedgerBusy`). (PostgreSQL locks
    // rows, not the ledger: a decision waits only for another decision on the same items.)
    if let Backend::Sqlite(store) = &ledger {
        store.set_busy_wait(std::time::Duration::from_millis(200)).map_err(|e| e.to_string())?;
    }
    let demo = store::is_demo(ledger.db()).unwrap_or(false);
    let name = match &ledger {
        Backend::Postgres(pg) => pg.target.shown().to_string(),
        Backend::Sqlite(_) => {
            env.db_path.file_name().map_or_else(|| env.db_path.display().to_string(), |n| n.to_string_lossy().into())
        }
    };
    let tables = Arc::new(env.tables.clone());
    let builder: DemoBuilder = {
        let (working, tables, settings) = (env.db_path.clone(), env.tables.clone(), demo_cmd::settings(env)?);
        Box::new(move || {
            let path = crate::config::demo_db_path()?;
            crate::generate::demo::ensure(&path, &working, &tables, &settings, 2026)?;
            Ok(path)
        })
    };
    let threshold = env.config.write_off_threshold()?;
    let mut io = DeskIo::new(ledger, tables.clone(), env.config.actor(), env.today, Some(builder))
        .with_write_off_threshold(threshold)
        .with_letters(Templates::new(env.config_dir.clone()), env.config.practice_profile())
        .with_paper(env.config.letters_dir()?, env.config_dir.clone());
    let theme = Theme::pick(std::env::var_os("NO_COLOR").is_some(), env.config.colors.as_deref());
    let mut app = App::new(env.today, tables, theme, name, demo);
    app.write_off_threshold = threshold;
    app.read_only = io.backend().cannot_decide();
    // Open where the last run left off (tab, sorts, filters).
    if let Ok(pairs) = store::desk_state::load(io.backend().db()) {
        app.restore(&pairs);
    }
    if created {
        let shown = crate::text::escape(&env.db_path.display().to_string(), false).into_owned();
        app.status = Some(crate::tui::app::Status::Info(format!("created a new ledger at {shown}")));
    }
    crate::tui::run(&mut app, &mut io, env.config.idle_lock(), env.today_from_clock)?;
    Ok(ExitCode::SUCCESS)
}
