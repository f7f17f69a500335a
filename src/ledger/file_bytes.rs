//! A file's bytes as the import reads them: counted for the progress bar and hashed, and, for
//! kinds checked before they are read, hashed whole beforehand.

use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use super::source::Source;

/// Counts bytes as the parser reads them, for the progress bar (drawn by the writing thread).
pub(super) struct Counting<'a, R> {
    pub(super) inner: R,
    pub(super) read: &'a AtomicU64,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Hashes the bytes as the importer reads them, so the hash recorded is that of what was parsed.
pub(super) struct Hashing<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

impl<R: Read> Hashing<R> {
    pub(super) fn new(inner: R) -> Self {
        Hashing { inner, hasher: Sha256::new() }
    }

    /// Reads whatever the importer left (trailing bytes after the last segment) and returns
    /// the hash of every byte.
    pub(super) fn finish(mut self) -> std::io::Result<String> {
        std::io::copy(&mut self, &mut std::io::sink())?;
        Ok(hex(self.hasher.finalize().as_slice()))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The first 64 KiB of a source, to tell the file's kind.
pub(super) fn head_of(source: &mut Source) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    source.reader()?.take(64 * 1024).read_to_end(&mut head)?;
    Ok(head)
}

/// The hash of a whole source, read before the import to refuse a duplicate early.
pub(super) fn sha256_of(source: &mut Source) -> std::io::Result<String> {
    Hashing::new(std::io::BufReader::with_capacity(256 * 1024, source.reader()?)).finish()
}
