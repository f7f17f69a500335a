//! The decision dialogs. Each holds what it needs to build its decision; the keys that edit
//! them are in the binding table, the drawing is in `view/dialog.rs`.

use crate::domain::decision::Decision;
use crate::domain::money::Cents;
use crate::domain::tables::Choice;

use super::action::Pending;

/// Which part of a dialog takes typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Field {
    #[default]
    List,
    Note,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Tick the corrected fields, add a note; shows how to resubmit.
    Fix { fields: Vec<(Choice, bool)>, resubmit: String },
    /// Confirm a level 1 appeal and its deadline.
    Appeal { deadline: String },
    /// Pick a write-off reason.
    Close { reasons: Vec<Choice> },
    /// Type an owner (empty: unassign).
    Owner,
    /// Type a note.
    Note,
    /// Confirm undoing the last decision.
    Undo { summary: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dialog {
    pub kind: Kind,
    pub ids: Vec<i64>,
    pub amount: Cents,
    pub cursor: usize,
    pub field: Field,
    pub text: String,
    /// Why the last confirm was refused (shown in the dialog).
    pub problem: Option<String>,
}

impl Dialog {
    pub fn new(kind: Kind, targets: &[(i64, Cents)]) -> Dialog {
        let field = if matches!(kind, Kind::Owner | Kind::Note) { Field::Note } else { Field::List };
        Dialog {
            kind,
            ids: targets.iter().map(|(id, _)| *id).collect(),
            amount: targets.iter().map(|(_, a)| *a).sum(),
            cursor: 0,
            field,
            text: String::new(),
            problem: None,
        }
    }

    pub fn title(&self) -> &'static str {
        match self.kind {
            Kind::Fix { .. } => "Fix and resubmit",
            Kind::Appeal { .. } => "Appeal",
            Kind::Close { .. } => "Close (write off)",
            Kind::Owner => "Assign owner",
            Kind::Note => "Add note",
            Kind::Undo { .. } => "Undo",
        }
    }

    /// "3 items, $1,234.00" or "1 item, $25.00".
    pub fn scope(&self) -> String {
        let n = self.ids.len();
        format!("{n} item{}, {}", if n == 1 { "" } else { "s" }, self.amount)
    }

    fn list_len(&self) -> usize {
        match &self.kind {
            Kind::Fix { fields, .. } => fields.len(),
            Kind::Close { reasons } => reasons.len(),
            _ => 0,
        }
    }

    pub fn takes_text(&self) -> bool {
        self.field == Field::Note && !matches!(self.kind, Kind::Undo { .. })
    }

    pub fn up(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn down(&mut self) {
        if self.cursor + 1 < self.list_len() {
            self.cursor += 1;
        }
    }

    pub fn toggle(&mut self) {
        let c = self.cursor;
        if let Kind::Fix { fields, .. } = &mut self.kind
            && let Some(f) = fields.get_mut(c)
        {
            f.1 = !f.1;
        }
    }

    pub fn switch_field(&mut self) {
        let has_list = self.list_len() > 0;
        let has_note = !matches!(self.kind, Kind::Undo { .. });
        self.field = match self.field {
            Field::List if has_note => Field::Note,
            Field::Note if has_list => Field::List,
            other => other,
        };
    }

    /// The decision to confirm, or what is missing.
    pub fn pending(&self) -> Result<Pending, String> {
        let note = self.text.trim().to_string();
        let decision = match &self.kind {
            Kind::Fix { fields, .. } => {
                let ticked: Vec<String> = fields.iter().filter(|(_, on)| *on).map(|(c, _)| c.code.clone()).collect();
                if ticked.is_empty() {
                    return Err("tick at least one corrected field (space)".into());
                }
                Decision::Fix { fields: ticked, note }
            }
            Kind::Appeal { .. } => Decision::Appeal { note },
            Kind::Close { reasons } => {
                let r = reasons.get(self.cursor).ok_or("pick a reason")?;
                if r.needs_note && note.is_empty() {
                    return Err(format!("'{}' needs a note (Tab to the note)", r.label));
                }
                Decision::Close { reason: r.code.clone(), note }
            }
            Kind::Owner => Decision::Assign { owner: (!note.is_empty()).then_some(note) },
            Kind::Note if note.is_empty() => return Err("type the note first".into()),
            Kind::Note => Decision::Note { text: note },
            Kind::Undo { .. } => return Err("undo is confirmed directly".into()),
        };
        let summary = format!("{} {}", decision.action(), self.scope());
        Ok(Pending { ids: self.ids.clone(), decision, summary })
    }
}
