//! Encrypting the connection to PostgreSQL (TLS) when it crosses a network. A server on another
//! machine is reached only through TLS whose certificate is checked against trusted roots and
//! names the host (libpq's `verify-full`, whatever `sslmode` asked for short of `disable`,
//! which is refused there): patient data never goes over a network in the clear, nor to a
//! server that only claims to be the practice's. On this machine (a Unix socket, localhost)
//! TLS is used when `sslmode` asks for it.
//!
//! The trusted roots: the URL's `sslrootcert=FILE` (or `PGSSLROOTCERT`, or libpq's default
//! `~/.postgresql/root.crt` when it exists), else the system's certificate store. A client
//! certificate, for servers that authenticate by certificate (`cert` in `pg_hba.conf`): the
//! URL's `sslcert=FILE` and `sslkey=FILE` (or `PGSSLCERT` and `PGSSLKEY`, or libpq's defaults
//! `~/.postgresql/postgresql.crt` and `.key` when both exist); the key must be readable by its
//! owner only, as libpq requires.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::store::StoreError;

/// What the URL and the environment ask of TLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsAsk {
    /// `sslmode`, when given.
    pub mode: Option<String>,
    pub root_cert: Option<PathBuf>,
    /// `sslcert` and `sslkey`, when given.
    pub client_cert: Option<PathBuf>,
    pub client_key: Option<PathBuf>,
}

/// What a TLS connection trusts and presents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsSetup {
    /// The root certificates file (`None`: the system's store).
    pub roots: Option<PathBuf>,
    /// The client certificate (chain) and its private key.
    pub client: Option<(PathBuf, PathBuf)>,
}

impl TlsAsk {
    /// From the settings taken out of a URL (and a service's, which the URL's override).
    pub fn from_settings(settings: &[(String, String)]) -> TlsAsk {
        let get = |key: &str| settings.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        TlsAsk {
            mode: get("sslmode"),
            root_cert: get("sslrootcert").map(PathBuf::from),
            client_cert: get("sslcert").map(PathBuf::from),
            client_key: get("sslkey").map(PathBuf::from),
        }
    }
}

/// Whether to encrypt: always to another machine (`disable` is refused there), on this machine
/// when `sslmode` asks for it.
pub fn wanted(ask: &TlsAsk, remote: Option<&str>) -> Result<bool, StoreError> {
    match (ask.mode.as_deref(), remote) {
        (Some("disable"), Some(host)) => Err(StoreError::new(format!(
            "sslmode=disable would send patient data to {host} unencrypted: Overturn reaches another machine only \
             through TLS (leave sslmode out, or use verify-full)"
        ))),
        (None | Some("disable" | "allow" | "prefer"), None) => Ok(false),
        (None | Some("allow" | "prefer" | "require" | "verify-ca" | "verify-full"), Some(_)) => Ok(true),
        (Some("require" | "verify-ca" | "verify-full"), None) => Ok(true),
        (Some(other), _) => Err(StoreError::new(format!(
            "sslmode={other} is not one PostgreSQL knows (disable, allow, prefer, require, verify-ca, verify-full)"
        ))),
    }
}

/// The root certificates file to trust: the one asked for, else libpq's default when present.
pub fn root_cert(ask: &TlsAsk) -> Option<PathBuf> {
    let from_env = std::env::var_os("PGSSLROOTCERT").filter(|v| !v.is_empty()).map(PathBuf::from);
    let default = std::env::var_os("HOME").map(|h| Path::new(&h).join(".postgresql/root.crt")).filter(|p| p.exists());
    ask.root_cert.clone().or(from_env).or(default)
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// The client certificate and key to present: the ones asked for (the URL's, else the
/// environment's), else libpq's defaults when both files exist; `None` when there is none.
pub fn client_cert(ask: &TlsAsk) -> Result<Option<(PathBuf, PathBuf)>, StoreError> {
    let cert = ask.client_cert.clone().or_else(|| env_path("PGSSLCERT"));
    let key = ask.client_key.clone().or_else(|| env_path("PGSSLKEY"));
    let default = |name: &str| env_path("HOME").map(|h| h.join(".postgresql").join(name)).filter(|p| p.exists());
    match (cert, key) {
        (Some(cert), Some(key)) => Ok(Some((cert, key))),
        (Some(cert), None) => match default("postgresql.key") {
            Some(key) => Ok(Some((cert, key))),
            None => Err(StoreError::new("sslcert names a client certificate but no key: name it with sslkey=FILE")),
        },
        (None, Some(_)) => Err(StoreError::new("sslkey names a key but no client certificate: add sslcert=FILE")),
        (None, None) => Ok(default("postgresql.crt").zip(default("postgresql.key"))),
    }
}

fn shown(path: &Path) -> String {
    crate::text::escape(&path.display().to_string(), false).into_owned()
}

/// The client's certificate chain and private key, read from PEM files; a key others may read
/// is refused (as libpq does), naming the file.
fn client_identity(
    cert: &Path,
    key: &Path,
) -> Result<(Vec<CertificateDer<'static>>, rustls::pki_types::PrivateKeyDer<'static>), StoreError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(key)
        .map_err(|e| StoreError::new(format!("{}: cannot read the client key ({e})", shown(key))))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(StoreError::new(format!(
            "{}: the client key can be read by others (mode {:04o}): make it yours only (chmod 600)",
            shown(key),
            mode & 0o777
        )));
    }
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| StoreError::new(format!("{}: not a PEM client certificate ({e})", shown(cert))))?;
    if chain.is_empty() {
        return Err(StoreError::new(format!("{}: holds no client certificate", shown(cert))));
    }
    let key = rustls::pki_types::PrivateKeyDer::from_pem_file(key)
        .map_err(|e| StoreError::new(format!("{}: not a PEM private key ({e})", shown(key))))?;
    Ok((chain, key))
}

