//! Where a PostgreSQL ledger is (`postgres://` URL), with libpq's defaults filled in from the
//! environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGSSLMODE`, the password file),
//! and the rule that patient data never goes to another machine unencrypted (see [`super::tls`]).

use std::path::PathBuf;
use std::str::FromStr;

use postgres::config::Host;

use super::pgpass;
use super::service;
use super::tls::{self, TlsAsk};
use crate::store::StoreError;

/// Debian's and upstream's default socket directories, tried in this order.
const SOCKET_DIRS: &[&str] = &["/var/run/postgresql", "/tmp"];

#[derive(Clone)]
pub struct PgTarget {
    pub(super) config: postgres::Config,
    /// TLS, and the roots it trusts (`None`: no TLS).
    tls: Option<tls::TlsSetup>,
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
        // libpq's settings the client library does not read: taken out here, a named service's
        // settings after the URL's (the URL's win).
        let (url, mut settings) = take_params(url, &["sslmode", "sslrootcert", "sslcert", "sslkey", "service"]);
        let service =
            settings.iter().find(|(k, _)| k == "service").map(|(_, v)| v.clone()).or_else(|| env("PGSERVICE"));
        let from_service = match &service {
            Some(name) => service::lookup(name)?,
            None => Vec::new(),
        };
        let tls_keys = ["sslmode", "sslrootcert", "sslcert", "sslkey"];
        settings.extend(from_service.iter().filter(|(k, _)| tls_keys.contains(&k.as_str())).cloned());
        let mut ask = TlsAsk::from_settings(&settings);
        if ask.mode.is_none() {
            ask.mode = env("PGSSLMODE");
        }
        let mut config = postgres::Config::from_str(&url)
            .map_err(|e| StoreError::new(format!("the PostgreSQL URL cannot be read: {e}")))?;
        apply_service(&mut config, &from_service)?;
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
        let tls = tls_for(&config, &ask)?;
        config.ssl_mode(if tls.is_some() {
            postgres::config::SslMode::Require
        } else {
            postgres::config::SslMode::Disable
        });
        Ok(PgTarget { config, tls, shown })
    }

    /// Whether the connection is encrypted (TLS).
    pub fn encrypted(&self) -> bool {
        self.tls.is_some()
    }
}

/// Takes `keys` out of a URL's query, returning the rest of the URL and what was taken.
fn take_params(url: &str, keys: &[&str]) -> (String, Vec<(String, String)>) {
    let Some((base, query)) = url.split_once('?') else { return (url.to_string(), Vec::new()) };
    let (mut kept, mut taken) = (Vec::new(), Vec::new());
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some((k, v)) if keys.contains(&k) => taken.push((k.to_string(), v.to_string())),
            _ => kept.push(pair),
        }
    }
    let url = if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) };
    (url, taken)
}

/// A service's host, port, database, user and password, where the URL names none.
fn apply_service(config: &mut postgres::Config, settings: &[(String, String)]) -> Result<(), StoreError> {
    for (key, value) in settings {
        match key.as_str() {
            "host" if config.get_hosts().is_empty() => {
                for host in value.split(',') {
                    if host.starts_with('/') {
                        config.host_path(host);
                    } else {
                        config.host(host);
                    }
                }
            }
            "port" if config.get_ports().is_empty() => {
                let port = value
                    .parse()
                    .map_err(|_| StoreError::new(format!("the service's port is not a number ({value})")))?;
                config.port(port);
            }
            "dbname" if config.get_dbname().is_none() => drop(config.dbname(value)),
            "user" if config.get_user().is_none() => drop(config.user(value)),
            "password" if config.get_password().is_none() => drop(config.password(value)),
            _ => {}
        }
    }
    Ok(())
}

