//! The state machine: an action changes the state and returns the effects the outer loop
//! must carry out (reads and writes of the ledger). No I/O happens here.

use super::action::Action;
use super::app::{App, Status, Tab};
use super::effect::Effect;
use super::view_state::{CHUNK, Merge, Move};
use crate::domain::filter::QueueFilter;
use crate::store::page::Anchor;

/// The page request for the current tab's view.
pub(super) fn load(app: &App, anchor: Anchor, merge: Merge) -> Vec<Effect> {
    let Some(view) = app.view() else { return Vec::new() };
    vec![Effect::LoadPage { tab: app.tab, sort: view.sort, filter: view.filter.clone(), anchor, merge, limit: CHUNK }]
}

/// Loads the detail of the selected row when the detail pane shows and it is stale.
pub(super) fn detail_if_needed(app: &App) -> Vec<Effect> {
    match app.selected() {
        Some(r) if app.detail_visible() && app.detail.as_ref().is_none_or(|d| d.row.id != r.id) => {
            vec![Effect::LoadDetail(r.id)]
        }
        _ => Vec::new(),
    }
}

/// Reloads the current view from scratch (new order or filter), with its count.
pub(super) fn reload(app: &mut App) -> Vec<Effect> {
    let tab = app.tab;
    let Some(view) = app.view_mut() else { return Vec::new() };
    view.loaded = false;
    view.cursor = 0;
    view.scroll = 0;
    view.counting = !view.filter.is_empty();
    let filter = view.filter.clone();
    let mut fx = load(app, Anchor::First, Merge::Replace);
    fx.push(Effect::Count { tab, filter });
    fx
}

/// Reloads the view in its new order or filter, keeping `keep` (the row the cursor was on)
/// under the cursor: the page starts at its key, ranked, instead of at row 1.
pub(super) fn reload_keeping(app: &mut App, keep: Option<crate::store::queue::QueueRow>) -> Vec<Effect> {
    let Some(row) = keep else { return reload(app) };
    let tab = app.tab;
    let Some(view) = app.view_mut() else { return Vec::new() };
    view.loaded = false;
    view.counting = !view.filter.is_empty();
    let (sort, filter) = (view.sort, view.filter.clone());
    let key = crate::store::page::SortKey::of(sort, &row);
    vec![
        Effect::LoadAround { tab, sort, filter: filter.clone(), key: key.clone(), limit: CHUNK },
        Effect::Rank { tab, sort, filter: filter.clone(), key },
        Effect::Count { tab, filter },
    ]
}

pub(super) fn go_tab(app: &mut App, tab: Tab) -> Vec<Effect> {
    if app.tab != tab && app.waiting.is_none() {
        app.status = None; // a message about another tab does not follow the user
    }
    app.tab = tab;
    app.detail = None;
    app.detail_open = false;
    app.aging = None;
    app.writeoff_totals = None;
    match app.view() {
        Some(v) if !v.loaded => reload(app),
        Some(_) => detail_if_needed(app),
        None => app.rca.load_if_needed(),
    }
}

fn move_cursor(app: &mut App, m: Move) -> Vec<Effect> {
    let h = app.table_height();
    let Some(view) = app.view_mut() else { return Vec::new() };
    match view.apply(m, h) {
        Some(need) => load(app, need.anchor, need.merge),
        None => detail_if_needed(app),
    }
}

fn apply_filter(app: &mut App) -> Vec<Effect> {
    let text = app.filter_input.as_ref().map(|f| f.text.clone()).unwrap_or_default();
    let keep = app.selected().cloned();
    match QueueFilter::parse(&text) {
        Ok(f) => {
            app.filter_input = None;
            app.status = None;
            let mut dropped = 0;
            if let Some(v) = app.view_mut() {
                // Decisions apply to what the user can see: marks do not outlive the view.
                if v.filter != f {
                    dropped = v.marks.len();
                    v.marks.clear();
                }
                v.filter = f;
            }
            if dropped > 0 {
                app.status =
                    Some(Status::Info(format!("{dropped} marks dropped: marks apply to what the filter shows")));
            }
            reload_keeping(app, keep)
        }
        Err(why) => {
            app.status = Some(Status::Error(format!("filter: {why}")));
            Vec::new()
        }
    }
}

/// Esc on the queue: closes the aging view, else clears the filter, else the marks.
fn clear(app: &mut App) -> Vec<Effect> {
    if app.aging.take().is_some() || app.writeoff_totals.take().is_some() {
        return Vec::new();
    }
    let keep = app.selected().cloned();
    let Some(v) = app.view_mut() else { return Vec::new() };
    if !v.filter.is_empty() {
        v.filter = QueueFilter::default();
        let dropped = std::mem::take(&mut v.marks).len();
        if dropped > 0 {
            app.status = Some(Status::Info(format!("{dropped} marks dropped with the filter")));
        }
        return reload_keeping(app, keep);
    }
    v.marks.clear();
    Vec::new()
}

