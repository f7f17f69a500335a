//! Text laid out top to bottom between margins, wrapped to the width and continued on a new
//! page when the page is full; a footer ("page N of M" and what the document is) is drawn on
//! every page once the page count is known.

use super::fonts::{Font, width, wrap};
use super::page::{Color, Document, PAGE_HEIGHT, PAGE_WIDTH, Page};

/// One inch.
pub const MARGIN: f32 = 72.0;
/// Where the footer's baseline sits.
const FOOTER_Y: f32 = 36.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub font: Font,
    pub size: f32,
    pub color: Color,
}

impl Style {
    pub const fn new(font: Font, size: f32, color: Color) -> Style {
        Style { font, size, color }
    }

    /// The distance between baselines.
    pub fn leading(&self) -> f32 {
        self.size * 1.35
    }
}

pub struct Flow {
    doc: Document,
    /// The next baseline is below this.
    y: f32,
    pub left: f32,
    pub right: f32,
    bottom: f32,
}

impl Flow {
    pub fn new(title: &str) -> Flow {
        let mut doc = Document::new(title);
        doc.add_page();
        Flow { doc, y: PAGE_HEIGHT - MARGIN, left: MARGIN, right: PAGE_WIDTH - MARGIN, bottom: MARGIN }
    }

    pub fn doc_mut(&mut self) -> &mut Document {
        &mut self.doc
    }

    pub fn width(&self) -> f32 {
        self.right - self.left
    }

    /// How far down the page the flow has come (the top of the next line).
    pub fn y(&self) -> f32 {
        self.y
    }

    pub fn page(&mut self) -> &mut Page {
        self.doc.pages_mut().last_mut().expect("a flow always has a page")
    }

    pub fn new_page(&mut self) {
        self.doc.add_page();
        self.y = PAGE_HEIGHT - MARGIN;
    }

    /// Starts a new page unless `height` points still fit on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.y - height < self.bottom {
            self.new_page();
        }
    }

    pub fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    /// Takes `height` points of the page (a new page when they do not fit) and returns the
    /// bottom of the space taken, for drawing in it.
    pub fn take(&mut self, height: f32) -> f32 {
        self.ensure(height);
        self.y -= height;
        self.y
    }

    /// One line of text, not wrapped (cut with an ellipsis when it is too wide).
    pub fn line(&mut self, text: &str, style: Style) {
        let shown = fit(text, style, self.width());
        self.ensure(style.leading());
        self.y -= style.leading();
        let (x, y) = (self.left, self.y + (style.leading() - style.size));
        self.page().text(x, y, style.font, style.size, style.color, &shown);
    }

    /// Text wrapped to the width, `indent` points in from the left margin; a line that
    /// starts a page break carries on at the top of the next page.
    pub fn paragraph(&mut self, text: &str, style: Style, indent: f32) {
        for l in wrap(text, style.font, style.size, self.width() - indent) {
            self.ensure(style.leading());
            self.y -= style.leading();
            let (x, y) = (self.left + indent, self.y + (style.leading() - style.size));
            self.page().text(x, y, style.font, style.size, style.color, &l);
        }
    }

    /// A heading, kept on the page with the `keep` points that follow it.
    pub fn heading(&mut self, text: &str, style: Style, keep: f32) {
        self.ensure(style.leading() + keep);
        self.gap(8.0);
        self.line(text, style);
    }

    /// A thin rule across the text width.
    pub fn rule(&mut self, color: Color) {
        self.ensure(8.0);
        self.y -= 4.0;
        let (l, r, y) = (self.left, self.right, self.y);
        self.page().line((l, y), (r, y), 0.6, color);
        self.y -= 4.0;
    }

    /// The document with a footer on every page: `label` on the left, "Page N of M" on the right.
    pub fn finish(mut self, label: &str, style: Style) -> Document {
        let count = self.doc.pages().len();
        let (left, right) = (self.left, self.right);
        let label = fit(label, style, (right - left) * 0.75);
        for (i, page) in self.doc.pages_mut().iter_mut().enumerate() {
            page.text(left, FOOTER_Y, style.font, style.size, style.color, &label);
            page.text_right(
                right,
                FOOTER_Y,
                style.font,
                style.size,
                style.color,
                &format!("Page {} of {count}", i + 1),
            );
        }
        self.doc
    }
}

/// `text` cut to `max` points, ending in "..." when cut.
pub fn fit(text: &str, style: Style, max: f32) -> String {
    if width(text, style.font, style.size) <= max {
        return text.to_string();
    }
    let mut out: String = text.to_string();
    while !out.is_empty() && width(&format!("{out}..."), style.font, style.size) > max {
        out.pop();
    }
    format!("{}...", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::page::BLACK;

    const BODY: Style = Style::new(Font::Regular, 10.0, BLACK);

    #[test]
    fn a_long_text_runs_onto_more_pages_and_every_page_is_numbered() {
        let mut flow = Flow::new("t");
        for i in 0..120 {
            flow.paragraph(&format!("Paragraph {i} says something worth reading twice."), BODY, 0.0);
        }
        let doc = flow.finish("Claim 123", BODY);
        let n = doc.pages().len();
        assert!(n >= 3, "{n} pages");
        for (i, page) in doc.pages().iter().enumerate() {
            assert!(page.shown().contains(&format!("Page {} of {n}", i + 1)));
            assert!(page.shown().contains(&"Claim 123".to_string()));
        }
        let all = doc.text().join("\n");
        assert!(all.contains("Paragraph 0 says") && all.contains("Paragraph 119 says"));
    }

    #[test]
    fn a_line_too_wide_is_cut_with_an_ellipsis() {
        let cut = fit(&"x".repeat(500), BODY, 100.0);
        assert!(cut.ends_with("...") && width(&cut, Font::Regular, 10.0) <= 100.0);
        assert_eq!(fit("short", BODY, 100.0), "short");
    }
}
