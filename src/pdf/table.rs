//! A table in the flow: a bold header with a rule under it, one line per row (a cell too wide
//! for its column is cut with "..."), numbers right-aligned, the header repeated on a new page.

use super::flow::{Flow, Style, fit};
use super::fonts::Font;
use super::page::{BLACK, GRAY, RULE};

const HEAD: Style = Style::new(Font::Bold, 8.0, GRAY);
const CELL: Style = Style::new(Font::Regular, 8.5, BLACK);
const ROW: f32 = 12.5;

pub struct Column {
    pub title: &'static str,
    /// A share of the text width (the shares of a table add up to 1 or less).
    pub share: f32,
    pub right: bool,
}

impl Column {
    pub const fn left(title: &'static str, share: f32) -> Column {
        Column { title, share, right: false }
    }

    pub const fn right(title: &'static str, share: f32) -> Column {
        Column { title, share, right: true }
    }
}

fn row(flow: &mut Flow, cols: &[Column], cells: &[String], style: Style) {
    let bottom = flow.take(ROW);
    let (mut x, total) = (flow.left, flow.width());
    for (col, cell) in cols.iter().zip(cells) {
        let w = col.share * total;
        let shown = fit(cell, style, w - 6.0);
        let page = flow.page();
        if col.right {
            page.text_right(x + w - 6.0, bottom + 3.5, style.font, style.size, style.color, &shown);
        } else {
            page.text(x, bottom + 3.5, style.font, style.size, style.color, &shown);
        }
        x += w;
    }
}

fn header(flow: &mut Flow, cols: &[Column]) {
    let titles: Vec<String> = cols.iter().map(|c| c.title.to_string()).collect();
    row(flow, cols, &titles, HEAD);
    let (l, r, y) = (flow.left, flow.right, flow.y() + 1.0);
    flow.page().line((l, y), (r, y), 0.5, RULE);
}

pub fn table(flow: &mut Flow, cols: &[Column], rows: &[Vec<String>]) {
    flow.ensure(ROW * 3.0);
    header(flow, cols);
    for cells in rows {
        let before = flow.doc_mut().pages().len();
        flow.ensure(ROW);
        if flow.doc_mut().pages().len() != before {
            header(flow, cols);
        }
        row(flow, cols, cells, CELL);
    }
}
