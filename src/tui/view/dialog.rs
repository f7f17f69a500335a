//! Drawing a decision dialog: what it applies to, its choices, its inputs, and any problem.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::overlay::centered;
use crate::tui::app::App;
use crate::tui::dialog::{Dialog, Field, Kind};

fn body(d: &Dialog, app: &App) -> Vec<Line<'static>> {
    let th = &app.theme;
    let choice = |i: usize, text: String| {
        let on = i == d.cursor && d.field == Field::List;
        let style = if on { th.selected() } else { Style::new() };
        Line::from(Span::styled(format!("{}{text}", if on { ">" } else { " " }), style))
    };
    let tick = |on: bool| if on { 'x' } else { ' ' };
    let mut lines = Vec::new();
    match &d.kind {
        Kind::Fix { fields, resubmit, refused, as_sent } => {
            if let Some(why) = refused {
                lines.push(Line::from(Span::styled(why.clone(), th.warn())));
            }
            lines.push(Line::raw(if *as_sent {
                "What was corrected (Space ticks; none: resubmitted as sent):"
            } else {
                "What was corrected (Space ticks):"
            }));
            for (i, (c, on)) in fields.iter().enumerate() {
                lines.push(choice(i, format!(" [{}] {}", tick(*on), c.label)));
            }
            lines.push(Line::from(Span::styled(resubmit.clone(), th.warn())));
        }
        Kind::Appeal { level, deadline, refused } => {
            if let Some(why) = refused {
                lines.push(Line::from(Span::styled(why.clone(), app.theme.warn())));
            }
            lines.push(Line::raw(format!("Appeal at {level}. The item moves to the Appeals tab.")));
            lines.push(Line::raw(format!("Appeal deadline: {deadline}")));
        }
        Kind::Close { reasons, untrue } => {
            lines.push(Line::raw(format!("Write off {} with the reason:", d.amount)));
            for (i, r) in reasons.iter().enumerate() {
                let mark = if untrue.get(i).is_some_and(Option::is_some) { " (not true)" } else { "" };
                lines.push(choice(i, format!(" {}{mark}", r.label)));
            }
            if let Some(Some(why)) = untrue.get(d.cursor) {
                lines.push(Line::from(Span::styled(format!("not true here: {why}"), th.warn())));
            }
        }
        Kind::Owner { known } => {
            lines.push(Line::raw("Assign to (or type a new name below):"));
            for (i, name) in known.iter().enumerate() {
                lines.push(choice(i, format!(" {name}")));
            }
            lines.push(choice(known.len(), " nobody (unassign)".to_string()));
        }
        Kind::Note => {}
        Kind::Copy { values } => {
            lines.push(Line::raw("Copy to the clipboard (Enter):"));
            for (i, (label, value)) in values.iter().enumerate() {
                lines.push(choice(i, format!(" {label}: {value}")));
            }
        }
        Kind::GoToWeek => lines.push(Line::raw("The RCA tab shows the week you name (G: the latest with denials).")),
        Kind::Undo { summary } => {
            lines.push(Line::raw(format!("Undo the last decision: {summary}?")));
            lines.push(Line::raw("The items go back to where they were; the history keeps both."));
        }
        Kind::Packet { entries } => {
            lines.push(Line::raw("Packet checklist (Space ticks; * required before submitting):"));
            for (i, e) in entries.iter().enumerate() {
                let star = if e.required { '*' } else { ' ' };
                lines.push(choice(i, format!(" [{}]{star}{}", tick(e.done), e.label)));
            }
        }
        Kind::Submit { methods, missing } => {
            lines.push(Line::raw("Sent by:"));
            for (i, m) in methods.iter().enumerate() {
                lines.push(choice(i, format!(" {m}")));
            }
            if !missing.is_empty() {
                let text =
                    format!("Required items unticked: {}. Submitting anyway needs a reason.", missing.join(", "));
                lines.push(Line::from(Span::styled(text, th.warn())));
            }
        }
        Kind::FollowUp { next } => {
            lines.push(Line::raw("Log a follow-up with the payer (call, portal check)."));
            lines.push(Line::raw(format!("Next follow-up: {next}")));
        }
        Kind::Outcome { outcomes } => {
            lines.push(Line::raw("The payer decided:"));
            for (i, o) in outcomes.iter().enumerate() {
                lines.push(choice(i, format!(" {}", o.label())));
            }
            lines.push(Line::from(Span::styled(
                "Amount paid: overturned or partly. Information due by: when more is asked for.",
                th.dim(),
            )));
        }
        Kind::Reopen { reason, window, refused } => {
            if let Some(why) = refused {
                lines.push(Line::from(Span::styled(why.clone(), app.theme.warn())));
            }
            lines.push(Line::raw(format!("Take back the write-off ({reason}); the item returns to its queue.")));
            if !window.is_empty() {
                lines.push(Line::raw(format!("It can be worked until {window}.")));
            }
        }
        Kind::BulkWriteOff { threshold } => {
            lines.push(Line::raw(format!("Write off every open item under {threshold} in this view")));
            lines.push(Line::raw("with the reason: below the write-off threshold (policy)."));
            lines.push(Line::raw("Each item gets its own event; u undoes the whole approval."));
        }
        Kind::Prevention { label, .. } => {
            lines.push(Line::raw(format!("Record an upstream change against {label}.")));
            lines.push(Line::raw("Later weeks compare its weekly volume before and after."));
        }
        Kind::Practice { .. } => {
            lines.push(Line::raw("Payers need the practice's name, address, phone, billing NPI and TIN"));
            lines.push(Line::raw("on an appeal. Saved under [practice] in config.toml (your other settings"));
            lines.push(Line::raw("stay as they are); change them there later."));
        }
    }
    lines
}

pub fn render(app: &App, d: &Dialog, area: Rect, buf: &mut Buffer) {
    let th = &app.theme;
    let mut lines: Vec<Line> = Vec::new();
    if !matches!(
        d.kind,
        Kind::Undo { .. } | Kind::Prevention { .. } | Kind::GoToWeek | Kind::Copy { .. } | Kind::Practice { .. }
    ) {
        lines.push(Line::from(Span::styled(format!("Applies to {}", d.scope()), th.accent())));
        lines.push(Line::raw(""));
    }
    lines.extend(body(d, app));
    let tab_hint = d.list_len() > 0 || d.inputs.len() > 1;
    for (i, input) in d.inputs.iter().enumerate() {
        let active = d.field == Field::Input(i);
        let style = if active { th.accent() } else { th.dim() };
        let label = if tab_hint && !active { format!("{} (Tab): ", input.label) } else { format!("{}: ", input.label) };
        let mut spans = vec![Span::styled(label, style)];
        spans.extend(input.field.spans(active, th.selected()));
        lines.push(Line::from(spans));
    }
    if let Some(p) = &d.problem {
        lines.push(Line::from(Span::styled(p.clone(), th.danger())));
    }
    lines.push(Line::from(Span::styled("Enter confirms · Esc cancels", th.dim())));
    let width = 76u16.min(area.width);
    let rows = super::text::wrapped_rows(&lines, width.saturating_sub(2));
    let r = centered(area, width, (rows as u16 + 2).min(area.height));
    Clear.render(r, buf);
    Paragraph::new(lines)
        .block(Block::new().borders(Borders::ALL).title(format!(" {} ", d.title())))
        .wrap(Wrap { trim: false })
        .render(r, buf);
}
