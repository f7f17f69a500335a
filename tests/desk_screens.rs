//! Snapshots of every screen of the desk at 80x24 and 120x35, on a ledger built from the
//! fixtures, with a fixed today and clock.

mod common;

use common::desk::{desk, keys, screen, shots};
use overturn::tui::action::Action;
use overturn::tui::app::Tab;

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

#[test]
fn a_terminal_too_small_says_so() {
    let (_g, mut app, mut io) = common::desk::desk(80, 24, false);
    overturn::tui::dispatch(&mut app, &mut io, Action::Resize(60, 12));
    let shown = common::desk::screen(&app);
    assert!(shown.contains("Terminal too small: 60x12. Overturn needs at least 70x16"), "{shown}");
}

shots!(
    waiting_tab,
    false,
    [Action::GoTab(Tab::Rejections), Action::StartFix, Action::Confirm, Action::GoTab(Tab::Waiting)]
);

/// A re-sort keeps the cursor's item and, once its rank is counted (after the frame), numbers
/// it where the new order puts it.
#[test]
fn a_re_sort_keeps_the_item_and_numbers_it_in_the_new_order() {
    let (_g, mut app, mut io) = desk(120, 35, false);
    keys(&mut app, &mut io, &[Action::GoTab(Tab::Denials), Action::Move(overturn::tui::view_state::Move::Down(2))]);
    let kept = app.selected().map(|r| (r.id, r.amount)).unwrap();
    keys(&mut app, &mut io, &[Action::CycleSort]);
    let v = app.view().unwrap();
    assert_eq!(app.selected().map(|r| r.id), Some(kept.0));
    assert!(!v.ranking, "the rank arrived");
    // Dollars descending, ties by id descending: count the items ahead of it.
    let ahead = common::scalar(
        io.sqlite().unwrap(),
        &format!(
            "SELECT count(*) FROM work_item WHERE queue = 'denials' AND (amount_cents > {0} OR (amount_cents = {0} AND id > {1}))",
            kept.1.0, kept.0
        ),
    );
    assert_eq!(v.position(), ahead as u64 + 1);
    assert!(screen(&app).contains(&format!("{} of {}", ahead + 1, v.total.count)), "{}", screen(&app));
}
