//! PDF output: appeal letters and packets a practice can print, fax or upload, and the owner's
//! reports with their charts drawn as vector graphics.
//!
//! Written with `pdf-writer` (the low-level writer behind Typst: small, no system libraries,
//! well kept) and the PDF standard fonts Helvetica and Helvetica-Bold, which every reader
//! carries: nothing is embedded, nothing has to be installed, and the files stay a few
//! kilobytes. Layout (wrapping, pages, footers, charts) is ours and small.

pub mod chart;
mod flow;
mod fonts;
mod jpeg;
mod page;
mod table;

pub use flow::{Flow, MARGIN, Style, fit};
pub use fonts::{Font, encode, width, wrap};
pub use page::{ACCENT, BLACK, Color, Document, GRAY, Jpeg, PAGE_HEIGHT, PAGE_WIDTH, Page, RULE, WARN};
pub use table::{Column, table};
