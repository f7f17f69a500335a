//! Charts drawn as vector shapes (crisp at any zoom, on paper and in a fax): horizontal bars
//! with labels and values, a row of columns (a weekly trend), and a line with an optional
//! target. Each takes the box it is drawn in and scales to the largest value.

use super::flow::fit;
use super::fonts::Font;
use super::page::{ACCENT, BLACK, Color, GRAY, Page, RULE, WARN};
use super::{Style, width};

const LABEL: Style = Style::new(Font::Regular, 8.5, BLACK);
const SMALL: Style = Style::new(Font::Regular, 7.0, GRAY);

/// One bar: its label, its value (the bar's length) and the text shown after it.
pub struct Bar {
    pub label: String,
    pub value: u64,
    pub shown: String,
    pub highlight: bool,
}

/// Height of one bar's row.
pub const BAR_ROW: f32 = 15.0;

/// Horizontal bars, one row each from `top` down, labels in the first `label_width` points.
pub fn hbars(page: &mut Page, left: f32, top: f32, total_width: f32, label_width: f32, bars: &[Bar]) {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let value_width = bars.iter().map(|b| width(&b.shown, LABEL.font, LABEL.size)).fold(0.0, f32::max) + 6.0;
    let span = (total_width - label_width - value_width).max(10.0);
    for (i, b) in bars.iter().enumerate() {
        let y = top - BAR_ROW * (i as f32 + 1.0);
        let label = fit(&b.label, LABEL, label_width - 6.0);
        page.text(left, y + 4.0, LABEL.font, LABEL.size, LABEL.color, &label);
        let len = (b.value as f32 / max as f32 * span).max(if b.value > 0 { 1.0 } else { 0.0 });
        let color = if b.highlight { ACCENT } else { RULE };
        page.fill_rect(left + label_width, y + 2.0, len, BAR_ROW - 5.0, color);
        page.text(left + label_width + len + 4.0, y + 4.0, LABEL.font, LABEL.size, LABEL.color, &b.shown);
    }
}

/// Columns for a series (oldest first), the last one highlighted; labels under the first and
/// last column when given.
pub fn columns(page: &mut Page, left: f32, bottom: f32, w: f32, h: f32, values: &[u64], ends: Option<(&str, &str)>) {
    if values.is_empty() {
        return;
    }
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    let step = w / values.len() as f32;
    page.line((left, bottom), (left + w, bottom), 0.5, GRAY);
    for (i, v) in values.iter().enumerate() {
        let bar_h = *v as f32 / max as f32 * h;
        let color = if i + 1 == values.len() { ACCENT } else { RULE };
        page.fill_rect(left + step * i as f32 + step * 0.15, bottom, step * 0.7, bar_h, color);
    }
    if let Some((first, last)) = ends {
        page.text(left, bottom - 8.0, SMALL.font, SMALL.size, SMALL.color, first);
        page.text_right(left + w, bottom - 8.0, SMALL.font, SMALL.size, SMALL.color, last);
    }
}

/// A line through `values` (oldest first) with a dot on the last, and a dashed-looking target
/// line (short segments) when `target` is given; values and target in the same unit.
pub fn line(page: &mut Page, left: f32, bottom: f32, w: f32, h: f32, values: &[Option<f64>], target: Option<f64>) {
    let max = values.iter().flatten().copied().chain(target).fold(0.0_f64, f64::max).max(f64::MIN_POSITIVE);
    let y_of = |v: f64| bottom + (v / max) as f32 * h;
    page.line((left, bottom), (left + w, bottom), 0.5, GRAY);
    if let Some(t) = target {
        let y = y_of(t);
        let mut x = left;
        while x < left + w {
            page.line((x, y), ((x + 4.0).min(left + w), y), 0.6, WARN);
            x += 7.0;
        }
    }
    let step = if values.len() > 1 { w / (values.len() - 1) as f32 } else { 0.0 };
    let points: Vec<(f32, f32)> =
        values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (left + step * i as f32, y_of(v)))).collect();
    page.polyline(&points, 1.4, ACCENT);
    if let Some(&(x, y)) = points.last() {
        page.fill_rect(x - 2.0, y - 2.0, 4.0, 4.0, ACCENT);
    }
}

/// A small legend swatch and its text.
pub fn key(page: &mut Page, x: f32, y: f32, color: Color, text: &str) {
    page.fill_rect(x, y, 8.0, 6.0, color);
    page.text(x + 11.0, y, SMALL.font, SMALL.size, SMALL.color, text);
}
