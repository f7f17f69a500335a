//! The KPI screen: each figure beside its benchmark, the denial rate by week, open A/R by age
//! and the payers.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::text::cut;
use crate::domain::kpi::{AGING_BUCKETS, KpiKey};
use crate::domain::rca::Ratio;
use crate::report::{KpiReport, sparkline};
use crate::tui::app::App;

fn boxed<'a>(title: String, lines: Vec<Line<'a>>, area: Rect, buf: &mut Buffer) {
    Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)).render(area, buf);
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let th = &app.theme;
    let (from, to) = app.rca.kpi_period();
    let [head, figures, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(KpiKey::ALL.len() as u16 + 2),
        Constraint::Fill(1),
    ])
    .areas(area);
    Paragraph::new(Line::from(vec![
        Span::styled(format!(" KPIs {from} to {to} "), th.accent()),
        Span::raw(format!("(13 weeks to {}; [ ] move, Esc back)", app.rca.week)),
    ]))
    .render(head, buf);
    let Some(k) = app.rca.current_kpis() else {
        Paragraph::new(Line::styled(" reading the figures…", th.dim())).render(figures, buf);
        return;
    };
    let w = usize::from(figures.width.saturating_sub(2));
    let mut lines = Vec::new();
    for f in &k.figures {
        let (mark, style) = match f.meets {
            Some(true) => ("✓", th.good()),
            Some(false) => ("✗", th.danger()),
            None => (" ", th.dim()),
        };
        // Numbers are shown whole or not at all: the title gives way first, then the basis
        // (the counts behind the figure) is left out rather than cut into a wrong number.
        let title_w = w.saturating_sub(30).min(38);
        let text =
            format!("{:<title_w$} {:>10}  {:<15} ", cut(f.key.title(), title_w), f.value_text(), f.target_text());
        let room = w.saturating_sub(text.chars().count() + 2);
        let basis = if f.basis.chars().count() <= room { format!(" {}", f.basis) } else { String::new() };
        lines.push(Line::from(vec![Span::raw(text), Span::styled(mark, style), Span::styled(basis, th.dim())]));
    }
    boxed(" Figures (target beside each; definitions: overturn report kpi --help) ".into(), lines, figures, buf);
    // Side by side where both fit; on a narrow terminal the trend takes the width (the payers
    // are in `overturn report kpi`).
    if bottom.width >= 110 {
        let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(bottom);
        trends(app, k, left, buf);
        payers(k, right, buf);
    } else {
        trends(app, k, bottom, buf);
    }
}

fn trends(app: &App, k: &KpiReport, area: Rect, buf: &mut Buffer) {
    let c = &k.counts;
    let rates: Vec<u64> = c.weeks.iter().map(|w| w.permille()).collect();
    let latest = c.weeks.last().map_or("-".into(), |w| Ratio::new(w.denied, w.claims).percent_text());
    let mut lines = vec![
        Line::raw(format!("Denial rate: latest week {latest}; by week {}", sparkline(&rates))),
        Line::raw(format!("Recovered {}  ·  written off {}", c.recovered, c.written_off)),
        Line::styled(format!("Open A/R today by age of service ({}):", k.as_of), app.theme.header()),
    ];
    let max = c.aging.iter().map(|t| t.cents.0.max(0)).max().unwrap_or(0).max(1);
    let bar_w = i64::from(area.width.saturating_sub(36)).max(4);
    for ((name, _), t) in AGING_BUCKETS.iter().zip(&c.aging) {
        let bar = "█".repeat(((t.cents.0.max(0) * bar_w + max / 2) / max) as usize);
        lines.push(Line::raw(format!(" {name:>6} {:>5} {:>13} {bar}", t.count, t.cents.to_string())));
    }
    let billers: Vec<String> = c.billers.iter().map(|b| format!("{} {}/{}d", b.biller, b.decisions, b.days)).collect();
    lines
        .push(Line::raw(format!("Decisions: {}", if billers.is_empty() { "none".into() } else { billers.join(", ") })));
    boxed(" Trend, money and aging ".into(), lines, area, buf);
}

fn payers(k: &KpiReport, area: Rect, buf: &mut Buffer) {
    let name = usize::from(area.width.saturating_sub(34)).clamp(8, 30);
    let mut lines = vec![Line::raw(format!("{:<name$} {:>6} {:>7} {:>9}", "payer", "claims", "denied", "overturn"))];
    for p in &k.counts.by_payer {
        lines.push(Line::raw(format!(
            "{:<name$} {:>6} {:>7} {:>9}",
            cut(if p.payer.is_empty() { "(none)" } else { &p.payer }, name),
            p.claims,
            Ratio::new(p.denied, p.claims).percent_text(),
            Ratio::new(p.appeals_won, p.appeals_decided).percent_text()
        )));
    }
    boxed(" By payer ".into(), lines, area, buf);
}
