//! The X12 tokenizer: bytes in, one segment at a time out, memory bounded by one segment.
//!
//! Separators come from each ISA header by walking its 16 element separators (72- and
//! 104-byte headers exist), so several interchanges with different separators can share a
//! file. A file may also start at ST with no envelope; its separators are then inferred.
//! Line breaks and indentation between segments are skipped, a UTF-8 BOM is tolerated, and a
//! newline terminator with `~` opening the next segment (the `\n~` layout) is understood.

use std::io::Read;

use super::header;
use super::segment::{Segment, Separators, X12Error};

const WINDOW: usize = 64 * 1024;
/// No real segment comes near this; a longer run means the terminator is missing.
pub const MAX_SEGMENT: usize = 64 * 1024;

pub struct SegmentReader<R: Read> {
    src: R,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
    eof: bool,
    /// File offset of `buf[0]`.
    base: u64,
    seps: Option<Separators>,
    seg: Vec<u8>,
    fields: Vec<(u32, u32)>,
    count: u64,
    /// The current segment ended with the file, not with a terminator.
    unterminated: bool,
    /// Every byte of the current segment is printable ASCII (found by [`Self::split`]).
    printable: bool,
}

pub(super) fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

impl<R: Read> SegmentReader<R> {
    pub fn new(src: R) -> Self {
        SegmentReader {
            src,
            buf: vec![0u8; WINDOW].into_boxed_slice(),
            pos: 0,
            end: 0,
            eof: false,
            base: 0,
            seps: None,
            seg: Vec::with_capacity(256),
            fields: Vec::with_capacity(32),
            count: 0,
            unterminated: false,
            printable: false,
        }
    }

    /// Bytes consumed so far.
    pub fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    pub fn separators(&self) -> Option<Separators> {
        self.seps
    }

    /// Segments read so far.
    pub fn count(&self) -> u64 {
        self.count
    }

    fn io_error(&self, e: std::io::Error) -> X12Error {
        X12Error { segment: self.count, offset: self.offset(), id: None, reason: format!("cannot read the file: {e}") }
    }

    /// Makes at least `n` unread bytes available unless the file ends first.
    fn fill(&mut self, n: usize) -> Result<usize, X12Error> {
        while self.end - self.pos < n && !self.eof {
            if self.pos > 0 {
                self.buf.copy_within(self.pos..self.end, 0);
                self.base += self.pos as u64;
                self.end -= self.pos;
                self.pos = 0;
            }
            match self.src.read(&mut self.buf[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(k) => self.end += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.io_error(e)),
            }
        }
        Ok(self.end - self.pos)
    }

    /// Skips what may stand between segments. Returns false at end of file.
    fn skip_filler(&mut self) -> Result<bool, X12Error> {
        loop {
            if self.fill(3)? == 0 {
                return Ok(false);
            }
            let window = &self.buf[self.pos..self.end];
            if self.offset() == 0 && window.starts_with(&[0xEF, 0xBB, 0xBF]) {
                self.pos += 3;
                continue;
            }
            let b = window[0];
            let tilde_filler =
                self.seps.is_some_and(|s| is_blank(s.segment) && s.element != b'~' && s.component != b'~');
            if is_blank(b) || (b == b'~' && tilde_filler) {
                self.pos += 1;
            } else {
                return Ok(true);
            }
        }
    }

