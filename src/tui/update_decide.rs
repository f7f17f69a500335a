//! The state machine, continued: typing, dialogs and decisions, and the results of effects.

use super::action::Action;
use super::app::{App, Status, Tab, UndoEntry};
use super::dialog::{Dialog, Kind};
use super::effect::Effect;
use super::text_field::Edit;
use super::update::{detail_if_needed, load, reload};
use super::view_state::{Merge, QueueView};
use crate::domain::decision::{ItemStatus, can_appeal, can_fix};
use crate::domain::remarks::RemarkRules;
use crate::domain::resubmission::{instruction, resubmit_for};
use crate::domain::status_words::fix_field;

/// Shown while a decision waits for another Overturn's write (an import) to finish.
pub const WAITING: &str = "ledger busy (another import is writing): saved when it is free · Esc: do not save";
use crate::domain::workflow::WorkKind;
use crate::store::page::Anchor;

pub(super) fn open(app: &mut App, kind: Kind) -> Vec<Effect> {
    let targets = app.view().map(QueueView::targets).unwrap_or_default();
    let height = app.table_height();
    let off_screen = app.view().map_or(0, |v| {
        let shown: Vec<i64> = v.rows.iter().skip(v.scroll).take(height).map(|r| r.id).collect();
        v.marks.keys().filter(|id| !shown.contains(id)).count()
    });
    if !targets.is_empty() {
        let mut d = Dialog::new(kind, &targets, app.today);
        d.off_screen = off_screen;
        app.dialog = Some(d);
    }
    Vec::new()
}

fn fix_dialog(app: &App) -> Kind {
    // A rejection's status names the field at fault (562:85: the billing provider's NPI): ticked.
    let single = app.view().is_some_and(|v| v.marks.len() <= 1);
    let hinted =
        app.selected().filter(|r| single && r.kind == WorkKind::Rejection).and_then(|r| fix_field(&r.reason_code));
    let fields = app.tables.fix_fields.iter().map(|c| (c.clone(), Some(c.code.as_str()) == hinted)).collect();
    let resubmit = match app.view() {
        Some(v) if v.marks.len() > 1 => {
            "each corrected claim carries frequency code 7 and its payer claim number".into()
        }
        _ => app.selected().map_or_else(String::new, |r| {
            let (kind, plan) = (r.kind, r.plan_type);
            let remarks = RemarkRules::of_text(&r.rarcs, &app.tables);
            // The queue row does not carry the claim's institutional flag: the plan and the
            // remarks decide (Part A corrections show in the detail).
            instruction(resubmit_for(kind, plan, false, &remarks), false, r.payer_claim_no.as_deref(), &remarks)
        }),
    };
    let refused = app.selected().and_then(|r| can_fix(&super::checks::status(app, r), app.today).err());
    Kind::Fix { fields, resubmit, refused, as_sent: app.tab == super::app::Tab::Unanswered }
}

fn appeal_dialog(app: &App) -> Kind {
    let levels = &app.tables.appeal_levels;
    // A refusal a reason can lift: the dialog asks for that reason.
    let (next, refused) = app.selected().map_or((None, None), |r| {
        let s = super::checks::status(app, r);
        match can_appeal(&s, levels, app.today) {
            Ok(n) => (Some(n), None),
            Err(why) => (can_appeal(&ItemStatus { forced: true, ..s }, levels, app.today).ok(), Some(why)),
        }
    });
    let many = app.view().is_some_and(|v| v.marks.len() > 1);
    match next {
        _ if many => Kind::Appeal {
            level: "the next level of each".into(),
            deadline: "each item's own appeal deadline".into(),
            refused: None,
        },
        Some(n) => Kind::Appeal {
            level: format!("level {}: {}", n.level, n.name),
            deadline: n.deadline.map_or("unknown".into(), |d| {
                let left = (d - app.today).num_days();
                if left < 0 { format!("{d} ({} days ago)", -left) } else { format!("{d} ({left} days left)") }
            }),
            refused,
        },
        None => Kind::Appeal { level: "level 1".into(), deadline: "unknown".into(), refused },
    }
}

/// After a decision or an undo: totals, the current view reloaded where it was, and the
/// other queue tabs reloaded when next shown (items moved between them).
fn after_write(app: &mut App) -> Vec<Effect> {
    let current = app.tab.slot();
    for (i, v) in app.views.iter_mut().enumerate() {
        if Some(i) != current {
            v.loaded = false;
        }
    }
    app.detail = None;
    let mut fx = vec![Effect::LoadTotals];
    if let Some(v) = app.view_mut() {
        v.marks.clear();
        let anchor = v.reload_here();
        let filter = v.filter.clone();
        fx.extend(load(app, anchor, Merge::Replace));
        fx.push(Effect::Count { tab: app.tab, filter });
    }
    fx
}

