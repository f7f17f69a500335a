//! Every binding of the desk, with no terminal and no database: key -> action -> state -> effects.

use std::sync::Arc;

use chrono::NaiveDate;
use overturn::domain::decision::Decision;
use overturn::domain::money::Cents;
use overturn::domain::vocab::{Path, PlanType, RootCause, Team};
use overturn::domain::workflow::{WorkKind, WorkState};
use overturn::store::page::{Anchor, SortKey};
use overturn::store::queue::{QueueRow, QueueSort, QueueTotal};
use overturn::tui::action::Action;
use overturn::tui::app::{App, Status, Tab, UndoEntry};
use overturn::tui::dialog::{Field, Kind};
use overturn::tui::effect::Effect;
use overturn::tui::keymap::{BINDINGS, action_for};
use overturn::tui::theme::Theme;
use overturn::tui::update::update;
use overturn::tui::view_state::{Merge, Move};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[path = "desk_keys/appeals.rs"]
mod appeals;
#[path = "desk_keys/editing.rs"]
mod editing;
#[path = "desk_keys/rca.rs"]
mod rca;

fn today() -> NaiveDate {
    "2026-11-23".parse().unwrap()
}

fn row(id: i64, kind: &str, appealable: bool) -> QueueRow {
    QueueRow {
        version: 0,
        id,
        kind: WorkKind::parse(kind).unwrap(),
        state: WorkState::Open,
        priority: 10_000 - id,
        urgency: 1000,
        recoverability: 500,
        amount: Cents(10_000 + id),
        opened_on: Some("2026-11-01".parse().unwrap()),
        patient_last: format!("PATIENT{id}"),
        patient_first: "TEST".into(),
        payer: "AETNA".into(),
        pcn: format!("PCN{id}"),
        payer_claim_no: Some(format!("AE{id}")),
        service_date: Some("2026-10-01".parse().unwrap()),
        procedure: Some("99213".into()),
        reason_code: if appealable { "CO-50".into() } else { "CO-29".into() },
        carc: Some(if appealable { "50".into() } else { "29".into() }),
        rarcs: String::new(),
        category: RootCause::MedicalNecessity,
        team: Team::ClinicalDocs,
        due_date: Some("2027-01-10".parse().unwrap()),
        filing_deadline: Some("2026-12-30".parse().unwrap()),
        appeal_deadline: Some("2027-01-10".parse().unwrap()),
        filing_last: Some("2026-12-30".parse().unwrap()),
        appeal_last: Some("2027-01-10".parse().unwrap()),
        owner: None,
        suggested_path: Path::Appeal,
        path_reason: "x".into(),
        appealable,
        plan_type: if appealable { PlanType::Commercial } else { PlanType::Medicare },
        due_rank: "2027-01-10".into(),
        close_reason: None,
        close_note: None,
        closed_on: None,
        recovered: Cents::ZERO,
        repeat_count: 0,
        decided_on: None,
        member_id: Some(format!("W{id}")),
        appeal: None,
    }
}

