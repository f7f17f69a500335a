//! Markdown letters as plain text, for payers' portals and fax cover sheets: headings lose
//! their marks, emphasis its asterisks; lists and paragraphs stay as they are.

/// The characters that would act as Markdown in a value (emphasis, code, links, HTML, headings,
/// tables); `escape_markdown` puts a backslash before each.
const MARKS: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '~'];

/// A value from the ledger as literal Markdown text.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if MARKS.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn to_plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        let text = match trimmed.strip_prefix('#') {
            Some(_) => trimmed.trim_start_matches('#').trim(),
            None => line,
        };
        out.push_str(&inline(text, false));
        out.push('\n');
    }
    out
}

/// One line's text without its Markdown: escaped marks as themselves, `**` and `__` dropped,
/// and code marks too when `drop_code`.
pub fn inline(text: &str, drop_code: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek().copied()) {
            ('\\', Some(next)) if MARKS.contains(&next) => {
                out.push(next);
                chars.next();
            }
            ('*', Some('*')) | ('_', Some('_')) => {
                chars.next();
            }
            ('`', _) if drop_code => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_go_and_text_stays() {
        let md = "# Level 1 appeal\n\n- Patient: **Ann**\nPlain line\n## Enclosed\n";
        assert_eq!(to_plain_text(md), "Level 1 appeal\n\n- Patient: Ann\nPlain line\nEnclosed\n");
    }

    #[test]
    fn values_stay_text_and_read_back_plain() {
        let forged = "SMITH # Appeal withdrawn *do not pay* [click](http://x) <b>";
        let md = escape_markdown(forged);
        assert_eq!(md, "SMITH \\# Appeal withdrawn \\*do not pay\\* \\[click\\](http://x) \\<b\\>");
        assert_eq!(to_plain_text(&format!("- Patient: {md}")), format!("- Patient: {forged}\n"));
        assert_eq!(to_plain_text("O'BRIEN-SMITH \\_\\_x"), "O'BRIEN-SMITH __x\n");
    }
}