    /// The next segment, or `None` at a clean end of file.
    pub fn next_segment(&mut self) -> Result<Option<Segment<'_>>, X12Error> {
        if !self.skip_filler()? {
            return Ok(None);
        }
        let start = self.offset();
        self.unterminated = false;
        self.fill(4)?;
        let head = &self.buf[self.pos..self.end];
        let isa = head.len() >= 4 && &head[..3] == b"ISA" && !head[3].is_ascii_alphanumeric();
        if isa {
            self.read_isa(start)?;
        } else {
            if self.seps.is_none() {
                self.seps = Some(self.infer_bare_st(start)?);
            }
            self.read_until_terminator(start)?;
        }
        self.count += 1;
        self.split(start)?;
        // Printable ASCII is UTF-8 as it stands (the check only confirms it).
        let printable = if self.printable { std::str::from_utf8(&self.seg).ok() } else { None };
        Ok(Some(Segment {
            data: &self.seg,
            printable,
            fields: &self.fields,
            seps: self.seps.expect("separators are set before a segment is split"),
            number: self.count,
            offset: start,
            terminated: !self.unterminated,
        }))
    }

    fn error_here(&self, start: u64, reason: &str) -> X12Error {
        X12Error { segment: self.count + 1, offset: start, id: None, reason: reason.to_string() }
    }

    /// Reads an ISA header; sets this interchange's separators.
    fn read_isa(&mut self, start: u64) -> Result<(), X12Error> {
        let avail = self.fill(512)?;
        let window = &self.buf[self.pos..self.pos + avail];
        let isa = header::parse_isa(window).map_err(|why| self.error_here(start, why))?;
        self.seps = Some(isa.seps);
        self.seg.clear();
        self.seg.extend_from_slice(&window[..isa.data_len]);
        self.pos += isa.consumed;
        Ok(())
    }

    /// A file that starts at ST: its separators are inferred from the first window.
    fn infer_bare_st(&mut self, start: u64) -> Result<Separators, X12Error> {
        let avail = self.fill(WINDOW)?;
        let window = &self.buf[self.pos..self.pos + avail];
        header::infer_bare_st(window).map_err(|why| self.error_here(start, why))
    }

    fn read_until_terminator(&mut self, start: u64) -> Result<(), X12Error> {
        let term = self.seps.map_or(b'~', |s| s.segment);
        self.seg.clear();
        loop {
            if self.fill(1)? == 0 {
                return self.unterminated_end(start);
            }
            let window = &self.buf[self.pos..self.end];
            match window.iter().position(|b| *b == term) {
                Some(k) => {
                    self.seg.extend_from_slice(&window[..k]);
                    self.pos += k + 1;
                    break;
                }
                None => {
                    self.seg.extend_from_slice(window);
                    self.pos = self.end;
                }
            }
            if self.seg.len() > MAX_SEGMENT {
                return Err(self.error_here(start, "no segment terminator within 64 KiB: the file is garbled"));
            }
        }
        if is_blank(term) {
            while self.seg.last().is_some_and(|b| *b == b'\r') {
                self.seg.pop();
            }
        }
        Ok(())
    }

    /// The file ended before this segment's terminator. Trailers (SE, GE, IEA) are often
    /// written without one; anything else means the file was cut short.
    fn unterminated_end(&mut self, start: u64) -> Result<(), X12Error> {
        let id_end = self.seg.iter().position(|b| self.seps.is_some_and(|s| s.element == *b)).unwrap_or(self.seg.len());
        if matches!(&self.seg[..id_end], b"IEA" | b"GE" | b"SE") {
            self.unterminated = true;
            return Ok(());
        }
        let id = std::str::from_utf8(&self.seg[..id_end])
            .ok()
            .filter(|t| (2..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric()));
        Err(X12Error {
            segment: self.count + 1,
            offset: start,
            id: id.map(str::to_string),
            reason: format!("the file ends inside this segment (at byte {}): it was cut short", self.offset()),
        })
    }

    /// Splits `seg` into element ranges and validates the identifier.
    fn split(&mut self, start: u64) -> Result<(), X12Error> {
        let element = self.seps.map_or(b'*', |s| s.element);
        self.fields.clear();
        let mut from = 0u32;
        // One pass finds the elements and whether every byte is printable ASCII.
        let mut printable = true;
        for (i, &b) in self.seg.iter().enumerate() {
            printable &= (0x20..0x7f).contains(&b);
            if b == element {
                self.fields.push((from, i as u32));
                from = i as u32 + 1;
            }
        }
        self.printable = printable;
        self.fields.push((from, self.seg.len() as u32));
        let (s, e) = self.fields[0];
        let id = &self.seg[s as usize..e as usize];
        let valid = (2..=3).contains(&id.len())
            && id[0].is_ascii_uppercase()
            && id.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if !valid {
            let reason = "garbled data: a segment must start with a 2-3 character identifier";
            return Err(X12Error { segment: self.count, offset: start, id: None, reason: reason.into() });
        }
        Ok(())
    }
}
