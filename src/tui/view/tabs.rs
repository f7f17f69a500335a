//! The tab line: each queue with its open count and dollars; clickable.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::compact;
use crate::tui::app::{App, Tab};

/// How much a tab title says: names and dollars, short names, short names with the dollars of
/// the current tab only, and that without the app's name in front (so seven tabs fit 80 columns).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    Full,
    Short,
    Counts,
    Tight,
}

/// The app's name before the tabs, when there is room for it.
fn prefix(detail: Detail) -> &'static str {
    if detail == Detail::Tight { "" } else { "Overturn " }
}

fn detail(app: &App) -> Detail {
    let fits = |d: Detail| {
        let w: usize = Tab::ALL.iter().map(|t| title(app, *t, d).chars().count() + 1).sum::<usize>();
        w + prefix(d).len() <= usize::from(app.width)
    };
    [Detail::Full, Detail::Short, Detail::Counts].into_iter().find(|d| fits(*d)).unwrap_or(Detail::Tight)
}

/// Each tab's title and its x range on the line: the most detail that fits.
fn titles(app: &App) -> Vec<(Tab, String, u16, u16)> {
    let detail = detail(app);
    let mut x = prefix(detail).len() as u16;
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
    let text = match t.queue() {
        Some(_) => {
            let total = app.total_of(t);
            if matches!(detail, Detail::Counts | Detail::Tight) && t != app.tab {
                format!(" {} {name} {} ", t.index() + 1, total.count)
            } else {
                format!(" {} {name} {} {} ", t.index() + 1, total.count, compact(total.amount))
            }
        }
        None => format!(" {} {name} ", t.index() + 1),
    };
    if detail == Detail::Tight { text.trim_end().to_string() } else { text }
}

/// The tab under column `x` of the tab line.
pub fn tab_at(app: &App, x: u16) -> Option<Tab> {
    titles(app).into_iter().find(|(_, _, a, b)| x >= *a && x < *b).map(|(t, ..)| t)
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let th = &app.theme;
    let mut spans = vec![Span::styled(prefix(detail(app)), th.accent())];
    for (t, text, ..) in titles(app) {
        let style = if t == app.tab { th.selected() } else { ratatui::style::Style::new() };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
    }
    Line::from(spans).render(area, buf);
}
