//! The letter editor's state: a real text area over the appeal's letter, and whether it holds
//! changes not yet saved with the appeal.

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{TextArea, WrapMode};

#[derive(Debug, Clone)]
pub struct LetterEditor {
    pub id: i64,
    /// Shown in the title: the claim and the appeal level.
    pub title: String,
    /// True when the text came from the appeal (saved before), false for a fresh rendering.
    pub from_saved: bool,
    pub area: TextArea<'static>,
    /// The text as last saved (or as rendered, for a letter never saved).
    saved_text: Option<String>,
    /// A save is on its way: the text it carries.
    pub saving: Option<String>,
    /// Esc pressed once over unsaved changes: a second Esc discards them.
    pub discard_armed: bool,
    /// The text as loaded or last rendered, to tell an edited letter from an untouched one.
    loaded_text: String,
    /// Ctrl-R pressed once over an edited or saved letter: a second Ctrl-R starts over.
    pub reset_armed: bool,
}

impl LetterEditor {
    pub fn new(id: i64, title: String, text: &str, from_saved: bool) -> LetterEditor {
        let mut area = TextArea::new(text.lines().map(str::to_string).collect());
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        LetterEditor {
            id,
            title,
            from_saved,
            area,
            saved_text: from_saved.then(|| text.to_string()),
            saving: None,
            discard_armed: false,
            loaded_text: text.to_string(),
            reset_armed: false,
        }
    }

    /// Starting over from the template would replace work: the text was edited since it was
    /// loaded or rendered, or it is the letter saved with the appeal.
    pub fn reset_loses_work(&self) -> bool {
        let text = self.text();
        let edited = self.loaded_text.trim_end() != text.trim_end();
        edited || self.saved_text.as_deref().is_some_and(|s| s.trim_end() == text.trim_end())
    }

    pub fn text(&self) -> String {
        let mut t = self.area.lines().join("\n");
        t.push('\n');
        t
    }

    /// Changes not yet saved with the appeal (a fresh rendering counts as unsaved).
    pub fn unsaved(&self) -> bool {
        self.saved_text.as_deref().is_none_or(|s| s.trim_end() != self.text().trim_end())
    }

    pub fn key(&mut self, key: KeyEvent) {
        self.discard_armed = false;
        self.reset_armed = false;
        self.area.input(key);
    }

    /// Pasted text goes in where the cursor is (line breaks kept; other control characters
    /// dropped, so a paste cannot put an escape sequence into a letter).
    pub fn paste(&mut self, text: &str) {
        self.discard_armed = false;
        self.reset_armed = false;
        let clean: String =
            text.replace("\r\n", "\n").chars().filter(|c| *c == '\n' || !crate::text::is_control(*c)).collect();
        self.area.insert_str(clean);
    }

    /// The save went through.
    pub fn saved(&mut self) {
        if let Some(t) = self.saving.take() {
            self.saved_text = Some(t);
            self.from_saved = true;
        }
    }

    /// Replaces the text (a fresh rendering from the template), keeping what was saved.
    pub fn replace(&mut self, text: &str) {
        let mut area = TextArea::new(text.lines().map(str::to_string).collect());
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        self.area = area;
        self.loaded_text = text.to_string();
        self.discard_armed = false;
        self.reset_armed = false;
    }
}
