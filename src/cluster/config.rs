//! How to reach a cluster: bootstrap addresses, security protocol, SASL, TLS and time-outs. Accepts the standard
//! Kafka client property names (`security.protocol`, `sasl.mechanism`, `ssl.ca.location`, …).

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::cluster::error::{ClusterError, Result};
use crate::model::secret::Secret;
use crate::model::security::names;
pub use crate::model::security::{SaslMechanism, SecurityProtocol};
use crate::model::suggest::closest;

/// An OAUTHBEARER token and its SASL extensions.
#[derive(Debug, Clone)]
pub struct OAuthToken {
    pub value: Secret,
    /// Principal name for messages (the token's subject); never the token itself.
    pub principal: String,
    pub extensions: BTreeMap<String, String>,
}

pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = std::result::Result<OAuthToken, String>> + Send + 'a>>;

/// Supplies OAUTHBEARER tokens; called for every new connection, so an implementation can refresh before
/// expiry (the MSK IAM signer plugs in here).
pub trait TokenProvider: Send + Sync {
    fn token(&self) -> TokenFuture<'_>;
}

#[derive(Clone)]
pub enum SaslCredentials {
    /// PLAIN and SCRAM.
    Password {
        username: String,
        password: Secret,
    },
    OAuth(Arc<dyn TokenProvider>),
}

