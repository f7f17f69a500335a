//! The command line. `overturn` alone opens the desk; subcommands import, list and generate.

mod appeals_cmd;
mod cells;
mod copy_cmd;
mod demo_cmd;
mod desk_cmd;
mod docs;
mod export_cmd;
mod gen_cmd;
mod grant_cmd;
mod health_cmd;
mod import_cmd;
mod info_cmd;
mod letter_batch;
mod letter_cmd;
mod output_file;
mod packet_cmd;
mod queue_cmd;
mod queue_csv;
mod report_cmd;
mod unanswered_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::config::{self, Config};
use crate::domain::tables::Tables;
use crate::store::Store;

#[derive(Parser, Debug)]
#[command(name = "overturn", version, about = "A terminal denial desk for medical billing", long_about = None)]
pub struct Cli {
    /// The ledger: an SQLite file (default: overturn.db in your data directory), or a shared
    /// PostgreSQL database as postgres://USER@HOST/DATABASE.
    #[arg(long, global = true, env = "OVERTURN_DB", value_name = "PATH|URL")]
    pub db: Option<PathBuf>,

    /// Act as if today were this date (YYYY-MM-DD); for reproducing a day's view.
    #[arg(long, global = true, hide = true, env = "OVERTURN_TODAY", value_parser = parse_date)]
    pub today: Option<NaiveDate>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Import 835 remits, 277/277CA acknowledgements and denials spreadsheets.
    Import(import_cmd::ImportArgs),
    /// List work items by priority (for scripts, or as CSV for Excel).
    Queue(queue_cmd::QueueArgs),
    /// The daily follow-up list: open appeals by their next action's date.
    Appeals(appeals_cmd::AppealsArgs),
    /// Submitted claims (from imported 837s) the payer has not answered in time, by filing deadline.
    Unanswered(unanswered_cmd::UnansweredArgs),
    /// Print or save an item's appeal letter (Markdown, plain text or PDF), or a day's batch.
    Letter(letter_cmd::LetterArgs),
    /// Write an appeal's whole submission as one PDF: cover sheet, letter, enclosures list.
    Packet(packet_cmd::PacketArgs),
    /// Export every item of a tab as CSV (or JSON lines), with appeal and write-off columns.
    Export(export_cmd::ExportArgs),
    /// The owner's reports: `report rca` (weekly root causes) and `report kpi` (KPIs vs benchmarks).
    Report(report_cmd::ReportArgs),
    /// Write a deterministic, valid synthetic 835 for benchmarks and demos.
    #[command(name = "gen-835")]
    Gen835(gen_cmd::Gen835Args),
    /// Write a deterministic synthetic 277CA acknowledgement file.
    #[command(name = "gen-277")]
    Gen277(gen_cmd::Gen277Args),
    /// Write a deterministic synthetic 837P of submitted claims (for the claim inventory).
    #[command(name = "gen-837")]
    Gen837(gen_cmd::Gen837Args),
    /// Build the demo database: a generated month of a small practice.
    Demo(demo_cmd::DemoArgs),
    /// Show where the database, config and tables are, and what the ledger holds.
    Info(info_cmd::InfoArgs),
    /// Check the whole ledger for damage (SQLite's integrity check); exit 1 when damaged.
    Check,
    /// Copy the ledger, consistently even while it is in use, into a new private file.
    Backup(health_cmd::BackupArgs),
    /// Copy a whole ledger into a new one, between SQLite and PostgreSQL: `overturn copy overturn.db postgres:///practice`.
    Copy(copy_cmd::CopyArgs),
    /// Give a person's PostgreSQL role its rights on a shared ledger: `overturn --db postgres:///practice grant dana --as biller`.
    Grant(grant_cmd::GrantArgs),
    /// Print a shell completion script: `overturn completions bash > ~/.local/share/bash-completion/completions/overturn`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `overturn man | man -l -`.
    Man,
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("'{s}' is not a date (YYYY-MM-DD)"))
}

