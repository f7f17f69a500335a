//! The detail pane: the claim and its lines, every adjustment and remark with its label, the
//! deadlines and how they were computed, the suggested path and why, and the history.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::domain::code::{Carc, Rarc};
use crate::domain::inventory::Silence;
use crate::domain::priority::shown_score;
use crate::domain::remarks::RemarkRules;
use crate::domain::resubmission::{instruction, resubmit_for};
use crate::domain::vocab::{Path, Resubmit};
use crate::domain::workflow::WorkKind;
use crate::store::detail::{AdjustmentInfo, ItemDetail, Submission};
use crate::tui::app::App;

/// "(deactivated 2009-07-01)" after a code the published list deactivated.
fn status(note: Option<String>) -> String {
    note.map(|n| format!(" ({n})")).unwrap_or_default()
}

fn adjustment(app: &App, a: &AdjustmentInfo) -> String {
    let info = Carc::new(&a.carc).and_then(|c| app.tables.carc(c));
    let label = info.map_or("unknown code: review it and add it to carc.csv", |i| i.label.as_str());
    format!("{}-{} {} {label}{}", a.group, a.carc, a.amount, status(info.and_then(|i| i.status.note())))
}

fn remark(app: &App, code: &str) -> String {
    let info = Rarc::new(code).and_then(|r| app.tables.rarc(r));
    let label = info.map_or("unknown code", |i| i.label.as_str());
    format!("{code} {label}{}", status(info.and_then(|i| i.status.note())))
}

/// "aim 2026-10-13, last possible 2027-07-15" (or no published last date).
fn window(aim: Option<chrono::NaiveDate>, last: Option<chrono::NaiveDate>) -> String {
    match (aim, last) {
        (None, _) => "-".into(),
        (Some(a), Some(l)) if a == l => a.to_string(),
        (Some(a), Some(l)) => format!("aim {a}, last possible {l}"),
        (Some(a), None) => format!("aim {a}, no published last date"),
    }
}

/// "No answer: sent 2026-11-01, no 277CA acceptance since" (or accepted on a day, no remit).
fn no_answer(s: Submission, code: &str) -> String {
    let sent = s.submitted_on;
    match (Silence::from_code(code), s.acknowledged_on) {
        (Some(Silence::NoRemit), Some(a)) => format!("No answer: sent {sent}, accepted {a}, no remit since"),
        (Some(Silence::NoRemit), None) => format!("No answer: sent {sent}, no remit since"),
        _ => format!("No answer: sent {sent}, no 277CA acceptance since"),
    }
}

fn permille(p: u32) -> String {
    format!("{}.{:02}", p / 1000, p % 1000 / 10)
}

