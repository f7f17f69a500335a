//! The decision dialogs: a list to choose or tick from and text inputs, moved between with Tab.
//! What each dialog is for, and the decision it builds, is in `dialog_kinds.rs`; the keys that
//! edit dialogs are in the binding table, the drawing is in `view/dialog.rs`.

use chrono::NaiveDate;

use crate::domain::money::Cents;

use super::text_field::TextField;
use super::view_state::Target;

pub use super::dialog_kinds::Kind;

/// Which part of a dialog has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Field {
    #[default]
    List,
    Input(usize),
}

/// One labelled line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub label: &'static str,
    pub field: TextField,
}

impl Input {
    pub fn new(label: &'static str, text: impl Into<String>) -> Input {
        Input { label, field: TextField::new(text) }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dialog {
    pub kind: Kind,
    pub ids: Vec<i64>,
    /// The items as the biller saw them, when the screen showed their versions: the decision
    /// is refused if any changed since (empty: it applies to the items as they are).
    pub seen: Vec<crate::store::decisions::Seen>,
    pub amount: Cents,
    pub cursor: usize,
    pub field: Field,
    pub inputs: Vec<Input>,
    /// Why the last confirm was refused (shown in the dialog).
    pub problem: Option<String>,
    /// Marked items the decision covers that are not on the screen (scrolled away).
    pub off_screen: usize,
}

impl Dialog {
    pub fn new(kind: Kind, targets: &[Target], today: NaiveDate) -> Dialog {
        let amount: Cents = targets.iter().map(|t| t.amount).sum();
        let inputs = kind.inputs(today);
        let seen = targets
            .iter()
            .map(|t| t.version.map(|version| crate::store::decisions::Seen { id: t.id, version }))
            .collect::<Option<Vec<_>>>()
            .unwrap_or_default();
        let mut d = Dialog {
            kind,
            ids: targets.iter().map(|t| t.id).collect(),
            seen,
            amount,
            cursor: 0,
            field: Field::List,
            inputs,
            problem: None,
            off_screen: 0,
        };
        if d.list_len() == 0 && !d.inputs.is_empty() {
            d.field = Field::Input(0);
        }
        d
    }

    /// "3 items, $1,234.00" or "1 item, $25.00".
    pub fn scope(&self) -> String {
        let n = self.ids.len();
        let hidden = match self.off_screen {
            0 => String::new(),
            k => format!(" ({k} marked off screen: scroll to see them)"),
        };
        format!("{n} item{}, {}{hidden}", if n == 1 { "" } else { "s" }, self.amount)
    }

    pub fn list_len(&self) -> usize {
        self.kind.list_len()
    }

    pub fn takes_text(&self) -> bool {
        matches!(self.field, Field::Input(_))
    }

    /// The input being typed into.
    pub fn active_input(&mut self) -> Option<&mut Input> {
        match self.field {
            Field::Input(i) => self.inputs.get_mut(i),
            Field::List => None,
        }
    }

    /// An input's text by label ("" when the dialog has no such input).
    pub fn value(&self, label: &str) -> &str {
        self.inputs.iter().find(|i| i.label == label).map_or("", |i| i.field.text.trim())
    }

    pub fn up(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn down(&mut self) {
        if self.cursor + 1 < self.list_len() {
            self.cursor += 1;
        }
    }

    pub fn title(&self) -> &'static str {
        self.kind.title()
    }

    /// The decision to confirm, or what is missing.
    pub fn pending(&self) -> Result<super::action::Pending, String> {
        self.kind.pending(self)
    }

    /// Space: ticks the entry under the cursor and moves on, as marking does in the table.
    pub fn toggle(&mut self) {
        self.kind.toggle(self.cursor);
        self.down();
    }

    /// Whether Tab has somewhere to go.
    pub fn has_fields(&self) -> bool {
        usize::from(self.list_len() > 0) + self.inputs.len() > 1
    }

    /// Tab: the list, then each input, then back.
    pub fn switch_field(&mut self) {
        let has_list = self.list_len() > 0;
        let n = self.inputs.len();
        self.field = match self.field {
            Field::List if n > 0 => Field::Input(0),
            Field::Input(i) if i + 1 < n => Field::Input(i + 1),
            Field::Input(_) if has_list => Field::List,
            Field::Input(_) if n > 0 => Field::Input(0),
            other => other,
        };
    }
}