/// How long a command waits for another Overturn that is writing to the ledger.
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(15 * 60);

fn busy_notice() {
    crate::output::err_line(
        "waiting for the ledger: another Overturn (an import, or the desk saving a decision) is writing to it...",
    );
}

/// What every command needs: the date, the config and the tables.
pub struct Env {
    pub today: NaiveDate,
    /// Today comes from the clock (not `--today`/`OVERTURN_TODAY`): the desk follows midnight.
    pub today_from_clock: bool,
    pub config: Config,
    pub tables: Tables,
    pub db_path: PathBuf,
    pub config_dir: Option<PathBuf>,
}

impl Env {
    pub fn load(cli: &Cli) -> Result<Env, String> {
        let config_dir = config::config_dir();
        let config = Config::load(config_dir.as_deref())?;
        let tables = crate::tables::load(config_dir.as_deref()).map_err(|e| e.to_string())?;
        let db_path = match &cli.db {
            Some(p) => p.clone(),
            None => config::default_db_path()?,
        };
        let today = cli.today.unwrap_or_else(|| chrono::Local::now().date_naive());
        Ok(Env { today, today_from_clock: cli.today.is_none(), config, tables, db_path, config_dir })
    }

    /// Opens the ledger; one upgraded from an older version has its open work re-triaged under
    /// today's rules first (see `ledger::retriage`), and submitted claims past their waits
    /// become no-response items (the first open of a day).
    pub fn open_store(&self) -> Result<Store, String> {
        self.open_store_sweeping(true)
    }

    /// [`Env::open_store`]; `sweep` false for a dry run, which writes nothing of its own.
    fn open_store_sweeping(&self, sweep: bool) -> Result<Store, String> {
        let mut store = Store::open(&self.db_path).map_err(|e| e.to_string())?;
        for notice in store.take_notices() {
            crate::output::err_line(&format!("note: {notice}"));
        }
        store.wait_when_busy(BUSY_WAIT, busy_notice).map_err(|e| e.to_string())?;
        let threshold = self.config.write_off_threshold()?;
        let tx = store.begin().map_err(|e| e.to_string())?;
        let done = crate::ledger::retriage_if_pending(
            &tx,
            &self.tables,
            self.today,
            threshold,
            &self.config.actor(),
            &Env::now_utc(),
        )
        .map_err(|e| e.to_string())?;
        let silent = if sweep { self.sweep_daily((&tx).into(), threshold)? } else { 0 };
        tx.commit().map_err(|e| e.to_string())?;
        said_silent(silent);
        if let Some(n) = done.filter(|n| *n > 0) {
            crate::output::err_line(&format!(
                "ledger upgraded: {n} open item(s) re-triaged under the current deadline rules"
            ));
        }
        Ok(store)
    }

    /// Opens no-response items for the submitted claims whose waits ran out by today.
    pub fn sweep(
        &self,
        conn: crate::store::db::Conn<'_>,
        threshold: crate::domain::money::Cents,
    ) -> Result<u64, String> {
        let now = Env::now_utc();
        let actor = self.actor_in(conn);
        let s = crate::ledger::Sweep { tables: &self.tables, today: self.today, threshold, actor: &actor, now: &now };
        crate::ledger::open_silent(conn, &s).map_err(|e| e.to_string())
    }

    /// Who the events written on `db` are by: on PostgreSQL the connected role, else the
    /// configured biller.
    pub fn actor_in(&self, db: crate::store::db::Conn<'_>) -> String {
        crate::store::backend::role(db).unwrap_or_else(|| self.config.actor())
    }

    /// [`Env::sweep`] once a day (when a command opens the ledger).
    fn sweep_daily(
        &self,
        conn: crate::store::db::Conn<'_>,
        threshold: crate::domain::money::Cents,
    ) -> Result<u64, String> {
        let now = Env::now_utc();
        let actor = self.actor_in(conn);
        let s = crate::ledger::Sweep { tables: &self.tables, today: self.today, threshold, actor: &actor, now: &now };
        crate::ledger::open_silent_daily(conn, &s).map_err(|e| e.to_string())
    }

