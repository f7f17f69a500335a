//! A desk on a ledger built from the fixtures, with a fixed today and clock, drawn on a
//! test backend.

use std::sync::Arc;

use overturn::letters::Templates;
use overturn::tui::action::Action;
use overturn::tui::app::App;
use overturn::tui::io::DeskIo;
use overturn::tui::theme::Theme;
use overturn::tui::{dispatch, start};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A desk on a fixtures ledger (or an empty one), sized `w` x `h`.
pub fn desk(w: u16, h: u16, empty: bool) -> (tempfile::TempDir, App, DeskIo) {
    let (g, mut store) = super::ledger();
    if !empty {
        for f in ["remits-a.835", "remits-b.835", "acks-a.277", "denials.csv"] {
            assert!(super::import(&mut store, &super::fixture(f)).error.is_none());
        }
    }
    let tables = Arc::new(overturn::tables::builtin());
    let mut io = DeskIo::new(store, tables.clone(), "dana".into(), super::today(), None)
        .with_fixed_now("2026-11-23T16:05:00Z")
        .with_letters(Templates::default(), overturn::letters::PracticeProfile::sample());
    let mut app = App::new(super::today(), tables, Theme { color: false }, "overturn.db".into(), false);
    dispatch(&mut app, &mut io, Action::Resize(w, h));
    start(&mut app, &mut io);
    (g, app, io)
}

pub fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    format!("{}", t.backend())
}

pub fn keys(app: &mut App, io: &mut DeskIo, actions: &[Action]) {
    for a in actions {
        dispatch(app, io, a.clone());
    }
}

pub const SIZES: [(u16, u16); 2] = [(80, 24), (120, 35)];

/// One snapshot test per size: the desk after `actions`.
macro_rules! shots {
    ($name:ident, $empty:expr, $actions:expr) => {
        #[test]
        fn $name() {
            for (w, h) in $crate::common::desk::SIZES {
                let (_g, mut app, mut io) = $crate::common::desk::desk(w, h, $empty);
                $crate::common::desk::keys(&mut app, &mut io, &$actions);
                let shown = $crate::common::desk::screen(&app);
                insta::assert_snapshot!(format!("{}_{w}x{h}", stringify!($name)), shown);
            }
        }
    };
}
pub(crate) use shots;

/// One thing a user does at the desk (random key sequences, see `desk_props.rs`).
#[derive(Debug, Clone)]
pub enum Input {
    Key(KeyEvent),
    Resize(u16, u16),
    Paste(String),
}

pub fn input() -> impl Strategy<Value = Input> {
    let chars: Vec<char> = "jkgGhlqsfacoynupLSOFRTWAr/ ?12345678[]-=tPKD\u{1b}x:9e".chars().collect();
    let codes = vec![
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::Backspace,
        KeyCode::Delete,
    ];
    prop_oneof![
        6 => prop::sample::select(chars).prop_map(|c| Input::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))),
        3 => prop::sample::select(codes).prop_map(|c| Input::Key(KeyEvent::new(c, KeyModifiers::NONE))),
        1 => prop::sample::select(vec!['s', 'r', 'w', 'u', 'a', 'e', 'd']).prop_map(|c| Input::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))),
        1 => (1u16..200, 1u16..60).prop_map(|(w, h)| Input::Resize(w, h)),
        1 => "\\PC{0,20}".prop_map(Input::Paste),
    ]
}

/// The action an input stands for at this desk (`None`: nothing, or a way out that would end
/// the sequence: quit, Ctrl-C).
pub fn action_of(app: &App, input: Input) -> Option<Action> {
    match input {
        Input::Key(k) if k.code == KeyCode::Char('c') && k.modifiers == KeyModifiers::CONTROL => None,
        Input::Key(k) => overturn::tui::keymap::action_for(app, &k).filter(|a| *a != Action::Quit),
        Input::Resize(w, h) => Some(Action::Resize(w, h)),
        Input::Paste(t) => Some(Action::Paste(t)),
    }
}
