//! Enter in a dialog: what the open dialog confirms (a decision, a copy, a week to show, the
//! practice's details, a prevention action, an undo).

use super::action::Action;
use super::app::{App, Status};
use super::dialog::Kind;
use super::effect::Effect;

pub(super) fn confirm(app: &mut App) -> Vec<Effect> {
    let Some(d) = app.dialog.as_mut() else {
        return Vec::new();
    };
    if let Kind::Copy { values } = &d.kind {
        let Some((label, value)) = values.get(d.cursor).cloned() else { return Vec::new() };
        app.dialog = None;
        app.status = Some(Status::Info(format!("copied the {label} {value} to the clipboard")));
        return vec![Effect::Copy(value)];
    }
    if let Kind::GoToWeek = &d.kind {
        return match super::update_rca::typed_week(d.value(super::dialog_kinds::WEEK), app.today) {
            Ok(week) => {
                app.dialog = None;
                super::update_rca::update(app, Action::RcaGoTo(week))
            }
            Err(why) => {
                if let Some(d) = app.dialog.as_mut() {
                    d.problem = Some(why);
                }
                Vec::new()
            }
        };
    }
    if let Kind::Practice { .. } = &d.kind {
        return super::update_paper::confirm_practice(app);
    }
    if let Kind::Prevention { .. } = &d.kind {
        return match super::update_rca::prevention(d) {
            Ok(p) => vec![Effect::RecordPrevention(p)],
            Err(why) => {
                d.problem = Some(why);
                Vec::new()
            }
        };
    }
    if let Kind::Undo { summary } = &d.kind {
        let summary = summary.clone();
        return app.undo.last().map(|u| vec![Effect::Undo { applied: u.applied.clone(), summary }]).unwrap_or_default();
    }
    match d.pending() {
        Ok(p) => vec![Effect::Decide { ids: p.ids, seen: p.seen, decision: p.decision, summary: p.summary }],
        Err(why) => {
            d.problem = Some(why);
            Vec::new()
        }
    }
}
