//! The desk: a full-screen terminal view of the ledger's queues.
//!
//! Keys resolve to [`action::Action`]s through one binding table ([`keymap`]); [`update`]
//! changes the [`app::App`] state and returns [`effect::Effect`]s; the loop here carries them
//! out with [`io::DeskIo`] and feeds the results back as actions. Drawing only reads the state.

pub mod action;
pub mod app;
mod checks;
pub mod dialog;
pub mod effect;
pub mod io;
pub mod keymap;
mod terminal;
pub mod theme;
pub mod update;
mod update_decide;
pub mod view;
pub mod view_state;

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};

use action::Action;
use app::App;
use io::DeskIo;

/// Runs `action` and every action its effects produce, until nothing is left to do.
pub fn dispatch(app: &mut App, io: &mut DeskIo, action: Action) {
    let mut queue = VecDeque::from([action]);
    while let Some(a) = queue.pop_front() {
        for effect in update::update(app, a) {
            queue.extend(io.run(effect));
        }
    }
}

/// The first screen: totals and the first page (on the rejections tab when it has work).
pub fn start(app: &mut App, io: &mut DeskIo) {
    dispatch(app, io, Action::Refresh);
}

fn translate(app: &App, ev: Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => keymap::action_for(app, &k),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::Scroll(1)),
            MouseEventKind::ScrollUp => Some(Action::Scroll(-1)),
            MouseEventKind::Down(MouseButton::Left) if app.dialog.is_none() && !app.locked => {
                Some(Action::Click(m.column, m.row))
            }
            _ => None,
        },
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
    }
}

/// Opens the terminal, runs the desk until quit, and restores the terminal on every path.
pub fn run(app: &mut App, io: &mut DeskIo, idle_lock: Duration) -> Result<(), String> {
    let mut term = terminal::Guard::enter().map_err(|e| format!("cannot open the terminal: {e}"))?;
    let size = term.size().map_err(|e| e.to_string())?;
    dispatch(app, io, Action::Resize(size.width, size.height));
    start(app, io);
    let mut last_input = Instant::now();
    while !app.quit {
        term.draw(|f| f.render_widget(&*app, f.area())).map_err(|e| e.to_string())?;
        let wait =
            idle_lock.saturating_sub(last_input.elapsed()).clamp(Duration::from_millis(50), Duration::from_secs(1));
        if event::poll(wait).map_err(|e| e.to_string())? {
            let ev = event::read().map_err(|e| e.to_string())?;
            if matches!(ev, Event::Key(_) | Event::Mouse(_)) {
                last_input = Instant::now();
            }
            if let Some(a) = translate(app, ev) {
                dispatch(app, io, a);
            }
        } else if !app.locked && last_input.elapsed() >= idle_lock {
            dispatch(app, io, Action::Lock);
        }
    }
    Ok(())
}
