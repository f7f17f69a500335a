//! Everything a command prints or saves goes through here: standard output and error through an
//! escaping writer, files through `file::create` (new, private, renamed into place).

mod escaping;
pub mod file;

use std::io::{self, Stdout, Write};
use std::path::Path;

pub use escaping::Escaping;
pub use file::OutputFile;

/// Where a command writes: standard output, or a file that appears only when complete.
pub enum Sink {
    Stdout(Escaping<io::BufWriter<Stdout>>),
    File(OutputFile),
}

impl Sink {
    /// Standard output, or `path` checked and prepared (see `file::create`).
    pub fn open(path: Option<&Path>, force: bool, ledger: &Path) -> Result<Sink, String> {
        Ok(match path {
            Some(p) => Sink::File(file::create(p, force, ledger)?),
            None => Sink::stdout(),
        })
    }

    pub fn stdout() -> Sink {
        Sink::Stdout(Escaping::new(io::BufWriter::new(io::stdout())))
    }

    /// Finishes the output: flushes standard output, or puts the file in place.
    pub fn finish(self) -> Result<(), String> {
        match self {
            Sink::Stdout(w) => {
                quiet_on_closed_pipe(w.finish().and_then(|mut b| b.flush())).map_err(|e| format!("cannot write: {e}"))
            }
            Sink::File(f) => f.commit(),
        }
    }

    pub fn is_file(&self) -> bool {
        matches!(self, Sink::File(_))
    }
}

/// Standard output was closed by its reader (`| head`): stop quietly, as Unix tools do.
fn quiet_on_closed_pipe<T>(r: io::Result<T>) -> io::Result<T> {
    match r {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => std::process::exit(0),
        other => other,
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(w) => quiet_on_closed_pipe(w.write(buf)),
            Sink::File(f) => f.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => quiet_on_closed_pipe(w.flush()),
            Sink::File(f) => f.flush(),
        }
    }
}

/// Prints one line to standard output with control characters escaped.
pub fn line(text: &str) {
    let mut out = io::stdout().lock();
    let _ = quiet_on_closed_pipe(writeln!(out, "{}", crate::text::escape(text, true)));
}

/// Prints one line to standard error with control characters escaped (messages name files and
/// segments, never patient data, but a file name can hold anything).
pub fn err_line(text: &str) {
    let mut out = io::stderr().lock();
    let _ = writeln!(out, "{}", crate::text::escape(text, true));
}
