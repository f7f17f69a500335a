//! The RCA tab: the week's top root causes with their upstream fixes, a slice of the week,
//! outliers and prevention actions.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::text::cut;
use crate::domain::rca::{Ratio, TREND_WEEKS};
use crate::report::{RcaReport, percent, sparkline};
use crate::tui::app::App;

fn boxed<'a>(title: String, lines: Vec<Line<'a>>, area: Rect, buf: &mut Buffer) {
    Paragraph::new(lines)
        .block(Block::default().borders(Borders::ALL).title(title))
        .wrap(Wrap { trim: false })
        .render(area, buf);
}

/// The week line shared by the clusters and the KPI screen.
pub fn week_line(app: &App, r: Option<&RcaReport>) -> Line<'static> {
    let th = &app.theme;
    let w = app.rca.week;
    let mut spans = vec![Span::styled(format!(" {w} "), th.accent()), Span::raw(format!("{}  ", w.span()))];
    if w.sunday() >= app.today {
        // The week is not over: its figures will still grow.
        spans.push(Span::styled(format!("(partial: through {}) ", app.today.format("%a %-d %b")), th.warn()));
    }
    if let Some(r) = r {
        let rate = Ratio::new(r.denied_claims, r.claims);
        let style = if rate.percent().is_some_and(|p| p > 5.0) { th.warn() } else { th.good() };
        spans.push(Span::raw(format!("{} in {} items · ", r.summary.total.cents, r.summary.total.count)));
        spans.push(Span::styled(format!("denial rate {}", rate.percent_text()), style));
        spans.push(Span::raw(format!(" of {} claims (target ≤5%)", r.claims)));
    } else {
        spans.push(Span::styled("reading the week…", th.dim()));
    }
    Line::from(spans)
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if app.rca.kpi_open {
        super::kpi::render(app, area, buf);
        return;
    }
    let r = app.rca.current();
    // Short screens show each cluster in two lines (rank and fix) to leave room below.
    let compact = area.height < 28;
    let per = if compact { 2 } else { 4 };
    let [head, top, bottom] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(2 + 3 * per), Constraint::Fill(1)]).areas(area);
    Paragraph::new(week_line(app, r)).render(head, buf);
    let Some(r) = r else { return };
    clusters(app, r, compact, top, buf);
    let wide = area.width >= 110;
    let [left, right] = if wide {
        Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(bottom)
    } else {
        Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(bottom)
    };
    slice(app, r, left, buf);
    findings(app, r, right, buf);
}

fn clusters(app: &App, r: &RcaReport, compact: bool, area: Rect, buf: &mut Buffer) {
    let th = &app.theme;
    let w = usize::from(area.width.saturating_sub(4));
    let mut lines = Vec::new();
    if r.summary.clusters.is_empty() {
        lines.push(Line::raw(format!("Nothing was denied or rejected in {}. ← earlier weeks.", r.week)));
    }
    for (i, (c, n)) in r.summary.clusters.iter().zip(&r.notes).enumerate() {
        let on = i == app.rca.selected;
        let head = format!(
            "{}{} {:<30} {:>4} {:<5} {:>12} {:>6}  ",
            if on { ">" } else { " " },
            i + 1,
            cut(&n.label, 30),
            c.tally.count,
            if c.tally.count == 1 { "item" } else { "items" },
            c.tally.cents.to_string(),
            percent(c.share_permille)
        );
        let trend = sparkline(&c.trend.iter().map(|t| t.count).collect::<Vec<_>>());
        lines
            .push(Line::from(vec![Span::styled(head, if on { th.selected() } else { th.accent() }), Span::raw(trend)]));
        let leaders: Vec<String> =
            c.leaders.iter().map(|(s, v, _)| format!("{} {}", s.as_str().replace('_', " "), v)).collect();
        if !compact {
            lines.push(Line::styled(format!("   {}", cut(&leaders.join(" · "), w.saturating_sub(3))), th.dim()));
        }
        lines.push(Line::raw(format!("   Fix: {}", cut(&n.upstream_fix, w.saturating_sub(8)))));
        if compact {
            continue;
        }
        if let Some(p) = r.prevention.iter().find(|p| p.action.category == c.category) {
            let text = format!("   Since {}: {} — {}", p.action.from, p.action.what, p.volume.explain());
            lines.push(Line::styled(cut(&text, w), th.good()));
        } else {
            lines.push(Line::styled("   No prevention action yet (P records one)", th.dim()));
        }
    }
    let title = format!(" Top root causes by denied dollars (trend: {TREND_WEEKS} weeks, then this one) ");
    boxed(title, lines, area, buf);
}

fn slice(app: &App, r: &RcaReport, area: Rect, buf: &mut Buffer) {
    let w = usize::from(area.width.saturating_sub(2));
    let cause = 18;
    let name = w.saturating_sub(28 + cause).clamp(8, 40);
    let rows = r.summary.slice(app.rca.slice);
    let mut lines = vec![Line::styled(
        format!("{:<name$} {:>5} {:>12} {:>6}  top cause", "", "items", "denied", "share"),
        app.theme.header(),
    )];
    for row in rows.iter().take(usize::from(area.height.saturating_sub(3))) {
        lines.push(Line::raw(format!(
            "{:<name$} {:>5} {:>12} {:>6}  {}",
            cut(&row.value, name),
            row.tally.count,
            row.tally.cents.to_string(),
            percent(row.share_permille),
            cut(&r.label(row.top_category), cause)
        )));
    }
    boxed(format!(" By {} (s: next slice) ", app.rca.slice.title().to_lowercase()), lines, area, buf);
}

fn findings(app: &App, r: &RcaReport, area: Rect, buf: &mut Buffer) {
    let th = &app.theme;
    let mut lines = Vec::new();
    if r.outliers.is_empty() {
        lines.push(Line::styled("No provider or location at 3x its peers.", th.dim()));
    }
    for o in &r.outliers {
        lines.push(Line::styled(format!("{}: {}, {}", o.slice.title(), o.who, r.label(o.category)), th.warn()));
        lines.push(Line::raw(format!("  {}", o.explain())));
    }
    let others: Vec<_> =
        r.prevention.iter().filter(|p| !r.summary.clusters.iter().any(|c| c.category == p.action.category)).collect();
    if !others.is_empty() {
        lines.push(Line::styled("Other prevention actions:", th.accent()));
    }
    for p in others {
        lines.push(Line::raw(format!(
            "  {} since {}: {}",
            r.label(p.action.category),
            p.action.from,
            p.volume.explain()
        )));
    }
    boxed(" Outliers (3x the peer median) ".into(), lines, area, buf);
}
