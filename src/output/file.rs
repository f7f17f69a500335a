//! Output files are written to a new private file beside the target and renamed into place when
//! complete, so a failed command leaves nothing half-written. The target is never a symbolic
//! link, a device, a database (the ledger least of all) or another user's file, and an existing
//! file is replaced only when the user asked for it (`--force`).

use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::escaping::Escaping;

pub struct OutputFile {
    target: PathBuf,
    replace: bool,
    writer: Escaping<BufWriter<NamedTempFile>>,
}

fn refuse(target: &Path, why: &str) -> String {
    format!("{}: {why}; nothing was written", crate::text::escape(&target.display().to_string(), false))
}

fn is_sqlite(path: &Path) -> bool {
    let mut head = [0u8; 16];
    fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && &head == b"SQLite format 3\0"
}

fn same_file(a: &fs::Metadata, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(b).is_ok_and(|m| m.dev() == a.dev() && m.ino() == a.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

fn owned_by_someone_else(m: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        m.uid() != crate::fsutil::current_uid()
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        false
    }
}

/// Checks `target` and opens a private temporary file beside it.
pub fn create(target: &Path, force: bool, ledger: &Path) -> Result<OutputFile, String> {
    open(target, force, ledger, false)
}

/// As `create`, for a binary file whose text was escaped when it was made (a PDF).
pub fn create_binary(target: &Path, force: bool, ledger: &Path) -> Result<OutputFile, String> {
    open(target, force, ledger, true)
}

fn open(target: &Path, force: bool, ledger: &Path, binary: bool) -> Result<OutputFile, String> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let target_abs = absolute(target);
    if crate::fsutil::with_sqlite_companions(&absolute(ledger)).contains(&target_abs) {
        return Err(refuse(target, "is the ledger (or one of its files)"));
    }
    let mut replace = false;
    match fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(refuse(target, "is a symbolic link; Overturn does not write through links"));
        }
        Ok(m) if !m.is_file() => return Err(refuse(target, "exists and is not a regular file")),
        Ok(m) => {
            if crate::fsutil::with_sqlite_companions(ledger).iter().any(|f| same_file(&m, f)) {
                return Err(refuse(target, "is the ledger (or one of its files)"));
            }
            if is_sqlite(target) {
                return Err(refuse(target, "is a database; Overturn never writes over one"));
            }
            if owned_by_someone_else(&m) {
                return Err(refuse(target, "belongs to another user"));
            }
            if !force {
                return Err(refuse(target, "already exists; add --force to replace it"));
            }
            replace = true;
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(refuse(target, &format!("cannot be checked ({e})"))),
    }
    let dir = match target_abs.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(refuse(target, "is in a folder that does not exist"));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".overturn-").suffix(".part");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o600));
    }
    let tmp = builder
        .tempfile_in(&dir)
        .map_err(|e| refuse(target, &format!("cannot create a file in {} ({e})", dir.display())))?;
    let buffered = BufWriter::new(tmp);
    let writer = if binary { Escaping::binary(buffered) } else { Escaping::new(buffered) };
    Ok(OutputFile { target: target.to_path_buf(), replace, writer })
}

impl OutputFile {
    /// Flushes, syncs and renames the file into place (replacing only what `create` allowed).
    pub fn commit(self) -> Result<(), String> {
        let target = self.target;
        let failed = |e: &dyn std::fmt::Display| refuse(&target, &format!("cannot be written ({e})"));
        let buffered = self.writer.finish().map_err(|e| failed(&e))?;
        let tmp = buffered.into_inner().map_err(|e| failed(&e.error().to_string()))?;
        tmp.as_file().sync_all().map_err(|e| failed(&e))?;
        let placed = if self.replace { tmp.persist(&target) } else { tmp.persist_noclobber(&target) };
        placed.map_err(|e| match e.error.kind() {
            io::ErrorKind::AlreadyExists => {
                refuse(&target, "appeared while it was being written; add --force to replace it")
            }
            _ => failed(&e.error),
        })?;
        Ok(())
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}
