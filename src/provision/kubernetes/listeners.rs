//! The Kafka listener that matches how the environment's clients connect (its `security` block).

use serde_json::{Value, json};

use crate::model::environment::Security;
use crate::model::security::{SaslMechanism, SecurityProtocol};
use crate::provision::kubernetes::error::KubernetesError;

/// One Strimzi listener, derived from `security.protocol` and `security.sasl.mechanism`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listener {
    pub name: &'static str,
    pub port: u16,
    pub tls: bool,
    /// Strimzi's listener authentication type (`scram-sha-512`, `tls`), if any.
    pub authentication: Option<&'static str>,
}

impl Listener {
    pub fn to_json(&self) -> Value {
        let mut l = json!({"name": self.name, "port": self.port, "type": "internal", "tls": self.tls});
        if let Some(auth) = self.authentication {
            l["authentication"] = json!({"type": auth});
        }
        l
    }
}

/// PLAINTEXT (or none) → `plain` on 9092; SSL → `tls` on 9093 (client certificates when the environment has one);
/// SASL_SSL / SASL_PLAINTEXT with SCRAM-SHA-512 → SCRAM on 9093 with TLS / on 9092 without.
pub fn listener(security: &Security) -> miette::Result<Listener> {
    let protocol = security.protocol.map_or("PLAINTEXT", SecurityProtocol::name);
    let mechanism = security.sasl_mechanism.map(SaslMechanism::name);
    let scram = |tls: bool| -> miette::Result<Listener> {
        match mechanism {
            Some("SCRAM-SHA-512") | None => Ok(Listener {
                name: if tls { "tls" } else { "scram" },
                port: if tls { 9093 } else { 9092 },
                tls,
                authentication: Some("scram-sha-512"),
            }),
            Some(other) => Err(KubernetesError::SaslMechanism {
                mechanism: other.to_string(),
            }
            .into()),
        }
    };
    match protocol {
        "PLAINTEXT" => Ok(Listener {
            name: "plain",
            port: 9092,
            tls: false,
            authentication: None,
        }),
        "SSL" => Ok(Listener {
            name: "tls",
            port: 9093,
            tls: true,
            authentication: security.cert_file.as_ref().map(|_| "tls"),
        }),
        "SASL_SSL" => scram(true),
        "SASL_PLAINTEXT" => scram(false),
        other => Err(KubernetesError::SecurityProtocol {
            protocol: other.to_string(),
        }
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::listener;
    use crate::model::environment::Security;
    use crate::model::security::{SaslMechanism, SecurityProtocol};

    #[test]
    fn protocols_map_to_listeners() {
        let plain = listener(&Security::default()).unwrap();
        assert_eq!(
            (plain.name, plain.port, plain.tls, plain.authentication),
            ("plain", 9092, false, None)
        );
        let sasl_ssl = listener(&Security {
            protocol: Some(SecurityProtocol::SaslSsl),
            sasl_mechanism: Some(SaslMechanism::ScramSha512),
            ..Security::default()
        })
        .unwrap();
        assert_eq!(
            (sasl_ssl.port, sasl_ssl.tls, sasl_ssl.authentication),
            (9093, true, Some("scram-sha-512"))
        );
        let err = listener(&Security {
            protocol: Some(SecurityProtocol::SaslSsl),
            sasl_mechanism: Some(SaslMechanism::Plain),
            ..Security::default()
        })
        .unwrap_err();
        assert!(err.to_string().contains("PLAIN"), "{err}");
    }
}
