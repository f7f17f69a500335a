//! The desk: a full-screen terminal view of the ledger's queues.
//!
//! Keys resolve to [`action::Action`]s through one binding table ([`keymap`]); [`update`]
//! changes the [`app::App`] state and returns [`effect::Effect`]s; the loop here carries them
//! out with [`io::DeskIo`] and feeds the results back as actions. Drawing only reads the state.

pub mod action;
pub mod app;
mod checks;
pub mod clipboard;
pub mod dialog;
mod dialog_kinds;
pub mod effect;
pub mod io;
pub mod keymap;
pub mod letter;
pub mod rca_state;
pub mod refresh;
mod terminal;
pub mod text_field;
pub mod theme;
pub mod update;
mod update_appeal;
mod update_confirm;
mod update_decide;
mod update_paper;
mod update_rca;
pub mod view;
pub mod view_state;

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};

use action::Action;
use app::App;
use io::DeskIo;

/// Runs `action` and every action its effects produce, except the effects that can wait for
/// the next frame: those are left in `later`.
pub fn dispatch_now(app: &mut App, io: &mut DeskIo, action: Action, later: &mut Vec<effect::Effect>) {
    let mut queue = VecDeque::from([action]);
    while let Some(a) = queue.pop_front() {
        for effect in update::update(app, a) {
            if effect.can_wait() {
                later.push(effect);
            } else {
                queue.extend(io.run(effect));
            }
        }
    }
}

/// Runs the effects that waited (only the newest count per tab matters).
pub fn run_later(app: &mut App, io: &mut DeskIo, later: &mut Vec<effect::Effect>) {
    let mut pending = std::mem::take(later);
    let mut keep: Vec<effect::Effect> = Vec::new();
    while let Some(e) = pending.pop() {
        let newer = |k: &effect::Effect| matches!((k, &e), (effect::Effect::Count { tab: a, .. }, effect::Effect::Count { tab: b, .. }) if a == b);
        if !keep.iter().any(newer) {
            keep.push(e);
        }
    }
    for e in keep.into_iter().rev() {
        for a in io.run(e) {
            dispatch_now(app, io, a, later);
        }
    }
}

/// Runs `action` and everything that follows from it, including what could wait.
pub fn dispatch(app: &mut App, io: &mut DeskIo, action: Action) {
    let mut later = Vec::new();
    dispatch_now(app, io, action, &mut later);
    while !later.is_empty() {
        run_later(app, io, &mut later);
    }
}

/// How long a status message stays on screen.
const STATUS_LASTS: Duration = Duration::from_secs(8);

/// Tries the decision that is waiting for the ledger again (it waits again if still locked).
pub fn retry_waiting(app: &mut App, io: &mut DeskIo, later: &mut Vec<effect::Effect>) {
    if let Some(write) = app.waiting.take() {
        for a in io.run(write) {
            dispatch_now(app, io, a, later);
        }
    }
}

/// The first screen: totals and the first page (on the rejections tab when it has work).
pub fn start(app: &mut App, io: &mut DeskIo) {
    dispatch(app, io, Action::Refresh);
}

/// A terminal event as an action. The mouse acts on what is on top: the wheel scrolls the
/// table, the detail or the help, whichever has the keyboard; a click selects only on the table;
/// nothing reaches a table hidden under the letter editor, a dialog or the privacy lock.
pub fn translate(app: &App, ev: Event) -> Option<Action> {
    use app::Focus;
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => keymap::action_for(app, &k),
        Event::Mouse(m) => match (m.kind, app.focus()) {
            (MouseEventKind::ScrollDown, Focus::Table) => Some(Action::Scroll(1)),
            (MouseEventKind::ScrollUp, Focus::Table) => Some(Action::Scroll(-1)),
            (MouseEventKind::ScrollDown, Focus::Detail) => Some(Action::ScrollDetail(3)),
            (MouseEventKind::ScrollUp, Focus::Detail) => Some(Action::ScrollDetail(-3)),
            (MouseEventKind::ScrollDown, Focus::Help) => Some(Action::ScrollHelp(3)),
            (MouseEventKind::ScrollUp, Focus::Help) => Some(Action::ScrollHelp(-3)),
            (MouseEventKind::Down(MouseButton::Left), Focus::Table | Focus::Rca) => {
                Some(Action::Click(m.column, m.row))
            }
            _ => None,
        },
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::Paste(text) if !app.locked => Some(Action::Paste(text)),
        _ => None,
    }
}

