//! The tab line: each queue with its open count and dollars; clickable.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::compact;
use crate::tui::app::{App, Tab};

/// How much a tab title says: names and dollars, short names, or short names with the dollars
/// of the current tab only (so six tabs fit 80 columns).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    Full,
    Short,
    Counts,
}

/// Each tab's title and its x range on the line: the most detail that fits.
fn titles(app: &App) -> Vec<(Tab, String, u16, u16)> {
    let fits = |d: Detail| {
        let w: usize = Tab::ALL.iter().map(|t| title(app, *t, d).chars().count() + 1).sum::<usize>() + 9;
        w <= usize::from(app.width)
    };
    let detail = [Detail::Full, Detail::Short].into_iter().find(|d| fits(*d)).unwrap_or(Detail::Counts);
    let mut x = 9u16; // after "Overturn "
    Tab::ALL
        .iter()
        .map(|t| {
            let text = title(app, *t, detail);
            let w = text.chars().count() as u16;
            let out = (*t, text, x, x + w);
            x += w + 1;
            out
        })
        .collect()
}

fn title(app: &App, t: Tab, detail: Detail) -> String {
    let name = if detail == Detail::Full { t.title() } else { t.short() };
    match t.queue() {
        Some(_) => {
            let total = app.total_of(t);
            if detail == Detail::Counts && t != app.tab {
                format!(" {} {name} {} ", t.index() + 1, total.count)
            } else {
                format!(" {} {name} {} {} ", t.index() + 1, total.count, compact(total.amount))
            }
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
