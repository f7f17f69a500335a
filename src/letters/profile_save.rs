//! The practice profile typed into the desk, saved to `config.toml`'s `[practice]` table. The
//! user's file is kept as written (comments, order, other keys): the new keys are added under
//! an existing `[practice]` header, or a new table is appended, and the result must read back
//! as a valid config before it replaces the file (private, renamed into place).

use std::path::{Path, PathBuf};

/// A TOML basic string.
fn quoted(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if crate::text::is_control(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn is_practice_header(line: &str) -> bool {
    let t = line.trim();
    t.strip_prefix('[').and_then(|r| r.split('#').next()).map(str::trim) == Some("practice]")
}

/// `text` (a config.toml, possibly empty) with `values` added to its `[practice]` table.
pub fn with_practice(text: &str, values: &[(&str, String)]) -> Result<String, String> {
    let lines: Vec<String> = values.iter().map(|(k, v)| format!("{k} = {}", quoted(v))).collect();
    let mut out = String::new();
    if let Some(at) = text.lines().position(is_practice_header) {
        for (i, line) in text.lines().enumerate() {
            out.push_str(line);
            out.push('\n');
            if i == at {
                lines.iter().for_each(|l| {
                    out.push_str(l);
                    out.push('\n');
                });
            }
        }
    } else {
        out.push_str(text);
        if !text.is_empty() && !text.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(if text.trim().is_empty() { "[practice]\n" } else { "\n[practice]\n" });
        lines.iter().for_each(|l| {
            out.push_str(l);
            out.push('\n');
        });
    }
    let config: crate::config::Config = toml::from_str(&out).map_err(|e| {
        let first = e.message().lines().next().unwrap_or("").to_string();
        format!("config.toml would not read back ({first}): fill in [practice] there instead")
    })?;
    if let Some(why) = config.practice_profile().incomplete() {
        return Err(why);
    }
    Ok(out)
}

/// Saves `values` into `dir/config.toml` (created 0600 in a 0700 folder when missing).
pub fn save_practice(dir: &Path, values: &[(&str, String)]) -> Result<PathBuf, String> {
    let path = dir.join("config.toml");
    let shown = crate::text::escape(&path.display().to_string(), false).into_owned();
    let old = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{shown}: cannot read ({e})")),
    };
    let new = with_practice(&old, values)?;
    crate::fsutil::create_private_dir(dir).map_err(|e| format!("{}: cannot create ({e})", dir.display()))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".config-").suffix(".part");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| format!("{shown}: cannot write ({e})"))?;
    std::io::Write::write_all(&mut tmp, new.as_bytes()).map_err(|e| format!("{shown}: cannot write ({e})"))?;
    tmp.as_file().sync_all().map_err(|e| format!("{shown}: cannot write ({e})"))?;
    tmp.persist(&path).map_err(|e| format!("{shown}: cannot write ({})", e.error))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> Vec<(&'static str, String)> {
        vec![
            ("name", "Riverbend \"Family\" Medicine".into()),
            ("address", "120 River Road\nSpringfield, IL 62701".into()),
            ("phone", "(217) 555-0142".into()),
            ("npi", "1234567893".into()),
            ("tin", "12-3456789".into()),
        ]
    }

    #[test]
    fn a_new_table_is_appended_and_the_users_text_is_kept() {
        let old = "# my settings\nbiller_name = \"Dana\"  # me\n";
        let new = with_practice(old, &full()).unwrap();
        assert!(new.starts_with(old), "{new}");
        let c: crate::config::Config = toml::from_str(&new).unwrap();
        let p = c.practice_profile();
        assert_eq!(p.name.as_deref(), Some("Riverbend \"Family\" Medicine"));
        assert_eq!(p.address_lines(), vec!["120 River Road", "Springfield, IL 62701"]);
        assert_eq!(c.biller_name.as_deref(), Some("Dana"));
        assert!(with_practice("", &full()).unwrap().starts_with("[practice]\nname = "));
    }

    #[test]
    fn missing_keys_go_under_an_existing_table() {
        let old = "biller_name = \"Dana\"\n\n[practice] # who we are\nname = \"Riverbend\"\nfax = \"1\"\n";
        let values: Vec<_> = full().into_iter().filter(|(k, _)| *k != "name").collect();
        let new = with_practice(old, &values).unwrap_or_else(|e| panic!("{e}"));
        assert!(new.starts_with("biller_name = \"Dana\"\n\n[practice] # who we are\naddress = "), "{new}");
        assert!(new.ends_with("tin = \"12-3456789\"\nname = \"Riverbend\"\nfax = \"1\"\n"), "{new}");
    }

    #[test]
    fn a_result_that_would_not_read_back_is_refused() {
        // The file already sets phone (empty): a second phone would be a duplicate key.
        let old = "[practice]\nphone = \"\"\n";
        let err = with_practice(old, &full()).unwrap_err();
        assert!(err.contains("fill in [practice] there instead"), "{err}");
        let err = with_practice("", &full()[..2]).unwrap_err();
        assert!(err.contains("phone, npi, tin"), "{err}");
    }
}