    /// The ledger for a command that only reads (or adds to) existing work: a ledger that does
    /// not exist is an error, never an empty one created at a mistyped path.
    pub fn open_existing_store(&self) -> Result<Store, String> {
        if !self.db_path.exists() {
            return Err(format!(
                "no ledger at {}: import remits first (overturn import FILE), or check --db / OVERTURN_DB",
                self.db_path.display()
            ));
        }
        self.open_store()
    }

    /// The ledger's URL when it is a PostgreSQL database (not an SQLite file).
    pub fn postgres_url(&self) -> Option<&str> {
        self.db_path.to_str().filter(|s| crate::store::pg::is_url(s))
    }

    /// The ledger on either back end, for a command that runs on both: a PostgreSQL URL in
    /// `--db` / `OVERTURN_DB`, else the SQLite ledger as [`Env::open_existing_store`] opens it.
    pub fn open_backend(&self) -> Result<crate::store::backend::Backend, String> {
        self.open_backend_sweeping(true)
    }

    /// [`Env::open_backend`]; `sweep` false for a dry run (a PostgreSQL ledger is not swept).
    pub fn open_backend_sweeping(&self, sweep: bool) -> Result<crate::store::backend::Backend, String> {
        self.open_backend_with(sweep, false)
    }

    /// The ledger an import writes into: on PostgreSQL a database that holds none gets a new
    /// one, as an SQLite ledger is created by the first import.
    pub fn open_backend_for_import(&self) -> Result<crate::store::backend::Backend, String> {
        self.open_backend_with(true, true)
    }

    fn open_backend_with(&self, sweep: bool, create: bool) -> Result<crate::store::backend::Backend, String> {
        use crate::store::backend::Backend;
        match self.postgres_url() {
            Some(url) => {
                let target = crate::store::pg::PgTarget::parse(url).map_err(|e| e.to_string())?;
                let shown = target.shown().to_string();
                let mut ledger = match create {
                    true => {
                        let (ledger, created) = Backend::open_or_create_postgres(target).map_err(|e| e.to_string())?;
                        if created {
                            crate::output::err_line(&format!("created a new ledger in {shown}"));
                        }
                        ledger
                    }
                    false => Backend::open_postgres(target).map_err(|e| e.to_string())?,
                };
                // An owner's role writes no work (the server would refuse it): a biller's first
                // command of the day sweeps.
                if !sweep || ledger.cannot_decide().is_some() {
                    return Ok(ledger);
                }
                // The first open of a day turns submitted claims past their waits into work,
                // as on SQLite.
                let threshold = self.config.write_off_threshold()?;
                let silent = ledger
                    .transaction(|db| self.sweep_daily(db, threshold).map_err(crate::store::StoreError::new))
                    .map_err(|e| e.to_string())?;
                said_silent(silent);
                Ok(ledger)
            }
            None => self.open_existing_store().map(Backend::Sqlite),
        }
    }

    /// The ledger for a dry run, which writes nothing: a missing ledger is not created (an empty
    /// one in memory stands in) and one that needs an upgrade is upgraded in a copy in memory.
    pub fn open_store_for_dry_run(&self) -> Result<Store, String> {
        if self.db_path.exists() {
            if let Some(store) = Store::open_upgraded_copy(&self.db_path).map_err(|e| e.to_string())? {
                return Ok(store);
            }
            return self.open_store_sweeping(false);
        }
        Store::open_memory().map_err(|e| e.to_string())
    }

