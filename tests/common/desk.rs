//! A desk on a ledger built from the fixtures, with a fixed today and clock, drawn on a
//! test backend.

use std::sync::Arc;

use overturn::letters::Templates;
use overturn::tui::action::Action;
use overturn::tui::app::App;
use overturn::tui::io::DeskIo;
use overturn::tui::theme::Theme;
use overturn::tui::{dispatch, start};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

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
