//! The appeal letter as a PDF a practice can print, fax or upload: the letter's own text laid
//! out on US Letter pages (letterhead, addresses, claim block, body, closing with the signature
//! image when the profile has one), every page footed with the claim it belongs to and "Page N
//! of M", and a last page listing what is enclosed. A packet adds a cover sheet in front.

use super::layout::{Block, blocks, is_closing};
use super::{Composed, LetterData};
use crate::pdf::{ACCENT, BLACK, Document, Flow, Font, GRAY, Jpeg, RULE, Style};

const BODY: Style = Style::new(Font::Regular, 10.5, BLACK);
const HEADING: Style = Style::new(Font::Bold, 12.5, BLACK);
const LETTERHEAD: Style = Style::new(Font::Bold, 15.0, ACCENT);
const SMALL: Style = Style::new(Font::Regular, 9.0, GRAY);
const FOOTER: Style = Style::new(Font::Regular, 8.0, GRAY);
const TITLE: Style = Style::new(Font::Bold, 16.0, BLACK);
const LABEL: Style = Style::new(Font::Bold, 9.5, GRAY);
/// Room left for a handwritten signature when the profile has no image.
const SIGNATURE_SPACE: f32 = 34.0;
const SIGNATURE_HEIGHT: f32 = 40.0;

/// What the PDF is made of besides the letter's text.
pub struct PdfParts<'a> {
    pub composed: &'a Composed,
    pub signature: Option<Jpeg>,
    /// A submission cover sheet in front of the letter (`overturn packet`).
    pub cover: bool,
}

/// The claim every page belongs to (a faxed page that comes loose still finds its claim).
fn footer_label(d: &LetterData) -> String {
    format!(
        "{} | claim {} | payer claim {} | {}",
        d.patient.name, d.claim.pcn, d.claim.payer_claim_no, d.appeal.level_name
    )
}

fn letter_pages(flow: &mut Flow, text: &str, signature: Option<&Jpeg>) {
    for (i, block) in blocks(text).iter().enumerate() {
        if i > 0 {
            flow.gap(BODY.size * 0.7);
        }
        match block {
            // The first block is the letterhead: the practice's name, then its details small.
            Block::Lines(lines) if i == 0 => {
                flow.line(&lines[0], LETTERHEAD);
                lines[1..].iter().for_each(|l| flow.line(l, SMALL));
                flow.rule(RULE);
            }
            Block::Paragraph(p) if i == 0 => {
                flow.line(p, LETTERHEAD);
                flow.rule(RULE);
            }
            Block::Heading(h) => {
                flow.ensure(HEADING.leading() + 3.0 * BODY.leading());
                flow.gap(3.0);
                flow.paragraph(h, HEADING, 0.0);
            }
            Block::Lines(lines) => {
                flow.ensure(BODY.leading() * lines.len().min(6) as f32);
                lines.iter().for_each(|l| flow.paragraph(l, BODY, 0.0));
            }
            Block::Paragraph(p) => {
                // The closing keeps its signature and the name under it on one page.
                let keep =
                    if is_closing(block) { SIGNATURE_HEIGHT + 5.0 * BODY.leading() } else { 2.0 * BODY.leading() };
                flow.ensure(keep);
                flow.paragraph(p, BODY, 0.0);
                if is_closing(block) {
                    signature_space(flow, signature);
                }
            }
            Block::Bullets(items) => {
                for item in items {
                    flow.ensure(BODY.leading());
                    let top = flow.y();
                    flow.paragraph(item, BODY, 14.0);
                    let (x, y) = (flow.left + 4.0, top - BODY.leading() + (BODY.leading() - BODY.size));
                    flow.page().text(x, y, Font::Bold, BODY.size, BODY.color, "\u{2022}");
                }
            }
        }
    }
}

fn signature_space(flow: &mut Flow, signature: Option<&Jpeg>) {
    let Some(jpeg) = signature else {
        flow.gap(SIGNATURE_SPACE);
        return;
    };
    let ratio = jpeg.width as f32 / jpeg.height.max(1) as f32;
    let (w, h) = ((SIGNATURE_HEIGHT * ratio).min(200.0), SIGNATURE_HEIGHT);
    let bottom = flow.take(h + 4.0);
    let x = flow.left;
    flow.page().image(x, bottom + 2.0, w, h.min(w / ratio.max(0.01)));
}

/// A box with a tick: an enclosed item.
fn checked_item(flow: &mut Flow, label: &str) {
    flow.ensure(BODY.leading() + 4.0);
    let top = flow.y();
    flow.paragraph(label, BODY, 20.0);
    let (x, y) = (flow.left + 2.0, top - BODY.leading() + 1.5);
    let page = flow.page();
    page.stroke_rect(x, y, 9.0, 9.0, 0.8, BLACK);
    page.polyline(&[(x + 1.8, y + 4.6), (x + 3.8, y + 2.0), (x + 7.6, y + 7.6)], 1.2, BLACK);
    flow.gap(3.0);
}

