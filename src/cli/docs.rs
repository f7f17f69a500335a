//! Shell completions and the manual page, generated from the same clap definitions the command
//! line parses with, so they cannot drift from it.

use std::process::ExitCode;

use clap::CommandFactory;

use super::Cli;
use crate::output::Sink;

pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode, String> {
    let mut out = Sink::stdout();
    clap_complete::generate(shell, &mut Cli::command(), "overturn", &mut out);
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

pub fn man() -> Result<ExitCode, String> {
    let mut out = Sink::stdout();
    clap_mangen::Man::new(Cli::command()).render(&mut out).map_err(|e| format!("cannot write: {e}"))?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
