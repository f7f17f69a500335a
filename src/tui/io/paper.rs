//! The desk's paper: an appeal's letter or whole packet written as a PDF into the letters
//! folder (never over a file already there), and the practice profile typed into the desk
//! saved to config.toml. Knows nothing of the terminal.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::DeskIo;
use crate::letters;
use crate::store::StoreError;
use crate::tui::action::Action;
use crate::tui::effect::PaperJob;

/// Where PDFs go and where config.toml lives.
pub struct PaperSetup {
    pub dir: PathBuf,
    pub config_dir: Option<PathBuf>,
}

/// `stem.pdf`, else `stem-2.pdf`, `stem-3.pdf`, ...: the first name not taken in `dir`.
fn free_name(dir: &Path, stem: &str) -> PathBuf {
    (1..)
        .map(|n| dir.join(if n == 1 { format!("{stem}.pdf") } else { format!("{stem}-{n}.pdf") }))
        .find(|p| !p.exists() && p.symlink_metadata().is_err())
        .expect("an unbounded range finds a free name")
}

impl DeskIo {
    /// PDFs go into `dir` (made private when missing); the profile is saved under `config_dir`.
    pub fn with_paper(mut self, dir: PathBuf, config_dir: Option<PathBuf>) -> DeskIo {
        self.paper = Some(PaperSetup { dir, config_dir });
        self
    }

    /// Asks for what the profile lacks: the required keys, and the optional ones never set.
    fn practice_needed(&self, id: i64, job: PaperJob) -> Action {
        let p = &self.practice;
        let mut missing = p.missing();
        for (key, value) in [("fax", &p.fax), ("contact", &p.contact), ("title", &p.title)] {
            if value.is_none() {
                missing.push(key);
            }
        }
        Action::PracticeNeeded { missing, id, job }
    }

    fn is_incomplete(&self, why: &str) -> bool {
        self.practice.incomplete().as_deref() == Some(why)
    }

    /// The letter editor's first load: asks for the profile instead of failing without it.
    pub(super) fn open_letter(
        &self,
        id: i64,
        composed: Result<letters::Composed, String>,
    ) -> Result<Vec<Action>, StoreError> {
        match composed {
            Ok(c) => Ok(vec![Action::LetterLoaded { id, composed: Box::new(c), fresh: false }]),
            Err(why) if self.is_incomplete(&why) => Ok(vec![self.practice_needed(id, PaperJob::Edit)]),
            Err(why) => Err(StoreError::new(why)),
        }
    }

    pub(super) fn write_pdf(&mut self, id: i64, packet: bool) -> Result<Vec<Action>, StoreError> {
        let job = if packet { PaperJob::PacketPdf } else { PaperJob::LetterPdf };
        let paper = self.paper.as_ref().ok_or_else(|| StoreError::new("this desk has no folder for letters"))?;
        let setup = self.letter_setup();
        let composed = match letters::compose(self.store.db(), id, &setup) {
            Ok(c) => c,
            Err(why) if self.is_incomplete(&why) => return Ok(vec![self.practice_needed(id, job)]),
            Err(why) => return Err(StoreError::new(why)),
        };
        // The cover sheet names the sender even when the letter was saved before.
        if packet && self.practice.incomplete().is_some() {
            return Ok(vec![self.practice_needed(id, job)]);
        }
        if let Some(why) = letters::unsendable(&composed.text) {
            return Err(StoreError::new(why));
        }
        let signature = letters::signature(&self.practice, paper.config_dir.as_deref()).map_err(StoreError::new)?;
        let bytes = letters::pdf_bytes(&composed, signature, packet);
        let dir = &paper.dir;
        let shown_dir = crate::text::escape(&dir.display().to_string(), false).into_owned();
        crate::fsutil::create_private_dir(dir)
            .map_err(|e| StoreError::new(format!("{shown_dir}: cannot create ({e})")))?;
        let level = composed.level.unwrap_or(1);
        let stem = format!("{}-{id}-level{level}", if packet { "packet" } else { "appeal" });
        let path = free_name(dir, &stem);
        let mut out = crate::output::file::create_binary(&path, false, self.store.path().unwrap_or(Path::new("")))
            .map_err(StoreError::new)?;
        out.write_all(&bytes).map_err(|e| StoreError::new(format!("cannot write: {e}")))?;
        out.commit().map_err(StoreError::new)?;
        let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let mut said = format!("wrote {} in {shown_dir}", crate::text::escape(&name, false));
        let mut notes: Vec<String> = letters::pdf_notes(&composed).into_iter().map(|n| n.short).collect();
        if !composed.saved {
            notes.push("letter not saved yet (L)".into());
        }
        if !notes.is_empty() {
            said = format!("{said} ({})", notes.join("; "));
        }
        Ok(vec![Action::PdfWritten(said)])
    }

    pub(super) fn save_practice(
        &mut self,
        values: &[(&'static str, String)],
        then: Option<(i64, PaperJob)>,
    ) -> Result<Vec<Action>, StoreError> {
        let dir = self.paper.as_ref().and_then(|p| p.config_dir.clone());
        let dir = dir.ok_or_else(|| StoreError::new("no config folder: set [practice] in config.toml by hand"))?;
        let path = letters::save_practice(&dir, values).map_err(StoreError::new)?;
        self.practice = crate::config::Config::load(Some(&dir)).map_err(StoreError::new)?.practice_profile();
        let summary = format!("practice details saved to {}", crate::text::escape(&path.display().to_string(), false));
        Ok(vec![Action::PracticeSaved { summary, then }])
    }
}
