//! The state machine for appeals, letters and write-offs: dialogs that need the appeal loaded
//! first, the letter editor, the write-off totals and bulk approval.

use super::action::{Action, AppealDialog, Pending};
use super::app::{App, Status};
use super::dialog::Kind;
use super::effect::Effect;
use super::letter::LetterEditor;
use super::update_decide::open;
use crate::domain::appeal::{AppealOutcome, SubmitMethod, missing_required};
use crate::domain::decision::{Decision, can_reopen, work_window};
use crate::domain::payer_rules::resolve_rule;
use crate::domain::remit::PayerIdent;

fn selected_id(app: &App) -> Option<i64> {
    app.selected().map(|r| r.id)
}

fn follow_up_dialog(app: &App) -> Kind {
    let next = app.selected().map(|r| {
        let rule = resolve_rule(&app.tables, &PayerIdent { name: r.payer.clone(), id: None }, None);
        if r.kind == crate::domain::workflow::WorkKind::NoResponse {
            // The store moves it to the filing aim date instead when that comes first.
            let days = rule.followup.portal;
            return format!(
                "{} ({days} days; sooner if the filing deadline comes first)",
                app.today + chrono::Duration::days(i64::from(days))
            );
        }
        let method = r.appeal.as_ref().and_then(|a| a.method).unwrap_or(SubmitMethod::Portal);
        let days = rule.followup.after(method);
        format!("{} ({days} days after a {method} submission)", app.today + chrono::Duration::days(i64::from(days)))
    });
    Kind::FollowUp { next: next.unwrap_or_default() }
}

fn reopen_dialog(app: &App) -> Kind {
    let r = app.selected();
    let reason = r
        .and_then(|r| r.close_reason.as_deref())
        .map(|c| app.tables.writeoff_reasons.iter().find(|x| x.code == c).map_or(c, |x| x.label.as_str()).to_string())
        .unwrap_or_default();
    let window = r
        .and_then(|r| work_window(&super::checks::status(app, r), &app.tables.appeal_levels, app.today))
        .map_or_else(String::new, |(w, how)| match w.last {
            Some(l) if l == w.aim => format!("{l} ({how})"),
            Some(l) => format!("aim {}, last possible {l} ({how})", w.aim),
            None => format!("aim {}, no published last date ({how})", w.aim),
        });
    let refused = r.and_then(|r| {
        let s = super::checks::status(app, r);
        can_reopen(&s, &app.tables.appeal_levels, app.today).err()
    });
    Kind::Reopen { reason, window, refused }
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::StartPacket => selected_id(app)
            .map(|id| vec![Effect::LoadAppeal { id, purpose: AppealDialog::Packet }])
            .unwrap_or_default(),
        Action::StartSubmit => selected_id(app)
            .map(|id| vec![Effect::LoadAppeal { id, purpose: AppealDialog::Submit }])
            .unwrap_or_default(),
        Action::AppealLoaded { purpose, appeal } => {
            let kind = match purpose {
                AppealDialog::Packet => Kind::Packet { entries: appeal.packet.clone() },
                AppealDialog::Submit => Kind::Submit {
                    methods: SubmitMethod::ALL.to_vec(),
                    missing: missing_required(&appeal.packet).iter().map(|e| e.label.clone()).collect(),
                },
            };
            open(app, kind)
        }
        Action::StartFollowUp => {
            let k = follow_up_dialog(app);
            open(app, k)
        }
        Action::StartOutcome => open(app, Kind::Outcome { outcomes: AppealOutcome::ALL.to_vec() }),
        Action::StartReopen => {
            let k = reopen_dialog(app);
            open(app, k)
        }
        Action::StartBulkWriteOff => match app.view() {
            Some(v) => vec![Effect::LoadBulkCandidates { tab: app.tab, filter: v.filter.clone() }],
            None => Vec::new(),
        },
        Action::BulkCandidates(targets) if targets.is_empty() => {
            app.status =
                Some(Status::Info(format!("nothing open under {} in this view to write off", app.write_off_threshold)));
            Vec::new()
        }
        Action::BulkCandidates(targets) => {
            let kind = Kind::BulkWriteOff { threshold: app.write_off_threshold };
            app.dialog = Some(super::dialog::Dialog::new(kind, &targets, app.today));
            Vec::new()
        }
        Action::ToggleWriteOffTotals => match app.writeoff_totals.take() {
            Some(_) => Vec::new(),
            None => {
                app.view().map(|v| vec![Effect::LoadWriteOffTotals { filter: v.filter.clone() }]).unwrap_or_default()
            }
        },
        Action::WriteOffTotalsLoaded(t) => {
            app.writeoff_totals = Some(t);
            Vec::new()
        }
        Action::OpenLetter => {
            selected_id(app).map(|id| vec![Effect::LoadLetter { id, fresh: false }]).unwrap_or_default()
        }
        Action::ResetLetter => {
            let Some(l) = app.letter.as_mut() else { return Vec::new() };
            if l.reset_loses_work() && !l.reset_armed {
                l.reset_armed = true;
                let what = if l.unsaved() { "edited" } else { "the saved one" };
                app.status = Some(Status::Error(format!(
                    "this letter is {what}: Ctrl-R again starts over from the template (nothing is saved until Ctrl-S)"
                )));
                return Vec::new();
            }
            l.reset_armed = false;
            vec![Effect::LoadLetter { id: l.id, fresh: true }]
        }
        Action::LetterLoaded { id, composed, fresh } => {
            match app.letter.as_mut().filter(|l| l.id == id && fresh) {
                Some(l) => {
                    l.replace(&composed.text);
                    app.status = Some(Status::Info("letter started over from the template (Ctrl-S saves)".into()));
                }
                None => {
                    let pcn = app.selected().filter(|r| r.id == id).map_or(String::new(), |r| r.pcn.clone());
                    let level = composed.level.map_or(String::new(), |l| format!(", level {l} appeal"));
                    let title = format!("Letter for claim {pcn}{level}");
                    app.letter = Some(LetterEditor::new(id, title, &composed.text, composed.saved));
                }
            }
            Vec::new()
        }
        Action::LetterKey(k) => {
            if let Some(l) = app.letter.as_mut() {
                l.key(k);
            }
            Vec::new()
        }
        Action::SaveLetter => {
            let Some(l) = app.letter.as_mut() else { return Vec::new() };
            let text = l.text();
            l.saving = Some(text.clone());
            let p = Pending {
                ids: vec![l.id],
                seen: Vec::new(),
                decision: Decision::Letter { text },
                summary: "letter saved".into(),
            };
            vec![Effect::Decide { ids: p.ids, seen: p.seen, decision: p.decision, summary: p.summary }]
        }
        Action::CloseLetter => {
            let Some(l) = app.letter.as_mut() else { return Vec::new() };
            if l.unsaved() && !l.discard_armed {
                l.discard_armed = true;
                app.status = Some(Status::Error("unsaved changes: Ctrl-S saves them, Esc again discards them".into()));
            } else {
                app.letter = None;
            }
            Vec::new()
        }
        _ => Vec::new(), // routed elsewhere by `update::route`
    }
}
