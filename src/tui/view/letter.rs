//! The letter editor: the appeal letter in a text area, with its claim in the title and
//! whether it is saved.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use crate::tui::app::App;
use crate::tui::letter::LetterEditor;

pub fn render(app: &App, l: &LetterEditor, area: Rect, buf: &mut Buffer) {
    let th = &app.theme;
    let state = if l.unsaved() {
        Span::styled(if l.from_saved { " modified " } else { " not saved yet " }, th.warn())
    } else {
        Span::styled(" saved with the appeal ", th.good())
    };
    let block =
        Block::new().borders(Borders::ALL).title(format!(" {} ", l.title)).title(Line::from(state).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    let [text, hint] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    (&l.area).render(text, buf);
    let export = format!("Export: overturn letter {} -o letter.md (or --format text)", l.id);
    Line::from(Span::styled(export, th.dim())).render(hint, buf);
}
