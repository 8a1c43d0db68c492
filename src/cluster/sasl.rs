//! SASL authentication on a fresh connection: `SaslHandshake`, then `SaslAuthenticate` rounds for PLAIN,
//! SCRAM-SHA-256/512 and OAUTHBEARER (tokens from a `TokenProvider`). Secrets never enter an error message.
//! The exchange runs over any [`SaslTransport`] (a broker connection implements it), so this module does not
//! depend on the connection.

use std::future::Future;

use bytes::Bytes;
use kafka_protocol::messages::{
    SaslAuthenticateRequest, SaslAuthenticateResponse, SaslHandshakeRequest, SaslHandshakeResponse,
};
use kafka_protocol::protocol::StrBytes;

use crate::cluster::config::{SaslConfig, SaslCredentials, SaslMechanism};
use crate::cluster::error::{ClusterError, Result};
use crate::cluster::scram::ScramClient;

/// What SASL needs of a connection: where it goes (for messages) and a way to send the two SASL requests.
pub trait SaslTransport: Sync {
    fn addr(&self) -> &str;

    fn handshake(&self, request: SaslHandshakeRequest) -> impl Future<Output = Result<SaslHandshakeResponse>> + Send;

    fn authenticate(
        &self,
        request: SaslAuthenticateRequest,
    ) -> impl Future<Output = Result<SaslAuthenticateResponse>> + Send;
}

pub async fn authenticate(conn: &impl SaslTransport, sasl: &SaslConfig) -> Result<()> {
    let mechanism = sasl.mechanism.name();
    let user = match &sasl.credentials {
        SaslCredentials::Password { username, .. } => username.clone(),
        SaslCredentials::OAuth(_) => "(token)".to_owned(),
    };
    let fail = |message: String| ClusterError::Authentication {
        addr: conn.addr().to_owned(),
        mechanism: mechanism.to_owned(),
        user: user.clone(),
        message,
    };
    let handshake = conn
        .handshake(SaslHandshakeRequest::default().with_mechanism(StrBytes::from_static_str(mechanism)))
        .await?;
    if handshake.error_code != 0 {
        let offered: Vec<&str> = handshake.mechanisms.iter().map(|m| m.as_str()).collect();
        return Err(fail(format!(
            "the listener does not enable {mechanism}; it offers {}",
            offered.join(", ")
        )));
    }
    match (&sasl.credentials, sasl.mechanism) {
        (SaslCredentials::Password { username, password }, SaslMechanism::Plain) => {
            let message = format!("\0{username}\0{}", password.expose());
            step(conn, message.into_bytes(), &fail).await?;
        }
        (SaslCredentials::Password { username, password }, SaslMechanism::Scram(kind)) => {
            let mut scram = ScramClient::new(kind, username, password.expose());
            let server_first = step(conn, scram.client_first().into_bytes(), &fail).await?;
            let server_first = String::from_utf8_lossy(&server_first).into_owned();
            let client_final = scram
                .handle_server_first(&server_first)
                .map_err(|e| fail(e.to_string()))?;
            let server_final = step(conn, client_final.into_bytes(), &fail).await?;
            scram
                .verify_server_final(&String::from_utf8_lossy(&server_final))
                .map_err(|e| fail(e.to_string()))?;
        }
        (SaslCredentials::OAuth(provider), SaslMechanism::OAuthBearer) => {
            let token = provider
                .token()
                .await
                .map_err(|e| fail(format!("the token provider failed: {e}")))?;
            let mut message = format!("n,,\x01auth=Bearer {}\x01", token.value.expose());
            for (key, value) in &token.extensions {
                message.push_str(&format!("{key}={value}\x01"));
            }
            message.push('\x01');
            let challenge = step(conn, message.into_bytes(), &fail).await?;
            if !challenge.is_empty() {
                // RFC 7628 §3.2.2: a refused token gets an error challenge (JSON, e.g. `{"status":"invalid_token"}`);
                // the client answers %x01 and the broker then ends the exchange with the failure.
                let refusal = String::from_utf8_lossy(&challenge).into_owned();
                step(conn, vec![0x01], &fail).await?;
                return Err(fail(format!(
                    "the broker refused the token of `{}`: {refusal}",
                    token.principal
                )));
            }
        }
        (_, mechanism) => {
            return Err(fail(format!(
                "{} needs {} credentials",
                mechanism.name(),
                if mechanism == SaslMechanism::OAuthBearer {
                    "token"
                } else {
                    "user name and password"
                }
            )));
        }
    }
    Ok(())
}

async fn step(conn: &impl SaslTransport, auth_bytes: Vec<u8>, fail: &impl Fn(String) -> ClusterError) -> Result<Bytes> {
    let response = conn
        .authenticate(SaslAuthenticateRequest::default().with_auth_bytes(Bytes::from(auth_bytes)))
        .await
        .map_err(|e| match e {
            ClusterError::ConnectionLost { message, .. } => {
                fail(format!("the broker closed the connection ({message})"))
            }
            other => other,
        })?;
    if response.error_code != 0 {
        let message = response
            .error_message
            .map(|m| m.to_string())
            .unwrap_or_else(|| format!("error code {}", response.error_code));
        return Err(fail(message));
    }
    Ok(response.auth_bytes)
}
