//! Where an interchange's separators come from: its ISA header, walked element by element
//! (never fixed offsets), or, for a file that starts at ST, inference from the first bytes.

use super::reader::is_blank;
use super::segment::Separators;

/// A parsed ISA header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Isa {
    pub seps: Separators,
    /// Bytes of segment data (through ISA16, without the terminator).
    pub data_len: usize,
    /// Bytes the header occupies, terminator included.
    pub consumed: usize,
}

/// Parses the ISA at the start of `window`: the element separator is the byte after "ISA",
/// ISA16 (component separator) follows the 16th element separator, the segment terminator
/// follows ISA16. The repetition separator (ISA11) counts only from version 00501 on.
pub fn parse_isa(window: &[u8]) -> Result<Isa, &'static str> {
    let element = *window.get(3).ok_or("ISA header is cut short or malformed: fewer than 16 elements")?;
    let mut seen = 0;
    let mut i = 3;
    while seen < 16 && i < window.len() && i < 400 {
        if window[i] == element {
            seen += 1;
        }
        i += 1;
    }
    if seen < 16 || i + 1 >= window.len() {
        return Err("ISA header is cut short or malformed: fewer than 16 elements");
    }
    let component = window[i];
    let mut segment = window[i + 1];
    let mut consumed = i + 2;
    if segment == b'\r' && window.get(i + 2) == Some(&b'\n') {
        segment = b'\n';
        consumed += 1;
    }
    if component == element || segment == element || segment == component || component.is_ascii_alphanumeric() {
        return Err("ISA header: element, component and segment separators must differ");
    }
    let fields: Vec<&[u8]> = window[..i].split(|b| *b == element).collect();
    let version = fields.get(12).copied().unwrap_or_default();
    let rep = fields.get(11).and_then(|f| (f.len() == 1).then(|| f[0]));
    let repetition = rep.filter(|r| !r.is_ascii_alphanumeric() && version >= &b"00501"[..] && *r != b' ');
    Ok(Isa { seps: Separators { element, component, repetition, segment }, data_len: i + 1, consumed })
}

/// A file that starts at ST: the element separator follows "ST", the terminator is the first
/// byte after ST's elements that is not part of them, the component separator is guessed.
pub fn infer_bare_st(window: &[u8]) -> Result<Separators, &'static str> {
    let is_st = window.len() > 3 && &window[..2] == b"ST" && !window[2].is_ascii_alphanumeric();
    if !is_st {
        return Err("not an X12 file: it must start with an ISA header or an ST segment");
    }
    let element = window[2];
    let segment = window[3..]
        .iter()
        .copied()
        .find(|b| !b.is_ascii_alphanumeric() && *b != element && *b != b' ')
        .ok_or("ST segment has no terminator")?;
    let segment = if segment == b'\r' { b'\n' } else { segment };
    Ok(Separators { element, component: guess_component(window, element, segment), repetition: None, segment })
}

/// The byte after a 2-character qualifier in SVC01 or STC01; `:` when none is seen.
fn guess_component(window: &[u8], element: u8, segment: u8) -> u8 {
    for tag in [&b"SVC"[..], &b"STC"[..]] {
        let mut from = 0;
        while let Some(k) = window[from..].windows(3).position(|w| w == tag) {
            let i = from + k;
            if let Some(&[e, a, b, c]) = window.get(i + 3..i + 7) {
                let punct = !c.is_ascii_alphanumeric() && c != element && c != segment && !is_blank(c);
                if e == element && a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() && punct {
                    return c;
                }
            }
            from = i + 3;
        }
    }
    b':'
}
