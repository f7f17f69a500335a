//! The two fonts Overturn's PDFs use: Helvetica and Helvetica-Bold, two of the fourteen
//! standard fonts every PDF reader carries (PDF 32000-1:2008, 9.6.2.2), so nothing is embedded
//! and no font has to be installed. Text is encoded in WinAnsiEncoding (Annex D); widths are
//! Adobe's published metrics (Helvetica.afm and Helvetica-Bold.afm, 1/1000 of the font size),
//! used to wrap lines and to right-align figures.

use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    Regular,
    Bold,
}

impl Font {
    /// The resource name the page content refers to.
    pub fn resource(self) -> &'static [u8] {
        match self {
            Font::Regular => b"F1",
            Font::Bold => b"F2",
        }
    }

    pub fn base_name(self) -> &'static [u8] {
        match self {
            Font::Regular => b"Helvetica",
            Font::Bold => b"Helvetica-Bold",
        }
    }
}

/// WinAnsi codes 32..=126, Helvetica.
#[rustfmt::skip]
const REGULAR: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// WinAnsi codes 32..=126, Helvetica-Bold.
#[rustfmt::skip]
const BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/// One character in WinAnsiEncoding, with its width in 1/1000 em; `None` when the encoding
/// has no such character (it prints as `?`).
fn encode_char(c: char, font: Font) -> Option<(u8, u16)> {
    let table = match font {
        Font::Regular => &REGULAR,
        Font::Bold => &BOLD,
    };
    let bold = font == Font::Bold;
    let pick = |regular: u16, heavy: u16| if bold { heavy } else { regular };
    Some(match c {
        ' '..='~' => (c as u8, table[c as usize - 32]),
        '\u{2018}' => (0x91, pick(222, 278)),
        '\u{2019}' => (0x92, pick(222, 278)),
        '\u{201c}' => (0x93, pick(333, 500)),
        '\u{201d}' => (0x94, pick(333, 500)),
        '\u{2022}' => (0x95, 350),
        '\u{2013}' => (0x96, 556),
        '\u{2014}' => (0x97, 1000),
        '\u{2026}' => (0x85, 1000),
        '\u{20ac}' => (0x80, 556),
        '\u{a0}' => (0xa0, 278),
        // Latin-1 letters and signs share their codes with WinAnsi; a letter's width is
        // close to its base letter's, which is all line wrapping needs.
        '\u{a1}'..='\u{ff}' => (c as u32 as u8, pick(556, 611)),
        _ => return None,
    })
}

/// Text as the font's bytes: control characters shown as `\u001b` first (nothing read from a
/// file reaches any output raw), anything the encoding lacks as `?`.
pub fn encode(text: &str, font: Font) -> Vec<u8> {
    let shown: Cow<'_, str> = crate::text::escape(text, false);
    shown.chars().map(|c| encode_char(c, font).map_or(b'?', |(b, _)| b)).collect()
}

/// The width of `text` in points at `size`.
pub fn width(text: &str, font: Font, size: f32) -> f32 {
    let shown: Cow<'_, str> = crate::text::escape(text, false);
    let units: u32 = shown.chars().map(|c| u32::from(encode_char(c, font).map_or(556, |(_, w)| w))).sum();
    units as f32 * size / 1000.0
}

/// `text` broken into lines no wider than `max` points, at spaces; a word wider than a line
/// is cut where it must be. Line breaks in `text` are kept.
pub fn wrap(text: &str, font: Font, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if width(&candidate, font, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut rest = word.to_string();
            while width(&rest, font, size) > max {
                let cut = (1..rest.chars().count())
                    .rev()
                    .map(|n| rest.char_indices().nth(n).map_or(rest.len(), |(i, _)| i))
                    .find(|&i| width(&rest[..i], font, size) <= max)
                    .unwrap_or_else(|| rest.char_indices().nth(1).map_or(rest.len(), |(i, _)| i));
                lines.push(rest[..cut].to_string());
                rest = rest[cut..].to_string();
            }
            line = rest;
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_adobes_metrics() {
        // Helvetica.afm: H 722, e 556, l 222, o 556; Helvetica-Bold.afm: H 722, e 556, l 278, o 611.
        assert!((width("Hello", Font::Regular, 10.0) - 22.78).abs() < 0.001);
        assert!((width("Hello", Font::Bold, 10.0) - 24.45).abs() < 0.001);
        // WinAnsi 0x27 is quotesingle (191), not the AFM's quoteright at code 39.
        assert!((width("'", Font::Regular, 1000.0) - 191.0).abs() < 0.001);
    }

    #[test]
    fn encoding_escapes_controls_and_marks_what_it_lacks() {
        assert_eq!(encode("a\u{1b}[2J", Font::Regular), b"a\\u001b[2J".to_vec());
        assert_eq!(encode("\u{2019}\u{2014}é", Font::Regular), vec![0x92, 0x97, 0xe9]);
        assert_eq!(encode("\u{4e2d}", Font::Bold), b"?".to_vec());
    }

    #[test]
    fn wrapping_keeps_lines_within_the_width_and_every_word() {
        let text = "Please reprocess the claim and pay the amount in dispute within thirty days of this letter.";
        let lines = wrap(text, Font::Regular, 10.0, 150.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| width(l, Font::Regular, 10.0) <= 150.0), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        let long = wrap(&"W".repeat(40), Font::Bold, 10.0, 100.0);
        assert!(long.len() > 1 && long.iter().all(|l| width(l, Font::Bold, 10.0) <= 100.0));
        assert_eq!(long.concat(), "W".repeat(40));
        assert_eq!(wrap("a\n\nb", Font::Regular, 10.0, 100.0), vec!["a", "", "b"]);
    }
}