/// Opens the terminal, runs the desk until quit, and restores the terminal on every path.
pub fn run(app: &mut App, io: &mut DeskIo, idle_lock: Duration, follow_clock: bool) -> Result<(), String> {
    let stop = terminal::stop_on_signals().map_err(|e| format!("cannot watch for signals: {e}"))?;
    let mut term = terminal::Guard::enter().map_err(|e| format!("cannot open the terminal: {e}"))?;
    terminal::watchdog(std::sync::Arc::clone(&stop));
    let size = term.size().map_err(|e| e.to_string())?;
    dispatch(app, io, Action::Resize(size.width, size.height));
    start(app, io);
    let mut last_input = Instant::now();
    let mut last_try = Instant::now();
    let mut shown_status = app.status.clone();
    let mut last_look = Instant::now();
    io.ledger_changed();
    let mut status_since = Instant::now();
    let mut later = Vec::new();
    // The first frame shows yesterday's order; today's priorities follow in the background.
    term.draw(|f| f.render_widget(&*app, f.area())).map_err(|e| e.to_string())?;
    // A read-only desk (an owner's role on PostgreSQL) rescores nothing: the server would refuse
    // it; billers' desks and commands keep the priorities current.
    let rescores = app.read_only.is_none();
    let mut refreshing =
        rescores.then(|| refresh::Refresh::start(io.backend().location(), app.today, app.write_off_threshold));
    while !app.quit {
        if stop.load(std::sync::atomic::Ordering::Relaxed) || terminal::hung_up() {
            break; // the guard restores the terminal on the way out
        }
        // A decision waiting for another Overturn's write: try again every few hundred ms.
        if app.waiting.is_some() && last_try.elapsed() >= Duration::from_millis(300) {
            last_try = Instant::now();
            retry_waiting(app, io, &mut later);
        }
        // Open past midnight: the desk moves to the new day and rescores in the background.
        let clock_today = chrono::Local::now().date_naive();
        if follow_clock && clock_today != app.today && refreshing.is_none() {
            io.set_today(clock_today);
            // Claims whose waits ran out overnight join the No answer tab before it reloads.
            if rescores && let Err(e) = io.open_silent() {
                dispatch_now(app, io, Action::Failed(e.to_string()), &mut later);
            }
            dispatch_now(app, io, Action::NewDay(clock_today), &mut later);
            refreshing = rescores
                .then(|| refresh::Refresh::start(io.backend().location(), clock_today, app.write_off_threshold));
        }
        // A status message stays a few seconds, then makes way (not while a decision waits).
        if app.status != shown_status {
            shown_status.clone_from(&app.status);
            status_since = Instant::now();
        } else if app.status.is_some() && app.waiting.is_none() && status_since.elapsed() >= STATUS_LASTS {
            dispatch_now(app, io, Action::ClearStatus, &mut later);
        }
        if let Some(news) = io.connection() {
            dispatch_now(app, io, news, &mut later);
        }
        if let Some(done) = refreshing.as_ref().and_then(refresh::Refresh::finished) {
            refreshing = None;
            io.ledger_changed(); // our own background rescoring: it reloads by itself
            dispatch_now(app, io, Action::PrioritiesRefreshed(done), &mut later);
        } else if refreshing.is_none() && last_look.elapsed() >= Duration::from_secs(2) {
            last_look = Instant::now();
            if io.ledger_changed() {
                dispatch_now(app, io, Action::LedgerChanged, &mut later);
            }
        }
        for text in io.take_clipboard() {
            use std::io::Write;
            let mut out = std::io::stdout();
            let _ = out.write_all(clipboard::osc52(&text).as_bytes()).and_then(|()| out.flush());
        }
        term.draw(|f| f.render_widget(&*app, f.area())).map_err(|e| e.to_string())?;
        // The frame is up: now the slower follow-ups, unless another key is already waiting.
        if !later.is_empty() && !event::poll(Duration::ZERO).map_err(|e| e.to_string())? {
            run_later(app, io, &mut later);
            continue;
        }
        let most = if refreshing.is_some() { Duration::from_millis(100) } else { Duration::from_millis(250) };
        let wait = idle_lock.saturating_sub(last_input.elapsed()).clamp(Duration::from_millis(50), most);
        if event::poll(wait).map_err(|e| e.to_string())? {
            let ev = event::read().map_err(|e| e.to_string())?;
            if matches!(ev, Event::Key(_) | Event::Mouse(_)) {
                last_input = Instant::now();
            }
            if let Some(a) = translate(app, ev) {
                dispatch_now(app, io, a, &mut later);
            }
        } else if !app.locked && last_input.elapsed() >= idle_lock {
            dispatch_now(app, io, Action::Lock, &mut later);
        }
    }
    io.remember(&app.remembered());
    Ok(())
}
