//! Whole-screen and floating views: lock, welcome, help, aging.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::store::queue::QueueTotal;
use crate::store::writeoffs::{PERIODS, WriteOffTotals};
use crate::tui::app::App;
use crate::tui::keymap::{BINDINGS, base_scope};

/// A centred rectangle of at most `w` x `h`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))]).flex(Flex::Center).areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))]).flex(Flex::Center).areas(v);
    r
}

fn boxed(title: &str, lines: Vec<Line<'static>>, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    Paragraph::new(lines)
        .block(Block::new().borders(Borders::ALL).title(format!(" {title} ")))
        .wrap(Wrap { trim: false })
        .render(area, buf);
}

/// Shown after the idle time: no patient data on screen until a key is pressed.
pub fn lock(app: &App, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    let lines = vec![
        Line::from(Span::styled("Overturn is locked", app.theme.accent())),
        Line::raw(""),
        Line::raw("Patient data is hidden after a period without input."),
        Line::raw("Press any key to continue."),
    ];
    let r = centered(area, 60, 6);
    Paragraph::new(lines).centered().render(r, buf);
}

pub fn welcome(app: &App, area: Rect, buf: &mut Buffer) {
    let th = &app.theme;
    let lines = vec![
        Line::from(Span::styled("Welcome to Overturn", th.accent())),
        Line::raw(""),
        Line::raw("This ledger has no work yet. Import the day's files from a shell:"),
        Line::raw(""),
        Line::from(Span::styled("  overturn import remits.835 acks.277 denials.csv", th.warn())),
        Line::raw(""),
        Line::raw("835 remits, 277CA acknowledgements and denial spreadsheets are"),
        Line::raw("recognised by their content. Then run overturn again."),
        Line::raw(""),
        Line::from(vec![
            Span::raw("Or press "),
            Span::styled("D", th.accent()),
            Span::raw(" to open the demo ledger (a generated month"),
        ]),
        Line::raw("of a small practice, kept in its own file), or q to quit."),
    ];
    let r = centered(area, 72, 13);
    boxed("Empty ledger", lines, r, buf);
}

pub fn aging(app: &App, b: &[QueueTotal; 4], area: Rect, buf: &mut Buffer) {
    let names = ["0-30 days", "31-60 days", "61-90 days", "over 90 days"];
    let mut lines =
        vec![Line::from(Span::styled(format!("{} by days since the denial", app.tab.title()), app.theme.accent()))];
    for (n, t) in names.iter().zip(b) {
        lines.push(Line::raw(format!("  {n:<13} {:>7} items {:>14}", t.count, t.amount.to_string())));
    }
    lines.push(Line::from(Span::styled("  Esc closes", app.theme.dim())));
    boxed("Aging", lines, centered(area, 52, 9), buf);
}

pub fn writeoff_totals(app: &App, t: &WriteOffTotals, area: Rect, buf: &mut Buffer) {
    let label = |code: &str| {
        app.tables.writeoff_reasons.iter().find(|r| r.code == code).map_or(code.to_string(), |r| r.label.clone())
    };
    // Four periods of "count  dollars" (13 columns each); the reason takes what is left.
    let width = area.width.min(110);
    let name_w = usize::from(width.saturating_sub(2)).saturating_sub(4 * 13).max(12);
    let head = PERIODS.iter().map(|p| format!("{p:>13}")).collect::<String>();
    let mut lines = vec![
        Line::from(Span::styled("Written off, by reason: items and dollars", app.theme.accent())),
        Line::from(Span::styled(format!("{:<name_w$}{head}", ""), app.theme.header())),
    ];
    let row = |name: &str, totals: &[QueueTotal; 4]| {
        let cells: String =
            totals.iter().map(|x| format!(" {:>4} {:>7}", x.count, super::text::compact(x.amount))).collect();
        format!("{:<name_w$}{cells}", super::text::cut(name, name_w.saturating_sub(1)))
    };
    for (code, totals) in &t.rows {
        lines.push(Line::raw(row(&label(code), totals)));
    }
    lines.push(Line::from(Span::styled(row("All reasons", &t.all), app.theme.header())));
    lines.push(Line::from(Span::styled("the tab's filter applies · T or Esc closes", app.theme.dim())));
    let h = (lines.len() as u16 + 2).min(area.height);
    boxed("Write-off totals", lines, centered(area, width, h), buf);
}

pub fn help(app: &App, area: Rect, buf: &mut Buffer) {
    let th = &app.theme;
    let here = base_scope(app);
    let mut lines: Vec<Line> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let this_tab = |b: &&crate::tui::keymap::Binding| b.tabs.is_empty() || b.tabs.contains(&app.tab);
    for b in BINDINGS.iter().filter(|b| b.scopes.contains(&here)).filter(this_tab) {
        if seen.contains(&b.help) {
            continue;
        }
        seen.push(b.help);
        let mut spans = vec![Span::styled(format!("{:>9} ", b.label), th.accent()), Span::raw(b.help.to_string())];
        if let Err(why) = (b.check)(app) {
            spans.push(Span::styled(format!(" ({why})"), th.dim()));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(Span::styled(
        "In dialogs: ↑↓ choose, Space tick, Tab next field, Enter confirm, Esc cancel. Letter: C-s save, Esc close",
        th.dim(),
    )));
    lines.push(Line::from(Span::styled(
        "DUE: !N within a week, !!-N overdue. Mouse: click tabs and rows; wheel scrolls",
        th.dim(),
    )));
    let box_area = centered(area, area.width.saturating_sub(4).min(160), area.height.saturating_sub(2));
    Clear.render(box_area, buf);
    let block = Block::new().borders(Borders::ALL).title(" Keys (? or Esc closes; j/k scroll) ");
    let inner = block.inner(box_area);
    block.render(box_area, buf);
    let rows = usize::from(inner.height.max(1));
    // Two columns only where each is as wide as a whole line and everything fits; otherwise one
    // column that wraps and scrolls (80x24 shows the first rows and says there is more).
    if inner.width >= 150 && lines.len() <= 2 * rows {
        let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(inner);
        let split = lines.len().div_ceil(2);
        let rest = lines.split_off(split);
        Paragraph::new(lines).render(left, buf);
        Paragraph::new(rest).render(right, buf);
        return;
    }
    let total = super::text::wrapped_rows(&lines, inner.width);
    let scroll = usize::from(app.help_scroll).min(total.saturating_sub(rows));
    Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll as u16, 0)).render(inner, buf);
    if scroll + rows < total {
        let more = format!(" ↓ {} more lines (j, PgDn) ", total - scroll - rows);
        let x = box_area.x + box_area.width.saturating_sub(more.chars().count() as u16 + 2);
        buf.set_string(x, box_area.y + box_area.height - 1, more, th.accent());
    }
}
