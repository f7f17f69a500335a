//! Encrypting the connection to PostgreSQL (TLS) when it crosses a network. A server on another
//! machine is reached only through TLS whose certificate is checked against trusted roots and
//! names the host (libpq's `verify-full`, whatever `sslmode` asked for short of `disable`,
//! which is refused there): patient data never goes over a network in the clear, nor to a
//! server that only claims to be the practice's. On this machine (a Unix socket, localhost)
//! TLS is used when `sslmode` asks for it.
//!
//! The trusted roots: the URL's `sslrootcert=FILE` (or `PGSSLROOTCERT`, or libpq's default
//! `~/.postgresql/root.crt` when it exists), else the system's certificate store.

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
}

impl TlsAsk {
    /// From the settings taken out of a URL (and a service's, which the URL's override).
    pub fn from_settings(settings: &[(String, String)]) -> TlsAsk {
        let get = |key: &str| settings.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        TlsAsk { mode: get("sslmode"), root_cert: get("sslrootcert").map(PathBuf::from) }
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

/// The TLS connector: the server's certificate must chain to `roots_file`'s certificates (else
/// the system's) and name the host connected to.
pub fn connector(roots_file: Option<&Path>) -> Result<tokio_postgres_rustls::MakeRustlsConnect, StoreError> {
    let mut roots = rustls::RootCertStore::empty();
    match roots_file {
        Some(path) => {
            let shown = crate::text::escape(&path.display().to_string(), false).into_owned();
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
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_machine_always_gets_tls_and_disable_is_refused_there() {
        let ask = |m: Option<&str>| TlsAsk { mode: m.map(str::to_string), root_cert: None };
        for mode in [None, Some("prefer"), Some("require"), Some("verify-full")] {
            assert!(wanted(&ask(mode), Some("db.example.org")).unwrap(), "{mode:?}");
        }
        let e = wanted(&ask(Some("disable")), Some("db.example.org")).unwrap_err();
        assert!(e.to_string().contains("unencrypted"), "{e}");
        assert!(!wanted(&ask(None), None).unwrap(), "this machine: no TLS unless asked");
        assert!(wanted(&ask(Some("verify-full")), None).unwrap());
        assert!(wanted(&ask(Some("sometimes")), None).is_err());
    }
}