/// The TLS connector: the server's certificate must chain to the roots file's certificates
/// (else the system's) and name the host connected to; the client's certificate is presented
/// when there is one.
pub fn connector(setup: &TlsSetup) -> Result<tokio_postgres_rustls::MakeRustlsConnect, StoreError> {
    let mut roots = rustls::RootCertStore::empty();
    match setup.roots.as_deref() {
        Some(path) => {
            let shown = shown(path);
            let certs = CertificateDer::pem_file_iter(path)
                .map_err(|e| StoreError::new(format!("{shown}: cannot read the root certificates ({e})")))?;
            for cert in certs {
                let cert = cert.map_err(|e| StoreError::new(format!("{shown}: not a PEM certificate ({e})")))?;
                roots
                    .add(cert)
                    .map_err(|e| StoreError::new(format!("{shown}: a certificate that cannot be trusted ({e})")))?;
            }
            if roots.is_empty() {
                return Err(StoreError::new(format!("{shown}: holds no certificate to trust")));
            }
        }
        None => {
            let found = rustls_native_certs::load_native_certs();
            for cert in found.certs {
                let _ = roots.add(cert);
            }
            if roots.is_empty() {
                return Err(StoreError::new(
                    "no trusted root certificates on this system: name the server's CA with sslrootcert=FILE",
                ));
            }
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| StoreError::new(format!("TLS cannot be set up: {e}")))?
        .with_root_certificates(roots);
    let config = match &setup.client {
        None => config.with_no_client_auth(),
        Some((cert, key)) => {
            let (chain, key) = client_identity(cert, key)?;
            config
                .with_client_auth_cert(chain, key)
                .map_err(|e| StoreError::new(format!("{}: the client certificate cannot be used ({e})", shown(cert))))?
        }
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_machine_always_gets_tls_and_disable_is_refused_there() {
        let ask = |m: Option<&str>| TlsAsk {
            mode: m.map(str::to_string),
            root_cert: None,
            client_cert: None,
            client_key: None,
        };
        for mode in [None, Some("prefer"), Some("require"), Some("verify-full")] {
            assert!(wanted(&ask(mode), Some("db.example.org")).unwrap(), "{mode:?}");
        }
        let e = wanted(&ask(Some("disable")), Some("db.example.org")).unwrap_err();
        assert!(e.to_string().contains("unencrypted"), "{e}");
        assert!(!wanted(&ask(None), None).unwrap(), "this machine: no TLS unless asked");
        assert!(wanted(&ask(Some("verify-full")), None).unwrap());
        assert!(wanted(&ask(Some("sometimes")), None).is_err());
    }

    #[test]
    fn a_client_certificate_comes_with_its_key() {
        let ask = |c: Option<&str>, k: Option<&str>| TlsAsk {
            mode: Some("verify-full".into()),
            root_cert: None,
            client_cert: c.map(PathBuf::from),
            client_key: k.map(PathBuf::from),
        };
        let both = client_cert(&ask(Some("/etc/me.crt"), Some("/etc/me.key"))).unwrap();
        assert_eq!(both, Some((PathBuf::from("/etc/me.crt"), PathBuf::from("/etc/me.key"))));
        let e = client_cert(&ask(None, Some("/etc/me.key"))).unwrap_err().to_string();
        assert!(e.contains("no client certificate: add sslcert=FILE"), "{e}");
    }
}
