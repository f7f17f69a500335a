//! The one binding table. Dispatch, the footer hints and the help overlay all read it, so they
//! cannot disagree; a binding's check says why a key does not apply now.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::app::{App, Focus, Tab};
use super::checks;
use super::text_field::Edit;
use super::view_state::Move;

/// Where a binding applies: the focus, with dialogs split by whether typing goes to text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Lock,
    Letter,
    DialogList,
    DialogText,
    Filter,
    Help,
    Welcome,
    Detail,
    Table,
    Rca,
}

pub fn scope(app: &App) -> Scope {
    scope_of(app, app.focus())
}

/// The scope under the help overlay: the help lists what works there.
pub fn base_scope(app: &App) -> Scope {
    scope_of(app, app.focus_with_help(false))
}

fn scope_of(app: &App, focus: Focus) -> Scope {
    match focus {
        Focus::Lock => Scope::Lock,
        Focus::Letter => Scope::Letter,
        Focus::Dialog if app.dialog.as_ref().is_some_and(|d| d.takes_text()) => Scope::DialogText,
        Focus::Dialog => Scope::DialogList,
        Focus::Filter => Scope::Filter,
        Focus::Help => Scope::Help,
        Focus::Welcome => Scope::Welcome,
        Focus::Detail => Scope::Detail,
        Focus::Table => Scope::Table,
        Focus::Rca => Scope::Rca,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn ch(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::NONE }
}

const fn code(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::NONE }
}

const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
}

pub struct Binding {
    pub keys: &'static [Key],
    /// How the keys are written in the footer and help.
    pub label: &'static str,
    pub help: &'static str,
    /// Short footer hint; `None` keeps the binding out of the footer.
    pub footer: Option<&'static str>,
    /// The tabs whose footer shows it (empty: every tab); elsewhere its check says why not.
    pub tabs: &'static [Tab],
    pub scopes: &'static [Scope],
    pub action: fn(&App) -> Action,
    /// `Err(reason)` when the key does not apply now.
    pub check: fn(&App) -> Result<(), String>,
}

impl Binding {
    pub fn matches(&self, key: &KeyEvent) -> bool {
        // Shifted letters arrive as upper-case chars, sometimes with SHIFT set: ignore SHIFT.
        let mods = key.modifiers - KeyModifiers::SHIFT;
        self.keys.iter().any(|k| k.code == key.code && k.mods == mods)
    }
}

const QUEUE: &[Scope] = &[Scope::Table, Scope::Detail];
const ANY: &[Tab] = &[];
const APPEALS: &[Tab] = &[Tab::Appeals];
const NAV: &[Scope] = &[Scope::Table, Scope::Detail, Scope::Rca];
const BROWSE: &[Scope] = &[Scope::Table, Scope::Detail, Scope::Rca, Scope::Welcome];
const DIALOG: &[Scope] = &[Scope::DialogList, Scope::DialogText];
const TYPING: &[Scope] = &[Scope::Filter, Scope::DialogText];

fn ok(_: &App) -> Result<(), String> {
    Ok(())
}

fn tab(t: Tab) -> Action {
    Action::GoTab(t)
}

