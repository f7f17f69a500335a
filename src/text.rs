//! Text read from files is data, never terminal commands or markup. Control characters (C0,
//! DEL and the C1 range U+0080-U+009F) are flattened to spaces where text is taken in (names and
//! identifiers are single-line) and escaped as `\u001b` wherever text goes out.

use std::borrow::Cow;

/// A control character a terminal could act on: C0 (below U+0020), DEL, or C1.
pub fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// One line of text: every control character (newlines and tabs too) becomes a space, and the
/// ends are trimmed. For names and identifiers at intake.
pub fn flatten(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_control) {
        return Cow::Borrowed(s);
    }
    let flat: String = s.chars().map(|c| if is_control(c) { ' ' } else { c }).collect();
    Cow::Owned(flat.trim().to_string())
}

/// Text for output: control characters are shown as `\u001b` (JSON's spelling, so JSON stays
/// valid), except newlines and tabs when `keep_lines`.
pub fn escape(s: &str, keep_lines: bool) -> Cow<'_, str> {
    let kept = |c: char| keep_lines && (c == '\n' || c == '\t');
    if !s.chars().any(|c| is_control(c) && !kept(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_control(c) && !kept(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flatten_makes_one_line() {
        assert_eq!(flatten("SMITH\nAppeal withdrawn"), "SMITH Appeal withdrawn");
        assert_eq!(flatten("\u{1b}]0;owned\u{7}JONES\r"), "]0;owned JONES");
        assert_eq!(flatten("A\u{85}B\u{9b}2J"), "A B 2J");
        assert!(matches!(flatten("O'BRIEN-SMITH, ÅSA"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_shows_controls() {
        assert_eq!(escape("a\u{1b}[2Jb", false), "a\\u001b[2Jb");
        assert_eq!(escape("x\u{9b}y\u{0}", false), "x\\u009by\\u0000");
        assert_eq!(escape("line 1\nline 2\tend", true), "line 1\nline 2\tend");
        assert_eq!(escape("line 1\nline 2", false), "line 1\\u000aline 2");
        assert_eq!(escape("\u{7f}", true), "\\u007f");
        assert!(matches!(escape("plain ÅSA", false), Cow::Borrowed(_)));
    }
}
