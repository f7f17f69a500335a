//! Where an import reads from. A regular file is read from disk (a remit or acknowledgement
//! once, hashed as it is parsed, and its size and modification time must not change meanwhile;
//! any other kind twice: once to hash it and refuse a duplicate early, once to parse it while
//! hashing again, and the two must agree). A pipe (`/dev/stdin`, `<(...)`) can be read only
//! once, so it is read into memory, up to a limit. Devices, sockets and folders are refused, and opening never waits for a writer.

use std::fs::{File, OpenOptions};
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

/// The most a pipe may carry (a regular file has no limit: it is streamed).
pub const PIPE_LIMIT: u64 = 256 * 1024 * 1024;

pub enum Source {
    File(File),
    Memory(Vec<u8>),
}

fn open_without_waiting(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO with no writer would block open(); non-blocking, it opens at once.
        opts.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = opts.open(path)?;
    #[cfg(unix)]
    {
        let flags = rustix::fs::fcntl_getfl(&file)?;
        rustix::fs::fcntl_setfl(&file, flags - rustix::fs::OFlags::NONBLOCK)?;
    }
    Ok(file)
}

fn is_pipe(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        meta.file_type().is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

impl Source {
    pub fn open(path: &Path) -> Result<Source, String> {
        let file = open_without_waiting(path).map_err(|e| format!("cannot read: {e}"))?;
        let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
        if meta.is_dir() {
            return Err("is a folder, not a file".into());
        }
        if meta.is_file() {
            return Ok(Source::File(file));
        }
        if !is_pipe(&meta) {
            return Err("is a device or socket, not a file; save the remit to a file and import that".into());
        }
        let mut bytes = Vec::new();
        file.take(PIPE_LIMIT + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read: {e}"))?;
        if bytes.len() as u64 > PIPE_LIMIT {
            return Err(format!(
                "is a pipe carrying more than {} MiB; save it to a file and import that",
                PIPE_LIMIT / (1024 * 1024)
            ));
        }
        Ok(Source::Memory(bytes))
    }

    /// Size in bytes (for the progress bar).
    pub fn size(&self) -> u64 {
        match self {
            Source::File(f) => f.metadata().map(|m| m.len()).unwrap_or(0),
            Source::Memory(b) => b.len() as u64,
        }
    }

    /// A file's size and modification time, to tell whether it changed while it was read
    /// (`None` for a pipe, read whole into memory before the import).
    pub fn stamp(&self) -> Option<(u64, Option<std::time::SystemTime>)> {
        match self {
            Source::File(f) => f.metadata().ok().map(|m| (m.len(), m.modified().ok())),
            Source::Memory(_) => None,
        }
    }

    /// A reader from the first byte.
    pub fn reader(&mut self) -> io::Result<Box<dyn Read + Send + '_>> {
        Ok(match self {
            Source::File(f) => {
                f.seek(SeekFrom::Start(0))?;
                Box::new(&*f)
            }
            Source::Memory(b) => Box::new(Cursor::new(b.as_slice())),
        })
    }
}
