//! Snapshots of every screen of the desk at 80x24 and 120x35, on a ledger built from the
//! fixtures, with a fixed today and clock.

mod common;

use std::sync::Arc;

use overturn::tui::action::Action;
use overturn::tui::app::{App, Tab};
use overturn::tui::io::DeskIo;
use overturn::tui::theme::Theme;
use overturn::tui::{dispatch, start};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 35)];

/// A desk on a fixtures ledger (or an empty one), sized `w` x `h`.
fn desk(w: u16, h: u16, empty: bool) -> (tempfile::TempDir, App, DeskIo) {
    let (g, mut store) = common::ledger();
    if !empty {
        for f in ["remits-a.835", "remits-b.835", "acks-a.277", "denials.csv"] {
            assert!(common::import(&mut store, &common::fixture(f)).error.is_none());
        }
    }
    let tables = Arc::new(overturn::tables::builtin());
    let mut io =
        DeskIo::new(store, tables.clone(), "dana".into(), common::today(), None).with_fixed_now("2026-11-23T16:05:00Z");
    let mut app = App::new(common::today(), tables, Theme { color: false }, "overturn.db".into(), false);
    dispatch(&mut app, &mut io, Action::Resize(w, h));
    start(&mut app, &mut io);
    (g, app, io)
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    format!("{}", t.backend())
}

fn keys(app: &mut App, io: &mut DeskIo, actions: &[Action]) {
    for a in actions {
        dispatch(app, io, a.clone());
    }
}

macro_rules! shots {
    ($name:ident, $empty:expr, $actions:expr) => {
        #[test]
        fn $name() {
            for (w, h) in SIZES {
                let (_g, mut app, mut io) = desk(w, h, $empty);
                keys(&mut app, &mut io, &$actions);
                insta::assert_snapshot!(format!("{}_{w}x{h}", stringify!($name)), screen(&app));
            }
        }
    };
}

shots!(welcome, true, []);
shots!(rejections, false, []);
shots!(denials, false, [Action::GoTab(Tab::Denials)]);
shots!(detail, false, [Action::GoTab(Tab::Denials), Action::OpenDetail]);
shots!(help, false, [Action::GoTab(Tab::Denials), Action::ToggleHelp]);
shots!(rca, false, [Action::GoTab(Tab::Rca)]);
shots!(aging, false, [Action::GoTab(Tab::Denials), Action::ToggleAging]);
shots!(
    filter_line,
    false,
    [
        Action::GoTab(Tab::Denials),
        Action::OpenFilter,
        Action::Input('c'),
        Action::Input('a'),
        Action::Input('t'),
        Action::Input(':')
    ]
);
shots!(
    filtered,
    false,
    [
        Action::GoTab(Tab::Denials),
        Action::OpenFilter,
        Action::Input('p'),
        Action::Input('a'),
        Action::Input('y'),
        Action::Input('e'),
        Action::Input('r'),
        Action::Input(':'),
        Action::Input('a'),
        Action::Input('e'),
        Action::Input('t'),
        Action::ApplyFilter
    ]
);
shots!(fix_dialog, false, [Action::GoTab(Tab::Denials), Action::StartFix, Action::DialogDown, Action::DialogToggle]);
shots!(
    appeal_dialog,
    false,
    [Action::GoTab(Tab::Denials), Action::Move(overturn::tui::view_state::Move::Down(2)), Action::StartAppeal]
);
shots!(close_dialog, false, [Action::GoTab(Tab::Denials), Action::ToggleMark, Action::ToggleMark, Action::StartClose]);
shots!(
    owner_dialog,
    false,
    [Action::GoTab(Tab::Denials), Action::StartOwner, Action::Input('L'), Action::Input('e'), Action::Input('e')]
);
shots!(note_dialog, false, [Action::GoTab(Tab::Denials), Action::StartNote]);
shots!(
    refused,
    false,
    [
        Action::GoTab(Tab::Denials),
        Action::Move(overturn::tui::view_state::Move::Bottom),
        Action::Refused("appeal unavailable: CO-29 Filing time limit expired is not appealable on medicare".into())
    ]
);
shots!(
    appeals_tab,
    false,
    [
        Action::GoTab(Tab::Denials),
        Action::Move(overturn::tui::view_state::Move::Down(2)),
        Action::StartAppeal,
        Action::Confirm,
        Action::GoTab(Tab::Appeals)
    ]
);
shots!(
    write_offs_tab,
    false,
    [
        Action::GoTab(Tab::Denials),
        Action::StartClose,
        Action::DialogDown,
        Action::Confirm,
        Action::GoTab(Tab::WriteOffs)
    ]
);
shots!(
    undo_dialog,
    false,
    [Action::GoTab(Tab::Denials), Action::StartClose, Action::DialogDown, Action::Confirm, Action::StartUndo]
);
shots!(locked, false, [Action::GoTab(Tab::Denials), Action::Lock]);
shots!(
    detail_with_note,
    false,
    [
        Action::GoTab(Tab::Denials),
        Action::Move(overturn::tui::view_state::Move::Down(1)),
        Action::StartNote,
        Action::Input('c'),
        Action::Input('a'),
        Action::Input('l'),
        Action::Input('l'),
        Action::Input('e'),
        Action::Input('d'),
        Action::Confirm,
        Action::OpenDetail,
        Action::ScrollDetail(30)
    ]
);

#[test]
fn wide_terminals_show_the_detail_beside_the_table() {
    let (_g, mut app, mut io) = desk(170, 40, false);
    keys(&mut app, &mut io, &[Action::GoTab(Tab::Denials)]);
    insta::assert_snapshot!("wide_170x40", screen(&app));
}

#[test]
fn the_lock_hides_every_patient_name() {
    let (_g, mut app, mut io) = desk(120, 35, false);
    let before = screen(&app);
    assert!(before.contains("TESTER"), "patient names show while unlocked");
    keys(&mut app, &mut io, &[Action::Lock]);
    let locked = screen(&app);
    assert!(!locked.contains("TESTER") && !locked.contains("A10"), "{locked}");
    keys(&mut app, &mut io, &[Action::Unlock]);
    assert_eq!(screen(&app), before);
}
