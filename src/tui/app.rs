//! The desk's state. Which overlay owns the keyboard is derived from it (`focus`), never
//! stored; drawing reads it and never changes it.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::config::DEFAULT_WRITE_OFF_THRESHOLD;
use crate::domain::money::Cents;
use crate::domain::tables::Tables;
use crate::domain::workflow::Queue;
use crate::store::decisions::Applied;
use crate::store::detail::ItemDetail;
use crate::store::queue::{QueueRow, QueueSort, QueueTotal};
use crate::store::writeoffs::WriteOffTotals;

use super::dialog::Dialog;
use super::effect::Effect;
use super::letter::LetterEditor;
use super::rca_state::RcaState;
use super::theme::Theme;
use super::view_state::QueueView;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Rejections,
    Denials,
    Appeals,
    Waiting,
    WriteOffs,
    Unanswered,
    Rca,
}

/// The tabs that list a queue (every tab but RCA, which comes last).
pub const QUEUE_TABS: usize = 6;

impl Tab {
    pub const ALL: [Tab; 7] =
        [Tab::Rejections, Tab::Denials, Tab::Appeals, Tab::Waiting, Tab::WriteOffs, Tab::Unanswered, Tab::Rca];

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// The tab's place among the queue views (`None` for RCA): an exhaustive match, so a new
    /// tab must say whether it has a queue, and no view is found by a tab's screen position.
    pub fn slot(self) -> Option<usize> {
        match self {
            Tab::Rejections => Some(0),
            Tab::Denials => Some(1),
            Tab::Appeals => Some(2),
            Tab::Waiting => Some(3),
            Tab::WriteOffs => Some(4),
            Tab::Unanswered => Some(5),
            Tab::Rca => None,
        }
    }

    pub fn queue(self) -> Option<Queue> {
        match self {
            Tab::Rejections => Some(Queue::Rejections),
            Tab::Denials => Some(Queue::Denials),
            Tab::Appeals => Some(Queue::Appeals),
            Tab::Waiting => Some(Queue::Waiting),
            Tab::WriteOffs => Some(Queue::WriteOffs),
            Tab::Unanswered => Some(Queue::Unanswered),
            Tab::Rca => None,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Tab::Rejections => "Rejections",
            Tab::Denials => "Denials",
            Tab::Appeals => "Appeals",
            Tab::Waiting => "Waiting",
            Tab::WriteOffs => "Write-offs",
            Tab::Unanswered => "No answer",
            Tab::Rca => "RCA",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Tab::Rejections => "Rej",
            Tab::Denials => "Den",
            Tab::Appeals => "App",
            Tab::Waiting => "Wait",
            Tab::WriteOffs => "W/O",
            Tab::Unanswered => "NoAns",
            Tab::Rca => "RCA",
        }
    }
}

/// Who gets the keyboard now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Lock,
    Dialog,
    Letter,
    Filter,
    Help,
    Welcome,
    Detail,
    Table,
    Rca,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Info(String),
    Error(String),
}

/// One decision of this session, for undo.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoEntry {
    pub summary: String,
    pub applied: Vec<Applied>,
}

#[derive(Debug, Clone)]
pub struct App {
    pub today: NaiveDate,
    pub width: u16,
    pub height: u16,
    pub tab: Tab,
    /// Unfiltered totals per queue tab, for the tab titles.
    pub totals: [QueueTotal; QUEUE_TABS],
    pub views: [QueueView; QUEUE_TABS],
    pub detail: Option<ItemDetail>,
    pub detail_open: bool,
    /// Lines scrolled in the detail pane (reset when the item changes).
    pub detail_scroll: u16,
    pub help_open: bool,
    /// Lines scrolled in the help overlay.
    pub help_scroll: u16,
    /// The filter line while it is being edited.
    pub filter_input: Option<super::text_field::TextField>,
    pub dialog: Option<Dialog>,
    pub status: Option<Status>,
    pub locked: bool,
    pub aging: Option<[QueueTotal; 4]>,
    /// The Write-offs tab's totals by reason and period, while shown.
    pub writeoff_totals: Option<WriteOffTotals>,
    /// The appeal letter being edited.
    pub letter: Option<LetterEditor>,
    /// Write-off policy: "below threshold" and bulk approval apply under it.
    pub write_off_threshold: Cents,
    /// Why this desk may not decide on items (a shared ledger's owner role), if it may not:
    /// the decision keys say so instead of failing at the server.
    pub read_only: Option<String>,
    /// The RCA tab: week, slice, cluster, KPI screen.
    pub rca: RcaState,
    pub ledger_name: String,
    pub demo: bool,
    pub undo: Vec<UndoEntry>,
    /// A decision waiting for the ledger while another Overturn writes to it; the loop retries it.
    pub waiting: Option<Effect>,
    pub quit: bool,
    pub tables: Arc<Tables>,
    pub theme: Theme,
}

/// Every queue in priority order, but appeals by what needs doing first (next action date,
/// then dollars).
pub fn default_views() -> [QueueView; QUEUE_TABS] {
    let mut views: [QueueView; QUEUE_TABS] = Default::default();
    for t in [Tab::Appeals, Tab::Waiting] {
        if let Some(i) = t.slot() {
            views[i].sort = QueueSort::Due;
        }
    }
    views
}

/// At this width the detail pane sits beside the table.
pub const WIDE: u16 = 150;

