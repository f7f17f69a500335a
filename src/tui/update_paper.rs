//! Paper from the desk: x / X write the selected appeal's letter or whole packet as a PDF; a
//! letter key pressed before the practice's details are known opens a dialog that asks for
//! them, saves them to config.toml, and then does what the key was for.

use super::action::Action;
use super::app::{App, Status};
use super::dialog::{Dialog, Kind};
use super::dialog_kinds::practice_label;
use super::effect::Effect;

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::WritePdf { packet } => {
            let Some(id) = app.selected().map(|r| r.id) else { return Vec::new() };
            vec![Effect::WritePdf { id, packet }]
        }
        Action::PracticeNeeded { missing, id, job } => {
            app.dialog = Some(Dialog::new(Kind::Practice { keys: missing, then: (id, job) }, &[], app.today));
            app.status = Some(Status::Info("letters need the practice's details first".into()));
            Vec::new()
        }
        Action::PracticeSaved { summary, then } => {
            app.dialog = None;
            app.status = Some(Status::Info(summary));
            then.map(|(id, job)| vec![job.effect(id)]).unwrap_or_default()
        }
        Action::PdfWritten(said) => {
            app.status = Some(Status::Info(said));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// What is wrong with a typed value, if anything.
fn check(key: &str, value: &str) -> Result<(), String> {
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    match key {
        "npi" if !crate::domain::npi::is_valid(value) => {
            Err(format!("{}: '{value}' is not an NPI (ten digits, the last a check digit)", practice_label(key)))
        }
        "tin" if digits.len() != 9 || value.chars().any(|c| !c.is_ascii_digit() && c != '-') => {
            Err(format!("{}: '{value}' is not a TIN (nine digits, as 12-3456789)", practice_label(key)))
        }
        _ => Ok(()),
    }
}

/// Enter in the practice dialog: every required detail typed and plausible, then saved.
pub fn confirm_practice(app: &mut App) -> Vec<Effect> {
    let Some(d) = app.dialog.as_mut() else { return Vec::new() };
    let Kind::Practice { keys, then } = &d.kind else { return Vec::new() };
    let mut values = Vec::new();
    for key in keys {
        let typed = crate::text::flatten(d.value(practice_label(key))).trim().to_string();
        if typed.is_empty() {
            if matches!(*key, "fax" | "contact" | "title") {
                continue;
            }
            d.problem = Some(format!("{}: type it first (payers need it on an appeal)", practice_label(key)));
            return Vec::new();
        }
        if let Err(why) = check(key, &typed) {
            d.problem = Some(why);
            return Vec::new();
        }
        let value = match *key {
            "address" => typed.split('|').map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n"),
            _ => typed,
        };
        values.push((*key, value));
    }
    vec![Effect::SavePractice { values, then: Some(*then) }]
}
