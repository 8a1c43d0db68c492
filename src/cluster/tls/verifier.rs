//! The server-certificate verifier besides rustls' own, for the two ways Kafka's client settings loosen it:
//! the chain checked against the roots but not the host name (`ssl.endpoint.identification.algorithm=`), or no
//! certificate check at all (`enable.ssl.certificate.verification=false`). Both still check the handshake
//! signatures.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::verify_server_cert_signed_by_trust_anchor;
use rustls::crypto::CryptoProvider;
use rustls::server::ParsedCertificate;
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

#[derive(Debug)]
pub struct Lenient {
    /// The roots the chain must lead to; `None` accepts any certificate (only when the user turned verification off
    /// explicitly).
    roots: Option<RootCertStore>,
    provider: Arc<CryptoProvider>,
}

impl Lenient {
    /// Verifies the certificate chain against `roots` (signatures, validity, server-auth usage) but not that the
    /// certificate names the host: Kafka's empty `ssl.endpoint.identification.algorithm`.
    pub fn chain_only(roots: RootCertStore, provider: Arc<CryptoProvider>) -> Self {
        Lenient {
            roots: Some(roots),
            provider,
        }
    }

    /// Accepts any certificate.
    pub fn none(provider: Arc<CryptoProvider>) -> Self {
        Lenient { roots: None, provider }
    }
}

impl ServerCertVerifier for Lenient {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Some(roots) = &self.roots {
            let cert = ParsedCertificate::try_from(end_entity)?;
            verify_server_cert_signed_by_trust_anchor(
                &cert,
                roots,
                intermediates,
                now,
                self.provider.signature_verification_algorithms.all,
            )?;
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}
