//! Drawing the desk: `impl Widget for &App`. Everything here only reads the state.

mod detail;
mod detail_appeal;
mod dialog;
mod footer;
mod info;
mod kpi;
mod letter;
mod overlay;
mod rca;
mod table;
pub mod tabs;
pub mod text;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;

use super::app::{App, Focus, WIDE};

/// The smallest terminal the desk draws on (80x24 is the supported size).
pub const MIN_WIDTH: u16 = 70;
pub const MIN_HEIGHT: u16 = 16;

/// Screen row of the first table body row (tabs, info line, table header above it).
pub const TABLE_TOP: u16 = 3;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if self.focus() == Focus::Lock {
            overlay::lock(self, area, buf);
            return;
        }
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            // Below this nothing reads right: say so instead of drawing half a desk.
            let msg = format!(
                "Terminal too small: {}x{}. Overturn needs at least {MIN_WIDTH}x{MIN_HEIGHT}; enlarge it (q quits).",
                area.width, area.height
            );
            ratatui::widgets::Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }).render(area, buf);
            return;
        }
        let [tabs, info, main, status, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        tabs::render(self, tabs, buf);
        info::render(self, info, buf);
        if let Some(l) = &self.letter {
            letter::render(self, l, main, buf);
        } else if self.empty_ledger() {
            overlay::welcome(self, main, buf);
        } else if self.tab.queue().is_none() {
            rca::render(self, main, buf);
        } else if self.detail_open && self.width < WIDE {
            detail::render(self, main, buf);
        } else if self.width >= WIDE {
            let [left, right] = Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(main);
            table::render(self, left, buf);
            detail::render(self, right, buf);
        } else {
            table::render(self, main, buf);
        }
        if let Some(buckets) = self.aging.as_ref().filter(|_| self.letter.is_none()) {
            overlay::aging(self, buckets, main, buf);
        }
        if let Some(t) = self.writeoff_totals.as_ref().filter(|_| self.letter.is_none()) {
            overlay::writeoff_totals(self, t, main, buf);
        }
        footer::status(self, status, buf);
        footer::hints(self, footer, buf);
        if self.help_open {
            overlay::help(self, area, buf);
        }
        if let Some(d) = &self.dialog {
            dialog::render(self, d, area, buf);
        }
    }
}