/// TLS for a connection to `config`'s hosts, and the roots it trusts: always to another
/// machine, on this one when asked (see [`tls::wanted`]).
fn tls_for(config: &postgres::Config, ask: &TlsAsk) -> Result<Option<tls::TlsSetup>, StoreError> {
    let remote = remote_host(config);
    if !tls::wanted(ask, remote.as_deref())? {
        return Ok(None);
    }
    if config.get_hosts().iter().all(|h| matches!(h, Host::Unix(_))) {
        return Err(StoreError::new(
            "TLS works over the network, not a Unix socket: name the server's host (host=localhost) for sslmode",
        ));
    }
    Ok(Some(tls::TlsSetup { roots: tls::root_cert(ask), client: tls::client_cert(ask)? }))
}

/// The first host (or address) on another machine, if any.
fn remote_host(config: &postgres::Config) -> Option<String> {
    let local_ip = |ip: &std::net::IpAddr| ip.is_loopback();
    let remote = config.get_hosts().iter().find_map(|h| match h {
        Host::Unix(_) => None,
        Host::Tcp(name) if name == "localhost" => None,
        Host::Tcp(name) => match name.parse::<std::net::IpAddr>() {
            Ok(ip) if local_ip(&ip) => None,
            _ => Some(name.clone()),
        },
    });
    remote.or_else(|| config.get_hostaddrs().iter().find(|ip| !local_ip(ip)).map(|ip| ip.to_string()))
}

impl PgTarget {
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
        let what = || format!("cannot connect to PostgreSQL at {}", self.shown);
        match &self.tls {
            None => config.connect(postgres::NoTls).map_err(|e| super::pg_error(&what(), e)),
            Some(setup) => {
                let tls = tls::connector(setup)?;
                config.connect(tls).map_err(|e| super::pg_error(&format!("{} (TLS)", what()), e))
            }
        }
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
    fn another_machine_is_reached_only_through_tls() {
        for url in [
            "postgres://biller:secret@db.example.org/practice",
            "postgres://biller@10.0.0.5:5432/practice?sslmode=require",
            "postgresql://biller@localhost/practice?hostaddr=192.168.1.9",
        ] {
            assert!(PgTarget::parse(url).unwrap().encrypted(), "{url}");
        }
        let err = PgTarget::parse("postgres://biller:secret@db.example.org/practice?sslmode=disable").unwrap_err();
        let err = err.to_string();
        assert!(err.contains("unencrypted") && err.contains("db.example.org") && !err.contains("secret"), "{err}");
        assert!(!PgTarget::parse("postgres://biller@localhost/practice").unwrap().encrypted());
        assert!(PgTarget::parse("postgres://biller@localhost/practice?sslmode=verify-full").unwrap().encrypted());
        assert!(PgTarget::parse("postgres:///practice?host=/run/pg&sslmode=require").is_err(), "no TLS on a socket");
    }

    #[test]
    fn libpq_settings_are_taken_out_of_the_url() {
        let url =
            "postgres://dana@db.example.org/practice?sslmode=verify-full&application_name=x&sslrootcert=/etc/ca.pem";
        let (rest, taken) = take_params(url, &["sslmode", "sslrootcert", "service"]);
        assert_eq!(rest, "postgres://dana@db.example.org/practice?application_name=x");
        let ask = TlsAsk::from_settings(&taken);
        assert_eq!(ask.mode.as_deref(), Some("verify-full"));
        assert_eq!(ask.root_cert, Some(PathBuf::from("/etc/ca.pem")));
    }

    #[test]
    fn a_service_fills_in_what_the_url_leaves_out() {
        let settings: Vec<(String, String)> =
            [("host", "/run/pg"), ("port", "5433"), ("dbname", "practice"), ("user", "svc")]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        let mut config = postgres::Config::from_str("postgres://dana@/").unwrap();
        apply_service(&mut config, &settings).unwrap();
        assert_eq!(config.get_user(), Some("dana"), "the URL's user wins");
        assert_eq!(config.get_dbname(), Some("practice"));
        assert_eq!(config.get_ports(), [5433]);
        assert_eq!(config.get_hosts(), [Host::Unix(PathBuf::from("/run/pg"))]);
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
