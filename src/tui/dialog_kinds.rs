//! What each dialog asks for and the decision it builds from the answers.

use chrono::NaiveDate;

use super::action::Pending;
use super::dialog::{Dialog, Input};
use super::effect::PaperJob;
use crate::domain::appeal::{AppealOutcome, PacketEntry, SubmitMethod};
use crate::domain::decision::{BELOW_THRESHOLD, Decision};
use crate::domain::money::Cents;
use crate::domain::tables::Choice;
use crate::domain::vocab::RootCause;

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Tick the corrected fields, add a note; shows how to resubmit.
    /// `refused` holds the rule's refusal when the fix can only go ahead with a recorded reason
    /// (the filing window's last date has passed).
    /// `as_sent`: the claims go back unchanged when nothing is ticked (the No answer tab: the
    /// payer had no record of them).
    Fix { fields: Vec<(Choice, bool)>, resubmit: String, refused: Option<String>, as_sent: bool },
    /// Confirm an appeal: its level and deadline; `refused` holds the rule's refusal when the
    /// appeal can only go ahead with a recorded reason (a passed window, a no-appeal remark).
    Appeal { level: String, deadline: String, refused: Option<String> },
    /// Pick a write-off reason.
    /// Write-off reasons, with why each is not true of the targets (`None`: it is).
    Close { reasons: Vec<Choice>, untrue: Vec<Option<String>> },
    /// Pick an owner on file (or nobody), or type a new one.
    Owner { known: Vec<String> },
    /// Type a note.
    Note,
    /// Confirm undoing the last decision.
    Undo { summary: String },
    /// Tick the appeal's packet items.
    Packet { entries: Vec<PacketEntry> },
    /// How and when the appeal went out; the override reason when required items are missing.
    Submit { methods: Vec<SubmitMethod>, missing: Vec<String> },
    /// Log a follow-up call or portal check.
    FollowUp { next: String },
    /// Record the payer's decision.
    Outcome { outcomes: Vec<AppealOutcome> },
    /// Take a write-off back; `refused` as for an appeal.
    Reopen { reason: String, window: String, refused: Option<String> },
    /// Approve every item under the threshold in the view as a write-off.
    BulkWriteOff { threshold: Cents },
    /// Record what changed upstream against a root cause (RCA tab).
    Prevention { category: RootCause, label: String },
    /// Type a week (`2026-W47`) or a date to jump the RCA tab to it.
    GoToWeek,
    /// Pick what to copy to the clipboard: claim number, payer claim number, member id.
    Copy { values: Vec<(&'static str, String)> },
    /// Type the practice details a letter needs (saved to config.toml), then carry on.
    Practice { keys: Vec<&'static str>, then: (i64, PaperJob) },
}

/// The practice profile's keys as the dialog asks for them.
pub const PRACTICE_FIELDS: &[(&str, &str)] = &[
    ("name", "Practice name"),
    ("address", "Address (lines separated by |)"),
    ("phone", "Phone"),
    ("fax", "Fax (optional)"),
    ("npi", "Billing NPI"),
    ("tin", "TIN"),
    ("contact", "Who signs (optional)"),
    ("title", "Their title (optional)"),
];

/// The label the dialog shows for a profile key.
pub fn practice_label(key: &str) -> &'static str {
    PRACTICE_FIELDS.iter().find(|(k, _)| *k == key).map_or("?", |(_, l)| l)
}

pub const CONFIRMATION: &str = "Confirmation number";
pub const SUBMITTED_ON: &str = "Date submitted";
pub const OVERRIDE: &str = "Override reason";
pub const PAID: &str = "Amount paid";
pub const DECIDED_ON: &str = "Decision date";
pub const INFO_DUE: &str = "Information due by";
pub const NOTE: &str = "Note";
pub const OWNER: &str = "Owner";
pub const WEEK: &str = "Week (2026-W47) or date (2026-11-23)";
pub const FORCE: &str = "Reason to go ahead anyway";
pub const PREVENTION_WHAT: &str = "What changed upstream";
pub const PREVENTION_WHO: &str = "Who owns it";
pub const PREVENTION_FROM: &str = "In effect from";

fn date(label: &str, text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{label}: '{text}' is not a date (YYYY-MM-DD)"))
}

impl Kind {
    pub fn title(&self) -> &'static str {
        match self {
            Kind::Fix { .. } => "Fix and resubmit",
            Kind::Appeal { .. } => "Appeal",
            Kind::Close { .. } => "Close (write off)",
            Kind::Owner { .. } => "Assign owner",
            Kind::Note => "Add note",
            Kind::Undo { .. } => "Undo",
            Kind::Packet { .. } => "Appeal packet",
            Kind::Submit { .. } => "Submit the appeal",
            Kind::FollowUp { .. } => "Follow-up",
            Kind::Outcome { .. } => "Payer's decision",
            Kind::Reopen { .. } => "Reopen",
            Kind::BulkWriteOff { .. } => "Approve small write-offs",
            Kind::Prevention { .. } => "Prevention action",
            Kind::GoToWeek => "Go to week",
            Kind::Copy { .. } => "Copy to the clipboard",
            Kind::Practice { .. } => "Practice details for letters",
        }
    }

    pub fn list_len(&self) -> usize {
        match self {
            Kind::Fix { fields, .. } => fields.len(),
            Kind::Close { reasons, .. } => reasons.len(),
            Kind::Owner { known } => known.len() + 1,
            Kind::Copy { values } => values.len(),
            Kind::Packet { entries } => entries.len(),
            Kind::Submit { methods, .. } => methods.len(),
            Kind::Outcome { outcomes } => outcomes.len(),
            _ => 0,
        }
    }

    /// Whether Space ticks list entries here.
    pub fn ticks(&self) -> bool {
        matches!(self, Kind::Fix { .. } | Kind::Packet { .. })
    }

    pub fn toggle(&mut self, i: usize) {
        match self {
            Kind::Fix { fields, .. } => {
                if let Some(f) = fields.get_mut(i) {
                    f.1 = !f.1;
                }
            }
            Kind::Packet { entries } => {
                if let Some(e) = entries.get_mut(i) {
                    e.done = !e.done;
                }
            }
            _ => {}
        }
    }

    /// The text inputs of this dialog, pre-filled where a default is safe.
    pub fn inputs(&self, today: NaiveDate) -> Vec<Input> {
        match self {
            Kind::Undo { .. } | Kind::Packet { .. } | Kind::BulkWriteOff { .. } => vec![],
            Kind::Owner { .. } => vec![Input::new(OWNER, "")],
            Kind::GoToWeek => vec![Input::new(WEEK, "")],
            Kind::Copy { .. } => vec![],
            Kind::Practice { keys, .. } => keys.iter().map(|k| Input::new(practice_label(k), "")).collect(),
            Kind::Prevention { .. } => vec![
                Input::new(PREVENTION_WHAT, ""),
                Input::new(PREVENTION_WHO, ""),
                Input::new(PREVENTION_FROM, today.to_string()),
            ],
            Kind::Submit { missing, .. } => {
                let mut v = vec![Input::new(CONFIRMATION, ""), Input::new(SUBMITTED_ON, today.to_string())];
                if !missing.is_empty() {
                    v.push(Input::new(OVERRIDE, ""));
                }
                v
            }
            Kind::Outcome { .. } => {
                // No amount is assumed: a stray Enter must not record money as recovered.
                vec![
                    Input::new(PAID, ""),
                    Input::new(DECIDED_ON, today.to_string()),
                    Input::new(INFO_DUE, ""),
                    Input::new(NOTE, ""),
                ]
            }
            Kind::Fix { refused: Some(_), .. }
            | Kind::Appeal { refused: Some(_), .. }
            | Kind::Reopen { refused: Some(_), .. } => vec![Input::new(FORCE, ""), Input::new(NOTE, "")],
            _ => vec![Input::new(NOTE, "")],
        }
    }

    /// The recorded reason to go ahead, required where the rule refused.
    fn force(&self, d: &Dialog) -> Result<String, String> {
        match self {
            Kind::Fix { refused: Some(_), .. }
            | Kind::Appeal { refused: Some(_), .. }
            | Kind::Reopen { refused: Some(_), .. } => {
                let f = d.value(FORCE).trim().to_string();
                if f.is_empty() {
                    return Err(format!("{FORCE}: type it first (it is recorded in the audit trail)"));
                }
                Ok(f)
            }
            _ => Ok(String::new()),
        }
    }

    /// The decision to confirm, or what is missing.
    pub fn pending(&self, d: &Dialog) -> Result<Pending, String> {
        let note = d.value(NOTE).to_string();
        let decision = match self {
            Kind::Fix { fields, as_sent, .. } => {
                let ticked: Vec<String> = fields.iter().filter(|(_, on)| *on).map(|(c, _)| c.code.clone()).collect();
                if ticked.is_empty() && !as_sent {
                    return Err("tick at least one corrected field (Space)".into());
                }
                Decision::Fix { fields: ticked, note, force: self.force(d)? }
            }
            Kind::Appeal { .. } => Decision::Appeal { note, force: self.force(d)? },
            Kind::Close { reasons, untrue } => {
                let r = reasons.get(d.cursor).ok_or("pick a reason")?;
                if let Some(Some(why)) = untrue.get(d.cursor) {
                    return Err(format!("'{}' is not true here: {why}", r.label));
                }
                if r.needs_note && note.is_empty() {
                    return Err(format!("'{}' needs a note (Tab to the note)", r.label));
                }
                Decision::Close { reason: r.code.clone(), note }
            }
            Kind::Owner { known } => {
                // A typed name wins; else the one picked from the list (the last entry: nobody).
                let typed = d.value(OWNER).to_string();
                let owner = if typed.is_empty() { known.get(d.cursor).cloned() } else { Some(typed) };
                Decision::Assign { owner }
            }
            Kind::Note if note.is_empty() => return Err("type the note first".into()),
            Kind::Note => Decision::Note { text: note },
            Kind::Undo { .. }
            | Kind::Prevention { .. }
            | Kind::GoToWeek
            | Kind::Copy { .. }
            | Kind::Practice { .. } => {
                return Err("confirmed directly".into());
            }
            Kind::Packet { entries } => {
                Decision::Packet { done: entries.iter().filter(|e| e.done).map(|e| e.item.clone()).collect() }
            }
            Kind::Submit { methods, missing } => {
                let method = *methods.get(d.cursor).ok_or("pick how it was sent")?;
                let override_reason = d.value(OVERRIDE).to_string();
                if !missing.is_empty() && override_reason.is_empty() {
                    return Err(format!(
                        "required packet items unticked ({}): tick them (p) or give an override reason",
                        missing.join(", ")
                    ));
                }
                let on = date(SUBMITTED_ON, d.value(SUBMITTED_ON))?;
                Decision::Submit { method, on, confirmation: d.value(CONFIRMATION).to_string(), override_reason }
            }
            Kind::FollowUp { .. } => Decision::FollowUp { note },
            Kind::Outcome { outcomes } => {
                let outcome = *outcomes.get(d.cursor).ok_or("pick the payer's decision")?;
                let on = date(DECIDED_ON, d.value(DECIDED_ON))?;
                let paid = match outcome {
                    AppealOutcome::Overturned | AppealOutcome::Partial => Cents::parse_human(d.value(PAID))
                        .map_err(|_| format!("{PAID}: '{}' is not an amount", d.value(PAID)))?,
                    _ => Cents::ZERO,
                };
                let info_due = match outcome {
                    AppealOutcome::InfoRequested => Some(date(INFO_DUE, d.value(INFO_DUE))?),
                    _ => None,
                };
                Decision::Outcome { outcome, on, paid, info_due, note }
            }
            Kind::Reopen { .. } => Decision::Reopen { note, force: self.force(d)? },
            Kind::BulkWriteOff { .. } => Decision::Close { reason: BELOW_THRESHOLD.into(), note: String::new() },
        };
        let summary = format!("{} {}", decision.action().replace('_', "-"), d.scope());
        Ok(Pending { ids: d.ids.clone(), seen: d.seen.clone(), decision, summary })
    }
}
