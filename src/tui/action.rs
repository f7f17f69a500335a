//! Everything that can happen to the desk: keys resolve to these, and so do the results of
//! the effects the outer loop carried out.

use crate::domain::decision::Decision;
use crate::store::decisions::Applied;
use crate::store::detail::ItemDetail;
use crate::store::page::Anchor;
use crate::store::queue::{QueueRow, QueueTotal};

use super::app::Tab;
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
    TotalsLoaded([QueueTotal; 4]),
    DetailLoaded(Box<ItemDetail>),
    AgingLoaded {
        tab: Tab,
        buckets: [QueueTotal; 4],
    },
    Decided {
        summary: String,
        applied: Vec<Applied>,
    },
    Undone {
        summary: String,
    },
    LedgerOpened {
        path: String,
        demo: bool,
    },
    /// The background rescoring for today finished: items whose urgency changed, or an error.
    PrioritiesRefreshed(Result<u64, String>),
    Failed(String),
}

/// A decision about to be confirmed: the dialogs build one.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub ids: Vec<i64>,
    pub decision: Decision,
    pub summary: String,
}