fn click(app: &mut App, x: u16, y: u16) -> Vec<Effect> {
    if y == 0 {
        return match super::view::tabs::tab_at(app, x) {
            Some(t) => go_tab(app, t),
            None => Vec::new(),
        };
    }
    let top = super::view::TABLE_TOP;
    let h = app.table_height();
    let Some(v) = app.view() else { return Vec::new() };
    let row = usize::from(y.saturating_sub(top));
    if y < top || row >= h || v.scroll + row >= v.rows.len() {
        return Vec::new();
    }
    let target = v.scroll + row;
    let m = if target >= v.cursor { Move::Down(target - v.cursor) } else { Move::Up(v.cursor - target) };
    move_cursor(app, m)
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    if !matches!(action, Action::Refused(_) | Action::Resize(..) | Action::Lock) && app.dialog.is_none() {
        app.status = app.status.take().filter(|s| matches!(s, Status::Info(_)));
    }
    route(app, action)
}

/// Every action is routed here by name: a new action does not compile until it is given its
/// handler (each handler's own match then takes it on purpose).
fn route(app: &mut App, action: Action) -> Vec<Effect> {
    use Action as A;
    match action {
        A::ApplyFilter
        | A::CancelFilter
        | A::ClearFilter
        | A::ClearStatus
        | A::Click(..)
        | A::CloseInner
        | A::CycleSort
        | A::DetailLines(..)
        | A::GoTab(..)
        | A::LedgerChanged
        | A::Reconnected
        | A::Lock
        | A::Move(..)
        | A::NewDay(..)
        | A::NextTab
        | A::OpenDetail
        | A::OpenFilter
        | A::PageDown
        | A::PageUp
        | A::PrevTab
        | A::Quit
        | A::Refresh
        | A::Refused(..)
        | A::Resize(..)
        | A::Scroll(..)
        | A::ScrollDetail(..)
        | A::ScrollHelp(..)
        | A::ToggleAging
        | A::ToggleHelp
        | A::ToggleMark
        | A::Unlock => queue_view(app, action),
        A::AgingLoaded { .. }
        | A::Backspace
        | A::CloseOverlay
        | A::Confirm
        | A::Counted { .. }
        | A::Decided { .. }
        | A::DetailLoaded(..)
        | A::DialogDown
        | A::DialogSwitchField
        | A::DialogToggle
        | A::DialogUp
        | A::Edit(..)
        | A::Failed(..)
        | A::Conflict(..)
        | A::Input(..)
        | A::LedgerBusy(..)
        | A::LedgerOpened { .. }
        | A::LoadDemo
        | A::OwnersLoaded(..)
        | A::PageAround { .. }
        | A::Ranked { .. }
        | A::PageLoaded { .. }
        | A::Paste(..)
        | A::PrioritiesRefreshed(..)
        | A::StartAppeal
        | A::StartClose
        | A::StartCopy
        | A::StartFix
        | A::StartNote
        | A::StartOwner
        | A::StartUndo
        | A::TotalsLoaded(..)
        | A::Undone { .. } => super::update_decide::update(app, action),
        A::WritePdf { .. } | A::PracticeNeeded { .. } | A::PracticeSaved { .. } | A::PdfWritten(..) => {
            super::update_paper::update(app, action)
        }
        A::AppealLoaded { .. }
        | A::BulkCandidates(..)
        | A::CloseLetter
        | A::LetterKey(..)
        | A::LetterLoaded { .. }
        | A::OpenLetter
        | A::ResetLetter
        | A::SaveLetter
        | A::StartBulkWriteOff
        | A::StartFollowUp
        | A::StartOutcome
        | A::StartPacket
        | A::StartReopen
        | A::StartSubmit
        | A::ToggleWriteOffTotals
        | A::WriteOffTotalsLoaded(..) => super::update_appeal::update(app, action),
        A::KpiLoaded(..)
        | A::OpenCluster
        | A::PreventionRecorded(..)
        | A::RcaGoTo(..)
        | A::RcaLastWeek
        | A::RcaLatest
        | A::RcaLoaded(..)
        | A::RcaSelect(..)
        | A::RcaSlice(..)
        | A::RcaWeek(..)
        | A::StartGoToWeek
        | A::StartPrevention
        | A::ToggleKpi => super::update_rca::update(app, action),
    }
}

