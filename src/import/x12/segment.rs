//! One X12 segment as borrowed bytes, its separators, and the error type of the reader.

use std::borrow::Cow;
use std::fmt;

/// The delimiters of one interchange, read from its ISA header (or guessed for a bare ST).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Separators {
    pub element: u8,
    pub component: u8,
    /// Only from version 00501 on, and only when ISA11 is not a letter or digit.
    pub repetition: Option<u8>,
    pub segment: u8,
}

/// Where in the file something went wrong, and why. Never carries element values (PHI).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct X12Error {
    /// 1-based segment number in the file (0 when no segment was read yet).
    pub segment: u64,
    /// Byte offset of the segment's first byte.
    pub offset: u64,
    /// The segment identifier, when it is a valid one.
    pub id: Option<String>,
    pub reason: String,
}

impl fmt::Display for X12Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "segment {} ({id}) at byte {}: {}", self.segment, self.offset, self.reason),
            None => write!(f, "segment {} at byte {}: {}", self.segment, self.offset, self.reason),
        }
    }
}

impl std::error::Error for X12Error {}

/// A segment borrowed from the reader's buffer; valid until the next read.
#[derive(Clone, Copy)]
pub struct Segment<'a> {
    pub(super) data: &'a [u8],
    /// The segment as text when every byte of it is printable ASCII, as nearly every
    /// segment is: its elements are then slices of it, checked once for the segment rather
    /// than once for each element.
    pub(super) printable: Option<&'a str>,
    /// Element ranges: index 0 is the identifier.
    pub(super) fields: &'a [(u32, u32)],
    pub seps: Separators,
    pub number: u64,
    pub offset: u64,
    /// False for a trailer the file ended in without its terminator (it may have been cut).
    pub terminated: bool,
}

impl<'a> Segment<'a> {
    pub fn id(&self) -> &'a str {
        // Identifiers are validated ASCII before a Segment is handed out.
        if let Some(text) =
            self.printable.and_then(|all| self.fields.first().and_then(|(s, e)| all.get(*s as usize..*e as usize)))
        {
            return text;
        }
        std::str::from_utf8(self.element(0)).unwrap_or("")
    }

    pub fn is(&self, id: &str) -> bool {
        self.id() == id
    }

    /// Number of data elements (not counting the identifier).
    pub fn len(&self) -> usize {
        self.fields.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Element `n` (1-based, as X12 numbers them); empty when absent.
    pub fn element(&self, n: usize) -> &'a [u8] {
        self.fields.get(n).map_or(&[][..], |(s, e)| &self.data[*s as usize..*e as usize])
    }

    /// Element `n` as one line of text, surrounding spaces trimmed: control characters (an
    /// escape sequence, a line break) become spaces, so no value read from a file can drive a
    /// terminal or forge a line (see `crate::text`).
    pub fn text(&self, n: usize) -> Cow<'a, str> {
        if let Some(all) = self.printable {
            let text = self.fields.get(n).and_then(|(s, e)| all.get(*s as usize..*e as usize));
            return Cow::Borrowed(trim_spaces(text.unwrap_or("")));
        }
        let raw = self.element(n);
        // Nearly every element is printable ASCII: its own text, trimmed, without the lossy
        // decoder's chunking or the control-character scan.
        if raw.iter().all(|&b| (0x20..0x7f).contains(&b))
            && let Ok(s) = std::str::from_utf8(raw)
        {
            return Cow::Borrowed(trim_spaces(s));
        }
        match String::from_utf8_lossy(raw) {
            Cow::Borrowed(s) => match crate::text::flatten(s.trim()) {
                Cow::Borrowed(t) => Cow::Borrowed(t),
                Cow::Owned(t) => Cow::Owned(t),
            },
            Cow::Owned(s) => Cow::Owned(crate::text::flatten(s.trim()).into_owned()),
        }
    }

    /// Element `n` as an owned string, `None` when blank.
    pub fn opt(&self, n: usize) -> Option<String> {
        let t = self.text(n);
        (!t.is_empty()).then(|| t.into_owned())
    }

    /// Components of element `n` (split on the component separator), flattened like `text`.
    pub fn components(&self, n: usize) -> impl Iterator<Item = Cow<'a, str>> + 'a {
        let sep = self.seps.component;
        self.element(n).split(move |b| *b == sep).map(|c| match String::from_utf8_lossy(c) {
            Cow::Borrowed(s) => crate::text::flatten(s),
            Cow::Owned(s) => Cow::Owned(crate::text::flatten(&s).into_owned()),
        })
    }

    /// Component `c` (1-based) of element `n`, trimmed; empty when absent.
    pub fn component(&self, n: usize, c: usize) -> String {
        self.components(n).nth(c.saturating_sub(1)).map(|s| s.trim().to_string()).unwrap_or_default()
    }

    /// An error located at this segment.
    pub fn error(&self, reason: impl Into<String>) -> X12Error {
        X12Error { segment: self.number, offset: self.offset, id: Some(self.id().to_string()), reason: reason.into() }
    }
}

/// Printable ASCII trimmed: its only whitespace is the space, found byte by byte (`str::trim`
/// decodes each character to ask Unicode whether it is whitespace).
fn trim_spaces(s: &str) -> &str {
    let b = s.as_bytes();
    let start = b.iter().position(|&c| c != b' ').unwrap_or(b.len());
    let end = b.iter().rposition(|&c| c != b' ').map_or(start, |i| i + 1);
    // Both ends sit next to an ASCII space (or at an end), so they are character boundaries.
    &s[start..end]
}
