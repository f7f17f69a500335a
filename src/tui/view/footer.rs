//! The status line (the last message) and the key hints, both from the binding table: a key
//! that does not apply now is dimmed, and pressing it says why in the status line.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::tui::app::{App, Status};
use crate::tui::keymap::{Binding, in_scope};

pub fn status(app: &App, area: Rect, buf: &mut Buffer) {
    let line = match &app.status {
        Some(Status::Error(e)) => Line::from(Span::styled(e.clone(), app.theme.danger())),
        Some(Status::Info(i)) => Line::from(Span::styled(i.clone(), app.theme.good())),
        None => Line::default(),
    };
    line.render(area, buf);
}

/// The hint of one binding: its first key and its footer label, dimmed when it does not apply.
fn hint(app: &App, b: &Binding, label: &str) -> [Span<'static>; 2] {
    let key = b.label.split('/').find(|k| !k.is_empty()).unwrap_or(b.label);
    let (ks, ls) = if (b.check)(app).is_ok() {
        (app.theme.accent(), ratatui::style::Style::new())
    } else {
        (app.theme.dim(), app.theme.dim())
    };
    [Span::styled(key.to_string(), ks), Span::styled(format!(" {label}  "), ls)]
}

pub fn hints(app: &App, area: Rect, buf: &mut Buffer) {
    let relevant = |b: &&Binding| b.footer.is_some() && (b.tabs.is_empty() || b.tabs.contains(&app.tab));
    // The way to the help always shows; the rest in table order, whole hints only.
    let help: Vec<Span> = in_scope(app)
        .filter(relevant)
        .find(|b| b.footer == Some("help"))
        .map(|b| hint(app, b, "help").to_vec())
        .unwrap_or_default();
    let width_of = |spans: &[Span]| spans.iter().map(|s| s.content.chars().count()).sum::<usize>();
    let room = usize::from(area.width).saturating_sub(width_of(&help));
    let mut spans: Vec<Span> = Vec::new();
    let mut seen: Vec<&str> = vec!["help"];
    for b in in_scope(app).filter(relevant) {
        let label = b.footer.unwrap_or_default();
        if seen.contains(&label) {
            continue;
        }
        seen.push(label);
        let h = hint(app, b, label);
        if width_of(&spans) + width_of(&h) > room {
            break;
        }
        spans.extend(h);
    }
    spans.extend(help);
    Line::from(spans).render(area, buf);
}
