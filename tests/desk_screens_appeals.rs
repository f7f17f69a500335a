//! Snapshots of the Appeals and Write-offs tabs, their dialogs and the letter editor, after
//! real decisions on the fixtures ledger.

mod common;

use common::desk::shots;
use overturn::tui::action::Action;
use overturn::tui::app::Tab;
use overturn::tui::view_state::Move;

/// Appeals the third denial (A102, eligibility) and opens the Appeals tab.
fn appealed() -> Vec<Action> {
    vec![
        Action::GoTab(Tab::Denials),
        Action::Move(Move::Down(2)),
        Action::StartAppeal,
        Action::Confirm,
        Action::GoTab(Tab::Appeals),
    ]
}

/// Appealed, every packet item ticked, submitted by portal with a confirmation number.
fn submitted() -> Vec<Action> {
    let mut a = appealed();
    a.push(Action::StartPacket);
    a.extend(std::iter::repeat_n(Action::DialogToggle, 5));
    a.extend([Action::Confirm, Action::StartSubmit, Action::DialogSwitchField]);
    a.extend("PX-4471".chars().map(Action::Input));
    a.push(Action::Confirm);
    a
}

fn with(mut base: Vec<Action>, more: &[Action]) -> Vec<Action> {
    base.extend_from_slice(more);
    base
}

shots!(appeals_submitted, false, submitted());
shots!(packet_dialog, false, with(appealed(), &[Action::StartPacket, Action::DialogToggle, Action::DialogToggle]));
shots!(submit_dialog_with_missing_items, false, with(appealed(), &[Action::StartSubmit]));
shots!(outcome_dialog, false, with(submitted(), &[Action::StartOutcome, Action::DialogDown, Action::DialogDown]));
shots!(appeal_detail, false, with(submitted(), &[Action::OpenDetail, Action::ScrollDetail(12)]));
shots!(letter_editor, false, with(appealed(), &[Action::OpenLetter]));
shots!(
    write_off_totals,
    false,
    [
        Action::GoTab(Tab::Denials),
        Action::StartClose,
        Action::DialogDown,
        Action::Confirm,
        Action::StartClose,
        Action::DialogDown,
        Action::DialogDown,
        Action::Confirm,
        Action::GoTab(Tab::WriteOffs),
        Action::ToggleWriteOffTotals
    ]
);
