//! The detail pane: the claim and its lines, every adjustment and remark with its label, the
//! deadlines and how they were computed, the suggested path and why, and the history.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::domain::code::{Carc, Rarc};
use crate::domain::decision::resubmission_note;
use crate::domain::workflow::WorkKind;
use crate::store::detail::{AdjustmentInfo, ItemDetail};
use crate::tui::app::App;

fn adjustment(app: &App, a: &AdjustmentInfo) -> String {
    let label = Carc::new(&a.carc).map_or("unknown code", |c| app.tables.carc_label(c));
    format!("{}-{} {} {label}", a.group, a.carc, a.amount)
}

fn remark(app: &App, code: &str) -> String {
    format!("{code} {}", Rarc::new(code).map_or("unknown code", |r| app.tables.rarc_label(r)))
}

fn permille(p: u32) -> String {
    format!("{}.{:02}", p / 1000, p % 1000 / 10)
}

fn lines(app: &App, d: &ItemDetail) -> Vec<Line<'static>> {
    let th = &app.theme;
    let r = &d.row;
    let head = |s: &str| Line::from(Span::styled(s.to_string(), th.header()));
    let mut out = vec![
        Line::from(vec![
            Span::styled(format!("{} {} ", r.kind, r.reason_code), th.accent()),
            Span::raw(format!("{} at risk, {}", r.amount, r.state.replace('_', " "))),
        ]),
        Line::raw(format!(
            "Claim {}  payer claim {}  from {} (status {})",
            r.pcn,
            r.payer_claim_no.as_deref().unwrap_or("-"),
            d.source,
            d.status_code
        )),
        Line::raw(format!(
            "Patient {}, {}  member {}",
            r.patient_last,
            r.patient_first,
            d.member_id.as_deref().unwrap_or("-")
        )),
        Line::raw(format!("Payer {} ({})  rendering {}", r.payer, r.plan_type, d.rendering.as_deref().unwrap_or("-"))),
        Line::raw(format!(
            "Charge {}  paid {}  patient {}  remit {}  check {}",
            d.charge,
            d.paid,
            d.patient_resp,
            d.remit_date.map_or("-".into(), |x| x.to_string()),
            d.check_number.as_deref().unwrap_or("-")
        )),
        Line::raw(format!("Root cause {}  team {}  work {}", r.category, r.team, d.work_type)),
    ];
    if let Some(s) = &d.last_status {
        out.push(Line::raw(format!("Last 277 status {s}")));
    }
    out.push(head("Adjustments and remarks"));
    for a in &d.claim_adjustments {
        out.push(Line::raw(format!("  claim  {}", adjustment(app, a))));
    }
    for c in &d.claim_remarks {
        out.push(Line::raw(format!("  claim  {}", remark(app, c))));
    }
    for l in &d.lines {
        let mods = if l.modifiers.is_empty() { String::new() } else { format!("-{}", l.modifiers.replace(' ', "-")) };
        let allowed = l.allowed.map_or("-".into(), |a| a.to_string());
        let date = l.date.map_or("-".into(), |x| x.to_string());
        out.push(Line::raw(format!(
            "  line {} {}{mods} {date} charge {} paid {} allowed {allowed}",
            l.line_no, l.procedure, l.charge, l.paid
        )));
        out.extend(l.adjustments.iter().map(|a| Line::raw(format!("         {}", adjustment(app, a)))));
        out.extend(l.remarks.iter().map(|c| Line::raw(format!("         {}", remark(app, c)))));
    }
    out.push(head("Deadlines"));
    out.push(Line::raw(format!("  rule: {}", d.rule_source)));
    let due = |name: &str, date: Option<chrono::NaiveDate>, basis: &Option<String>| {
        Line::raw(format!(
            "  {name} {}  {}",
            date.map_or("-".into(), |x| x.to_string()),
            basis.as_deref().unwrap_or("not computed (no date)")
        ))
    };
    out.push(due("filing", r.filing_deadline, &d.filing_basis));
    if r.kind == "denial" {
        let appeal = if r.appealable {
            due("appeal", r.appeal_deadline, &d.appeal_basis)
        } else {
            Line::raw("  appeal  not appealable on this plan")
        };
        out.push(appeal);
    }
    out.push(head("Path"));
    out.push(Line::from(vec![
        Span::styled(format!("  suggested {}: ", r.suggested_path), th.accent()),
        Span::raw(r.path_reason.clone()),
    ]));
    if r.suggested_path == "fix" || d.decided_path.as_deref() == Some("fix") {
        let kind = WorkKind::parse(&r.kind).unwrap_or(WorkKind::Denial);
        out.push(Line::raw(format!("  {}", resubmission_note(kind, r.payer_claim_no.as_deref()))));
    }
    if let Some(p) = &d.decided_path {
        let why = d.close_reason.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
        out.push(Line::raw(format!("  decided {p}{why}")));
    }
    if let Some(n) = &d.close_note {
        out.push(Line::raw(format!("  write-off note: {n}")));
    }
    if r.recovered.cents() > 0 {
        out.push(Line::from(Span::styled(format!("  recovered {}", r.recovered), th.good())));
    }
    if r.repeat_count > 0 {
        out.push(Line::from(Span::styled(
            format!("  repeat denial: denied again {} time(s) after it was worked", r.repeat_count),
            th.warn(),
        )));
    }
    out.push(Line::raw(format!(
        "  priority {} = {} at risk x urgency {} x recoverability {}",
        r.priority / 100,
        r.amount,
        permille(r.urgency),
        permille(r.recoverability)
    )));
    out.push(Line::raw(format!("  owner {}", r.owner.as_deref().unwrap_or("none"))));
    if !d.appeals.is_empty() {
        out.push(head("Appeals"));
        for a in d.appeals.iter().rev() {
            out.extend(super::detail_appeal::lines(app, a, r));
        }
    }
    let notes: Vec<_> = d.events.iter().filter(|e| e.action == "note").collect();
    if !notes.is_empty() {
        out.push(head("Notes"));
        for e in notes {
            out.push(Line::raw(format!("  {} {}: {}", &e.at.get(..10).unwrap_or(""), e.actor, e.detail)));
        }
    }
    out.push(head("History"));
    for e in &d.events {
        let at = e.at.replace('T', " ").trim_end_matches('Z').chars().take(16).collect::<String>();
        out.push(Line::raw(format!("  {at} {} {}: {}", e.actor, e.action, e.detail)));
    }
    out
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let block = Block::new().borders(Borders::LEFT | Borders::TOP).title(" Detail ");
    let body = match &app.detail {
        Some(d) if app.selected().is_some_and(|r| r.id == d.row.id) => lines(app, d),
        _ => vec![Line::raw(if app.selected().is_some() { "Loading..." } else { "Nothing selected." })],
    };
    let inner = block.inner(area);
    // Never scroll past the last screenful.
    let total = super::text::wrapped_rows(&body, inner.width) as u16;
    let scroll = app.detail_scroll.min(total.saturating_sub(inner.height));
    let para = Paragraph::new(body).wrap(Wrap { trim: false });
    block.render(area, buf);
    para.scroll((scroll, 0)).render(inner, buf);
}
