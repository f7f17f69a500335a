//! A letter's Markdown read as blocks for the page: headings, paragraphs (reflowed), blocks of
//! short lines (addresses, the letterhead, the signature: their line breaks kept) and bullet
//! lists. The saved letter is whatever the biller wrote, so this reads any text, never fails.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    /// Lines whose breaks matter (every line short): an address, a signature.
    Lines(Vec<String>),
    /// Prose, its line breaks soft.
    Paragraph(String),
    Bullets(Vec<String>),
}

/// A line no longer than this, in a run of such lines, keeps its break.
const SHORT_LINE: usize = 64;

/// Inline Markdown marks a printed letter does not show; a value's escaped marks (`AMT\*B6`,
/// escaped when the letter was rendered) print as themselves.
fn plain(line: &str) -> String {
    super::plain::inline(line, true)
}

fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")).or_else(|| t.strip_prefix("+ "))
}

fn text_run(lines: &[String], out: &mut Vec<Block>) {
    if lines.is_empty() {
        return;
    }
    if lines.len() > 1 && lines.iter().all(|l| l.chars().count() <= SHORT_LINE) {
        out.push(Block::Lines(lines.to_vec()));
    } else {
        out.push(Block::Paragraph(lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ")));
    }
}

/// The letter's blocks, in order; blank lines separate them.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut groups: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.lines() {
        let blank = line.trim().is_empty();
        match groups.last_mut() {
            Some(g) if blank && !g.is_empty() => groups.push(Vec::new()),
            Some(g) if !blank => g.push(line),
            _ => {}
        }
    }
    for group in groups {
        let mut run: Vec<String> = Vec::new();
        let mut items: Vec<String> = Vec::new();
        for raw in group {
            let line = plain(raw.trim_end());
            if let Some(title) = line.trim_start().strip_prefix('#') {
                text_run(&std::mem::take(&mut run), &mut out);
                if !items.is_empty() {
                    out.push(Block::Bullets(std::mem::take(&mut items)));
                }
                out.push(Block::Heading(title.trim_start_matches('#').trim().to_string()));
            } else if let Some(item) = bullet(&line) {
                text_run(&std::mem::take(&mut run), &mut out);
                items.push(item.trim().to_string());
            } else if let (Some(last), true) = (items.last_mut(), line.starts_with(' ')) {
                last.push(' ');
                last.push_str(line.trim());
            } else {
                if !items.is_empty() {
                    out.push(Block::Bullets(std::mem::take(&mut items)));
                }
                run.push(line);
            }
        }
        text_run(&run, &mut out);
        if !items.is_empty() {
            out.push(Block::Bullets(items));
        }
    }
    out
}

/// A closing ("Sincerely,") after which the signature goes.
pub fn is_closing(block: &Block) -> bool {
    let Block::Paragraph(p) = block else { return false };
    let lower = p.trim().to_lowercase();
    lower.ends_with(',')
        && ["sincerely", "respectfully", "regards", "best regards", "kind regards", "thank you"]
            .iter()
            .any(|w| lower.trim_end_matches(',') == *w || lower.starts_with(&format!("{w} ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_keep_their_breaks_and_prose_is_reflowed() {
        let text = "Clinic\n1 Main St\nTown, ST 00000\n\n# First-level appeal (level 1)\n\n- Patient: Ada\n- Claim: \
                    X1\n  continued\n\nWe ask you to reprocess this claim because the service was covered under the \
                    member's plan\nand medically necessary.\n\nSincerely,\n\nDana, Manager\nClinic";
        let b = blocks(text);
        assert_eq!(b[0], Block::Lines(vec!["Clinic".into(), "1 Main St".into(), "Town, ST 00000".into()]));
        assert_eq!(b[1], Block::Heading("First-level appeal (level 1)".into()));
        assert_eq!(b[2], Block::Bullets(vec!["Patient: Ada".into(), "Claim: X1 continued".into()]));
        assert!(matches!(&b[3], Block::Paragraph(p) if p.ends_with("plan and medically necessary.")));
        assert!(is_closing(&b[4]));
        assert_eq!(b[5], Block::Lines(vec!["Dana, Manager".into(), "Clinic".into()]));
        assert!(!is_closing(&b[3]));
    }

    #[test]
    fn escaped_marks_print_as_themselves() {
        let b = blocks("- allowed (AMT\\*B6) $62.00 for SMITH \\_JR\\_");
        assert_eq!(format!("{b:?}").matches("allowed (AMT*B6) $62.00 for SMITH _JR_").count(), 1, "{b:?}");
    }

    #[test]
    fn text_then_a_list_in_one_group_and_emphasis_marks_dropped() {
        let b = blocks("Enclosed:\n- **Notes**\n- Records\nPlease pay.");
        assert_eq!(
            b,
            vec![
                Block::Paragraph("Enclosed:".into()),
                Block::Bullets(vec!["Notes".into(), "Records".into()]),
                Block::Paragraph("Please pay.".into())
            ]
        );
        assert!(blocks("").is_empty());
    }
}
