//! Carries out effects against the ledger and reports back as actions. Knows nothing of the
//! terminal; every write is one transaction.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use super::action::Action;
use super::app::Tab;
use super::effect::Effect;
use crate::config::DEFAULT_WRITE_OFF_THRESHOLD;
use crate::domain::money::Cents;
use crate::domain::tables::Tables;
use crate::letters::{self, LetterSetup, PracticeProfile, Templates};
use crate::store::backend::Backend;
use crate::store::decisions::{self, DecisionContext};
use crate::store::page::{self, PageRequest};
use crate::store::queue::{self, QueueTotal};
use crate::store::{Store, StoreError, appeals, detail, priorities, writeoffs};

mod paper;
mod reconnect;

pub use paper::PaperSetup;

/// How to build the demo ledger when the welcome screen asks for it.
pub type DemoBuilder = Box<dyn FnMut() -> Result<PathBuf, String>>;

pub struct DeskIo {
    store: Backend,
    tables: Arc<Tables>,
    /// The biller's name (letters are signed with it).
    actor: String,
    /// Who the audit events record: the biller's name, or on PostgreSQL the role the desk
    /// connected as (the server knows who that is; a name in config.toml could be anyone's).
    recorded_as: String,
    today: NaiveDate,
    demo: Option<DemoBuilder>,
    /// Recorded on events instead of the clock (tests).
    fixed_now: Option<String>,
    write_off_threshold: Cents,
    templates: Templates,
    practice: PracticeProfile,
    /// Text to put on the clipboard: the terminal loop sends it (this layer knows no terminal).
    clipboard: Vec<String>,
    /// The ledger's data version when the desk last looked (another process's commits move it).
    seen_version: Option<i64>,
    /// Where PDFs go and config.toml lives (`None`: the desk writes no paper).
    paper: Option<PaperSetup>,
    /// A shared ledger's connection being opened again after the server dropped it.
    reconnect: reconnect::Reconnect,
}

fn queue_of(tab: Tab) -> Result<crate::domain::workflow::Queue, StoreError> {
    tab.queue().ok_or_else(|| StoreError::new("this tab has no queue"))
}

/// The context of a decision (built from fields, so it can live beside the open transaction).
fn context<'a>(actor: &'a str, now: &'a str, today: NaiveDate, tables: &'a Tables, t: Cents) -> DecisionContext<'a> {
    DecisionContext { actor, now, today, tables, write_off_threshold: t }
}

impl DeskIo {
    pub fn new(
        store: impl Into<Backend>,
        tables: Arc<Tables>,
        actor: String,
        today: NaiveDate,
        demo: Option<DemoBuilder>,
    ) -> DeskIo {
        let store = store.into();
        if let Backend::Postgres(pg) = &store {
            // Hear other desks' and imports' commits (see `ledger_changed`); a ledger that cannot
            // be listened to still works, without the refresh.
            let _ = pg.conn.listen();
        }
        let recorded_as = store.role().unwrap_or_else(|| actor.clone());
        DeskIo {
            store,
            tables,
            actor,
            recorded_as,
            today,
            demo,
            fixed_now: None,
            write_off_threshold: DEFAULT_WRITE_OFF_THRESHOLD,
            templates: Templates::default(),
            practice: PracticeProfile::default(),
            clipboard: Vec::new(),
            seen_version: None,
            paper: None,
            reconnect: reconnect::Reconnect::default(),
        }
    }

    /// Letter templates (with the config directory's overrides) and the practice profile.
    pub fn with_letters(mut self, templates: Templates, practice: PracticeProfile) -> DeskIo {
        self.templates = templates;
        self.practice = practice;
        self
    }

    /// The practice's name for the owner's reports.
    fn practice_name(&self) -> Option<String> {
        self.practice.name.clone().filter(|n| !n.trim().is_empty())
    }

    /// The write-off policy's threshold (default $25).
    pub fn with_write_off_threshold(mut self, threshold: Cents) -> DeskIo {
        self.write_off_threshold = threshold;
        self
    }

    /// Records this instant on every event instead of reading the clock.
    pub fn with_fixed_now(mut self, now: &str) -> DeskIo {
        self.fixed_now = Some(now.to_string());
        self
    }

