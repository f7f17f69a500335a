//! PostgreSQL's connection service file, as libpq reads it: `service=NAME` in the URL (or
//! `PGSERVICE`) names a section of `PGSERVICEFILE`, else `~/.pg_service.conf`, else
//! `pg_service.conf` in `PGSYSCONFDIR`; its `key=value` lines fill in what the URL leaves out
//! (host, port, dbname, user, sslmode, sslrootcert). The practice's IT keeps the server's
//! address in one place and each biller's URL says only `postgres:///?service=practice`.

use std::path::PathBuf;

use crate::store::StoreError;

/// The settings of service `name` (`key`, `value`, in the file's order).
pub fn lookup(name: &str) -> Result<Vec<(String, String)>, StoreError> {
    for file in files() {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        if let Some(found) = section(&text, name) {
            return Ok(found);
        }
    }
    Err(StoreError::new(format!(
        "no PostgreSQL service '{name}' in the service file (PGSERVICEFILE, ~/.pg_service.conf, or pg_service.conf in PGSYSCONFDIR)"
    )))
}

/// Where service files are looked for, in libpq's order.
fn files() -> Vec<PathBuf> {
    let var = |n: &str| std::env::var_os(n).filter(|v| !v.is_empty()).map(PathBuf::from);
    let mut out = Vec::new();
    match var("PGSERVICEFILE") {
        Some(file) => out.push(file),
        None => out.extend(var("HOME").map(|h| h.join(".pg_service.conf"))),
    }
    out.extend(var("PGSYSCONFDIR").map(|d| d.join("pg_service.conf")));
    out
}

/// The `key=value` lines of section `[name]` (comments and blank lines skipped).
fn section(text: &str, name: &str) -> Option<Vec<(String, String)>> {
    let mut inside = false;
    let mut found: Option<Vec<(String, String)>> = None;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(title) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if found.is_some() {
                break;
            }
            inside = title.trim() == name;
            if inside {
                found = Some(Vec::new());
            }
            continue;
        }
        if inside && let (Some(settings), Some((k, v))) = (found.as_mut(), line.split_once('=')) {
            settings.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::section;

    #[test]
    fn a_named_section_is_read_and_others_left() {
        let text = "# the practice\n[other]\nhost=elsewhere\n\n[practice]\nhost = db.practice.lan\nport=5433\n\
                    dbname=practice\nsslrootcert=/etc/ssl/ca.pem\n[later]\nhost=x\n";
        let got = section(text, "practice").unwrap();
        let keys: Vec<(&str, &str)> = got.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            keys,
            [("host", "db.practice.lan"), ("port", "5433"), ("dbname", "practice"), ("sslrootcert", "/etc/ssl/ca.pem")]
        );
        assert!(section(text, "missing").is_none());
    }
}
