//! The tab line: each queue with its open count and dollars; clickable.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::compact;
use crate::tui::app::{App, Tab};

/// Each tab's title and its x range on the line.
fn titles(app: &App) -> Vec<(Tab, String, u16, u16)> {
    let full: Vec<String> = Tab::ALL.iter().map(|t| title(app, *t, false)).collect();
    let width: usize = full.iter().map(|t| t.chars().count() + 1).sum::<usize>() + 9;
    let short = width > usize::from(app.width);
    let mut x = 9u16; // after "Overturn "
    Tab::ALL
        .iter()
        .map(|t| {
            let text = if short { title(app, *t, true) } else { title(app, *t, false) };
            let w = text.chars().count() as u16;
            let out = (*t, text, x, x + w);
            x += w + 1;
            out
        })
        .collect()
}

fn title(app: &App, t: Tab, short: bool) -> String {
    let name = if short { t.short() } else { t.title() };
    match t.queue() {
        Some(_) => {
            let total = app.totals[t.index()];
            format!(" {} {name} {} {} ", t.index() + 1, total.count, compact(total.amount))
        }
        None => format!(" {} {name} ", t.index() + 1),
    }
}

/// The tab under column `x` of the tab line.
pub fn tab_at(app: &App, x: u16) -> Option<Tab> {
    titles(app).into_iter().find(|(_, _, a, b)| x >= *a && x < *b).map(|(t, ..)| t)
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let th = &app.theme;
    let mut spans = vec![Span::styled("Overturn ", th.accent())];
    for (t, text, ..) in titles(app) {
        let style = if t == app.tab { th.selected() } else { ratatui::style::Style::new() };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
    }
    Line::from(spans).render(area, buf);
}