    /// The desk's letters: its templates, tables, practice and biller, today.
    fn letter_setup(&self) -> LetterSetup<'_> {
        LetterSetup {
            templates: &self.templates,
            tables: &self.tables,
            practice: &self.practice,
            biller: &self.actor,
            today: self.today,
            payer_address: None,
        }
    }

    fn now(&self) -> String {
        self.fixed_now.clone().unwrap_or_else(|| chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string())
    }

    /// Remembers the desk's view for the next run (a nicety: a busy ledger skips it).
    pub fn remember(&mut self, pairs: &[(String, String)]) {
        let _ = self.store.transaction(|db| crate::store::desk_state::save(db, pairs));
    }

    /// A shared ledger's connection: lost (said once), or back (listening again). Cheap: the
    /// terminal loop asks every turn.
    pub fn connection(&mut self) -> Option<Action> {
        let news = self.reconnect.check(&mut self.store);
        if news == Some(Action::Reconnected)
            && let Backend::Postgres(pg) = &self.store
        {
            let _ = pg.conn.listen();
        }
        news
    }

    /// True once after another process (an import, another desk) committed to the ledger.
    pub fn ledger_changed(&mut self) -> bool {
        self.store.changed_since(&mut self.seen_version)
    }

    /// After the desk's own write: on PostgreSQL the desk hears its own notification too, and
    /// must not take it for another's change (SQLite's data version ignores our own commits).
    fn own_write_done(&mut self) {
        if matches!(self.store, Backend::Postgres(_)) {
            self.ledger_changed();
        }
    }

    /// A new day at the desk (it stayed open past midnight).
    pub fn set_today(&mut self, today: NaiveDate) {
        self.today = today;
    }

    /// Text waiting to go to the clipboard, oldest first.
    pub fn take_clipboard(&mut self) -> Vec<String> {
        std::mem::take(&mut self.clipboard)
    }

    /// The ledger the desk works on.
    pub fn backend(&self) -> &Backend {
        &self.store
    }

    /// The SQLite store, when the ledger is a file.
    pub fn sqlite(&self) -> Option<&Store> {
        match &self.store {
            Backend::Sqlite(store) => Some(store),
            Backend::Postgres(_) => None,
        }
    }

    /// Brings priorities to today (one small indexed pass; see `store::priorities`), and opens
    /// no-response items for submitted claims whose waits ran out since.
    pub fn refresh_priorities(&mut self) -> Result<(), StoreError> {
        let (today, threshold) = (self.today, self.write_off_threshold);
        self.store.transaction(|db| priorities::refresh(db, today, threshold))?;
        self.open_silent()?;
        Ok(())
    }

    /// Opens no-response items for the submitted claims whose waits ran out by today (the
    /// desk's start and each new day); returns how many.
    pub fn open_silent(&mut self) -> Result<u64, StoreError> {
        let now = self.now();
        let sweep = crate::ledger::Sweep {
            tables: &self.tables,
            today: self.today,
            threshold: self.write_off_threshold,
            actor: &self.recorded_as,
            now: &now,
        };
        let n = self.store.transaction(|db| crate::ledger::open_silent(db, &sweep))?;
        self.own_write_done();
        Ok(n)
    }

    pub fn run(&mut self, effect: Effect) -> Vec<Action> {
        if self.reconnect.is_lost() {
            return vec![Action::Failed(reconnect::NOT_CONNECTED.into())];
        }
        let retry = effect.is_write().then(|| effect.clone());
        match (self.try_run(effect), retry) {
            (Ok(actions), _) => actions,
            (Err(e), Some(write)) if e.is_busy() => vec![Action::LedgerBusy(Box::new(write))],
            (Err(e), _) if e.is_conflict() => {
                // The desk learns of the other desk's change here and reloads because of it: the
                // change poll must not then cover the "not saved" line with "the ledger changed".
                self.ledger_changed();
                vec![Action::Conflict(e.to_string())]
            }
            (Err(e), _) => vec![Action::Failed(e.to_string())],
        }
    }

    fn try_run(&mut self, effect: Effect) -> Result<Vec<Action>, StoreError> {
        let written = effect.is_write();
        let actions = self.try_effect(effect)?;
        if written {
            self.own_write_done();
        }
        Ok(actions)
    }

    fn try_effect(&mut self, effect: Effect) -> Result<Vec<Action>, StoreError> {
        let conn = self.store.db();
        Ok(match effect {
            Effect::LoadPage { tab, sort, filter, anchor, merge, limit } => {
                let req = PageRequest {
                    queue: queue_of(tab)?,
                    sort,
                    filter: &filter,
                    anchor: anchor.clone(),
                    limit,
                    today: self.today,
                };
                let rows = page::page(conn, &req)?;
                vec![Action::PageLoaded { tab, anchor, merge, rows, requested: limit }]
            }
            Effect::LoadAround { tab, sort, filter, key, limit } => {
                let queue = queue_of(tab)?;
                let anchor = page::Anchor::From(key.clone());
                let req = PageRequest { queue, sort, filter: &filter, anchor, limit, today: self.today };
                let rows = page::page(conn, &req)?;
                vec![Action::PageAround { tab, id: key.id, rows, requested: limit }]
            }
            Effect::Rank { tab, sort, filter, key } => {
                let rank = page::rank(conn, queue_of(tab)?, sort, &filter, &key, self.today)?;
                vec![Action::Ranked { tab, sort, filter, id: key.id, rank }]
            }
            Effect::Count { tab, filter } => {
                vec![Action::Counted { tab, total: page::count(conn, queue_of(tab)?, &filter, self.today)? }]
            }
            Effect::LoadTotals => {
                let mut t = [QueueTotal::default(); super::app::QUEUE_TABS];
                for tab in Tab::ALL {
                    if let (Some(i), Some(q)) = (tab.slot(), tab.queue()) {
                        t[i] = queue::totals(conn, q)?;
                    }
                }
                vec![Action::TotalsLoaded(t)]
            }
            Effect::LoadOwners => vec![Action::OwnersLoaded(crate::store::owners::all(conn)?)],
            Effect::LoadDetail(id) => match detail::detail(conn, id)? {
                Some(d) => vec![Action::DetailLoaded(Box::new(d))],
                None => Vec::new(),
            },
            Effect::LoadDetailLines { id, from } => match detail::detail_from(conn, id, from)? {
                Some(d) => vec![Action::DetailLoaded(Box::new(d))],
                None => Vec::new(),
            },
            Effect::LoadAging { tab, filter } => {
                vec![Action::AgingLoaded { tab, buckets: page::aging(conn, queue_of(tab)?, &filter, self.today)? }]
            }
            Effect::Decide { ids, seen, decision, summary } => {
                let now = self.now();
                let ctx = context(&self.recorded_as, &now, self.today, &self.tables, self.write_off_threshold);
                let applied = self.store.transaction(|db| match seen.is_empty() {
                    true => decisions::decide_in(db, &ids, &decision, &ctx),
                    false => decisions::decide_seen(db, &seen, &decision, &ctx),
                })?;
                vec![Action::Decided { summary, applied }]
            }
            Effect::Undo { applied, summary } => {
                let now = self.now();
                let ctx = context(&self.recorded_as, &now, self.today, &self.tables, self.write_off_threshold);
                self.store.transaction(|db| decisions::undo_in(db, &applied, &ctx))?;
                vec![Action::Undone { summary }]
            }
            Effect::LoadAppeal { id, purpose } => {
                let appeal_id: Option<i64> =
                    conn.query_opt("SELECT appeal_id FROM work_item WHERE id = ?1", &[&id], |r| r.get(0))?.flatten();
                let appeal = appeal_id.map(|a| appeals::load(conn, a)).transpose()?.flatten();
                let appeal = appeal.ok_or_else(|| StoreError::new("no appeal is open for this item"))?;
                vec![Action::AppealLoaded { purpose, appeal: Box::new(appeal) }]
            }
            Effect::LoadLetter { id, fresh } => {
                let setup = self.letter_setup();
                if !fresh {
                    return self.open_letter(id, letters::compose(conn, id, &setup));
                }
                let composed = letters::compose_fresh(conn, id, &setup);
                vec![Action::LetterLoaded { id, composed: Box::new(composed.map_err(StoreError::new)?), fresh }]
            }
            Effect::LoadBulkCandidates { tab, filter } => {
                let found =
                    writeoffs::under_threshold(conn, queue_of(tab)?, &filter, self.write_off_threshold, self.today)?;
                let found = found
                    .into_iter()
                    .map(|(id, amount, version)| super::view_state::Target { id, amount, version: Some(version) })
                    .collect();
                vec![Action::BulkCandidates(found)]
            }
            Effect::LoadWriteOffTotals { filter } => {
                vec![Action::WriteOffTotalsLoaded(writeoffs::totals(conn, &filter, self.today)?)]
            }
            Effect::Copy(text) => {
                self.clipboard.push(text);
                Vec::new()
            }
            Effect::LoadLatestWeek => {
                let latest: Option<String> =
                    conn.query_row("SELECT max(opened_on) FROM work_item", &[], |r| r.get(0))?;
                match latest.and_then(|d| d.parse::<NaiveDate>().ok()) {
                    Some(d) => vec![Action::RcaGoTo(crate::domain::week::Week::containing(d))],
                    None => vec![Action::Failed("the ledger holds no denials or rejections yet".into())],
                }
            }
            Effect::LoadRca { week } => {
                let r = crate::report::build_rca(conn, &self.tables, week, self.practice_name())?;
                vec![Action::RcaLoaded(Box::new(r))]
            }
            Effect::LoadKpi { from, to } => {
                let r = crate::report::build_kpi(conn, &self.tables, from, to, self.today, self.practice_name())?;
                vec![Action::KpiLoaded(Box::new(r))]
            }
            Effect::RecordPrevention(p) => {
                let now = self.now();
                let (today, actor) = (self.today, self.recorded_as.clone());
                self.store.transaction(|db| crate::store::prevention::record(db, &p, today, &now, &actor))?;
                vec![Action::PreventionRecorded(format!(
                    "prevention action on {} from {} recorded",
                    p.category, p.from
                ))]
            }
            Effect::WritePdf { id, packet } => self.write_pdf(id, packet)?,
            Effect::SavePractice { values, then } => self.save_practice(&values, then)?,
            Effect::OpenDemo => {
                let build = self.demo.as_mut().ok_or_else(|| StoreError::new("no demo ledger is available here"))?;
                let path = build().map_err(StoreError::new)?;
                self.store = Backend::Sqlite(Store::open(&path)?);
                self.refresh_priorities()?;
                let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
                vec![Action::LedgerOpened { path: name, demo: true }]
            }
        })
    }
}
