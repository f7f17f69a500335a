//! Appeal letters: Markdown templates rendered with the claim's data by a template engine in
//! strict mode, so a field the data does not have is an error naming the template line, never
//! a blank in a letter that goes to a payer.
//!
//! A letter is the frame (`letter.md`: addresses, claim facts, enclosures, signature) around a
//! body that argues the denial's root cause (`<category>.md`, else `default.md`). Each file can
//! be overridden in the config directory: `templates/<payer key>/NAME` for one payer (the key is
//! the `payers.csv` row's), `templates/NAME` for all.

mod check;
mod compose;
mod data;
mod export;
mod layout;
mod pdf;
mod plain;
mod profile;
mod profile_save;

use std::path::PathBuf;

use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior, Value};

pub use check::{samples, unfinished};
pub use compose::{Composed, LetterSetup, compose, compose_fresh};
pub use data::{LetterData, LetterInput};
pub use export::{PdfNote, pdf_bytes, pdf_notes, signature};
pub use pdf::{PdfParts, letter_document};
pub use plain::to_plain_text;
pub use profile::{PracticeProfile, unsendable};
pub use profile_save::{save_practice, with_practice};

use crate::domain::vocab::RootCause;

/// Every template shipped in `assets/templates/`.
pub const BUILTIN: &[(&str, &str)] = &[
    ("letter.md", include_str!("../../assets/templates/letter.md")),
    ("default.md", include_str!("../../assets/templates/default.md")),
    ("medical_necessity.md", include_str!("../../assets/templates/medical_necessity.md")),
    ("experimental.md", include_str!("../../assets/templates/experimental.md")),
    ("authorization.md", include_str!("../../assets/templates/authorization.md")),
    ("timely_filing.md", include_str!("../../assets/templates/timely_filing.md")),
    ("coding.md", include_str!("../../assets/templates/coding.md")),
    ("bundling.md", include_str!("../../assets/templates/bundling.md")),
    ("eligibility.md", include_str!("../../assets/templates/eligibility.md")),
    ("coordination_of_benefits.md", include_str!("../../assets/templates/coordination_of_benefits.md")),
    ("missing_documentation.md", include_str!("../../assets/templates/missing_documentation.md")),
    ("duplicate.md", include_str!("../../assets/templates/duplicate.md")),
    ("contractual.md", include_str!("../../assets/templates/contractual.md")),
    ("rate_not_on_file.md", include_str!("../../assets/templates/rate_not_on_file.md")),
    ("provider_enrollment.md", include_str!("../../assets/templates/provider_enrollment.md")),
    ("appeal_procedure.md", include_str!("../../assets/templates/appeal_procedure.md")),
];

/// A template's text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// `assets/templates/coding.md (built in)` or the override's path.
    pub shown: String,
    pub text: String,
}

/// Where templates are looked up.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    config_dir: Option<PathBuf>,
}

impl Templates {
    pub fn new(config_dir: Option<PathBuf>) -> Templates {
        Templates { config_dir }
    }

    /// The first of `names` found: the payer's override, the practice's, then the built-in one.
    fn find(&self, payer_key: Option<&str>, names: &[String]) -> Result<Source, String> {
        for name in names {
            if let Some(dir) = self.config_dir.as_ref().map(|d| d.join("templates")) {
                let candidates = payer_key.map(|k| dir.join(k).join(name)).into_iter().chain([dir.join(name)]);
                if let Some(path) = candidates.into_iter().find(|p| p.is_file()) {
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| format!("letter template {}: cannot read: {e}", path.display()))?;
                    return Ok(Source { shown: path.display().to_string(), text });
                }
            }
            if let Some((_, text)) = BUILTIN.iter().find(|(n, _)| n == name) {
                return Ok(Source { shown: format!("assets/templates/{name} (built in)"), text: text.to_string() });
            }
        }
        Err(format!("no letter template among {}", names.join(", ")))
    }

    /// The body for a root cause: its own template, else `default.md`.
    pub fn body(&self, payer_key: Option<&str>, category: RootCause) -> Result<Source, String> {
        self.find(payer_key, &[format!("{category}.md")]).or_else(|_| self.find(payer_key, &["default.md".to_string()]))
    }

    pub fn frame(&self, payer_key: Option<&str>) -> Result<Source, String> {
        self.find(payer_key, &["letter.md".to_string()])
    }

    /// The whole letter for `data`, as Markdown.
    pub fn render(&self, payer_key: Option<&str>, category: RootCause, data: &LetterData) -> Result<String, String> {
        let body = render_source(&self.body(payer_key, category)?, Value::from(Serde(data)))?;
        let ctx = Value::from(Serde(data));
        let frame = minijinja::context! { body => Value::from_safe_string(body.trim_end().to_string()), ..ctx };
        render_source(&self.frame(payer_key)?, frame)
    }
}

/// Steps a template may take (loops, filters): a letter takes a few hundred; an override that
/// loops without end stops here with an error instead of freezing the desk.
pub const TEMPLATE_FUEL: u64 = 200_000;
/// The largest letter a template may produce.
pub const MAX_LETTER_BYTES: usize = 1024 * 1024;

/// Writes the letter and refuses to grow it past `MAX_LETTER_BYTES`.
struct Limited(Vec<u8>);

impl std::io::Write for Limited {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_LETTER_BYTES {
            return Err(std::io::Error::other("too large"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Values from the ledger are text, not markup: Markdown's marks in them are escaped, so a name
/// can never become a heading, a link or emphasis in a letter (the body, rendered from our own
/// template, is marked safe and goes in as written).
fn as_text(out: &mut minijinja::Output, state: &mut minijinja::State, value: &Value) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(s) if !value.is_safe() => std::fmt::Write::write_str(out, &plain::escape_markdown(s))
            .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write the letter")),
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Renders one template strictly, within `TEMPLATE_FUEL` steps and `MAX_LETTER_BYTES`. The
/// error names the template and quotes its line (template text only: no patient data).
pub fn render_source(source: &Source, ctx: Value) -> Result<String, String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(TEMPLATE_FUEL));
    env.set_formatter(as_text);
    let mut out = Limited(Vec::new());
    let result =
        env.template_from_named_str(&source.shown, &source.text).and_then(|t| t.render_captured_to(ctx, &mut out));
    match result {
        Ok(_) => String::from_utf8(out.0).map_err(|_| format!("letter template {}: not UTF-8 text", source.shown)),
        Err(e) => Err(template_error(source, &e)),
    }
}

fn template_error(source: &Source, e: &minijinja::Error) -> String {
    let line = e.line().and_then(|n| source.text.lines().nth(n.saturating_sub(1)));
    let at = match (e.line(), line) {
        (Some(n), Some(text)) => format!(" line {n}: `{}`", crate::text::escape(text.trim(), false)),
        _ => String::new(),
    };
    let what = match e.kind() {
        minijinja::ErrorKind::OutOfFuel => {
            format!("takes more than {TEMPLATE_FUEL} steps (a loop too long or without end); simplify it")
        }
        minijinja::ErrorKind::WriteFailure => {
            format!("the letter would be larger than {} KiB; simplify the template", MAX_LETTER_BYTES / 1024)
        }
        kind => e.detail().map_or_else(|| kind.to_string(), |d| format!("{kind}: {d}")),
    };
    format!("letter template {}{at}: {what}", source.shown)
}

#[cfg(test)]
mod tests;
