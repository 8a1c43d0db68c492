//! TLS with rustls and the `ring` crypto provider. Verification is on unless the user explicitly turns it off; the
//! system roots are trusted when no CA file is given. `ssl.endpoint.identification.algorithm=` (empty) turns off
//! only the host-name check, as in Kafka: the chain is still verified against the roots ([`verifier`]).

mod verifier;

use std::path::Path;
use std::sync::Arc;

use rustls::RootCertStore;
use rustls::crypto::CryptoProvider;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use tokio_rustls::TlsConnector;

use crate::cluster::config::TlsConfig;
use crate::cluster::error::{ClusterError, Result};
use crate::cluster::tls::verifier::Lenient;
use crate::files;

/// The crypto provider of every TLS client topicctl builds (Kafka, Schema Registry, AWS, Kubernetes, downloads).
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Installs [`provider`] as the process-wide default, which reqwest wants even for plain HTTP (a no-op when one is
/// installed already).
pub fn install_default_provider() {
    let _ = CryptoProvider::install_default(rustls::crypto::ring::default_provider());
}

fn config_error(what: &str, path: &Path, err: impl std::fmt::Display) -> ClusterError {
    ClusterError::Config(format!("cannot read {what} {}: {err}", path.display()))
}

pub fn connector(cfg: &TlsConfig) -> Result<TlsConnector> {
    Ok(TlsConnector::from(Arc::new(client_config(cfg)?)))
}

/// The rustls configuration for `cfg` (also used by the Schema Registry's HTTP client).
pub fn client_config(cfg: &TlsConfig) -> Result<rustls::ClientConfig> {
    let provider = provider();
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| ClusterError::Config(format!("TLS set-up failed: {e}")))?;
    let builder = match (cfg.verify, cfg.verify_hostname) {
        (true, true) => builder.with_root_certificates(roots(cfg)?),
        (true, false) => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Lenient::chain_only(roots(cfg)?, provider))),
        (false, _) => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Lenient::none(provider))),
    };
    let config = match (&cfg.cert_file, &cfg.key_file) {
        (Some(cert), Some(key)) => {
            let key_pem = files::read_regular(key, files::SMALL_CAP)?;
            let chain = pem_certificates(cert, "client certificate")?;
            let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|e| config_error("client key", key, e))?;
            builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| ClusterError::Config(format!("client certificate and key do not fit: {e}")))?
        }
        (None, None) => builder.with_no_client_auth(),
        _ => {
            return Err(ClusterError::Config(
                "mutual TLS needs both ssl.certificate.location and ssl.key.location".into(),
            ));
        }
    };
    Ok(config)
}

/// The PEM certificates in `path` (a regular file of at most [`files::SMALL_CAP`] bytes), at least one.
fn pem_certificates(path: &Path, what: &str) -> Result<Vec<CertificateDer<'static>>> {
    let pem = files::read_regular(path, files::SMALL_CAP)?;
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| config_error(what, path, e))?;
    if certs.is_empty() {
        return Err(config_error(what, path, "no PEM certificate in it"));
    }
    Ok(certs)
}

fn roots(cfg: &TlsConfig) -> Result<RootCertStore> {
    let mut store = RootCertStore::empty();
    match &cfg.ca_file {
        Some(path) => {
            for cert in pem_certificates(path, "CA file")? {
                store.add(cert).map_err(|e| config_error("CA file", path, e))?;
            }
        }
        None => {
            let found = rustls_native_certs::load_native_certs();
            for cert in found.certs {
                let _ = store.add(cert);
            }
            if store.is_empty() {
                return Err(ClusterError::Config(
                    "no system CA certificates found: give ssl.ca.location".into(),
                ));
            }
        }
    }
    Ok(store)
}

pub fn server_name(addr: &str) -> Result<ServerName<'static>> {
    let host = addr
        .rsplit_once(':')
        .map_or(addr, |(h, _)| h)
        .trim_start_matches('[')
        .trim_end_matches(']');
    ServerName::try_from(host.to_owned())
        .map_err(|e| ClusterError::Config(format!("`{host}` is not a valid TLS server name: {e}")))
}
