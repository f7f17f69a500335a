//! Whether a key applies now, and if not, why: the binding table's checks.

use crate::domain::code::Carc;
use crate::domain::decision::{
    ItemStatus, can_appeal, can_close, can_fix, can_follow_up, can_prepare, can_record_outcome, can_reopen, can_submit,
    forceable,
};
use crate::domain::remarks::RemarkRules;
use crate::domain::writeoff_rules::reason_applies;
use crate::store::queue::QueueRow;

use super::app::{App, Tab};

pub(super) fn status<'a>(app: &'a App, r: &'a QueueRow) -> ItemStatus<'a> {
    let label = r.carc.as_deref().and_then(Carc::new).map_or("", |c| app.tables.carc_label(c));
    let no_appeal = RemarkRules::of_text(&r.rarcs, &app.tables).no_appeal.map(|c| (c, app.tables.rarc_label(c)));
    ItemStatus {
        kind: r.kind,
        state: r.state,
        appealable: r.appealable,
        appeal_deadline: r.appeal_deadline,
        appeal_last: r.appeal_last,
        filing_deadline: r.filing_deadline,
        filing_last: r.filing_last,
        no_appeal,
        forced: false,
        reason_code: &r.reason_code,
        reason_label: label,
        plan: r.plan_type,
        category: r.category,
        amount: r.amount,
        appeal: r.appeal.as_ref().map(|a| a.status()),
    }
}

/// The loaded rows a decision would touch: the marked ones in view, else the selected one.
fn targets(app: &App) -> Result<Vec<&QueueRow>, String> {
    let view = app.view().ok_or("no queue on this tab")?;
    if view.marks.is_empty() {
        return view.selected().map(|r| vec![r]).ok_or_else(|| "nothing selected".to_string());
    }
    Ok(view.rows.iter().filter(|r| view.marks.contains_key(&r.id)).collect())
}

fn each(app: &App, rule: impl Fn(&ItemStatus<'_>) -> Result<(), String>) -> Result<(), String> {
    let rows = targets(app)?;
    let many = rows.len() > 1;
    for r in rows {
        if let Err(why) = rule(&status(app, r)) {
            return Err(if many { format!("{why} (marked item {})", r.pcn) } else { why });
        }
    }
    Ok(())
}

/// `]`: a later window of the claim's lines exists.
pub fn next_lines(app: &App) -> Result<(), String> {
    match app.detail.as_ref() {
        Some(d) if d.lines_from - 1 + d.lines.len() as i64 >= d.line_summary.count => {
            Err("the detail already shows the claim's last lines".into())
        }
        Some(_) => Ok(()),
        None => Err("no detail is open".into()),
    }
}

/// `[`: an earlier window of the claim's lines exists.
pub fn previous_lines(app: &App) -> Result<(), String> {
    match app.detail.as_ref() {
        Some(d) if d.lines_from <= 1 => Err("the detail already shows the claim's first lines".into()),
        Some(_) => Ok(()),
        None => Err("no detail is open".into()),
    }
}

/// For each write-off reason, why it is not true of the decision's targets (the first one it
/// fails), and the first reason true of all of them: the close dialog opens there.
pub fn writeoff_truth(app: &App) -> (Vec<Option<String>>, Option<usize>) {
    let rows = targets(app).unwrap_or_default();
    let many = rows.len() > 1;
    let untrue: Vec<Option<String>> = app
        .tables
        .writeoff_reasons
        .iter()
        .map(|r| {
            rows.iter().find_map(|row| {
                let s = status(app, row);
                reason_applies(&r.code, &s, app.write_off_threshold, &app.tables.appeal_levels, app.today)
                    .err()
                    .map(|why| if many { format!("{why} (marked item {})", row.pcn) } else { why })
            })
        })
        .collect();
    let first = untrue.iter().zip(&app.tables.writeoff_reasons).position(|(u, r)| u.is_none() && !r.needs_note);
    (untrue, first.or_else(|| app.tables.writeoff_reasons.iter().position(|r| r.needs_note)))
}

/// Esc on the RCA tab: there is an inner screen to leave.
pub fn inner_open(app: &App) -> Result<(), String> {
    if app.inner_open() { Ok(()) } else { Err("nothing to close here (q quits)".into()) }
}

pub fn selected(app: &App) -> Result<(), String> {
    targets(app).map(|_| ())
}

/// The desk may decide on items (a shared ledger's owner role may not: the key says why).
fn may_decide(app: &App) -> Result<(), String> {
    app.read_only.clone().map_or(Ok(()), Err)
}

/// An item to decide on (a note, an owner) and the right to.
pub fn decidable(app: &App) -> Result<(), String> {
    may_decide(app)?;
    selected(app)
}

pub fn fix(app: &App) -> Result<(), String> {
    may_decide(app)?;
    // After the filing window's last date the key stays on: its dialog asks for a reason.
    each(app, |s| {
        let rule = |s: &ItemStatus<'_>| can_fix(s, app.today);
        if forceable(s, rule) { Ok(()) } else { rule(s) }
    })
}

pub fn appeal(app: &App) -> Result<(), String> {
    may_decide(app)?;
    // A refusal a recorded reason can lift leaves the key on: its dialog asks for the reason.
    each(app, |s| {
        let rule = |s: &ItemStatus<'_>| can_appeal(s, &app.tables.appeal_levels, app.today).map(|_| ());
        if forceable(s, rule) { Ok(()) } else { rule(s) }
    })
}

pub fn close(app: &App) -> Result<(), String> {
    may_decide(app)?;
    each(app, can_close)
}

pub fn undo(app: &App) -> Result<(), String> {
    may_decide(app)?;
    match app.undo.last() {
        Some(_) => Ok(()),
        None => Err("undo unavailable: no decision made in this session".into()),
    }
}

pub fn dialog_ticks(app: &App) -> Result<(), String> {
    match app.dialog.as_ref().map(|d| &d.kind) {
        Some(k) if k.ticks() => Ok(()),
        _ => Err("nothing to tick here: choose with ↑↓, confirm with Enter".into()),
    }
}

/// The selected item alone: appeal work is done one claim at a time.
fn single<'a>(app: &'a App, what: &str) -> Result<ItemStatus<'a>, String> {
    let view = app.view().ok_or("no queue on this tab")?;
    if view.marks.len() > 1 {
        return Err(format!("{what} works on one item at a time: Esc clears the marks"));
    }
    let r = view.selected().ok_or_else(|| "nothing selected".to_string())?;
    Ok(status(app, r))
}

