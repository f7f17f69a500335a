//! PostgreSQL's password file (`~/.pgpass` or `PGPASSFILE`): lines of
//! `hostname:port:database:username:password`, `*` matching anything, `\:` and `\\` escaped.
//! As libpq does, a file others can read is ignored (with a warning), and Overturn never
//! stores a password itself.

use std::path::Path;

pub struct Key<'a> {
    pub host: &'a str,
    pub port: &'a str,
    pub db: &'a str,
    pub user: &'a str,
}

/// The password of the first line that matches `key`, if the file exists and is private.
pub fn lookup(file: &Path, key: &Key) -> Result<Option<String>, String> {
    let Ok(meta) = std::fs::metadata(file) else {
        return Ok(None);
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            crate::output::err_line(&format!(
                "warning: password file {} can be read by others (chmod 0600 it); it was not used",
                file.display()
            ));
            return Ok(None);
        }
    }
    let text =
        std::fs::read_to_string(file).map_err(|e| format!("cannot read password file {}: {e}", file.display()))?;
    Ok(find(&text, key))
}

fn find(text: &str, key: &Key) -> Option<String> {
    let wanted = [key.host, key.port, key.db, key.user];
    text.lines().filter(|l| !l.starts_with('#')).find_map(|line| {
        let fields = split(line);
        if fields.len() < 5 {
            return None;
        }
        let matches = fields.iter().zip(wanted).all(|(field, want)| field == "*" || field == want);
        matches.then(|| fields[4].clone())
    })
}

/// Splits a line at unescaped colons, undoing `\:` and `\\`; the password takes the rest.
fn split(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("one field at least").push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().expect("one field at least").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# team ledger\n\
        db.example.org:5432:practice:biller:remote\n\
        localhost:5432:practice:biller:pa\\:ss\\\\word\n\
        *:*:*:owner:any:thing\n";

    fn key<'a>(host: &'a str, user: &'a str) -> Key<'a> {
        Key { host, port: "5432", db: "practice", user }
    }

    #[test]
    fn first_matching_line_wins_with_escapes_and_wildcards() {
        assert_eq!(find(FILE, &key("localhost", "biller")).as_deref(), Some("pa:ss\\word"));
        assert_eq!(find(FILE, &key("db.example.org", "biller")).as_deref(), Some("remote"));
        assert_eq!(find(FILE, &key("anywhere", "owner")).as_deref(), Some("any:thing"));
        assert_eq!(find(FILE, &key("localhost", "nobody")), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_can_read_is_not_used() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(&file, FILE).unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(lookup(&file, &key("localhost", "biller")).unwrap(), None);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(lookup(&file, &key("localhost", "biller")).unwrap().as_deref(), Some("pa:ss\\word"));
        assert_eq!(lookup(&dir.path().join("missing"), &key("localhost", "biller")).unwrap(), None);
    }
}
