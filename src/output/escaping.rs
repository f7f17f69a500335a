//! A writer that never lets a control byte through: every C0 control except newline, tab and a
//! CR that ends a line (CSV's CRLF), DEL, and every C1 character (UTF-8 C2 80 to C2 9F) is
//! written as `\u001b` instead. Every byte Overturn prints or saves passes through one, so an
//! escape sequence hidden in an imported name can never reach a terminal, a pager or a file.

use std::io::{self, Write};

pub struct Escaping<W: Write> {
    /// `None` only after `finish` took it.
    inner: Option<W>,
    /// A CR waiting to see whether a newline follows it.
    cr: bool,
    /// A 0xC2 lead byte waiting to see whether a C1 continuation follows it.
    c2: bool,
    /// A binary file (a PDF) goes through unchanged: its text was escaped where it was laid out.
    binary: bool,
}

fn escaped(out: &mut Vec<u8>, code: u32) {
    out.extend_from_slice(format!("\\u{code:04x}").as_bytes());
}

impl<W: Write> Escaping<W> {
    pub fn new(inner: W) -> Self {
        Escaping { inner: Some(inner), cr: false, c2: false, binary: false }
    }

    /// For a binary format whose text was already escaped when it was made (PDF).
    pub fn binary(inner: W) -> Self {
        Escaping { inner: Some(inner), cr: false, c2: false, binary: true }
    }

    /// Writes anything held back and hands back the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        let mut out = Vec::new();
        self.settle(&mut out);
        let mut inner = self.inner.take().ok_or_else(|| io::Error::other("output already finished"))?;
        inner.write_all(&out)?;
        inner.flush()?;
        Ok(inner)
    }

    fn inner(&mut self) -> io::Result<&mut W> {
        self.inner.as_mut().ok_or_else(|| io::Error::other("output already finished"))
    }

    fn settle(&mut self, out: &mut Vec<u8>) {
        if std::mem::take(&mut self.c2) {
            out.push(0xC2);
        }
        if std::mem::take(&mut self.cr) {
            escaped(out, 0x0d);
        }
    }

    fn push(&mut self, b: u8, out: &mut Vec<u8>) {
        if std::mem::take(&mut self.c2) {
            if (0x80..=0x9F).contains(&b) {
                escaped(out, u32::from(b));
                return;
            }
            out.push(0xC2);
        }
        if std::mem::take(&mut self.cr) {
            if b == b'\n' {
                out.extend_from_slice(b"\r\n");
                return;
            }
            escaped(out, 0x0d);
        }
        match b {
            0xC2 => self.c2 = true,
            b'\r' => self.cr = true,
            b'\n' | b'\t' => out.push(b),
            0x00..=0x1F | 0x7F => escaped(out, u32::from(b)),
            _ => out.push(b),
        }
    }
}

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.binary {
            self.inner()?.write_all(buf)?;
            return Ok(buf.len());
        }
        let mut out = Vec::with_capacity(buf.len() + 16);
        for &b in buf {
            self.push(b, &mut out);
        }
        self.inner()?.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner()?.flush()
    }
}

impl<W: Write> Drop for Escaping<W> {
    fn drop(&mut self) {
        let mut out = Vec::new();
        self.settle(&mut out);
        if let Some(inner) = self.inner.as_mut() {
            let _ = inner.write_all(&out);
            let _ = inner.flush();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(chunks: &[&[u8]]) -> String {
        let mut buf = Vec::new();
        {
            let mut w = Escaping::new(&mut buf);
            for c in chunks {
                w.write_all(c).unwrap();
            }
        }
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn controls_are_escaped_and_text_is_not() {
        assert_eq!(through(&[b"a\x1b]52;c;ZXZpbA==\x07b\n"]), "a\\u001b]52;c;ZXZpbA==\\u0007b\n");
        assert_eq!(through(&["x\u{9b}2J ÅSA\u{85}".as_bytes()]), "x\\u009b2J ÅSA\\u0085");
        assert_eq!(through(&[b"tab\tok\x7f\x00"]), "tab\tok\\u007f\\u0000");
    }

    #[test]
    fn crlf_survives_and_a_lone_cr_does_not() {
        assert_eq!(through(&[b"a,b\r\n", b"c\rd"]), "a,b\r\nc\\u000dd");
        assert_eq!(through(&[b"a\r", b"\nb\r"]), "a\r\nb\\u000d");
    }

    #[test]
    fn sequences_split_across_writes_are_still_caught() {
        let c1 = "\u{9b}".as_bytes();
        assert_eq!(through(&[&c1[..1], &c1[1..], b"2J"]), "\\u009b2J");
        let e_acute = "\u{c2}\u{a9}".as_bytes(); // Â© : C2 lead bytes of ordinary text pass
        assert_eq!(through(&[&e_acute[..1], &e_acute[1..]]), "\u{c2}\u{a9}");
        assert_eq!(through(&["©".as_bytes()]), "©");
    }

    #[test]
    fn finish_returns_the_writer_with_everything_written() {
        let mut w = Escaping::new(Vec::new());
        w.write_all(b"end\r").unwrap();
        assert_eq!(w.finish().unwrap(), b"end\\u000d".to_vec());
    }
}