impl fmt::Debug for SaslCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaslCredentials::Password { username, password } => f
                .debug_struct("Password")
                .field("username", username)
                .field("password", password)
                .finish(),
            SaslCredentials::OAuth(_) => f.write_str("OAuth(<token provider>)"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SaslConfig {
    pub mechanism: SaslMechanism,
    pub credentials: SaslCredentials,
}

impl SaslConfig {
    /// OAUTHBEARER with tokens from `provider`.
    pub fn oauth(provider: impl TokenProvider + 'static) -> Self {
        SaslConfig {
            mechanism: SaslMechanism::OAuthBearer,
            credentials: SaslCredentials::OAuth(Arc::new(provider)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsConfig {
    /// PEM file with the CA certificates to trust; the system roots when absent.
    pub ca_file: Option<PathBuf>,
    /// PEM client certificate chain and private key, for mutual TLS.
    pub cert_file: Option<PathBuf>,
    pub key_file: Option<PathBuf>,
    /// Verify the broker's certificate (chain and host name). On unless explicitly disabled
    /// (`enable.ssl.certificate.verification=false`); off turns off every check, as in librdkafka.
    pub verify: bool,
    /// Check that the certificate names the host connected to. Off only with an empty
    /// `ssl.endpoint.identification.algorithm`, as in Kafka; the chain is still verified then.
    pub verify_hostname: bool,
}

impl Default for TlsConfig {
    fn default() -> Self {
        TlsConfig {
            ca_file: None,
            cert_file: None,
            key_file: None,
            verify: true,
            verify_hostname: true,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub bootstrap: Vec<String>,
    pub protocol: SecurityProtocol,
    pub sasl: Option<SaslConfig>,
    pub tls: TlsConfig,
    pub client_id: String,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    /// How many times a retriable failure is tried again.
    pub retries: u32,
    pub retry_backoff: Duration,
}

impl ClientConfig {
    pub fn new(bootstrap: &str) -> Result<Self> {
        let bootstrap: Vec<String> = bootstrap
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if bootstrap.is_empty() {
            return Err(ClusterError::Config("no bootstrap address given".into()));
        }
        for addr in &bootstrap {
            let port_ok = addr
                .rsplit_once(':')
                .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok());
            if !port_ok {
                return Err(ClusterError::Config(format!(
                    "bootstrap address `{addr}` is not HOST:PORT"
                )));
            }
        }
        Ok(ClientConfig {
            bootstrap,
            protocol: SecurityProtocol::Plaintext,
            sasl: None,
            tls: TlsConfig::default(),
            client_id: "topicctl".into(),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            retries: 5,
            retry_backoff: Duration::from_millis(200),
        })
    }

    /// Apply standard Kafka client properties. Unknown names are an error, with a suggestion.
    pub fn with_properties(mut self, props: &BTreeMap<String, String>) -> Result<Self> {
        let mut mechanism = None;
        let mut username = None;
        let mut password = None;
        for (key, value) in props {
            match key.as_str() {
                "bootstrap.servers" => self.bootstrap = ClientConfig::new(value)?.bootstrap,
                "security.protocol" => {
                    self.protocol = SecurityProtocol::parse(value).ok_or_else(|| {
                        ClusterError::Config(format!(
                            "security.protocol `{value}` is not one of {}",
                            names(&SecurityProtocol::ALL, SecurityProtocol::name)
                        ))
                    })?
                }
                "sasl.mechanism" | "sasl.mechanisms" => {
                    mechanism = Some(SaslMechanism::parse(value).ok_or_else(|| {
                        ClusterError::Config(format!(
                            "sasl.mechanism `{value}` is not one of {}",
                            names(&SaslMechanism::ALL, SaslMechanism::name)
                        ))
                    })?)
                }
                "sasl.username" => username = Some(value.clone()),
                "sasl.password" => password = Some(Secret::new(value.clone())),
                "sasl.jaas.config" => {
                    username = jaas_option(value, "username").or(username);
                    password = jaas_option(value, "password").map(Secret::new).or(password);
                }
                "ssl.ca.location" | "ssl.truststore.location" => self.tls.ca_file = Some(value.into()),
                "ssl.certificate.location" | "ssl.keystore.certificate.location" => {
                    self.tls.cert_file = Some(value.into())
                }
                "ssl.key.location" | "ssl.keystore.key.location" => self.tls.key_file = Some(value.into()),
                "ssl.truststore.type" if value.eq_ignore_ascii_case("PEM") => {}
                "enable.ssl.certificate.verification" => self.tls.verify = parse_bool(key, value)?,
                "ssl.endpoint.identification.algorithm" => self.tls.verify_hostname = parse_identification(value)?,
                "client.id" => self.client_id = value.clone(),
                "request.timeout.ms" | "default.api.timeout.ms" => self.request_timeout = parse_ms(key, value)?,
                "socket.connection.setup.timeout.ms" => self.connect_timeout = parse_ms(key, value)?,
                "retries" => {
                    self.retries = value
                        .parse()
                        .map_err(|_| ClusterError::Config(format!("{key} `{value}` is not a number")))?
                }
                "retry.backoff.ms" => self.retry_backoff = parse_ms(key, value)?,
                other => return Err(ClusterError::Config(unknown_property(other))),
            }
        }
        if let Some(mechanism) = mechanism {
            self.set_sasl(mechanism, username, password)?;
        }
        self.check()?;
        Ok(self)
    }

    /// Authenticate with `mechanism`: with the user name and password when both are given, else (OAUTHBEARER) with
    /// the token provider already set.
    pub fn set_sasl(
        &mut self,
        mechanism: SaslMechanism,
        username: Option<String>,
        password: Option<Secret>,
    ) -> Result<()> {
        let credentials = match (username, password) {
            (Some(username), Some(password)) => SaslCredentials::Password { username, password },
            _ if mechanism == SaslMechanism::OAuthBearer => match &self.sasl {
                Some(existing) => existing.credentials.clone(),
                None => {
                    return Err(ClusterError::Config(
                        "sasl.mechanism OAUTHBEARER needs a token provider (e.g. an MSK environment)".into(),
                    ));
                }
            },
            _ => {
                return Err(ClusterError::Config(format!(
                    "sasl.mechanism {} needs sasl.username and sasl.password",
                    mechanism.name()
                )));
            }
        };
        self.sasl = Some(SaslConfig { mechanism, credentials });
        Ok(())
    }

    /// The protocol and the SASL settings must agree.
    pub fn check(&self) -> Result<()> {
        match (self.protocol.uses_sasl(), &self.sasl) {
            (true, None) => Err(ClusterError::Config(
                "security.protocol SASL_* needs sasl.mechanism, sasl.username and sasl.password".into(),
            )),
            (false, Some(_)) => Err(ClusterError::Config(
                "SASL settings given but security.protocol is not SASL_PLAINTEXT or SASL_SSL".into(),
            )),
            _ => Ok(()),
        }
    }
}

const KNOWN_PROPERTIES: &[&str] = &[
    "bootstrap.servers",
    "security.protocol",
    "sasl.mechanism",
    "sasl.username",
    "sasl.password",
    "sasl.jaas.config",
    "ssl.ca.location",
    "ssl.truststore.location",
    "ssl.certificate.location",
    "ssl.key.location",
    "enable.ssl.certificate.verification",
    "ssl.endpoint.identification.algorithm",
    "client.id",
    "request.timeout.ms",
    "socket.connection.setup.timeout.ms",
    "retries",
    "retry.backoff.ms",
];

fn unknown_property(name: &str) -> String {
    match closest(name, KNOWN_PROPERTIES.iter().copied()) {
        Some(k) => format!("unknown client property `{name}` (did you mean `{k}`?)"),
        None => format!(
            "unknown client property `{name}`; supported: {}",
            KNOWN_PROPERTIES.join(", ")
        ),
    }
}

fn parse_ms(key: &str, value: &str) -> Result<Duration> {
    value
        .parse::<u64>()
        .map(Duration::from_millis)
        .map_err(|_| ClusterError::Config(format!("{key} `{value}` is not a number of milliseconds")))
}

fn parse_bool(key: &str, value: &str) -> Result<bool> {
    match value.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ClusterError::Config(format!("{key} `{value}` is not true or false"))),
    }
}

/// `ssl.endpoint.identification.algorithm`: `https` checks the host name, empty does not (Kafka knows no other).
fn parse_identification(value: &str) -> Result<bool> {
    match value.trim() {
        "" => Ok(false),
        v if v.eq_ignore_ascii_case("https") => Ok(true),
        _ => Err(ClusterError::Config(format!(
            "ssl.endpoint.identification.algorithm `{value}` is not `https` or empty (empty skips only the host-name check)"
        ))),
    }
}

/// Reads `name="value"` out of a JAAS line such as
/// `org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";`.
fn jaas_option(jaas: &str, name: &str) -> Option<String> {
    let start = jaas.find(&format!("{name}=\""))? + name.len() + 2;
    let end = jaas[start..].find('"')?;
    Some(jaas[start..start + end].to_owned())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{ClientConfig, SaslCredentials, SaslMechanism, SecurityProtocol};

    fn props(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn standard_property_names_configure_sasl_ssl() {
        let cfg = ClientConfig::new("a:9092, b:9093")
            .unwrap()
            .with_properties(&props(&[
                ("security.protocol", "SASL_SSL"),
                ("sasl.mechanism", "SCRAM-SHA-512"),
                ("sasl.username", "alice"),
                ("sasl.password", "s3cret"),
                ("ssl.ca.location", "/tmp/ca.pem"),
            ]))
            .unwrap();
        assert_eq!(cfg.bootstrap, ["a:9092", "b:9093"]);
        assert_eq!(cfg.protocol, SecurityProtocol::SaslSsl);
        let sasl = cfg.sasl.as_ref().unwrap();
        assert_eq!(sasl.mechanism, SaslMechanism::ScramSha512);
        assert!(matches!(&sasl.credentials, SaslCredentials::Password { username, .. } if username == "alice"));
        assert!(!format!("{cfg:?}").contains("s3cret"));
    }

    #[test]
    fn empty_identification_algorithm_skips_only_the_host_name_check() {
        let tls = |pairs: &[(&str, &str)]| {
            ClientConfig::new("a:1")
                .unwrap()
                .with_properties(&props(pairs))
                .map(|c| c.tls)
        };
        let default = tls(&[]).unwrap();
        assert!(default.verify && default.verify_hostname);
        let no_name = tls(&[("ssl.endpoint.identification.algorithm", "")]).unwrap();
        assert!(no_name.verify && !no_name.verify_hostname);
        let https = tls(&[("ssl.endpoint.identification.algorithm", "HTTPS")]).unwrap();
        assert!(https.verify && https.verify_hostname);
        let off = tls(&[("enable.ssl.certificate.verification", "false")]).unwrap();
        assert!(!off.verify);
        let err = tls(&[("ssl.endpoint.identification.algorithm", "none")]).unwrap_err();
        assert!(err.to_string().contains("is not `https` or empty"), "{err}");
    }

    #[test]
    fn jaas_config_supplies_credentials() {
        let cfg = ClientConfig::new("a:1")
            .unwrap()
            .with_properties(&props(&[
                ("security.protocol", "SASL_PLAINTEXT"),
                ("sasl.mechanism", "PLAIN"),
                (
                    "sasl.jaas.config",
                    r#"x.PlainLoginModule required username="bob" password="pw";"#,
                ),
            ]))
            .unwrap();
        assert!(
            matches!(&cfg.sasl.unwrap().credentials, SaslCredentials::Password { username, password } if username == "bob" && password.expose() == "pw")
        );
    }

    #[test]
    fn unknown_property_suggests_the_close_one() {
        let err = ClientConfig::new("a:1")
            .unwrap()
            .with_properties(&props(&[("sasl.mechansim", "PLAIN")]))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid client configuration: unknown client property `sasl.mechansim` (did you mean `sasl.mechanism`?)"
        );
    }

    #[test]
    fn bad_bootstrap_and_inconsistent_security_are_errors() {
        assert!(ClientConfig::new("").is_err());
        assert!(ClientConfig::new("localhost").is_err());
        let err = ClientConfig::new("a:1")
            .unwrap()
            .with_properties(&props(&[("security.protocol", "SASL_SSL")]))
            .unwrap_err();
        assert!(err.to_string().contains("needs sasl.mechanism"), "{err}");
    }
}
