//! Markdown letters as plain text, for payers' portals and fax cover sheets: headings lose
//! their marks, emphasis its asterisks; lists and paragraphs stay as they are.

pub fn to_plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        let text = match trimmed.strip_prefix('#') {
            Some(_) => trimmed.trim_start_matches('#').trim().to_string(),
            None => line.to_string(),
        };
        out.push_str(&text.replace("**", "").replace("__", ""));
        out.push('\n');
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
}
