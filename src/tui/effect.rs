//! What `update` asks the outer loop to do: every read and write of the ledger goes through
//! here, as data, so the state machine itself never touches the database or the terminal.

use crate::domain::decision::Decision;
use chrono::NaiveDate;

use crate::domain::filter::QueueFilter;
use crate::domain::week::Week;
use crate::store::decisions::Applied;
use crate::store::page::{Anchor, SortKey};
use crate::store::prevention::NewPrevention;
use crate::store::queue::QueueSort;

use super::action::AppealDialog;
use super::app::Tab;
use super::view_state::Merge;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadPage {
        tab: Tab,
        sort: QueueSort,
        filter: QueueFilter,
        anchor: Anchor,
        merge: Merge,
        limit: usize,
    },
    Count {
        tab: Tab,
        filter: QueueFilter,
    },
    /// The page that starts at `key` (the cursor's item after a re-sort or a filter change), so
    /// the cursor keeps its item.
    LoadAround {
        tab: Tab,
        sort: QueueSort,
        filter: QueueFilter,
        key: SortKey,
        limit: usize,
    },
    /// How many items come before `key` (the item a re-sort kept): counting them can take more
    /// than a frame deep in a large queue, so it waits until the page is on screen.
    Rank {
        tab: Tab,
        sort: QueueSort,
        filter: QueueFilter,
        key: SortKey,
    },
    LoadTotals,
    /// The owners on file (the owner dialog opens with them).
    LoadOwners,
    LoadDetail(i64),
    /// The item's detail with the window of lines from line number `from`.
    LoadDetailLines {
        id: i64,
        from: i64,
    },
    LoadAging {
        tab: Tab,
        filter: QueueFilter,
    },
    Decide {
        ids: Vec<i64>,
        /// The items as the biller saw them: refused when one changed since (empty: no check).
        seen: Vec<crate::store::decisions::Seen>,
        decision: Decision,
        summary: String,
    },
    Undo {
        applied: Vec<Applied>,
        summary: String,
    },
    OpenDemo,
    LoadAppeal {
        id: i64,
        purpose: AppealDialog,
    },
    /// The item's letter: the saved one, or (`fresh`) one rendered from the templates.
    LoadLetter {
        id: i64,
        fresh: bool,
    },
    LoadBulkCandidates {
        tab: Tab,
        filter: QueueFilter,
    },
    LoadWriteOffTotals {
        filter: QueueFilter,
    },
    LoadRca {
        week: Week,
    },
    /// Put the text on the user's clipboard (the terminal does it: OSC 52).
    Copy(String),
    /// The week of the newest denial or rejection received.
    LoadLatestWeek,
    LoadKpi {
        from: NaiveDate,
        to: NaiveDate,
    },
    RecordPrevention(NewPrevention),
    /// The item's letter (or, `packet`, its whole submission) as a PDF in the letters folder.
    WritePdf {
        id: i64,
        packet: bool,
    },
    /// The practice profile typed into the desk, into config.toml; then `then`.
    SavePractice {
        values: Vec<(&'static str, String)>,
        then: Option<(i64, PaperJob)>,
    },
}

/// What a letter key was for, to carry on with once the practice profile is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperJob {
    /// Open the letter editor.
    Edit,
    LetterPdf,
    PacketPdf,
}

impl PaperJob {
    pub fn effect(self, id: i64) -> Effect {
        match self {
            PaperJob::Edit => Effect::LoadLetter { id, fresh: false },
            PaperJob::LetterPdf => Effect::WritePdf { id, packet: false },
            PaperJob::PacketPdf => Effect::WritePdf { id, packet: true },
        }
    }
}

impl Effect {
    /// Writes to the ledger: when another Overturn holds the write lock they wait and retry
    /// (`Action::LedgerBusy`), the desk staying responsive meanwhile.
    pub fn is_write(&self) -> bool {
        matches!(self, Effect::Decide { .. } | Effect::Undo { .. } | Effect::RecordPrevention(_))
    }

    /// Effects the desk may run after drawing the frame the key asked for: counting a filtered
    /// queue, or the rows before the kept item, can take longer than a frame; the rows they
    /// count are already on screen.
    pub fn can_wait(&self) -> bool {
        matches!(self, Effect::Count { .. } | Effect::Rank { .. })
    }
}
