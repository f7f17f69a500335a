//! Thousands of random key sequences through the real desk (update, effects against a ledger,
//! and drawing at every size down to 1x1): no panic, the cursor always on a row it shows, and
//! every decision the desk reports done has its audit event.

mod common;

use overturn::tui::action::Action;
use overturn::tui::dispatch;
use overturn::tui::keymap::action_for;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone)]
enum Input {
    Key(KeyEvent),
    Resize(u16, u16),
    Paste(String),
}

fn input() -> impl Strategy<Value = Input> {
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

fn events(io: &overturn::tui::io::DeskIo) -> i64 {
    io.sqlite().unwrap().conn().query_row("SELECT count(*) FROM event", [], |r| r.get(0)).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn no_key_sequence_breaks_the_desk(inputs in prop::collection::vec(input(), 1..120)) {
        let (_g, mut app, mut io) = common::desk::desk(120, 35, false);
        let mut term = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
        for i in inputs {
            let before = events(&io);
            let said = app.status.clone();
            let action = match i {
                Input::Key(k) if k.code == KeyCode::Char('c') && k.modifiers == KeyModifiers::CONTROL => continue,
                Input::Key(k) => match action_for(&app, &k) {
                    Some(Action::Quit) => continue, // quitting would end the sequence
                    Some(a) => a,
                    None => continue,
                },
                Input::Resize(w, h) => Action::Resize(w, h),
                Input::Paste(t) => Action::Paste(t),
            };
            dispatch(&mut app, &mut io, action);
            if let Some(overturn::tui::app::Status::Info(s)) = &app.status
                && s.ends_with("— done (u undoes)")
                && app.status != said
            {
                prop_assert!(events(&io) > before || s.starts_with("undone"), "done without an event: {s}");
            }
            if let Some(v) = app.view() {
                prop_assert!(v.rows.is_empty() || v.cursor < v.rows.len(), "cursor {} of {}", v.cursor, v.rows.len());
                prop_assert!(v.scroll <= v.cursor.max(v.scroll.min(v.rows.len())));
            }
            if term.size().map(|s| (s.width, s.height)).ok() != Some((app.width, app.height)) {
                term = Terminal::new(TestBackend::new(app.width.max(1), app.height.max(1))).unwrap();
            }
            term.draw(|f| f.render_widget(&app, f.area())).unwrap();
        }
    }
}
