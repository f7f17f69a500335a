//! `-o FILE [--force]`, shared by the commands that print a list or a report: where the output
//! goes, and whether an existing file of the user's may be replaced.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::output::Sink;

#[derive(Args, Debug, Clone, Default)]
pub struct OutputFile {
    /// Write to this file (created readable by you only) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it already exists (never a database or the ledger).
    #[arg(long, requires = "output")]
    pub force: bool,
}

impl OutputFile {
    /// The file (private, never over the ledger or another's file) or standard output.
    pub fn open(&self, db_path: &Path) -> Result<Sink, String> {
        Sink::open(self.output.as_deref(), self.force, db_path)
    }
}