fn edit_text(app: &mut App, e: Edit) {
    if let Some(t) = app.filter_input.as_mut() {
        t.apply(e);
    } else if let Some(d) = app.dialog.as_mut()
        && let Some(input) = d.active_input()
    {
        input.field.apply(e);
        d.problem = None;
    }
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Input(c) => {
            edit_text(app, Edit::Insert(c));
            Vec::new()
        }
        Action::Backspace => {
            edit_text(app, Edit::Backspace);
            Vec::new()
        }
        Action::Edit(e) => {
            edit_text(app, e);
            Vec::new()
        }
        Action::Paste(text) => {
            match app.letter.as_mut() {
                Some(l) => l.paste(&text),
                None => edit_text(app, Edit::Paste(text)),
            }
            Vec::new()
        }
        Action::StartFix => {
            let k = fix_dialog(app);
            let fx = open(app, k);
            if let Some(d) = app.dialog.as_mut()
                && let Kind::Fix { fields, .. } = &d.kind
            {
                d.cursor = fields.iter().position(|(_, on)| *on).unwrap_or(0);
            }
            fx
        }
        Action::StartAppeal => {
            let k = appeal_dialog(app);
            open(app, k)
        }
        Action::StartClose => {
            let (untrue, first) = super::checks::writeoff_truth(app);
            let k = Kind::Close { reasons: app.tables.writeoff_reasons.clone(), untrue };
            let fx = open(app, k);
            if let Some(d) = app.dialog.as_mut() {
                d.cursor = first.unwrap_or(d.cursor);
            }
            fx
        }
        Action::StartOwner => vec![Effect::LoadOwners],
        Action::StartCopy => {
            let Some(r) = app.selected() else { return Vec::new() };
            let mut values = vec![("claim number", r.pcn.clone())];
            values.extend(r.payer_claim_no.clone().map(|v| ("payer claim number", v)));
            values.extend(r.member_id.clone().map(|v| ("member id", v)));
            app.dialog = Some(Dialog::new(Kind::Copy { values }, &[], app.today));
            Vec::new()
        }
        Action::OwnersLoaded(known) => {
            // The current owner (of a single item) is where the list opens.
            let current = app.selected().and_then(|r| r.owner.clone());
            let at = current.and_then(|c| known.iter().position(|k| k.eq_ignore_ascii_case(&c)));
            let none_yet = known.is_empty();
            let fx = open(app, Kind::Owner { known });
            if let Some(d) = app.dialog.as_mut() {
                d.cursor = at.unwrap_or(0);
                if none_yet {
                    d.field = crate::tui::dialog::Field::Input(0); // nobody on file: type a name
                }
            }
            fx
        }
        Action::StartNote => open(app, Kind::Note),
        Action::StartUndo => {
            let Some(last) = app.undo.last() else { return Vec::new() };
            let ids: Vec<super::view_state::Target> = last
                .applied
                .iter()
                .map(|a| super::view_state::Target {
                    id: a.id,
                    amount: crate::domain::money::Cents::ZERO,
                    version: None,
                })
                .collect();
            app.dialog = Some(Dialog::new(Kind::Undo { summary: last.summary.clone() }, &ids, app.today));
            Vec::new()
        }
        Action::DialogUp | Action::DialogDown | Action::DialogToggle | Action::DialogSwitchField => {
            if let Some(d) = app.dialog.as_mut() {
                match action {
                    Action::DialogUp => d.up(),
                    Action::DialogDown => d.down(),
                    Action::DialogToggle => d.toggle(),
                    _ => d.switch_field(),
                }
                d.problem = None;
            }
            Vec::new()
        }
        Action::Confirm if app.waiting.is_some() => {
            app.status = Some(Status::Info(WAITING.into()));
            Vec::new()
        }
        Action::Confirm => super::update_confirm::confirm(app),
        Action::CloseOverlay => {
            if app.dialog.is_some() && app.waiting.take().is_some() {
                app.status = Some(Status::Info("not saved: the decision stopped waiting for the ledger".into()));
            }
            if app.dialog.take().is_none() {
                app.help_open = false;
                app.detail_open = false;
            }
            Vec::new()
        }
        Action::LoadDemo => vec![Effect::OpenDemo],
        Action::PageLoaded { tab, anchor: Anchor::From(_), rows, .. } if rows.is_empty() && tab == app.tab => {
            // Everything from the old first row on left the queue or moved up: show its end.
            load(app, Anchor::Last, Merge::Replace)
        }
        Action::PageAround { tab, id, rows, requested } => {
            if let Some(v) = app.view_of_mut(tab) {
                v.page_around(id, rows, requested);
            }
            if tab == app.tab { detail_if_needed(app) } else { Vec::new() }
        }
        Action::Ranked { tab, sort, filter, id, rank } => {
            if let Some(v) = app.view_of_mut(tab).filter(|v| v.sort == sort && v.filter == filter) {
                v.ranked(id, rank);
            }
            Vec::new()
        }
        Action::PageLoaded { tab, anchor, merge, rows, requested } => {
            let h = app.table_height();
            if let Some(v) = app.view_of_mut(tab) {
                v.page_loaded(&anchor, merge, rows, requested, h);
            }
            if tab == app.tab { detail_if_needed(app) } else { Vec::new() }
        }
        Action::Counted { tab, total } => {
            if let Some(v) = app.view_of_mut(tab) {
                v.total = total;
                v.counting = false;
            }
            Vec::new()
        }
        Action::TotalsLoaded(totals) => {
            let first_load = app.totals.iter().all(|t| t.count == 0) && app.views.iter().all(|v| !v.loaded);
            app.totals = totals;
            for (v, t) in app.views.iter_mut().zip(totals) {
                if v.filter.is_empty() {
                    v.total = t;
                }
            }
            // A freshly opened ledger starts where the work is most urgent: rejections (24-hour SLA).
            if first_load && app.total_of(Tab::Rejections).count > 0 && app.tab == Tab::Denials {
                return super::update::update(app, Action::GoTab(Tab::Rejections));
            }
            Vec::new()
        }
        Action::DetailLoaded(d) => {
            if app.selected().is_some_and(|r| r.id == d.row.id) {
                app.detail = Some(*d);
                app.detail_scroll = 0;
            }
            Vec::new()
        }
        Action::AgingLoaded { tab, buckets } => {
            if tab == app.tab {
                app.aging = Some(buckets);
            }
            Vec::new()
        }
        Action::Decided { summary, applied } => {
            app.dialog = None;
            // The owner's figures count decisions: read them again when next shown.
            app.rca.report = None;
            app.rca.kpis = None;
            if let Some(l) = app.letter.as_mut() {
                l.saved();
            }
            app.status = Some(Status::Info(format!("{summary} — done (u undoes)")));
            app.undo.push(UndoEntry { summary, applied });
            after_write(app)
        }
        Action::Undone { summary } => {
            app.dialog = None;
            app.undo.pop();
            app.status = Some(Status::Info(format!("undone: {summary}")));
            after_write(app)
        }
        Action::LedgerOpened { path, demo } => {
            app.ledger_name = path;
            app.demo = demo;
            app.views = super::app::default_views();
            app.undo.clear();
            app.detail = None;
            app.status = Some(Status::Info("opened the demo ledger".into()));
            let mut fx = vec![Effect::LoadTotals];
            fx.extend(reload(app));
            fx
        }
        Action::PrioritiesRefreshed(Ok(0)) => Vec::new(),
        Action::PrioritiesRefreshed(Ok(n)) => {
            app.status = Some(Status::Info(format!("priorities updated for {}: {n} items changed urgency", app.today)));
            let mut fx = vec![Effect::LoadTotals];
            fx.extend(super::update::reload(app));
            fx
        }
        Action::PrioritiesRefreshed(Err(why)) => {
            app.status = Some(Status::Error(format!("priorities not updated for today: {why}")));
            Vec::new()
        }
        Action::LedgerBusy(write) => {
            app.waiting = Some(*write);
            if let Some(d) = app.dialog.as_mut() {
                d.problem = Some(WAITING.into());
            }
            app.status = Some(Status::Info(WAITING.into()));
            Vec::new()
        }
        Action::Conflict(why) => {
            // Nothing was saved: the biller sees the items as they are now, then decides again
            // (an information line: it stays while the page reloads under it).
            app.dialog = None;
            let fx = after_write(app);
            app.status = Some(Status::Info(why));
            fx
        }
        Action::Failed(why) => {
            if let Some(d) = app.dialog.as_mut() {
                d.problem = Some(why.clone());
            }
            app.status = Some(Status::Error(why));
            Vec::new()
        }
        _ => Vec::new(), // routed elsewhere by `update::route`
    }
}