fn lines(app: &App, d: &ItemDetail) -> Vec<Line<'static>> {
    let th = &app.theme;
    let r = &d.row;
    let head = |s: &str| Line::from(Span::styled(s.to_string(), th.header()));
    let mut out = vec![Line::from(vec![
        Span::styled(format!("{} {} ", r.kind, r.reason_code), th.accent()),
        Span::raw(format!("{} at risk, {}", r.amount, r.state.as_str().replace('_', " "))),
    ])];
    if let Some(s) = d.submission.filter(|_| r.kind == WorkKind::NoResponse) {
        out.push(Line::from(Span::styled(no_answer(s, &r.reason_code), th.warn())));
    }
    if r.kind == WorkKind::Rejection {
        // The 277CA's status in words: what was rejected, about whom.
        let w = crate::domain::status_words::spell(&r.reason_code, &app.tables);
        let mut text = format!("Rejected: {}", w.category);
        for part in [w.status, w.entity].into_iter().flatten() {
            text.push_str(&format!(" · {part}"));
        }
        out.push(Line::from(Span::styled(text, th.warn())));
    }
    let claim_line = match d.submission {
        Some(s) => format!(
            "Claim {}  submitted {} on an 837 ({})",
            r.pcn,
            s.submitted_on,
            s.remitted_on.map_or("as sent; no remit yet".to_string(), |d| format!("answered on a remit {d}"))
        ),
        None => format!(
            "Claim {}  payer claim {}  from {} (status {})",
            r.pcn,
            r.payer_claim_no.as_deref().unwrap_or("-"),
            d.source,
            d.status_code
        ),
    };
    out.extend([
        Line::raw(claim_line),
        Line::raw(format!(
            "Patient {}, {}  member {}",
            r.patient_last,
            r.patient_first,
            d.member_id.as_deref().unwrap_or("-")
        )),
        Line::raw(format!("Payer {} ({})  rendering {}", r.payer, r.plan_type, d.rendering.as_deref().unwrap_or("-"))),
        Line::raw(match d.submission {
            Some(_) => format!("Charge {}", d.charge),
            None => format!(
                "Charge {}  paid {}  patient {}  remit {}  check {}",
                d.charge,
                d.paid,
                d.patient_resp,
                d.remit_date.map_or("-".into(), |x| x.to_string()),
                d.check_number.as_deref().unwrap_or("-")
            ),
        }),
        Line::raw(format!("Root cause {}  team {}  work {}", r.category, r.team, d.work_type)),
    ]);
    if !d.contract.is_empty() {
        out.push(head("Contracted rate"));
        for l in &d.contract {
            out.push(Line::raw(format!("  {}", l.arithmetic())));
            out.push(Line::from(Span::styled(format!("    rate from {}", l.source()), th.dim())));
        }
        let short: crate::domain::money::Cents = d.contract.iter().map(|l| l.short).sum();
        out.push(Line::raw(format!("  total short {short}: dispute it with the payer, citing the contracted rate")));
    }
    let covered: Vec<i64> =
        d.lines_covered.as_deref().unwrap_or("").split_whitespace().filter_map(|n| n.parse().ok()).collect();
    let line_count = d.line_summary.count.max(d.lines.len() as i64) as usize;
    if !covered.is_empty() && covered.len() < line_count {
        let nums: Vec<String> = covered.iter().map(i64::to_string).collect();
        out.push(Line::from(Span::styled(
            format!(
                "This item covers line {} of {}; the claim's other denied lines are separate items",
                nums.join(", "),
                line_count
            ),
            th.warn(),
        )));
    }
    if let Some(s) = &d.last_status {
        out.push(Line::raw(format!("Last 277 status {s}")));
    }
    out.push(head(if d.submission.is_some() { "Lines as submitted" } else { "Adjustments and remarks" }));
    if (d.lines.len() as i64) < d.line_summary.count {
        let last = d.lines_from - 1 + d.lines.len() as i64;
        out.push(Line::from(Span::styled(
            format!("  lines {}-{last} of {} shown: ] next lines, [ previous", d.lines_from, d.line_summary.count),
            th.warn(),
        )));
    }
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
        let mark = if covered.contains(&l.line_no) && covered.len() < line_count { "*" } else { " " };
        let paid = if d.submission.is_some() { String::new() } else { format!(" paid {} allowed {allowed}", l.paid) };
        out.push(Line::raw(format!(
            " {mark}line {} {}{mods} {date} charge {}{paid}",
            l.line_no, l.procedure, l.charge
        )));
        out.extend(l.adjustments.iter().map(|a| Line::raw(format!("         {}", adjustment(app, a)))));
        out.extend(l.remarks.iter().map(|c| Line::raw(format!("         {}", remark(app, c)))));
    }
    out.push(head("Deadlines"));
    out.push(Line::raw(format!("  rule: {}", d.rule_source)));
    let due = |name: &str, aim: Option<chrono::NaiveDate>, last, basis: &Option<String>| {
        Line::raw(format!("  {name} {}  {}", window(aim, last), basis.as_deref().unwrap_or("not computed (no date)")))
    };
    let remarks = RemarkRules::of_text(&r.rarcs, &app.tables);
    let resubmit = d.resubmit.as_deref().and_then(Resubmit::parse);
    let fix_name = if resubmit == Some(Resubmit::Reopening) { "reopen" } else { "filing" };
    out.push(due(fix_name, r.filing_deadline, d.filing_last, &d.filing_basis));
    if r.kind.was_adjudicated() {
        let appeal = match remarks.no_appeal_text(&app.tables) {
            Some(why) => Line::raw(format!("  appeal  no appeal rights: {why}")),
            None if r.appealable => due("appeal", r.appeal_deadline, d.appeal_last, &d.appeal_basis),
            None => Line::raw(format!("  appeal  {} is not appealable on this plan ({})", r.reason_code, r.plan_type)),
        };
        out.push(appeal);
    }
    out.push(head("Path"));
    out.push(Line::from(vec![
        Span::styled(
            match r.kind {
                WorkKind::NoResponse => "  suggested follow-up: ".to_string(),
                _ => format!("  suggested {}: ", r.suggested_path),
            },
            th.accent(),
        ),
        Span::raw(r.path_reason.clone()),
    ]));
    if r.suggested_path == Path::Fix || d.decided_path.as_deref() == Some("fix") {
        let (kind, plan) = (r.kind, r.plan_type);
        let how = resubmit.unwrap_or_else(|| resubmit_for(kind, plan, d.institutional, &remarks));
        let text = instruction(how, d.institutional, r.payer_claim_no.as_deref(), &remarks);
        let when = if r.kind == WorkKind::NoResponse { "if the payer has no record of it: " } else { "" };
        out.push(Line::raw(format!("  {when}{text}")));
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
    let (soon, score) = shown_score(r.priority);
    out.push(Line::raw(format!(
        "  priority {} = {} at risk x urgency {} x recoverability {}",
        score / 100,
        r.amount,
        permille(r.urgency),
        permille(r.recoverability)
    )));
    if soon {
        out.push(Line::from(Span::styled(
            "  due soon: at or above the write-off threshold and due within 7 days, so it sorts first",
            th.warn(),
        )));
    }
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