#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    Binding { keys: &[ch('D')], label: "D", help: "open the demo ledger", footer: Some("demo"), tabs: ANY, scopes: &[Scope::Welcome], action: |_| Action::LoadDemo, check: ok },
    Binding { keys: &[ch('j'), code(KeyCode::Down)], label: "j/↓", help: "next item", footer: None, tabs: ANY, scopes: QUEUE, action: |_| Action::Move(Move::Down(1)), check: ok },
    Binding { keys: &[ch('k'), code(KeyCode::Up)], label: "k/↑", help: "previous item", footer: None, tabs: ANY, scopes: QUEUE, action: |_| Action::Move(Move::Up(1)), check: ok },
    Binding { keys: &[code(KeyCode::PageDown), ctrl('d')], label: "PgDn", help: "page down", footer: None, tabs: ANY, scopes: &[Scope::Table], action: |_| Action::PageDown, check: ok },
    Binding { keys: &[code(KeyCode::PageUp), ctrl('u')], label: "PgUp", help: "page up", footer: None, tabs: ANY, scopes: &[Scope::Table], action: |_| Action::PageUp, check: ok },
    Binding { keys: &[code(KeyCode::PageDown), ctrl('d')], label: "PgDn", help: "scroll the detail down", footer: None, tabs: ANY, scopes: &[Scope::Detail], action: |a| Action::ScrollDetail(a.table_height() as i16), check: ok },
    Binding { keys: &[code(KeyCode::PageUp), ctrl('u')], label: "PgUp", help: "scroll the detail up", footer: None, tabs: ANY, scopes: &[Scope::Detail], action: |a| Action::ScrollDetail(-(a.table_height() as i16)), check: ok },
    Binding { keys: &[ch(']')], label: "]", help: "next lines of a long claim (the detail shows 200 at a time)", footer: None, tabs: ANY, scopes: &[Scope::Detail], action: |_| Action::DetailLines(1), check: checks::next_lines },
    Binding { keys: &[ch('[')], label: "[", help: "previous lines of a long claim", footer: None, tabs: ANY, scopes: &[Scope::Detail], action: |_| Action::DetailLines(-1), check: checks::previous_lines },
    Binding { keys: &[ch('g'), code(KeyCode::Home)], label: "g/Home", help: "first item", footer: None, tabs: ANY, scopes: QUEUE, action: |_| Action::Move(Move::Top), check: ok },
    Binding { keys: &[ch('G'), code(KeyCode::End)], label: "G/End", help: "last item", footer: None, tabs: ANY, scopes: QUEUE, action: |_| Action::Move(Move::Bottom), check: ok },
    Binding { keys: &[code(KeyCode::Tab), ch('l'), code(KeyCode::Right)], label: "Tab/l/→", help: "next tab", footer: None, tabs: ANY, scopes: QUEUE, action: |_| Action::NextTab, check: ok },
    Binding { keys: &[code(KeyCode::BackTab), ch('h'), code(KeyCode::Left)], label: "S-Tab/h/←", help: "previous tab", footer: None, tabs: ANY, scopes: QUEUE, action: |_| Action::PrevTab, check: ok },
    Binding { keys: &[code(KeyCode::Tab), ch('l'), code(KeyCode::Right)], label: "Tab/l/→", help: "next tab", footer: None, tabs: ANY, scopes: &[Scope::Rca], action: |_| Action::NextTab, check: ok },
    Binding { keys: &[code(KeyCode::BackTab), ch('h'), code(KeyCode::Left)], label: "S-Tab/h/←", help: "previous tab", footer: None, tabs: ANY, scopes: &[Scope::Rca], action: |_| Action::PrevTab, check: ok },
    Binding { keys: &[ch('[')], label: "[", help: "previous week", footer: Some("week"), tabs: ANY, scopes: &[Scope::Rca], action: |_| Action::RcaWeek(-1), check: ok },
    Binding { keys: &[ch(']')], label: "]", help: "next week", footer: None, tabs: ANY, scopes: &[Scope::Rca], action: |_| Action::RcaWeek(1), check: checks::rca_next_week },
    Binding { keys: &[code(KeyCode::Esc)], label: "Esc", help: "back from the KPI screen", footer: None, tabs: ANY, scopes: &[Scope::Rca], action: |_| Action::CloseInner, check: checks::inner_open },
    Binding { keys: &[ch('t')], label: "t", help: "back to the last full week", footer: None, tabs: ANY, scopes: &[Scope::Rca], action: |_| Action::RcaLastWeek, check: ok },
    Binding { keys: &[ch('g')], label: "g", help: "go to a week (type 2026-W47 or a date)", footer: Some("go to"), tabs: ANY, scopes: &[Scope::Rca], action: |_| Action::StartGoToWeek, check: ok },
    Binding { keys: &[ch('G')], label: "G", help: "the latest week with denials or rejections", footer: None, tabs: ANY, scopes: &[Scope::Rca], action: |_| Action::RcaLatest, check: ok },
    Binding { keys: &[ch('j'), code(KeyCode::Down)], label: "j/↓", help: "next cluster", footer: None, tabs: ANY, scopes: &[Scope::Rca], action: |_| Action::RcaSelect(1), check: checks::rca_cluster },
    Binding { keys: &[ch('k'), code(KeyCode::Up)], label: "k/↑", help: "previous cluster", footer: None, tabs: ANY, scopes: &[Scope::Rca], action: |_| Action::RcaSelect(-1), check: checks::rca_cluster },
    Binding { keys: &[code(KeyCode::Enter)], label: "Enter", help: "open the cluster's work items (filtered queue)", footer: Some("items"), tabs: ANY, scopes: &[Scope::Rca], action: |_| Action::OpenCluster, check: checks::rca_cluster },
    Binding { keys: &[ch('s')], label: "s", help: "next slice: payer, procedure, provider, location, CARC, source, work type", footer: Some("slice"), tabs: ANY, scopes: &[Scope::Rca], action: |_| Action::RcaSlice(1), check: checks::rca_clusters_shown },
    Binding { keys: &[ch('P')], label: "P", help: "record a prevention action on the cluster", footer: Some("prevention"), tabs: ANY, scopes: &[Scope::Rca], action: |_| Action::StartPrevention, check: checks::rca_cluster },
    Binding { keys: &[ch('K')], label: "K", help: "KPI screen (13 weeks to the week shown) / back to the clusters", footer: Some("KPIs"), tabs: ANY, scopes: &[Scope::Rca], action: |_| Action::ToggleKpi, check: ok },
    Binding { keys: &[ch('1')], label: "1", help: "Rejections tab", footer: None, tabs: ANY, scopes: NAV, action: |_| tab(Tab::Rejections), check: ok },
    Binding { keys: &[ch('2')], label: "2", help: "Denials tab", footer: None, tabs: ANY, scopes: NAV, action: |_| tab(Tab::Denials), check: ok },
    Binding { keys: &[ch('3')], label: "3", help: "Appeals tab", footer: None, tabs: ANY, scopes: NAV, action: |_| tab(Tab::Appeals), check: ok },
    Binding { keys: &[ch('4')], label: "4", help: "Waiting tab (fixed, waiting for the payer's answer)", footer: None, tabs: ANY, scopes: NAV, action: |_| tab(Tab::Waiting), check: ok },
    Binding { keys: &[ch('5')], label: "5", help: "Write-offs tab", footer: None, tabs: ANY, scopes: NAV, action: |_| tab(Tab::WriteOffs), check: ok },
    Binding { keys: &[ch('6')], label: "6", help: "No answer tab (submitted claims the payer has not answered in time)", footer: None, tabs: ANY, scopes: NAV, action: |_| tab(Tab::Unanswered), check: ok },
    Binding { keys: &[ch('7')], label: "7", help: "RCA tab", footer: None, tabs: ANY, scopes: NAV, action: |_| tab(Tab::Rca), check: ok },
    Binding { keys: &[ch('p')], label: "p", help: "the appeal's packet checklist", footer: Some("packet"), tabs: APPEALS, scopes: QUEUE, action: |_| Action::StartPacket, check: checks::packet },
    Binding { keys: &[ch('L')], label: "L", help: "edit the appeal letter", footer: Some("letter"), tabs: APPEALS, scopes: QUEUE, action: |_| Action::OpenLetter, check: checks::letter },
    Binding { keys: &[ch('x')], label: "x", help: "write the appeal letter as a PDF into the letters folder", footer: Some("PDF"), tabs: APPEALS, scopes: QUEUE, action: |_| Action::WritePdf { packet: false }, check: checks::letter },
    Binding { keys: &[ch('X')], label: "X", help: "write the whole packet as one PDF: cover sheet, letter, enclosures list", footer: None, tabs: APPEALS, scopes: QUEUE, action: |_| Action::WritePdf { packet: true }, check: checks::letter },
    Binding { keys: &[ch('S')], label: "S", help: "submit the appeal (method, confirmation number)", footer: Some("submit"), tabs: APPEALS, scopes: QUEUE, action: |_| Action::StartSubmit, check: checks::submit },
    Binding { keys: &[ch('O')], label: "O", help: "record the payer's decision on the appeal", footer: Some("outcome"), tabs: APPEALS, scopes: QUEUE, action: |_| Action::StartOutcome, check: checks::outcome },
    Binding { keys: &[ch('F')], label: "F", help: "log a follow-up with the payer (an appeal, or a claim it has not answered)", footer: Some("follow-up"), tabs: &[Tab::Appeals, Tab::Unanswered], scopes: QUEUE, action: |_| Action::StartFollowUp, check: checks::follow_up },
    Binding { keys: &[ch('R')], label: "R", help: "reopen a write-off (while its window is open)", footer: Some("reopen"), tabs: &[Tab::WriteOffs], scopes: QUEUE, action: |_| Action::StartReopen, check: checks::reopen },
    Binding { keys: &[ch('T')], label: "T", help: "write-off totals by reason and period", footer: Some("totals"), tabs: &[Tab::WriteOffs], scopes: &[Scope::Table], action: |_| Action::ToggleWriteOffTotals, check: checks::write_off_totals },
    Binding { keys: &[ch('f')], label: "f", help: "fix and resubmit", footer: Some("fix"), tabs: &[Tab::Rejections, Tab::Denials, Tab::Unanswered], scopes: QUEUE, action: |_| Action::StartFix, check: checks::fix },
    Binding { keys: &[ch('a')], label: "a", help: "appeal", footer: Some("appeal"), tabs: &[Tab::Denials, Tab::Appeals], scopes: QUEUE, action: |_| Action::StartAppeal, check: checks::appeal },
    Binding { keys: &[ch('c')], label: "c", help: "close (write off) with a reason", footer: Some("close"), tabs: &[Tab::Rejections, Tab::Denials, Tab::Appeals, Tab::Waiting, Tab::Unanswered], scopes: QUEUE, action: |_| Action::StartClose, check: checks::close },
    Binding { keys: &[ch(' ')], label: "Space", help: "mark the item (decisions apply to all marked)", footer: Some("mark"), tabs: ANY, scopes: &[Scope::Table], action: |_| Action::ToggleMark, check: checks::selected },
    Binding { keys: &[ch('/')], label: "/", help: "filter (payer: carc: cat: owner: cpt: provider: state: due:<7 amt:>500 text)", footer: Some("filter"), tabs: ANY, scopes: &[Scope::Table], action: |_| Action::OpenFilter, check: ok },
    Binding { keys: &[ch('s')], label: "s", help: "sort: priority, dollars, due date, age, payer", footer: Some("sort"), tabs: ANY, scopes: &[Scope::Table], action: |_| Action::CycleSort, check: ok },
    Binding { keys: &[ch('?')], label: "?", help: "this help", footer: Some("help"), tabs: ANY, scopes: BROWSE, action: |_| Action::ToggleHelp, check: ok },
    Binding { keys: &[ch('q')], label: "q", help: "quit (inside a screen such as the KPIs or the aging view: back)", footer: Some("quit"), tabs: ANY, scopes: &[Scope::Table, Scope::Rca, Scope::Welcome], action: |a| if a.inner_open() { Action::CloseInner } else { Action::Quit }, check: ok },
    Binding { keys: &[code(KeyCode::Enter)], label: "Enter", help: "open the item's detail", footer: Some("detail"), tabs: ANY, scopes: &[Scope::Table], action: |_| Action::OpenDetail, check: checks::selected },
    Binding { keys: &[ch('o')], label: "o", help: "assign an owner", footer: Some("owner"), tabs: ANY, scopes: QUEUE, action: |_| Action::StartOwner, check: checks::decidable },
    Binding { keys: &[ch('y')], label: "y", help: "copy the claim number, payer claim number or member id to the clipboard", footer: Some("copy"), tabs: ANY, scopes: QUEUE, action: |_| Action::StartCopy, check: checks::selected },
    Binding { keys: &[ch('n')], label: "n", help: "add a note", footer: Some("note"), tabs: ANY, scopes: QUEUE, action: |_| Action::StartNote, check: checks::decidable },
    Binding { keys: &[ch('u')], label: "u", help: "undo the last decision of this session", footer: Some("undo"), tabs: ANY, scopes: QUEUE, action: |_| Action::StartUndo, check: checks::undo },
    Binding { keys: &[ch('W')], label: "W", help: "approve write-offs of open items under the threshold in this view", footer: Some("small w/o"), tabs: &[Tab::Rejections, Tab::Denials], scopes: &[Scope::Table], action: |_| Action::StartBulkWriteOff, check: checks::bulk_write_off },
    Binding { keys: &[ch('A')], label: "A", help: "aging buckets (0-30, 31-60, 61-90, 90+ days)", footer: None, tabs: ANY, scopes: &[Scope::Table], action: |_| Action::ToggleAging, check: ok },
    Binding { keys: &[ch('r')], label: "r", help: "reload from the ledger", footer: None, tabs: ANY, scopes: BROWSE, action: |_| Action::Refresh, check: ok },
    Binding { keys: &[code(KeyCode::Esc)], label: "Esc", help: "clear the filter, marks or aging view", footer: None, tabs: ANY, scopes: &[Scope::Table], action: |_| Action::ClearFilter, check: ok },
    Binding { keys: &[code(KeyCode::Esc), code(KeyCode::Enter), ch('q')], label: "Esc", help: "back to the queue", footer: Some("back"), tabs: ANY, scopes: &[Scope::Detail], action: |_| Action::CloseOverlay, check: ok },
    Binding { keys: &[code(KeyCode::Enter)], label: "Enter", help: "apply the filter", footer: Some("apply"), tabs: ANY, scopes: &[Scope::Filter], action: |_| Action::ApplyFilter, check: ok },
    Binding { keys: &[code(KeyCode::Esc)], label: "Esc", help: "cancel", footer: Some("cancel"), tabs: ANY, scopes: &[Scope::Filter], action: |_| Action::CancelFilter, check: ok },
    Binding { keys: &[code(KeyCode::Backspace)], label: "Bksp", help: "delete a character", footer: None, tabs: ANY, scopes: TYPING, action: |_| Action::Backspace, check: ok },
    Binding { keys: &[code(KeyCode::Delete), ctrl('d')], label: "Del", help: "delete the character under the cursor", footer: None, tabs: ANY, scopes: TYPING, action: |_| Action::Edit(Edit::Delete), check: ok },
    Binding { keys: &[code(KeyCode::Left), ctrl('b')], label: "←", help: "cursor left", footer: None, tabs: ANY, scopes: TYPING, action: |_| Action::Edit(Edit::Left), check: ok },
    Binding { keys: &[code(KeyCode::Right), ctrl('f')], label: "→", help: "cursor right", footer: None, tabs: ANY, scopes: TYPING, action: |_| Action::Edit(Edit::Right), check: ok },
    Binding { keys: &[code(KeyCode::Home), ctrl('a')], label: "Home", help: "to the start of the text", footer: None, tabs: ANY, scopes: TYPING, action: |_| Action::Edit(Edit::Home), check: ok },
    Binding { keys: &[code(KeyCode::End), ctrl('e')], label: "End", help: "to the end of the text", footer: None, tabs: ANY, scopes: TYPING, action: |_| Action::Edit(Edit::End), check: ok },
    Binding { keys: &[ctrl('w')], label: "C-w", help: "delete the word before the cursor", footer: None, tabs: ANY, scopes: TYPING, action: |_| Action::Edit(Edit::WordBack), check: ok },
    Binding { keys: &[ctrl('u')], label: "C-u", help: "delete everything before the cursor", footer: None, tabs: ANY, scopes: TYPING, action: |_| Action::Edit(Edit::ToStart), check: ok },
    Binding { keys: &[code(KeyCode::Up), ch('k')], label: "↑", help: "previous choice", footer: None, tabs: ANY, scopes: &[Scope::DialogList], action: |_| Action::DialogUp, check: ok },
    Binding { keys: &[code(KeyCode::Down), ch('j')], label: "↓", help: "next choice", footer: None, tabs: ANY, scopes: &[Scope::DialogList], action: |_| Action::DialogDown, check: ok },
    Binding { keys: &[ch(' ')], label: "Space", help: "tick / untick", footer: Some("tick"), tabs: ANY, scopes: &[Scope::DialogList], action: |_| Action::DialogToggle, check: checks::dialog_ticks },
    Binding { keys: &[code(KeyCode::Tab)], label: "Tab", help: "next field of the dialog", footer: Some("next field"), tabs: ANY, scopes: DIALOG, action: |_| Action::DialogSwitchField, check: checks::dialog_fields },
    Binding { keys: &[code(KeyCode::Enter)], label: "Enter", help: "confirm", footer: Some("confirm"), tabs: ANY, scopes: DIALOG, action: |_| Action::Confirm, check: ok },
    Binding { keys: &[code(KeyCode::Esc)], label: "Esc", help: "cancel", footer: Some("cancel"), tabs: ANY, scopes: DIALOG, action: |_| Action::CloseOverlay, check: ok },
    Binding { keys: &[ctrl('s')], label: "C-s", help: "save the letter with the appeal", footer: Some("save"), tabs: ANY, scopes: &[Scope::Letter], action: |_| Action::SaveLetter, check: ok },
    Binding { keys: &[ctrl('r')], label: "C-r", help: "start over from the template", footer: Some("from template"), tabs: ANY, scopes: &[Scope::Letter], action: |_| Action::ResetLetter, check: ok },
    Binding { keys: &[code(KeyCode::Esc)], label: "Esc", help: "close the letter (asks before discarding changes)", footer: Some("close"), tabs: ANY, scopes: &[Scope::Letter], action: |_| Action::CloseLetter, check: ok },
    Binding { keys: &[ch('?'), code(KeyCode::Esc), ch('q')], label: "Esc", help: "close the help", footer: Some("close"), tabs: ANY, scopes: &[Scope::Help], action: |_| Action::ToggleHelp, check: ok },
    Binding { keys: &[ch('j'), code(KeyCode::Down)], label: "j/↓", help: "scroll the help down", footer: Some("scroll"), tabs: ANY, scopes: &[Scope::Help], action: |_| Action::ScrollHelp(1), check: ok },
    Binding { keys: &[ch('k'), code(KeyCode::Up)], label: "k/↑", help: "scroll the help up", footer: None, tabs: ANY, scopes: &[Scope::Help], action: |_| Action::ScrollHelp(-1), check: ok },
    Binding { keys: &[code(KeyCode::PageDown), ch(' ')], label: "PgDn", help: "a page of help down", footer: None, tabs: ANY, scopes: &[Scope::Help], action: |a| Action::ScrollHelp(a.height.saturating_sub(6) as i16), check: ok },
    Binding { keys: &[code(KeyCode::PageUp)], label: "PgUp", help: "a page of help up", footer: None, tabs: ANY, scopes: &[Scope::Help], action: |a| Action::ScrollHelp(-(a.height.saturating_sub(6) as i16)), check: ok },
];

/// The action for a key press in the current state, if any.
pub fn action_for(app: &App, key: &KeyEvent) -> Option<Action> {
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return Some(Action::Quit);
    }
    let scope = scope(app);
    if scope == Scope::Lock {
        return Some(Action::Unlock);
    }
    if let Some(b) = BINDINGS.iter().find(|b| b.scopes.contains(&scope) && b.matches(key)) {
        return Some(match (b.check)(app) {
            Ok(()) => (b.action)(app),
            Err(why) => Action::Refused(why),
        });
    }
    if scope == Scope::Letter {
        return Some(Action::LetterKey(*key));
    }
    let typing = matches!(scope, Scope::Filter | Scope::DialogText);
    match key.code {
        KeyCode::Char(c) if typing && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
            Some(Action::Input(c))
        }
        _ => None,
    }
}

/// The bindings that apply in the current scope, for the footer and the help overlay.
pub fn in_scope(app: &App) -> impl Iterator<Item = &'static Binding> {
    let s = scope(app);
    BINDINGS.iter().filter(move |b| b.scopes.contains(&s))
}