/// The queue view's own actions: moving, filtering, sorting, tabs, overlays.
fn queue_view(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Move(m) => move_cursor(app, m),
        Action::PageDown => move_cursor(app, Move::Down(app.table_height())),
        Action::PageUp => move_cursor(app, Move::Up(app.table_height())),
        Action::Scroll(d) if d > 0 => move_cursor(app, Move::Down(3)),
        Action::Scroll(_) => move_cursor(app, Move::Up(3)),
        Action::Click(x, y) => click(app, x, y),
        Action::GoTab(t) => go_tab(app, t),
        Action::NextTab => go_tab(app, Tab::ALL[(app.tab.index() + 1) % Tab::ALL.len()]),
        Action::PrevTab => go_tab(app, Tab::ALL[(app.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]),
        Action::CycleSort => {
            let keep = app.selected().cloned();
            let Some(v) = app.view_mut() else { return Vec::new() };
            v.sort = v.sort.next();
            app.status = Some(Status::Info(format!("sorted by {}", v.sort.label())));
            reload_keeping(app, keep)
        }
        Action::ToggleAging => match app.aging.take() {
            Some(_) => Vec::new(),
            None => app
                .view()
                .map(|v| vec![Effect::LoadAging { tab: app.tab, filter: v.filter.clone() }])
                .unwrap_or_default(),
        },
        Action::OpenFilter => {
            app.filter_input = app.view().map(|v| {
                let t = v.filter.to_string();
                super::text_field::TextField::new(if t.is_empty() { t } else { format!("{t} ") })
            });
            Vec::new()
        }
        Action::ApplyFilter => apply_filter(app),
        Action::CancelFilter => {
            app.filter_input = None;
            Vec::new()
        }
        Action::ClearFilter => clear(app),
        Action::OpenDetail => {
            app.detail_open = true;
            app.detail_scroll = 0;
            detail_if_needed(app)
        }
        Action::CloseInner => {
            if app.aging.take().is_none() && app.writeoff_totals.take().is_none() && app.tab == Tab::Rca {
                app.rca.kpi_open = false;
                return app.rca.load_if_needed();
            }
            Vec::new()
        }
        Action::Reconnected => {
            app.status = Some(Status::Info(
                "reconnected to the ledger's server: r reloads what others changed meanwhile".into(),
            ));
            Vec::new()
        }
        Action::LedgerChanged => {
            if app.waiting.is_none() {
                app.status = Some(Status::Info("the ledger changed (an import or another desk): r reloads".into()));
            }
            Vec::new()
        }
        Action::NewDay(day) => {
            app.today = day;
            app.status = Some(Status::Info(format!("a new day: {day}; priorities are being brought up to date")));
            let mut fx = vec![Effect::LoadTotals];
            fx.extend(reload(app));
            fx
        }
        Action::ClearStatus => {
            app.status = None;
            Vec::new()
        }
        Action::ScrollDetail(n) => {
            app.detail_scroll = app.detail_scroll.saturating_add_signed(n);
            Vec::new()
        }
        Action::DetailLines(step) => match app.detail.as_ref() {
            Some(d) => {
                let from = (d.lines_from + i64::from(step) * crate::store::detail::DETAIL_LINES).max(1);
                vec![Effect::LoadDetailLines { id: d.row.id, from }]
            }
            None => Vec::new(),
        },
        Action::ScrollHelp(n) => {
            app.help_scroll = app.help_scroll.saturating_add_signed(n);
            Vec::new()
        }
        Action::ToggleHelp => {
            app.help_scroll = 0;
            app.help_open = !app.help_open;
            Vec::new()
        }
        Action::ToggleMark => {
            if let Some(v) = app.view_mut() {
                v.toggle_mark();
            }
            move_cursor(app, Move::Down(1))
        }
        Action::Refused(why) => {
            app.status = Some(Status::Error(why));
            Vec::new()
        }
        Action::Refresh => {
            let mut fx = vec![Effect::LoadTotals];
            fx.extend(reload(app));
            app.rca.report = None;
            app.rca.kpis = None;
            if app.tab == Tab::Rca {
                fx.extend(app.rca.load_if_needed());
            }
            fx
        }
        Action::Quit => {
            match app.letter.as_mut().filter(|l| l.unsaved() && !l.discard_armed) {
                Some(l) => {
                    l.discard_armed = true;
                    app.status =
                        Some(Status::Error("unsaved letter: Ctrl-S saves it; Ctrl-C again quits without it".into()));
                }
                None => app.quit = true,
            }
            Vec::new()
        }
        Action::Lock => {
            app.locked = true;
            Vec::new()
        }
        Action::Unlock => {
            app.locked = false;
            Vec::new()
        }
        Action::Resize(w, h) => {
            (app.width, app.height) = (w, h);
            move_cursor(app, Move::Down(0))
        }
        _ => Vec::new(), // routed elsewhere by `route`
    }
}