fn enclosures_page(flow: &mut Flow, d: &LetterData) {
    flow.new_page();
    flow.line("Enclosures", TITLE);
    flow.gap(4.0);
    let what = format!(
        "With the {} for {}, account {}, payer claim number {}, dated {}.",
        d.appeal.level_name.to_lowercase(),
        d.patient.name,
        d.claim.pcn,
        d.claim.payer_claim_no,
        d.today
    );
    flow.paragraph(&what, BODY, 0.0);
    flow.gap(10.0);
    if d.appeal.enclosures.is_empty() {
        flow.paragraph("No enclosures: the letter is sent on its own.", BODY, 0.0);
        return;
    }
    for e in &d.appeal.enclosures {
        checked_item(flow, e);
    }
    flow.gap(6.0);
    let n = d.appeal.enclosures.len();
    flow.paragraph(&format!("{n} {} enclosed.", if n == 1 { "item" } else { "items" }), SMALL, 0.0);
}

fn labelled(flow: &mut Flow, label: &str, lines: &[String]) {
    flow.ensure(LABEL.leading() + BODY.leading() * lines.len() as f32);
    flow.line(label, LABEL);
    for l in lines.iter().filter(|l| !l.trim().is_empty()) {
        flow.paragraph(l, BODY, 0.0);
    }
    flow.gap(8.0);
}

fn cover_page(flow: &mut Flow, d: &LetterData, letter_pages: usize) {
    flow.line("Appeal submission", TITLE);
    flow.line(&format!("{} | {}", d.appeal.level_name, d.today), SMALL);
    flow.rule(RULE);
    flow.gap(6.0);
    let mut to = vec![d.payer.name.clone(), "Appeals and provider disputes".to_string()];
    to.extend(d.payer.address.iter().cloned());
    if d.payer.id != "not on file" {
        to.push(format!("Payer ID {}", d.payer.id));
    }
    labelled(flow, "TO", &to);
    let p = &d.practice;
    let mut from = vec![p.name.clone()];
    from.extend(p.address.iter().cloned());
    from.push(if p.fax.is_empty() {
        format!("Phone {}", p.phone)
    } else {
        format!("Phone {}, fax {}", p.phone, p.fax)
    });
    from.push(format!("NPI {}, TIN {}", p.npi, p.tin));
    from.push(format!(
        "Contact: {}{}",
        p.contact,
        if p.title.is_empty() { String::new() } else { format!(", {}", p.title) }
    ));
    labelled(flow, "FROM", &from);
    let about = vec![
        format!("Patient: {} (member ID {})", d.patient.name, d.patient.member_id),
        format!("Payer claim number: {}; our account number: {}", d.claim.payer_claim_no, d.claim.pcn),
        format!("Date of service: {}", d.claim.service_dates),
        format!("Denial: {} ({}); in dispute {}", d.denial.reason_code, d.denial.label, d.denial.amount),
    ];
    labelled(flow, "REGARDING", &about);
    flow.line("CONTENTS", LABEL);
    let pages = |n: usize| if n == 1 { "1 page".to_string() } else { format!("{n} pages") };
    checked_item(flow, "This cover sheet (1 page)");
    checked_item(flow, &format!("Appeal letter ({})", pages(letter_pages)));
    checked_item(flow, "List of enclosures (1 page)");
    for e in &d.appeal.enclosures {
        checked_item(flow, e);
    }
    flow.gap(10.0);
    let notice = "CONFIDENTIAL: this submission contains protected health information. If you received it in error, \
                  notify the sender at the phone number above and destroy it.";
    flow.paragraph(notice, SMALL, 0.0);
}

/// The letter (with a cover sheet when asked) as a finished document.
pub fn letter_document(parts: &PdfParts<'_>) -> Document {
    let c = parts.composed;
    let d = &c.data;
    let title = format!("Appeal: {} claim {}", d.payer.name, d.claim.pcn);
    let mut flow = Flow::new(&title);
    if parts.cover {
        let mut dry = Flow::new(&title);
        letter_pages(&mut dry, &c.text, parts.signature.as_ref());
        let count = dry.finish("", FOOTER).pages().len();
        cover_page(&mut flow, d, count);
        flow.new_page();
    }
    letter_pages(&mut flow, &c.text, parts.signature.as_ref());
    enclosures_page(&mut flow, d);
    flow.doc_mut().image = parts.signature.clone();
    flow.finish(&footer_label(d), FOOTER)
}
