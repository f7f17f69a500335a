//! One line of editable text with a cursor: the filter line and the dialogs' fields. The keys
//! are the shell's: ←/→, Home/End (Ctrl-a/Ctrl-e), Backspace/Delete, Ctrl-w (word back),
//! Ctrl-u (to the start), and pasted text (one line: line breaks become spaces).

use ratatui::style::Style;
use ratatui::text::Span;

/// An edit to a text field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Paste(String),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Ctrl-w: the word before the cursor.
    WordBack,
    /// Ctrl-u: everything before the cursor.
    ToStart,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextField {
    pub text: String,
    /// Byte offset of the cursor, always on a character boundary.
    cursor: usize,
}

impl TextField {
    /// A field holding `text`, the cursor at its end.
    pub fn new(text: impl Into<String>) -> TextField {
        let text = text.into();
        TextField { cursor: text.len(), text }
    }

    fn prev(&self) -> usize {
        self.text[..self.cursor].char_indices().next_back().map_or(0, |(i, _)| i)
    }

    fn next(&self) -> usize {
        self.text[self.cursor..].chars().next().map_or(self.cursor, |c| self.cursor + c.len_utf8())
    }

    pub fn apply(&mut self, e: Edit) {
        match e {
            Edit::Insert(c) if !crate::text::is_control(c) => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
            }
            Edit::Insert(_) => {}
            Edit::Paste(s) => {
                let flat = crate::text::flatten(&s).into_owned();
                self.text.insert_str(self.cursor, &flat);
                self.cursor += flat.len();
            }
            Edit::Backspace => {
                let p = self.prev();
                self.text.replace_range(p..self.cursor, "");
                self.cursor = p;
            }
            Edit::Delete => {
                let n = self.next();
                self.text.replace_range(self.cursor..n, "");
            }
            Edit::Left => self.cursor = self.prev(),
            Edit::Right => self.cursor = self.next(),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = self.text.len(),
            Edit::WordBack => {
                let before = &self.text[..self.cursor];
                let trimmed = before.trim_end();
                // The word starts after the last whitespace character, whatever its width in
                // bytes (a no-break space is two).
                let start =
                    trimmed.char_indices().rfind(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            Edit::ToStart => {
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
        }
    }

    /// The text with the cursor drawn on the character under it (a block at the end).
    pub fn spans(&self, active: bool, cursor_style: Style) -> Vec<Span<'static>> {
        if !active {
            return vec![Span::raw(self.text.clone())];
        }
        let (before, rest) = self.text.split_at(self.cursor);
        let mut chars = rest.chars();
        let under = chars.next();
        vec![
            Span::raw(before.to_string()),
            match under {
                Some(c) => Span::styled(c.to_string(), cursor_style),
                None => Span::styled("█", Style::new()),
            },
            Span::raw(chars.as_str().to_string()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: &str, edits: &[Edit]) -> (String, usize) {
        let mut f = TextField::new(start);
        for e in edits {
            f.apply(e.clone());
        }
        (f.text.clone(), f.cursor)
    }

    #[test]
    fn the_shell_keys_edit_where_the_cursor_is() {
        assert_eq!(edit("payer:aetna", &[Edit::Home, Edit::Delete, Edit::Insert('P')]), ("Payer:aetna".into(), 1));
        assert_eq!(edit("cat:elig due:<7", &[Edit::WordBack]), ("cat:elig ".into(), 9));
        assert_eq!(edit("cat:elig due:<7", &[Edit::Left, Edit::Left, Edit::ToStart]), ("<7".into(), 0));
        assert_eq!(edit("ÅSA", &[Edit::Left, Edit::Backspace, Edit::End, Edit::Insert('!')]), ("ÅA!".into(), 4));
        assert_eq!(edit("", &[Edit::Backspace, Edit::Left, Edit::Delete, Edit::Right]), (String::new(), 0));
    }

    #[test]
    fn word_back_after_a_wide_space_keeps_to_character_boundaries() {
        // Found by tests/desk_props.rs: a pasted no-break space followed by Ctrl-w panicked.
        assert_eq!(edit("a\u{a0}𒐀", &[Edit::WordBack]), ("a\u{a0}".into(), 3));
        assert_eq!(edit("x\u{3000}yz", &[Edit::WordBack, Edit::WordBack]), (String::new(), 0));
    }

    #[test]
    fn pasted_text_is_one_line_and_controls_are_not_typed() {
        let (t, _) = edit("note: ", &[Edit::Paste("call\npayer\u{1b}[2J".into()), Edit::Insert('\u{7}')]);
        assert_eq!(t, "note: call payer [2J");
    }
}