pub fn packet(app: &App) -> Result<(), String> {
    may_decide(app)?;
    can_prepare(&single(app, "the packet")?, "packet")
}

pub fn letter(app: &App) -> Result<(), String> {
    can_prepare(&single(app, "the letter")?, "letter")
}

pub fn submit(app: &App) -> Result<(), String> {
    may_decide(app)?;
    can_submit(&single(app, "submit")?, true)
}

pub fn follow_up(app: &App) -> Result<(), String> {
    may_decide(app)?;
    can_follow_up(&single(app, "follow-up")?)
}

pub fn outcome(app: &App) -> Result<(), String> {
    may_decide(app)?;
    can_record_outcome(&single(app, "the outcome")?)
}

pub fn reopen(app: &App) -> Result<(), String> {
    may_decide(app)?;
    each(app, |s| {
        let rule = |s: &ItemStatus<'_>| can_reopen(s, &app.tables.appeal_levels, app.today);
        if forceable(s, rule) { Ok(()) } else { rule(s) }
    })
}

pub fn write_off_totals(app: &App) -> Result<(), String> {
    match app.tab {
        Tab::WriteOffs => Ok(()),
        _ => Err("totals by reason are on the Write-offs tab (4)".into()),
    }
}

pub fn bulk_write_off(app: &App) -> Result<(), String> {
    may_decide(app)?;
    match app.tab {
        Tab::Rejections | Tab::Denials => Ok(()),
        _ => Err("small write-offs are approved from the Rejections and Denials tabs".into()),
    }
}

pub fn dialog_fields(app: &App) -> Result<(), String> {
    match app.dialog.as_ref() {
        Some(d) if d.has_fields() => Ok(()),
        _ => Err("this dialog has one field".into()),
    }
}

/// A cluster is under the cursor on the RCA tab (not the KPI screen).
pub(super) fn rca_cluster(app: &App) -> Result<(), String> {
    if app.rca.kpi_open {
        return Err("the KPI screen is up: K goes back to the clusters".into());
    }
    match app.rca.current() {
        None => Err("the week is still loading".into()),
        Some(r) if r.summary.clusters.is_empty() => Err(format!("nothing was denied in {}", r.week)),
        Some(_) => Ok(()),
    }
}

/// The week picker cannot go past the current week.
pub(super) fn rca_next_week(app: &App) -> Result<(), String> {
    if app.rca.week >= crate::domain::week::Week::containing(app.today) {
        return Err("this week is the latest there is".into());
    }
    Ok(())
}

/// Slices belong to the clusters screen.
pub(super) fn rca_clusters_shown(app: &App) -> Result<(), String> {
    if app.rca.kpi_open { Err("the KPI screen is up: K goes back to the clusters".into()) } else { Ok(()) }
}
