//! The line under the tabs: what the queue shows (order, filter, position, marks, ledger), or
//! the filter being typed.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::domain::money::Cents;
use crate::tui::app::App;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let th = &app.theme;
    if let Some(field) = &app.filter_input {
        let mut spans = vec![Span::styled("filter / ", th.accent())];
        spans.extend(field.spans(true, th.selected()));
        spans.push(Span::styled("  payer: carc: cat: owner: cpt: state: due:<7 amt:>500", th.dim()));
        Line::from(spans).render(area, buf);
        return;
    }
    let mut spans: Vec<Span> = Vec::new();
    if let Some(v) = app.view() {
        let n = v.total.count;
        if v.counting {
            spans.push(Span::styled("counting...", th.accent()));
        } else {
            spans.push(Span::styled(
                format!("{n} item{} {}", if n == 1 { "" } else { "s" }, v.total.amount),
                th.accent(),
            ));
        }
        spans.push(Span::raw(format!("  sort: {}", v.sort.label())));
        if !v.filter.is_empty() {
            spans.push(Span::raw("  filter: "));
            spans.push(Span::styled(v.filter.to_string(), th.warn()));
        }
        if !v.rows.is_empty() && !v.counting && !v.ranking {
            spans.push(Span::raw(format!("  {} of {}", v.position(), v.total.count)));
        }
        if !v.marks.is_empty() {
            let sum: Cents = v.marks.values().map(|m| m.amount).sum();
            spans.push(Span::styled(format!("  {} marked {sum}", v.marks.len()), th.marked()));
        }
    }
    spans.push(Span::styled(format!("  {}{}", app.ledger_name, if app.demo { " [DEMO]" } else { "" }), th.dim()));
    spans.push(Span::styled(format!("  {}", app.today), th.dim()));
    Line::from(spans).render(area, buf);
}
