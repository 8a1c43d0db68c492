//! TLS with rustls and a pure-Rust crypto provider (RustCrypto): no C code. Verification is on unless the user
//! explicitly turns it off; the system roots are trusted when no CA file is given.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use tokio_rustls::TlsConnector;

use crate::cluster::config::TlsConfig;
use crate::cluster::error::{ClusterError, Result};

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls_rustcrypto::provider())
}

fn config_error(what: &str, path: &std::path::Path, err: impl std::fmt::Display) -> ClusterError {
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
    let builder = if cfg.verify {
        builder.with_root_certificates(roots(cfg)?)
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoVerification(provider)))
    };
    let config = match (&cfg.cert_file, &cfg.key_file) {
        (Some(cert), Some(key)) => {
            let chain = CertificateDer::pem_file_iter(cert)
                .and_then(|it| it.collect::<std::result::Result<Vec<_>, _>>())
                .map_err(|e| config_error("client certificate", cert, e))?;
            let key = PrivateKeyDer::from_pem_file(key).map_err(|e| config_error("client key", key, e))?;
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

fn roots(cfg: &TlsConfig) -> Result<RootCertStore> {
    let mut store = RootCertStore::empty();
    match &cfg.ca_file {
        Some(path) => {
            let certs = CertificateDer::pem_file_iter(path)
                .and_then(|it| it.collect::<std::result::Result<Vec<_>, _>>())
                .map_err(|e| config_error("CA file", path, e))?;
            if certs.is_empty() {
                return Err(config_error("CA file", path, "no PEM certificate in it"));
            }
            for cert in certs {
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

/// Accepts any certificate: only when the user turned verification off explicitly.
#[derive(Debug)]
struct NoVerification(Arc<CryptoProvider>);

impl ServerCertVerifier for NoVerification {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
