//! Files and directories that hold patient data are created readable by their owner only, and
//! existing ones are used only when they are the user's own and private.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// The user this process runs as.
#[cfg(unix)]
pub fn current_uid() -> u32 {
    rustix::process::getuid().as_raw()
}

/// A lock on a ledger file, held while it is open. Every Overturn that opens a ledger holds a
/// shared one; replacing a ledger (rebuilding the demo) needs it exclusively, so it never
/// happens under a desk that has the file open. (An advisory `flock`, apart from SQLite's own
/// locks.)
pub struct FileLock {
    _file: File,
}

/// `exclusive`: no one else may hold the file open; otherwise several may share it. Never
/// waits: `Err` when the lock is held the other way.
pub fn lock_file(path: &Path, exclusive: bool) -> io::Result<FileLock> {
    let file = File::open(path)?;
    #[cfg(unix)]
    {
        use rustix::fs::{FlockOperation, flock};
        let op =
            if exclusive { FlockOperation::NonBlockingLockExclusive } else { FlockOperation::NonBlockingLockShared };
        flock(&file, op)?;
    }
    Ok(FileLock { _file: file })
}

/// The ledger and the files SQLite keeps beside it (WAL, shared memory, rollback journal).
pub fn with_sqlite_companions(path: &Path) -> Vec<PathBuf> {
    let mut files = vec![path.to_path_buf()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        files.push(PathBuf::from(name));
    }
    files
}

/// Checks an existing file that will hold patient data: it must belong to this user (a file
/// someone else created in a shared folder is refused) and be no symbolic link unless it is
/// the ledger itself; a file of ours that others could read is made private (0600) and the
/// returned notice says so. A missing file is fine.
pub fn ensure_private(path: &Path) -> Result<Option<String>, String> {
    let shown = crate::text::escape(&path.display().to_string(), false).into_owned();
    let link = match fs::symlink_metadata(path) {
        Ok(m) => m.file_type().is_symlink(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot check {shown}: {e}")),
    };
    let is_ledger = !path.to_string_lossy().ends_with("-wal")
        && !path.to_string_lossy().ends_with("-shm")
        && !path.to_string_lossy().ends_with("-journal");
    if link && !is_ledger {
        return Err(format!("{shown} is a symbolic link; Overturn will not write the ledger's journal through it"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let m = fs::metadata(path).map_err(|e| format!("cannot check {shown}: {e}"))?;
        if m.uid() != current_uid() {
            return Err(format!(
                "{shown} belongs to another user (uid {}); Overturn will not put patient data in it. Move it \
                 away, or use a ledger in a folder only you can write to",
                m.uid()
            ));
        }
        if m.mode() & 0o077 != 0 {
            fs::set_permissions(path, fs::Permissions::from_mode(0o600))
                .map_err(|e| format!("{shown} is readable by other users and cannot be made private: {e}"))?;
            return Ok(Some(format!(
                "{shown} was readable by other users (mode {:o}); it is now readable by you only (600)",
                m.mode() & 0o777
            )));
        }
    }
    Ok(None)
}

/// Creates `dir` and its missing parents with mode 0700.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates `path` empty with mode 0600 unless it already exists.
pub fn create_private_if_missing(path: &Path) -> io::Result<()> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    match opts.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Opens `path` for writing from the start, mode 0600 (tightened if the file existed).
pub fn create_private_for_write(path: &Path) -> io::Result<File> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let file = opts.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    Ok(file)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn private_modes() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b");
        create_private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&tmp.path().join("a")), 0o700);
        let f = dir.join("x.db");
        create_private_if_missing(&f).unwrap();
        assert_eq!(mode(&f), 0o600);
        let loose = dir.join("export.csv");
        fs::write(&loose, "old").unwrap();
        fs::set_permissions(&loose, fs::Permissions::from_mode(0o644)).unwrap();
        create_private_for_write(&loose).unwrap();
        assert_eq!(mode(&loose), 0o600);
        assert_eq!(fs::read_to_string(&loose).unwrap(), "");
    }
}
