//! Where a PostgreSQL ledger is (`postgres://` URL), with libpq's defaults filled in from the
//! environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, the password file), and the rule
//! that patient data never goes to another machine unencrypted.

use std::path::PathBuf;
use std::str::FromStr;

use postgres::config::Host;

use super::pgpass;
use crate::store::StoreError;

/// Debian's and upstream's default socket directories, tried in this order.
const SOCKET_DIRS: &[&str] = &["/var/run/postgresql", "/tmp"];

#[derive(Clone)]
pub struct PgTarget {
    pub(super) config: postgres::Config,
    /// The URL without its password, for messages.
    shown: String,
}

impl std::fmt::Debug for PgTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

/// Does `text` name a PostgreSQL ledger rather than an SQLite file?
pub fn is_url(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

impl PgTarget {
    /// Reads a `postgres://` URL (errors never repeat it: it may hold a password).
    pub fn parse(url: &str) -> Result<PgTarget, StoreError> {
        let mut config = postgres::Config::from_str(url)
            .map_err(|e| StoreError::new(format!("the PostgreSQL URL cannot be read: {e}")))?;
        if config.get_user().is_none() {
            let user = env("PGUSER").or_else(|| env("USER")).or_else(|| env("LOGNAME")).ok_or_else(|| {
                StoreError::new("the PostgreSQL URL names no user, and neither PGUSER nor USER is set")
            })?;
            config.user(&user);
        }
        if config.get_hosts().is_empty() {
            match env("PGHOST") {
                Some(host) if host.starts_with('/') => drop(config.host_path(host)),
                Some(host) => drop(config.host(&host)),
                None => {
                    for dir in SOCKET_DIRS {
                        config.host_path(dir);
                    }
                }
            }
        }
        if config.get_ports().is_empty()
            && let Some(port) = env("PGPORT")
        {
            let port = port.parse().map_err(|_| StoreError::new(format!("PGPORT is not a port number ({port})")))?;
            config.port(port);
        }
        if config.get_dbname().is_none() {
            let db = env("PGDATABASE").unwrap_or_else(|| config.get_user().unwrap_or_default().to_string());
            config.dbname(&db);
        }
        config.application_name("overturn");
        config.connect_timeout(std::time::Duration::from_secs(10));
        let shown = show(&config);
        let target = PgTarget { config, shown };
        target.refuse_remote()?;
        Ok(target)
    }

    /// Refuses a host on another machine: this build has no TLS, and patient data never goes
    /// over a network unencrypted.
    fn refuse_remote(&self) -> Result<(), StoreError> {
        let local_ip = |ip: &std::net::IpAddr| ip.is_loopback();
        let remote = self.config.get_hosts().iter().find_map(|h| match h {
            Host::Unix(_) => None,
            Host::Tcp(name) if name == "localhost" => None,
            Host::Tcp(name) => match name.parse::<std::net::IpAddr>() {
                Ok(ip) if local_ip(&ip) => None,
                _ => Some(name.clone()),
            },
        });
        let remote =
            remote.or_else(|| self.config.get_hostaddrs().iter().find(|ip| !local_ip(ip)).map(|ip| ip.to_string()));
        match remote {
            Some(host) => Err(StoreError::new(format!(
                "{host} is another machine: Overturn sends patient data to PostgreSQL only on this machine (a Unix socket or localhost) \
                 until it can encrypt the connection (TLS). Reach a remote server through an SSH tunnel to localhost"
            ))),
            None => Ok(()),
        }
    }

    /// The URL without its password.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    /// Connects; a password missing from the URL is looked up in the password file first.
    pub fn connect(&self) -> Result<postgres::Client, StoreError> {
        let mut config = self.config.clone();
        if config.get_password().is_none()
            && let Some(password) = self.password_from_file()?
        {
            config.password(password);
        }
        config
            .connect(postgres::NoTls)
            .map_err(|e| super::pg_error(&format!("cannot connect to PostgreSQL at {}", self.shown), e))
    }

    fn password_from_file(&self) -> Result<Option<String>, StoreError> {
        let file = match env("PGPASSFILE") {
            Some(path) => PathBuf::from(path),
            None => match env("HOME") {
                Some(home) => PathBuf::from(home).join(".pgpass"),
                None => return Ok(None),
            },
        };
        let host = match self.config.get_hosts().first() {
            Some(Host::Tcp(name)) => name.clone(),
            // libpq matches a socket connection as "localhost".
            _ => "localhost".to_string(),
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432).to_string();
        let key = pgpass::Key {
            host: &host,
            port: &port,
            db: self.config.get_dbname().unwrap_or_default(),
            user: self.user(),
        };
        pgpass::lookup(&file, &key).map_err(StoreError::new)
    }
}

fn show(config: &postgres::Config) -> String {
    let (host, socket) = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => (name.clone(), String::new()),
        Some(Host::Unix(dir)) => (String::new(), format!("?host={}", dir.display())),
        None => (String::new(), String::new()),
    };
    let port = config.get_ports().first().map(|p| format!(":{p}")).unwrap_or_default();
    let user = config.get_user().unwrap_or_default();
    format!("postgres://{user}@{host}{port}/{}{socket}", config.get_dbname().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("postgres://biller@localhost/practice"));
        assert!(is_url("postgresql:///practice"));
        assert!(!is_url("/home/me/overturn.db"));
        assert!(!is_url("postgres.db"));
    }

    #[test]
    fn another_machine_is_refused_before_any_connection() {
        for url in [
            "postgres://biller:secret@db.example.org/practice",
            "postgres://biller@10.0.0.5:5432/practice",
            "postgresql://biller@localhost/practice?hostaddr=192.168.1.9",
        ] {
            let err = PgTarget::parse(url).unwrap_err().to_string();
            assert!(err.contains("is another machine") && err.contains("TLS"), "{url}: {err}");
            assert!(!err.contains("secret"), "{err}");
        }
    }

    #[test]
    fn local_hosts_and_sockets_are_accepted_and_shown_without_password() {
        let t = PgTarget::parse("postgres://biller:secret@localhost:5433/practice").unwrap();
        assert_eq!(t.shown(), "postgres://biller@localhost:5433/practice");
        let t = PgTarget::parse("postgresql://biller@127.0.0.1/practice").unwrap();
        assert_eq!(t.user(), "biller");
        let t = PgTarget::parse("postgresql:///practice?host=/run/pg&user=owner").unwrap();
        assert_eq!(t.shown(), "postgres://owner@/practice?host=/run/pg");
    }
}
