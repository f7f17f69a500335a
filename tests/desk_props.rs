//! Thousands of random key sequences through the real desk (update, effects against a ledger,
//! and drawing at every size down to 1x1): no panic, the cursor always on a row it shows, and
//! every decision the desk reports done has its audit event.

mod common;

use common::desk::input;
use overturn::tui::dispatch;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

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
            let Some(action) = common::desk::action_of(&app, i) else { continue };
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
