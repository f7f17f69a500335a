//! Drawing a decision dialog: what it applies to, its choices, the note, and any problem.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::overlay::centered;
use crate::tui::app::App;
use crate::tui::dialog::{Dialog, Field, Kind};

pub fn render(app: &App, d: &Dialog, area: Rect, buf: &mut Buffer) {
    let th = &app.theme;
    let mut lines: Vec<Line> = Vec::new();
    if !matches!(d.kind, Kind::Undo { .. }) {
        lines.push(Line::from(Span::styled(format!("Applies to {}", d.scope()), th.accent())));
        lines.push(Line::raw(""));
    }
    let choice = |i: usize, text: String| {
        let on = i == d.cursor && d.field == Field::List;
        let style = if on { th.selected() } else { ratatui::style::Style::new() };
        Line::from(Span::styled(format!("{}{text}", if on { ">" } else { " " }), style))
    };
    match &d.kind {
        Kind::Fix { fields, resubmit } => {
            lines.push(Line::raw("What was corrected (Space ticks):"));
            for (i, (c, on)) in fields.iter().enumerate() {
                lines.push(choice(i, format!(" [{}] {}", if *on { 'x' } else { ' ' }, c.label)));
            }
            lines.push(Line::from(Span::styled(resubmit.clone(), th.warn())));
        }
        Kind::Appeal { deadline } => {
            lines.push(Line::raw("Open a level 1 appeal; the item moves to the Appeals tab."));
            lines.push(Line::raw(format!("Appeal deadline: {deadline}")));
        }
        Kind::Close { reasons } => {
            lines.push(Line::raw(format!("Write off {} with the reason:", d.amount)));
            for (i, r) in reasons.iter().enumerate() {
                lines.push(choice(i, format!(" {}", r.label)));
            }
        }
        Kind::Owner => lines.push(Line::raw("Owner (empty to unassign):")),
        Kind::Note => lines.push(Line::raw("Note:")),
        Kind::Undo { summary } => {
            lines.push(Line::raw(format!("Undo the last decision: {summary}?")));
            lines.push(Line::raw("The items go back to where they were; the history keeps both."));
        }
    }
    if !matches!(d.kind, Kind::Undo { .. }) {
        let active = d.field == Field::Note;
        let label = if matches!(d.kind, Kind::Owner | Kind::Note) { "> " } else { "Note (Tab): " };
        let cursor = if active { "█" } else { "" };
        let style = if active { th.accent() } else { th.dim() };
        lines.push(Line::from(vec![Span::styled(label.to_string(), style), Span::raw(format!("{}{cursor}", d.text))]));
    }
    if let Some(p) = &d.problem {
        lines.push(Line::from(Span::styled(p.clone(), th.danger())));
    }
    lines.push(Line::from(Span::styled("Enter confirms · Esc cancels", th.dim())));
    let width = 72u16.min(area.width);
    let rows = super::text::wrapped_rows(&lines, width.saturating_sub(2));
    let r = centered(area, width, (rows as u16 + 2).min(area.height));
    Clear.render(r, buf);
    Paragraph::new(lines)
        .block(Block::new().borders(Borders::ALL).title(format!(" {} ", d.title())))
        .wrap(Wrap { trim: false })
        .render(r, buf);
}