    pub fn now_utc() -> String {
        chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}

/// Tells how many no-response items the day's sweep opened, if any.
fn said_silent(silent: u64) {
    if silent > 0 {
        crate::output::err_line(&format!(
            "{silent} submitted claim(s) now overdue for an answer: no-response items opened (the desk's No answer tab, 6)"
        ));
    }
}

/// The `--db` / `OVERTURN_DB` URL when it names a PostgreSQL ledger.
fn postgres_db(cli: &Cli) -> Option<&str> {
    cli.db.as_deref().and_then(|p| p.to_str()).filter(|s| crate::store::pg::is_url(s))
}

/// The commands that run on a PostgreSQL ledger (through the store's one interface).
fn runs_on_postgres(command: Option<&Command>) -> bool {
    matches!(
        command,
        None | Some(
            Command::Info(_)
                | Command::Import(_)
                | Command::Report(_)
                | Command::Grant(_)
                | Command::Unanswered(_)
                | Command::Queue(_)
                | Command::Export(_)
                | Command::Appeals(_)
                | Command::Letter(_)
                | Command::Packet(_)
        )
    )
}

/// What a command that does not run on PostgreSQL yet says, instead of touching anything.
fn not_on_postgres(command: Option<&Command>) -> String {
    let name = match command {
        Some(Command::Demo(_)) => "demo",
        // PostgreSQL has its own tools for these: say which.
        Some(Command::Check) => {
            return "overturn check is SQLite's integrity check; PostgreSQL checks its own pages (amcheck, \
                    pg_checksums): ask the database's administrator"
                .into();
        }
        Some(Command::Backup(_)) => {
            return "back up a PostgreSQL ledger with PostgreSQL's tools (umask 077; pg_dump -Fc DATABASE > FILE), \
                    or copy it into a new SQLite file: overturn copy postgres://... backup.db"
                .into();
        }
        _ => "this command",
    };
    format!(
        "overturn {name} does not run on a PostgreSQL ledger yet: this version imports, works the desk, the \
         queues, exports, letters and reports on one, and copies ledgers to and from it (overturn copy)"
    )
}

/// Runs the command line; the process exit code says whether everything worked.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Gen835(args)) => gen_cmd::run_835(&cli, args),
        Some(Command::Gen277(args)) => gen_cmd::run_277(&cli, args),
        Some(Command::Gen837(args)) => gen_cmd::run_837(&cli, args),
        Some(Command::Completions { shell }) => docs::completions(*shell),
        Some(Command::Man) => docs::man(),
        Some(Command::Copy(args)) => copy_cmd::run(args),
        command if postgres_db(&cli).is_some() && !runs_on_postgres(command.as_ref()) => {
            Err(not_on_postgres(command.as_ref()))
        }
        command => Env::load(&cli).and_then(|env| match command {
            Some(Command::Import(args)) => import_cmd::run(&env, args),
            Some(Command::Queue(args)) => queue_cmd::run(&env, args),
            Some(Command::Appeals(args)) => appeals_cmd::run(&env, args),
            Some(Command::Unanswered(args)) => unanswered_cmd::run(&env, args),
            Some(Command::Letter(args)) => letter_cmd::run(&env, args),
            Some(Command::Packet(args)) => packet_cmd::run(&env, args),
            Some(Command::Export(args)) => export_cmd::run(&env, args),
            Some(Command::Report(args)) => report_cmd::run(&env, args),
            Some(Command::Demo(args)) => demo_cmd::run(&env, args),
            Some(Command::Info(args)) => info_cmd::run(&env, args),
            Some(Command::Check) => health_cmd::check(&env),
            Some(Command::Backup(args)) => health_cmd::backup(&env, args),
            Some(Command::Grant(args)) => grant_cmd::run(&env, args),
            None => desk_cmd::run(&env),
            Some(
                Command::Gen835(_)
                | Command::Gen277(_)
                | Command::Gen837(_)
                | Command::Completions { .. }
                | Command::Copy(_)
                | Command::Man,
            ) => Err("handled above".into()),
        }),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            crate::output::err_line(&format!("error: {message}"));
            ExitCode::FAILURE
        }
    }
}
