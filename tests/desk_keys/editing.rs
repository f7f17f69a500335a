//! Key flows of the text fields (the filter line and the dialogs' inputs): the shell's cursor
//! keys and deletions, and pasted text. Included by `desk_keys.rs` (coverage check).

use super::*;

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn typed(a: &App) -> String {
    a.filter_input.as_ref().map(|f| f.text.clone()).unwrap_or_default()
}

pub(super) fn text_fields_edit_like_a_shell() {
    let mut a = app(3);
    press(&mut a, ch('/'));
    for c in "cat:elig payer:aetna".chars() {
        press(&mut a, ch(c));
    }
    press(&mut a, ctrl('w'));
    assert_eq!(typed(&a), "cat:elig ", "Ctrl-w: the word before the cursor");
    press(&mut a, key(KeyCode::Home));
    press(&mut a, key(KeyCode::Delete));
    press(&mut a, ch('C'));
    assert_eq!(typed(&a), "Cat:elig ", "Home, Delete and typing at the cursor");
    press(&mut a, key(KeyCode::End));
    press(&mut a, key(KeyCode::Left));
    press(&mut a, key(KeyCode::Right));
    press(&mut a, ctrl('a'));
    press(&mut a, ctrl('f'));
    press(&mut a, ctrl('d'));
    press(&mut a, ctrl('e'));
    press(&mut a, ctrl('b'));
    press(&mut a, key(KeyCode::Backspace));
    assert_eq!(typed(&a), "Ct:eli ", "Ctrl-d deleted the 'a' after the cursor, Backspace the 'g' before it");
    press(&mut a, ctrl('u'));
    assert_eq!(typed(&a), " ", "Ctrl-u: everything before the cursor");
    update(&mut a, Action::Paste("owner:dana\ndue:<7".into()));
    assert_eq!(typed(&a), "owner:dana due:<7 ", "a paste is one line");
    press(&mut a, key(KeyCode::Enter));
    assert_eq!(denials(&a).filter.to_string(), "owner:dana due:<7");
    // The same keys work in a dialog's text field.
    press(&mut a, ch('n'));
    for c in "call payer".chars() {
        press(&mut a, ch(c));
    }
    press(&mut a, ctrl('w'));
    let note = a.dialog.as_ref().map(|d| d.value("Note").to_string());
    assert_eq!(note.as_deref(), Some("call"));
}

pub(super) fn copy_puts_an_identifier_on_the_clipboard() {
    let mut a = app(3);
    press(&mut a, ch('y'));
    let Some(Kind::Copy { values }) = a.dialog.as_ref().map(|d| d.kind.clone()) else { panic!("{:?}", a.dialog) };
    assert_eq!(
        values,
        vec![("claim number", "PCN1".to_string()), ("payer claim number", "AE1".into()), ("member id", "W1".into())]
    );
    press(&mut a, key(KeyCode::Down));
    let (_, fx) = press(&mut a, key(KeyCode::Enter));
    assert_eq!(fx, vec![Effect::Copy("AE1".into())], "the terminal loop sends it as OSC 52");
    assert_eq!(a.status, Some(Status::Info("copied the payer claim number AE1 to the clipboard".into())));
    assert!(a.dialog.is_none());
    assert_eq!(overturn::tui::clipboard::osc52("AE1"), "\u{1b}]52;c;QUUx\u{7}");
}

pub(super) fn the_mouse_acts_on_what_is_on_top() {
    use overturn::tui::translate;
    use ratatui::crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
    let mouse = |kind| Event::Mouse(MouseEvent { kind, column: 10, row: 4, modifiers: KeyModifiers::NONE });
    let mut a = app(5);
    assert_eq!(translate(&a, mouse(MouseEventKind::ScrollDown)), Some(Action::Scroll(1)));
    assert_eq!(translate(&a, mouse(MouseEventKind::Down(MouseButton::Left))), Some(Action::Click(10, 4)));
    a.help_open = true;
    assert_eq!(translate(&a, mouse(MouseEventKind::ScrollDown)), Some(Action::ScrollHelp(3)));
    assert_eq!(translate(&a, mouse(MouseEventKind::Down(MouseButton::Left))), None, "not through the help");
    a.help_open = false;
    a.detail_open = true;
    assert_eq!(translate(&a, mouse(MouseEventKind::ScrollUp)), Some(Action::ScrollDetail(-3)));
    a.detail_open = false;
    a.locked = true;
    assert_eq!(translate(&a, mouse(MouseEventKind::ScrollDown)), None, "the lock hides and ignores the table");
}

pub(super) fn the_desk_follows_midnight() {
    let mut a = app(3);
    let next: NaiveDate = "2026-11-24".parse().unwrap();
    let fx = update(&mut a, Action::NewDay(next));
    assert_eq!(a.today, next);
    assert!(matches!(&fx[..], [Effect::LoadTotals, Effect::LoadPage { .. }, Effect::Count { .. }]), "{fx:?}");
}