impl App {
    pub fn new(today: NaiveDate, tables: Arc<Tables>, theme: Theme, ledger_name: String, demo: bool) -> App {
        App {
            today,
            width: 80,
            height: 24,
            tab: Tab::Denials,
            totals: [QueueTotal::default(); QUEUE_TABS],
            views: default_views(),
            detail: None,
            detail_open: false,
            detail_scroll: 0,
            help_open: false,
            help_scroll: 0,
            filter_input: None,
            dialog: None,
            status: None,
            locked: false,
            aging: None,
            writeoff_totals: None,
            letter: None,
            write_off_threshold: DEFAULT_WRITE_OFF_THRESHOLD,
            read_only: None,
            rca: RcaState::new(today),
            ledger_name,
            demo,
            undo: Vec::new(),
            waiting: None,
            quit: false,
            tables,
            theme,
        }
    }

    /// True while the ledger holds no work at all: the welcome screen shows.
    pub fn empty_ledger(&self) -> bool {
        self.totals.iter().all(|t| t.count == 0) && self.views.iter().all(|v| v.rows.is_empty())
    }

    pub fn focus(&self) -> Focus {
        self.focus_with_help(self.help_open)
    }

    /// The focus as it would be with the help overlay open or closed.
    pub fn focus_with_help(&self, help_open: bool) -> Focus {
        if self.locked {
            Focus::Lock
        } else if self.dialog.is_some() {
            Focus::Dialog
        } else if self.letter.is_some() {
            Focus::Letter
        } else if self.filter_input.is_some() {
            Focus::Filter
        } else if help_open {
            Focus::Help
        } else if self.empty_ledger() {
            Focus::Welcome
        } else if self.tab == Tab::Rca {
            Focus::Rca
        } else if self.detail_open {
            Focus::Detail
        } else {
            Focus::Table
        }
    }

    pub fn view(&self) -> Option<&QueueView> {
        self.view_of(self.tab)
    }

    pub fn view_mut(&mut self) -> Option<&mut QueueView> {
        self.view_of_mut(self.tab)
    }

    pub fn view_of(&self, tab: Tab) -> Option<&QueueView> {
        tab.slot().and_then(|i| self.views.get(i))
    }

    pub fn view_of_mut(&mut self, tab: Tab) -> Option<&mut QueueView> {
        tab.slot().and_then(|i| self.views.get_mut(i))
    }

    /// A queue tab's unfiltered totals (zero for RCA).
    pub fn total_of(&self, tab: Tab) -> QueueTotal {
        tab.slot().and_then(|i| self.totals.get(i)).copied().unwrap_or_default()
    }

    /// What to remember of this desk for the next run: the tab, and each queue's sort and filter.
    pub fn remembered(&self) -> Vec<(String, String)> {
        let mut out = vec![("tab".to_string(), self.tab.title().to_string())];
        for t in Tab::ALL.into_iter().filter(|t| t.queue().is_some()) {
            let Some(v) = self.view_of(t) else { continue };
            out.push((format!("sort.{}", t.title()), v.sort.label().to_string()));
            if !v.filter.is_empty() {
                out.push((format!("filter.{}", t.title()), v.filter.to_string()));
            }
        }
        out
    }

    /// Opens where the last run left off; anything that no longer parses is ignored.
    pub fn restore(&mut self, pairs: &[(String, String)]) {
        for (key, value) in pairs {
            let tab_named = |name: &str| Tab::ALL.into_iter().find(|t| t.title() == name);
            match key.split_once('.') {
                None if key == "tab" => {
                    if let Some(t) = tab_named(value) {
                        self.tab = t;
                    }
                }
                Some(("sort", name)) => {
                    if let (Some(t), Some(s)) =
                        (tab_named(name), QueueSort::ALL.into_iter().find(|s| s.label() == value))
                        && t.queue().is_some()
                        && let Some(v) = self.view_of_mut(t)
                    {
                        v.sort = s;
                    }
                }
                Some(("filter", name)) => {
                    if let (Some(t), Ok(f)) = (tab_named(name), crate::domain::filter::QueueFilter::parse(value))
                        && t.queue().is_some()
                        && let Some(v) = self.view_of_mut(t)
                    {
                        v.filter = f;
                    }
                }
                _ => {}
            }
        }
    }

    /// A screen inside the tab is open (the aging view, the write-off totals, the KPI screen):
    /// Esc and q leave it before q would leave the app.
    pub fn inner_open(&self) -> bool {
        self.aging.is_some() || self.writeoff_totals.is_some() || (self.tab == Tab::Rca && self.rca.kpi_open)
    }

    pub fn selected(&self) -> Option<&QueueRow> {
        self.view().and_then(QueueView::selected)
    }

    /// The detail pane shows now (full screen, or beside the table when wide).
    pub fn detail_visible(&self) -> bool {
        self.tab.queue().is_some() && (self.detail_open || self.width >= WIDE)
    }

    /// Table body rows that fit: the paging step.
    pub fn table_height(&self) -> usize {
        usize::from(self.height.saturating_sub(5)).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_queue_tab_has_its_own_view_slot() {
        let slots: Vec<usize> = Tab::ALL.iter().filter_map(|t| t.slot()).collect();
        assert_eq!(slots.len(), QUEUE_TABS);
        for (i, s) in slots.iter().enumerate() {
            assert!(*s < QUEUE_TABS && !slots[..i].contains(s), "{slots:?}");
        }
        assert!(Tab::ALL.iter().all(|t| t.slot().is_some() == t.queue().is_some()));
    }
}
