//! The status line (the last message) and the key hints, both from the binding table: a key
//! that does not apply now is dimmed, and pressing it says why in the status line.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::tui::app::{App, Status};
use crate::tui::keymap::in_scope;

pub fn status(app: &App, area: Rect, buf: &mut Buffer) {
    let line = match &app.status {
        Some(Status::Error(e)) => Line::from(Span::styled(e.clone(), app.theme.danger())),
        Some(Status::Info(i)) => Line::from(Span::styled(i.clone(), app.theme.good())),
        None => Line::default(),
    };
    line.render(area, buf);
}

pub fn hints(app: &App, area: Rect, buf: &mut Buffer) {
    let mut spans: Vec<Span> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut width = 0usize;
    for b in in_scope(app) {
        let Some(label) = b.footer else { continue };
        if seen.contains(&label) {
            continue;
        }
        seen.push(label);
        let key = b.label.split('/').find(|k| !k.is_empty()).unwrap_or(b.label);
        let enabled = (b.check)(app).is_ok();
        let (ks, ls) = if enabled {
            (app.theme.accent(), ratatui::style::Style::new())
        } else {
            (app.theme.dim(), app.theme.dim())
        };
        let hint = format!(" {label}  ");
        // Whole hints only: the most important come first in the binding table.
        if width + key.chars().count() + hint.chars().count() > usize::from(area.width) {
            break;
        }
        width += key.chars().count() + hint.chars().count();
        spans.push(Span::styled(key.to_string(), ks));
        spans.push(Span::styled(hint, ls));
    }
    Line::from(spans).render(area, buf);
}