/// The denials tab with `n` loaded rows (a complete queue unless said otherwise), 80x24.
fn app(n: i64) -> App {
    let mut a = App::new(today(), Arc::new(overturn::tables::builtin()), Theme { color: false }, "t.db".into(), false);
    let total = QueueTotal { count: n as u64, amount: Cents(n * 10_000) };
    a.totals = [
        QueueTotal { count: 2, amount: Cents(500) },
        total,
        QueueTotal::default(),
        QueueTotal::default(),
        QueueTotal::default(),
        QueueTotal::default(),
    ];
    let v = &mut a.views[Tab::Denials.index()];
    v.rows = (1..=n).map(|i| row(i, "denial", i % 5 != 0)).collect();
    v.loaded = true;
    v.at_start = true;
    v.at_end = true;
    v.total = total;
    a
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

thread_local! {
    /// Indexes into BINDINGS of every binding a key press resolved through.
    static USED: std::cell::RefCell<std::collections::HashSet<usize>> = Default::default();
}

/// Presses a key: the action it resolved to and the effects of that action.
fn press(app: &mut App, k: KeyEvent) -> (Action, Vec<Effect>) {
    let scope = overturn::tui::keymap::scope(app);
    if let Some(i) = BINDINGS.iter().position(|b| b.scopes.contains(&scope) && b.matches(&k)) {
        USED.with(|u| u.borrow_mut().insert(i));
    }
    let a = action_for(app, &k).unwrap_or_else(|| panic!("{k:?} does nothing"));
    let fx = update(app, a.clone());
    (a, fx)
}

fn denials(app: &App) -> &overturn::tui::view_state::QueueView {
    &app.views[Tab::Denials.index()]
}

fn moving_within_the_window_needs_no_page() {
    let mut a = app(30);
    assert_eq!(press(&mut a, ch('j')), (Action::Move(Move::Down(1)), vec![]));
    assert_eq!(press(&mut a, key(KeyCode::Down)).1, vec![]);
    assert_eq!(denials(&a).cursor, 2);
    press(&mut a, ch('k'));
    press(&mut a, key(KeyCode::Up));
    assert_eq!(denials(&a).cursor, 0);
    press(&mut a, key(KeyCode::PageDown));
    assert_eq!(denials(&a).cursor, a.table_height());
    press(&mut a, key(KeyCode::PageUp));
    assert_eq!(denials(&a).cursor, 0);
    press(&mut a, ch('G'));
    assert_eq!(denials(&a).cursor, 29);
    assert!(denials(&a).scroll > 0, "the cursor stays visible");
    press(&mut a, ch('g'));
    assert_eq!((denials(&a).cursor, denials(&a).scroll), (0, 0));
}

fn moving_past_the_window_asks_for_a_page() {
    let mut a = app(10);
    a.views[1].at_end = false;
    a.views[1].at_start = false;
    let last = SortKey::of(QueueSort::Priority, &a.views[1].rows[9]);
    let (_, fx) = press(&mut a, key(KeyCode::PageDown));
    assert!(
        matches!(&fx[..], [Effect::LoadPage { anchor: Anchor::After(k), merge: Merge::Append, limit: 100, .. }] if *k == last)
    );
    // The page arrives: the move completes.
    let more: Vec<QueueRow> = (11..=40).map(|i| row(i, "denial", true)).collect();
    update(
        &mut a,
        Action::PageLoaded {
            tab: Tab::Denials,
            anchor: Anchor::After(last),
            merge: Merge::Append,
            rows: more,
            requested: 100,
        },
    );
    assert_eq!(a.views[1].cursor, a.table_height());
    assert!(a.views[1].at_end, "a short page means the end");
    let (_, fx) = press(&mut a, ch('g'));
    assert!(matches!(&fx[..], [Effect::LoadPage { anchor: Anchor::First, merge: Merge::Replace, .. }]));
    let (_, fx) = press(&mut a, key(KeyCode::End));
    assert_eq!(fx, vec![], "the end is loaded");
    a.views[1].cursor = 0;
    let (_, fx) = press(&mut a, key(KeyCode::Up));
    assert!(matches!(&fx[..], [Effect::LoadPage { anchor: Anchor::Before(_), merge: Merge::Prepend, .. }]));
    a.views[1].at_end = false;
    let (_, fx) = press(&mut a, key(KeyCode::End));
    assert!(matches!(&fx[..], [Effect::LoadPage { anchor: Anchor::Last, merge: Merge::Replace, .. }]));
}

fn tabs_switch_and_load_once() {
    let mut a = app(3);
    let (act, fx) = press(&mut a, key(KeyCode::Tab));
    assert_eq!((act, a.tab), (Action::NextTab, Tab::Appeals));
    assert!(matches!(
        &fx[..],
        [Effect::LoadPage { tab: Tab::Appeals, anchor: Anchor::First, .. }, Effect::Count { tab: Tab::Appeals, .. }]
    ));
    press(&mut a, key(KeyCode::BackTab));
    assert_eq!(a.tab, Tab::Denials);
    press(&mut a, ch('l'));
    press(&mut a, key(KeyCode::Right));
    assert_eq!(a.tab, Tab::Waiting, "l and → move right");
    press(&mut a, ch('h'));
    press(&mut a, key(KeyCode::Left));
    assert_eq!(a.tab, Tab::Denials, "h and ← move left");
    for (c, t) in [
        ('1', Tab::Rejections),
        ('3', Tab::Appeals),
        ('4', Tab::Waiting),
        ('5', Tab::WriteOffs),
        ('6', Tab::Unanswered),
        ('7', Tab::Rca),
        ('2', Tab::Denials),
    ] {
        let (act, _) = press(&mut a, ch(c));
        assert_eq!((act, a.tab), (Action::GoTab(t), t));
    }
    assert_eq!(press(&mut a, ch('2')).1, vec![], "a loaded tab does not reload");
    // Mouse: a click on the tab line picks the tab under it.
    let x = (0..80).find(|x| overturn::tui::view::tabs::tab_at(&a, *x) == Some(Tab::WriteOffs)).unwrap();
    update(&mut a, Action::Click(x, 0));
    assert_eq!(a.tab, Tab::WriteOffs);
}

fn sort_filter_aging_reload_and_escape() {
    let mut a = app(5);
    press(&mut a, ch('j'));
    press(&mut a, ch('j'));
    let (_, fx) = press(&mut a, ch('s'));
    assert_eq!(denials(&a).sort, QueueSort::Amount);
    assert_eq!(a.status, Some(Status::Info("sorted by dollars".into())));
    // The cursor keeps its item: the new order's page starts at it, ranked.
    let Some(Effect::LoadAround { sort: QueueSort::Amount, key: kept, .. }) = fx.first().cloned() else {
        panic!("{fx:?}")
    };
    assert_eq!(kept.id, 3);
    // Its rank and the count wait for the page to be on screen.
    let Some(Effect::Rank { sort: QueueSort::Amount, key: ranked, filter, .. }) = fx.get(1).cloned() else {
        panic!("{fx:?}")
    };
    assert_eq!(ranked, kept);
    assert!(fx[1].can_wait() && !fx[0].can_wait());
    assert!(matches!(fx.get(2), Some(Effect::Count { .. })));
    let rows: Vec<QueueRow> = [7, 3, 2, 1].iter().map(|i| row(*i, "denial", true)).collect();
    update(&mut a, Action::PageAround { tab: Tab::Denials, id: 3, rows, requested: 100 });
    assert_eq!(a.selected().map(|r| r.id), Some(3));
    assert!(denials(&a).ranking);
    // A rank for another order (the biller pressed s again meanwhile) is not this page's.
    let stale =
        Action::Ranked { tab: Tab::Denials, sort: QueueSort::Priority, filter: filter.clone(), id: 3, rank: 40 };
    update(&mut a, stale);
    assert!(denials(&a).ranking);
    // Two items come before item 3; the page starts one row above it.
    update(&mut a, Action::Ranked { tab: Tab::Denials, sort: QueueSort::Amount, filter, id: 3, rank: 2 });
    assert_eq!((denials(&a).ranking, denials(&a).first_rank, denials(&a).position()), (false, 1, 3));
    press(&mut a, ch('/'));
    assert_eq!(a.filter_input.as_ref().map(|f| f.text.as_str()), Some(""));
    for c in "payer:aetnaa".chars() {
        assert_eq!(press(&mut a, ch(c)).0, Action::Input(c), "typing goes to the filter, even q or s");
    }
    press(&mut a, key(KeyCode::Backspace));
    let (act, fx) = press(&mut a, key(KeyCode::Enter));
    assert_eq!(act, Action::ApplyFilter);
    assert_eq!(denials(&a).filter.to_string(), "payer:aetna");
    assert!(
        matches!(&fx[..], [Effect::LoadAround { filter, .. }, Effect::Rank { .. }, Effect::Count { .. }] if filter.payer.as_deref() == Some("aetna"))
    );
    // A bad filter stays open and says why.
    press(&mut a, ch('/'));
    press(&mut a, ch('x'));
    press(&mut a, ch(':'));
    press(&mut a, key(KeyCode::Enter));
    assert!(matches!(&a.status, Some(Status::Error(e)) if e.starts_with("filter: 'x:'")));
    assert!(a.filter_input.is_some());
    press(&mut a, key(KeyCode::Esc));
    assert!(a.filter_input.is_none(), "Esc cancels the edit");
    let (act, fx) = press(&mut a, key(KeyCode::Esc));
    assert_eq!(act, Action::ClearFilter);
    assert!(denials(&a).filter.is_empty());
    assert!(
        matches!(&fx[..], [Effect::LoadAround { .. }, Effect::Rank { .. }, Effect::Count { .. }]),
        "cleared filter reloads around the item: {fx:?}"
    );
    let (_, fx) = press(&mut a, ch('A'));
    assert!(matches!(&fx[..], [Effect::LoadAging { tab: Tab::Denials, .. }]));
    // q inside the aging view goes back to the queue; it does not quit.
    a.aging = Some(Default::default());
    assert_eq!(press(&mut a, ch('q')).0, Action::CloseInner);
    assert!(a.aging.is_none() && !a.quit);
    let (_, fx) = press(&mut a, ch('r'));
    assert!(matches!(&fx[..], [Effect::LoadTotals, Effect::LoadPage { .. }, Effect::Count { .. }]));
}

fn detail_help_and_quit() {
    let mut a = app(3);
    let (act, fx) = press(&mut a, key(KeyCode::Enter));
    assert_eq!((act, fx), (Action::OpenDetail, vec![Effect::LoadDetail(1)]));
    assert!(a.detail_open);
    let (_, fx) = press(&mut a, ch('j'));
    assert_eq!(fx, vec![Effect::LoadDetail(2)], "the detail follows the cursor");
    assert_eq!(
        press(&mut a, key(KeyCode::PageDown)).0,
        Action::ScrollDetail(19),
        "in the detail, PgDn scrolls its text"
    );
    press(&mut a, key(KeyCode::PageUp));
    press(&mut a, key(KeyCode::PageUp));
    assert_eq!(a.detail_scroll, 0);
    // ] and [ page a long claim's lines (tests/huge_claim.rs); with no detail loaded they say why.
    assert_eq!(press(&mut a, ch(']')).0, Action::Refused("no detail is open".into()));
    assert_eq!(press(&mut a, ch('[')).0, Action::Refused("no detail is open".into()));
    assert_eq!(press(&mut a, key(KeyCode::Esc)).0, Action::CloseOverlay);
    assert!(!a.detail_open);
    press(&mut a, ch('?'));
    assert!(a.help_open);
    // The help scrolls at 80x24 (it is longer than the screen).
    press(&mut a, ch('j'));
    press(&mut a, key(KeyCode::Down));
    press(&mut a, key(KeyCode::PageDown));
    press(&mut a, key(KeyCode::PageUp));
    press(&mut a, ch('k'));
    assert_eq!(a.help_scroll, 1);
    press(&mut a, key(KeyCode::Up));
    assert_eq!(press(&mut a, ch('q')).0, Action::ToggleHelp, "q closes the help, it does not quit");
    assert!(!a.help_open);
    press(&mut a, ch('q'));
    assert!(a.quit);
    let mut b = app(1);
    assert_eq!(action_for(&b, &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
    b.locked = true;
    assert_eq!(action_for(&b, &ch('f')), Some(Action::Unlock), "any key unlocks; none acts");
}

fn decisions_open_dialogs_or_say_why_not() {
    let mut a = app(6);
    press(&mut a, ch('f'));
    let d = a.dialog.clone().unwrap();
    assert!(
        matches!(&d.kind, Kind::Fix { resubmit, .. } if resubmit == "send a corrected claim: frequency code 7 with payer claim number AE1")
    );
    a.dialog = None;
    press(&mut a, ch('a'));
    assert!(matches!(&a.dialog.as_ref().unwrap().kind, Kind::Appeal { level, deadline, refused: None }
            if deadline == "2027-01-10 (48 days left)" && level == "level 1: First-level appeal"));
    a.dialog = None;
    press(&mut a, ch('c'));
    assert!(matches!(&a.dialog.as_ref().unwrap().kind, Kind::Close { reasons, .. } if reasons.len() == 7));
    a.dialog = None;
    // The owner dialog opens on the owners on file, with the item's own selected.
    let (_, fx) = press(&mut a, ch('o'));
    assert_eq!(fx, vec![Effect::LoadOwners]);
    a.views[1].rows[0].owner = Some("DANA".into());
    update(&mut a, Action::OwnersLoaded(vec!["dana".into(), "lee".into()]));
    let d = a.dialog.as_ref().unwrap();
    assert_eq!((&d.kind, d.cursor), (&Kind::Owner { known: vec!["dana".into(), "lee".into()] }, 0));
    a.dialog = None;
    press(&mut a, ch('n'));
    assert_eq!(a.dialog.as_ref().map(|d| &d.kind), Some(&Kind::Note));
    a.dialog = None;
    // Row 5 is CO-29 on Medicare.
    a.views[1].cursor = 4;
    let (act, fx) = press(&mut a, ch('a'));
    let why = "appeal unavailable: CO-29 Filing time limit expired is not appealable on medicare";
    assert_eq!((act, fx), (Action::Refused(why.into()), vec![]));
    assert_eq!(a.status, Some(Status::Error(why.into())));
    assert!(a.dialog.is_none());
    let (act, _) = press(&mut a, ch('u'));
    assert_eq!(act, Action::Refused("undo unavailable: no decision made in this session".into()));
}

fn marks_gather_a_batch() {
    let mut a = app(6);
    press(&mut a, ch(' '));
    press(&mut a, ch(' '));
    assert_eq!(denials(&a).marks.len(), 2);
    assert_eq!(denials(&a).cursor, 2, "marking moves on");
    press(&mut a, ch('c'));
    let d = a.dialog.as_ref().unwrap();
    assert_eq!(d.scope(), "2 items, $200.03");
    assert_eq!(d.ids, vec![1, 2]);
    a.dialog = None;
    press(&mut a, key(KeyCode::Esc));
    assert!(denials(&a).marks.is_empty(), "Esc clears the marks");
    // A batch including a non-appealable item is refused before any dialog.
    a.views[1].cursor = 3;
    press(&mut a, ch(' '));
    press(&mut a, ch(' '));
    let (act, _) = press(&mut a, ch('a'));
    assert!(matches!(act, Action::Refused(w) if w.ends_with("(marked item PCN5)")));
}

fn dialogs_edit_and_confirm() {
    let mut a = app(3);
    press(&mut a, ch('f'));
    assert_eq!(press(&mut a, key(KeyCode::Enter)).1, vec![]);
    assert_eq!(a.dialog.as_ref().unwrap().problem.as_deref(), Some("tick at least one corrected field (Space)"));
    press(&mut a, key(KeyCode::Down));
    press(&mut a, ch('j'));
    press(&mut a, key(KeyCode::Up));
    assert_eq!(press(&mut a, ch(' ')).0, Action::DialogToggle);
    press(&mut a, key(KeyCode::Tab));
    assert_eq!(a.dialog.as_ref().unwrap().field, Field::Input(0));
    for c in "card j".chars() {
        assert_eq!(press(&mut a, ch(c)).0, Action::Input(c), "j types in the note");
    }
    press(&mut a, key(KeyCode::Backspace));
    press(&mut a, key(KeyCode::Backspace));
    let (_, fx) = press(&mut a, key(KeyCode::Enter));
    let want = Decision::Fix { fields: vec!["demographics".into()], note: "card".into(), force: String::new() };
    // The decision carries the version the row was shown at (a change since refuses it).
    let seen = vec![overturn::store::decisions::Seen { id: 1, version: 0 }];
    assert_eq!(fx, vec![Effect::Decide { ids: vec![1], seen, decision: want, summary: "fix 1 item, $100.01".into() }]);
    press(&mut a, key(KeyCode::Esc));
    assert!(a.dialog.is_none());
    // Close: ↓ to a reason; a reason that needs a note refuses without one.
    press(&mut a, ch('c'));
    assert!(matches!(press(&mut a, ch(' ')).0, Action::Refused(_)), "nothing to tick in a close");
    for _ in 0..6 {
        press(&mut a, key(KeyCode::Down));
    }
    press(&mut a, key(KeyCode::Enter));
    assert_eq!(
        a.dialog.as_ref().unwrap().problem.as_deref(),
        Some("'Other (explain in the note)' needs a note (Tab to the note)")
    );
}

fn results_come_back_as_actions() {
    let mut a = app(3);
    a.views[0].loaded = false;
    let applied = vec![];
    let fx = update(&mut a, Action::Decided { summary: "close 1 item, $100.01".into(), applied });
    assert_eq!(a.status, Some(Status::Info("close 1 item, $100.01 — done (u undoes)".into())));
    assert_eq!(a.undo.len(), 1);
    assert!(matches!(
        &fx[..],
        [
            Effect::LoadTotals,
            Effect::LoadPage { anchor: Anchor::First, merge: Merge::Replace, .. },
            Effect::Count { .. }
        ]
    ));
    assert!(a.views.iter().enumerate().all(|(i, v)| i == 1 || !v.loaded), "other tabs reload when shown");
    press(&mut a, ch('u'));
    assert!(matches!(&a.dialog.as_ref().unwrap().kind, Kind::Undo { summary } if summary == "close 1 item, $100.01"));
    let (_, fx) = press(&mut a, key(KeyCode::Enter));
    assert!(matches!(&fx[..], [Effect::Undo { summary, .. }] if summary == "close 1 item, $100.01"));
    update(&mut a, Action::Failed("database is locked".into()));
    assert_eq!(
        a.dialog.as_ref().unwrap().problem.as_deref(),
        Some("database is locked"),
        "a failed write keeps the dialog"
    );
    assert_eq!(a.status, Some(Status::Error("database is locked".into())));
    update(&mut a, Action::Undone { summary: "close 1 item, $100.01".into() });
    assert_eq!(update(&mut a, Action::PrioritiesRefreshed(Ok(0))), vec![], "nothing moved: nothing to reload");
    let fx = update(&mut a, Action::PrioritiesRefreshed(Ok(12)));
    assert!(matches!(
        &fx[..],
        [Effect::LoadTotals, Effect::LoadPage { anchor: Anchor::First, .. }, Effect::Count { .. }]
    ));
    assert_eq!(a.status, Some(Status::Info("priorities updated for 2026-11-23: 12 items changed urgency".into())));
    assert!(a.undo.is_empty() && a.dialog.is_none());
    let _ = UndoEntry { summary: String::new(), applied: vec![] };
}

fn the_welcome_screen_offers_the_demo() {
    let mut a = app(0);
    a.totals = Default::default();
    assert_eq!(press(&mut a, ch('D')), (Action::LoadDemo, vec![Effect::OpenDemo]));
    assert_eq!(action_for(&a, &ch('f')), None, "decisions need work to decide on");
}

/// Runs every scenario on one thread, then checks that each binding in the table was
/// pressed at least once: a new binding without a case fails here.
#[test]
fn every_binding_key_flow() {
    moving_within_the_window_needs_no_page();
    moving_past_the_window_asks_for_a_page();
    tabs_switch_and_load_once();
    sort_filter_aging_reload_and_escape();
    detail_help_and_quit();
    decisions_open_dialogs_or_say_why_not();
    marks_gather_a_batch();
    dialogs_edit_and_confirm();
    results_come_back_as_actions();
    the_welcome_screen_offers_the_demo();
    appeals::packet_and_submission();
    appeals::outcome_follow_up_and_next_level();
    appeals::the_letter_editor();
    appeals::paper_from_the_desk();
    appeals::write_offs_tab();
    appeals::small_write_offs_in_bulk();
    rca::the_weekly_review();
    editing::text_fields_edit_like_a_shell();
    editing::copy_puts_an_identifier_on_the_clipboard();
    editing::the_mouse_acts_on_what_is_on_top();
    editing::the_desk_follows_midnight();
    let used = USED.with(|u| u.borrow().clone());
    let missing: Vec<String> = BINDINGS
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, b)| format!("{} ({})", b.label, b.help))
        .collect();
    assert!(missing.is_empty(), "bindings never pressed: {missing:?}");
}

#[test]
fn after_a_decision_the_cursor_keeps_its_place() {
    let mut a = app(10);
    press(&mut a, ch('j'));
    press(&mut a, ch('j'));
    let fx = update(&mut a, Action::Decided { summary: "note 1 item, $100.03".into(), applied: vec![] });
    let Some(Effect::LoadPage { anchor, merge: Merge::Replace, .. }) = fx.get(1).cloned() else { panic!("{fx:?}") };
    assert_eq!(anchor, Anchor::First, "at the top of the queue the top reloads (an item may have moved up)");
    // The item under the cursor left the queue; the next one takes its place.
    let rows: Vec<QueueRow> = (1..=10).filter(|i| *i != 3).map(|i| row(i, "denial", true)).collect();
    update(&mut a, Action::PageLoaded { tab: Tab::Denials, anchor, merge: Merge::Replace, rows, requested: 100 });
    assert_eq!(a.views[1].cursor, 2);
    assert_eq!(a.selected().map(|r| r.id), Some(4));

    // Deep in a queue the window reloads from its first visible row.
    a.views[1].first_rank = 500;
    let fx = update(&mut a, Action::Decided { summary: "note 1 item, $100.04".into(), applied: vec![] });
    let Some(Effect::LoadPage { anchor, .. }) = fx.get(1).cloned() else { panic!("{fx:?}") };
    assert!(matches!(anchor, Anchor::From(_)), "{anchor:?}");
    // Nothing left from there on: the end of the queue shows instead of an empty window.
    let fx = update(
        &mut a,
        Action::PageLoaded { tab: Tab::Denials, anchor, merge: Merge::Replace, rows: vec![], requested: 100 },
    );
    assert!(matches!(&fx[..], [Effect::LoadPage { anchor: Anchor::Last, merge: Merge::Replace, .. }]), "{fx:?}");
}
