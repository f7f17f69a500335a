//! Everything that can happen to the desk: keys resolve to these, and so do the results of
//! the effects the outer loop carried out.

use ratatui::crossterm::event::KeyEvent;

use crate::domain::decision::Decision;
use crate::letters::Composed;
use crate::report::{KpiReport, RcaReport};
use crate::store::appeals::AppealRecord;
use crate::store::decisions::Applied;
use crate::store::detail::ItemDetail;
use crate::store::page::Anchor;
use crate::store::queue::{QueueRow, QueueTotal};
use crate::store::writeoffs::WriteOffTotals;

use super::app::Tab;
use super::effect::PaperJob;
use super::view_state::{Merge, Move};

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Move(Move),
    PageDown,
    PageUp,
    GoTab(Tab),
    NextTab,
    PrevTab,
    CycleSort,
    ToggleAging,
    OpenFilter,
    ApplyFilter,
    CancelFilter,
    ClearFilter,
    OpenDetail,
    /// Scrolls the detail text by this many lines.
    ScrollDetail(i16),
    /// Scroll the help overlay.
    ScrollHelp(i16),
    /// Show the detail's next (`1`) or previous (`-1`) window of lines of a long claim.
    DetailLines(i8),
    CloseOverlay,
    ToggleHelp,
    ToggleMark,
    /// Opens the dialog of a decision.
    StartFix,
    StartAppeal,
    StartClose,
    StartOwner,
    StartNote,
    StartUndo,
    /// Appeals: the packet checklist, the letter editor, submission, follow-up, outcome.
    StartPacket,
    OpenLetter,
    StartSubmit,
    StartFollowUp,
    StartOutcome,
    /// Write-offs: take one back; totals by reason and period; approve small ones in bulk.
    StartReopen,
    ToggleWriteOffTotals,
    StartBulkWriteOff,
    /// Inside the letter editor.
    LetterKey(KeyEvent),
    SaveLetter,
    ResetLetter,
    CloseLetter,
    /// Inside dialogs and the filter line.
    Input(char),
    Backspace,
    DialogUp,
    DialogDown,
    DialogToggle,
    DialogSwitchField,
    Confirm,
    /// A key that does not apply now, with the reason.
    Refused(String),
    /// RCA tab: move the week (or back to the last full one), switch the slice, pick a
    /// cluster, open its items, the KPI screen, record a prevention action.
    RcaWeek(i64),
    RcaLastWeek,
    RcaSlice(i64),
    RcaSelect(i64),
    OpenCluster,
    ToggleKpi,
    StartPrevention,
    LoadDemo,
    Refresh,
    Quit,
    Lock,
    Unlock,
    Resize(u16, u16),
    /// Mouse: a click at a cell, a wheel step.
    Click(u16, u16),
    Scroll(i8),
    // Results of effects.
    PageLoaded {
        tab: Tab,
        anchor: Anchor,
        merge: Merge,
        rows: Vec<QueueRow>,
        requested: usize,
    },
    Counted {
        tab: Tab,
        total: QueueTotal,
    },
    TotalsLoaded([QueueTotal; super::app::QUEUE_TABS]),
    DetailLoaded(Box<ItemDetail>),
    AgingLoaded {
        tab: Tab,
        buckets: [QueueTotal; 4],
    },
    Decided {
        summary: String,
        applied: Vec<Applied>,
    },
    /// The current appeal of an item, for the packet or submit dialog.
    AppealLoaded {
        purpose: AppealDialog,
        appeal: Box<AppealRecord>,
    },
    LetterLoaded {
        id: i64,
        composed: Box<Composed>,
        fresh: bool,
    },
    BulkCandidates(Vec<super::view_state::Target>),
    WriteOffTotalsLoaded(WriteOffTotals),
    Undone {
        summary: String,
    },
    LedgerOpened {
        path: String,
        demo: bool,
    },
    /// The background rescoring for today finished: items whose urgency changed, or an error.
    PrioritiesRefreshed(Result<u64, String>),
    RcaLoaded(Box<RcaReport>),
    KpiLoaded(Box<KpiReport>),
    PreventionRecorded(String),
    Failed(String),
    /// Someone else changed an item this decision was made on: nothing saved; show it anew.
    Conflict(String),
    /// x / X: the selected appeal's letter or packet as a PDF.
    WritePdf {
        packet: bool,
    },
    /// The letter needs practice details config.toml does not have yet: ask for them.
    PracticeNeeded {
        missing: Vec<&'static str>,
        id: i64,
        job: PaperJob,
    },
    PracticeSaved {
        summary: String,
        then: Option<(i64, PaperJob)>,
    },
    /// A PDF was written: where, and what the biller should know about it.
    PdfWritten(String),
    /// The page from a key (its rank follows).
    PageAround {
        tab: super::app::Tab,
        id: i64,
        rows: Vec<crate::store::queue::QueueRow>,
        requested: usize,
    },
    /// How many rows come before item `id` in the order and filter it was kept in.
    Ranked {
        tab: super::app::Tab,
        sort: crate::store::queue::QueueSort,
        filter: crate::domain::filter::QueueFilter,
        id: i64,
        rank: u64,
    },
    /// Cursor movement and deletion in the text being typed.
    Edit(super::text_field::Edit),
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    /// The RCA tab jumps to a week (typed, or the latest with data).
    RcaGoTo(crate::domain::week::Week),
    /// `g` on the RCA tab: type a week or a date.
    StartGoToWeek,
    /// `G` on the RCA tab: the latest week that has denials or rejections.
    RcaLatest,
    /// Esc or q inside a tab's inner screen: back to the tab.
    CloseInner,
    /// Another process (an import) committed to the ledger: offer to reload.
    LedgerChanged,
    /// A shared ledger's lost connection was opened again: offer to reload.
    Reconnected,
    /// `y`: pick an identifier of the selected item to copy.
    StartCopy,
    /// The clock passed midnight while the desk was open.
    NewDay(chrono::NaiveDate),
    /// The status line's message has been read (it expires, or the tab changed).
    ClearStatus,
    /// The owners on file, for the owner dialog.
    OwnersLoaded(Vec<String>),
    /// A write found the ledger locked by another Overturn; it waits in `App::waiting`.
    LedgerBusy(Box<super::effect::Effect>),
}

/// Which dialog an appeal was loaded for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppealDialog {
    Packet,
    Submit,
}

/// A decision about to be confirmed: the dialogs build one.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub ids: Vec<i64>,
    /// The items as seen (see `Dialog::seen`).
    pub seen: Vec<crate::store::decisions::Seen>,
    pub decision: Decision,
    pub summary: String,
}
